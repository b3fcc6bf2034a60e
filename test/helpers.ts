/** Shared test helpers: synthetic people, export writers, running the built CLI. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { luhnCheckDigit } from '../src/input/patient-id.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'vardval.js');

export function tmp(prefix = 'vardval-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The n-th synthetic personnummer (YYYYMMDDNNNN, valid check digit), born 1950–1999. */
export function pnr(n: number): string {
  const y = 1950 + (n % 50);
  const m = 1 + (Math.floor(n / 50) % 12);
  const d = 1 + (Math.floor(n / 600) % 28);
  const serial = String(100 + (Math.floor(n / 16800) % 900)).padStart(3, '0');
  const date = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  return `${date}${serial}${luhnCheckDigit(date.slice(2) + serial)}`;
}

export interface Row {
  clinic: string;
  name?: string;
  id: string;
  date: string; // YYYY-MM-DD
  type?: 'clinic_visit' | 'home_visit' | 'group_visit' | 'phone' | 'video' | 'written' | 'administrative';
  status?: 'completed' | 'no_show' | 'cancelled' | 'late_cancelled';
  profession?: 'physiotherapist' | 'occupational_therapist' | 'doctor';
  patient: string;
  county?: string;
  fee?: string; // decimal point
  diagnosis?: string;
}

const COSMIC = {
  type: {
    clinic_visit: 'Mottagningsbesök',
    home_visit: 'Hembesök',
    group_visit: 'Gruppbesök',
    phone: 'Distanskontakt telefon',
    video: 'Distanskontakt video',
    written: 'Distanskontakt skriftlig',
    administrative: 'Administrativ',
  },
  status: { completed: 'Genomförd', no_show: 'Uteblivet', cancelled: 'Avbokat', late_cancelled: 'Sent avbokat' },
  profession: { physiotherapist: 'Fysioterapeut', occupational_therapist: 'Arbetsterapeut', doctor: 'Läkare' },
};
const LOVISA = {
  type: { clinic_visit: 'BESOK', home_visit: 'HEMBESOK', group_visit: 'GRUPP', phone: 'TEL', video: 'VIDEO', written: 'SKRIFTLIG', administrative: 'ADM' },
  status: { completed: 'G', no_show: 'U', cancelled: 'A', late_cancelled: 'S' },
  profession: { physiotherapist: 'FT', occupational_therapist: 'AT', doctor: 'LK' },
};

export const COSMIC_HEADER =
  'Vårdenhet HSA-id;Vårdenhet;Kontakt-id;Kontaktdatum;Kontakttyp;Kontaktstatus;Yrkeskategori;Patient-id;Folkbokföringslän;Patientavgift;Huvuddiagnos';
export const LOVISA_HEADER = 'Period;EnhetsID;Enhetsnamn;KontaktID;Datum;Kontaktform;Status;Yrke;PatientID;Lan;Avgift';

/** Cosmic layout: Windows-1252, CRLF, decimal comma, id written YYYYMMDD-NNNN. */
export function cosmicCsv(rows: Row[]): Buffer {
  const lines = rows.map((r) =>
    [
      r.clinic,
      r.name ?? 'Klinik',
      r.id,
      r.date,
      COSMIC.type[r.type ?? 'clinic_visit'],
      COSMIC.status[r.status ?? 'completed'],
      COSMIC.profession[r.profession ?? 'physiotherapist'],
      `${r.patient.slice(0, 8)}-${r.patient.slice(8)}`,
      r.county ?? '17',
      (r.fee ?? '0.00').replace('.', ','),
      r.diagnosis ?? '',
    ].join(';'),
  );
  return iconv.encode(`${[COSMIC_HEADER, ...lines].join('\r\n')}\r\n`, 'win1252');
}

/** Lovisa layout: UTF-8, LF, decimal point, 12-digit id. */
export function lovisaCsv(rows: Row[]): Buffer {
  const lines = rows.map((r) =>
    [
      r.date.slice(0, 7),
      r.clinic,
      r.name ?? 'Klinik',
      r.id,
      r.date.replace(/-/g, ''),
      LOVISA.type[r.type ?? 'clinic_visit'],
      LOVISA.status[r.status ?? 'completed'],
      LOVISA.profession[r.profession ?? 'physiotherapist'],
      r.patient,
      r.county ?? '17',
      r.fee ?? '0.00',
    ].join(';'),
  );
  return Buffer.from(`${[LOVISA_HEADER, ...lines].join('\n')}\n`, 'utf8');
}

export interface RegisterRow {
  id: string;
  name: string;
  regi: 'privat' | 'egen';
  fte: string;
  from?: string;
  to?: string;
  specialists?: string;
  vardval?: 'fysioterapi' | 'vardcentral';
}

export function registerCsv(rows: RegisterRow[]): string {
  return `${[
    'clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists',
    ...rows.map((r) =>
      [r.id, r.name, r.vardval ?? 'fysioterapi', r.regi, 'Karlstad', r.fte, r.from ?? '2020-01-01', r.to ?? '', r.specialists ?? '0'].join(';'),
    ),
  ].join('\n')}\n`;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Spread n items over the days of a year's months, deterministic. */
export function dateFor(year: number, i: number, months = 12, firstMonth = 1): string {
  const m = firstMonth + (i % months);
  const d = 1 + (Math.floor(i / months) % 28);
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/) like a user would. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Parse a machine CSV into objects keyed by header. */
export function readCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** The two clinics of issue 2's worked checks (DOMAIN.md §1). */
export const PRIV = 'SE-PRIV';
export const EGEN = 'SE-EGEN';

/**
 * Issue 2's example activity in a fresh directory: a private clinic, 1.0 FTE all year, with
 * 1 100 completed clinic visits and 50 written contacts by 230 patients (Cosmic layout), and an
 * egen-regi clinic of 2.5 FTE from 1 July with 60 visits (Lovisa layout).
 * @returns the directory and the input arguments (--clinics … exports/) for the CLI
 */
export function issue2Activity(year: number, opts: { feeOfVisit?: (i: number) => string } = {}): { dir: string; args: string[] } {
  const dir = tmp();
  const priv: Row[] = [
    ...Array.from(
      { length: 1100 },
      (_, i): Row => ({
        clinic: PRIV,
        name: 'Privat Fysio',
        id: `P${i}`,
        date: dateFor(year, i),
        patient: pnr(i % 230),
        ...(opts.feeOfVisit ? { fee: opts.feeOfVisit(i) } : {}),
      }),
    ),
    ...Array.from(
      { length: 50 },
      (_, i): Row => ({ clinic: PRIV, name: 'Privat Fysio', id: `W${i}`, date: dateFor(year, i), type: 'written', patient: pnr(i % 230) }),
    ),
  ];
  writeFiles(dir, {
    'clinics.csv': registerCsv([
      { id: PRIV, name: 'Privat Fysio', regi: 'privat', fte: '1' },
      { id: EGEN, name: 'Egen Fysio', regi: 'egen', fte: '2.5', from: `${year}-07-01` },
    ]),
    'exports/cosmic.csv': cosmicCsv(priv),
    'exports/lovisa.csv': lovisaCsv(
      Array.from({ length: 60 }, (_, i) => ({ clinic: EGEN, id: `E${i}`, date: dateFor(year, i, 6, 7), patient: pnr(1000 + i) })),
    ),
  });
  return { dir, args: ['--clinics', join(dir, 'clinics.csv'), join(dir, 'exports')] };
}
