import { Command, Option } from 'commander';
import { CSV_DIALECTS, type CsvDialect } from '../output/csv.js';
import type { Locale } from '../output/locale.js';
import { addAckOptions, addRuleOptions, addThreadsOption, localeOption, type AckOptions, type RuleOptions } from './common.js';

/** What payout and report read: the payment month, the rules, the inputs, strictness, acknowledgements. */
export interface PaymentMonthOptions extends RuleOptions, AckOptions {
  month: string;
  clinics: string;
  inputFormat?: string;
  strict: boolean;
  out?: string;
  quiet?: boolean;
  threads?: string;
}

export interface PayoutOptions extends PaymentMonthOptions {
  format: 'csv' | 'json';
  csvDialect: CsvDialect;
  locale?: Locale;
  xlsx?: string;
}

/** The options of PaymentMonthOptions, for payout and report; `-q` is added by the caller, last in the help. */
export function addPaymentMonthOptions(cmd: Command, help: { rejected: string; out: string }): Command {
  cmd.requiredOption('--month <YYYY-MM>', 'the payment month (the activity month is the month before)');
  addRuleOptions(cmd, { yearRequired: false });
  cmd
    .requiredOption('--clinics <FILE>', 'clinic register CSV (clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists)')
    .option('--input-format <NAME|FILE>', 'force a format profile (default: recognised from the header)')
    .option('--no-strict', `skip rejected rows (${help.rejected}) instead of stopping at the first one with exit 2`)
    .option('--out <FILE>', `where to write ${help.out}`);
  return addThreadsOption(cmd);
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
  cmd.action(async (args: string[], o: PayoutOptions) => (await import('./payout-run.js')).payoutRun(cmd, args, o));
  return cmd;
}
