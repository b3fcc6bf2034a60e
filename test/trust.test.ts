/**
 * Issue 8: values are validated like rule files, and shares never print as a boundary they are below.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal, formatShare } from '../src/model/decimal.js';
import { cli, cosmicCsv, dateFor, pnr, readCsv, registerCsv, tmp, writeFiles } from './helpers.js';

const SAMPLE = ['--year', '2026', '--clinics', 'fixtures/clinics.csv', 'fixtures/exports/'];

describe('--set and scenario values are validated like rule files (exit 2 naming the parameter)', () => {
  it.each([
    [
      'physio.counted_statuses=xyz',
      /--set: physio\.counted_statuses: 'xyz' not among the contact_status codes \(completed, no_show, cancelled, late_cancelled\)/,
    ],
    ['physio.sal_regi=other', /--set: physio\.sal_regi: 'other' not among the regi codes \(privat, egen\)/],
    ['physio.home_county=1;rm -rf x', /--set: physio\.home_county: expected a county code of two digits \(like 17\), got '1;rm -rf x'/],
    ['physio.counted_professions=physiotherapist,plumber', /--set: physio\.counted_professions: 'plumber' not among the profession codes/],
  ])('%s', (set, message) => {
    const out = join(tmp(), 'out');
    const r = cli(['calc', '--set', set, '--out', out, ...SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
  it('a scenario file with a code outside its vocabulary is exit 2 naming file and parameter', () => {
    const dir = tmp();
    writeFiles(dir, {
      's.yaml':
        'id: s\ntitle: t\ndescription: d\nsource: test\nbase_year: 2026\nparameters:\n  physio:\n    sal_regi:\n      value: [privat, kommunal]\n      unit: regi\n      status: assumed\n      source: test\n',
    });
    const r = cli(['calc', '--scenario', join(dir, 's.yaml'), '--out', join(dir, 'out'), ...SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml.*physio\.sal_regi.*'kommunal' not among the regi codes/);
  });
});

describe('shares are truncated, never rounded up to a boundary', () => {
  it('0.24995 prints 0.2499; 0.25 prints 0.25', () => {
    expect(formatShare(new Decimal('0.24995'))).toBe('0.2499');
    expect(formatShare(new Decimal('0.2499999'))).toBe('0.2499');
    expect(formatShare(new Decimal('0.25'))).toBe('0.25');
  });
  it('2017: 1 250 of 5 001 visits in focus groups (0.249950…) is shown as 0.2499 and takes the base tier', () => {
    const dir = tmp();
    const rows = Array.from({ length: 5001 }, (_, i) => ({
      clinic: 'SE-P',
      id: `P${i}`,
      date: dateFor(2017, i),
      patient: pnr(i % 900),
      diagnosis: i < 1250 ? 'G35' : 'M54.5',
    }));
    writeFiles(dir, { 'clinics.csv': registerCsv([{ id: 'SE-P', name: 'P', regi: 'privat', fte: '3', from: '2010-01-01' }]), 'cosmic.csv': cosmicCsv(rows) });
    const out = join(dir, 'out');
    const r = cli(['calc', '--year', '2017', '--clinics', join(dir, 'clinics.csv'), '--out', out, '--format', 'json', join(dir, 'cosmic.csv')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).clinics[0].focus_share).toBe('0.2499');
    // base tier: 1 700 visits per FTE × 3 FTE = 5 100 required
    expect(readCsv(readFileSync(join(out, 'deductions.csv'), 'utf8'))[0]!.visits_required).toBe('5100');
  });
});

describe("format profiles map professions into the rules' vocabulary", () => {
  it('a canonical profession outside it is an error naming the list', () => {
    const dir = tmp();
    const text = readFileSync('rules/formats/cosmic.yaml', 'utf8').replace('Fysioterapeut: physiotherapist', 'Fysioterapeut: plumber');
    writeFiles(dir, {
      'p.yaml': text,
      'clinics.csv': registerCsv([{ id: 'SE-P', name: 'P', regi: 'egen', fte: '1' }]),
      'e.csv': cosmicCsv([{ clinic: 'SE-P', id: '1', date: '2026-01-02', patient: pnr(1) }]),
    });
    const r = cli([
      'calc',
      '--year',
      '2026',
      '--clinics',
      join(dir, 'clinics.csv'),
      '--input-format',
      join(dir, 'p.yaml'),
      '--out',
      join(dir, 'out'),
      join(dir, 'e.csv'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /a canonical profession is one of physiotherapist, occupational_therapist, doctor, nurse, dietitian, counsellor, psychologist, naprapath/,
    );
  });
});
