import { isAbsolute, relative } from 'node:path';
import { isValidDate } from '../model/calendar.js';
import { Decimal } from '../model/decimal.js';
import type { Contact, RejectReason } from '../model/types.js';
import { normalizePatientId } from './patient-id.js';
import { CANONICAL_FIELDS, type CanonicalField } from './profile.js';
import type { OpenedExport } from './reader.js';

export interface Rejection {
  reason: RejectReason;
  /** header of the offending column, if one */
  column?: string;
  /** what was expected; never contains the patient id */
  message: string;
}

/** Fee texts repeat (300.00, 0.00, 600.00): one Decimal per distinct text. */
const feeCache = new Map<string, Decimal>();
function feeDecimal(text: string): Decimal {
  let d = feeCache.get(text);
  if (!d) {
    d = new Decimal(text);
    if (feeCache.size < 10_000) feeCache.set(text, d);
  }
  return d;
}

/** Column positions of one opened export, computed once per file rather than per row. */
interface Layout {
  n: number;
  at: Record<CanonicalField, number>;
  col: Record<CanonicalField, string>;
  required: readonly CanonicalField[];
  /** fee text as written in this export → its amount (fee texts repeat: 300,00 0,00 600,00) */
  fees: Map<string, Decimal>;
}
const layouts = new WeakMap<OpenedExport, Layout>();
const NON_EMPTY: readonly CanonicalField[] = ['clinic_id', 'contact_id', 'date', 'contact_type', 'status', 'profession', 'patient_id', 'county'];

function layoutOf(opened: OpenedExport): Layout {
  let l = layouts.get(opened);
  if (!l) {
    const at = {} as Record<CanonicalField, number>;
    const col = {} as Record<CanonicalField, string>;
    for (const f of CANONICAL_FIELDS) {
      at[f] = opened.index[f] ?? -1;
      col[f] = opened.profile.columns[f] ?? f;
    }
    l = { n: opened.headers.length, at, col, required: NON_EMPTY, fees: new Map() };
    layouts.set(opened, l);
  }
  return l;
}

/** A field's value without surrounding blanks ('' for a column the file lacks). */
function field(fields: readonly string[], i: number): string {
  if (i < 0) return '';
  const v = fields[i]!;
  // most values have no blanks to trim: skip the copy
  return v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) ? v.trim() : v;
}

