import { Command, CommanderError } from 'commander';
import { EXIT, toolVersion } from './commands/exit.js';

interface CommandEntry {
  name: string;
  /** the command's line in `vardval --help` */
  summary: string;
  load: () => Promise<Command>;
}

/**
 * Commands register here; each lives in its own file under commands/. A command's module is
 * imported only when that command runs or its help is asked for: the modules pull in the rule
 * loader, zod and yaml, and `vardval --help` / `--version` must start fast for scripts that call
 * them often (measured: about 0.1 s instead of 0.26 s). Add an entry like:
 *   { name: 'x', summary: '…', load: async () => (await import('./commands/x.js')).xCommand() },
 */
const COMMANDS: CommandEntry[] = [
  { name: 'calc', summary: 'payment basis and deduction report for the physiotherapy clinics', load: async () => (await import('./commands/calc.js')).calcCommand() },
  { name: 'rules', summary: 'list, show, validate, diff and test the FFU rule files', load: async () => (await import('./commands/rules.js')).rulesCommand() },
  { name: 'explain', summary: 'the derivation of every amount of one clinic, with the parameters read', load: async () => (await import('./commands/explain.js')).explainCommand() },
  { name: 'compare', summary: 'the same activity under two FFU years or a scenario, per clinic', load: async () => (await import('./commands/compare.js')).compareCommand() },
  { name: 'payout', summary: 'the payout file of one payment month: one row per clinic', load: async () => (await import('./commands/payout.js')).payoutCommand() },
  { name: 'report', summary: 'the monthly report: one HTML page with totals, charts and a specification per unit', load: async () => (await import('./commands/report.js')).reportCommand() },
  { name: 'check', summary: 'regression check against a stored payment basis / deduction report (exit 1 on a difference)', load: async () => (await import('./commands/check.js')).checkCommand() },
];

/** The command the arguments ask for (`vardval help calc` asks for calc); top-level options take no values. */
function requestedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('vardval')
    .description('Reimbursement calculator for Region Värmland\'s vårdval (physiotherapy)')
    .version(toolVersion().version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const wanted = requestedCommand(argv.slice(2));
  for (const entry of COMMANDS) {
    // the commands not asked for only need their name and summary, for the list in --help
    const cmd = entry.name === wanted ? await entry.load() : new Command(entry.name);
    program.addCommand(cmd.summary(entry.summary).exitOverride());
  }
  program.addHelpText('after', `
Examples:
  vardval calc --year 2026 --clinics fixtures/clinics.csv fixtures/exports/
  vardval calc --help`);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
    process.exitCode = process.exitCode ?? EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; every other commander error is a usage error
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    // imported here, not at start-up (see COMMANDS)
    const [{ InputError }, { RuleError }, { maskPatientIds }] = await Promise.all([
      import('./input/errors.js'), import('./rules/ruleset.js'), import('./input/patient-id.js'),
    ]);
    if (e instanceof InputError || e instanceof RuleError) {
      process.stderr.write(`vardval: error: ${maskPatientIds(e.message)}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stderr.write(`vardval: internal error: ${maskPatientIds(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
    process.exitCode = EXIT.usage;
  }
}
