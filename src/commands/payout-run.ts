import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { payoutJson, payoutMonths, payoutSummary, runPayout, type PayoutResult, type PayoutSpan } from '../app/payout.js';
import { InputError } from '../input/errors.js';
import { listInputs } from '../input/expand.js';
import { formatMoney, type Decimal } from '../model/decimal.js';
import { writeFileAtomic } from '../output/atomic.js';
import { changesMoney, renderCompleteness } from '../output/completeness.js';
import { toCsv } from '../output/csv.js';
import { formatKronor, type Locale } from '../output/locale.js';
import { PAYMENT_COLUMNS } from '../output/report.js';
import { printable } from '../output/summary.js';
import { acknowledgementsOf, forcedProfile, loadRules, startProgress, threadsOf, toolVersion } from './common.js';
import type { PaymentMonthOptions, PayoutOptions } from './payout.js';
import { outFile } from './settings.js';
import { startReading } from './start-reading.js';

/*
 * The run of `vardval payout` (and the steps `vardval report` shares with it), apart from the
 * options (payout.ts): imported in one import when a run starts, so that `payout --help` and a
 * usage error load none of it.
 */

/** Runs the calculation of a payment month from the command's options (rules of the activity month's year). */
export async function payoutFromOptions(args: string[], o: PaymentMonthOptions, span?: PayoutSpan): Promise<PayoutResult> {
  const months = payoutMonths(o.month);
  if (o.year !== undefined && o.year !== months.year)
    throw new InputError(
      '--year',
      `payment month ${months.paymentMonth} pays activity month ${months.activityMonth}, computed with the rules of ${months.year}, not --year ${o.year}`,
    );
  const rules = await loadRules({ ...o, year: o.rules ? o.year : months.year });
  if (rules.year !== months.year)
    throw new InputError(
      '--rules',
      `${o.rules} is for ${rules.year}, but payment month ${months.paymentMonth} pays activity month ${months.activityMonth}, computed with the rules of ${months.year}`,
    );
  const { files, skipped } = listInputs(args);
  const progress = startProgress(files, o.quiet);
  const profile = await forcedProfile(o);
  try {
    return await runPayout(
      rules,
      months,
      {
        registerFile: o.clinics,
        inputs: files,
        strict: o.strict,
        ...threadsOf(o),
        skippedFiles: skipped,
        acknowledgements: await acknowledgementsOf(o),
        ...(profile ? { forcedProfile: profile } : {}),
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      },
      span,
    );
  } finally {
    progress.done();
  }
}

/** Writes a command's document to `out` (atomically: a temporary file renamed when complete), or to stdout for `-`. */
export function writeDocument(out: string, text: string | Uint8Array): void {
  if (out === '-') process.stdout.write(text);
  else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileAtomic(out, text);
  }
}

/** The payout's notes and summary for stderr: rejected rows, assumed parameters, clinics, total, negative nets, the change against the previous month. */
export function renderPayoutSummary(result: PayoutResult, writtenTo: string | undefined, locale: Locale = 'en'): string {
  const { months } = result;
  const s = payoutSummary(result);
  const kr = (d: Decimal): string => formatKronor(formatMoney(d), locale);
  const out: string[] = [];
  const rejected = Object.entries(result.calc.total.rejected).sort(([a], [b]) => a.localeCompare(b));
  if (rejected.length > 0)
    out.push(
      `warning: ${rejected.reduce((n, [, k]) => n + k, 0)} rejected rows skipped (${rejected.map(([k, n]) => `${k} ${n}`).join(', ')}); vardval calc lists them in rejects.csv`,
    );
  const assumed = [...new Set(result.lines.flatMap((l) => (l.assumed === '' ? [] : l.assumed.split(' '))))].sort();
  if (assumed.length > 0) out.push(`note: the amounts depend on assumed parameters (confirm before money moves): ${assumed.join(', ')}`);
  out.push(
    `Payment month ${months.paymentMonth} (activity ${months.activityMonth}${result.settlesDeductions ? ", with the year's final deductions" : ''}): ` +
      `${s.clinics} clinics, net ${kr(s.netPayment)}${writtenTo === undefined ? '' : `, written to ${writtenTo}`}`,
  );
  const p = s.previous;
  out.push(
    'missing' in p
      ? `  no change against activity month ${p.activityMonth}: ${p.missing}`
      : `  change against payment month ${p.paymentMonth} (activity ${p.activityMonth}): ${p.change.isNegative() ? '' : '+'}${kr(p.change)} (then ${kr(p.netPayment)}, ${p.clinics} clinics)`,
  );
  if (s.negative.length > 0)
    out.push(
      `  ${s.negative.length} ${s.negative.length === 1 ? 'unit has' : 'units have'} a negative net (a claim on the unit): ` +
        s.negative.map((n) => `${n.clinicId} ${printable(n.clinicName)} ${kr(n.netPayment)}`).join(', '),
    );
  return `${out.join('\n')}\n`;
}

/** Unknown clinic ids, files not read, acknowledgements: named on stderr, even with -q when they change money. */
export function writeCompleteness(result: PayoutResult, quiet: boolean | undefined): void {
  const block = renderCompleteness(result.calc.completeness, { wholeYear: result.settlesDeductions, csv: false });
  if (block && (!quiet || changesMoney(result.calc.completeness))) process.stderr.write(block);
}

/** `vardval payout FILES…` with its options. */
export async function payoutRun(cmd: Command, args: string[], o: PayoutOptions): Promise<void> {
  startReading(args, o);
  const result = await payoutFromOptions(args, o);
  const text =
    o.format === 'json' ? `${JSON.stringify(payoutJson(result, toolVersion(), o.strict), null, 2)}\n` : toCsv(PAYMENT_COLUMNS, result.lines, o.csvDialect);
  const out = outFile(cmd, o.out, `payout-${result.months.paymentMonth}.${o.format}`);
  const workbook = o.xlsx
    ? await (await import('../output/xlsx.js')).payoutWorkbook(result.months.paymentMonth, result.lines, result.calc.rules, toolVersion())
    : undefined;
  writeDocument(out, text);
  if (workbook) writeDocument(o.xlsx!, workbook);
  writeCompleteness(result, o.quiet);
  if (o.quiet) return;
  process.stderr.write(renderPayoutSummary(result, out === '-' ? undefined : out, o.locale));
  if (o.xlsx) process.stderr.write(`  the workbook: ${o.xlsx}\n`);
}
