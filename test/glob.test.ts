/** One glob (tinyglobby) for inputs and rule files: `**`, deterministic order, skipped files named. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInputs } from '../src/input/expand.js';
import { listProfiles } from '../src/input/profile.js';
import { listRuleFiles } from '../src/rules/load.js';
import { listTestFiles } from '../src/rules/rule-tests.js';
import { listScenarioFiles } from '../src/rules/scenario.js';
import { matchPattern } from '../src/util/glob.js';
import { ROOT, tmp } from './helpers.js';

/** exports/ with two years in subdirectories, a month as .txt, a hidden directory and an upper-case .CSV. */
function tree(): string {
  const d = tmp('vardval-glob-');
  const files = [
    'exports/2025/cosmic-2025-12.csv',
    'exports/2026/cosmic-2026-02.csv',
    'exports/2026/cosmic-2026-01.csv',
    'exports/2026/notes.txt',
    'exports/2026/old/cosmic-2026-01.csv',
    'exports/.vardval/run-1/payment-basis.csv',
    'exports/lovisa-2026-01.CSV',
    'exports/cosmic-2026-03.txt',
    'exports/.hidden.csv',
  ];
  for (const f of files) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), 'x\n');
  }
  return d;
}

describe('input patterns', () => {
  const d = tree();
  const rel = (fs: string[]): string[] => fs.map((f) => relative(d, f));
  it('** walks subdirectories, sorted, hidden directories left out', () => {
    expect(rel(listInputs([join(d, 'exports/**/*.csv')]).files)).toEqual([
      'exports/2025/cosmic-2025-12.csv',
      'exports/2026/cosmic-2026-01.csv',
      'exports/2026/cosmic-2026-02.csv',
      'exports/2026/old/cosmic-2026-01.csv',
    ]);
  });
  it('a pattern in a middle segment, and the order of arguments never matters', () => {
    const a = listInputs([join(d, 'exports/*/cosmic-2026-0?.csv'), join(d, 'exports/2025/cosmic-2025-12.csv')]).files;
    const b = listInputs([join(d, 'exports/2025/cosmic-2025-12.csv'), join(d, 'exports/*/cosmic-2026-0?.csv')]).files;
    expect(rel(a)).toEqual(['exports/2025/cosmic-2025-12.csv', 'exports/2026/cosmic-2026-01.csv', 'exports/2026/cosmic-2026-02.csv']);
    expect(b).toEqual(a);
  });
  it('a relative pattern gives paths in the spelling it was asked in', () => {
    const cwd = process.cwd();
    process.chdir(d);
    try {
      expect(matchPattern('exports/2026/*.csv')).toEqual(['exports/2026/cosmic-2026-01.csv', 'exports/2026/cosmic-2026-02.csv']);
      expect(matchPattern('./exports/2025/*.csv')).toEqual(['exports/2025/cosmic-2025-12.csv']);
    } finally {
      process.chdir(cwd);
    }
  });
  it('a pattern that matches nothing is an input error naming it', () => {
    expect(() => listInputs([join(d, 'exports/**/*.xlsx')])).toThrow(/no file matches this pattern/);
  });
  it('an existing file whose name has glob characters is read as it is named', () => {
    const f = join(d, 'exports/2026/export [1].csv');
    writeFileSync(f, 'x\n');
    expect(listInputs([f]).files).toEqual([f]);
  });
});

describe('a directory argument', () => {
  const d = tree();
  it('reads its *.csv files (any case, hidden ones too) and names every other entry with why', () => {
    const r = listInputs([join(d, 'exports')]);
    expect(r.files.map((f) => relative(d, f))).toEqual(['exports/.hidden.csv', 'exports/lovisa-2026-01.CSV']);
    expect(r.skipped.map((s) => ({ ...s, file: relative(d, s.file) }))).toEqual([
      { file: 'exports/.vardval', reason: 'a directory (subdirectories are not read)' },
      { file: 'exports/2025', reason: 'a directory (subdirectories are not read)' },
      { file: 'exports/2026', reason: 'a directory (subdirectories are not read)' },
      { file: 'exports/cosmic-2026-03.txt', reason: 'not a .csv file (only *.csv files of a directory are read)' },
    ]);
  });
  it('a directory without .csv files is an input error', () => {
    expect(() => listInputs([join(d, 'exports/.vardval')])).toThrow(/the directory has no \.csv files/);
  });
});

describe('rule-file lookups', () => {
  it('list the bundled files in order through the same glob', () => {
    expect(listRuleFiles().map((r) => r.year)).toEqual([2017, 2025, 2026, 2027]);
    expect(listScenarioFiles().map((f) => relative(ROOT, f))).toEqual(['rules/scenarios/unique-patient-deduction-800.yaml']);
    expect(listTestFiles().map((f) => relative(ROOT, f))).toEqual([...listTestFiles().map((f) => relative(ROOT, f))].sort());
    expect(listProfiles().map((p) => relative(ROOT, p.file))).toEqual(
      ['adjustments', 'cni', 'cosmic', 'flisa-listing', 'lovisa', 'requisition-drugs'].map((f) => `rules/formats/${f}.yaml`),
    );
  });
  it('only ffu-YYYY.yaml is a rule file; a missing directory has none', () => {
    const d = tmp('vardval-rules-');
    for (const f of ['ffu-2026.yaml', 'ffu-2025.yml', 'ffu-26.yaml', 'ffu-2026-draft.yaml', 'notes.yaml']) writeFileSync(join(d, f), '');
    expect(listRuleFiles(d).map((r) => relative(d, r.file))).toEqual(['ffu-2025.yml', 'ffu-2026.yaml']);
    expect(listRuleFiles(join(d, 'nowhere'))).toEqual([]);
  });
});
