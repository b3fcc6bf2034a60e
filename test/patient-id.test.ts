/**
 * Patient ids (personnummer, samordningsnummer, reserve numbers): normalisation to one key per
 * person, validation, masking. Synthetic ids with check digits computed here, never real people.
 */
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, maskPatientIdValue, maskPatientIds, normalizePatientId } from '../src/input/patient-id.js';

/** YYYYMMDD + 3-digit serial → the 12-digit id with its check digit. */
function id12(yyyymmdd: string, serial: string): string {
  return yyyymmdd + serial + luhnCheckDigit(yyyymmdd.slice(2) + serial);
}
const PNR_RE = /\b(19|20)?\d{6}[-+]?\d{4}\b/;

const A = id12('19800101', '123');
const ON = '2026-03-15';

function key(raw: string, on = ON): string {
  const r = normalizePatientId(raw, on);
  if (!r.ok) throw new Error(`rejected: ${r.problem}`);
  return r.key;
}

describe('one key per person however the number is written', () => {
  it('YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN and with blanks all give the 12-digit key', () => {
    const forms = [`${A.slice(0, 8)}-${A.slice(8)}`, A, `${A.slice(2, 8)}-${A.slice(8)}`, A.slice(2), ` ${A.slice(0, 8)} ${A.slice(8)} `];
    for (const f of forms) expect(key(f)).toBe(A);
    expect(normalizePatientId(A, ON)).toEqual({ ok: true, kind: 'personnummer', key: A });
  });

  it("'+' in the 10-digit form means 100 years or older: 200315+NNNN is born 1920, 200315-NNNN 2020", () => {
    const old = id12('19200315', '456');
    const young = id12('20200315', '456'); // same last ten digits
    expect(old.slice(2)).toBe(young.slice(2));
    expect(key(`${old.slice(2, 8)}+${old.slice(8)}`)).toBe(old);
    expect(key(`${old.slice(0, 8)}-${old.slice(8)}`)).toBe(old);
    expect(key(`${young.slice(2, 8)}-${young.slice(8)}`)).toBe(young);
  });

  it('the century of a 10-digit id is the latest one not after the contact date', () => {
    // born 15 January; a contact on 10 January 2026 cannot be with a 2026 newborn → 1926
    const p = id12('19260115', '222');
    expect(key(`${p.slice(2, 8)}-${p.slice(8)}`, '2026-01-10')).toBe(p);
    const q = id12('20260115', '222');
    expect(key(`${q.slice(2, 8)}-${q.slice(8)}`, '2026-01-20')).toBe(q);
  });

  it('a samordningsnummer (day + 60) is its own kind and key, in every written form', () => {
    const s = id12('19850374', '789'); // born 14 March 1985
    expect(normalizePatientId(`${s.slice(0, 8)}-${s.slice(8)}`, ON)).toEqual({ ok: true, kind: 'samordningsnummer', key: s });
    expect(key(`${s.slice(2, 8)}-${s.slice(8)}`)).toBe(s);
    // the personnummer with the real day is another person
    const p = id12('19850314', '789');
    expect(key(p)).not.toBe(s);
  });

  it('a leap day is a valid birth date in a leap year', () => {
    const p = id12('20000229', '333');
    expect(key(p)).toBe(p);
  });
});

describe('invalid ids are rejected with a reason that does not repeat the id', () => {
  const bad = (raw: string, on = ON): string => {
    const r = normalizePatientId(raw, on);
    expect(r.ok).toBe(false);
    const problem = (r as { problem: string }).problem;
    if (raw.trim() !== '') expect(problem).not.toContain(raw.trim());
    expect(problem).not.toMatch(PNR_RE);
    return problem;
  };

  it('a wrong check digit', () => {
    const wrong = A.slice(0, 11) + String((Number(A[11]) + 1) % 10);
    expect(bad(wrong)).toBe('check digit (Luhn) of the patient id does not match');
    expect(bad(`${wrong.slice(2, 8)}-${wrong.slice(8)}`)).toBe('check digit (Luhn) of the patient id does not match');
  });

  it('no such date of birth: month 13, 30 February, 29 February in a common year, samordningsnummer day 92', () => {
    for (const d of ['19801301', '19810230', '19810229', '19850392']) expect(bad(id12(d, '111'))).toBe('not a valid date of birth in the patient id');
  });

  it('a date of birth after the contact date', () => {
    expect(bad(id12('20260401', '111'), '2026-03-15')).toBe('the date of birth in the patient id is after the contact date');
  });

  it('wrong shapes: 11 or 13 digits, a letter-free mess, empty', () => {
    const shape = 'not a personnummer (expected 10 or 12 digits, optionally with - or +) nor a reserve number';
    expect(bad(A.slice(0, 11))).toBe(shape);
    expect(bad(`${A}5`)).toBe(shape);
    expect(bad('1980-01-01-1234')).toBe(shape);
    expect(bad('   ')).toBe('empty patient id');
  });
});

describe('reserve numbers (not personnummer) are opaque ids', () => {
  it('an id with letters is accepted as a reserve id; case does not make another person', () => {
    expect(normalizePatientId('XR-2026-00042', ON)).toEqual({ ok: true, kind: 'reserve', key: 'R:XR-2026-00042' });
    expect(key('xr-2026-00042')).toBe('R:XR-2026-00042');
    expect(key('19800101-T123')).toBe('R:19800101-T123');
  });
  it('too short or with other characters it is not', () => {
    expect(normalizePatientId('X1', ON).ok).toBe(false);
    expect(normalizePatientId('XR/2026', ON).ok).toBe(false);
  });
});

describe('masking', () => {
  it('every written form of a personnummer is masked in free text', () => {
    const s = id12('19850374', '789');
    const text = `a ${A.slice(0, 8)}-${A.slice(8)} b ${A} c ${A.slice(2, 8)}-${A.slice(8)} d ${A.slice(2, 8)}+${A.slice(8)} e ${s} f ${A.slice(0, 8)} ${A.slice(8)}`;
    const masked = maskPatientIds(text);
    expect(masked).not.toMatch(PNR_RE);
    expect(masked).toBe('a ########-**** b ########**** c ######-**** d ######+**** e ########**** f ######## ****');
  });
  it('a whole patient-id value, reserve numbers too', () => {
    expect(maskPatientIdValue('XR-2026-00042')).toBe('**-****-*****');
    expect(maskPatientIdValue(`${A.slice(0, 8)}-${A.slice(8)}`)).toBe('########-****');
  });
  it('an HSA-id (its organisation number is no date of birth) stays readable', () => {
    expect(maskPatientIds('clinic SE2321000017-FP02: a second row')).toBe('clinic SE2321000017-FP02: a second row');
  });
  it('dates, amounts and contact ids stay readable', () => {
    expect(maskPatientIds('2026-03-15;20260315;300.00;K0001927;684880.00')).toBe('2026-03-15;20260315;300.00;K0001927;684880.00');
  });
});
