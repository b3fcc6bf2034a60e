#!/usr/bin/env node
// Synthetic vårdcentral inputs (deterministic: fixed-seed PRNG), in the working layouts of
// VARDCENTRAL.md §12: monthly listing snapshots, the CNI table, requisition-drug costs and
// adjustments. Synthetic people only (valid check digits, never real persons).
//   node scripts/make-listing.mjs                      → fixtures/listing/ (the bundled sample 2026)
//   node scripts/make-listing.mjs --region 290000 DIR  → one region-size snapshot (speed measurement)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { luhnDigit, rng } from './make-fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HSA = (id) => `SE2321000017-${id}`;

/** The vårdcentral units of the sample register: VARDCENTRAL.md §6 and egen regi per area. */
export const VC_UNITS = [
  // id, name, regi, municipality, kommunkod, listed persons, km_from_town, established
  ['VC11', 'Praktikertjänst Åttkanten', 'privat', 'Karlstad', '1780', 320, '', ''],
  ['VC12', 'Praktikertjänst Kasernhöjden', 'privat', 'Karlstad', '1780', 280, '', ''],
  ['VC13', 'Praktikertjänst Svea', 'privat', 'Karlstad', '1780', 240, '', ''],
  ['VC14', 'Prima vård Töcksfors', 'privat', 'Årjäng', '1765', 120, '', ''],
  ['VC15', 'Prima vård Jösse', 'privat', 'Arvika', '1784', 200, '', ''],
  ['VC16', 'Capio Vålberg', 'privat', 'Karlstad', '1780', 160, '', ''],
  ['VC17', 'Capio Grums', 'privat', 'Grums', '1764', 180, '', ''],
  ['VC18', 'Capio Vintergatan', 'privat', 'Kristinehamn', '1781', 220, '', ''],
  ['VC19', 'Vårdcentralen Bryggan (ny)', 'privat', 'Karlstad', '1780', 60, '', '2026-03-01'],
  ['VC21', 'Torsby vårdcentral (norra Värmland)', 'egen', 'Torsby', '1737', 260, '2', ''],
  ['VC22', 'Sysslebäck vårdcentral (norra Värmland)', 'egen', 'Torsby', '1737', 90, '72', ''],
  ['VC23', 'Hagfors vårdcentral (norra Värmland)', 'egen', 'Hagfors', '1783', 200, '', ''],
  ['VC24', 'Arvika vårdcentral (västra Värmland)', 'egen', 'Arvika', '1784', 300, '', ''],
  ['VC25', 'Årjäng vårdcentral (västra Värmland)', 'egen', 'Årjäng', '1765', 110, '', ''],
  ['VC26', 'Filipstad vårdcentral (östra Värmland)', 'egen', 'Filipstad', '1782', 170, '', ''],
  ['VC27', 'Kristinehamn vårdcentral (östra Värmland)', 'egen', 'Kristinehamn', '1781', 260, '', ''],
  ['VC01', 'Vårdcentralen Gripen (norra Karlstad)', 'egen', 'Karlstad', '1780', 300, '', ''],
  ['VC28', 'Kronoparkens vårdcentral (norra Karlstad)', 'egen', 'Karlstad', '1780', 280, '', ''],
  ['VC29', 'Hammarö vårdcentral (södra Karlstad)', 'egen', 'Hammarö', '1761', 240, '', ''],
  ['VC30', 'Skåre vårdcentral (södra Karlstad)', 'egen', 'Karlstad', '1780', 150, '', ''],
];

/** Register rows (the columns of fixtures/clinics.csv, with km_from_town and established). */
export function vcRegisterRows() {
  return VC_UNITS.map(([id, name, regi, muni, , , km, est]) => [HSA(id), name, 'vardcentral', regi, muni, '', est || '2010-05-03', '', '0', '', '', km, est]);
}

