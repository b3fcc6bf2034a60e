import { Command, Option } from 'commander';
import { readBaseline } from '../app/baseline.js';
import { checkHeaders, compareWithBaseline, knownColumns } from '../app/regression.js';
import { runCalc, type CalcResult } from '../app/run-calc.js';
import { type Decimal, parseDecimalLiteral } from '../model/decimal.js';
import { InputError } from '../input/errors.js';
import { expandInputs } from '../input/expand.js';
import { maskPatientIds, maskedJson } from '../input/patient-id.js';
import { styleFor } from '../output/style.js';
import { differenceCounts, renderCheckOutcome } from '../output/check-report.js';
import type { CheckResultJson } from '../output/json-schemas.js';
import type { Locale } from '../output/locale.js';
import type { RuleSet } from '../rules/ruleset.js';
import { calculateToDir } from './calc-run.js';
import {
  EXIT,
  addInputOptions,
  localeOption,
  addRuleOptions,
  collect,
  calcInputFrom,
  loadRules,
  startProgress,
  toolVersion,
  type InputOptions,
  type RuleOptions,
} from './common.js';
import { startReading } from './start-reading.js';

interface CheckOptions extends RuleOptions, InputOptions {
  baseline: string;
  tolerance: string;
  ignoreColumn: string[];
  format: 'table' | 'json';
  locale?: Locale;
  out?: string;
  quiet?: boolean;
}

function parseTolerance(v: string): Decimal {
  const d = parseDecimalLiteral(v);
  if (!d || d.isNegative() || d.decimalPlaces() > 2)
    throw new InputError('--tolerance', `expected an amount in kronor with at most two decimals, like 0 or 0.50, got '${v}'`);
  return d;
}

async function recompute(rules: RuleSet, files: string[], o: CheckOptions): Promise<CalcResult> {
  // with --out the recomputed reports are kept (to inspect a failure, or as the next baseline)
  if (o.out) return calculateToDir(rules, files, { ...o, out: o.out, csvDialect: 'machine', format: 'table' });
  const progress = startProgress(files, o.quiet);
  try {
    return await runCalc({
      rules,
      ...(await calcInputFrom(files, o)),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
  } finally {
    progress.done();
  }
}

export function checkCommand(): Command {
  const cmd = new Command('check')
    .summary('regression check: recompute and compare with a stored payment basis / deduction report (exit 1 on a difference)')
    .description(
      'Recomputes the payment basis and the deduction report from the same inputs as calc and compares them with a stored ' +
        "baseline (a previous run or finance's signed figures), per clinic (and activity month) and column. Exit 0 when they " +
        'match, 1 with a diff (clinic, column, baseline, now, delta) when they do not, 2 when the baseline cannot be compared ' +
        '(unreadable, or a column renamed, missing or reordered).',
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv"')
    .requiredOption('--baseline <DIR|FILE>', 'a directory with payment-basis.csv and/or deductions.csv, or one such file')
    .option('--tolerance <KR>', 'money may differ by at most this many kronor (other numbers and text must be equal)', '0')
    .option('--ignore-column <NAME>', 'do not compare this column (repeatable), e.g. assumed_parameters', collect, []);
  addRuleOptions(cmd, { yearRequired: false });
  addInputOptions(cmd);
  cmd
    .addOption(
      new Option('--format <FORMAT>', 'stdout: a readable diff or the same diff as JSON (schemas/check-result.schema.json)')
        .choices(['table', 'json'])
        .default('table'),
    )
    .addOption(localeOption())
    .option('--out <DIR>', 'also write the recomputed payment-basis.csv, deductions.csv, accounting.csv and rejects.csv here')
    .option('-q, --quiet', 'no progress or notes on stderr', false);
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval check --year 2025 --clinics fixtures/archive-2025/clinics.csv --baseline fixtures/archive-2025/signed fixtures/archive-2025/exports/
  vardval check --year 2025 --clinics fixtures/archive-2025/clinics.csv --baseline signed/payment-basis.csv --tolerance 1 fixtures/archive-2025/exports/
  vardval check --year 2025 --clinics fixtures/archive-2025/clinics.csv --baseline fixtures/archive-2025/signed --format json fixtures/archive-2025/exports/ > diff.json`,
  );
  cmd.action(async (args: string[], o: CheckOptions) => {
    startReading(args, o);
    const tolerance = parseTolerance(o.tolerance);
    const known = knownColumns();
    for (const c of o.ignoreColumn) if (!known.has(c)) throw new InputError('--ignore-column', `'${c}' is not a column of payment-basis.csv or deductions.csv`);
    const rules = await loadRules(o);
    const baseline = readBaseline(o.baseline);
    checkHeaders(baseline);
    const files = expandInputs(args);
    const result = await recompute(rules, files, o);
    const outcome = compareWithBaseline(result, baseline, tolerance, new Set(o.ignoreColumn));
    if (!o.quiet)
      for (const b of outcome.baseline)
        if (b.added_columns.length > 0)
          process.stderr.write(
            `note: ${maskPatientIds(b.file)} predates the column${b.added_columns.length === 1 ? '' : 's'} ${b.added_columns.join(', ')}: not compared\n`,
          );
    const json = (): CheckResultJson => ({ tool: toolVersion(), ...outcome, groups: differenceCounts(outcome.differences) });
    if (o.format === 'json') process.stdout.write(`${maskedJson(json())}\n`);
    // the baseline is text from outside: an identity number in it is masked like any input
    else process.stdout.write(maskPatientIds(renderCheckOutcome(outcome, styleFor(process.stdout), o.locale)));
    if (!outcome.ok) process.exitCode = EXIT.checkFailed;
  });
  return cmd;
}
