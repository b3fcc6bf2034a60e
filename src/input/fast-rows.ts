import { daysInMonth, isValidDate } from '../model/calendar.js';
import { Decimal } from '../model/decimal.js';
import type { ContactStatus, ContactType } from '../rules/catalog.js';
import type { PatientIdKind } from './patient-id.js';
import type { OpenedExport } from './reader.js';

/**
 * The fast path for the common row of a visit export: a line without quotes whose every value is
 * valid, read straight from the decoded chunk by character positions, without a string per line
 * or per field. Codes are matched against the profile's tables, the date, the identity number
 * and the fee are parsed to integers, and the row comes out as one reused object of constants.
 *
 * It only ever says "this row is plain and valid" or "not for me": anything else (quotes, a
 * blank at a value's edge, a 10-digit or reserve id, an unknown code, a bad value, another year)
 * goes through the record splitter and `toContact` as before, which give every reject and
 * message. So the fast path must be strictly narrower than `toContact`: what it accepts,
 * `toContact` accepts with the same values.
 */
export interface FastRow {
  /** YYYY-MM-DD and YYYY-MM, shared strings (one per day of the year) */
  date: string;
  month: string;
  /** 1..12 */
  monthNumber: number;
  type: ContactType;
  status: ContactStatus;
  profession: string;
  county: string;
  fee: Decimal;
  /** the main diagnosis when the rules need it, otherwise null */
  diagnosis: string | null;
  /**
   * The row's county, status, profession and contact type as one number below `FastRowReader.codeCombinations`:
   * rows with the same number have the same four values (for outcomes kept per combination)
   */
  codes: number;
  /** 1..31 */
  day: number;
  patientKind: PatientIdKind;
  /** the 12-digit person key as a number */
  person: number;
  /** character ranges of the clinic id and the contact id in the chunk */
  clinicFrom: number;
  clinicTo: number;
  idFrom: number;
  idTo: number;
}

/**
 * A code table of the profile (contact types, statuses, …) matched against bytes: found by the
 * code's length and last byte, then compared byte by byte. A code that a row could only match
 * untrimmed (a blank at its edge), is longer than 63 characters or has a character past 0xFF is
 * left out: its rows go the slow way, which trims and decodes as toContact does.
 */
class ByteCodes<V> {
  /** (length << 8 | last byte) → the first entry with that key, or -1 */
  private readonly first = new Int32Array(64 * 256).fill(-1);
  private readonly next: number[] = [];
  private readonly codes: Uint8Array[] = [];
  private readonly values: V[] = [];

  constructor(codes: Record<string, V>) {
    for (const [code, value] of Object.entries(codes)) {
      const len = code.length;
      if (len === 0 || len > 63 || WIDE_CHAR.test(code) || !plainText(code)) continue;
      const key = (len << 8) | code.charCodeAt(len - 1);
      this.next.push(this.first[key]!);
      this.first[key] = this.codes.length;
      this.codes.push(Uint8Array.from(code, (c) => c.charCodeAt(0)));
      this.values.push(value);
    }
  }

  /** The number of the code whose bytes are b[from..to) (0 … size − 1), or -1. */
  find(b: Uint8Array, from: number, to: number): number {
    const len = to - from;
    if (len <= 0 || len > 63) return -1;
    for (let e = this.first[(len << 8) | b[to - 1]!]!; e >= 0; e = this.next[e]!) {
      const c = this.codes[e]!;
      let k = len - 2;
      while (k >= 0 && c[k] === b[from + k]) k--;
      if (k < 0) return e;
    }
    return -1;
  }

  /** The value of code number i. */
  value(i: number): V {
    return this.values[i]!;
  }

  get size(): number {
    return this.values.length;
  }
}

/** No character at either end that trim() removes (≤ 32 or a no-break space). */
function plainText(s: string): boolean {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first > 32 && first !== 0xa0 && last > 32 && last !== 0xa0;
}