/** A synthetic person: 12-digit id, age spread like a population; some samordningsnummer (day + 60). */
function person(rand) {
  const r = rand();
  const age = r < 0.2 ? Math.floor(rand() * 18) : r < 0.75 ? 18 + Math.floor(rand() * 47) : 65 + Math.floor(rand() * 36);
  const y = 2025 - age;
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  const day = rand() < 0.02 ? d + 60 : d;
  const serial = String(Math.floor(rand() * 999)).padStart(3, '0');
  const date = `${String(m).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return `${y}${date}${serial}${luhnDigit(String(y).slice(2) + date + serial)}`;
}

const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const LISTING_HEAD = 'Listningsdatum;Vårdenhet HSA-id;Vårdenhet;Patient-id;Listningstyp;Folkbokföringslän;Kommunkod';

/** The twelve monthly snapshots of 2026: a population per unit that changes a little each month. */
export function listingSnapshots(seed = 20260131) {
  const rand = rng(seed);
  const pools = new Map(VC_UNITS.map(([id, , , , , n]) => [id, Array.from({ length: Math.round(n / 2) }, () => person(rand))]));
  const files = new Map();
  for (let month = 1; month <= 12; month++) {
    const date = `2026-${String(month).padStart(2, '0')}-${lastDay(2026, month)}`;
    const rows = [];
    for (const [id, name, , , kommun] of VC_UNITS) {
      const pool = pools.get(id);
      // churn: a few leave, a few join; the new unit grows
      for (let k = 0; k < 2; k++) if (pool.length > 10) pool.splice(Math.floor(rand() * pool.length), 1);
      for (let k = 0; k < (id === 'VC19' ? 20 : 2); k++) pool.push(person(rand));
      if (id === 'VC19' && month < 3) continue; // opens 1 March
      for (const pid of pool)
        rows.push([date, HSA(id), name, `${pid.slice(0, 8)}-${pid.slice(8)}`, rand() < 0.85 ? 'Aktiv' : 'Passiv', '17', kommun].join(';'));
    }
    if (month === 3) {
      // rows that do not count, to show the accounting
      const twice = pools.get('VC11')[0];
      rows.push([date, HSA('VC24'), 'Arvika vårdcentral (västra Värmland)', `${twice.slice(0, 8)}-${twice.slice(8)}`, 'Aktiv', '17', '1784'].join(';')); // listed twice
      const bad = person(rand);
      rows.push(
        [
          date,
          HSA('VC23'),
          'Hagfors vårdcentral (norra Värmland)',
          `${bad.slice(0, 8)}-${bad.slice(8, 11)}${(Number(bad[11]) + 1) % 10}`,
          'Aktiv',
          '17',
          '1783',
        ].join(';'),
      ); // wrong check digit
      const p = person(rand);
      rows.push([date, HSA('VC99'), 'Okänd enhet', `${p.slice(0, 8)}-${p.slice(8)}`, 'Aktiv', '17', '1780'].join(';')); // unknown unit
      const q = person(rand);
      rows.push([date, HSA('FT14'), 'Kronoparken', `${q.slice(0, 8)}-${q.slice(8)}`, 'Aktiv', '17', '1780'].join(';')); // a physiotherapy clinic
      const o = person(rand);
      rows.push([date, HSA('VC25'), 'Årjäng vårdcentral (västra Värmland)', `${o.slice(0, 8)}-${o.slice(8)}`, 'Passiv', '13', '1765'].join(';')); // another county
    }
    files.set(`listing-${date}.csv`, `${[LISTING_HEAD, ...rows].join('\n')}\n`);
  }
  return files;
}

export function cniTable() {
  const rand = rng(20260201);
  const rows = ['Vårdenhet HSA-id;Giltig från;Giltig till;Befolkning;CNI;Kommunmottagna'];
  for (const [id, , , , , n] of VC_UNITS) {
    const cni = (0.6 + rand() * 1.1).toFixed(2).replace('.', ',');
    const km = String(Math.floor(rand() * 6));
    if (id === 'VC27') {
      // a new index from SCB from July
      rows.push([HSA(id), '2026-01-01', '2026-06-30', String(n), cni, km].join(';'));
      rows.push([HSA(id), '2026-07-01', '', String(n), '1,45', km].join(';'));
    } else rows.push([HSA(id), '2026-01-01', '', String(n), cni, km].join(';'));
  }
  return `${rows.join('\n')}\n`;
}

export function drugCosts() {
  const rand = rng(20260301);
  const rows = ['Vårdenhet HSA-id;Månad;Läkemedelsgrupp;Belopp'];
  const groups = ['B03AC', 'M05BA08', 'M05BX04', 'L02AE'];
  for (let month = 1; month <= 12; month++)
    for (const [id] of VC_UNITS.filter((_, i) => i % 3 === month % 3)) {
      const g = groups[Math.floor(rand() * groups.length)];
      rows.push([HSA(id), `2026-${String(month).padStart(2, '0')}`, g, (500 + rand() * 9000).toFixed(2).replace('.', ',')].join(';'));
    }
  rows.push([HSA('VC24'), '2026-05', 'J01CA', '1234,00'].join(';')); // not a requisition group of the rules: excluded
  return `${rows.join('\n')}\n`;
}

export function adjustments() {
  const rows = ['Vårdenhet HSA-id;Utbetalningsmånad;Kod;Belopp;Momsersättning;Notering'];
  for (let month = 2; month <= 12; month++) {
    const pm = `2026-${String(month).padStart(2, '0')}`;
    rows.push([HSA('VC24'), pm, 'ST', '42000,00', 'nej', 'ST-läkare, månadsersättning'].join(';'));
    rows.push([HSA('VC11'), pm, 'SÄBO', '8500,00', 'ja', 'SÄBO-uppdrag'].join(';'));
  }
  rows.push([HSA('VC27'), '2026-04', 'ASYL', '15600,00', 'ja', 'preliminär asylersättning'].join(';'));
  rows.push([HSA('VC12'), '2026-11', 'ANTIBIOTIKA', '13000,00', 'ja', 'Strama-godkänd egendeklaration 2026'].join(';'));
  rows.push([HSA('VC13'), '2026-09', 'KVALITETSAVDRAG', '-5000,00', 'nej', 'avtalsbrott, beslut HSN'].join(';'));
  rows.push([HSA('VC01'), '2027-01', 'JOUR', '22000,00', 'nej', 'jour december'].join(';'));
  return `${rows.join('\n')}\n`;
}

/** One snapshot of a region-size listing (≈ 290 000 persons over 30 units) for speed measurement. */
export function regionSnapshot(persons, date = '2026-12-31') {
  const rand = rng(290000);
  const lines = [LISTING_HEAD];
  for (let i = 0; i < persons; i++) {
    const [id, name, , , kommun] = VC_UNITS[i % VC_UNITS.length];
    const pid = person(rand);
    lines.push(`${date};${HSA(id)};${name};${pid.slice(0, 8)}-${pid.slice(8)};Aktiv;17;${kommun}`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--region');
  if (at >= 0) {
    const n = Number(process.argv[at + 1] ?? 290000);
    const dir = process.argv[at + 2] ?? '/tmp/vardval-region';
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'listing-2026-12-31.csv'), regionSnapshot(n));
    console.log(`region snapshot of ${n} persons written to ${dir}/listing-2026-12-31.csv`);
  } else {
    const dir = join(root, 'fixtures', 'listing');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of listingSnapshots()) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'cni-2026.csv'), cniTable());
    writeFileSync(join(dir, 'requisition-drugs-2026.csv'), drugCosts());
    writeFileSync(join(dir, 'adjustments-2026.csv'), adjustments());
    console.log(`vårdcentral fixtures written to ${dir}`);
  }
}
