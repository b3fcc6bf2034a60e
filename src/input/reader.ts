import { openSync, readSync, closeSync, fstatSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { containerKind, decodeSample, decoder, detectEncoding } from './decode.js';
import { InputError } from './errors.js';
import { parseRecord } from './records.js';
import { DEFAULT_READING, type Encoding, type FormatProfile, type ProfileField, type ReadingLimits } from './profile.js';

const SAMPLE_BYTES = 64 * 1024;

export interface OpenedExport {
  file: string;
  profile: FormatProfile;
  encoding: Encoding;
  /** canonical field → index of its column in the file */
  index: Partial<Record<ProfileField, number>>;
  headers: string[];
  /** the file ends its lines with CR alone (classic Mac, some old exports): read as line breaks */
  crOnly: boolean;
  /** rows the file holds, estimated from its size and the lines of its first 64 KiB: to size tables once */
  estimatedRows: number;
}

export type RecordOrProblem =
  | { kind: 'record'; line: number; fields: string[]; raw: string }
  | {
      kind: 'malformed';
      line: number;
      problem: string;
      raw: string;
      /** 0-based index of the field where the quoting broke */
      field: number;
    };

function readSample(file: string): { bytes: Uint8Array; whole: boolean; size: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputError(file, `cannot open (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(file, 'is a directory, not an export file');
    // a device (/dev/zero), a pipe or a socket may never end: an export is a file
    if (!st.isFile()) throw new InputError(file, 'is not a regular file (a device, pipe or socket that may never end): give an export file');
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const n = readSync(fd, buf, 0, SAMPLE_BYTES, 0);
    return { bytes: buf.subarray(0, n), whole: n < SAMPLE_BYTES, size: st.size };
  } finally {
    closeSync(fd);
  }
}

/** Split a header line (one line; quoted names unquoted), names trimmed and in Unicode NFC. */
function splitHeader(line: string, delimiter: string, quote: string): string[] {
  const parsed = parseRecord(line, delimiter, quote);
  const names = parsed.ok ? parsed.fields : line.split(delimiter);
  return names.map((h) => h.trim().normalize('NFC'));
}

/** The columns a file must have: every column the profile maps, except those it lists as optional. */
function requiredColumns(profile: FormatProfile): string[] {
  return (Object.entries(profile.columns) as [ProfileField, string][]).filter(([f]) => !profile.optional.includes(f)).map(([, h]) => h);
}

/** The required columns of the profile that the header lacks, in the profile's order. */
function missingColumns(profile: FormatProfile, headers: readonly string[]): string[] {
  const have = new Set(headers);
  return requiredColumns(profile).filter((h) => !have.has(h.normalize('NFC')));
}

/**
 * Opens an export: reads a sample, recognises the layout from the header among `profiles` (or
 * takes the forced profile) and maps columns. Errors name the file and the missing columns; a
 * header that two profiles both fit is an error too (force one with --input-format).
 */
export function openExport(file: string, profiles: readonly FormatProfile[], forced?: FormatProfile): OpenedExport {
  const { bytes, whole, size } = readSample(file);
  if (bytes.length === 0) throw new InputError(file, 'the file is empty (expected a header row and contact rows)');
  const container = containerKind(bytes);
  if (container) throw new InputError(file, `the file is ${container}, not a CSV export: save it as CSV (or export it again as CSV)`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new InputError(file, "the file is UTF-16 (Excel's 'Unicode text'?): save it as UTF-8 or in the export's own encoding", 1);
  // a forced profile replaces the bundled ones of its kind; files of other kinds are still recognised
  const candidates = forced ? [forced, ...profiles.filter((p) => p.kind !== forced.kind)] : profiles;
  let best: { profile: FormatProfile; missing: string[]; matched: number; headers: string[]; encoding: Encoding; headerLine: string } | undefined;
  let forcedFit: typeof best;
  const fitting: string[] = [];
  // the encoding and the header line, once per declared encoding (profiles share a few)
  const encodings = new Map<Encoding, Encoding>();
  const headerLines = new Map<Encoding, string>();
  const crOnly = crOnlyLines(bytes);
  for (const profile of candidates) {
    let encoding = encodings.get(profile.encoding);
    if (encoding === undefined) {
      encoding = detectEncoding(bytes, profile.encoding, whole);
      encodings.set(profile.encoding, encoding);
    }
    let headerLine = headerLines.get(encoding);
    if (headerLine === undefined) {
      // the first line only: a line break is one byte in every encoding read here
      const end = bytes.indexOf(crOnly ? 13 : 10);
      headerLine = decodeSample(end === -1 ? bytes : bytes.subarray(0, end), encoding);
      if (headerLine.endsWith('\r')) headerLine = headerLine.slice(0, -1);
      headerLines.set(encoding, headerLine);
    }
    const headers = splitHeader(headerLine, profile.delimiter, profile.quote);
    const missing = missingColumns(profile, headers);
    if (missing.length === 0) fitting.push(profile.id);
    const matched = requiredColumns(profile).length - missing.length;
    const fit = { profile, missing, matched, headers, encoding, headerLine };
    if (profile === forced) forcedFit = fit;
    // the closest profile: most of its columns present, then fewest missing
    if (!best || matched > best.matched || (matched === best.matched && missing.length < best.missing.length)) best = fit;
  }
  // a forced profile that does not fit is the one to name, unless a file of another kind fits its own
  if (forcedFit && best && best.missing.length > 0) best = forcedFit;
  if (!best) throw new InputError(file, 'no format profile is available');
  if (fitting.length > 1) throw new InputError(file, `the header fits several format profiles (${fitting.join(', ')}): choose one with --input-format`, 1);
  if (best.missing.length > 0) {
    const sameKind = candidates.filter((p) => p.kind === best!.profile.kind).map((p) => p.id);
    const which =
      forced && best.profile === forced ? `profile '${best.profile.id}'` : `any format profile (closest: '${best.profile.id}' of ${sameKind.join(', ')})`;
    const all = requiredColumns(best.profile).length;
    const shown = best.headerLine.length > 120 ? `${best.headerLine.slice(0, 120)}…` : best.headerLine;
    throw new InputError(
      file,
      `header does not match ${which}: missing column${best.missing.length > 1 ? 's' : ''} ${best.missing.map((m) => `'${m}'`).join(', ')}` +
        (best.missing.length === all ? ` (the header line is '${shown}'; is the delimiter, the encoding or the layout another?)` : ''),
      1,
      best.missing[0],
    );
  }
  const index: Partial<Record<ProfileField, number>> = {};
  for (const [field, header] of Object.entries(best.profile.columns) as [ProfileField, string][]) {
    const at = best.headers.indexOf(header.normalize('NFC'));
    if (at >= 0 && best.headers.indexOf(header.normalize('NFC'), at + 1) >= 0)
      throw new InputError(
        file,
        `column '${header}' appears more than once in the header (fields ${at + 1} and ${best.headers.indexOf(header.normalize('NFC'), at + 1) + 1})`,
        1,
        header,
      );
    if (at >= 0) index[field] = at;
  }
  const breaks = Math.max(1, countByte(bytes, crOnly ? 13 : 10));
  const estimatedRows = Math.ceil((size * breaks) / bytes.length);
  return { file, profile: best.profile, encoding: best.encoding, index, headers: best.headers, crOnly, estimatedRows };
}

function countByte(b: Uint8Array, byte: number): number {
  let n = 0;
  for (let i = b.indexOf(byte); i !== -1; i = b.indexOf(byte, i + 1)) n++;
  return n;
}

/** Lines ended by CR alone: the sample has CRs and not a single LF (0x0D, 0x0A in every encoding read here). */
function crOnlyLines(sample: Uint8Array): boolean {
  return sample.indexOf(10) === -1 && sample.indexOf(13) !== -1;
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * A part of a file, for reading a large export on several threads: from a byte offset just
 * after a line break to another (or the end). Only a profile whose fields never span lines can
 * be split (see splitPoints).
 */
export interface FilePart {
  start: number;
  end: number;
  /** the number of the part's first line (1 where the part is read before the lines before it are counted: numbers within the part) */
  firstLine: number;
  /** the file's size when it was opened: a file that changes while read is an error */
  fileSize: number;
}

/**
 * Where to cut a file into `parts` parts of about equal size (the first `firstWeight` times the
 * others), each at least `minPart` bytes, for
 * reading on several threads: offsets just after a line break, from 0 to the file's size; or
 * null when the file is too small or cannot be cut (a profile whose fields may span lines, a
 * file whose lines end in CR alone, lines too long to find a break).
 */
export function splitPoints(opened: OpenedExport, parts: number, minPart: number, firstWeight = 1): { offsets: number[]; fileSize: number } | null {
  if (opened.profile.reading.multilineFields || opened.crOnly) return null;
  const fileSize = sizeOf(opened.file);
  const n = Math.min(parts, Math.floor(fileSize / minPart));
  if (n < 2) return null;
  const offsets = [0];
  const fd = openSync(opened.file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let k = 1; k < n; k++) {
      let at = Math.max(Math.floor((fileSize * (firstWeight + k - 1)) / (firstWeight + n - 1)), offsets[offsets.length - 1]!);
      for (;;) {
        const got = readSync(fd, buf, 0, buf.length, at);
        if (got <= 0) {
          at = fileSize;
          break;
        }
        const nl = buf.subarray(0, got).indexOf(10);
        if (nl !== -1) {
          at += nl + 1;
          break;
        }
        at += got;
      }
      if (at >= fileSize) break;
      offsets.push(at);
    }
  } finally {
    closeSync(fd);
  }
  offsets.push(fileSize);
  return offsets.length > 2 ? { offsets, fileSize } : null;
}

/** Receives each record as soon as it is complete. */
export type Sink = (r: RecordOrProblem) => void;

/** A quoted record may span lines; past this many lines an open quote is taken as broken. */
export const MAX_RECORD_LINES = 200;

/** How much of an over-long line or field is kept to show in rejects.csv. */
const SHOWN_CHARS = 200;

/** The start of an over-long text, to show: never the whole of it. */
function shownPart(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

/** The first field longer than the limit, or -1 (one pass over a record's fields). */
function overlongField(fields: readonly string[], max: number): number {
  for (let i = 0; i < fields.length; i++) if (fields[i]!.length > max) return i;
  return -1;
}

/** Fields of a line split on the delimiter without regard to quotes: how many there would be. */
function plainFieldCount(line: string, delimiter: string): number {
  return countChar(line, delimiter) + 1;
}

/**
 * Splits decoded text into records with exact start line numbers. Lines without a quote
 * character (nearly all of an export) are split on the delimiter directly; a line with quotes is
 * parsed strictly (parseRecord).
 *
 * Where the profile lets fields span lines (multiline_fields), a quote left open continues the
 * record on the next lines; if that never gives a well-formed record with the header's number of
 * fields (closed too late, broken after closing, not closed within MAX_RECORD_LINES lines or
 * before the end), or if the lines it joins are whole rows by themselves (a stray opening quote
 * on one row and a stray closing quote on the next would fuse two visits into one), only its
 * first line is malformed and the lines after it are read again: one broken quote costs one row,
 * and no row disappears into another. Where fields do not span lines, an open quote is
 * malformed at once.
 *
 * Limits (ReadingLimits, from the profile): a line longer than maxRecordChars or a field
 * longer than maxFieldChars rejects its row; the reader never holds more than the limit of one line.
 */
export class RecordSplitter {
  private line = 0;
  private pending: { start: number; lines: string[] } | null = null;
  /** number of fields of the header (the first record, checked by openExport); -1 before it */
  private expected = -1;
  /** line number of the file's last line when it has no line break at its end */
  private cutLine = -1;
  /** data records and malformed records produced (the header excluded) */
  rows = 0;

  constructor(
    private readonly delimiter: string,
    private readonly quote: string,
    private readonly limits: ReadingLimits = DEFAULT_READING,
  ) {}

  /** Feed one line (without its newline); completed records are pushed to `out`. */
  push(text: string, out: Sink): void {
    const ln = ++this.line;
    if (text.length > this.limits.maxRecordChars) {
      this.overlong(ln, text.length, text, out);
      return;
    }
    if (this.pending) {
      const p = this.pending;
      p.lines.push(text);
      // quotes come in pairs in a well-formed record: an odd count on this line closes it
      if (countChar(text, this.quote) % 2 === 0) {
        if (p.lines.length >= MAX_RECORD_LINES) this.giveUp(out, `not closed within ${MAX_RECORD_LINES} lines`);
        return;
      }
      const joined = p.lines.join('\n');
      const parsed = parseRecord(joined, this.delimiter, this.quote);
      if (parsed.ok && (this.expected < 0 || parsed.fields.length === this.expected)) {
        if (this.expected >= 0 && (plainFieldCount(p.lines[0]!, this.delimiter) >= this.expected || plainFieldCount(text, this.delimiter) >= this.expected)) {
          this.giveUp(out, `closed only on line ${ln}, and the lines between are whole rows by themselves (a stray quote would fuse them)`);
          return;
        }
        this.pending = null;
        this.emit({ kind: 'record', line: p.start, fields: parsed.fields, raw: joined }, out);
      } else this.giveUp(out, `closed only on line ${ln}, which does not give a well-formed record`);
      return;
    }
    if (text === '') return; // empty lines are not records
    if (text.indexOf(this.quote) === -1) {
      this.emit({ kind: 'record', line: ln, fields: text.split(this.delimiter), raw: text }, out);
      return;
    }
    const parsed = parseRecord(text, this.delimiter, this.quote);
    if (parsed.ok) this.emit({ kind: 'record', line: ln, fields: parsed.fields, raw: text }, out);
    else if (parsed.open && this.limits.multilineFields && this.expected >= 0) this.pending = { start: ln, lines: [text] };
    else if (parsed.open) {
      const why =
        ln === this.cutLine
          ? 'not closed before the end of the file'
          : 'not closed on its line (fields of this export do not span lines: multiline_fields is false in the profile)';
      this.emit({ kind: 'malformed', line: ln, problem: `the quote that opens the field is ${why}`, raw: text, field: parsed.field }, out);
    } else this.emit({ kind: 'malformed', line: ln, problem: parsed.problem, raw: text, field: parsed.field }, out);
  }

  /** The file's last line, which has no line break after it: a row cut short there is named as such. */
  pushLast(text: string, out: Sink): void {
    this.cutLine = this.line + 1;
    this.push(text, out);
  }

  /**
   * A line longer than maxRecordChars, of which the reader kept only the start: rejected (an open
   * quote before it is given up first, so the lines in between are read again).
   */
  overlong(line: number, length: number, start: string, out: Sink): void {
    if (this.pending) {
      this.line = line - 1;
      this.giveUp(out, `not closed before line ${line}, which is too long`);
    }
    this.line = line;
    this.emit(
      {
        kind: 'malformed',
        line,
        problem: `the line is ${length} characters long, more than the profile's limit of ${this.limits.maxRecordChars} (limits.max_record_chars)`,
        raw: shownPart(start),
        field: 0,
      },
      out,
    );
  }

  /** End of input: a quote still open is broken. */
  end(out: Sink): void {
    while (this.pending) this.giveUp(out, 'not closed before the end of the file');
  }

  /** Whether the next line may be taken by a fast path: after the header, with no quote left open. */
  get plainNext(): boolean {
    return this.expected >= 0 && this.pending === null;
  }

  /** A line that a fast path took as a whole, valid row: counted as one (see FastLines). */
  tookLine(): void {
    this.line++;
    this.rows++;
  }

  /**
   * Reading starts at a line within the file (a part of a file split across threads): the header
   * is behind, its number of fields known, and the next line is `line`.
   */
  startAt(line: number, fields: number): void {
    this.line = line - 1;
    this.expected = fields;
  }

  /** Lines read so far (the next line's number minus one). */
  get lines(): number {
    return this.line;
  }

  /** The first line of an open quote is malformed; the lines after it are read again. */
  private giveUp(out: Sink, why: string): void {
    const { start, lines } = this.pending!;
    this.pending = null;
    const first = lines[0]!;
    const parsed = parseRecord(first, this.delimiter, this.quote);
    this.emit({ kind: 'malformed', line: start, problem: `the quote that opens the field is ${why}`, raw: first, field: parsed.ok ? 0 : parsed.field }, out);
    this.line = start;
    for (let i = 1; i < lines.length; i++) this.push(lines[i]!, out);
  }

  private emit(r: RecordOrProblem, out: Sink): void {
    if (this.expected < 0) {
      this.expected = r.kind === 'record' ? r.fields.length : 0; // the header, already checked by openExport
      return;
    }
    this.rows++;
    if (r.kind === 'record') {
      const long = overlongField(r.fields, this.limits.maxFieldChars);
      if (long >= 0) {
        out({
          kind: 'malformed',
          line: r.line,
          problem: `the field is ${r.fields[long]!.length} characters long, more than the profile's limit of ${this.limits.maxFieldChars} (limits.max_field_chars)`,
          raw: shownPart(r.raw),
          field: long,
        });
        return;
      }
      if (r.line === this.cutLine && r.fields.length < this.expected) {
        out({
          kind: 'malformed',
          line: r.line,
          problem: `the file ends in the middle of this row (no line break at the end, ${r.fields.length} of ${this.expected} fields): was the export cut off?`,
          raw: r.raw,
          field: r.fields.length - 1,
        });
        return;
      }
    }
    out(r);
  }

  get sawHeader(): boolean {
    return this.expected >= 0;
  }
}

