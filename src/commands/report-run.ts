import type { Command } from 'commander';
import { toolVersion } from './common.js';
import type { PaymentMonthOptions } from './payout.js';
import { payoutFromOptions, renderPayoutSummary, writeCompleteness, writeDocument } from './payout-run.js';
import { outFile } from './settings.js';
import { startReading } from './start-reading.js';

/*
 * The run of `vardval report`, apart from its options (report.ts): imported when a run starts.
 * The renderer (vega, vega-lite) is imported once the payout is computed, so that bad input
 * fails without loading it.
 */

/** `vardval report FILES…` with its options. */
export async function reportRun(cmd: Command, args: string[], o: PaymentMonthOptions): Promise<void> {
  startReading(args, o);
  const payout = await payoutFromOptions(args, o, 'year-to-date');
  const [{ buildReportModel }, { renderReport }] = await Promise.all([import('../output/report-html/model.js'), import('../output/report-html/render.js')]);
  const html = await renderReport(buildReportModel({ payout, strict: o.strict, tool: toolVersion() }));
  const out = outFile(cmd, o.out, `report-${payout.months.paymentMonth}.html`);
  writeDocument(out, html);
  writeCompleteness(payout, o.quiet);
  if (o.quiet) return;
  if (payout.calc.monthsWithoutData.length > 0)
    process.stderr.write(
      `warning: no rows of ${payout.calc.monthsWithoutData.join(', ')}: the year-to-date figures of the report are incomplete (named in the report)\n`,
    );
  process.stderr.write(renderPayoutSummary(payout, out === '-' ? undefined : out));
}
