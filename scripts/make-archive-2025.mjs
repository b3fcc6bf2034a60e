#!/usr/bin/env node
// Generates fixtures/archive-2025/: a small archived year for the example CI job
// (scripts/ci-regression.sh): the clinic register and the exports of all twelve months of 2025
// (Cosmic January–June, Lovisa July–December). Deterministic, no randomness: every clinic has the
// same rows every month, so its figures can be computed by hand (see test/ci-job.test.ts).
// Synthetic people only (valid check digits on made-up birth dates).
// The signed figures in signed/ are NOT generated here: they are the output of
//   vardval calc --year 2025 --clinics fixtures/archive-2025/clinics.csv \
//     --out fixtures/archive-2025/signed fixtures/archive-2025/exports/
// checked by hand for Motoriska against DOMAIN.md §1.1 (2025) before being committed.
// Run: node scripts/make-archive-2025.mjs
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'fixtures', 'archive-2025');
const YEAR = 2025;
const HSA = (id) => `SE2321000017-${id}`;

function luhnDigit(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let x = (nine.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
    if (x > 9) x -= 9;
    sum += x;
  }
  return (10 - (sum % 10)) % 10;
}

/** The n-th synthetic personnummer YYYYMMDDNNNN, born 1950–1999 (no fee exemptions by age). */
function pnr(n) {
  const y = 1950 + (n % 50);
  const m = 1 + (Math.floor(n / 50) % 12);
  const d = 1 + (Math.floor(n / 600) % 28);
  const serial = String(100 + (Math.floor(n / 16800) % 900));
  const date = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  return `${date}${serial}${luhnDigit(date.slice(2) + serial)}`;
}

// id, name, regi, municipality, register rows [fte, valid_from, valid_to, specialists]
const CLINICS = [
  ['FP02', 'Motoriska', 'privat', 'Arvika', [['1', '2020-01-01', '', '1']]],
  ['FP12', 'Åsa Berglund', 'privat', 'Karlstad', [['0,8', '2020-01-01', '', '0']]],
  [
    'FT02',
    'Munkfors',
    'egen',
    'Munkfors',
    [
      ['1,5', '2020-01-01', '2025-04-30', '0'],
      ['1', '2025-05-01', '', '0'],
    ],
  ],
  ['FT05', 'Storfors', 'egen', 'Storfors', [['0,5', '2025-07-01', '', '0']]],
];

/**
 * One month of a clinic: [count, type, status, profession, county, fee] groups. Patients are
 * drawn in turn from the clinic's own pool, so the year's unique patients = the pool size.
 */
const MONTH = {
  // 95 counted visits a month (60 with a 300 kr fee), written contacts (weight 0 in 2025),
  // no-shows with a 600 kr fee, an occupational therapist's visit, an out-of-county visit
  FP02: {
    pool: 250,
    groups: [
      [60, 'clinic_visit', 'completed', 'physiotherapist', '17', '300'],
      [35, 'clinic_visit', 'completed', 'physiotherapist', '17', '0'],
      [4, 'written', 'completed', 'physiotherapist', '17', '0'],
      [2, 'clinic_visit', 'no_show', 'physiotherapist', '17', '600'],
      [1, 'clinic_visit', 'completed', 'occupational_therapist', '17', '300'],
      [1, 'clinic_visit', 'completed', 'physiotherapist', '18', '300'],
    ],
  },
  // 85 counted a month: 1 020 a year over a requirement of 0.8 × 1 200 = 960
  FP12: {
    pool: 240,
    groups: [
      [70, 'clinic_visit', 'completed', 'physiotherapist', '17', '300'],
      [10, 'phone', 'completed', 'physiotherapist', '17', '0'],
      [5, 'home_visit', 'completed', 'physiotherapist', '17', '300'],
      [2, 'clinic_visit', 'cancelled', 'physiotherapist', '17', '0'],
    ],
  },
  // 110 counted a month: 1 320 a year over a requirement of 1 200 × 14 FTE-months / 12 = 1 400
  FT02: {
    pool: 330,
    groups: [
      [90, 'clinic_visit', 'completed', 'physiotherapist', '17', '300'],
      [20, 'video', 'completed', 'physiotherapist', '17', '0'],
      [3, 'clinic_visit', 'late_cancelled', 'physiotherapist', '17', '600'],
    ],
  },
  // from July: 40 counted a month, 240 over a requirement of 1 200 × 0.5 × 6 / 12 = 300
  FT05: { pool: 120, from: 7, groups: [[40, 'clinic_visit', 'completed', 'physiotherapist', '17', '300']] },
};

