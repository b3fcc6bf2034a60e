import { Command, CommanderError } from 'commander';
import { EXIT, toolVersion } from './commands/exit.js';

interface CommandEntry {
  name: string;
  /** the command's line in `vardval --help` */
  summary: string;
  load: () => Promise<Command>;
  /**
   * The module of the command's run, imported before the config is read when the command runs
   * (not for its help): loading the run's module graph first, in one import, measured 20-30 ms
   * less than letting the config loader's and the run's imports interleave.
   */
  run?: () => Promise<unknown>;
}

/**
 * Commands register here; each lives in its own file under commands/. A command's module is
 * imported only when that command runs or its help is asked for: the modules pull in the rule
 * loader, zod and yaml, and `vardval --help` / `--version` must start fast for scripts that call
 * them often (measured: about 0.1 s instead of 0.26 s). calc, payout and report go further: their
 * module holds only the options, and the run lives in x-run.ts, imported when the command runs,
 * so their --help and usage errors start in 0.08-0.10 s too. Add an entry like:
 *   { name: 'x', summary: '…', load: async () => (await import('./commands/x.js')).xCommand() },
 */
const COMMANDS: CommandEntry[] = [
  {
    name: 'calc',
    summary: 'payment basis and deduction report for the physiotherapy clinics',
    load: async () => (await import('./commands/calc.js')).calcCommand(),
    run: () => import('./commands/calc-run.js'),
  },
  { name: 'rules', summary: 'list, show, validate, diff and test the FFU rule files', load: async () => (await import('./commands/rules.js')).rulesCommand() },
  {
    name: 'explain',
    summary: 'the derivation of every amount of one clinic, with the parameters read',
    load: async () => (await import('./commands/explain.js')).explainCommand(),
  },
  {
    name: 'compare',
    summary: 'the same activity under two FFU years or a scenario, per clinic',
    load: async () => (await import('./commands/compare.js')).compareCommand(),
  },
  {
    name: 'payout',
    summary: 'the payout file of one payment month: one row per clinic',
    load: async () => (await import('./commands/payout.js')).payoutCommand(),
    run: () => import('./commands/payout-run.js'),
  },
  {
    name: 'report',
    summary: 'the monthly report: one HTML page with totals, charts and a specification per unit',
    load: async () => (await import('./commands/report.js')).reportCommand(),
    run: () => import('./commands/report-run.js'),
  },
  {
    name: 'config',
    summary: 'the effective settings (config file, environment, defaults) and where each comes from',
    load: async () => (await import('./commands/config.js')).configCommand(),
  },
  {
    name: 'check',
    summary: 'regression check against a stored payment basis / deduction report (exit 1 on a difference)',
    load: async () => (await import('./commands/check.js')).checkCommand(),
  },
];

/** The value of the top-level `--config FILE` (or `--config=FILE`), wherever it stands. */
function configArg(args: readonly string[]): string | undefined {
  let file: string | undefined;
  args.forEach((a, i) => {
    if (a === '--config') file = args[i + 1];
    else if (a.startsWith('--config=')) file = a.slice('--config='.length);
  });
  return file;
}

/** The command the arguments ask for (`vardval help calc` asks for calc); of the top-level options only --config takes a value. */
const words = (args: readonly string[]): string[] => args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--config');

function requestedCommand(args: readonly string[]): string | undefined {
  const w = words(args);
  return w[0] === 'help' ? w[1] : w[0];
}

/** Help must show even when the config file is broken, so the config is read only for a run. */
const asksForHelp = (args: readonly string[]): boolean => args.some((a) => a === '--help' || a === '-h') || words(args)[0] === 'help';

export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('vardval')
    .description("Reimbursement calculator for Region Värmland's vårdval (physiotherapy)")
    .version(toolVersion().version, '-V, --version')
    .option('--config <FILE>', `the config file (default: ${'vardval.config.yaml'} in the working directory or its parents; VARDVAL_CONFIG)`)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const args = argv.slice(2);
  const wanted = requestedCommand(args);
  for (const entry of COMMANDS) {
    // the commands not asked for only need their name and summary, for the list in --help
    const cmd = entry.name === wanted ? await entry.load() : new Command(entry.name);
    if (entry.name === wanted && entry.name !== 'config' && !asksForHelp(args)) {
      await entry.run?.();
      // the one place where the config file and VARDVAL_* reach the options of every command
      const [{ loadSettings }, { applySettings }] = await Promise.all([import('./app/config.js'), import('./commands/settings.js')]);
      applySettings(cmd, await loadSettings({ ...(configArg(args) ? { configFile: configArg(args) } : {}) }));
    }
    program.addCommand(cmd.summary(entry.summary).exitOverride());
  }
  program.addHelpText(
    'after',
    `
Examples:
  vardval calc --year 2026 --clinics fixtures/clinics.csv fixtures/exports/
  vardval calc --help`,
  );
  return program;
}

/** A stack trace only when asked for (VARDVAL_DEBUG=1): users get one line, developers the trace. */
function debugging(): boolean {
  const v = process.env.VARDVAL_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

/**
 * One line on stderr for every failure: an input or rule error and an environment failure
 * (permissions, full disk, a busy output directory) exit 2; anything else is a bug and exits 70.
 * Every line passes the identity-number mask.
 */
export async function reportFailure(e: unknown): Promise<void> {
  const [{ InputError, environmentErrorOf }, { RuleError }, { maskPatientIds }] = await Promise.all([
    import('./input/errors.js'),
    import('./rules/ruleset.js'),
    import('./input/patient-id.js'),
  ]);
  const trace = debugging() && e instanceof Error && e.stack ? `\n${maskPatientIds(e.stack)}` : '';
  if (e instanceof InputError || e instanceof RuleError) {
    process.stderr.write(`vardval: error: ${maskPatientIds(e.message)}${trace}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  const env = environmentErrorOf(e);
  if (env) {
    process.stderr.write(`vardval: error: ${maskPatientIds(env.message)}${trace}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  const what = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]!.slice(0, 300)}` : String(e).slice(0, 300);
  process.stderr.write(
    `vardval: internal error (this is a bug, exit ${EXIT.bug}; please report it with the command line): ${maskPatientIds(what)}` +
      `${trace || '\n  (set VARDVAL_DEBUG=1 for the stack trace)'}\n`,
  );
  process.exitCode = EXIT.bug;
}

export async function main(argv: string[]): Promise<void> {
  // a full disk or a closed pipe on stdout (`--out -`, `> file`) is an environment failure, not a crash
  process.stdout.on('error', (e) => {
    void reportFailure(e).then(() => process.exit(process.exitCode));
  });
  let program: Command;
  try {
    program = await buildProgram(argv);
  } catch (e) {
    await reportFailure(e);
    return;
  }
  try {
    await program.parseAsync(argv);
    process.exitCode = process.exitCode ?? EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; every other commander error is a usage error
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    await reportFailure(e);
  }
}
