import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { payoutJson, payoutMonths, runPayout } from '../app/payout.js';
import { InputError } from '../input/errors.js';
import { listInputs } from '../input/expand.js';
import { changesMoney, renderCompleteness } from '../output/completeness.js';
import { writeFileAtomic } from '../output/atomic.js';
import { CSV_DIALECTS, toCsv, type CsvDialect } from '../output/csv.js';
import { PAYMENT_COLUMNS } from '../output/report.js';
import { acknowledgementsOf, addAckOptions, addRuleOptions, forcedProfile, type AckOptions, loadRules, startProgress, toolVersion, type RuleOptions } from './common.js';

interface PayoutOptions extends RuleOptions, AckOptions {
  month: string;
  clinics: string;
  inputFormat?: string;
  strict: boolean;
  out?: string;
  format: 'csv' | 'json';
  csvDialect: CsvDialect;
  quiet?: boolean;
}

export function payoutCommand(): Command {
  const cmd = new Command('payout')
    .summary('the payout file of one payment month: one row per clinic')
    .description(
      'Writes the payout of one payment month (utbetalningsmånad): the payment-basis rows of the activity month ' +
        'before it, one row per clinic, with the same columns as payment-basis.csv. --month is the payment month; ' +
        'the rules are those of the activity month\'s year (payment month 2027-01 pays December 2026 under the 2026 rules). ' +
        'A payment month of January settles the year\'s deductions and needs the exports of the whole year.',
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv" (a whole year is fine: other months are skipped)')
    .requiredOption('--month <YYYY-MM>', 'the payment month (the activity month is the month before)');
  addRuleOptions(cmd, { yearRequired: false });
  cmd
    .requiredOption('--clinics <FILE>', 'clinic register CSV (clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists)')
    .option('--input-format <NAME|FILE>', 'force a format profile (default: recognised from the header)')
    .option('--no-strict', 'skip rejected rows (counted on stderr) instead of stopping at the first one with exit 2')
    .option('--out <FILE>', 'where to write the payout; - = stdout (default: out/payout-<month>.csv or .json)')
    .addOption(new Option('--format <FORMAT>', 'csv or json (schemas/payout.schema.json)').choices(['csv', 'json']).default('csv'))
    .addOption(new Option('--csv-dialect <DIALECT>', 'machine: comma, decimal point, UTF-8; excel-sv: semicolon, decimal comma, BOM').choices(CSV_DIALECTS as string[]).default('machine'))
    .option('-q, --quiet', 'no progress or notes on stderr', false);
  addAckOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  vardval payout --month 2026-03 --clinics fixtures/clinics.csv fixtures/exports/
  vardval payout --year 2026 --month 2026-03 --clinics fixtures/clinics.csv --out - fixtures/exports/ > payout-2026-03.csv
  vardval payout --month 2027-01 --clinics fixtures/clinics.csv --format json --out - fixtures/exports/ > payout-2027-01.json`);
  cmd.action(async (args: string[], o: PayoutOptions) => {
    const months = payoutMonths(o.month);
    if (o.year !== undefined && o.year !== months.year)
      throw new InputError('--year', `payment month ${months.paymentMonth} pays activity month ${months.activityMonth}, computed with the rules of ${months.year}, not --year ${o.year}`);
    const rules = loadRules({ ...o, year: o.rules ? o.year : months.year });
    if (rules.year !== months.year)
      throw new InputError('--rules', `${o.rules} is for ${rules.year}, but payment month ${months.paymentMonth} pays activity month ${months.activityMonth}, computed with the rules of ${months.year}`);
    const { files, skipped } = listInputs(args);
    const progress = startProgress(files, o.quiet);
    const profile = forcedProfile(o);
    let result;
    try {
      result = await runPayout(rules, months, {
        registerFile: o.clinics,
        inputs: files,
        strict: o.strict,
        skippedFiles: skipped,
        acknowledgements: acknowledgementsOf(o),
        ...(profile ? { forcedProfile: profile } : {}),
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      });
    } finally {
      progress.done();
    }
    const text = o.format === 'json'
      ? JSON.stringify(payoutJson(result, toolVersion(), o.strict), null, 2) + '\n'
      : toCsv(PAYMENT_COLUMNS, result.lines, o.csvDialect);
    const out = o.out ?? `out/payout-${months.paymentMonth}.${o.format}`;
    if (out === '-') process.stdout.write(text);
    else {
      mkdirSync(dirname(out), { recursive: true });
      writeFileAtomic(out, text);
    }
    // unknown clinic ids, files not read, acknowledgements: named even with -q
    const block = renderCompleteness(result.calc.completeness, { wholeYear: result.settlesDeductions, csv: false });
    if (block && (!o.quiet || changesMoney(result.calc.completeness))) process.stderr.write(block);
    if (o.quiet) return;
    const rejected = Object.entries(result.calc.total.rejected).sort(([a], [b]) => a.localeCompare(b));
    if (rejected.length > 0)
      process.stderr.write(`warning: ${rejected.reduce((s, [, n]) => s + n, 0)} rejected rows skipped (${rejected.map(([k, n]) => `${k} ${n}`).join(', ')}); vardval calc lists them in rejects.csv\n`);
    const assumed = [...new Set(result.lines.flatMap((l) => (l.assumed === '' ? [] : l.assumed.split(' '))))].sort();
    if (assumed.length > 0) process.stderr.write(`note: the amounts depend on assumed parameters (confirm before money moves): ${assumed.join(', ')}\n`);
    process.stderr.write(`Payment month ${months.paymentMonth} (activity ${months.activityMonth}${result.settlesDeductions ? ', with the year\'s final deductions' : ''}): ` +
      `${result.lines.length} clinics${out === '-' ? '' : `, written to ${out}`}\n`);
  });
  return cmd;
}
