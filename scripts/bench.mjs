#!/usr/bin/env node
// Benchmark of a full `vardval calc` on a synthetic Cosmic-layout export (default 2 000 000 rows,
// a year of the whole region). Prints rows/s and peak memory (max RSS of the calc process).
//   npm run bench                 # 2 000 000 rows
//   npm run bench -- --rows 500000
// The export is generated once into bench-out/ (git-ignored) and reused while its size matches.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { rng, personnummer } from './make-fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const rowsArg = argv.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(argv[rowsArg + 1]) : 2_000_000;
const dir = join(root, 'bench-out');
const file = join(dir, `cosmic-bench-${ROWS}.csv`);
const register = join(root, 'fixtures', 'clinics.csv');

const HEAD = 'Vårdenhet HSA-id;Vårdenhet;Kontakt-id;Kontaktdatum;Kontakttyp;Kontaktstatus;Yrkeskategori;Patient-id;Folkbokföringslän;Patientavgift;Huvuddiagnos';
const TYPES = ['Mottagningsbesök', 'Mottagningsbesök', 'Mottagningsbesök', 'Mottagningsbesök', 'Hembesök', 'Gruppbesök', 'Distanskontakt telefon', 'Distanskontakt video', 'Distanskontakt skriftlig', 'Administrativ'];
const STATUSES = ['Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Genomförd', 'Uteblivet', 'Avbokat'];
const PROFS = ['Fysioterapeut', 'Fysioterapeut', 'Fysioterapeut', 'Fysioterapeut', 'Fysioterapeut', 'Fysioterapeut', 'Fysioterapeut', 'Fysioterapeut', 'Arbetsterapeut', 'Läkare'];

async function generate() {
  mkdirSync(dir, { recursive: true });
  const clinics = readFileSync(register, 'utf8').trim().split('\n').slice(1).map((l) => l.split(';'))
    .filter((c) => c[2] === 'fysioterapi' && c[7] === '' && c[6] <= '2026-01-01').map((c) => [c[0], c[1]]);
  const rand = rng(42);
  const pool = Array.from({ length: 300_000 }, () => personnummer(rand));
  const out = createWriteStream(file);
  let buf = [HEAD];
  const t0 = Date.now();
  for (let i = 0; i < ROWS; i++) {
    const [id, name] = clinics[i % clinics.length];
    const m = String(1 + Math.floor((i / ROWS) * 12)).padStart(2, '0');
    const d = String(1 + (i % 28)).padStart(2, '0');
    const pid = pool[Math.floor(rand() * pool.length)];
    const r = Math.floor(rand() * 1000);
    buf.push(`${id};${name};B${i};2026-${m}-${d};${TYPES[r % 10]};${STATUSES[(r >> 2) % 10]};${PROFS[(r >> 4) % 10]};${pid.slice(0, 8)}-${pid.slice(8)};${r % 37 === 0 ? '18' : '17'};300,00;M54.5`);
    if (buf.length >= 20_000) {
      if (!out.write(iconv.encode(buf.join('\r\n') + '\r\n', 'win1252'))) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length) out.write(iconv.encode(buf.join('\r\n') + '\r\n', 'win1252'));
  out.end();
  await once(out, 'finish');
  process.stderr.write(`generated ${file} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (!existsSync(file)) await generate();
const size = statSync(file).size;

// The calc runs in its own process; /proc-free peak memory via the child's resource usage,
// reported by a tiny wrapper so the figure is the calc process's own max RSS.
const wrapper = `
  const { main } = await import(${JSON.stringify(join(root, 'dist', 'cli.js'))});
  await main(process.argv);
  process.stderr.write('\\nBENCH_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n');
`;
const t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, '--', 'vardval', 'calc', '--year', '2026', '--clinics', register, '--out', join(dir, 'out'), '--format', 'json', '-q', file], {
  encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
});
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
// exit 1 = incomplete input (the synthetic export leaves two contracted clinics without rows): the figures are written
if (r.status !== 0 && r.status !== 1) {
  process.stderr.write(r.stderr);
  process.exit(r.status ?? 2);
}
const rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
const acc = JSON.parse(r.stdout).accounting;
console.log(`rows:        ${acc.rows_read.toLocaleString('en-US')} (${(size / 1e6).toFixed(0)} MB, Windows-1252, Cosmic layout)`);
console.log(`time:        ${secs.toFixed(2)} s (whole process: start-up, read, calculate, write)`);
console.log(`throughput:  ${Math.round(acc.rows_read / secs).toLocaleString('en-US')} rows/s`);
console.log(`peak memory: ${rss.toFixed(0)} MB (max RSS)`);
console.log(`accounting:  counted ${acc.counted}, excluded ${JSON.stringify(acc.excluded)}, identity ${acc.identity_holds ? 'holds' : 'BROKEN'}`);
console.log(`target:      < 10 s and < 500 MB on 2 cores — ${secs < 10 && rss < 500 ? 'met' : 'NOT met'}`);