/** Digits from..to as a number, or -1 if one is not a digit. */
function digits(b: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const MAX_FEE_DIGITS = 13;

/** A digit doubled, its digits summed (Luhn): 0 2 4 6 8 1 3 5 7 9. */
const LUHN_DOUBLE = Int8Array.of(0, 2, 4, 6, 8, 1, 3, 5, 7, 9);

/** A character that is not one byte of Latin-1. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is every Latin-1 character, control characters included
const WIDE_CHAR = /[^\u0000-\u00ff]/;

/** Whether the character codes bytes[from..to) are those of `s`, without cutting a string out. */
export function sameText(bytes: Uint8Array, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  // from the end: ids of one export differ at their end (SE2321000017-FT01, -FT02)
  for (let k = s.length - 1; k >= 0; k--) if (bytes[from + k] !== s.charCodeAt(k)) return false;
  return true;
}

/**
 * V8 keeps a substring of 13 or more characters as a view into the text it was cut from, so a
 * long id kept in a set or table would keep its whole read chunk (1 MiB) alive: memory would
 * grow with the file, not with the ids (measured: 1.5 million 20-character ids, 350 MB peak
 * without the copy, 240 MB with it). Such ids are copied through JSON, the cheapest exact copy
 * measured (about 0.4 µs); shorter ones are copies already.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Values kept by an id that a fast path finds as a range of the chunk's bytes (a clinic's state, a
 * unit in a snapshot), without cutting a string out per row: found by a hash of the bytes and
 * checked against the id's text, so a hash shared by two ids costs a lookup by name
 * (`make`), never a wrong value.
 */
export class ByteKeyed<T> {
  /** values by a hash of the id's bytes (hashEnd), open addressing, never more than half full */
  private slots: (T | undefined)[] = new Array(64);
  /** the hash each value was placed by */
  private hashes: number[] = new Array(64);
  private count = 0;
  /**
   * @param make the value of an id (given as a string cut from the chunk; keep an ownCopy of it)
   * @param idOf the id a value was made for
   */
  constructor(
    private readonly make: (id: string) => T,
    private readonly idOf: (value: T) => string,
  ) {}

  get(text: string, bytes: Uint8Array, from: number, to: number): T {
    const h = hashEnd(bytes, from, to);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const hit = this.slots[i];
      if (hit === undefined) break;
      if (this.hashes[i] === h && sameText(bytes, from, to, this.idOf(hit))) return hit;
    }
    // an id whose bytes are not its characters (a Windows-1252 '€') is never the same text: made
    // again each time, by name, and not kept, so the table does not grow with such rows
    const found = this.make(text.slice(from, to));
    if (sameText(bytes, from, to, this.idOf(found))) this.put(found, h);
    return found;
  }

  clear(): void {
    this.slots = new Array(64);
    this.hashes = new Array(64);
    this.count = 0;
  }

  private put(value: T, h: number): void {
    if (++this.count * 2 > this.slots.length) {
      const slots = this.slots;
      const hashes = this.hashes;
      this.slots = new Array(slots.length * 2);
      this.hashes = new Array(slots.length * 2);
      for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) this.place(slots[i]!, hashes[i]!);
    }
    this.place(value, h);
  }

  private place(value: T, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== undefined) i = (i + 1) & mask;
    this.slots[i] = value;
    this.hashes[i] = h;
  }
}

