import { Decimal } from '../model/decimal.js';
import type { RejectReason } from '../model/types.js';
import { parseDate, sameShape, type Rejection } from './contact.js';
import { normalizePatientId } from './patient-id.js';
import type { ProfileField } from './profile.js';
import type { OpenedExport } from './reader.js';

/**
 * Records of the vårdcentral inputs (VARDCENTRAL.md §12) in canonical form, or why a record is
 * rejected. Pure, like toContact: the profile says which column holds what and how dates,
 * decimals and codes are written. A patient id never leaves here in clear.
 */

export interface ListingRow {
  snapshotDate: string;
  clinicId: string;
  /** 12-digit person key (personnummer or samordningsnummer) */
  personKey: string;
  county: string | null;
}

export interface CniRow {
  clinicId: string;
  validFrom: string;
  validTo: string | null;
  cni: Decimal;
  population: Decimal | null;
  kommunmottagna: Decimal | null;
}

export interface DrugRow {
  clinicId: string;
  month: string;
  group: string;
  amount: Decimal;
}

export interface AdjustmentRow {
  clinicId: string;
  paymentMonth: string;
  code: string;
  amount: Decimal;
  vat: boolean;
  note: string;
}

class Fields {
  constructor(
    private readonly opened: OpenedExport,
    private readonly fields: readonly string[],
  ) {}
  has(f: ProfileField): boolean {
    return this.opened.index[f] !== undefined;
  }
  get(f: ProfileField): string {
    const i = this.opened.index[f];
    return i === undefined ? '' : (this.fields[i] ?? '').trim();
  }
  reject(reason: RejectReason, f: ProfileField, what: string): Rejection {
    const col = this.opened.profile.columns[f] ?? f;
    return { reason, column: col, message: `${col} (field ${(this.opened.index[f] ?? 0) + 1}): ${what}` };
  }
}

function open(opened: OpenedExport, fields: readonly string[], required: readonly ProfileField[]): Fields | Rejection {
  const n = opened.headers.length;
  if (fields.length !== n)
    return {
      reason: 'wrong_column_count',
      message: `expected ${n} fields like the header, found ${fields.length}${fields.length > n ? ` (a '${opened.profile.delimiter}' inside a value that is not quoted?)` : ' (a cut-off line?)'}`,
    };
  const f = new Fields(opened, fields);
  for (const r of required) if (f.get(r) === '') return f.reject('missing_field', r, 'expected a value, the field is empty');
  return f;
}

function date(f: Fields, opened: OpenedExport, field: ProfileField): string | Rejection {
  const raw = f.get(field);
  const d = parseDate(raw, opened.profile.dateFormat);
  if (d === null)
    return f.reject(
      'bad_date',
      field,
      `expected a date ${opened.profile.dateFormat}, got '${raw}'${sameShape(raw, opened.profile.dateFormat) ? ' (no such date)' : ''}`,
    );
  return d;
}

function month(f: Fields, field: ProfileField): string | Rejection {
  const raw = f.get(field);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) return f.reject('bad_date', field, `expected a month YYYY-MM, got '${raw}'`);
  return raw;
}

/** A decimal in the profile's decimal mark; signed only where an amount may be negative (adjustments). */
function decimal(f: Fields, opened: OpenedExport, field: ProfileField, signed: boolean): Decimal | Rejection {
  const raw = f.get(field);
  const mark = opened.profile.decimalMark;
  const norm = mark === ',' ? raw.replace(',', '.') : raw;
  const ok = raw.includes(mark === ',' ? '.' : ',') ? false : (signed ? /^[-−]?\d+(\.\d+)?$/ : /^\d+(\.\d+)?$/).test(norm);
  if (!ok) return f.reject('bad_amount', field, `expected a ${signed ? '' : 'non-negative '}decimal with '${mark}' as decimal mark, got '${raw}'`);
  return new Decimal(norm.replace('−', '-'));
}

const isRej = (x: unknown): x is Rejection => typeof x === 'object' && x !== null && 'reason' in x && 'message' in x;

