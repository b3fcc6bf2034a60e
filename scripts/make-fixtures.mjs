#!/usr/bin/env node
// Generates the bundled sample data in fixtures/ (deterministic: a fixed-seed PRNG).
// Synthetic people only: ids are built with valid check digits on birth dates no real
// register lookup could confirm; never real persons. Run: node scripts/make-fixtures.mjs
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { vcRegisterRows } from './make-listing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fx = join(root, 'fixtures');

export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function luhnDigit(nine) {
  for (let d = 0; d <= 9; d++) {
    const s = nine + d;
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      let x = s.charCodeAt(i) - 48;
      if (i % 2 === 0) {
        x *= 2;
        if (x > 9) x -= 9;
      }
      sum += x;
    }
    if (sum % 10 === 0) return d;
  }
}

/** A synthetic personnummer YYYYMMDDNNNN with a valid check digit. */
export function personnummer(rand) {
  const y = 1930 + Math.floor(rand() * 90);
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  const serial = String(Math.floor(rand() * 999)).padStart(3, '0');
  const nine = String(y).slice(2) + String(m).padStart(2, '0') + String(d).padStart(2, '0') + serial;
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${serial}${luhnDigit(nine)}`;
}

const CLINICS = [
  // id, name, regi, municipality, fte, specialists
  ['FT01', 'Säffle', 'egen', 'Säffle', '2'],
  ['FT02', 'Munkfors', 'egen', 'Munkfors', '1'],
  ['FT03', 'Filipstad', 'egen', 'Filipstad', '1.5'],
  ['FT04', 'Forshaga', 'egen', 'Forshaga', '1.5'],
  ['FT05', 'Storfors', 'egen', 'Storfors', '1'],
  ['FT06', 'Charlottenberg (Eda)', 'egen', 'Eda', '1'],
  ['FT07', 'Hagfors', 'egen', 'Hagfors', '2'],
  ['FT09', 'Torsby', 'egen', 'Torsby', '2'],
  ['FT10', 'Sjukhuset Torsby', 'egen', 'Torsby', '1'],
  ['FT11', 'Likenäs', 'egen', 'Torsby', '0.5'],
  ['FT13', 'Skoghall', 'egen', 'Hammarö', '2'],
  ['FT14', 'Kronoparken', 'egen', 'Karlstad', '3'],
  ['FT15', 'Gripen', 'egen', 'Karlstad', '3'],
  ['FT16', 'Molkom', 'egen', 'Karlstad', '1'],
  ['FT17', 'Herrhagen', 'egen', 'Karlstad', '1'],
  ['FT18', 'Rud', 'egen', 'Karlstad', '2'],
  ['FT19', 'Skåre', 'egen', 'Karlstad', '1'],
  ['FT20', 'Västerstrand', 'egen', 'Karlstad', '2'],
  ['FT21', 'Kristinehamn', 'egen', 'Kristinehamn', '3'],
  ['FT22', 'Sunne', 'egen', 'Sunne', '2'],
  ['FT23', 'Årjäng', 'egen', 'Årjäng', '1'],
  ['FP01', 'Jösse vårdcentral', 'privat', 'Arvika', '2'],
  ['FP02', 'Motoriska', 'privat', 'Arvika', '1.5'],
  ['FP03', 'Karin Jansson Ski o Fysio', 'privat', 'Arvika', '0.8'],
  ['FP04', 'Mia Måseide', 'privat', 'Arvika', '1'],
  ['FP05', 'Hammarö Fysioterapi', 'privat', 'Hammarö', '1'],
  ['FP06', 'Capio Grums', 'privat', 'Grums', '2'],
  ['FP07', 'Klarälvskliniken', 'privat', 'Karlstad', '4'],
  ['FP08', 'Kasernhöjden', 'privat', 'Karlstad', '2'],
  ['FP09', 'Servicehälsan Karlstad', 'privat', 'Karlstad', '1.5'],
  ['FP10', 'Tingvalla Naprapatklinik', 'privat', 'Karlstad', '1'],
  ['FP11', 'Annorlunda Fysioterapi', 'privat', 'Karlstad', '1'],
  ['FP12', 'Åsa Berglund', 'privat', 'Karlstad', '1'],
  ['FP13', 'Sano fysio', 'privat', 'Karlstad', '2'],
  ['FP14', 'Karlstad Rehabcenter', 'privat', 'Karlstad', '6'],
  ['FP15', 'Solsta rehab', 'privat', 'Karlstad', '1'],
  ['FP16', 'Capio Vintergatans VC', 'privat', 'Kristinehamn', '2'],
  ['FP17', 'Fryksdalshälsan FysioRehab', 'privat', 'Sunne', '1.5'],
  ['FP18', 'Unicare Töcksforspraktiken', 'privat', 'Årjäng', '1'],
];
const HSA = (id) => `SE2321000017-${id}`;

function registerCsv() {
  const head = 'clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists;km_from_town;established';
  const rows = [];
  for (const [id, name, regi, muni, fte] of CLINICS) {
    if (id === 'FT14') {
      // Kronoparken: 0.5 more FTE from 1 May
      rows.push([HSA(id), name, 'fysioterapi', regi, muni, '3', '2020-01-01', '2026-04-30', '1']);
      rows.push([HSA(id), name, 'fysioterapi', regi, muni, '3,5', '2026-05-01', '', '1']);
      continue;
    }
    if (id === 'FT13') {
      // Skoghall: joins 1 July 2026 with 2.5 FTE
      rows.push([HSA(id), name, 'fysioterapi', regi, muni, '2.5', '2026-07-01', '', '0']);
      continue;
    }
    const spec = id === 'FP14' ? '2' : id === 'FP07' ? '1' : '0';
    rows.push([HSA(id), name, 'fysioterapi', regi, muni, fte, '2020-01-01', '', spec]);
  }
  // inactive clinics (DOMAIN §1.6) and a primary care centre, to show they are not computed
  rows.push([HSA('FT08'), 'Ekshärad', 'fysioterapi', 'egen', 'Hagfors', '1', '2020-01-01', '2024-12-31', '0']);
  rows.push([HSA('FT12'), 'Arvika', 'fysioterapi', 'egen', 'Arvika', '2', '2020-01-01', '2024-12-31', '0']);
  // the vårdcentral units (scripts/make-listing.mjs): no FTE; km_from_town for Torsby, established for the start grant
  for (const r of rows) r.push('', '');
  for (const [id, name, vv, regi, muni, fte, from, to, spec, , , km, est] of vcRegisterRows())
    rows.push([id, name, vv, regi, muni, fte, from, to, spec, km, est]);
  return `${[head, ...rows.map((r) => r.join(';'))].join('\n')}\n`;
}

const COSMIC_HEAD =
  'Vårdenhet HSA-id;Vårdenhet;Kontakt-id;Kontaktdatum;Kontakttyp;Kontaktstatus;Yrkeskategori;Patient-id;Folkbokföringslän;Patientavgift;Huvuddiagnos';
const LOVISA_HEAD = 'Period;EnhetsID;Enhetsnamn;KontaktID;Datum;Kontaktform;Status;Yrke;PatientID;Lan;Avgift';
const TYPES = [
  ['Mottagningsbesök', 'BESOK', 0.7],
  ['Hembesök', 'HEMBESOK', 0.04],
  ['Gruppbesök', 'GRUPP', 0.06],
  ['Distanskontakt telefon', 'TEL', 0.08],
  ['Distanskontakt video', 'VIDEO', 0.03],
  ['Distanskontakt skriftlig', 'SKRIFTLIG', 0.06],
  ['Administrativ', 'ADM', 0.03],
];
const STATUSES = [
  ['Genomförd', 'G', 0.9],
  ['Uteblivet', 'U', 0.04],
  ['Avbokat', 'A', 0.04],
  ['Sent avbokat', 'S', 0.02],
];
const PROFS = [
  ['Fysioterapeut', 'FT', 0.93],
  ['Arbetsterapeut', 'AT', 0.05],
  ['Läkare', 'LK', 0.02],
];
const DIAG = ['M54.5', 'M25.5', 'G35', 'F32.1', 'M79.7', 'S83.2', 'M17.1', 'R52.2'];
const pick = (rand, table) => {
  let x = rand();
  for (const row of table) {
    x -= row[row.length - 1];
    if (x < 0) return row;
  }
  return table[table.length - 1];
};

function generate() {
  const rand = rng(20260101);
  const cosmic = new Map(); // month -> rows
  const lovisa = new Map();
  let contactNo = 1;
  for (const [id, name, , , fte] of CLINICS) {
    const pool = Array.from({ length: Math.round(Number(fte) * 300) }, () => personnummer(rand));
    // visits per FTE-year around the requirement: some clinics above, some below
    const intensity = 0.9 + rand() * 0.4;
    for (let month = 1; month <= 12; month++) {
      if (id === 'FT13' && month < 7) continue;
      const f = id === 'FT13' ? 2.5 : id === 'FT14' && month >= 5 ? 3.5 : Number(fte);
      const n = Math.round((f * 1200 * intensity) / 12 / 0.8);
      const mm = String(month).padStart(2, '0');
      for (let i = 0; i < n; i++) {
        const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
        const t = pick(rand, TYPES),
          s = pick(rand, STATUSES),
          p = pick(rand, PROFS);
        const pid = pool[Math.floor(rand() * rand() * pool.length)];
        const county = rand() < 0.03 ? (rand() < 0.5 ? '18' : '14') : '17';
        const age = 2026 - Number(pid.slice(0, 4));
        const fee =
          s[1] === 'G' && t[1] !== 'ADM' && t[1] !== 'SKRIFTLIG' && age < 85 && age >= 20 && rand() > 0.15 ? '300' : s[1] === 'U' || s[1] === 'S' ? '600' : '0';
        const cid = `K${String(contactNo++).padStart(7, '0')}`;
        if (month <= 6) {
          // Cosmic writes ids in varied forms: the same person must count once
          const form = rand();
          const written = form < 0.6 ? `${pid.slice(0, 8)}-${pid.slice(8)}` : form < 0.8 ? pid : `${pid.slice(2, 8)}${age >= 100 ? '+' : '-'}${pid.slice(8)}`;
          const row = [
            HSA(id),
            name,
            cid,
            `2026-${mm}-${day}`,
            t[0],
            s[0],
            p[0],
            written,
            county,
            fee === '0' ? '0,00' : `${fee},00`,
            DIAG[Math.floor(rand() * DIAG.length)],
          ];
          (cosmic.get(mm) ?? cosmic.set(mm, []).get(mm)).push(row.join(';'));
        } else {
          const row = [`2026-${mm}`, HSA(id), name, cid, `2026${mm}${day}`, t[1], s[1], p[1], pid, county, fee === '0' ? '0.00' : `${fee}.00`];
          (lovisa.get(mm) ?? lovisa.set(mm, []).get(mm)).push(row.join(';'));
        }
      }
    }
  }
  return { cosmic, lovisa };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(join(fx, 'exports'), { recursive: true, force: true });
  mkdirSync(join(fx, 'exports'), { recursive: true });
  writeFileSync(join(fx, 'clinics.csv'), registerCsv());
  const { cosmic, lovisa } = generate();
  for (const [mm, rows] of cosmic)
    writeFileSync(join(fx, 'exports', `cosmic-2026-${mm}.csv`), iconv.encode(`${[COSMIC_HEAD, ...rows].join('\r\n')}\r\n`, 'win1252'));
  for (const [mm, rows] of lovisa) writeFileSync(join(fx, 'exports', `lovisa-2026-${mm}.csv`), `${[LOVISA_HEAD, ...rows].join('\n')}\n`);
  console.log(`fixtures written: ${cosmic.size} Cosmic and ${lovisa.size} Lovisa months`);
}
