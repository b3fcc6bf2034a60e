import { createReadStream, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
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

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Receives each record as soon as it is complete. */
export type Sink = (r: RecordOrProblem) => void;

/** A quoted record may span lines; past this many lines an open quote is taken as broken. */
const MAX_RECORD_LINES = 200;

function quoteProblem(code: string | undefined): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted field is not closed (within ${MAX_RECORD_LINES} lines or before the end of the file)`;
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field (broken quoting)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after the closing quote of a field (broken quoting)';
    default:
      return `unreadable CSV record (${code ?? 'parse error'})`;
  }
}

/**
 * Splits decoded text into records with exact start line numbers. Lines without a quote
 * character (nearly all of an export) are split on the delimiter directly; a line with quotes,
 * and the lines a quoted field continues onto, are parsed by csv-parse. A record it cannot read
 * becomes `malformed` and reading goes on with the next line, so one broken quote costs one row.
 */
export class RecordSplitter {
  private line = 0;
  private pending: { start: number; lines: string[] } | null = null;
  private headerSeen = false;
  /** data records and malformed records produced (the header excluded) */
  rows = 0;

  constructor(private readonly delimiter: string, private readonly quote: string) {}

  /** Feed one line (without its newline); completed records are pushed to `out`. */
  push(text: string, out: Sink): void {
    const ln = ++this.line;
    if (this.pending) {
      this.pending.lines.push(text);
      const joined = this.pending.lines.join('\n');
      if (countChar(joined, this.quote) % 2 === 0) {
        const { start } = this.pending;
        this.pending = null;
        this.complex(joined, start, out);
      } else if (this.pending.lines.length >= MAX_RECORD_LINES) this.giveUp(out);
      return;
    }
    if (text === '') return; // empty lines are not records
    if (text.indexOf(this.quote) === -1) {
      this.emit({ kind: 'record', line: ln, fields: text.split(this.delimiter), raw: text }, out);
    } else if (countChar(text, this.quote) % 2 === 0) {
      this.complex(text, ln, out);
    } else {
      this.pending = { start: ln, lines: [text] };
    }
  }

  /** End of input: an open quoted field is broken. */
  end(out: Sink): void {
    while (this.pending) this.giveUp(out);
  }

  /** The first line of an unclosed quote is malformed; the lines after it are read again. */
  private giveUp(out: Sink): void {
    const { start, lines } = this.pending!;
    this.pending = null;
    this.emit({ kind: 'malformed', line: start, problem: quoteProblem('CSV_QUOTE_NOT_CLOSED'), raw: lines[0]! }, out);
    const rest = lines.slice(1);
    this.line = start;
    for (const l of rest) this.push(l, out);
  }

  private complex(text: string, line: number, out: Sink): void {
    try {
      const recs = parse(text, { delimiter: this.delimiter, quote: this.quote, escape: this.quote, record_delimiter: '\n', relax_column_count: true }) as string[][];
      if (recs.length !== 1) throw Object.assign(new Error('several records'), { code: 'CSV_QUOTE_NOT_CLOSED' });
      this.emit({ kind: 'record', line, fields: recs[0]!, raw: text }, out);
    } catch (e) {
      this.emit({ kind: 'malformed', line, problem: quoteProblem((e as { code?: string }).code), raw: text }, out);
    }
  }

  private emit(r: RecordOrProblem, out: Sink): void {
    if (!this.headerSeen) {
      this.headerSeen = true; // the header, already checked by openExport
      return;
    }
    this.rows++;
    out(r);
  }

  get sawHeader(): boolean {
    return this.headerSeen;
  }
}

/**
 * Streams the records after the header to `visit`, one at a time, with exact start line
 * numbers. Records are handed over as soon as they are split, so they die young and memory is
 * bounded by the chunk size, not the file.
 */
export async function forEachRecord(opened: OpenedExport, visit: Sink): Promise<void> {
  const { file, profile } = opened;
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const dec = decoder(file, opened.encoding);
  source.on('error', (e) => dec.destroy(e));
  source.pipe(dec);
  const splitter = new RecordSplitter(profile.delimiter, profile.quote);
  let carry = '';
  for await (const chunk of dec as AsyncIterable<string>) {
    const text = carry + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      splitter.push(text.slice(start, nl), visit);
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  if (carry !== '') splitter.push(carry, visit);
  splitter.end(visit);
  if (!splitter.sawHeader) throw new InputError(file, 'the file has no rows (not even a header)');
  if (splitter.rows === 0) throw new InputError(file, 'the file has only a header and no contact rows');
}

/** All records of a (small) file in order, for tests and tools. */
export async function readAllRecords(opened: OpenedExport): Promise<RecordOrProblem[]> {
  const all: RecordOrProblem[] = [];
  await forEachRecord(opened, (r) => all.push(r));
  return all;
}