export function toListingRow(opened: OpenedExport, fields: readonly string[]): ListingRow | Rejection {
  const f = open(opened, fields, ['snapshot_date', 'clinic_id', 'patient_id']);
  if (isRej(f)) return f;
  const snapshotDate = date(f, opened, 'snapshot_date');
  if (isRej(snapshotDate)) return snapshotDate;
  const pid = normalizePatientId(f.get('patient_id'), snapshotDate);
  if (!pid.ok) return f.reject('invalid_patient_id', 'patient_id', pid.problem);
  if (pid.kind === 'reserve')
    return f.reject('invalid_patient_id', 'patient_id', 'a reserve number: a listing needs a personnummer or samordningsnummer (folkbokföring)');
  if (f.has('listing_type') && f.get('listing_type') !== '') {
    const t = f.get('listing_type');
    const codes = opened.profile.codes.listingType;
    if (!codes[t] && !codes[t.normalize('NFC')])
      return f.reject(
        'unknown_listing_type',
        'listing_type',
        `'${t}' is not a listing type of profile '${opened.profile.id}' (known: ${Object.keys(codes).join(', ')})`,
      );
  }
  let county: string | null = null;
  if (f.has('county') && f.get('county') !== '') {
    county = f.get('county');
    if (!/^\d{2}$/.test(county)) return f.reject('bad_county', 'county', `expected a two-digit county code like 17, got '${county}'`);
  }
  return { snapshotDate, clinicId: f.get('clinic_id'), personKey: pid.key, county };
}

export function toCniRow(opened: OpenedExport, fields: readonly string[]): CniRow | Rejection {
  const f = open(opened, fields, ['clinic_id', 'valid_from', 'cni']);
  if (isRej(f)) return f;
  const validFrom = date(f, opened, 'valid_from');
  if (isRej(validFrom)) return validFrom;
  let validTo: string | null = null;
  if (f.get('valid_to') !== '') {
    const t = date(f, opened, 'valid_to');
    if (isRej(t)) return t;
    if (t < validFrom) return f.reject('bad_date', 'valid_to', `${t} is before ${validFrom}`);
    validTo = t;
  }
  const cni = decimal(f, opened, 'cni', false);
  if (isRej(cni)) return cni;
  const opt = (field: ProfileField): Decimal | null | Rejection => (f.get(field) === '' ? null : decimal(f, opened, field, false));
  const population = opt('population');
  if (isRej(population)) return population;
  const kommunmottagna = opt('kommunmottagna');
  if (isRej(kommunmottagna)) return kommunmottagna;
  return { clinicId: f.get('clinic_id'), validFrom, validTo, cni, population, kommunmottagna };
}

export function toDrugRow(opened: OpenedExport, fields: readonly string[]): DrugRow | Rejection {
  const f = open(opened, fields, ['clinic_id', 'month', 'drug_group', 'amount']);
  if (isRej(f)) return f;
  const m = month(f, 'month');
  if (isRej(m)) return m;
  const amount = decimal(f, opened, 'amount', false);
  if (isRej(amount)) return amount;
  return { clinicId: f.get('clinic_id'), month: m, group: f.get('drug_group').normalize('NFC'), amount };
}

export function toAdjustmentRow(opened: OpenedExport, fields: readonly string[]): AdjustmentRow | Rejection {
  const f = open(opened, fields, ['clinic_id', 'payment_month', 'code', 'amount']);
  if (isRej(f)) return f;
  const m = month(f, 'payment_month');
  if (isRej(m)) return m;
  const amount = decimal(f, opened, 'amount', true);
  if (isRej(amount)) return amount;
  let vat = false;
  if (f.get('vat') !== '') {
    const v = opened.profile.codes.yesNo[f.get('vat')] ?? opened.profile.codes.yesNo[f.get('vat').toLowerCase()];
    if (!v) return f.reject('bad_flag', 'vat', `expected one of ${Object.keys(opened.profile.codes.yesNo).join(', ')}, got '${f.get('vat')}'`);
    vat = v === 'yes';
  }
  return { clinicId: f.get('clinic_id'), paymentMonth: m, code: f.get('code').normalize('NFC'), amount, vat, note: f.get('note') };
}

export { isRej as isVcRejection };