const COSMIC = {
  type: {
    clinic_visit: 'Mottagningsbesök',
    home_visit: 'Hembesök',
    phone: 'Distanskontakt telefon',
    video: 'Distanskontakt video',
    written: 'Distanskontakt skriftlig',
  },
  status: { completed: 'Genomförd', no_show: 'Uteblivet', cancelled: 'Avbokat', late_cancelled: 'Sent avbokat' },
  profession: { physiotherapist: 'Fysioterapeut', occupational_therapist: 'Arbetsterapeut' },
};
const LOVISA = {
  type: { clinic_visit: 'BESOK', home_visit: 'HEMBESOK', phone: 'TEL', video: 'VIDEO', written: 'SKRIFTLIG' },
  status: { completed: 'G', no_show: 'U', cancelled: 'A', late_cancelled: 'S' },
  profession: { physiotherapist: 'FT', occupational_therapist: 'AT' },
};
const COSMIC_HEAD =
  'Vårdenhet HSA-id;Vårdenhet;Kontakt-id;Kontaktdatum;Kontakttyp;Kontaktstatus;Yrkeskategori;Patient-id;Folkbokföringslän;Patientavgift;Huvuddiagnos';
const LOVISA_HEAD = 'Period;EnhetsID;Enhetsnamn;KontaktID;Datum;Kontaktform;Status;Yrke;PatientID;Lan;Avgift';

function monthRows(month) {
  const rows = [];
  let poolBase = 0;
  for (const [id, name] of CLINICS) {
    const spec = MONTH[id];
    const base = poolBase;
    poolBase += 1000;
    // Storfors before its contract: rows that must be excluded as no_contract
    const groups = month < (spec.from ?? 1) ? [[5, 'clinic_visit', 'completed', 'physiotherapist', '17', '300']] : spec.groups;
    let k = 0;
    for (const [count, type, status, profession, county, fee] of groups) {
      for (let i = 0; i < count; i++, k++) {
        const seq = (month - 1) * 200 + k; // a patient's turn over the year
        rows.push({
          clinic: HSA(id),
          name,
          id: `${id}-${YEAR}${String(month).padStart(2, '0')}-${String(k).padStart(3, '0')}`,
          date: `${YEAR}-${String(month).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
          type,
          status,
          profession,
          patient: pnr(base + (seq % spec.pool)),
          county,
          fee,
        });
      }
    }
  }
  // a unit that is not in the register: excluded as unknown_clinic
  for (let i = 0; i < 3; i++)
    rows.push({
      clinic: HSA('FX99'),
      name: 'Okänd enhet',
      id: `FX99-${month}-${i}`,
      date: `${YEAR}-${String(month).padStart(2, '0')}-1${i}`,
      type: 'clinic_visit',
      status: 'completed',
      profession: 'physiotherapist',
      patient: pnr(9000 + i),
      county: '17',
      fee: '300',
    });
  return rows;
}

const cosmicLine = (r) =>
  [
    r.clinic,
    r.name,
    r.id,
    r.date,
    COSMIC.type[r.type],
    COSMIC.status[r.status],
    COSMIC.profession[r.profession],
    `${r.patient.slice(0, 8)}-${r.patient.slice(8)}`,
    r.county,
    `${r.fee},00`,
    'M54.5',
  ].join(';');
const lovisaLine = (r) =>
  [
    r.date.slice(0, 7),
    r.clinic,
    r.name,
    r.id,
    r.date.replace(/-/g, ''),
    LOVISA.type[r.type],
    LOVISA.status[r.status],
    LOVISA.profession[r.profession],
    r.patient,
    r.county,
    `${r.fee}.00`,
  ].join(';');

function registerCsv() {
  const rows = ['clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists'];
  for (const [id, name, regi, muni, periods] of CLINICS)
    for (const [fte, from, to, spec] of periods) rows.push([HSA(id), name, 'fysioterapi', regi, muni, fte, from, to, spec].join(';'));
  return `${rows.join('\n')}\n`;
}

rmSync(join(dir, 'exports'), { recursive: true, force: true });
mkdirSync(join(dir, 'exports'), { recursive: true });
writeFileSync(join(dir, 'clinics.csv'), registerCsv());
let total = 0;
for (let month = 1; month <= 12; month++) {
  const rows = monthRows(month);
  total += rows.length;
  const mm = String(month).padStart(2, '0');
  if (month <= 6)
    writeFileSync(join(dir, 'exports', `cosmic-${YEAR}-${mm}.csv`), iconv.encode(`${[COSMIC_HEAD, ...rows.map(cosmicLine)].join('\r\n')}\r\n`, 'win1252'));
  else writeFileSync(join(dir, 'exports', `lovisa-${YEAR}-${mm}.csv`), `${[LOVISA_HEAD, ...rows.map(lovisaLine)].join('\n')}\n`);
}
console.log(`fixtures/archive-2025 written: ${total} rows in 12 monthly exports`);
