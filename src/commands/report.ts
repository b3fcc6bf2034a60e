import { Command } from 'commander';
import { addAckOptions } from './common.js';
import { addPaymentMonthOptions, type PaymentMonthOptions } from './payout.js';

export function reportCommand(): Command {
  const cmd = new Command('report')
    .summary('the monthly report: one HTML page with totals, charts and a specification per unit')
    .description(
      "Writes the monthly report of one payment month (månadsrapport) as one self-contained HTML file: the month's " +
        'totals per vårdval and for the Region (this month and year to date), charts, the table per unit, the completeness ' +
        'of the data, the assumed parameters, and a payment specification per unit (one printed page each). It computes ' +
        'exactly what payout computes for the month, with the activity of the year so far: give the exports from January ' +
        'on (a whole year is fine). Rules and strictness as payout.',
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv"');
  addPaymentMonthOptions(cmd, { rejected: 'counted, and named in the report', out: 'the report; - = stdout (default: out/report-<month>.html)' }).option(
    '-q, --quiet',
    'no progress or notes on stderr',
    false,
  );
  addAckOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval report --month 2026-04 --no-strict --clinics fixtures/clinics.csv fixtures/exports/ fixtures/listing/
  vardval report --month 2026-04 --clinics fixtures/clinics.csv fixtures/exports/
  vardval report --month 2027-01 --clinics fixtures/clinics.csv --out /srv/share/report-2027-01.html fixtures/exports/`,
  );
  cmd.action(async (args: string[], o: PaymentMonthOptions) => (await import('./report-run.js')).reportRun(cmd, args, o));
  return cmd;
}
