/**
 * Exact to the öre (issue 8): a running total is the yearly rate × cumulative FTE-months with a
 * single division by 12, rounded once, half away from zero.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal, roundMoney, sum } from '../src/model/decimal.js';
import { spreadByRunningTotal } from '../src/model/physio.js';
import { cli, cosmicCsv, dateFor, pnr, readCsv, registerCsv, tmp, writeFiles } from './helpers.js';

describe('running totals from exact rationals', () => {
  it('SAL 169 627 × 13.5 / 12 = 190 830.375 → 190 830.38; October/November/December .38/.37/.38', () => {
    const fte = [...Array(9).fill('1'), '1.5', '1.5', '1.5'].map((f) => new Decimal(f));
    const months = spreadByRunningTotal(fte.map((f) => new Decimal(169627).times(f)));
    // hand: Jan–Sep running totals 14 135.5833… × k; Sep = 127 220.25; Oct = 148 423.625 → .63 (+21 203.38),
    // Nov = 169 627.00 (+21 203.37), Dec = 190 830.375 → .38 (+21 203.38)
    expect(months.slice(9).map((m) => m.toFixed(2))).toEqual(['21203.38', '21203.37', '21203.38']);
    expect(sum(months).toFixed(2)).toBe('190830.38');
  });

  it('property: each running total is round(exact running total); the months sum to the rounded year', () => {
    const fteArb = fc.integer({ min: 0, max: 400 }).map((n) => new Decimal(n).dividedBy(100)); // 0.00 … 4.00 FTE
    const rateArb = fc.integer({ min: 0, max: 200_000_000 }).map((n) => new Decimal(n).dividedBy(100)); // up to 2 M kr/year, in öre
    fc.assert(
      fc.property(
        rateArb,
        fc.array(fteArb, { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 11 }),
        (rate, ftes, len, start) => {
          const from = Math.min(start, 12 - len);
          const months = spreadByRunningTotal(ftes.map((f) => rate.times(f)));
          let cumFte = new Decimal(0);
          let cumPaid = new Decimal(0);
          for (let i = 0; i < 12; i++) {
            cumFte = cumFte.plus(ftes[i]!);
            cumPaid = cumPaid.plus(months[i]!);
            // exact: rate × cumulative FTE-months / 12 as a fraction, rounded half away from zero
            const exact = rate.times(cumFte);
            const twelfths = exact.times(100); // öre × 12
            const q = twelfths.dividedToIntegerBy(12);
            const rem = twelfths.minus(q.times(12));
            const ore = rem.times(2).greaterThanOrEqualTo(12) ? q.plus(1) : q;
            expect(cumPaid.toFixed(2)).toBe(ore.dividedBy(100).toFixed(2));
          }
          const period = months.slice(from, from + len);
          const before = sum(months.slice(0, from));
          expect(sum(period).plus(before).toFixed(2)).toBe(roundMoney(rate.times(sum(ftes.slice(0, from + len))).dividedBy(12)).toFixed(2));
          expect(sum(months).toFixed(2)).toBe(roundMoney(rate.times(sum(ftes)).dividedBy(12)).toFixed(2));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('calc: a private clinic at 1.0 FTE to 30 September and 1.5 after gets SAL 190 830.38 (Oct/Nov/Dec 21 203.38/.37/.38)', () => {
    const dir = tmp();
    const rows = Array.from({ length: 1440 }, (_, i) => ({ clinic: 'SE-P', id: `P${i}`, date: dateFor(2026, i), patient: pnr(i % 420) }));
    writeFiles(dir, {
      'clinics.csv': registerCsv([
        { id: 'SE-P', name: 'Privat', regi: 'privat', fte: '1', from: '2020-01-01', to: '2026-09-30' },
        { id: 'SE-P', name: 'Privat', regi: 'privat', fte: '1.5', from: '2026-10-01' },
      ]),
      'cosmic.csv': cosmicCsv(rows),
    });
    const out = join(dir, 'out');
    const r = cli(['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--out', out, join(dir, 'cosmic.csv')]);
    expect(r.code).toBe(0);
    const pay = readCsv(readFileSync(join(out, 'payment-basis.csv'), 'utf8'));
    expect(pay.slice(9).map((p) => p.sal)).toEqual(['21203.38', '21203.37', '21203.38']);
    expect(sum(pay.map((p) => new Decimal(p.sal!))).toFixed(2)).toBe('190830.38');
  });
});
