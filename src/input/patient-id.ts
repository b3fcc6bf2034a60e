import { daysInMonth } from '../model/calendar.js';

/**
 * Patient ids are Swedish personal identity numbers (personnummer, or samordningsnummer with
 * day + 60). They are normalised to one key per person so the same person counts once however
 * the number is written, and they never leave this module in clear: callers get a key for
 * counting and, for messages, only `maskPatientIds`.
 */
export type PatientIdKind = 'personnummer' | 'samordningsnummer' | 'reserve';

export type PatientIdResult =
  | { ok: true; kind: PatientIdKind /** 12 digits for (samordnings)nummer; 'R:' + id for reserve ids */; key: string }
  | { ok: false; problem: string };

const SHAPE = /^(\d{6}|\d{8})([-+]?)(\d{4})$/;

function luhnOk(ten: string): boolean {
  return luhnAt(ten, 0, 6);
}

/** Luhn over YYMMDD at s[dateAt+2..] and NNNN at s[tailAt..] without building the string. */
function luhnAt(s: string, yymmddAt: number, tailAt: number): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = s.charCodeAt(i < 6 ? yymmddAt + i : tailAt + i - 6) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const num = (s: string, at: number, len: number): number => {
  let v = 0;
  for (let i = at; i < at + len; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
};

/**
 * @param raw the id as written in the export
 * @param onDate the contact date (YYYY-MM-DD); with a 10-digit number it decides the century
 *   ('-' = under 100 years old on that date, '+' = 100 or older)
 */
export function normalizePatientId(raw: string, onDate: string): PatientIdResult {
  // fast path for the written forms with a century (YYYYMMDDNNNN, YYYYMMDD-NNNN or +NNNN)
  const n = raw.length;
  if (
    (n === 12 && allDigits(raw, 0, 12)) ||
    (n === 13 && (raw.charCodeAt(8) === 45 || raw.charCodeAt(8) === 43) && allDigits(raw, 0, 8) && allDigits(raw, 9, 13))
  )
    return checkDigits(raw, n - 4, onDate, n === 12 ? raw : raw.slice(0, 8) + raw.slice(9));
  const t = raw.trim();
  // blanks may split the number only where the recogniser of ids in text (findPatientIds) splits
  // it, so that every id the parser takes is also masked wherever it is printed
  if (/\s/.test(t) && !splitLikeAnId(t)) return { ok: false, problem: 'not a personnummer: blanks split the number inside a part (write YYYYMMDD-NNNN)' };
  const s = t.replace(/\s+/g, '');
  if (s === '') return { ok: false, problem: 'empty patient id' };
  const m = SHAPE.exec(s);
  if (!m) {
    if (/[A-Za-z]/.test(s) && /^[0-9A-Za-z+-]{4,20}$/.test(s)) return { ok: true, kind: 'reserve', key: `R:${s.toUpperCase()}` };
    return { ok: false, problem: 'not a personnummer (expected 10 or 12 digits, optionally with - or +) nor a reserve number' };
  }
  const [, datePart, sep, tail] = m as unknown as [string, string, string, string];
  let full: string;
  if (datePart.length === 8) {
    full = datePart;
  } else {
    const yy = Number(datePart.slice(0, 2));
    const cy = Number(onDate.slice(0, 4));
    const cmd = onDate.slice(5, 7) + onDate.slice(8, 10);
    // latest birth year ending in yy that is not after the contact date
    let year = Math.floor(cy / 100) * 100 + yy;
    if (year > cy || (year === cy && datePart.slice(2, 6) > cmd)) year -= 100;
    if (sep === '+') year -= 100;
    full = String(year) + datePart.slice(2);
  }
  const key = full + tail;
  return checkDigits(key, 8, onDate, key);
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Validates YYYYMMDD at the start of `s` (day + 60 for samordningsnummer), that the person was
 * born by the contact date, and the check digit of NNNN at `tailAt`; `key` is the 12 digits.
 * Works on character codes: it runs once per input row.
 */
function checkDigits(s: string, tailAt: number, onDate: string, key: string): PatientIdResult {
  const year = num(s, 0, 4);
  const month = num(s, 4, 2);
  let day = num(s, 6, 2);
  let kind: PatientIdKind = 'personnummer';
  if (day > 60) {
    kind = 'samordningsnummer';
    day -= 60;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: 'not a valid date of birth in the patient id' };
  const contactYear = num(onDate, 0, 4);
  if (year > contactYear || (year === contactYear && month * 100 + day > num(onDate, 5, 2) * 100 + num(onDate, 8, 2)))
    return { ok: false, problem: 'the date of birth in the patient id is after the contact date' };
  if (!luhnAt(s, 2, tailAt)) return { ok: false, problem: 'check digit (Luhn) of the patient id does not match' };
  return { ok: true, kind, key };
}

/**
 * THE recogniser of identity numbers in free text (messages, raw rows, file names, register
 * names, check diffs): every path that prints input text passes it through `maskPatientIds`.
 * It is wider than the parser (normalizePatientId), so that whatever the parser would take as an
 * id, and more, is masked:
 *
 * - 10 or 12 digits in groups joined by up to three separator characters (any blank, the no-break
 *   space, control characters, '-', '+', en dash, minus sign and the other dashes, '.'): `19800101-1231`,
 *   `800101 - 1231`, `1980 01 01 1231`, `1980-01-01-1231`, `19800101\t1231`, `800101–1231`;
 * - where the groups split the number only where a personnummer is split (year | month | day |
 *   number: after digit 4, 6 or 8 of 12, 2, 4 or 6 of 10) and, if split at all, between date and
 *   number. This keeps amounts and dates in a row of figures ('2026-01 114146.67') readable;
 * - whose date part could be a date of birth (month 01–12, day 01–31 or 61–91 for a
 *   samordningsnummer; century 18–20). The date test keeps an HSA-id's organisation number
 *   (SE2321000017-…) readable;
 * - and reserve numbers that start with a date of birth written without separators, then letters and
 *   digits (`19800101SB1C`, `800101-SB 1 C`); a date followed by words ('2026-01-05 is') is not one.
 *
 * Reserve numbers without a date (XR-2026-00042) cannot be told from other ids in free text:
 * the value of a patient-id column is masked whole wherever a row is shown (`maskRow`).
 */
const SEP_CLASS = '[\\s\\u0000-\\u001f\\u007f-\\u00a0\\u00ad\\u2000-\\u200b\\u202f\\u205f\\u3000\\-+\\u2010-\\u2015\\u2212\\u2043\\ufe58\\ufe63\\uff0d.]';
/** Digit groups joined by separators: the candidates for a personnummer. */
const DIGIT_CHAIN = new RegExp(`\\d+(?:${SEP_CLASS}+\\d+)*`, 'g');
/** A reserve number that starts with a date of birth. */
const RESERVE_WITH_DATE = /(?<![0-9])(\d{2}(?:\d{2})?)(\d{2})(\d{2})[-+]?[A-Za-z]{1,3}(?: ?[0-9]){1,4}(?: ?[0-9A-Za-z])?[0-9A-Za-z]*/g;

function couldBeBirthDate(yymmdd: string, century: string | undefined): boolean {
  const m = Number(yymmdd.slice(2, 4));
  const d = Number(yymmdd.slice(4, 6));
  if (century !== undefined && (century < '18' || century > '20')) return false;
  return m >= 1 && m <= 12 && ((d >= 1 && d <= 31) || (d >= 61 && d <= 91));
}

/** Whether digits cut into groups at `cuts` (digit offsets) are written the way a personnummer is. */
function cutLikeAnId(total: number, cuts: readonly number[]): boolean {
  if (cuts.length === 0) return true;
  const allowed = total === 12 ? [4, 6, 8] : [2, 4, 6];
  return cuts.every((c) => allowed.includes(c)) && cuts.includes(total - 4);
}

/** Whether a digit string with blanks (and '-' or '+') is split only where findPatientIds accepts a split. */
function splitLikeAnId(t: string): boolean {
  const groups = t.split(/[\s+-]+/);
  if (groups.some((g) => !/^\d+$/.test(g))) return true; // not digits: the shape check below decides
  const cuts: number[] = [];
  let n = 0;
  for (const g of groups.slice(0, -1)) {
    n += g.length;
    cuts.push(n);
  }
  n += groups.at(-1)!.length;
  return (n !== 10 && n !== 12) || cutLikeAnId(n, cuts);
}

/** Character ranges [from, to) of `text` that hold an identity number, in order. */
function findPatientIds(text: string): [number, number][] {
  const found: [number, number][] = [];
  for (const m of text.matchAll(DIGIT_CHAIN)) {
    const chain = m[0];
    if (chain.length < 10) continue;
    const base = m.index;
    const groups: { at: number; digits: string }[] = [];
    for (const g of chain.matchAll(/\d+/g)) groups.push({ at: base + g.index, digits: g[0] });
    let coveredTo = -1;
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      const cuts: number[] = [];
      for (let j = i; j < groups.length && digits.length < 12; j++) {
        if (j > i) cuts.push(digits.length);
        digits += groups[j]!.digits;
        if ((digits.length === 10 || digits.length === 12) && cutLikeAnId(digits.length, cuts)) {
          const century = digits.length === 12 ? digits.slice(0, 2) : undefined;
          const yymmdd = digits.slice(digits.length - 10, digits.length - 4);
          const from = groups[i]!.at;
          const to = groups[j]!.at + groups[j]!.digits.length;
          if (couldBeBirthDate(yymmdd, century) && from >= coveredTo) {
            found.push([from, to]);
            coveredTo = to;
          }
        }
      }
    }
  }
  for (const m of text.matchAll(RESERVE_WITH_DATE)) {
    const [whole, y, mm, dd] = m as unknown as [string, string, string, string];
    const century = y.length === 4 ? y.slice(0, 2) : undefined;
    if (couldBeBirthDate(y.slice(-2) + mm + dd, century)) found.push([m.index, m.index + whole.length]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/**
 * Masks every identity number in `text`: the digits of the date part become '#', the last four
 * '*', separators stay (19800101-1234 → ########-****); a reserve number becomes '*'s.
 */
export function maskPatientIds(text: string): string {
  const found = findPatientIds(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [from, to] of found) {
    if (to <= at) continue;
    const start = Math.max(from, at);
    out += text.slice(at, start) + maskSpan(text.slice(start, to));
    at = to;
  }
  return out + text.slice(at);
}

function maskSpan(span: string): string {
  if (/[A-Za-z]/.test(span)) return span.replace(/[0-9A-Za-z]/g, '*');
  let digitsLeft = (span.match(/\d/g) ?? []).length;
  return span.replace(/\d/g, () => (digitsLeft-- > 4 ? '#' : '*'));
}

/** JSON text with every string value masked (numbers stay numbers): for JSON that carries input text. */
export function maskedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? maskPatientIds(v) : v), 2);
}

/** Masks one patient-id value whatever its form (reserve numbers too): every letter and digit. */
export function maskPatientIdValue(value: string): string {
  return maskPatientIds(value).replace(/[0-9A-Za-z]/g, '*');
}

/** Valid-looking check digit for building synthetic test ids. */
export function luhnCheckDigit(nine: string): number {
  for (let d = 0; d <= 9; d++) if (luhnOk(nine + d)) return d;
  throw new Error('unreachable');
}
