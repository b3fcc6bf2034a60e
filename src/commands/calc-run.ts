import { basename, dirname, resolve } from 'node:path';
import { runCalc, type CalcResult } from '../app/run-calc.js';
import { InputError } from '../input/errors.js';
import { listInputs } from '../input/expand.js';
import type { SkippedFile } from '../model/completeness.js';
import { AtomicOutputs, writeFileAtomic } from '../output/atomic.js';
import { COMPLETENESS_COLUMNS, changesMoney, completenessLines, renderCompleteness } from '../output/completeness.js';
import { csvHeader, csvRows, toCsv, type CsvDialect } from '../output/csv.js';
import {
  ACCOUNTING_COLUMNS,
  DEDUCTION_COLUMNS,
  PAYMENT_COLUMNS,
  PAYMENT_LINE_COLUMNS,
  REJECT_COLUMNS,
  accountingLines,
  componentLines,
  deductionLines,
  paymentLines,
  resultJson,
} from '../output/report.js';
import { styleFor } from '../output/style.js';
import { renderSummary } from '../output/summary.js';
import type { RuleSet } from '../rules/ruleset.js';
import type { CalcOptions } from './calc.js';
import { EXIT, calcInputFrom, loadRules, startProgress, toolVersion } from './common.js';
import { startReading } from './start-reading.js';

/*
 * The run of `vardval calc`, apart from its options (calc.ts): calc.ts imports this module, with
 * everything a run needs, in one dynamic import when a run starts, so that `calc --help` and a
 * usage error load none of it. One import, not one per module: Node walks the whole module graph
 * of every new dynamic import, and a dozen of them cost a calc run about 30 ms.
 */

/**
 * Runs the calculation and writes payment-basis.csv, deductions.csv, accounting.csv,
 * completeness.csv and rejects.csv to `out` together (or, on failure, not at all).
 */
export async function calculateToDir(rules: RuleSet, files: string[], o: CalcOptions, skipped: readonly SkippedFile[] = []): Promise<CalcResult> {
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
    outputs.write('payment-basis.csv', toCsv(PAYMENT_COLUMNS, paymentLines(result), dialect));
    outputs.write('payment-lines.csv', toCsv(PAYMENT_LINE_COLUMNS, componentLines(result), dialect));
    outputs.write('deductions.csv', toCsv(DEDUCTION_COLUMNS, deductionLines(result), dialect));
    outputs.write('accounting.csv', toCsv(ACCOUNTING_COLUMNS, accountingLines(result), dialect));
    outputs.write('completeness.csv', toCsv(COMPLETENESS_COLUMNS, completenessLines(result.completeness), dialect));
    // the workbook writer (and exceljs) only with --xlsx
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

/** `vardval calc FILES…` with its options. */
export async function calcRun(args: string[], o: CalcOptions & { compare?: boolean }): Promise<void> {
  startReading(args, o);
  const rules = await loadRules(o);
  const { files, skipped } = listInputs(args);
  if (o.compare) {
    if (o.xlsx) throw new InputError('--xlsx', 'calc --compare writes comparison.csv only; give --xlsx to a plain calc run');
    if (rules.overrides.length === 0) throw new InputError('--compare', 'nothing to compare: give --scenario FILE or --set NAME=VALUE');
    const { compareFiles, emitComparison, plainRules } = await import('./compare.js');
    const c = await compareFiles(await plainRules(o), rules, files, o, rules.year);
    emitComparison(c, o, 'vardval calc --compare');
    return;
  }
  const result = await calculateToDir(rules, files, o, skipped);
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
}
