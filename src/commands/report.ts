import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { payoutMonths, runPayout } from '../app/payout.js';
import { InputError } from '../input/errors.js';
import { expandInputs } from '../input/expand.js';
import { writeFileAtomic } from '../output/atomic.js';
import { buildReportModel } from '../output/report-html/model.js';
import { renderReport } from '../output/report-html/render.js';
import { addRuleOptions, forcedProfile, loadRules, startProgress, toolVersion, type RuleOptions } from './common.js';
import { renderPayoutSummary } from './payout.js';

interface ReportOptions extends RuleOptions {
  month: string;
  clinics: string;
  inputFormat?: string;
  strict: boolean;
  out?: string;
  quiet?: boolean;
}

export function reportCommand(): Command {
  const cmd = new Command('report')
    .summary('the monthly report: one HTML page with totals, charts and a specification per unit')
    .description(
      'Writes the monthly report of one payment month (månadsrapport) as one self-contained HTML file: the month\'s ' +
        'totals per vårdval and for the Region (this month and year to date), charts, the table per unit, the completeness ' +
        'of the data, the assumed parameters, and a payment specification per unit (one printed page each). It computes ' +
        'exactly what payout computes for the month, with the activity of the year so far: give the exports from January ' +
        'on (a whole year is fine). Rules and strictness as payout.',
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv"')
    .requiredOption('--month <YYYY-MM>', 'the payment month (the activity month is the month before)');
  addRuleOptions(cmd, { yearRequired: false });
  cmd
    .requiredOption('--clinics <FILE>', 'clinic register CSV (clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists)')
    .option('--input-format <NAME|FILE>', 'force a format profile (default: recognised from the header)')
    .option('--no-strict', 'skip rejected rows (counted, and named in the report) instead of stopping at the first one with exit 2')
    .option('--out <FILE>', 'where to write the report; - = stdout (default: out/report-<month>.html)')
    .option('-q, --quiet', 'no progress or notes on stderr', false);
  cmd.addHelpText('after', `
Examples:
  vardval report --month 2026-04 --clinics fixtures/clinics.csv fixtures/exports/
  vardval report --month 2027-01 --clinics fixtures/clinics.csv --out /srv/share/report-2027-01.html fixtures/exports/`);
  cmd.action(async (args: string[], o: ReportOptions) => {
    const months = payoutMonths(o.month);
    if (o.year !== undefined && o.year !== months.year)
      throw new InputError('--year', `payment month ${months.paymentMonth} pays activity month ${months.activityMonth}, computed with the rules of ${months.year}, not --year ${o.year}`);
    const rules = loadRules({ ...o, year: o.rules ? o.year : months.year });
    if (rules.year !== months.year)
      throw new InputError('--rules', `${o.rules} is for ${rules.year}, but payment month ${months.paymentMonth} pays activity month ${months.activityMonth}, computed with the rules of ${months.year}`);
    const files = expandInputs(args);
    const progress = startProgress(files, o.quiet);
    const profile = forcedProfile(o);
    let payout;
    try {
      payout = await runPayout(rules, months, {
        registerFile: o.clinics,
        inputs: files,
        strict: o.strict,
        ...(profile ? { forcedProfile: profile } : {}),
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      }, 'year-to-date');
    } finally {
      progress.done();
    }
    const html = await renderReport(buildReportModel({ payout, strict: o.strict, tool: toolVersion() }));
    const out = o.out ?? `out/report-${months.paymentMonth}.html`;
    if (out === '-') process.stdout.write(html);
    else {
      mkdirSync(dirname(out), { recursive: true });
      writeFileAtomic(out, html);
    }
    if (o.quiet) return;
    if (payout.calc.monthsWithoutData.length > 0)
      process.stderr.write(`warning: no rows of ${payout.calc.monthsWithoutData.join(', ')}: the year-to-date figures of the report are incomplete (named in the report)\n`);
    process.stderr.write(renderPayoutSummary(payout, out === '-' ? undefined : out));
  });
  return cmd;
}
