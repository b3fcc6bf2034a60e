/**
 * Issue 9: the reader on broken and hostile input. Limits from the profile, CR-only files, fused
 * and cut rows, files that change while read, spreadsheets given as CSV, and a fuzz test
 * (fast-check) of the whole reading path: the accounting identity, no identity number out, no
 * exception but an input error, and work linear in the input's size (characters parsed, not time).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCalc, type RejectRecord } from '../src/app/run-calc.js';
import { InputError } from '../src/input/errors.js';
import { listProfiles } from '../src/input/profile.js';
import { RecordSplitter, forEachRecord, openExport, readAllRecords, type RecordOrProblem } from '../src/input/reader.js';
import { parseStats } from '../src/input/records.js';
import { loadRulesForYear } from '../src/rules/load.js';
import { COSMIC_HEADER, LOVISA_HEADER, ROOT, cli, pnr, tmp } from './helpers.js';

const PROFILES = listProfiles();
const CLINICS = join(ROOT, 'fixtures/clinics.csv');
const RULES = loadRulesForYear(2026);
const cosmicRow = (i: number, id = `C-${i}`): string =>
  `SE2321000017-FT01;Säffle;${id};2026-03-0${1 + (i % 9)};Mottagningsbesök;Genomförd;Fysioterapeut;${pnr(i).slice(0, 8)}-${pnr(i).slice(8)};17;300,00;M54.5`;
const lovisaRow = (i: number): string => `2026-04;SE2321000017-FT01;Säffle;L-${i};2026040${1 + (i % 9)};BESOK;G;FT;${pnr(i)};17;300.00`;

async function records(content: string | Buffer): Promise<RecordOrProblem[]> {
  const d = tmp();
  writeFileSync(join(d, 'x.csv'), content);
  return readAllRecords(openExport(join(d, 'x.csv'), PROFILES));
}
const brief = (rs: RecordOrProblem[]): string[] => rs.map((r) => (r.kind === 'record' ? `${r.line}:ok` : `${r.line}:${r.problem}`));

describe('limits, line endings, fused and cut rows', () => {
  it('a line over max_record_chars is one rejected row, skipped without being gathered; the rows after it are read', async () => {
    const long = `SE2321000017-FT01;${'x'.repeat(3_000_000)};C-9`;
    const out = await records(`${[COSMIC_HEADER, cosmicRow(1), long, cosmicRow(2)].join('\r\n')}\r\n`);
    expect(brief(out)).toEqual(['2:ok', "3:the line is 3000022 characters long, more than the profile's limit of 100000 (limits.max_record_chars)", '4:ok']);
    expect(out[1]!.raw.length).toBeLessThan(300);
  });

  it('a contact id of 70 000 characters rejects its row (max_field_chars); the run goes on', async () => {
    const out = await records(`${[COSMIC_HEADER, cosmicRow(1, 'K'.repeat(70_000)), cosmicRow(2)].join('\r\n')}\r\n`);
    expect(brief(out)).toEqual(["2:the field is 70000 characters long, more than the profile's limit of 10000 (limits.max_field_chars)", '3:ok']);
    expect(out[0]!.kind === 'malformed' && out[0]!.field).toBe(2);
  });

  it('CR-only line endings are read like LF and CRLF', async () => {
    const rows = [COSMIC_HEADER, cosmicRow(1), cosmicRow(2), cosmicRow(3)];
    const lf = await records(`${rows.join('\n')}\n`);
    const cr = await records(`${rows.join('\r')}\r`);
    expect(cr).toEqual(lf);
    expect(brief(cr)).toEqual(['2:ok', '3:ok', '4:ok']);
  });

  it('a stray opening quote on one row and a stray closing quote on the next: both rows rejected, neither fused (profile allowing fields across lines)', () => {
    const s = new RecordSplitter(';', '"'); // default limits: fields may span lines
    const out: RecordOrProblem[] = [];
    for (const l of ['a;b;c', '1;"x;2', '3;y";4', '5;6;7']) s.push(l, (r) => out.push(r));
    s.end((r) => out.push(r));
    expect(brief(out)).toEqual([
      '2:the quote that opens the field is closed only on line 3, and the lines between are whole rows by themselves (a stray quote would fuse them)',
      '3:a quote inside an unquoted field (quote the whole field and write an inner quote as "")',
      '4:ok',
    ]);
  });

  it('the bundled profiles: a quote left open at the end of a line rejects that line only', async () => {
    const out = await records(
      `${[COSMIC_HEADER, cosmicRow(1).replace('Säffle', '"Säffle'), cosmicRow(2).replace('Säffle', 'Säffle"'), cosmicRow(3)].join('\r\n')}\r\n`,
    );
    expect(out.map((r) => r.kind)).toEqual(['malformed', 'malformed', 'record']);
  });

  it('a last row cut short (no final line break, fields missing) is named', async () => {
    const out = await records([COSMIC_HEADER, cosmicRow(1), cosmicRow(2).slice(0, 40)].join('\r\n'));
    expect(brief(out)[1]).toBe('3:the file ends in the middle of this row (no line break at the end, 5 of 11 fields): was the export cut off?');
    // a complete last row without a line break is fine
    expect(brief(await records([COSMIC_HEADER, cosmicRow(1)].join('\r\n')))).toEqual(['2:ok']);
  });

  it('a file that grows while it is read is an error naming it', async () => {
    const d = tmp();
    const f = join(d, 'growing.csv');
    writeFileSync(f, `${[LOVISA_HEADER, ...Array.from({ length: 50_000 }, (_, i) => lovisaRow(i))].join('\n')}\n`);
    let appended = false;
    const run = forEachRecord(openExport(f, PROFILES), () => {
      if (!appended) appendFileSync(f, `${lovisaRow(1)}\n`);
      appended = true;
    });
    await expect(run).rejects.toThrow(/the file changed while it was read \(\d+ bytes when opened, \d+ read, \d+ now\)/);
  });

  it('a workbook or archive given as an export or register, a device as an export: named', () => {
    const d = tmp();
    writeFileSync(join(d, 'book.xlsx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('....[Content_Types].xml....xl/workbook.xml')]));
    writeFileSync(join(d, 'sheet.ods'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('....mimetypeapplication/vnd.oasis.opendocument.spreadsheet')]));
    writeFileSync(join(d, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(() => openExport(join(d, 'book.xlsx'), PROFILES)).toThrow('the file is an Excel workbook (xlsx), not a CSV export: save it as CSV');
    expect(() => openExport(join(d, 'sheet.ods'), PROFILES)).toThrow('the file is an OpenDocument spreadsheet (ods), not a CSV export');
    expect(() => openExport(join(d, 'old.xls'), PROFILES)).toThrow('an Excel 97-2003 workbook (xls)');
    expect(() => openExport('/dev/zero', PROFILES)).toThrow('is not a regular file');
    const r = cli(['calc', '--year', '2026', '--clinics', join(d, 'book.xlsx'), '--out', join(d, 'o'), join(ROOT, 'fixtures/exports')]);
    expect(r.stderr).toBe(`vardval: error: ${join(d, 'book.xlsx')}: the clinic register is an Excel workbook (xlsx); save it as CSV (UTF-8, ';'-separated)\n`);
  });

  it('/dev/zero as --rules, --scenario, --input-format or --clinics is refused at once; an alias bomb and an alias before its anchor name file and line', () => {
    const d = tmp();
    const base = ['calc', '--clinics', CLINICS, '--out', join(d, 'o'), join(ROOT, 'fixtures/exports/cosmic-2026-03.csv')];
    for (const opt of [
      ['--rules', '/dev/zero'],
      ['--year', '2026', '--scenario', '/dev/zero'],
      ['--year', '2026', '--input-format', '/dev/zero'],
    ]) {
      const r = cli([...base, ...opt]);
      expect(r.code, opt.join(' ')).toBe(2);
      expect(r.stderr).toBe('vardval: error: /dev/zero: is not a regular file (a device, pipe or socket that may never end): give a file\n');
    }
    const z = cli(['calc', '--year', '2026', '--clinics', '/dev/zero', '--out', join(d, 'o'), join(ROOT, 'fixtures/exports')]);
    expect(z.stderr).toBe('vardval: error: /dev/zero: is not a regular file (a device, pipe or socket that may never end): give a file\n');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)];
    writeFileSync(join(d, 'bomb.yaml'), `${levels.join('\n')}\n`);
    writeFileSync(join(d, 'early.yaml'), 'year: 2026\nid: x\nb: *later\nc: &later 1\n');
    expect(cli([...base, '--rules', join(d, 'bomb.yaml')]).stderr).toBe(
      `vardval: error: ${join(d, 'bomb.yaml')}:2: aliases expand to too much (more than 100 alias expansions): an alias bomb? write the values out\n`,
    );
    expect(cli([...base, '--rules', join(d, 'early.yaml')]).stderr).toBe(
      `vardval: error: ${join(d, 'early.yaml')}:3: alias *later is used before its anchor &later is set (or the anchor does not exist)\n`,
    );
    writeFileSync(join(d, 'huge.yaml'), `year: 2026\n${'# padding\n'.repeat(120_000)}`);
    expect(cli([...base, '--rules', join(d, 'huge.yaml')]).stderr).toMatch(
      /huge\.yaml:\d+: is 1\.1 MB, more than the 1 MB limit for a rule, scenario or format-profile file/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz: random bytes and mutated rows in both layouts

const mutation = fc.oneof(
  fc.constant((s: string) => s.replace(';', '"')),
  fc.constant((s: string) => `"${s}`),
  fc.constant((s: string) => `${s}"`),
  fc.constant((s: string) => s.replace(/;/g, ';"')),
  fc.constant((s: string) => s.slice(0, Math.floor(s.length / 2))),
  fc.constant((s: string) => s.replace(';', ';;')),
  fc.constant((s: string) => s.replace(/;[^;]*$/, '')),
  fc.constant((s: string) => s.replace('\r', '')),
  fc.constant((s: string) => `${s}\r`),
  fc.constant((s: string) => s.replace(/\d/, 'x')),
  fc.constant((s: string) => s + s),
  fc.constant((s: string) => s.replace(';', '\n')),
  fc.constant((s: string) => s.replace(';', '\u0000')),
);
const fileArb = fc.record({
  layout: fc.constantFrom('cosmic', 'lovisa'),
  rows: fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.option(mutation, { freq: 2 })), { minLength: 1, maxLength: 40 }),
  noise: fc.option(fc.uint8Array({ maxLength: 200 }), { freq: 4 }),
  finalNewline: fc.boolean(),
  crlf: fc.boolean(),
});

describe('masking a broken row', () => {
  it('a stray quote inside the identity number (found by the fuzz test): the rejected row shows it masked', async () => {
    const d = tmp();
    const row = cosmicRow(0);
    const id = `${pnr(0).slice(0, 8)}-${pnr(0).slice(8)}`;
    const broken = row.replace(id, `${id.slice(0, 11)}"${id.slice(11)}`);
    writeFileSync(join(d, 'q.csv'), `${[COSMIC_HEADER, broken, cosmicRow(1)].join('\n')}\n`);
    const rejects: RejectRecord[] = [];
    await runCalc({ rules: RULES, registerFile: CLINICS, inputs: [join(d, 'q.csv')], onReject: (r) => rejects.push(r) });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[2, 'malformed_row']]);
    expect(rejects[0]!.raw).not.toMatch(new RegExp(pnr(0).slice(2, 8)));
    expect(rejects[0]!.raw).toContain(';Fysioterapeut;########-****;17;');
  });
});

describe('fuzz: the reader on random bytes and mutated rows', () => {
  it('every row accounted for, no identity number out, only input errors, work linear in the size', async () => {
    const d = tmp('vardval-fuzz-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (f) => {
        const header = f.layout === 'cosmic' ? COSMIC_HEADER : LOVISA_HEADER;
        const lines = f.rows.map(([i, m]) =>
          m ? m(f.layout === 'cosmic' ? cosmicRow(i) : lovisaRow(i)) : f.layout === 'cosmic' ? cosmicRow(i) : lovisaRow(i),
        );
        const text = [header, ...lines].join(f.crlf ? '\r\n' : '\n') + (f.finalNewline ? (f.crlf ? '\r\n' : '\n') : '');
        let bytes = Buffer.from(text, 'utf8');
        if (f.noise) {
          const at = Math.floor(bytes.length / 2);
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(f.noise), bytes.subarray(at)]);
        }
        const file = join(d, `f${n++}.csv`);
        writeFileSync(file, bytes);
        const rejects: RejectRecord[] = [];
        const before = parseStats.chars;
        try {
          const result = await runCalc({ rules: RULES, registerFile: CLINICS, inputs: [file], onReject: (r) => rejects.push(r) });
          for (const acc of result.files) {
            const sum = (o: Record<string, number | undefined>): number => Object.values(o).reduce<number>((s, v) => s + (v ?? 0), 0);
            expect(acc.rowsRead).toBe(acc.counted + sum(acc.excluded) + sum(acc.rejected));
            expect(rejects.length).toBe(sum(acc.rejected));
          }
          const shown = rejects
            .map((r) => `${r.message}\n${r.raw}`)
            .join('\n')
            .replace(/[^0-9]/g, ' ');
          for (const [i] of f.rows) expect(shown.includes(pnr(i).slice(2)) || shown.includes(pnr(i).slice(2, 8))).toBe(false);
        } catch (e) {
          // the only way out is an input error (a clear message, exit 2), never a crash
          if (!(e instanceof InputError)) throw e;
          for (const [i] of f.rows) expect(e.message).not.toContain(pnr(i).slice(2, 8));
        }
        // linear: the characters handed to the strict parser stay within a small multiple of the input
        expect(parseStats.chars - before).toBeLessThanOrEqual(3 * bytes.length + 1000);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('linear in size: 20 times the broken rows cost at most 20 times the parsing (no quadratic re-reading)', async () => {
    const d = tmp();
    const broken = (k: number): string =>
      `${[COSMIC_HEADER, ...Array.from({ length: k }, (_, i) => cosmicRow(i).replace('Säffle', '"Säffle'))].join('\r\n')}\r\n`;
    const cost = async (k: number): Promise<number> => {
      writeFileSync(join(d, `b${k}.csv`), broken(k));
      const before = parseStats.chars;
      await readAllRecords(openExport(join(d, `b${k}.csv`), PROFILES));
      return parseStats.chars - before;
    };
    const small = await cost(500);
    const large = await cost(10_000);
    expect(large).toBeLessThanOrEqual(20 * small * 1.05);
  });
});
