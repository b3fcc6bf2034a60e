#!/usr/bin/env node
// The packaging check (run by .ci/run after npm test; about 50 s, too slow for npm test):
// `npm pack` on a copy of the checkout (its prepack builds dist/ there, so the dist/ of this
// checkout, which running tests use, is never removed), installs the tarball into a temporary
// prefix from the npm cache (--offline, runtime dependencies only, no scripts), and runs the
// installed `vardval` from another directory: --version, rules list, and a calc on the sample.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'vardval-pack-'));
const fail = (msg) => {
  process.stderr.write(`pack-check: FAIL: ${msg}\n(left in ${work})\n`);
  process.exit(1);
};
const npm = (args, cwd) => {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`npm ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
};

const copy = join(work, 'checkout');
for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'CHANGELOG.md', 'bin', 'rules', 'schemas', 'src'])
  cpSync(join(root, f), join(copy, f), { recursive: true });
symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
npm(['pack', '--pack-destination', work, '--silent'], copy);
const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
if (!tarball) fail('npm pack wrote no tarball');

const listing = execFileSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' }).split('\n');
for (const need of [
  'package/dist/cli.js',
  'package/bin/vardval.js',
  'package/rules/ffu-2026.yaml',
  'package/rules/scenarios/unique-patient-deduction-800.yaml',
  'package/schemas/payout.schema.json',
  'package/README.md',
  'package/CHANGELOG.md',
])
  if (!listing.includes(need)) fail(`the tarball lacks ${need}`);
for (const never of ['package/src/', 'package/test/', 'package/fixtures/']) if (listing.some((f) => f.startsWith(never))) fail(`the tarball ships ${never}`);

const prefix = join(work, 'prefix');
npm(['install', '--prefix', prefix, '--offline', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', join(work, tarball)], work);
const bin = join(prefix, 'node_modules', '.bin', 'vardval');
if (!existsSync(bin)) fail('no node_modules/.bin/vardval after install');

const elsewhere = mkdtempSync(join(tmpdir(), 'vardval-elsewhere-'));
const run = (args) => {
  const r = spawnSync(bin, args, { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) fail(`vardval ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
};
if (run(['--version']).trim() !== pkg.version) fail(`--version is not ${pkg.version}`);
const rules = run(['rules', 'list', '--format', 'json']);
const years = JSON.parse(rules).years.map((y) => y.year);
if (!years.includes(2026)) fail(`rules list from another directory lacks 2026: ${years}`);
const calc = JSON.parse(
  run([
    'calc',
    '--year',
    '2026',
    '--scenario',
    'unique-patient-deduction-800',
    '--clinics',
    join(root, 'fixtures', 'clinics.csv'),
    '--out',
    join(elsewhere, 'out'),
    '--format',
    'json',
    '-q',
    join(root, 'fixtures', 'exports'),
  ]),
);
if (calc.tool.version !== pkg.version || calc.rules.scenarios.length !== 1)
  fail('calc from the installed package did not run with the bundled rules and scenario');

rmSync(work, { recursive: true, force: true });
rmSync(elsewhere, { recursive: true, force: true });
process.stdout.write(
  `pack-check: ok: ${tarball} (${listing.filter(Boolean).length} entries) installs offline and runs from another directory (version ${pkg.version}, years ${years.join(' ')})\n`,
);
