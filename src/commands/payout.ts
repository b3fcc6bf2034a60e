import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import type { PayoutResult, PayoutSpan } from '../app/payout.js';
import { InputError } from '../input/errors.js';
import { writeFileAtomic } from '../output/atomic.js';
import { CSV_DIALECTS, toCsv, type CsvDialect } from '../output/csv.js';
import type { Decimal } from '../model/decimal.js';
import { formatKronor, type Locale } from '../output/locale.js';
import {
  acknowledgementsOf,
  addAckOptions,
  addRuleOptions,
  forcedProfile,
  localeOption,
  type AckOptions,
  loadRules,
  startProgress,
  toolVersion,
  type RuleOptions,
} from './common.js';
import { outFile } from './settings.js';

/** What payout and report read: the payment month, the rules, the inputs, strictness, acknowledgements. */
export interface PaymentMonthOptions extends RuleOptions, AckOptions {
  month: string;
  clinics: string;
  inputFormat?: string;
  strict: boolean;
  out?: string;
  quiet?: boolean;
}

interface PayoutOptions extends PaymentMonthOptions {
  format: 'csv' | 'json';
  csvDialect: CsvDialect;
  locale?: Locale;
  xlsx?: string;
}

/** Runs the calculation of a payment month from the command's options (rules of the activity month's year). */
export async function payoutFromOptions(args: string[], o: PaymentMonthOptions, span?: PayoutSpan): Promise<PayoutResult> {
  // imported when a run needs them, so that `payout --help` and usage errors start fast
  const [{ payoutMonths, runPayout }, { listInputs }] = await Promise.all([import('../app/payout.js'), import('../input/expand.js')]);
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
export async function renderPayoutSummary(result: PayoutResult, writtenTo: string | undefined, locale: Locale = 'en'): Promise<string> {
  const [{ payoutSummary }, { formatMoney }, { printable }] = await Promise.all([
    import('../app/payout.js'),
    import('../model/decimal.js'),
    import('../output/summary.js'),
  ]);
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
export async function writeCompleteness(result: PayoutResult, quiet: boolean | undefined): Promise<void> {
  const { changesMoney, renderCompleteness } = await import('../output/completeness.js');
  const block = renderCompleteness(result.calc.completeness, { wholeYear: result.settlesDeductions, csv: false });
  if (block && (!quiet || changesMoney(result.calc.completeness))) process.stderr.write(block);
}

/** The options of PaymentMonthOptions, for payout and report; `-q` is added by the caller, last in the help. */
export function addPaymentMonthOptions(cmd: Command, help: { rejected: string; out: string }): Command {
  cmd.requiredOption('--month <YYYY-MM>', 'the payment month (the activity month is the month before)');
  addRuleOptions(cmd, { yearRequired: false });
  return cmd
    .requiredOption('--clinics <FILE>', 'clinic register CSV (clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists)')
    .option('--input-format <NAME|FILE>', 'force a format profile (default: recognised from the header)')
    .option('--no-strict', `skip rejected rows (${help.rejected}) instead of stopping at the first one with exit 2`)
    .option('--out <FILE>', `where to write ${help.out}`);
}

export function payoutCommand(): Command {
  const cmd = new Command('payout')
    .summary('the payout file of one payment month: one row per clinic')
    .description(
      'Writes the payout of one payment month (utbetalningsmånad): the payment-basis rows of the activity month ' +
        'before it, one row per clinic, with the same columns as payment-basis.csv. --month is the payment month; ' +
        "the rules are those of the activity month's year (payment month 2027-01 pays December 2026 under the 2026 rules). " +
        "A payment month of January settles the year's deductions and needs the exports of the whole year.",
    )
    .argument(
      '<files...>',
      'export files, directories of .csv files, or quoted patterns like "exports/*.csv" (a whole year is fine: other months are skipped)',
    );
  addPaymentMonthOptions(cmd, { rejected: 'counted on stderr', out: 'the payout; - = stdout (default: out/payout-<month>.csv or .json)' })
    .addOption(new Option('--format <FORMAT>', 'csv or json (schemas/payout.schema.json)').choices(['csv', 'json']).default('csv'))
    .addOption(
      new Option('--csv-dialect <DIALECT>', 'machine: comma, decimal point, UTF-8; excel-sv: semicolon, decimal comma, BOM')
        .choices(CSV_DIALECTS as string[])
        .default('machine'),
    )
    .option('--xlsx <FILE>', 'also write the payout as a workbook for finance (amounts as numbers in kronor format, totals, assumed parameters)')
    .addOption(localeOption())
    .option('-q, --quiet', 'no progress or notes on stderr', false);
  addAckOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval payout --month 2026-03 --clinics fixtures/clinics.csv fixtures/exports/
  vardval payout --year 2026 --month 2026-03 --clinics fixtures/clinics.csv --out - fixtures/exports/ > payout-2026-03.csv
  vardval payout --month 2027-01 --clinics fixtures/clinics.csv --format json --out - fixtures/exports/ > payout-2027-01.json`,
  );
  cmd.action(async (args: string[], o: PayoutOptions) => {
    const result = await payoutFromOptions(args, o);
    const [{ payoutJson }, { PAYMENT_COLUMNS }] = await Promise.all([import('../app/payout.js'), import('../output/report.js')]);
    const text =
      o.format === 'json' ? `${JSON.stringify(payoutJson(result, toolVersion(), o.strict), null, 2)}\n` : toCsv(PAYMENT_COLUMNS, result.lines, o.csvDialect);
    const out = outFile(cmd, o.out, `payout-${result.months.paymentMonth}.${o.format}`);
    const workbook = o.xlsx
      ? await (await import('../output/xlsx.js')).payoutWorkbook(result.months.paymentMonth, result.lines, result.calc.rules, toolVersion())
      : undefined;
    writeDocument(out, text);
    if (workbook) writeDocument(o.xlsx!, workbook);
    await writeCompleteness(result, o.quiet);
    if (o.quiet) return;
    process.stderr.write(await renderPayoutSummary(result, out === '-' ? undefined : out, o.locale));
    if (o.xlsx) process.stderr.write(`  the workbook: ${o.xlsx}\n`);
  });
  return cmd;
}
