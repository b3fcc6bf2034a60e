/**
 * The paired benchmark's comparison (scripts/bench-figures.mjs) and its DuckDB side
 * (scripts/bench-duckdb.mjs): the counting codes come from the rule file and the profile, the
 * comparison is exact and names every difference, and on a small export with every kind of
 * exclusion DuckDB's figures equal vardval's and the hand-computed ones. Nothing is timed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { countingCodes, differences, duckdbFigures, median, scaled, vardvalFigures, type Figures } from '../scripts/bench-figures.mjs';
import { COSMIC_HEADER, ROOT, cli, pnr, registerCsv, tmp, writeFiles } from './helpers.js';

const failsafe = (p: string): unknown => parseYaml(readFileSync(join(ROOT, p), 'utf8'), { schema: 'failsafe' });

describe('countingCodes: what DuckDB mirrors, from the rule file and the profile', () => {
  it('2026 rules on the Cosmic layout', () => {
    const c = countingCodes(failsafe('rules/ffu-2026.yaml'), failsafe('rules/formats/cosmic.yaml'));
    expect(c.weights).toEqual({
      Mottagningsbesök: '1',
      Hembesök: '1',
      Gruppbesök: '1',
      'Distanskontakt telefon': '1',
      'Distanskontakt video': '1',
      'Distanskontakt skriftlig': '0.2',
      Administrativ: '0',
    });
    expect(c.countedStatuses).toEqual(['Genomförd']);
    expect(c.countedProfessions).toEqual(['Fysioterapeut']);
    expect(c.allStatuses).toEqual(['Genomförd', 'Uteblivet', 'Avbokat', 'Sent avbokat']);
    expect(c.homeCounty).toBe('17');
  });
});

describe('scaled: exact decimal text as an integer', () => {
  it('reads plain decimals exactly', () => {
    expect(scaled('213.4')).toBe(2_134_000n);
    expect(scaled('48600.00')).toBe(486_000_000n);
    expect(scaled('288.2500')).toBe(2_882_500n);
    expect(scaled('-3')).toBe(-30_000n);
    expect(scaled('0.1', 2)).toBe(10n);
  });
  it('refuses what it cannot hold exactly', () => {
    expect(() => scaled('1.23456')).toThrow(/more than 4 decimals/);
    expect(() => scaled('1e3')).toThrow(/not a decimal/);
  });
});

const fig = (c: number, v: string, u: number, f: string): Figures => ({
  counted_contacts: BigInt(c),
  visits_counted: scaled(v),
  unique_patients: BigInt(u),
  patient_fees: scaled(f),
});

describe('differences', () => {
  it('equal figures: none; a clinic one side lacks counts as zeros', () => {
    const a = new Map([
      ['A', fig(2, '1.2', 1, '1150.5')],
      ['Z', fig(0, '0', 0, '0')],
    ]);
    const b = new Map([['A', fig(2, '1.20', 1, '1150.50')]]);
    expect(differences(a, b)).toEqual([]);
  });
  it('names the clinic, the figure and both values', () => {
    const a = new Map([['A', fig(2, '1.2', 1, '1150.5')]]);
    const b = new Map([
      ['A', fig(2, '1.2', 1, '1150.49')],
      ['B', fig(1, '1', 1, '0')],
    ]);
    expect(differences(a, b)).toEqual([
      'A patient_fees: vardval 1150.5, DuckDB 1150.49',
      'B counted_contacts: vardval 0, DuckDB 1',
      'B visits_counted: vardval 0, DuckDB 1',
      'B unique_patients: vardval 0, DuckDB 1',
    ]);
  });
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("bench-duckdb.mjs computes vardval's figures", () => {
  it('on an export with every exclusion, both spellings of a person and a decimal fee', () => {
    const dir = tmp();
    const [p1, p2] = [pnr(1), pnr(2)];
    const rows = [
      ['SE-A', 'K1', '2026-01-10', 'Mottagningsbesök', 'Genomförd', 'Fysioterapeut', `${p1.slice(0, 8)}-${p1.slice(8)}`, '17', '300,00'],
      ['SE-A', 'K2', '2026-02-10', 'Distanskontakt skriftlig', 'Genomförd', 'Fysioterapeut', p1, '17', '0,00'], // same person, other spelling
      ['SE-A', 'K3', '2026-03-10', 'Mottagningsbesök', 'Uteblivet', 'Fysioterapeut', p2, '17', '600,00'], // fee only
      ['SE-A', 'K4', '2026-04-10', 'Mottagningsbesök', 'Genomförd', 'Arbetsterapeut', p2, '17', '150,50'], // fee only
      ['SE-A', 'K5', '2026-05-10', 'Administrativ', 'Genomförd', 'Fysioterapeut', p2, '17', '100,00'], // weight 0: fee only
      ['SE-A', 'K6', '2026-05-11', 'Mottagningsbesök', 'Genomförd', 'Fysioterapeut', p2, '18', '300,00'], // out of county
      ['SE-B', 'K7', '2026-03-01', 'Mottagningsbesök', 'Genomförd', 'Fysioterapeut', p2, '17', '300,00'], // before its contract
      ['SE-B', 'K8', '2026-08-01', 'Hembesök', 'Genomförd', 'Fysioterapeut', p2, '17', '0,00'],
      ['SE-C', 'K9', '2026-06-01', 'Mottagningsbesök', 'Genomförd', 'Fysioterapeut', p1, '17', '300,00'], // a vårdcentral
    ].map(([c, ...r]) => [c, 'Klinik', ...r, 'M54.5'].join(';'));
    writeFiles(dir, {
      'clinics.csv': registerCsv([
        { id: 'SE-A', name: 'A', regi: 'privat', fte: '1' },
        { id: 'SE-B', name: 'B', regi: 'egen', fte: '1', from: '2026-07-01' },
        { id: 'SE-C', name: 'C', regi: 'egen', fte: '1', vardval: 'vardcentral' },
      ]),
      'e.csv': iconv.encode(`${[COSMIC_HEADER, ...rows].join('\r\n')}\r\n`, 'win1252'),
    });
    const v = cli(['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--out', join(dir, 'out'), '--format', 'json', '-q', join(dir, 'e.csv')]);
    // exit 1: the input is incomplete (A has no rows June–August, B none in September–December…); the figures are written
    expect(v.code, v.stderr).toBe(1);
    const d = spawnSync(
      process.execPath,
      [
        join(ROOT, 'scripts', 'bench-duckdb.mjs'),
        '--rules',
        join(ROOT, 'rules', 'ffu-2026.yaml'),
        '--profile',
        join(ROOT, 'rules', 'formats', 'cosmic.yaml'),
        '--register',
        join(dir, 'clinics.csv'),
        join(dir, 'e.csv'),
      ],
      { encoding: 'utf8' },
    );
    expect(d.status, d.stderr).toBe(0);
    const duck = duckdbFigures((JSON.parse(d.stdout) as { rows: Record<string, string>[] }).rows);
    const expected = new Map([
      ['SE-A', fig(2, '1.2', 1, '1150.50')],
      ['SE-B', fig(1, '1', 1, '0')],
    ]);
    expect(differences(expected, duck, 'hand', 'DuckDB')).toEqual([]);
    expect(differences(expected, vardvalFigures(JSON.parse(v.stdout)), 'hand', 'vardval')).toEqual([]);
  });
});
