#!/usr/bin/env node
// The DuckDB side of the paired benchmark (scripts/bench.mjs), run in its own process so its
// peak memory is measured like vardval's. Computes per clinic, from one export, the figures
// `vardval calc` computes: counted contacts, counted visits (weighted), unique patients and the
// patient fees subtracted; prints them as JSON on stdout and its max RSS on stderr.
//   node scripts/bench-duckdb.mjs --rules R.yaml --profile P.yaml --register clinics.csv [--threads 2] FILE
//
// The SQL mirrors src/model/classify.ts for a whole-year run of one file (no --from/--to):
//   duplicate contact id    -> hashed per clinic, reported as a count (see `duplicates` below)
//   unknown clinic / not the vårdval / no contract on the contact date -> left join on the register
//   out of the home county  -> neither counted nor fee
//   status, profession, zero weight -> not counted, but the fee is an advance (a no-show fee too)
//   unique patients: distinct 12-digit personnummer, written YYYYMMDD-NNNN or YYYYMMDDNNNN
//   (the two spellings the bench export uses; 10-digit ids with a century guess are not mirrored)
// The codes, weights, counted statuses and professions and the home county come from the rule
// file and the format profile (bench-figures.mjs `countingCodes`), not from this file. What DuckDB
// does not do is vardval's row-level checking (check digits, rejects with reasons, masking): on
// the bench export every row is valid, and the harness checks the rows read are the same.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { DuckDBInstance } from '@duckdb/node-api';
import { countingCodes } from './bench-figures.mjs';

const { values: opt, positionals } = parseArgs({
  options: {
    rules: { type: 'string' },
    profile: { type: 'string' },
    register: { type: 'string' },
    threads: { type: 'string', default: '2' },
    vardval: { type: 'string', default: 'fysioterapi' },
  },
  allowPositionals: true,
});
const file = positionals[0];
if (!file || !opt.rules || !opt.profile || !opt.register) {
  process.stderr.write('usage: bench-duckdb.mjs --rules R --profile P --register CSV [--threads N] FILE\n');
  process.exit(2);
}
const failsafe = (path) => parseYaml(readFileSync(path, 'utf8'), { schema: 'failsafe' });
const profile = failsafe(opt.profile);
const rules = countingCodes(failsafe(opt.rules), profile);

const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
// DuckDB 1.5 reads utf-8, utf-16 and latin-1 without the (downloaded) encodings extension.
// Windows-1252 and Latin-1 differ only in bytes 0x80-0x9F, which DuckDB refuses in a latin-1
// file ("File is not latin-1 encoded"), so a Windows-1252 file it accepts is decoded exactly.
const ENCODING = { 'windows-1252': 'latin-1', 'iso-8859-1': 'latin-1', 'utf-8': 'utf-8' };
const DATE = { 'YYYY-MM-DD': '%Y-%m-%d', YYYYMMDD: '%Y%m%d' };
const encoding = ENCODING[profile.encoding];
if (!encoding) throw new Error(`no DuckDB encoding for ${profile.encoding}`);

// the file's columns in its own order, named by the profile's canonical fields
const headerBytes = Buffer.alloc(64 * 1024);
const fd = openSync(file, 'r');
const got = readSync(fd, headerBytes, 0, headerBytes.length, 0);
closeSync(fd);
const headerLine = headerBytes
  .subarray(0, got)
  .toString(encoding === 'utf-8' ? 'utf8' : 'latin1')
  .split(/\r?\n/)[0]
  .replace(/^\uFEFF/, '');
const canonical = Object.fromEntries(Object.entries(profile.columns).map(([k, h]) => [h, k]));
const TYPES = { date: 'DATE', fee: 'DECIMAL(18,2)' };
const columns = headerLine.split(profile.delimiter).map((h, i) => {
  const name = canonical[h] ?? `extra_${i}`;
  return `${lit(name)}: ${lit(TYPES[name] ?? 'VARCHAR')}`;
});

