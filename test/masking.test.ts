/**
 * Issue 9: one recogniser of identity numbers, as wide as the parser, on every path that prints
 * input text. Property tests generate the spellings; the CLI runs are scanned whole (every file
 * written, stdout, stderr) for successful and failing runs.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, maskPatientIds, normalizePatientId } from '../src/input/patient-id.js';
import { COSMIC_HEADER, LOVISA_HEADER, ROOT, cli, tmp } from './helpers.js';

const SEPARATORS = ['', '-', '+', ' ', '  ', '\t', '\u00a0', ' - ', '\u2013', '\u2212', '.', ' \u2013 '];
const DATE_SEPARATORS = ['', ' ', '-', '.', '\u00a0'];

interface Id {
  /** the digits: YYYYMMDDNNNN */
  digits: string;
  /** as written */
  spelling: string;
  /** what must not appear in any output: the ten digits of YYMMDDNNNN, or a reserve number's letters and digits */
  core: string;
}

const idArb: fc.Arbitrary<Id> = fc
  .record({
    year: fc.integer({ min: 1900, max: 2020 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    coordination: fc.boolean(),
    serial: fc.integer({ min: 0, max: 999 }),
    long: fc.boolean(),
    sep: fc.constantFrom(...SEPARATORS),
    dateSep: fc.constantFrom(...DATE_SEPARATORS),
    reserve: fc.option(
      fc.record({ letters: fc.constantFrom('SB', 'R', 'XR', 'rs'), n: fc.integer({ min: 0, max: 99 }), c: fc.constantFrom('C', 'K', '7', '') }),
      { freq: 4 },
    ),
  })
  .map((r) => {
    const p2 = (n: number): string => String(n).padStart(2, '0');
    const day = r.day + (r.coordination ? 60 : 0);
    const date = `${r.year}${p2(r.month)}${p2(day)}`;
    const serial = String(r.serial).padStart(3, '0');
    const digits = date + serial + luhnCheckDigit(date.slice(2) + serial);
    const d = r.dateSep;
    // a number split inside its date is split between date and number too (YYYY MM DD NNNN; never YYYY MM DDNNNN)
    if (d !== '' && r.sep === '') r.sep = d;
    const datePart = r.long
      ? `${digits.slice(0, 4)}${d}${digits.slice(4, 6)}${d}${digits.slice(6, 8)}`
      : `${digits.slice(2, 4)}${d}${digits.slice(4, 6)}${d}${digits.slice(6, 8)}`;
    if (r.reserve) {
      // a reserve number: the date in one piece, then letters and digits ('19800101SB1C', '800101-SB 1 C')
      const sep = r.sep === '' || r.sep === '-' ? r.sep : '';
      const dateWhole = r.long ? digits.slice(0, 8) : digits.slice(2, 8);
      const tail = `${r.reserve.letters}${sep === '' ? '' : ' '}${r.reserve.n}${r.reserve.c}`;
      const spelling = `${dateWhole}${sep}${tail}`;
      return { digits, spelling, core: (digits.slice(2, 8) + tail).replace(/[^0-9A-Za-z]/g, '') };
    }
    return { digits, spelling: `${datePart}${r.sep}${digits.slice(8)}`, core: digits.slice(2) };
  });

/** Text around an id: no digits next to it (they would make it another number), anything else goes. */
const aroundArb = fc.string({ unit: fc.constantFrom(...'ab xyzÅÄÖ;,"\'()/:_=\t\u00a0-'.split('')), maxLength: 8 });

/** Every spelling's letters and digits, separators dropped: a leak in any spelling shows as the core. */
function leaks(text: string, core: string): boolean {
  return text
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase()
    .includes(core.toUpperCase());
}

describe('the recogniser (in-process)', () => {
  it('masks every generated spelling inside any text, and leaves the text around it as it was', () => {
    fc.assert(
      fc.property(aroundArb, idArb, aroundArb, (before, id, after) => {
        const text = `${before}${id.spelling}${after}`;
        const masked = maskPatientIds(text);
        expect(masked.length).toBe(text.length);
        expect(/[0-9]/.test(masked.slice(before.length, before.length + id.spelling.length)), JSON.stringify(text)).toBe(false);
        expect(masked.slice(0, before.length)).toBe(before);
        // a letter or digit just after a reserve number ('…SB 5 C') may be part of it: masked too (over-masking beats a leak)
        if (!/[A-Za-z]/.test(id.core) && !/^[0-9A-Za-zÅÄÖ]/.test(after)) expect(masked.slice(before.length + id.spelling.length)).toBe(after);
      }),
      { numRuns: 2000 },
    );
  });

  it('is as wide as the parser: whatever normalizePatientId takes as a (samordnings)nummer is masked whole', () => {
    const blanks = fc.constantFrom('', ' ', '  ', '\t', '\u00a0', '\u2003');
    fc.assert(
      fc.property(idArb, fc.array(fc.tuple(fc.integer({ min: 0, max: 13 }), blanks), { maxLength: 4 }), (id, inserts) => {
        // blanks anywhere: the parser decides whether it is an id, the mask must follow
        let s = id.spelling;
        for (const [at, b] of inserts) s = s.slice(0, at) + b + s.slice(at);
        const parsed = normalizePatientId(s, '2026-06-01');
        if (parsed.ok && parsed.kind !== 'reserve') expect(/\d/.test(maskPatientIds(s)), JSON.stringify(s)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps HSA-ids, dates, amounts and rows of figures readable', () => {
    for (const s of [
      'contact dated 2026-01-05 is outside the rule year 2025',
      '20260105 is late',
      'SE2321000017-FP01',
      'SE162321000016-E000000000001',
      '2026-01-31',
      '2026-01 114146.67 114146.68 0.01',
      'line 123456',
      'net 851399.42',
      '20260601',
    ])
      expect(maskPatientIds(s)).toBe(s);
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI: every output file, stdout and stderr, of successful and failing runs

function allOutput(dir: string): string {
  let text = '';
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    if (statSync(p).isFile()) text += `${f}\n${readFileSync(p, 'utf8')}\n`;
  }
  return text;
}

const REGISTER_HEADER = 'clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists';

describe('the CLI prints no identity number, whatever the spelling and wherever it comes from', () => {
  it('patient-id fields (both layouts), shifted and broken rows, a register name, a file name; calc, --strict, explain, check', () => {
    fc.assert(
      fc.property(fc.array(idArb, { minLength: 6, maxLength: 6 }), (ids) => {
        const d = tmp('vardval-mask-');
        const [a, b, c, e, f, g] = ids as [Id, Id, Id, Id, Id, Id];
        const cosmic = `${[
          COSMIC_HEADER,
          `SE2321000017-FT01;Säffle;C-1;2026-03-02;Mottagningsbesök;Genomförd;Fysioterapeut;${a.spelling};17;300,00;M54.5`,
          // shifted: a ';' too many before the id, and a broken quote
          `SE2321000017-FT01;Säf;fle;C-2;2026-03-02;Mottagningsbesök;Genomförd;Fysioterapeut;${b.spelling};17;300,00;M54.5`,
          `SE2321000017-FT01;"Säffle;C-3;2026-03-03;Mottagningsbesök;Genomförd;Fysioterapeut;${c.spelling};17;300,00;M54.5`,
        ].join('\r\n')}\r\n`;
        const lovisa = `${[
          LOVISA_HEADER,
          `2026-04;SE2321000017-FT01;Säffle;L-1;20260401;BESOK;G;FT;${e.spelling};17;300.00`,
          `2026-04;SE2321000017-FT01;Säffle;L-2;20260401;BESOK;G;FT;${e.spelling};x;17;300.00`,
        ].join('\n')}\n`;
        mkdirSync(join(d, 'in'));
        writeFileSync(join(d, 'in', 'cosmic-2026-03.csv'), cosmic);
        writeFileSync(join(d, 'in', `lovisa ${g.spelling.replace(/[/\t]/g, ' ')}.csv`), lovisa);
        const register = readFileSync(join(ROOT, 'fixtures/clinics.csv'), 'utf8').replace(
          'SE2321000017-FT01;Säffle;',
          `SE2321000017-FT01;Säffle ${f.spelling};`,
        );
        writeFileSync(join(d, 'clinics.csv'), register);
        const base = ['--year', '2026', '--clinics', join(d, 'clinics.csv')];
        const runs = [
          cli(['calc', ...base, '--out', join(d, 'out'), '--format', 'json', join(d, 'in')]),
          cli(['calc', ...base, '--out', join(d, 'strict'), '--strict', join(d, 'in')]),
          cli(['explain', ...base, '--clinic', 'SE2321000017-FT01', join(d, 'in')]),
          cli(['check', ...base, '--baseline', join(ROOT, 'fixtures/archive-2025/signed'), join(d, 'in')]),
        ];
        writeFileSync(join(d, 'bad.csv'), `${REGISTER_HEADER}\nX;${f.spelling};fysioterapi;privat;K;1;2020-01-01;;${a.spelling}\n`);
        runs.push(cli(['calc', ...base.slice(0, 2), '--clinics', join(d, 'bad.csv'), '--out', join(d, 'x'), join(d, 'in')]));
        // a header that matches no profile, with an id in it
        writeFileSync(join(d, 'hdr.csv'), `Kolumn;${c.spelling};Annan\n1;2;3\n`);
        runs.push(cli(['calc', ...base, '--out', join(d, 'x'), join(d, 'hdr.csv')]));
        // the run succeeds and writes its outputs; exit 1 because one clinic's rows cannot make the region's input complete
        expect(runs[0]!.code, runs[0]!.stderr).toBe(1);
        expect(runs[1]!.code).toBe(2);
        const everything = runs.map((r) => r.stdout + r.stderr).join('\n') + allOutput(join(d, 'out'));
        for (const id of ids) expect(leaks(everything, id.core), `${JSON.stringify(id.spelling)} leaked`).toBe(false);
      }),
      { numRuns: 3 },
    );
  }, 240_000);
});
