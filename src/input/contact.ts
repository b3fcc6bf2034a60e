import { Decimal } from '../model/decimal.js';
import type { Contact, RejectReason } from '../model/types.js';
import { normalizePatientId } from './patient-id.js';
import type { CanonicalField } from './profile.js';
import type { OpenedExport } from './reader.js';

export interface Rejection {
  reason: RejectReason;
  /** header of the offending column, if one */
  column?: string;
  /** what was expected; never contains the patient id */
  message: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Maps one record of an export to a canonical contact, or says why it is rejected. Pure: the
 * profile says which column holds what and how codes, dates and decimals are written.
 */
export function toContact(opened: OpenedExport, fields: readonly string[]): Contact | Rejection {
  const { profile, index, headers } = opened;
  if (fields.length !== headers.length)
    return { reason: 'wrong_column_count', message: `expected ${headers.length} fields like the header, found ${fields.length}` };
  const get = (f: CanonicalField): string => {
    const i = index[f];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const col = (f: CanonicalField): string => profile.columns[f] ?? f;
  for (const f of ['clinic_id', 'contact_id', 'date', 'contact_type', 'status', 'profession', 'patient_id', 'county'] as const)
    if (get(f) === '') return { reason: 'missing_field', column: col(f), message: 'value is empty' };

  const rawDate = get('date');
  const m = (profile.dateFormat === 'YYYY-MM-DD' ? ISO_DATE : COMPACT_DATE).exec(rawDate);
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3])))
    return { reason: 'bad_date', column: col('date'), message: `expected a date ${profile.dateFormat}, got '${rawDate}'` };
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const month = date.slice(0, 7);

  if (index.period !== undefined) {
    const period = get('period');
    if (!/^\d{4}-\d{2}$/.test(period)) return { reason: 'bad_date', column: col('period'), message: `expected a period YYYY-MM, got '${period}'` };
    if (period !== month) return { reason: 'period_mismatch', column: col('period'), message: `period ${period} does not contain the contact date ${date}` };
  }

  const rawType = get('contact_type');
  const type = profile.codes.contactType[rawType];
  if (!type) return { reason: 'unknown_contact_type', column: col('contact_type'), message: `'${rawType}' is not a contact type of profile '${profile.id}' (add it under codes.contact_type)` };
  const rawStatus = get('status');
  const status = profile.codes.status[rawStatus];
  if (!status) return { reason: 'unknown_status', column: col('status'), message: `'${rawStatus}' is not a status of profile '${profile.id}' (add it under codes.status)` };
  const rawProf = get('profession');
  const profession = profile.codes.profession[rawProf];
  if (!profession) return { reason: 'unknown_profession', column: col('profession'), message: `'${rawProf}' is not a profession of profile '${profile.id}' (add it under codes.profession)` };

  const county = get('county');
  if (!/^\d{2}$/.test(county)) return { reason: 'bad_county', column: col('county'), message: `expected a two-digit county code, got '${county}'` };

  const rawFee = get('fee');
  let fee: Decimal;
  if (rawFee === '') fee = new Decimal(0);
  else {
    const otherMark = profile.decimalMark === ',' ? '.' : ',';
    const norm = profile.decimalMark === ',' ? rawFee.replace(',', '.') : rawFee;
    if (rawFee.includes(otherMark) || !/^\d+(\.\d{1,2})?$/.test(norm))
      return { reason: 'bad_amount', column: col('fee'), message: `expected a non-negative amount with decimal mark '${profile.decimalMark}', got '${rawFee}'` };
    fee = new Decimal(norm);
  }

  const pid = normalizePatientId(get('patient_id'), date);
  if (!pid.ok) return { reason: 'invalid_patient_id', column: col('patient_id'), message: pid.problem };

  const diagnosis = get('diagnosis');
  return {
    clinicId: get('clinic_id'),
    clinicName: get('clinic_name'),
    contactId: get('contact_id'),
    date,
    month,
    type,
    status,
    profession,
    patientKey: pid.key,
    patientKind: pid.kind,
    county,
    fee,
    diagnosis: index.diagnosis === undefined ? null : diagnosis,
  };
}

export function isRejection(x: Contact | Rejection): x is Rejection {
  return (x as Rejection).reason !== undefined;
}
