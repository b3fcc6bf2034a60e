import { createReadStream, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { parse } from 'csv-parse';
import { decodeSample, decoder, detectEncoding } from './decode.js';
import { InputError } from './errors.js';
import { REQUIRED_FIELDS, type CanonicalField, type Encoding, type FormatProfile } from './profile.js';

const SAMPLE_BYTES = 64 * 1024;

export interface OpenedExport {
  file: string;
  profile: FormatProfile;
  encoding: Encoding;
  /** canonical field → index of its column in the file */
  index: Partial<Record<CanonicalField, number>>;
  headers: string[];
}

export type RecordOrProblem =
  | { kind: 'record'; line: number; fields: string[]; raw: string }
  | { kind: 'malformed'; line: number; problem: string; raw: string };

function readSample(file: string): { bytes: Uint8Array; whole: boolean } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputError(file, `cannot open (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new InputError(file, 'is a directory, not an export file');
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const n = readSync(fd, buf, 0, SAMPLE_BYTES, 0);
    return { bytes: buf.subarray(0, n), whole: n < SAMPLE_BYTES };
  } finally {
    closeSync(fd);
  }
}

/** Split a header line: the header is one line; quoted header names are unquoted. */
function splitHeader(line: string, delimiter: string, quote: string): string[] {
  return line.split(delimiter).map((h) => {
    const t = h.trim();
    return t.length >= 2 && t.startsWith(quote) && t.endsWith(quote) ? t.slice(1, -1).split(quote + quote).join(quote) : t;
  });
}

function missingColumns(profile: FormatProfile, headers: string[]): string[] {
  const have = new Set(headers);
  return REQUIRED_FIELDS.filter((f) => !profile.optional.includes(f))
    .map((f) => profile.columns[f]!)
    .filter((h) => !have.has(h));
}

/**
 * Opens an export: reads a sample, recognises the layout from the header (or takes the forced
 * profile) and maps columns. Errors name the file and the missing columns.
 */
export function openExport(file: string, profiles: readonly FormatProfile[], forced?: FormatProfile): OpenedExport {
  const { bytes, whole } = readSample(file);
  if (bytes.length === 0) throw new InputError(file, 'the file is empty (expected a header row and contact rows)');
  const candidates = forced ? [forced] : profiles;
  let best: { profile: FormatProfile; missing: string[]; headers: string[]; encoding: Encoding } | undefined;
  for (const profile of candidates) {
    const encoding = detectEncoding(bytes, profile.encoding, whole);
    const text = decodeSample(bytes, encoding);
    const nl = text.indexOf('\n');
    const headerLine = nl === -1 ? text : text.slice(0, nl);
    const headers = splitHeader(headerLine, profile.delimiter, profile.quote);
    const missing = missingColumns(profile, headers);
    if (!best || missing.length < best.missing.length) best = { profile, missing, headers, encoding };
  }
  if (!best) throw new InputError(file, 'no format profile is available');
  if (best.missing.length > 0) {
    const which = forced ? `profile '${best.profile.id}'` : `any format profile (closest: '${best.profile.id}')`;
    throw new InputError(
      file,
      `header does not match ${which}: missing column${best.missing.length > 1 ? 's' : ''} ${best.missing.map((m) => `'${m}'`).join(', ')}`,
      1,
    );
  }
  const index: Partial<Record<CanonicalField, number>> = {};
  for (const [field, header] of Object.entries(best.profile.columns) as [CanonicalField, string][]) {
    const at = best.headers.indexOf(header);
    if (at >= 0) index[field] = at;
  }
  return { file, profile: best.profile, encoding: best.encoding, index, headers: best.headers };
}

function newlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Streams the records after the header with exact start line numbers. A record the CSV parser
 * cannot read (broken quoting) is yielded as `malformed`, and reading goes on.
 */
export async function* readRecords(opened: OpenedExport): AsyncGenerator<RecordOrProblem> {
  const { file, profile } = opened;
  const parser = parse({
    delimiter: profile.delimiter,
    quote: profile.quote,
    escape: profile.quote,
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    raw: true,
    info: true,
    bom: true,
  });
  const problems: RecordOrProblem[] = [];
  parser.on('skip', (err: Error & { lines?: number; raw?: string; code?: string }) => {
    const raw = (err.raw ?? '').replace(/^\n+/, '');
    const lines = err.lines ?? 0;
    const start = Math.max(1, lines - Math.max(0, newlines(raw.replace(/\n$/, ''))));
    const problem =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is not closed before the end of the file'
        : err.code === 'INVALID_OPENING_QUOTE'
          ? 'a quote inside an unquoted field (broken quoting)'
          : `unreadable CSV record (${err.code ?? 'parse error'})`;
    problems.push({ kind: 'malformed', line: err.code === 'CSV_QUOTE_NOT_CLOSED' ? start : lines, problem, raw });
  });
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const dec = decoder(file, opened.encoding);
  source.on('error', (e) => dec.destroy(e));
  dec.on('error', (e) => parser.destroy(e));
  source.pipe(dec).pipe(parser);
  let first = true;
  let rows = 0;
  for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    while (problems.length > 0) {
      rows++;
      yield problems.shift()!;
    }
    const body = rec.raw.endsWith('\n') ? rec.raw.slice(0, -1) : rec.raw;
    const line = rec.info.lines - newlines(body);
    if (first) {
      first = false;
      continue; // the header, already checked by openExport
    }
    rows++;
    yield { kind: 'record', line, fields: rec.record, raw: body };
  }
  while (problems.length > 0) {
    rows++;
    yield problems.shift()!;
  }
  if (first) throw new InputError(file, 'the file has no rows (not even a header)');
  if (rows === 0) throw new InputError(file, 'the file has only a header and no contact rows');
}
