import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Acknowledgement } from '../model/completeness.js';
import { InputError } from './errors.js';
import { maskPatientIds } from './patient-id.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function check(clinicId: string, month: string, reason: string, where: string, line?: number): Acknowledgement {
  if (clinicId === '') throw new InputError(where, 'an acknowledgement needs a clinic id', line, 'clinic_id');
  if (!MONTH.test(month)) throw new InputError(where, `expected the month as YYYY-MM, got '${month}'`, line, 'month');
  // a reason is what makes an acknowledgement an analyst's statement, not a way to silence a check
  if (reason === '')
    throw new InputError(where, `clinic ${clinicId}, ${month}: give the reason the month had no activity (e.g. closed for the summer)`, line, 'reason');
  return { clinicId, month, reason: maskPatientIds(reason), origin: line === undefined ? where : `${where}:${line}` };
}

/** `--ack CLINIC:YYYY-MM:REASON` */
export function parseAckOption(text: string): Acknowledgement {
  const m = /^([^:]*):([^:]*):(.*)$/s.exec(text);
  if (!m) throw new InputError('--ack', `expected CLINIC:YYYY-MM:REASON, got '${maskPatientIds(text)}'`);
  return check(m[1]!.trim(), m[2]!.trim(), m[3]!.trim(), '--ack');
}

/**
 * An acknowledgement file: CSV (`;` or `,`, UTF-8) with the header clinic_id, month, reason;
 * one row per clinic-month that really had no activity.
 */
export function loadAckFile(file: string): Acknowledgement[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new InputError(file, `cannot read the acknowledgement file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const firstLine = text.split('\n', 1)[0] ?? '';
  const delimiter = firstLine.includes(';') ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new InputError(file, `not a readable CSV file: ${(e as Error).message}`);
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  if (header.join(',') !== 'clinic_id,month,reason')
    throw new InputError(file, `expected the header clinic_id${delimiter}month${delimiter}reason, got '${maskPatientIds(firstLine.trim())}'`, 1);
  return rows.slice(1).map((r, i) => check(r[0] ?? '', r[1] ?? '', r.slice(2).join(delimiter === ';' ? '; ' : ', '), file, i + 2));
}