const caseOf = (col, pairs, otherwise = 'NULL') => `CASE ${col} ${pairs.map(([k, v]) => `WHEN ${lit(k)} THEN ${v}`).join(' ')} ELSE ${otherwise} END`;
// the register's columns as its header names them (issue 10 added columns; more may follow)
const registerColumns = readFileSync(opt.register, 'utf8')
  .replace(/^\uFEFF/, '')
  .split(/\r?\n/, 1)[0]
  .split(';')
  .map((c) => c.trim());
const sql = `
WITH register AS (
  SELECT clinic_id, CAST(valid_from AS DATE) AS valid_from, CAST(coalesce(nullif(valid_to, ''), '9999-12-31') AS DATE) AS valid_to
  FROM read_csv(${lit(opt.register)}, header = true, delim = ';', all_varchar = true, auto_detect = false,
    columns = {${registerColumns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}})
  WHERE vardval = ${lit(opt.vardval)}
),
contacts AS (
  SELECT * FROM read_csv(${lit(file)}, header = true, auto_detect = false, delim = ${lit(profile.delimiter)}, quote = ${lit(profile.quote)},
    escape = ${lit(profile.quote)}, encoding = ${lit(encoding)}, dateformat = ${lit(DATE[profile.date_format])},
    decimal_separator = ${lit(profile.decimal_mark)}, columns = {${columns.join(', ')}})
),
classified AS (
  SELECT c.clinic_id, c.contact_id, c.fee,
    -- fee advance: a contracted clinic of this vårdval on the contact date, a home-county resident
    -- (a code the profile does not know rejects the row: NULL here, so neither counted nor fee)
    reg.clinic_id IS NOT NULL AND c.county = ${lit(rules.homeCounty)}
      AND ${caseOf(
        'c.contact_type',
        Object.keys(rules.weights).map((s) => [s, 'true']),
      )}
      AND ${caseOf(
        'c.status',
        rules.allStatuses.map((s) => [s, 'true']),
      )}
      AND ${caseOf(
        'c.profession',
        rules.allProfessions.map((s) => [s, 'true']),
      )} AS advance,
    ${caseOf(
      'c.contact_type',
      Object.entries(rules.weights).map(([k, w]) => [k, `CAST(${lit(w)} AS DECIMAL(18,4))`]),
    )} AS weight,
    ${caseOf(
      'c.status',
      rules.countedStatuses.map((s) => [s, 'true']),
      'false',
    )}
      AND ${caseOf(
        'c.profession',
        rules.countedProfessions.map((s) => [s, 'true']),
        'false',
      )} AS counted_kind,
    CAST(replace(c.patient_id, '-', '') AS BIGINT) AS person
  FROM contacts c
  LEFT JOIN register reg ON reg.clinic_id = c.clinic_id AND c.date BETWEEN reg.valid_from AND reg.valid_to
)
SELECT clinic_id,
  count(*) AS rows_read,
  count(*) - count(DISTINCT contact_id) AS duplicates,
  count(*) FILTER (WHERE advance AND counted_kind AND weight <> 0) AS counted_contacts,
  CAST(coalesce(sum(weight) FILTER (WHERE advance AND counted_kind AND weight <> 0), 0) AS VARCHAR) AS visits_counted,
  count(DISTINCT person) FILTER (WHERE advance AND counted_kind AND weight <> 0) AS unique_patients,
  CAST(coalesce(sum(fee) FILTER (WHERE advance), 0) AS VARCHAR) AS patient_fees
FROM classified
GROUP BY clinic_id
ORDER BY clinic_id`;

const db = await DuckDBInstance.create(':memory:', { threads: opt.threads });
const con = await db.connect();
const reader = await con.runAndReadAll(sql);
const rows = reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
const version = (await con.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v;
process.stdout.write(`${JSON.stringify({ version, threads: Number(opt.threads), encoding, rows })}\n`);
const u = process.resourceUsage();
process.stderr.write(`BENCH_MAXRSS_KB=${u.maxRSS}\nBENCH_CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
