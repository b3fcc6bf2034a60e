import { Command, CommanderError } from 'commander';
import { InputError } from './input/errors.js';
import { RuleError } from './rules/ruleset.js';
import { calcCommand } from './commands/calc.js';
import { EXIT, toolVersion } from './commands/common.js';
import { maskPatientIds } from './input/patient-id.js';

/** Commands register here; each lives in its own file under commands/. */
const COMMANDS: (() => Command)[] = [calcCommand];

export function buildProgram(): Command {
  const program = new Command('vardval')
    .description('Reimbursement calculator for Region Värmland\'s vårdval (physiotherapy)')
    .version(toolVersion().version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const make of COMMANDS) program.addCommand(make().exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    process.exitCode = process.exitCode ?? EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; every other commander error is a usage error
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (e instanceof InputError || e instanceof RuleError) {
      process.stderr.write(`vardval: error: ${maskPatientIds(e.message)}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stderr.write(`vardval: internal error: ${maskPatientIds(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
    process.exitCode = EXIT.usage;
  }
}
