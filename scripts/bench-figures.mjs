// Pure helpers of the paired benchmark (scripts/bench.mjs): the counting rules DuckDB mirrors,
// read from the rule file and the format profile, and the exact comparison of the per-clinic
// figures of the two sides. No I/O here, so test/bench-figures.test.ts can check them.

/**
 * What decides, in vardval's `classify` (src/model/classify.ts), whether a row counts and whether
 * its fee is an advance, as the code values of one export layout:
 *   weights     export code of each contact type -> its weight (decimal text, from the rule file)
 *   counted*    export codes of the counted statuses / professions
 *   allStatuses / allProfessions   every code the profile knows (any other one rejects the row)
 *   homeCounty  residents of this county count and have their fee subtracted
 * @param rules the rule file parsed with the YAML failsafe schema (every scalar a string, so a
 *   weight stays the exact decimal written in the file)
 * @param profile the format profile (rules/formats/*.yaml), parsed the same way
 */
export function countingCodes(rules, profile) {
  const p = rules?.parameters?.physio;
  if (!p) throw new Error('rule file has no parameters.physio');
  const codes = profile.codes;
  const codesOf = (field, canonical) =>
    Object.entries(codes[field])
      .filter(([, c]) => canonical.includes(c))
      .map(([code]) => code);
  const weights = {};
  for (const [code, type] of Object.entries(codes.contact_type)) {
    const w = p.contact_weights?.[type]?.value;
    if (w === undefined) throw new Error(`rule file has no weight for contact type ${type}`);
    weights[code] = String(w);
  }
  const countedStatuses = [p.counted_statuses.value].flat();
  const countedProfessions = [p.counted_professions.value].flat();
  return {
    weights,
    countedStatuses: codesOf('status', countedStatuses),
    countedProfessions: codesOf('profession', countedProfessions),
    allStatuses: Object.keys(codes.status),
    allProfessions: Object.keys(codes.profession),
    homeCounty: String(p.home_county.value),
  };
}

/** An exact decimal text ("213.4", "-3", "48600.00") as an integer in units of 10^-scale. */
export function scaled(text, scale = 4) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text).trim());
  if (!m) throw new Error(`not a decimal: '${text}'`);
  const frac = (m[3] ?? '').padEnd(scale, '0');
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) throw new Error(`more than ${scale} decimals: '${text}'`);
  const v = BigInt(m[2] + frac.slice(0, scale));
  return m[1] ? -v : v;
}

/** The four figures compared per clinic, as exact integers (visits and fees in units of 1/10 000). */
export const FIGURES = ['counted_contacts', 'visits_counted', 'unique_patients', 'patient_fees'];

/**
 * Per-clinic figures from `vardval calc --format json`: counted contacts (rows, all types),
 * counted visits (weighted), unique patients, and the patient fees subtracted over the period.
 */
export function vardvalFigures(json) {
  const out = new Map();
  for (const c of json.clinics) {
    let fees = 0n;
    for (const p of c.payments) fees += scaled(p.patient_fees);
    out.set(c.clinic_id, {
      counted_contacts: BigInt(Object.values(c.counted_by_type).reduce((a, b) => a + b, 0)),
      visits_counted: scaled(c.visits_counted),
      unique_patients: BigInt(c.unique_patients),
      patient_fees: fees,
    });
  }
  return out;
}

/** Per-clinic figures from the DuckDB side's rows ({clinic_id, counted_contacts, visits_counted, unique_patients, patient_fees} as text). */
export function duckdbFigures(rows) {
  const out = new Map();
  for (const r of rows) {
    out.set(r.clinic_id, {
      counted_contacts: BigInt(r.counted_contacts),
      visits_counted: scaled(r.visits_counted),
      unique_patients: BigInt(r.unique_patients),
      patient_fees: scaled(r.patient_fees),
    });
  }
  return out;
}

const ZEROS = Object.fromEntries(FIGURES.map((f) => [f, 0n]));
const show = (f, v) => (f === 'visits_counted' || f === 'patient_fees' ? (Number(v) / 1e4).toString() : v.toString());

/**
 * Every difference between two sides' per-clinic figures, as readable lines (empty: equal).
 * A clinic one side does not list counts as all zeros there: vardval lists every contracted
 * clinic, rows or not, DuckDB only the clinics with rows; a clinic with figures on one side
 * and none on the other is still a difference.
 */
export function differences(a, b, nameA = 'vardval', nameB = 'DuckDB') {
  const out = [];
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const id of ids) {
    const x = a.get(id) ?? ZEROS;
    const y = b.get(id) ?? ZEROS;
    for (const f of FIGURES) if (x[f] !== y[f]) out.push(`${id} ${f}: ${nameA} ${show(f, x[f])}, ${nameB} ${show(f, y[f])}`);
  }
  return out;
}

export function median(xs) {
  const s = [...xs].sort((p, q) => p - q);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
