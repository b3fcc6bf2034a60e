/**
 * The report's data (src/output/report-html/model.ts), built from a payout run over the year to
 * date: every specification adds up to the unit's net, the totals are the sums of the units, and
 * the year to date covers every payment of the year so far.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payoutMonths, runPayout } from '../src/app/payout.js';
import { expandInputs } from '../src/input/expand.js';
import { sum } from '../src/model/decimal.js';
import { buildReportModel, type ReportModel } from '../src/output/report-html/model.js';
import { loadRulesForYear } from '../src/rules/load.js';
import { ROOT } from './helpers.js';

const A = join(ROOT, 'fixtures', 'archive-2025');

async function model(month: string): Promise<ReportModel> {
  const months = payoutMonths(month);
  const payout = await runPayout(
    loadRulesForYear(months.year),
    months,
    { registerFile: join(A, 'clinics.csv'), inputs: expandInputs([join(A, 'exports')]), strict: true },
    'year-to-date',
  );
  return buildReportModel({ payout, strict: true, tool: { name: 'vardval', version: '0.0.0' } });
}

describe('the report model', () => {
  for (const month of ['2025-04', '2025-08', '2026-01']) {
    it(`${month}: each specification's components add up to the unit's net; the totals are the units' sums`, async () => {
      const m = await model(month);
      for (const u of m.units) expect({ id: u.id, sum: sum(u.components.map((c) => c.amount)).toFixed(2) }).toEqual({ id: u.id, sum: u.net.toFixed(2) });
      expect(m.region.month.toFixed(2)).toBe(sum(m.units.map((u) => u.net)).toFixed(2));
      expect(m.region.yearToDate.toFixed(2)).toBe(sum([...m.units.map((u) => u.yearToDate), ...m.notPaidThisMonth.map((n) => n.yearToDate)]).toFixed(2));
      expect(m.region.clinics).toBe(m.units.length);
    });
  }

  it('2026-01: Storfors (0.5 FTE from July) has fixed 28 536.67, fees −12 000, deductions −34 200: net −17 663.33', async () => {
    const m = await model('2026-01');
    const u = m.units.find((x) => x.id === 'SE2321000017-FT05')!;
    const amount = (k: string) => u.components.find((c) => c.key === k)!.amount.toFixed(2);
    expect([amount('fixed'), amount('fees'), amount('deductions'), u.net.toFixed(2)]).toEqual(['28536.67', '-12000.00', '-34200.00', '-17663.33']);
    expect(u.requirements!.status).toBe('final');
    expect(m.region.negativeUnits).toBe(2);
    expect(m.settlesDeductions).toBe(true);
  });

  it("2025-04: the requirement per FTE is counted ÷ average FTE of January–March, the period's requirement 280 × 3/12 = 70", async () => {
    const m = await model('2025-04');
    const u = m.units.find((x) => x.id === 'SE2321000017-FP02')!; // 1 FTE all year
    const unique = u.requirements!.items[1]!;
    expect(unique.required.toString()).toBe('70');
    expect(unique.requiredPerFte!.toString()).toBe('70');
    expect(unique.yearRequiredPerFte!.toString()).toBe('280');
    expect(unique.perFte!.toString()).toBe(unique.counted.toString());
    expect(m.yearToDate).toEqual({ from: '2025-01', to: '2025-03' });
  });
});
