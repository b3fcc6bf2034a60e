import { Command } from 'commander';
import type { CalcResult } from '../app/run-calc.js';
import { InputError } from '../input/errors.js';
import type { SkippedFile } from '../model/completeness.js';
import { basename, dirname, resolve } from 'node:path';
import { csvHeader, csvRows, toCsv, type CsvDialect } from '../output/csv.js';
import type { RuleSet } from '../rules/ruleset.js';
import {
  EXIT,
  addInputOptions,
  addOutputOptions,
  addRuleOptions,
  calcInputFrom,
  loadRules,
  startProgress,
  toolVersion,
  type InputOptions,
  type OutputOptions,
  type RuleOptions,
} from './common.js';

export type CalcOptions = RuleOptions & InputOptions & OutputOptions & { xlsx?: string };

/**
 * Runs the calculation and writes payment-basis.csv, deductions.csv, accounting.csv,
 * completeness.csv and rejects.csv to `out` together (or, on failure, not at all).
 */
export async function calculateToDir(rules: RuleSet, files: string[], o: CalcOptions, skipped: readonly SkippedFile[] = []): Promise<CalcResult> {
  // imported when a run needs them, so that `calc --help` and usage errors start fast
  const [{ runCalc }, { AtomicOutputs, writeFileAtomic }, report, { COMPLETENESS_COLUMNS, completenessLines }] = await Promise.all([
    import('../app/run-calc.js'),
    import('../output/atomic.js'),
    import('../output/report.js'),
    import('../output/completeness.js'),
  ]);
  const { ACCOUNTING_COLUMNS, DEDUCTION_COLUMNS, PAYMENT_COLUMNS, PAYMENT_LINE_COLUMNS, REJECT_COLUMNS } = report;
  const outputs = new AtomicOutputs(o.out);
  const dialect: CsvDialect = o.csvDialect;
  const progress = startProgress(files, o.quiet);
  try {
    outputs.write('rejects.csv', csvHeader(REJECT_COLUMNS, dialect));
    const result = await runCalc({
      rules,
      ...(await calcInputFrom(files, o, skipped)),
      onReject: (r) => outputs.append('rejects.csv', csvRows(REJECT_COLUMNS, [r], dialect)),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
    progress.done();
    outputs.write('payment-basis.csv', toCsv(PAYMENT_COLUMNS, report.paymentLines(result), dialect));
    outputs.write('payment-lines.csv', toCsv(PAYMENT_LINE_COLUMNS, report.componentLines(result), dialect));
    outputs.write('deductions.csv', toCsv(DEDUCTION_COLUMNS, report.deductionLines(result), dialect));
    outputs.write('accounting.csv', toCsv(ACCOUNTING_COLUMNS, report.accountingLines(result), dialect));
    outputs.write('completeness.csv', toCsv(COMPLETENESS_COLUMNS, completenessLines(result.completeness), dialect));
    const workbook = o.xlsx ? await (await import('../output/xlsx.js')).calcWorkbook(result, toolVersion()) : undefined;
    // a workbook in the output directory is committed with the CSV files; elsewhere it is renamed into place after them
    const beside = o.xlsx !== undefined && resolve(dirname(o.xlsx)) === resolve(o.out);
    if (workbook && beside) outputs.write(basename(o.xlsx!), workbook);
    outputs.commit();
    if (workbook && !beside) writeFileAtomic(o.xlsx!, workbook);
    return result;
  } catch (e) {
    outputs.abort();
    progress.done();
    throw e;
  }
}

export function calcCommand(): Command {
  const cmd = new Command('calc')
    .summary('payment basis of both vårdval (physiotherapy and vårdcentral) and the physiotherapy deduction report')
    .description(
      'Reads Cosmic and/or Lovisa visit exports and vårdcentral inputs (listing snapshots, CNI table, requisition-drug ' +
        'costs, adjustments; each recognised from its header), applies the rules of --year and writes, per unit, the payment ' +
        'basis of both vårdval (payment-basis.csv: one row per unit and month; payment-lines.csv: one line per component with ' +
        'basis and rate), the physiotherapy deduction report (deductions.csv), accounting.csv (every row accounted for) and ' +
        'rejects.csv (unreadable rows, ids masked).',
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv"');
  addRuleOptions(cmd, { yearRequired: false });
  cmd.option('--compare', 'with --scenario/--set: write comparison.csv (base = the plain rules, alt = with the overlays) instead of the four files', false);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.option(
    '--xlsx <FILE>',
    'also write a workbook for finance: payment-basis, deductions, accounting and assumed parameters, amounts as numbers in kronor format',
  );
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval calc --year 2026 --clinics fixtures/clinics.csv fixtures/exports/
  vardval calc --year 2026 --clinics fixtures/clinics.csv fixtures/exports/ fixtures/listing/
  vardval calc --year 2026 --clinics fixtures/clinics.csv --set physio.unique_patient_deduction_per_patient=800 fixtures/exports/
  vardval calc --year 2026 --clinics fixtures/clinics.csv --scenario rules/scenarios/unique-patient-deduction-800.yaml --compare fixtures/exports/
  vardval calc --year 2026 --clinics fixtures/clinics.csv --format json --out /tmp/run fixtures/exports/ > result.json
  vardval calc --year 2026 --clinics fixtures/clinics.csv --xlsx out/vardval-2026.xlsx fixtures/exports/`,
  );
  cmd.action(async (args: string[], o: CalcOptions & { compare?: boolean }) => {
    const rules = await loadRules(o);
    const { files, skipped } = (await import('../input/expand.js')).listInputs(args);
    if (o.compare) {
      if (o.xlsx) throw new InputError('--xlsx', 'calc --compare writes comparison.csv only; give --xlsx to a plain calc run');
      if (rules.overrides.length === 0) throw new InputError('--compare', 'nothing to compare: give --scenario FILE or --set NAME=VALUE');
      const { compareFiles, emitComparison, plainRules } = await import('./compare.js');
      const c = await compareFiles(await plainRules(o), rules, files, o, rules.year);
      await emitComparison(c, o, 'vardval calc --compare');
      return;
    }
    const result = await calculateToDir(rules, files, o, skipped);
    const [{ resultJson }, { styleFor }, { renderSummary }, { changesMoney, renderCompleteness }] = await Promise.all([
      import('../output/report.js'),
      import('../output/style.js'),
      import('../output/summary.js'),
      import('../output/completeness.js'),
    ]);
    if (o.format === 'json') process.stdout.write(`${JSON.stringify(resultJson(result, toolVersion()), null, 2)}\n`);
    else process.stdout.write(renderSummary(result, styleFor(process.stdout), o.locale));
    // -q does not hide a gap in the input that changes money
    const block = renderCompleteness(result.completeness, { wholeYear: result.period.fromMonth === 1 && result.period.toMonth === 12, csv: true });
    if (block && (!o.quiet || changesMoney(result.completeness))) process.stderr.write(block);
    if (!o.quiet)
      process.stderr.write(
        `Wrote payment-basis.csv, payment-lines.csv, deductions.csv, accounting.csv, completeness.csv, rejects.csv to ${o.out}/${o.xlsx ? ` and the workbook ${o.xlsx}` : ''}\n`,
      );
    // the figures are written, but a result resting on unacknowledged missing input is not "all well"
    if (!result.completeness.complete) process.exitCode = EXIT.checkFailed;
  });
  return cmd;
}
