/**
 * The reader's parts on their own: the strict record parser, the line splitter's recovery from
 * broken quoting, encodings and line endings, header recognition.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { plainSingleBytes } from '../src/input/decode.js';
import { loadProfile, listProfiles, type FormatProfile } from '../src/input/profile.js';
import { CHUNK_BYTES, MAX_RECORD_LINES, RecordSplitter, openExport, readAllRecords, type RecordOrProblem } from '../src/input/reader.js';
import { parseRecord } from '../src/input/records.js';
import { COSMIC_HEADER, LOVISA_HEADER, ROOT, pnr, tmp, writeFiles } from './helpers.js';

const PROFILES = listProfiles();
const lovisa = PROFILES.find((p) => p.id === 'lovisa')!;

function split(lines: string[]): RecordOrProblem[] {
  const s = new RecordSplitter(';', '"');
  const out: RecordOrProblem[] = [];
  for (const l of lines) s.push(l, (r) => out.push(r));
  s.end((r) => out.push(r));
  return out;
}
const brief = (rs: RecordOrProblem[]): string[] => rs.map((r) => (r.kind === 'record' ? `${r.line}:${r.fields.join('|')}` : `${r.line}:MALFORMED@${r.field}`));

describe('parseRecord: RFC 4180, strictly', () => {
  it('quoted fields with the delimiter, doubled quotes and newlines', () => {
    expect(parseRecord('a;"b;c";"d ""e"" f";"g\nh";', ';', '"')).toEqual({ ok: true, fields: ['a', 'b;c', 'd "e" f', 'g\nh', ''] });
    expect(parseRecord('"";x', ';', '"')).toEqual({ ok: true, fields: ['', 'x'] });
  });
  it('locates broken quoting by field', () => {
    expect(parseRecord('a;b"c;d', ';', '"')).toMatchObject({ ok: false, open: false, field: 1 });
    expect(parseRecord('a;"b"c;d', ';', '"')).toMatchObject({ ok: false, open: false, field: 1 });
    expect(parseRecord('a;b;"c;d', ';', '"')).toMatchObject({ ok: false, open: true, field: 2 });
  });
});

describe('RecordSplitter: one broken quote costs one row', () => {
  const H = 'h1;h2;h3';

  it('a stray quote rejects its line only', () => {
    expect(brief(split([H, 'a;b"x;c', 'd;e;f']))).toEqual(['2:MALFORMED@1', '3:d|e|f']);
  });

  it('an unclosed quote: its line is malformed, the following lines are read again with their own numbers', () => {
    expect(brief(split([H, 'a;"b;c', 'd;e;f', '', 'g;h;i']))).toEqual(['2:MALFORMED@1', '3:d|e|f', '5:g|h|i']);
  });

  it('a quote closed on a later line into a record of the wrong shape is backtracked too', () => {
    // line 2 opens a quote that line 4 closes: joined, that is not a 3-field record
    expect(brief(split([H, 'a;"b;c', 'd;e;f', 'g";h;i;j']))).toEqual(['2:MALFORMED@1', '3:d|e|f', '4:MALFORMED@0']);
  });

  it('a legitimate multi-line quoted field is one record at its first line', () => {
    expect(brief(split([H, 'a;"b', 'c";d', 'e;f;g']))).toEqual(['2:a|b\nc|d', '4:e|f|g']);
  });

  it(`an open quote is given up after ${MAX_RECORD_LINES} lines, and those lines are still read`, () => {
    const lines = [H, 'a;"b;c', ...Array.from({ length: MAX_RECORD_LINES + 5 }, (_, i) => `x${i};y;z`)];
    const out = split(lines);
    expect(out).toHaveLength(MAX_RECORD_LINES + 6);
    expect(brief(out).slice(0, 3)).toEqual(['2:MALFORMED@1', '3:x0|y|z', '4:x1|y|z']);
    expect(out.at(-1)!.line).toBe(MAX_RECORD_LINES + 7);
  });

  it('the header is not a row; a file of only a header has none', () => {
    expect(split([H])).toEqual([]);
  });
});

describe('encodings and line endings', () => {
  async function rows(name: string, content: Buffer | string, profile?: FormatProfile): Promise<RecordOrProblem[]> {
    const d = tmp();
    writeFiles(d, { [name]: content });
    return readAllRecords(openExport(join(d, name), PROFILES, profile));
  }
  const cosmicRow = (name: string): string => `FT1;${name};C1;2026-01-05;Mottagningsbesök;Genomförd;Fysioterapeut;19800101-0000;17;300,00;`;

  it('Cosmic in Windows-1252 with CRLF, and the same as UTF-8 with a BOM: the same text, Å ä ö exact', async () => {
    const text = `${[COSMIC_HEADER, cosmicRow('Årjäng Öst'), cosmicRow('Skåre')].join('\r\n')}\r\n`;
    const a = await rows('a.csv', iconv.encode(text, 'win1252'));
    const b = await rows('b.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(a).toEqual(b);
    expect(a.map((r) => (r.kind === 'record' ? [r.line, r.fields[1], r.fields[4]] : r))).toEqual([
      [2, 'Årjäng Öst', 'Mottagningsbesök'],
      [3, 'Skåre', 'Mottagningsbesök'],
    ]);
  });

  it('a multi-byte character and a CRLF split across read chunks still decode, with exact line numbers', async () => {
    // the reader reads CHUNK_BYTES at a time: put 'å' (C3 A5) across the first boundary, CR|LF across the second
    const K = CHUNK_BYTES;
    const mk = (name: string): string => `2026-01;FT1;${name};K;20260105;BESOK;G;FT;198001010000;17;0.00`;
    const lines: string[] = [];
    let size = 0;
    const add = (l: string): void => {
      lines.push(l);
      size += Buffer.byteLength(l) + 2;
    };
    add(LOVISA_HEADER);
    while (size < K - 300) add(mk('Skåre'));
    add(mk(`${'x'.repeat(K - 1 - size - '2026-01;FT1;Sk'.length)}Skåre`)); // 'å' starts at byte K - 1
    while (size < 2 * K - 300) add(mk('Skåre'));
    add(mk(`${'y'.repeat(2 * K - 1 - size - Buffer.byteLength(mk('Skåre')))}Skåre`)); // its CR is byte 2K - 1
    for (let i = 0; i < 20; i++) add(mk('Skåre'));
    const content = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    expect(content.subarray(K - 1, K + 1)).toEqual(Buffer.from('å'));
    expect(content.subarray(2 * K - 1, 2 * K + 1).toString('latin1')).toBe('\r\n');
    const out = await rows('big.csv', content, lovisa);
    expect(out).toHaveLength(lines.length - 1);
    expect(out.every((r, i) => r.kind === 'record' && r.line === i + 2 && r.fields.length === 11 && r.fields[2]!.endsWith('Skåre'))).toBe(true);
  });

  it('UTF-16 (a BOM FF FE) is named as such', async () => {
    await expect(rows('u.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOVISA_HEADER, 'utf16le')]))).rejects.toThrow(
      /u\.csv:1: the file is UTF-16/,
    );
  });

  it('UTF-8 declared, Windows-1252 bytes: an error naming the file and line', async () => {
    const text = `${[LOVISA_HEADER, '2026-01;FT1;A;K1;20260105;BESOK;G;FT;198001010000;17;0.00', '2026-01;FT1;Säffle;K2;20260105;BESOK;G;FT;198001010000;17;0.00'].join('\n')}\n`;
    await expect(rows('l.csv', iconv.encode(text, 'win1252'))).rejects.toThrow(/l\.csv:3: bytes that are not valid utf-8/);
  });

  it('Windows-1252 with UTF-8 further on, even across a chunk boundary: an error, not mojibake', async () => {
    const K = CHUNK_BYTES;
    const head = iconv.encode(`${COSMIC_HEADER}\r\n${cosmicRow('Säffle')}\r\n`, 'win1252');
    // one byte per character in Windows-1252: pad so that the tail starts at K - 5
    const filler = iconv.encode(`${cosmicRow('x'.repeat(K - 5 - head.length - cosmicRow('').length - 2))}\r\n`, 'win1252');
    // 'Å' in UTF-8 is C3 85: C3 is the last byte of the first chunk
    const tail = Buffer.concat([Buffer.from('FT1;'), Buffer.from('Åsa', 'utf8'), iconv.encode(`${cosmicRow('').slice(4)}\r\n`, 'win1252')]);
    const content = Buffer.concat([head, filler, tail]);
    expect(content[K - 1]).toBe(0xc3);
    await expect(rows('m.csv', content)).rejects.toThrow(/m\.csv:4: UTF-8 bytes in a file read as windows-1252/);
  });
});

describe('Windows-1252 beyond Latin-1', () => {
  it("bytes 0x80–0x9F are Windows-1252's characters ('€', '–', '’'), in the fast path's chunks and the slow path's rows", async () => {
    const d = tmp();
    const p = pnr(7);
    const row = (name: string, type = 'Mottagningsbesök'): string =>
      `FT1;${name};C1;2026-01-05;${type};Genomförd;Fysioterapeut;${p.slice(0, 8)}-${p.slice(8)};17;300,00;`;
    // a name with an en dash, a row with a euro sign in its contact type (an unknown code: a reject that shows the row)
    const text = `${[COSMIC_HEADER, row('Kil – Väst'), row('Arvika’s', 'Besök €')].join('\r\n')}\r\n`;
    writeFiles(d, { 'w.csv': iconv.encode(text, 'win1252') });
    expect(iconv.encode(text, 'win1252').includes(0x96)).toBe(true);
    const recs = await readAllRecords(openExport(join(d, 'w.csv'), PROFILES));
    expect(recs.map((r) => (r.kind === 'record' ? [r.fields[1], r.fields[4]] : r))).toEqual([
      ['Kil – Väst', 'Mottagningsbesök'],
      ['Arvika’s', 'Besök €'],
    ]);
  });
});

describe('header recognition', () => {
  it('a header written with combining accents (NFD) is recognised, and so are its codes', async () => {
    const d = tmp();
    const p = pnr(7);
    const text = `${[COSMIC_HEADER.normalize('NFD'), `FT1;X;C1;2026-01-05;${'Mottagningsbesök'.normalize('NFD')};Genomförd;Fysioterapeut;${p.slice(0, 8)}-${p.slice(8)};17;300,00;`].join('\n')}\n`;
    writeFiles(d, { 'n.csv': Buffer.from(text, 'utf8') });
    const opened = openExport(join(d, 'n.csv'), PROFILES);
    expect(opened.profile.id).toBe('cosmic');
    const { toContact } = await import('../src/input/contact.js');
    const recs = await readAllRecords(opened);
    expect(toContact(opened, (recs[0] as { fields: string[] }).fields)).toMatchObject({ type: 'clinic_visit' });
  });

  it('a header that two profiles fit is an error: force one', () => {
    const d = tmp();
    writeFiles(d, { 'x.csv': `${LOVISA_HEADER}\n2026-01;FT1;A;K1;20260105;BESOK;G;FT;198001010000;17;0.00\n` });
    const copy = { ...loadProfile(join(ROOT, 'rules/formats/lovisa.yaml')), id: 'lovisa-copy' };
    expect(() => openExport(join(d, 'x.csv'), [...PROFILES, copy])).toThrow(
      /x\.csv:1: the header fits several format profiles \(lovisa, lovisa-copy\): choose one with --input-format/,
    );
    expect(openExport(join(d, 'x.csv'), [...PROFILES, copy], copy).profile.id).toBe('lovisa-copy');
  });

  it('a column named twice is an error naming it', () => {
    const d = tmp();
    writeFiles(d, { 'x.csv': `${LOVISA_HEADER};Datum\n2026-01;FT1;A;K1;20260105;BESOK;G;FT;198001010000;17;0.00;x\n` });
    expect(() => openExport(join(d, 'x.csv'), PROFILES)).toThrow(
      /x\.csv:1 \(column 'Datum'\): column 'Datum' appears more than once in the header \(fields 5 and 12\)/,
    );
  });
});

describe('the encoding scan on bytes', () => {
  /** What the scan looks for, on the text read as Latin-1: a byte 0x80–0x9F, or Â/Ã before 0xA0–0xBF. */
  const CLOSER_LOOK = /[\u0080-\u009f]|[\u00c2\u00c3][\u00a0-\u00bf]/;
  it('finds what the pattern finds in the Latin-1 text, at any offset and length (four bytes at a time or one)', () => {
    // bytes drawn mostly from the ones that matter: ASCII, 0x80–0x9F, 0xA0–0xBF, Â, Ã, å ä ö
    const byte = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x80, max: 0x9f }),
      fc.integer({ min: 0xa0, max: 0xbf }),
      fc.constantFrom(0xc2, 0xc3, 0xe5, 0xe4, 0xf6),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 64 }), fc.integer({ min: 0, max: 7 }), (bytes, offset) => {
        const buffer = new Uint8Array(offset + bytes.length);
        buffer.set(bytes, offset);
        const chunk = buffer.subarray(offset);
        expect(plainSingleBytes(chunk)).toBe(!CLOSER_LOOK.test(Buffer.from(chunk).toString('latin1')));
      }),
      { numRuns: 2000 },
    );
  });
});
