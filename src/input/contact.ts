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
    l = { n: opened.headers.length, at, col, required: NON_EMPTY };
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
function parseDate(raw: string, format: 'YYYY-MM-DD' | 'YYYYMMDD'): string | null {
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
 * Maps one record of an export to a canonical contact, or says why it is rejected. Pure: the
 * profile says which column holds what and how codes, dates and decimals are written.
 */
export function toContact(opened: OpenedExport, fields: readonly string[]): Contact | Rejection {
  const { profile } = opened;
  const { n, at, col, required } = layoutOf(opened);
  if (fields.length !== n)
    return { reason: 'wrong_column_count', message: `expected ${n} fields like the header, found ${fields.length}` };
  for (const f of required) if (field(fields, at[f]) === '') return { reason: 'missing_field', column: col[f], message: 'value is empty' };

  const rawDate = field(fields, at.date);
  const date = parseDate(rawDate, profile.dateFormat);
  if (date === null) return { reason: 'bad_date', column: col.date, message: `expected a date ${profile.dateFormat}, got '${rawDate}'` };
  const month = date.slice(0, 7);

  if (at.period >= 0) {
    const period = field(fields, at.period);
    if (!/^\d{4}-\d{2}$/.test(period)) return { reason: 'bad_date', column: col.period, message: `expected a period YYYY-MM, got '${period}'` };
    if (period !== month) return { reason: 'period_mismatch', column: col.period, message: `period ${period} does not contain the contact date ${date}` };
  }

  const rawType = field(fields, at.contact_type);
  const type = profile.codes.contactType[rawType];
  if (!type) return { reason: 'unknown_contact_type', column: col.contact_type, message: `'${rawType}' is not a contact type of profile '${profile.id}' (add it under codes.contact_type)` };
  const rawStatus = field(fields, at.status);
  const status = profile.codes.status[rawStatus];
  if (!status) return { reason: 'unknown_status', column: col.status, message: `'${rawStatus}' is not a status of profile '${profile.id}' (add it under codes.status)` };
  const rawProf = field(fields, at.profession);
  const profession = profile.codes.profession[rawProf];
  if (!profession) return { reason: 'unknown_profession', column: col.profession, message: `'${rawProf}' is not a profession of profile '${profile.id}' (add it under codes.profession)` };

  const county = field(fields, at.county);
  if (county.length !== 2 || two(county, 0) < 0) return { reason: 'bad_county', column: col.county, message: `expected a two-digit county code, got '${county}'` };

  const rawFee = field(fields, at.fee);
  let fee: Decimal;
  if (rawFee === '') fee = feeDecimal('0');
  else {
    const cached = feeCache.get(profile.decimalMark + rawFee);
    if (cached) fee = cached;
    else {
      const otherMark = profile.decimalMark === ',' ? '.' : ',';
      const norm = profile.decimalMark === ',' ? rawFee.replace(',', '.') : rawFee;
      if (rawFee.includes(otherMark) || !/^\d+(\.\d{1,2})?$/.test(norm))
        return { reason: 'bad_amount', column: col.fee, message: `expected a non-negative amount with decimal mark '${profile.decimalMark}', got '${rawFee}'` };
      fee = feeDecimal(norm);
      if (feeCache.size < 10_000) feeCache.set(profile.decimalMark + rawFee, fee);
    }
  }

  const pid = normalizePatientId(field(fields, at.patient_id), date);
  if (!pid.ok) return { reason: 'invalid_patient_id', column: col.patient_id, message: pid.problem };

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
