import { daysInMonth } from '../model/calendar.js';

/**
 * Patient ids are Swedish personal identity numbers (personnummer, or samordningsnummer with
 * day + 60). They are normalised to one key per person so the same person counts once however
 * the number is written, and they never leave this module in clear: callers get a key for
 * counting and, for messages, only `maskPatientIds`.
 */
export type PatientIdKind = 'personnummer' | 'samordningsnummer' | 'reserve';

export type PatientIdResult =
  | { ok: true; kind: PatientIdKind; /** 12 digits for (samordnings)nummer; 'R:' + id for reserve ids */ key: string }
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
  if ((n === 12 && allDigits(raw, 0, 12)) || (n === 13 && (raw.charCodeAt(8) === 45 || raw.charCodeAt(8) === 43) && allDigits(raw, 0, 8) && allDigits(raw, 9, 13)))
    return checkDigits(raw, n - 4, onDate, n === 12 ? raw : raw.slice(0, 8) + raw.slice(9));
  const s = raw.trim().replace(/\s+/g, '');
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
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return { ok: false, problem: 'not a valid date of birth in the patient id' };
  const contactYear = num(onDate, 0, 4);
  if (year > contactYear || (year === contactYear && month * 100 + day > num(onDate, 5, 2) * 100 + num(onDate, 8, 2)))
    return { ok: false, problem: 'the date of birth in the patient id is after the contact date' };
  if (!luhnAt(s, 2, tailAt)) return { ok: false, problem: 'check digit (Luhn) of the patient id does not match' };
  return { ok: true, kind, key };
}

/**
 * Anything that looks like a personnummer, in any of its written forms (10 or 12 digits, with
 * '-', '+' or a blank before the last four) whose date part could be a date of birth (month
 * 01–12, day 01–31 or 61–91 for a samordningsnummer). The date test keeps ids such as an
 * HSA-id's organisation number (SE2321000017-…) readable in messages; a patient-id column's
 * values are masked whole wherever a row is shown (`maskPatientIdValue`), date or not.
 */
const PNR_PATTERN = /(?<!\d)(\d{2})?(\d{6})[-+ ]?(\d{4})(?!\d)/g;

function couldBeBirthDate(yymmdd: string, century: string | undefined): boolean {
  const m = Number(yymmdd.slice(2, 4));
  const d = Number(yymmdd.slice(4, 6));
  if (century !== undefined && (century < '18' || century > '20')) return false;
  return m >= 1 && m <= 12 && ((d >= 1 && d <= 31) || (d >= 61 && d <= 91));
}

/** Masks every personnummer-looking sequence: 19800101-1234 → ########-****, 198001011234 → ########****. */
export function maskPatientIds(text: string): string {
  return text.replace(PNR_PATTERN, (whole: string, century: string | undefined, yymmdd: string) =>
    couldBeBirthDate(yymmdd, century) ? whole.replace(/\d/g, (_d, i: number) => (i >= whole.length - 4 ? '*' : '#')) : whole,
  );
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