/** A hash of an id's length and last four bytes: ids of one export differ at their end (SE2321000017-FT01, -FT02). */
function hashEnd(bytes: Uint8Array, from: number, to: number): number {
  let h = to - from;
  for (let k = Math.max(from, to - 4); k < to; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * What the fast paths of every input kind share: the chunk's characters as bytes, a line split
 * into exactly the header's number of fields (no quote), the check that a value needs no
 * trimming, and the identity number with its century read straight to a number.
 */
abstract class FastFields {
  protected readonly n: number;
  private readonly delimiter: string;
  private readonly quote: string;
  /** field starts of the row at hand; field i is starts[i] .. starts[i+1]-1 */
  protected readonly starts: Int32Array;
  protected text = '';
  /** the chunk's characters as bytes (every one below 256), or null when it has others */
  protected b: Uint8Array | null = null;
  private buf = Buffer.allocUnsafe(0);
  /** position of the next quote character in `text` at or after the row at hand (text.length: none) */
  private nextQuote = -1;
  /** the kind of the identity number person() last read */
  protected personKind: PatientIdKind = 'personnummer';

  constructor(opened: OpenedExport) {
    this.n = opened.headers.length;
    this.delimiter = opened.profile.delimiter;
    this.quote = opened.profile.quote;
    this.starts = new Int32Array(this.n + 1);
  }

  /** The bytes of the chunk at hand (valid while read() gives rows). */
  get bytes(): Uint8Array {
    return this.b!;
  }

  /**
   * A new chunk of decoded text: rows are then read by their character ranges in it. `bytes`,
   * when given, hold one byte per character of it (a single-byte encoding): values are read from
   * them. A byte that stands for a character past 0xFF (a Windows-1252 '€') matches no code or id
   * text by its value, so such a value goes the slow way or is looked up by its text.
   */
  begin(text: string, bytes?: Uint8Array): void {
    this.text = text;
    this.nextQuote = -1;
    if (bytes) {
      this.b = bytes;
      return;
    }
    // values are read from bytes, the cheapest to index; a chunk with a character past 0xFF (a
    // UTF-8 file's, a Windows-1252 '€') is not copied and its rows take the slow path
    if (WIDE_CHAR.test(text)) {
      this.b = null;
      return;
    }
    // one buffer for every chunk, grown when needed: no new memory per chunk for the collector
    if (this.buf.length < text.length) this.buf = Buffer.allocUnsafe(Math.max(text.length, 2 * this.buf.length));
    this.buf.write(text, 0, 'latin1');
    this.b = this.buf;
  }

  /** Splits text[from..to) into `starts` if the chunk is bytes, the line has no quote and exactly the header's fields. */
  protected split(from: number, to: number): boolean {
    const text = this.text;
    if (this.b === null) return false;
    // no quote character (quoted fields are the strict parser's): one search per chunk, not per line
    if (this.nextQuote < from) {
      const q = text.indexOf(this.quote, from);
      this.nextQuote = q === -1 ? text.length : q;
    }
    if (this.nextQuote < to) return false;
    // exactly the header's number of fields; a search per field (native, faster than a loop over the characters)
    const starts = this.starts;
    const n = this.n;
    starts[0] = from;
    let p = from;
    for (let i = 1; i < n; i++) {
      const d = text.indexOf(this.delimiter, p);
      if (d === -1 || d >= to) return false;
      starts[i] = p = d + 1;
    }
    const extra = text.indexOf(this.delimiter, p);
    if (extra !== -1 && extra < to) return false;
    starts[n] = to + 1;
    return true;
  }

  /**
   * A value needs no trimming (no character ≤ 32 nor a no-break space, which trim() removes, at
   * either end) and, if required, is not empty.
   */
  protected plain(i: number, required: boolean): boolean {
    if (i < 0) return !required;
    const a = this.starts[i]!;
    const z = this.starts[i + 1]! - 1;
    if (a === z) return !required;
    const first = this.b![a]!;
    const last = this.b![z - 1]!;
    return first > 32 && first !== 0xa0 && last > 32 && last !== 0xa0;
  }

  /** Field i's first character and the one past its last. */
  protected from(i: number): number {
    return this.starts[i]!;
  }
  protected to(i: number): number {
    return this.starts[i + 1]! - 1;
  }

  /**
   * A personnummer or samordningsnummer written with its century (YYYYMMDDNNNN, YYYYMMDD-NNNN,
   * YYYYMMDD+NNNN), checked as normalizePatientId checks it: a date of birth (day + 60 for a
   * samordningsnummer) not after the date y-m-d, and the check digit. The 12-digit key as a
   * number, or -1: other forms go the slow way.
   */
  protected person(from: number, to: number, y: number, cm: number, cd: number): number {
    const b = this.b!;
    const len = to - from;
    let tail: number;
    if (len === 12) tail = from + 8;
    else if (len === 13 && (b[from + 8] === 45 || b[from + 8] === 43)) tail = from + 9;
    else return -1;
    // the twelve digits, each read once (a digit is 0..9: one test for all of them)
    const c0 = b[from]! - 48;
    const c1 = b[from + 1]! - 48;
    const c2 = b[from + 2]! - 48;
    const c3 = b[from + 3]! - 48;
    const c4 = b[from + 4]! - 48;
    const c5 = b[from + 5]! - 48;
    const c6 = b[from + 6]! - 48;
    const c7 = b[from + 7]! - 48;
    const n0 = b[tail]! - 48;
    const n1 = b[tail + 1]! - 48;
    const n2 = b[tail + 2]! - 48;
    const n3 = b[tail + 3]! - 48;
    if (
      (c0 |
        c1 |
        c2 |
        c3 |
        c4 |
        c5 |
        c6 |
        c7 |
        n0 |
        n1 |
        n2 |
        n3 |
        (9 - c0) |
        (9 - c1) |
        (9 - c2) |
        (9 - c3) |
        (9 - c4) |
        (9 - c5) |
        (9 - c6) |
        (9 - c7) |
        (9 - n0) |
        (9 - n1) |
        (9 - n2) |
        (9 - n3)) <
      0
    )
      return -1;
    const year = c0 * 1000 + c1 * 100 + c2 * 10 + c3;
    const month = c4 * 10 + c5;
    let day = c6 * 10 + c7;
    let kind: PatientIdKind = 'personnummer';
    if (day > 60) {
      kind = 'samordningsnummer';
      day -= 60;
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
    if (year > y || (year === y && month * 100 + day > cm * 100 + cd)) return -1;
    // Luhn over YYMMDDNNNN: every other digit from the first doubled, digits of the product summed
    const sum = LUHN_DOUBLE[c2]! + c3 + LUHN_DOUBLE[c4]! + c5 + LUHN_DOUBLE[c6]! + c7 + LUHN_DOUBLE[n0]! + n1 + LUHN_DOUBLE[n2]! + n3;
    if (sum % 10 !== 0) return -1;
    const date = year * 10000 + month * 100 + c6 * 10 + c7;
    const nnnn = n0 * 1000 + n1 * 100 + n2 * 10 + n3;
    this.personKind = kind;
    return date * 10000 + nnnn;
  }

  /** A date of field i in the profile's format, in `year`, as y * 10000 + m * 100 + d, or -1. */
  protected date(i: number, iso: boolean, year: number): number {
    const b = this.b!;
    const ds = this.from(i);
    const dlen = this.to(i) - ds;
    let y: number, m: number, d: number;
    if (iso) {
      if (dlen !== 10 || b[ds + 4] !== 45 || b[ds + 7] !== 45) return -1;
      y = digits(b, ds, ds + 4);
      m = digits(b, ds + 5, ds + 7);
      d = digits(b, ds + 8, ds + 10);
    } else {
      if (dlen !== 8) return -1;
      y = digits(b, ds, ds + 4);
      m = digits(b, ds + 4, ds + 6);
      d = digits(b, ds + 6, ds + 8);
    }
    if (y !== year || m < 0 || d < 0 || !isValidDate(y, m, d)) return -1;
    return y * 10000 + m * 100 + d;
  }

  /** A two-digit county code of field i, or -1. */
  protected county(i: number): number {
    const cs = this.from(i);
    if (this.to(i) - cs !== 2) return -1;
    return digits(this.b!, cs, cs + 2);
  }
}

export class FastRowReader extends FastFields {
  private readonly at: {
    clinic: number;
    id: number;
    date: number;
    type: number;
    status: number;
    profession: number;
    patient: number;
    county: number;
    fee: number;
    period: number;
    diagnosis: number;
  };
  private readonly types: ByteCodes<ContactType>;
  private readonly statuses: ByteCodes<ContactStatus>;
  private readonly professions: ByteCodes<string>;
  private readonly iso: boolean;
  private readonly mark: number;
  private readonly dates: string[] = [];
  private readonly months: string[] = [];
  private readonly counties: string[] = [];
  /** fee in öre → its amount (fees repeat: 300,00 0,00 600,00) */
  private readonly fees = new Map<number, Decimal>();
  private readonly row: FastRow;

  /**
   * @param year the activity year: a row of another year goes the slow way (which stops the run)
   * @param withDiagnosis whether the rules need the main diagnosis (focus groups)
   */
  constructor(
    opened: OpenedExport,
    private readonly year: number,
    withDiagnosis: boolean,
  ) {
    super(opened);
    const { profile, index } = opened;
    this.at = {
      clinic: index.clinic_id ?? -1,
      id: index.contact_id ?? -1,
      date: index.date ?? -1,
      type: index.contact_type ?? -1,
      status: index.status ?? -1,
      profession: index.profession ?? -1,
      patient: index.patient_id ?? -1,
      county: index.county ?? -1,
      fee: index.fee ?? -1,
      period: index.period ?? -1,
      diagnosis: withDiagnosis ? (index.diagnosis ?? -1) : -1,
    };
    this.types = new ByteCodes(profile.codes.contactType);
    this.statuses = new ByteCodes(profile.codes.status);
    this.professions = new ByteCodes(profile.codes.profession);
    this.iso = profile.dateFormat === 'YYYY-MM-DD';
    this.mark = profile.decimalMark.charCodeAt(0);
    this.row = {
      date: '',
      month: '',
      monthNumber: 0,
      type: 'clinic_visit',
      status: 'completed',
      profession: '',
      county: '',
      fee: new Decimal(0),
      diagnosis: null,
      codes: 0,
      day: 0,
      patientKind: 'personnummer',
      person: 0,
      clinicFrom: 0,
      clinicTo: 0,
      idFrom: 0,
      idTo: 0,
    };
  }

  /** How many values FastRow.codes can take. */
  get codeCombinations(): number {
    return 100 * this.statuses.size * this.professions.size * this.types.size;
  }

  /** The row text[from..to) (no line break) if it is plain and valid, or null (then the slow path reads it). */
  read(from: number, to: number): FastRow | null {
    if (!this.split(from, to)) return null;
    const text = this.text;
    const b = this.b!;
    const starts = this.starts;
    const at = this.at;
    // the ids and the diagnosis are taken as written: they must not need trimming, and the ids
    // not be empty (toContact's field()). The other values are read by strict parsers that take
    // no blank, and an empty one only where toContact takes it (the fee).
    if (!this.plain(at.clinic, true) || !this.plain(at.id, true) || (at.diagnosis >= 0 && !this.plain(at.diagnosis, false))) return null;
    const r = this.row;

    // the date, in this year
    const ymd = this.date(at.date, this.iso, this.year);
    if (ymd < 0) return null;
    const y = this.year;
    const m = Math.floor(ymd / 100) % 100;
    const d = ymd % 100;
    r.monthNumber = m;
    r.date = this.dates[m * 32 + d] ??= `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    r.month = this.months[m] ??= r.date.slice(0, 7);
    if (at.period >= 0) {
      // YYYY-MM and the month of the date
      const ps = starts[at.period]!;
      if (starts[at.period + 1]! - 1 - ps !== 7 || b[ps + 4] !== 45 || digits(b, ps, ps + 4) !== y || digits(b, ps + 5, ps + 7) !== m) return null;
    }

    const type = this.types.find(b, starts[at.type]!, starts[at.type + 1]! - 1);
    if (type < 0) return null;
    const status = this.statuses.find(b, starts[at.status]!, starts[at.status + 1]! - 1);
    if (status < 0) return null;
    const profession = this.professions.find(b, starts[at.profession]!, starts[at.profession + 1]! - 1);
    if (profession < 0) return null;
    r.type = this.types.value(type);
    r.status = this.statuses.value(status);
    r.profession = this.professions.value(profession);

    const county = this.county(at.county);
    if (county < 0) return null;
    r.county = this.counties[county] ??= text.slice(starts[at.county]!, starts[at.county]! + 2);
    r.codes = ((county * this.statuses.size + status) * this.professions.size + profession) * this.types.size + type;
    r.day = d;

    const fee = this.fee(starts[at.fee]!, starts[at.fee + 1]! - 1);
    if (fee === null) return null;
    r.fee = fee;

    const person = this.person(starts[at.patient]!, starts[at.patient + 1]! - 1, y, m, d);
    if (person < 0) return null;
    r.person = person;
    r.patientKind = this.personKind;

    r.diagnosis = at.diagnosis >= 0 ? text.slice(starts[at.diagnosis]!, starts[at.diagnosis + 1]! - 1) : null;
    r.clinicFrom = starts[at.clinic]!;
    r.clinicTo = starts[at.clinic + 1]! - 1;
    r.idFrom = starts[at.id]!;
    r.idTo = starts[at.id + 1]! - 1;
    return r;
  }

  /** An amount: digits, optionally the profile's decimal mark and one or two digits ('' is 0). */
  private fee(from: number, to: number): Decimal | null {
    const b = this.b!;
    let units = 0;
    let i = from;
    for (; i < to; i++) {
      const c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      units = units * 10 + c;
    }
    const whole = i - from;
    if (whole === 0 && to > from) return null;
    let decimals = 0;
    if (i < to) {
      if (b[i] !== this.mark) return null;
      decimals = to - i - 1;
      if (decimals < 1 || decimals > 2) return null;
      for (let k = i + 1; k < to; k++) {
        const c = b[k]! - 48;
        if (c < 0 || c > 9) return null;
        units = units * 10 + c;
      }
    }
    if (whole + decimals > MAX_FEE_DIGITS) return null;
    const ore = decimals === 2 ? units : decimals === 1 ? units * 10 : units * 100;
    let fee = this.fees.get(ore);
    if (!fee) {
      fee = new Decimal(ore).dividedBy(100);
      this.fees.set(ore, fee);
    }
    return fee;
  }
}

/** A plain, valid listing row (the fast path of toListingRow): numbers and shared strings, ranges into the chunk. */
export interface FastListingRow {
  /** YYYY-MM-DD, a shared string (one per day of the year), and its parts */
  snapshotDate: string;
  year: number;
  month: number;
  day: number;
  /** the 12-digit person key as a number */
  person: number;
  /** the two-digit county code (a shared string), or null when the file has none */
  county: string | null;
  /** character range of the unit id in the chunk */
  clinicFrom: number;
  clinicTo: number;
}

/**
 * The fast path of a listing snapshot, in the spirit of FastRowReader: a plain line whose
 * snapshot date (in the rule year), unit id, identity number with its century, listing type and
 * county are valid is read from the chunk's bytes, without a string per line or field; anything
 * else goes through the record splitter and toListingRow, which give every reject and message.
 * It must stay strictly narrower than toListingRow: what it accepts, toListingRow accepts with
 * the same values.
 */
export class FastListingReader extends FastFields {
  private readonly at: { date: number; clinic: number; patient: number; type: number; county: number };
  private readonly types: ByteCodes<string>;
  private readonly iso: boolean;
  private readonly dates: string[] = [];
  private readonly counties: string[] = [];
  private readonly row: FastListingRow = { snapshotDate: '', year: 0, month: 0, day: 0, person: 0, county: null, clinicFrom: 0, clinicTo: 0 };

  /** @param year the rule year: a snapshot of another year goes the slow way (which stops the run) */
  constructor(
    opened: OpenedExport,
    private readonly year: number,
  ) {
    super(opened);
    const { profile, index } = opened;
    this.at = {
      date: index.snapshot_date ?? -1,
      clinic: index.clinic_id ?? -1,
      patient: index.patient_id ?? -1,
      type: index.listing_type ?? -1,
      county: index.county ?? -1,
    };
    this.types = new ByteCodes(profile.codes.listingType);
    this.iso = profile.dateFormat === 'YYYY-MM-DD';
  }

  /** The row text[from..to) (no line break) if it is plain and valid, or null (then the slow path reads it). */
  read(from: number, to: number): FastListingRow | null {
    if (!this.split(from, to)) return null;
    const at = this.at;
    // the values read must not need trimming, and the required ones must not be empty (toListingRow's open())
    if (
      !this.plain(at.date, true) ||
      !this.plain(at.clinic, true) ||
      !this.plain(at.patient, true) ||
      (at.type >= 0 && !this.plain(at.type, false)) ||
      (at.county >= 0 && !this.plain(at.county, false))
    )
      return null;
    const ymd = this.date(at.date, this.iso, this.year);
    if (ymd < 0) return null;
    const r = this.row;
    const y = this.year;
    const m = Math.floor(ymd / 100) % 100;
    const d = ymd % 100;
    const person = this.person(this.from(at.patient), this.to(at.patient), y, m, d);
    if (person < 0) return null;
    // an empty listing type or county is no listing type or county, as in toListingRow
    if (at.type >= 0 && this.to(at.type) > this.from(at.type) && this.types.find(this.b!, this.from(at.type), this.to(at.type)) < 0) return null;
    let county: string | null = null;
    if (at.county >= 0 && this.to(at.county) > this.from(at.county)) {
      const c = this.county(at.county);
      if (c < 0) return null;
      county = this.counties[c] ??= this.text.slice(this.from(at.county), this.from(at.county) + 2);
    }
    r.snapshotDate = this.dates[m * 32 + d] ??= `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    r.year = y;
    r.month = m;
    r.day = d;
    r.person = person;
    r.county = county;
    r.clinicFrom = this.from(at.clinic);
    r.clinicTo = this.to(at.clinic);
    return r;
  }
}
