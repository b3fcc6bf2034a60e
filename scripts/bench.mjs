#!/usr/bin/env node
// Paired benchmark: a full `vardval calc` and DuckDB (@duckdb/node-api), both on 2 threads, on the same
// synthetic Cosmic-layout export (default 2 000 000 rows, a year of the whole region), in the same
// run, each in its own process (wall time and max RSS of that process), alternating, and the
// per-clinic figures of the two checked equal (exit 1 if not).
//   npm run bench                        # 2 000 000 rows, 3 runs per side
//   npm run bench -- --rows 8000000      # 8 000 000 rows
//   npm run -s bench -- --runs 5 --json  # more runs; the result as JSON on stdout (-s: no npm banner)
// The export is generated once into bench-out/ (git-ignored) and reused while it matches (same
// rows, same generator version, same size as when written).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { rng, personnummer } from './make-fixtures.mjs';
import { differences, duckdbFigures, median, vardvalFigures } from './bench-figures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let opt;
try {
  opt = parseArgs({
    options: {
      rows: { type: 'string', default: '2000000' },
      runs: { type: 'string', default: '3' },
      threads: { type: 'string', default: '2' },
      json: { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  process.stderr.write(`bench: ${e.message}\nusage: npm run bench -- [--rows N] [--runs N] [--threads N] [--json]\n`);
  process.exit(2);
}
const ROWS = Number(opt.rows);
const RUNS = Number(opt.runs);
if (!Number.isInteger(ROWS) || ROWS < 1 || !Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write('bench: --rows and --runs take a positive whole number\n');
  process.exit(2);
}
const dir = join(root, 'bench-out');
const file = join(dir, `cosmic-bench-${ROWS}.csv`);
const metaFile = `${file}.json`;
const register = join(root, 'fixtures', 'clinics.csv');
const YEAR = 2026;
const rulesFile = join(root, 'rules', `ffu-${YEAR}.yaml`);
const profileFile = join(root, 'rules', 'formats', 'cosmic.yaml');

// Bump when the generated rows change, so an older file is not reused.
// 2: every fourth patient id written without the hyphen (YYYYMMDDNNNN), so unique patients must
//    join the two spellings of a person.
const GENERATOR = 2;
const HEAD =
  'Vårdenhet HSA-id;Vårdenhet;Kontakt-id;Kontaktdatum;Kontakttyp;Kontaktstatus;Yrkeskategori;Patient-id;Folkbokföringslän;Patientavgift;Huvuddiagnos';
const TYPES = [
  'Mottagningsbesök',
  'Mottagningsbesök',
  'Mottagningsbesök',
  'Mottagningsbesök',
  'Hembesök',
  'Gruppbesök',
  'Distanskontakt telefon',
  'Distanskontakt video',
  'Distanskontakt skriftlig',
  'Administrativ',
];
const STATUSES = ['Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Uteblivet', 'Avbokat'];
const PROFS = [
  'Fysioterapeut',
  'Fysioterapeut',
  'Fysioterapeut',
  'Fysioterapeut',
  'Fysioterapeut',
  'Fysioterapeut',
  'Fysioterapeut',
  'Fysioterapeut',
  'Arbetsterapeut',
  'Läkare',
];

/** A chunk of the export as Windows-1252 bytes; none in 0x80-0x9F, so Latin-1 reads it the same. */
function encode(lines) {
  const b = iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252');
  for (let i = 0; i < b.length; i++)
    if (b[i] >= 0x80 && b[i] <= 0x9f) throw new Error('bench export would hold a byte 0x80-0x9F: Latin-1 and Windows-1252 would read it differently');
  return b;
}

async function generate() {
  mkdirSync(dir, { recursive: true });
  const clinics = readFileSync(register, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(';'))
    .filter((c) => c[2] === 'fysioterapi' && c[7] === '' && c[6] <= '2026-01-01')
    .map((c) => [c[0], c[1]]);
  const rand = rng(42);
  const pool = Array.from({ length: 300_000 }, () => personnummer(rand));
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  let buf = [HEAD];
  const t0 = Date.now();
  for (let i = 0; i < ROWS; i++) {
    const [id, name] = clinics[i % clinics.length];
    const m = String(1 + Math.floor((i / ROWS) * 12)).padStart(2, '0');
    const d = String(1 + (i % 28)).padStart(2, '0');
    const pn = pool[Math.floor(rand() * pool.length)];
    const pid = i % 4 === 3 ? pn : `${pn.slice(0, 8)}-${pn.slice(8)}`;
    const r = Math.floor(rand() * 1000);
    buf.push(
      `${id};${name};B${i};2026-${m}-${d};${TYPES[r % 10]};${STATUSES[(r >> 2) % 10]};${PROFS[(r >> 4) % 10]};${pid};${r % 37 === 0 ? '18' : '17'};300,00;M54.5`,
    );
    if (buf.length >= 20_000) {
      if (!out.write(encode(buf))) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length) out.write(encode(buf));
  out.end();
  await once(out, 'finish');
  renameSync(tmp, file);
  writeFileSync(metaFile, `${JSON.stringify({ generator: GENERATOR, rows: ROWS, bytes: statSync(file).size })}\n`);
  process.stderr.write(`generated ${relative(root, file)} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

function matches() {
  if (!existsSync(file) || !existsSync(metaFile)) return false;
  try {
    const m = JSON.parse(readFileSync(metaFile, 'utf8'));
    return m.generator === GENERATOR && m.rows === ROWS && m.bytes === statSync(file).size;
  } catch {
    return false;
  }
}

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  process.stderr.write('bench: dist/cli.js is missing; run npm run build first\n');
  process.exit(2);
}
if (!matches()) await generate();
const size = statSync(file).size;

/** Runs one side in its own process: wall time from spawn to exit, and the process's max RSS. */
function run(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, cwd: root });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const kb = /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '')?.[1];
  const us = /BENCH_CPU_US=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, secs, mib: kb ? Number(kb) / 1024 : NaN, cpu: us ? Number(us) / 1e6 : NaN };
}

// vardval: the CLI's own main(), followed by its max RSS (the calc is the whole process).
const wrapper = `
  const { main } = await import(${JSON.stringify(join(root, 'dist', 'cli.js'))});
  await main(process.argv);
  const u = process.resourceUsage();
  process.stderr.write('\\nBENCH_MAXRSS_KB=' + u.maxRSS + '\\nBENCH_CPU_US=' + (u.userCPUTime + u.systemCPUTime) + '\\n');
`;
const SIDES = {
  vardval: [
    '--input-type=module',
    '-e',
    wrapper,
    '--',
    'vardval',
    'calc',
    '--year',
    String(YEAR),
    '--clinics',
    register,
    '--out',
    join(dir, 'out'),
    '--format',
    'json',
    '-q',
    '--threads',
    opt.threads,
    file,
  ],
  duckdb: [join(root, 'scripts', 'bench-duckdb.mjs'), '--rules', rulesFile, '--profile', profileFile, '--register', register, '--threads', opt.threads, file],
};

const load = loadavg()[0];
const times = { vardval: [], duckdb: [] };
const mem = { vardval: [], duckdb: [] };
const cpu = { vardval: [], duckdb: [] };
const outputs = { vardval: [], duckdb: [] };
for (let i = 0; i < RUNS; i++) {
  for (const side of i % 2 === 0 ? ['vardval', 'duckdb'] : ['duckdb', 'vardval']) {
    if (!opt.json) process.stderr.write(`run ${i + 1}/${RUNS}: ${side}…\n`);
    const r = run(SIDES[side]);
    // vardval's exit 1 = incomplete input (the synthetic export leaves the clinics that join or
    // leave during the year without rows): its figures are written all the same
    if (r.status !== 0 && !(side === 'vardval' && r.status === 1)) {
      process.stderr.write(r.stderr);
      process.stderr.write(`bench: the ${side} side failed (exit ${r.status})\n`);
      process.exit(2);
    }
    times[side].push(r.secs);
    mem[side].push(r.mib);
    cpu[side].push(r.cpu);
    outputs[side].push(JSON.parse(r.stdout));
  }
}

// The check: the same per-clinic figures, and the same rows read, from both sides, in every run
// (a side that gave different figures from run to run is as wrong as one that differs).
const [vardvalJson] = outputs.vardval;
const [duckJson] = outputs.duckdb;
const acc = vardvalJson.accounting;
const duckRows = duckJson.rows.reduce((a, r) => a + Number(r.rows_read), 0);
const duckDuplicates = duckJson.rows.reduce((a, r) => a + Number(r.duplicates), 0);
const v = vardvalFigures(vardvalJson);
const d = duckdbFigures(duckJson.rows);
const problems = differences(v, d);
for (const [i, o] of outputs.vardval.slice(1).entries()) problems.push(...differences(vardvalFigures(o), d, `vardval run ${i + 2}`));
for (const [i, o] of outputs.duckdb.slice(1).entries()) problems.push(...differences(v, duckdbFigures(o.rows), 'vardval', `DuckDB run ${i + 2}`));
if (acc.rows_read !== duckRows) problems.unshift(`rows read: vardval ${acc.rows_read}, DuckDB ${duckRows}`);
if ((acc.excluded.duplicate_contact ?? 0) !== duckDuplicates)
  problems.unshift(`duplicate contact ids: vardval ${acc.excluded.duplicate_contact ?? 0}, DuckDB ${duckDuplicates}`);
if (!acc.identity_holds) problems.unshift("vardval's accounting identity (read = counted + excluded + rejected) does not hold");
const rejected = Object.values(acc.rejected).reduce((a, b) => a + b, 0);
if (rejected) problems.unshift(`vardval rejected ${rejected} rows of the bench export (${JSON.stringify(acc.rejected)}); every row is valid`);
const countedTotal = [...v.values()].reduce((a, f) => a + f.counted_contacts, 0n);
if (countedTotal === 0n) problems.unshift('no counted contacts at all: the comparison would prove nothing');

const stat = (side) => {
  const t = median(times[side]);
  const m = Math.max(...mem[side]);
  return {
    median_s: round(t, 3),
    min_s: round(Math.min(...times[side]), 3),
    max_s: round(Math.max(...times[side]), 3),
    runs_s: times[side].map((x) => round(x, 3)),
    peak_mib: Math.round(m),
    rows_per_s: Math.round(acc.rows_read / t),
    cpu_s: round(median(cpu[side]), 3),
  };
};
function round(x, dp) {
  return Number(x.toFixed(dp));
}
const vs = stat('vardval');
const ds = stat('duckdb');
const ratio = { time: round(vs.median_s / ds.median_s, 2), memory: round(vs.peak_mib / ds.peak_mib, 2), cpu: round(vs.cpu_s / ds.cpu_s, 2) };
const cores = cpus();
const result = {
  machine: {
    cores: cores.length,
    cpu: cores[0]?.model?.trim() ?? 'unknown',
    memory_gib: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    load_at_start: round(load, 2),
  },
  file: { path: relative(root, file), rows: acc.rows_read, bytes: size, encoding: 'windows-1252', duckdb_reads_as: duckJson.encoding },
  runs: RUNS,
  vardval: { ...vs, threads: Number(opt.threads) },
  duckdb: { ...ds, version: duckJson.version, threads: duckJson.threads },
  ratio,
  figures_equal: problems.length === 0,
  clinics_compared: new Set([...v.keys(), ...duckJson.rows.map((r) => r.clinic_id)]).size,
  differences: problems,
};

if (opt.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const n = (x) => x.toLocaleString('en-US');
  const col = (s, w) => String(s).padEnd(w);
  const line = (name, s) =>
    `  ${col(name, 9)} ${col(`${s.median_s.toFixed(2)} s`, 9)} ${col(`${s.min_s.toFixed(2)}–${s.max_s.toFixed(2)} s`, 13)} ${col(`${s.peak_mib} MiB`, 10)} ${col(n(s.rows_per_s), 11)} ${s.cpu_s.toFixed(2)} s`;
  console.log(
    [
      `paired bench: vardval calc (${opt.threads} threads) vs DuckDB ${duckJson.version} (${duckJson.threads} threads), same file, each in its own process`,
      `machine:   ${result.machine.cores} cores (${result.machine.cpu}), ${result.machine.memory_gib} GiB, Node ${process.version}; load ${result.machine.load_at_start} at start (a shared machine gives noisy figures: compare runs, not single numbers)`,
      `file:      ${result.file.path}: ${n(acc.rows_read)} rows, ${(size / 1e6).toFixed(0)} MB, Windows-1252, Cosmic layout (DuckDB reads it as ${duckJson.encoding}: no byte 0x80–0x9F, so the same text)`,
      `figures:   ${problems.length === 0 ? `equal on ${result.clinics_compared} clinics, ${duckJson.rows.length} with rows` : 'DIFFERENT'} (counted contacts, counted visits, unique patients, patient fees); vardval counted ${n(acc.counted)}, excluded ${JSON.stringify(acc.excluded)}`,
      `runs:      ${RUNS} per side, alternating; wall time of the whole process (start-up, read, calculate, write), the highest peak RSS of the runs; CPU time is less disturbed by other jobs`,
      `  ${col('', 9)} ${col('median', 9)} ${col('min–max', 13)} ${col('peak RSS', 10)} ${col('rows/s', 11)} CPU (user+sys, median)`,
      line('vardval', vs),
      line('DuckDB', ds),
      `  ${col('ratio', 9)} ${col(`${ratio.time.toFixed(2)}×`, 9)} ${col('', 13)} ${col(`${ratio.memory.toFixed(2)}×`, 10)} ${col('', 11)} ${ratio.cpu.toFixed(2)}×  (vardval / DuckDB)`,
      ROWS < 2_000_000
        ? `target:    set on the 2 000 000-row file (not judged at ${n(ROWS)} rows)`
        : `target:    time ≤ 1.0× DuckDB (≤ 1.5× the floor), memory ≤ DuckDB's — ${ratio.time <= 1 && ratio.memory <= 1 ? 'met' : ratio.time <= 1.5 && ratio.memory <= 1 ? 'floor met' : 'not met'}${ROWS >= 8_000_000 ? `; ≤ 400 MiB at 8M rows — ${vs.peak_mib <= 400 ? 'met' : 'not met'}` : ''}`,
    ].join('\n'),
  );
}
if (problems.length) {
  process.stderr.write(
    `bench: the per-clinic figures differ between vardval and DuckDB:\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … ${problems.length - 20} more` : ''}\n`,
  );
  process.exit(1);
}
