import type { ContactStatus, ContactType } from '../rules/catalog.js';
import type { Decimal } from './decimal.js';
import { contractOn, inPeriod } from './period.js';
import type { Clinic, Contact, ExclusionReason, Period } from './types.js';

/** What decides whether a contact counts: taken from the rule file once per run. */
export interface CountingRules {
  homeCounty: string;
  countedStatuses: ReadonlySet<string>;
  countedProfessions: ReadonlySet<string>;
  weights: Readonly<Record<ContactType, Decimal>>;
  /** upper-cased diagnosis code prefixes of the focus areas (empty = no focus rule) */
  focusPrefixes: readonly string[];
  /** register value of the vårdval this model computes */
  vardval: Clinic['vardval'];
  /** statuses / professions whose fee is an advance (physio.fee_advance_*); null = all */
  feeStatuses: ReadonlySet<string> | null;
  feeProfessions: ReadonlySet<string> | null;
}

/**
 * Whether a row's patient fee is subtracted as an advance: the row is in scope (see classify)
 * and its status and profession are among those the rules name (physio.fee_advance_statuses,
 * physio.fee_advance_professions). [assumed, README "Patient fees"]
 */
export function feeIsAdvance(o: Outcome, c: Pick<ClassifiedFields, 'status' | 'profession'>, rules: CountingRules): boolean {
  return o.feeIsAdvance && feeCodesAdvance(c, rules);
}

/** The part of feeIsAdvance that depends on the row's status and profession alone (a reader may keep it per code). */
export function feeCodesAdvance(c: Pick<ClassifiedFields, 'status' | 'profession'>, rules: CountingRules): boolean {
  return (rules.feeStatuses === null || rules.feeStatuses.has(c.status)) && (rules.feeProfessions === null || rules.feeProfessions.has(c.profession));
}

/** What of a contact decides whether it counts (a reader's fast path fills just these). */
export type ClassifiedFields = Pick<Contact, 'date' | 'month' | 'type' | 'status' | 'profession' | 'county' | 'diagnosis'>;

export type Outcome = { counted: true; inFocus: boolean; feeIsAdvance: true } | { counted: false; reason: ExclusionReason; feeIsAdvance: boolean };

function inFocusGroup(diagnosis: string | null, prefixes: readonly string[]): boolean {
  if (!diagnosis || prefixes.length === 0) return false;
  const code = diagnosis.toUpperCase().replace(/[.\s]/g, '');
  return prefixes.some((p) => code.startsWith(p));
}

/**
 * Decides, for one readable contact, whether it counts toward the requirements and why not.
 * The order of the checks is the order of the reasons in the accounting: a row is reported
 * under the first reason that applies.
 *
 * The patient fee of a row is in scope for the advance on the clinic's vårdval compensation
 * when the row belongs to a contracted clinic in the period and a resident of the home county;
 * which statuses and professions count is the rules' (see feeIsAdvance).
 */
export function classify(c: ClassifiedFields, clinic: Clinic | undefined, period: Period, rules: CountingRules, duplicate: boolean): Outcome {
  if (duplicate) return DUPLICATE;
  return unitOutcome(clinic, c.date, c.month, period, rules) ?? rowOutcome(c, rules);
}

/**
 * The checks of classify that depend on the unit and the day alone, in classify's order: the
 * outcome of a row of that unit and day that is not a duplicate, or null when its own values
 * decide (rowOutcome). A reader may keep it per unit and day.
 */
export function unitOutcome(clinic: Clinic | undefined, date: string, month: string, period: Period, rules: CountingRules): Outcome | null {
  if (!clinic) return no('unknown_clinic');
  if (clinic.vardval !== rules.vardval) return no('not_physiotherapy_clinic');
  if (!contractOn(clinic, date)) return no('no_contract');
  if (!inPeriod(period, month)) return no('outside_period');
  return null;
}

/**
 * The checks of classify that depend on the row's own values, in classify's order (after
 * unitOutcome). Without focus groups they depend on county, status, profession and contact type
 * alone, so a reader may keep the outcome per combination of these.
 */
export function rowOutcome(c: Pick<ClassifiedFields, 'type' | 'status' | 'profession' | 'county' | 'diagnosis'>, rules: CountingRules): Outcome {
  if (c.county !== rules.homeCounty) return no('out_of_county');
  if (!rules.countedStatuses.has(c.status)) return no(c.status as ContactStatus, true);
  if (!rules.countedProfessions.has(c.profession)) return no('other_profession', true);
  if (rules.weights[c.type].isZero()) return no(c.type === 'administrative' ? 'administrative' : 'zero_weight', true);
  return inFocusGroup(c.diagnosis, rules.focusPrefixes) ? COUNTED_IN_FOCUS : COUNTED;
}

// Outcomes are constants: classify runs once per input row and should not allocate.
const COUNTED: Outcome = Object.freeze({ counted: true, inFocus: false, feeIsAdvance: true });
const COUNTED_IN_FOCUS: Outcome = Object.freeze({ counted: true, inFocus: true, feeIsAdvance: true });
const excluded = new Map<ExclusionReason, Outcome>();
const excludedFeeAdvance = new Map<ExclusionReason, Outcome>();
const DUPLICATE = no('duplicate_contact');
function no(reason: ExclusionReason, feeIsAdvance = false): Outcome {
  const cache = feeIsAdvance ? excludedFeeAdvance : excluded;
  let o = cache.get(reason);
  if (!o) {
    o = Object.freeze({ counted: false, reason, feeIsAdvance });
    cache.set(reason, o);
  }
  return o;
}