/** Two digits at i as a number, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** A date in the profile's format → YYYY-MM-DD, or null. */
export function parseDate(raw: string, format: 'YYYY-MM-DD' | 'YYYYMMDD'): string | null {
  const iso = format === 'YYYY-MM-DD';
  if (raw.length !== (iso ? 10 : 8)) return null;
  if (iso && (raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45)) return null;
  const hi = two(raw, 0);
  const lo = two(raw, 2);
  const m = two(raw, iso ? 5 : 4);
  const d = two(raw, iso ? 8 : 6);
  if (hi < 0 || lo < 0 || m < 0 || d < 0 || !isValidDate(hi * 100 + lo, m, d)) return null;
  return iso ? raw : `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
}

/**
 * A rejection that points at the problem the way hledger's CSV errors do: the column by its
 * header and position, what was expected and what was found. Never the patient id's value.
 */
function rejection(reason: RejectReason, opened: OpenedExport, f: CanonicalField, what: string): Rejection {
  const { at, col } = layoutOf(opened);
  return { reason, column: col[f], message: `${col[f]} (field ${at[f] + 1}): ${what}` };
}

function unknownCode(
  reason: RejectReason,
  opened: OpenedExport,
  f: CanonicalField,
  raw: string,
  kind: string,
  known: Record<string, string>,
  key: string,
): Rejection {
  const codes = Object.keys(known);
  const list = codes.length > 8 ? `${codes.slice(0, 8).join(', ')}, …` : codes.join(', ');
  return rejection(
    reason,
    opened,
    f,
    `'${raw}' is not ${kind} of profile '${opened.profile.id}' (known: ${list}); if it is one, add it under ${key} in ${shortPath(opened.profile.file)}`,
  );
}

function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** Whether a text has the digits-and-dashes shape of the date format (then the date itself is impossible). */
export function sameShape(raw: string, format: 'YYYY-MM-DD' | 'YYYYMMDD'): boolean {
  return (format === 'YYYY-MM-DD' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{8}$/).test(raw);
}

/**
 * Maps one record of an export to a canonical contact, or says why it is rejected. Pure: the
 * profile says which column holds what and how codes, dates and decimals are written.
 */
export function toContact(opened: OpenedExport, fields: readonly string[]): Contact | Rejection {
  const { profile } = opened;
  const layout = layoutOf(opened);
  const { n, at, required } = layout;
  if (fields.length !== n)
    return {
      reason: 'wrong_column_count',
      message:
        `expected ${n} fields like the header, found ${fields.length}` +
        (fields.length > n ? ` (a '${profile.delimiter}' inside a value that is not quoted?)` : ' (a cut-off line?)'),
    };
  for (const f of required) if (field(fields, at[f]) === '') return rejection('missing_field', opened, f, 'expected a value, the field is empty');

  const rawDate = field(fields, at.date);
  const date = parseDate(rawDate, profile.dateFormat);
  if (date === null)
    return rejection(
      'bad_date',
      opened,
      'date',
      `expected a date ${profile.dateFormat}, got '${rawDate}'${sameShape(rawDate, profile.dateFormat) ? ' (no such date)' : ''}`,
    );
  const month = date.slice(0, 7);

  if (at.period >= 0) {
    const period = field(fields, at.period);
    if (!/^\d{4}-\d{2}$/.test(period)) return rejection('bad_date', opened, 'period', `expected a month YYYY-MM, got '${period}'`);
    if (period !== month) return rejection('period_mismatch', opened, 'period', `expected the month of the contact date ${date} (${month}), got '${period}'`);
  }

  const rawType = field(fields, at.contact_type);
  const type = profile.codes.contactType[rawType] ?? profile.codes.contactType[rawType.normalize('NFC')];
  if (!type) return unknownCode('unknown_contact_type', opened, 'contact_type', rawType, 'a contact type', profile.codes.contactType, 'codes.contact_type');
  const rawStatus = field(fields, at.status);
  const status = profile.codes.status[rawStatus] ?? profile.codes.status[rawStatus.normalize('NFC')];
  if (!status) return unknownCode('unknown_status', opened, 'status', rawStatus, 'a status', profile.codes.status, 'codes.status');
  const rawProf = field(fields, at.profession);
  const profession = profile.codes.profession[rawProf] ?? profile.codes.profession[rawProf.normalize('NFC')];
  if (!profession) return unknownCode('unknown_profession', opened, 'profession', rawProf, 'a profession', profile.codes.profession, 'codes.profession');

  const county = field(fields, at.county);
  if (county.length !== 2 || two(county, 0) < 0) return rejection('bad_county', opened, 'county', `expected a two-digit county code like 17, got '${county}'`);

  const rawFee = field(fields, at.fee);
  let fee: Decimal;
  if (rawFee === '') fee = feeDecimal('0');
  else {
    const fees = layout.fees;
    const cached = fees.get(rawFee);
    if (cached) fee = cached;
    else {
      const otherMark = profile.decimalMark === ',' ? '.' : ',';
      const norm = profile.decimalMark === ',' ? rawFee.replace(',', '.') : rawFee;
      if (rawFee.includes(otherMark) || !/^\d+(\.\d{1,2})?$/.test(norm))
        return rejection(
          'bad_amount',
          opened,
          'fee',
          `expected an amount of at least 0 with at most two decimals after '${profile.decimalMark}' (like 300${profile.decimalMark}00), got '${rawFee}'`,
        );
      fee = feeDecimal(norm);
      if (fees.size < 10_000) fees.set(rawFee, fee);
    }
  }

  const pid = normalizePatientId(field(fields, at.patient_id), date);
  if (!pid.ok) return rejection('invalid_patient_id', opened, 'patient_id', pid.problem);

  return {
    clinicId: field(fields, at.clinic_id),
    clinicName: field(fields, at.clinic_name),
    contactId: field(fields, at.contact_id),
    date,
    month,
    type,
    status,
    profession,
    patientKey: pid.key,
    patientKind: pid.kind,
    county,
    fee,
    diagnosis: at.diagnosis < 0 ? null : field(fields, at.diagnosis),
  };
}

export function isRejection(x: Contact | Rejection): x is Rejection {
  return (x as Rejection).reason !== undefined;
}
