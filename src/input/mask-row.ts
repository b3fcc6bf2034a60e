import { maskPatientIdValue, maskPatientIds } from './patient-id.js';
import type { OpenedExport } from './reader.js';

/**
 * The raw text of a rejected row made safe to write to rejects.csv or an error message: the
 * value in its patient-id column is masked whatever its form (a reserve number, a number cut
 * short, also when the row is shifted), and so is anything else that looks like a personnummer.
 *
 * Where the fields are not where the header says (too many or too few, or broken quoting, when
 * the fields come from a plain split of each line), the neighbouring fields as far as the shift
 * reaches (and two more) are masked too if they look like an id: letters and digits (a reserve
 * number), or nine digits or more. Over-masking a value beats letting an id through.
 */
export function maskRow(raw: string, opened: OpenedExport, fields?: readonly string[]): string {
  const at = opened.index.patient_id;
  let text = raw;
  if (at !== undefined) {
    const { delimiter, quote } = opened.profile;
    const rows = fields ? [fields] : raw.split('\n').map((l) => l.split(delimiter));
    for (const row of rows) {
      const shift = Math.abs(row.length - opened.headers.length) + (fields ? 0 : 2);
      for (let i = Math.max(0, at - shift); i <= at + shift && i < row.length; i++) {
        const written = row[i]!.trim();
        const id = written.split(quote).join('');
        if (id.length >= 4 && (i === at || looksLikeAnId(id))) {
          const masked = maskPatientIdValue(id);
          text = text.split(id).join(masked);
          // a stray quote inside the value (19500101-10"05): the text holds it as written
          if (written !== id) text = text.split(written).join(masked);
        }
      }
    }
  }
  return maskPatientIds(text);
}

/** A value that may be an identity number written in a form the recogniser cannot place: a reserve number, a long digit run. */
function looksLikeAnId(value: string): boolean {
  if (/\d/.test(value) && /[A-Za-z]/.test(value)) return true;
  return (value.match(/\d/g) ?? []).length >= 9;
}