/**
 * A fast path for the common line (see FastRowReader): it is shown each decoded chunk, then asked
 * for each line of it (a character range, no string) whether it takes the line as a whole, valid
 * row, which it then accounts for itself; a line it does not take goes through the record
 * splitter to `visit` as before. It is asked only after the header, with no quote left open, for
 * a line that ends in a line break and is within the profile's limits (line and field).
 */
export interface FastLines {
  /**
   * A new text to take lines from; `bytes`, when given, are the bytes it was decoded from, one
   * per character (see ChunkDecoder.aligned), to read values from without copying the text.
   */
  begin(text: string, bytes?: Uint8Array): void;
  take(from: number, to: number, line: number): boolean;
}

/**
 * Streams the records after the header to `visit`, one at a time, with exact start line
 * numbers. Records are handed over as soon as they are split, so they die young and memory is
 * bounded by the chunk size and the longest line allowed, not the file. Time is linear in the
 * file: a line is searched for its end once, and a line past the limit is skipped, not gathered.
 * A file that changes size while it is read is an error: its rows cannot be accounted for.
 * Gives the number of lines read.
 */
export async function forEachRecord(opened: OpenedExport, visit: Sink, fast?: FastLines, part?: FilePart): Promise<number> {
  const { file, profile } = opened;
  const sizeAtStart = part ? part.fileSize : sizeOf(file);
  const start = part?.start ?? 0;
  const end = part?.end ?? sizeAtStart;
  const dec = decoder(file, opened.encoding, opened.crOnly, start, part?.firstLine ?? 1);
  const max = profile.reading.maxRecordChars;
  // a line within both limits has no field past the field limit either
  const fastMax = Math.min(max, profile.reading.maxFieldChars);
  const splitter = new RecordSplitter(profile.delimiter, profile.quote, profile.reading);
  if (part && part.start > 0) splitter.startAt(part.firstLine, opened.headers.length);
  /** one line, text[from..nl) without its line break (LF, and a CR before it): to the fast path if it takes it, else to the splitter */
  const line = (text: string, from: number, nl: number): void => {
    const to = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (fast && to > from && to - from <= fastMax && splitter.plainNext && fast.take(from, to, splitter.lines + 1)) splitter.tookLine();
    else splitter.push(text.slice(from, to), visit);
  };
  /** the length of a text without a CR at its end (the CR of a CRLF cut by a chunk's end is part of the line break) */
  const withoutCr = (text: string): number => (text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length);
  let carry = '';
  /** a line past the limit: its start (to show) and its length so far; the rest is skipped up to its end */
  let skipping: Skipping | null = null;
  const chunkOf = (text: string, bytes: Uint8Array | undefined): void => {
    let start = 0;
    if (skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) {
        if (text !== '') {
          skipping.length += text.length;
          skipping.cr = text.charCodeAt(text.length - 1) === 13;
        }
        return;
      }
      // the line's length without its line break (a CR before the LF, also at the end of the chunk before)
      const length = skipping.length + nl - (nl > 0 ? (text.charCodeAt(nl - 1) === 13 ? 1 : 0) : skipping.cr ? 1 : 0);
      splitter.overlong(splitter.lines + 1, length, skipping.start, visit);
      skipping = null;
      start = nl + 1;
    } else if (carry !== '') {
      // the line that straddles two chunks is read as a text of its own, so that the chunk stays
      // one flat string (a concatenated one is slow to read character by character)
      const nl = text.indexOf('\n');
      if (nl === -1) {
        carry += text;
        if (withoutCr(carry) > max) {
          skipping = { start: carry.slice(0, SHOWN_CHARS + 1), length: carry.length, cr: carry.charCodeAt(carry.length - 1) === 13 };
          carry = '';
        }
        return;
      }
      const joined = carry + text.slice(0, nl);
      carry = '';
      fast?.begin(joined);
      line(joined, 0, joined.length);
      start = nl + 1;
    }
    fast?.begin(text, bytes);
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      line(text, start, nl);
      start = nl + 1;
    }
    carry = text.slice(start);
    if (withoutCr(carry) > max) {
      skipping = { start: carry.slice(0, SHOWN_CHARS + 1), length: carry.length, cr: carry.charCodeAt(carry.length - 1) === 13 };
      carry = '';
    }
  };
  // read in large chunks into one buffer, each decoded and split before the next is read
  let read = 0;
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let pos = start; pos < end; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, end - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      read += bytesRead;
      const bytes = buffer.subarray(0, bytesRead);
      chunkOf(dec.decode(bytes, false), dec.aligned ? bytes : undefined);
    }
    chunkOf(dec.decode(undefined, true), undefined);
  } finally {
    await handle.close();
  }
  // the last line, without a line break after it (a CR at its end is a character of it)
  const last = skipping as Skipping | null;
  if (last) splitter.overlong(splitter.lines + 1, last.length, last.start, visit);
  else if (carry !== '') {
    // a part ends after a line break; only the file's last line may be cut
    if (end === sizeAtStart) splitter.pushLast(carry, visit);
    else splitter.push(carry, visit);
  }
  splitter.end(visit);
  const sizeNow = sizeOf(file);
  if (read !== end - start || sizeNow !== sizeAtStart)
    throw new InputError(
      file,
      `the file changed while it was read (${sizeAtStart} bytes when opened, ${start + read} read, ${sizeNow} now): is the export still being written or copied? run again when it is complete`,
    );
  const lines = splitter.lines - ((part?.firstLine ?? 1) - 1);
  // a part's rows are judged with the whole file's (by whoever joins the parts)
  if (part) return lines;
  if (!splitter.sawHeader) throw new InputError(file, 'the file has no rows (not even a header)');
  if (splitter.rows === 0) throw new InputError(file, `the file has only a header and no ${profile.kind === 'visits' ? 'contact' : 'data'} rows`);
  return lines;
}

/** A line past the limit being skipped: its start (to show), its length so far, whether that ends in a CR. */
interface Skipping {
  start: string;
  length: number;
  cr: boolean;
}

/** Bytes read at a time: large enough that a read costs little, small enough to stay in the cache. */
export const CHUNK_BYTES = 1024 * 1024;

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

/** All records of a (small) file in order, for tests and tools. */
export async function readAllRecords(opened: OpenedExport): Promise<RecordOrProblem[]> {
  const all: RecordOrProblem[] = [];
  await forEachRecord(opened, (r) => all.push(r));
  return all;
}
