import { parse } from 'csv-parse/sync';
import { Decimal } from '../model/decimal.js';
import type { Clinic, ContractPeriod } from '../model/types.js';
import { FILE_LIMITS, isFileProblem, readBoundedFile } from '../rules/bounded-file.js';
import { containerKind } from './decode.js';
import { InputError } from './errors.js';
import { maskPatientIds } from './patient-id.js';

/** Columns of the clinic register (kept in the project, not exported by Cosmic or Lovisa). */
const REGISTER_COLUMNS = ['clinic_id', 'name', 'vardval', 'regi', 'municipality', 'fte', 'valid_from', 'valid_to', 'specialists'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validIsoDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Reads the clinic register: `;`-separated UTF-8 (BOM allowed), one row per clinic and contract
 * period; decimals with comma or point. Several rows per clinic when its FTE changes.
 */
export function loadRegister(file: string): Map<string, Clinic> {
  const bytes = readBoundedFile(file, FILE_LIMITS.register);
  if (isFileProblem(bytes))
    throw new InputError(file, bytes.problem.startsWith('cannot read file') ? bytes.problem.replace('file', 'the clinic register') : bytes.problem, bytes.line);
  const container = containerKind(bytes);
  if (container) throw new InputError(file, `the clinic register is ${container}; save it as CSV (UTF-8, ';'-separated)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // clinic names would come out as mojibake: say where instead
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split('\n').length;
    throw new InputError(file, 'the clinic register is not valid UTF-8 (saved as Windows-1252?): save it as UTF-8', line);
  }
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { delimiter: ';', relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new InputError(file, `not a readable CSV: ${(e as Error).message}`);
  }
  const header = rows[0];
  if (!header) throw new InputError(file, 'the clinic register is empty');
  if (header.length === 1) {
    const other = [',', '\t', '|'].find((d) => header[0]!.split(d).length > 2);
    if (other)
      throw new InputError(
        file,
        `the clinic register is separated by ${other === '\t' ? 'tabs' : `'${other}'`}; it must be separated by ';' (save it as CSV with ';')`,
        1,
      );
  }
  const missing = REGISTER_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new InputError(file, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, 1);
  const col = (name: string): number => header.indexOf(name);
  const clinics = new Map<string, Clinic>();
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    if (r.length !== header.length) throw new InputError(file, `expected ${header.length} fields, found ${r.length}`, line);
    const get = (c: string): string => (col(c) >= 0 ? (r[col(c)] ?? '') : '');
    const need = (c: string): string => {
      const v = get(c);
      if (v === '') throw new InputError(file, 'value is empty', line, c);
      return v;
    };
    const dec = (c: string, fallback?: string): Decimal => {
      const raw = get(c) === '' && fallback !== undefined ? fallback : need(c);
      const norm = raw.replace(',', '.');
      if (!/^\d+(\.\d+)?$/.test(norm)) throw new InputError(file, `expected a non-negative number, got '${raw}'`, line, c);
      return new Decimal(norm);
    };
    const id = need('clinic_id');
    const vardval = need('vardval');
    if (vardval !== 'fysioterapi' && vardval !== 'vardcentral')
      throw new InputError(file, `expected fysioterapi or vardcentral, got '${vardval}'`, line, 'vardval');
    const regi = need('regi');
    if (regi !== 'privat' && regi !== 'egen') throw new InputError(file, `expected privat or egen, got '${regi}'`, line, 'regi');
    const validFrom = need('valid_from');
    if (!validIsoDate(validFrom)) throw new InputError(file, `expected a date YYYY-MM-DD, got '${validFrom}'`, line, 'valid_from');
    const validTo = get('valid_to') || null;
    if (validTo !== null && !validIsoDate(validTo)) throw new InputError(file, `expected a date YYYY-MM-DD or empty, got '${validTo}'`, line, 'valid_to');
    if (validTo !== null && validTo < validFrom) throw new InputError(file, 'valid_to is before valid_from', line, 'valid_to');
    const specialists = dec('specialists', '0');
    if (!specialists.isInteger()) throw new InputError(file, 'expected a whole number of specialists', line, 'specialists');
    const fcy = get('first_contract_year');
    if (fcy !== '' && !/^\d{4}$/.test(fcy)) throw new InputError(file, `expected a year, got '${fcy}'`, line, 'first_contract_year');
    const km = get('km_from_town');
    const kmFromTown = km === '' ? null : dec('km_from_town');
    const established = get('established') || null;
    if (established !== null && !validIsoDate(established))
      throw new InputError(file, `expected a date YYYY-MM-DD or empty, got '${established}'`, line, 'established');
    const period: ContractPeriod = {
      validFrom,
      validTo,
      // a vårdcentral is paid from its listing, not per FTE: its fte may be empty
      fte: dec('fte', vardval === 'vardcentral' ? '0' : undefined),
      specialists,
      additionalAssignments: dec('additional_assignments', '0'),
      line,
    };
    const known = clinics.get(id);
    if (!known) {
      clinics.set(id, {
        id,
        // a clinic name is input text that reaches every output: an identity number in it is masked here, once
        name: maskPatientIds(need('name')),
        vardval,
        regi,
        municipality: maskPatientIds(get('municipality')),
        firstContractYear: fcy === '' ? null : Number(fcy),
        kmFromTown,
        established,
        periods: [period],
      });
      return;
    }
    if (known.regi !== regi || known.vardval !== vardval)
      throw new InputError(
        file,
        `clinic ${id} changes regi or vardval between rows (line ${known.periods[0]!.line}); register it under a new clinic_id`,
        line,
        'regi',
      );
    const clash = known.periods.find((p) => p.validFrom <= (validTo ?? '9999-12-31') && validFrom <= (p.validTo ?? '9999-12-31'));
    if (clash) throw new InputError(file, `contract period overlaps the one on line ${clash.line} for clinic ${id}`, line, 'valid_from');
    known.periods.push(period);
    known.name = maskPatientIds(need('name'));
    if (fcy !== '') known.firstContractYear = Number(fcy);
    if (kmFromTown !== null) known.kmFromTown = kmFromTown;
    if (established !== null) known.established = established;
  });
  for (const c of clinics.values()) c.periods.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return clinics;
}
