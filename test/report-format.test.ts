/**
 * The report's Swedish number format: written from the exact decimal, equal to what
 * Intl.NumberFormat('sv-SE') writes (no-break space U+00A0 between groups, decimal comma, minus
 * sign U+2212), whatever ICU the Node.js build has.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/model/decimal.js';
import { MINUS, NBSP, svChange, svKronor, svMonth, svMonthRange, svNumber, svPercent, svQuantity } from '../src/output/report-html/format.js';

const d = (s: string) => new Decimal(s);

describe('sv-SE presentation', () => {
  it("writes the issue's example exactly: 1 206 754,84 kr with no-break spaces", () => {
    expect(svKronor(d('1206754.84'))).toBe('1\u00a0206\u00a0754,84\u00a0kr');
    expect(NBSP).toBe('\u00a0');
  });

  it('negatives carry the minus sign U+2212; zero has none; öre are always two', () => {
    expect(svKronor(d('-17663.33'))).toBe(`${MINUS}17${NBSP}663,33${NBSP}kr`);
    expect(svKronor(d('0'))).toBe(`0,00${NBSP}kr`);
    expect(svKronor(d('-0'))).toBe(`0,00${NBSP}kr`);
    expect(svKronor(d('999.5'))).toBe(`999,50${NBSP}kr`);
    expect(svKronor(d('1000'))).toBe(`1${NBSP}000,00${NBSP}kr`);
  });

  it('a change shows its sign: +, − or ±', () => {
    expect(svChange(d('1234'))).toBe(`+1${NBSP}234,00${NBSP}kr`);
    expect(svChange(d('-50'))).toBe(`${MINUS}50,00${NBSP}kr`);
    expect(svChange(d('0'))).toBe(`±0,00${NBSP}kr`);
  });

  it('quantities drop trailing zeros; half-way values round away from zero', () => {
    expect(svQuantity(d('1200'))).toBe(`1${NBSP}200`);
    expect(svQuantity(d('316.25'), 1)).toBe('316,3');
    expect(svQuantity(d('-316.25'), 1)).toBe(`${MINUS}316,3`);
    expect(svQuantity(d('279.96'), 1)).toBe('280');
    expect(svNumber(d('0.005'), 2)).toBe('0,01');
    expect(svPercent(d('0.06'))).toBe(`6${NBSP}%`);
    expect(svPercent(d('0.1234'), 1)).toBe(`12,3${NBSP}%`);
  });

  it('months in Swedish', () => {
    expect(svMonth('2026-04')).toBe('april 2026');
    expect(svMonthRange('2026-01', '2026-03')).toBe('januari–mars 2026');
    expect(svMonthRange('2026-01', '2026-01')).toBe('januari 2026');
  });

  it('equals Intl sv-SE (currency SEK) for any amount in öre up to ±10^13 kr', () => {
    const intl = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK' });
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (ore) => {
        const x = new Decimal(ore.toString()).dividedBy(100);
        // Intl writes −0,00 for a negative zero; amounts are never one
        if (x.isZero()) return;
        expect(svKronor(x)).toBe(intl.format(x.toNumber()));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals Intl sv-SE for quantities with at most one decimal', () => {
    const intl = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), (tenths) => {
        const x = new Decimal(tenths).dividedBy(10);
        if (x.isZero()) return;
        expect(svQuantity(x, 1)).toBe(intl.format(x.toNumber()));
      }),
      { numRuns: 2000 },
    );
  });
});
