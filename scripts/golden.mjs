#!/usr/bin/env node
// Golden outputs of the CLI on the bundled data: every file and stdout of a fixed list of runs.
// `node scripts/golden.mjs --update` rewrites test/golden/ (do it deliberately: the diff is the
// change in the sample outputs); test/golden.test.ts runs the same list and compares bytes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const GOLDEN_DIR = join(ROOT, 'test', 'golden');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** name → CLI arguments; `OUT` is replaced by a fresh temporary directory whose files are kept too. */
export const RUNS = {
  'calc-2026': ['calc', '--year', '2026', '--clinics', 'fixtures/clinics.csv', '--out', 'OUT', 'fixtures/exports/'],
  'calc-2026-json': ['calc', '--year', '2026', '--clinics', 'fixtures/clinics.csv', '--format', 'json', '--out', 'OUT', 'fixtures/exports/'],
  'calc-2026-excel': [
    'calc',
    '--year',
    '2026',
    '--clinics',
    'fixtures/clinics.csv',
    '--csv-dialect',
    'excel-sv',
    '--from',
    '2026-02',
    '--to',
    '2026-05',
    '--out',
    'OUT',
    'fixtures/exports/',
  ],
  'calc-2025-archive': ['calc', '--year', '2025', '--clinics', 'fixtures/archive-2025/clinics.csv', '--out', 'OUT', 'fixtures/archive-2025/exports/'],
  'explain-ft14': ['explain', '--year', '2026', '--clinic', 'SE2321000017-FT14', '--clinics', 'fixtures/clinics.csv', 'fixtures/exports/'],
  'explain-fp01-json': [
    'explain',
    '--year',
    '2026',
    '--clinic',
    'SE2321000017-FP01',
    '--clinics',
    'fixtures/clinics.csv',
    '--format',
    'json',
    'fixtures/exports/',
  ],
  'payout-2026-04': ['payout', '--month', '2026-04', '--clinics', 'fixtures/clinics.csv', '--out', '-', 'fixtures/exports/'],
  'payout-2027-01-json': [
    'payout',
    '--month',
    '2027-01',
    '--clinics',
    'fixtures/clinics.csv',
    '--format',
    'json',
    '--out',
    'OUT/payout.csv',
    'fixtures/exports/',
  ],
  'compare-2025-2026': ['compare', '--year', '2026', '--against-year', '2025', '--clinics', 'fixtures/clinics.csv', '--out', 'OUT', 'fixtures/exports/'],
  'compare-2025-2026-json': [
    'compare',
    '--year',
    '2026',
    '--against-year',
    '2025',
    '--clinics',
    'fixtures/clinics.csv',
    '--format',
    'json',
    '--out',
    'OUT',
    'fixtures/exports/',
  ],
  'check-archive': [
    'check',
    '--year',
    '2025',
    '--clinics',
    'fixtures/archive-2025/clinics.csv',
    '--baseline',
    'fixtures/archive-2025/signed',
    'fixtures/archive-2025/exports/',
  ],
  'rules-diff-2025-2026': ['rules', 'diff', '2025', '2026'],
  'calc-2026-both': ['calc', '--year', '2026', '--clinics', 'fixtures/clinics.csv', '--out', 'OUT', 'fixtures/exports/', 'fixtures/listing/'],
  'calc-2026-vardcentral-json': [
    'calc',
    '--year',
    '2026',
    '--clinics',
    'fixtures/clinics.csv',
    '--format',
    'json',
    '--from',
    '2026-12',
    '--to',
    '2026-12',
    '--out',
    'OUT',
    'fixtures/listing/',
  ],
  'explain-vc11-march': [
    'explain',
    '--year',
    '2026',
    '--clinic',
    'SE2321000017-VC11',
    '--clinics',
    'fixtures/clinics.csv',
    '--from',
    '2026-03',
    '--to',
    '2026-03',
    'fixtures/listing/',
  ],
  'payout-2026-04-both': [
    'payout',
    '--month',
    '2026-04',
    '--no-strict',
    '--clinics',
    'fixtures/clinics.csv',
    '--out',
    '-',
    'fixtures/exports/',
    'fixtures/listing/',
  ],
  'compare-2025-2026-vardcentral': [
    'compare',
    '--year',
    '2026',
    '--against-year',
    '2025',
    '--clinics',
    'fixtures/clinics.csv',
    '--out',
    'OUT',
    'fixtures/listing/',
  ],
  'rules-test': ['rules', 'test'],
};

/** The outputs of one run: 'stdout', 'exit' and each file the run wrote. */
export function runGolden(args) {
  const out = mkdtempSync(join(tmpdir(), 'vardval-golden-'));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'vardval.js'), ...args.map((a) => a.replace(/^OUT/, out))], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    // the tool's version changes with every release, not with the figures
    const norm = (text) => text.replaceAll(out, 'OUT').replaceAll(`"version": "${VERSION}"`, '"version": "VERSION"');
    const files = { stdout: norm(r.stdout), exit: `${String(r.status)}\n` };
    // the outputs are symlinks into out/.vardval/ (one atomic set): read what they point to, not the bookkeeping
    for (const f of readdirSync(out)
      .filter((x) => !x.startsWith('.'))
      .sort())
      files[f] = norm(readFileSync(join(out, f), 'utf8'));
    return files;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv.includes('--update')) {
  rmSync(GOLDEN_DIR, { recursive: true, force: true });
  for (const [name, args] of Object.entries(RUNS)) {
    const dir = join(GOLDEN_DIR, name);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(runGolden(args))) writeFileSync(join(dir, f), text);
    process.stderr.write(`${name}\n`);
  }
}
