/**
 * The CSV writer of src/output/csv.ts replaced csv-stringify (to keep it out of every start-up);
 * the files it writes must stay byte for byte what csv-stringify wrote with the options it had:
 * the dialect's delimiter and record delimiter, and a lone CR or LF quoted too.
 */
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Column, type CsvDialect, csvHeader, csvRows, neutralise, toCsv } from '../src/output/csv.js';

/** What csv.ts wrote before, with csv-stringify. */
function viaCsvStringify(header: string[], rows: string[][], kinds: ('text' | 'number')[], dialect: CsvDialect): string {
  const sv = dialect === 'excel-sv';
  const opts = { delimiter: sv ? ';' : ',', record_delimiter: sv ? '\r\n' : '\n', quoted_match: /[\r\n]/ };
  const cells = rows.map((r) => r.map((v, i) => (kinds[i] === 'number' ? (sv ? v.replace('.', ',') : v) : neutralise(v))));
  return (sv ? '\uFEFF' : '') + stringify([header], opts) + (cells.length === 0 ? '' : stringify(cells, opts));
}

/** Text with every character that matters to quoting and neutralising, and some that do not. */
const text = fc.string({
  unit: fc.constantFrom('a', 'Å', ' ', ',', ';', '"', "'", '\r', '\n', '\t', '=', '+', '-', '@', '.', '1', '\uff1d', '\uFEFF', '😀'),
  maxLength: 8,
});

describe('CSV writer', () => {
  it('writes what csv-stringify wrote, in both dialects, for any text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) =>
          fc.record({
            header: fc.array(text, { minLength: n, maxLength: n }),
            kinds: fc.array(fc.constantFrom('text' as const, 'number' as const), { minLength: n, maxLength: n }),
            rows: fc.array(fc.array(text, { minLength: n, maxLength: n }), { maxLength: 4 }),
            dialect: fc.constantFrom<CsvDialect>('machine', 'excel-sv'),
          }),
        ),
        ({ header, kinds, rows, dialect }) => {
          const columns: Column<string[]>[] = header.map((name, i) => ({ name, kind: kinds[i]!, get: (r) => r[i]! }));
          expect(toCsv(columns, rows, dialect)).toBe(viaCsvStringify(header, rows, kinds, dialect));
          expect(csvHeader(columns, dialect) + csvRows(columns, rows, dialect)).toBe(viaCsvStringify(header, rows, kinds, dialect));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('quotes by hand-checked examples: delimiter, quote, CR, LF; an empty cell stays empty', () => {
    const cols: Column<string[]>[] = ['a', 'b', 'c'].map((name, i) => ({ name, kind: 'text', get: (r) => r[i]! }));
    expect(csvRows(cols, [['x,y', 'say "hi"', '']], 'machine')).toBe('"x,y","say ""hi""",\n');
    expect(csvRows(cols, [['x,y', 'a;b', 'l1\nl2']], 'excel-sv')).toBe('x,y;"a;b";"l1\nl2"\r\n');
    expect(csvRows(cols, [['cr\r', '', '']], 'machine')).toBe('"cr\r",,\n');
  });
});
