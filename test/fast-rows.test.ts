/**
 * Issue 12: the fast path of the reader (FastRowReader) must be strictly narrower than the
 * record splitter and toContact: whatever row it takes, toContact takes too, with the same values;
 * everything else it leaves to them (so every reject and message stays theirs). A property test
 * over rows built from valid values and their near misses, in both bundled layouts; the same for
 * listing snapshots (FastListingReader against toListingRow).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRejection, toContact } from '../src/input/contact.js';
import { ByteKeyed, FastListingReader, FastRowReader } from '../src/input/fast-rows.js';
import { isVcRejection, toListingRow } from '../src/input/vardcentral-rows.js';
import { listProfiles } from '../src/input/profile.js';
import { openExport } from '../src/input/reader.js';
import { COSMIC_HEADER, LOVISA_HEADER, pnr, tmp } from './helpers.js';

const PROFILES = listProfiles();
const P = pnr(7);
const SAMORDNING = (() => {
  // a samordningsnummer: day + 60, check digit recomputed over YYMMDDNNN
  const base = `${P.slice(0, 6)}${String(Number(P.slice(6, 8)) + 60)}${P.slice(8, 11)}`;
  for (let c = 0; c <= 9; c++) {
    let sum = 0;
    const ten = base.slice(2) + c;
    for (let i = 0; i < 10; i++) {
      let v = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
      if (v > 9) v -= 9;
      sum += v;
    }
    if (sum % 10 === 0) return base + c;
  }
  throw new Error('unreachable');
})();
const BAD_LUHN = P.slice(0, 11) + ((Number(P[11]) + 1) % 10);

const COMMON = {
  clinic: ['SE2321000017-FT01', ' SE2321000017-FT01', 'SE2321000017-FT01 ', '', 'X'],
  id: ['B1', '4711', 'b-1', 'K-2026-0042', '', ' B2', 'Å9', '1234567890123456'],
  patient: [
    P,
    `${P.slice(0, 8)}-${P.slice(8)}`,
    `${P.slice(0, 8)}+${P.slice(8)}`,
    P.slice(2),
    `${P.slice(2, 8)}-${P.slice(8)}`,
    SAMORDNING,
    BAD_LUHN,
    '20991231-1234',
    `${P.slice(0, 8)} ${P.slice(8)}`,
    ` ${P}`,
    'XR-2026-00042',
    '',
    `${P.slice(0, 8)}_${P.slice(8)}`,
  ],
  county: ['17', '18', '1', '1a', ' 17', '017', ''],
  extra: ['', ';', ';x', '"', 'x"y'],
};
const COSMIC = {
  ...COMMON,
  date: ['2026-03-05', '2026-02-29', '2025-03-05', '20260305', '2026-3-05', ' 2026-03-05', '2026-13-01', '2026-03-05x'],
  type: ['Mottagningsbesök', 'Hembesök', 'Administrativ', 'mottagningsbesök', 'Mottagningsbesök ', 'Mottagningsbeso\u0308k', 'constructor', 'Mottagningsbesö'],
  status: ['Genomförd', 'Uteblivet', 'Avbokat', 'Sent avbokat', 'genomförd', 'toString'],
  profession: ['Fysioterapeut', 'Läkare', 'Naprapat', 'Fysio', '__proto__'],
  fee: ['300,00', '0,00', '300,5', '300', '', '300.00', '300,', ',50', '300,000', '1,2,3', '00012,30', '12345678901234', ' 300,00', '-5,00'],
  diagnosis: ['M54.5', '', ' M54.5'],
};
const LOVISA = {
  ...COMMON,
  period: ['2026-03', '2026-04', '2026-3', '202603', '', ' 2026-03'],
  date: ['20260305', '20260229', '20250305', '2026-03-05', '2026035', '20261301'],
  type: ['BESOK', 'TEL', 'ADM', 'besok', 'BESOK ', 'X'],
  status: ['G', 'U', 'S', 'g', 'GG'],
  profession: ['FT', 'LK', 'ft', 'F'],
  fee: ['300.00', '0', '300,00', '300.5', '', '.5', '300.'],
};

function opened(header: string) {
  const d = tmp();
  const f = join(d, 'x.csv');
  writeFileSync(f, `${header}\r\nx\r\n`);
  return openExport(f, PROFILES);
}

function check(header: string, build: (pick: (k: string) => string) => string, keys: Record<string, string[]>): void {
  const exp = opened(header);
  const reader = new FastRowReader(exp, 2026, exp.index.diagnosis !== undefined);
  let taken = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 16, maxLength: 16 }), fc.nat(9), (choice, valid) => {
      let k = 0;
      // mostly valid values, so that rows the fast path takes are common
      const pick = (key: string) => {
        const list = keys[key]!;
        const c = choice[k++]!;
        return key === 'extra' ? (c % 4 === 0 ? list[c % list.length]! : '') : c % 10 < valid ? list[0]! : list[c % list.length]!;
      };
      const line = build(pick);
      reader.begin(line);
      const r = reader.read(0, line.length);
      if (r === null) return;
      taken++;
      const c = toContact(exp, line.split(';'));
      expect(isRejection(c), line).toBe(false);
      if (isRejection(c)) return;
      expect(c.date.startsWith('2026')).toBe(true);
      expect([r.date, r.month, r.type, r.status, r.profession, r.county, r.patientKind, r.diagnosis]).toEqual([
        c.date,
        c.month,
        c.type,
        c.status,
        c.profession,
        c.county,
        c.patientKind,
        exp.index.diagnosis !== undefined ? c.diagnosis : null,
      ]);
      expect(r.monthNumber).toBe(Number(c.month.slice(5)));
      expect(r.fee.equals(c.fee), line).toBe(true);
      expect(r.person).toBe(Number(c.patientKey));
      expect(line.slice(r.clinicFrom, r.clinicTo)).toBe(c.clinicId);
      expect(line.slice(r.idFrom, r.idTo)).toBe(c.contactId);
    }),
    { numRuns: 3000, seed: 12 },
  );
  expect(taken).toBeGreaterThan(150); // the property is not empty
}

describe('the fast path takes only rows that toContact takes, with the same values', () => {
  it('Cosmic layout', () => {
    check(
      COSMIC_HEADER,
      (p) =>
        [p('clinic'), 'Säffle', p('id'), p('date'), p('type'), p('status'), p('profession'), p('patient'), p('county'), p('fee'), p('diagnosis')].join(';') +
        p('extra'),
      COSMIC,
    );
  });
  it('Lovisa layout', () => {
    check(
      LOVISA_HEADER,
      (p) =>
        [p('period'), p('clinic'), 'Säffle', p('id'), p('date'), p('type'), p('status'), p('profession'), p('patient'), p('county'), p('fee')].join(';') +
        p('extra'),
      LOVISA,
    );
  });
});

const LISTING_HEADER = 'Listningsdatum;Vårdenhet HSA-id;Vårdenhet;Patient-id;Listningstyp;Folkbokföringslän;Kommunkod';
const LISTING = {
  date: ['2026-03-31', '2026-02-28', '2026-02-29', '2025-03-31', '20260331', '2026-3-31', ' 2026-03-31', '2026-13-01', '2026-03-31x', '2027-01-31'],
  clinic: [...COMMON.clinic, 'SE2321000017-VC11\u00a0', '\u00a0SE2321000017-VC11'],
  patient: COMMON.patient,
  type: ['Aktiv', 'Passiv', '', 'aktiv', 'Aktiv ', ' Passiv', 'constructor', '__proto__', 'X'],
  county: COMMON.county,
  extra: COMMON.extra,
};

function checkListing(header: string, build: (pick: (k: string) => string) => string): void {
  const exp = opened(header);
  expect(exp.profile.kind).toBe('listing');
  const reader = new FastListingReader(exp, 2026);
  let taken = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), fc.nat(9), (choice, valid) => {
      let k = 0;
      const pick = (key: string) => {
        const list = (LISTING as Record<string, string[]>)[key]!;
        const c = choice[k++]!;
        return key === 'extra' ? (c % 4 === 0 ? list[c % list.length]! : '') : c % 10 < valid ? list[0]! : list[c % list.length]!;
      };
      const line = build(pick);
      reader.begin(line);
      const r = reader.read(0, line.length);
      if (r === null) return;
      taken++;
      const row = toListingRow(exp, line.split(';'));
      expect(isVcRejection(row), line).toBe(false);
      if (isVcRejection(row)) return;
      expect(row.snapshotDate.startsWith('2026-')).toBe(true);
      expect([r.snapshotDate, r.person, r.county, line.slice(r.clinicFrom, r.clinicTo)]).toEqual([
        row.snapshotDate,
        Number(row.personKey),
        row.county,
        row.clinicId,
      ]);
      expect([r.year, r.month, r.day]).toEqual(row.snapshotDate.split('-').map(Number));
    }),
    { numRuns: 3000, seed: 12 },
  );
  expect(taken).toBeGreaterThan(150); // the property is not empty
}

describe('the listing fast path takes only rows that toListingRow takes, with the same values', () => {
  it('FLISA layout', () => {
    checkListing(LISTING_HEADER, (p) => [p('date'), p('clinic'), 'Åttkanten', p('patient'), p('type'), p('county'), '1780'].join(';') + p('extra'));
  });
  it('without the optional listing type and county', () => {
    checkListing('Listningsdatum;Vårdenhet HSA-id;Patient-id', (p) => [p('date'), p('clinic'), p('patient')].join(';') + p('extra'));
  });
});

describe('ByteKeyed: values found by the bytes of their id', () => {
  const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  it('finds each of many ids again (ids that end alike, a table that grows), making each once', () => {
    const made: string[] = [];
    const keyed = new ByteKeyed(
      (id) => {
        made.push(id);
        return { id };
      },
      (v) => v.id,
    );
    // 300 ids: more than the table's first 64 slots, many sharing their last four characters
    const ids = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? `SE2321000017-FT${String(i).padStart(3, '0')}` : `X${i}-0001`));
    for (let round = 0; round < 3; round++)
      for (const id of ids) {
        const text = `;;${id};`;
        expect(keyed.get(text, bytesOf(text), 2, 2 + id.length).id).toBe(id);
      }
    expect(made).toEqual(ids);
  });

  it("an id whose bytes are not its characters (Windows-1252 '€' is the byte 0x80) is made by its text each time, not kept", () => {
    let made = 0;
    const keyed = new ByteKeyed(
      (id) => {
        made++;
        return { id };
      },
      (v) => v.id,
    );
    const text = 'K€1';
    const bytes = Uint8Array.of(0x4b, 0x80, 0x31);
    for (let i = 0; i < 5; i++) expect(keyed.get(text, bytes, 0, 3).id).toBe('K€1');
    expect(made).toBe(5);
  });
});
