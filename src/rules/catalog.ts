import { VARDCENTRAL_FIGURES } from '../model/vardcentral.js';
/**
 * The catalogue of rule parameters: names, kinds and units. Names are a public contract
 * (scripts use them with --set); values live only in the YAML rule files.
 */
export type ParamKind =
  | 'amount' // money, SEK; decimal >= 0
  | 'quantity' // visits or patients; decimal >= 0
  | 'weight' // a contact's weight toward the visit requirement; decimal >= 0
  | 'rate' // a fraction 0..1
  | 'code' // one code value
  | 'codes' // a list of code values
  | 'choice' // one of a fixed set of words
  | 'tiers' // a table of requirement tiers (see RequirementTier)
  | 'age_weights' // a table of weights by sex and age band (see AgeWeightTable)
  | 'named_amounts'; // a mapping name (a municipality as in the register) → decimal

export interface ParamSpec {
  kind: ParamKind;
  unit: string;
  /** Required in every rule file; optional ones have a documented default meaning when absent. */
  required: boolean;
  /**
   * Required in every rule file that has the parameter's section (the part of the name before
   * the first dot): a year without a `vardcentral` section computes no vårdcentral, but one with
   * it must be complete.
   */
  requiredInSection?: boolean;
  /** a required parameter may be left out when this one is given (it replaces it) */
  requiredUnless?: string;
  /** parameters that must be given together with this one */
  requires?: readonly string[];
  choices?: readonly string[];
  /** codes: every value must be one of these (rule files, scenarios and --set alike) */
  vocabulary?: readonly string[];
  /** code: the value must match this pattern, described in words for the error */
  pattern?: { re: RegExp; text: string };
  description: string;
}

export const CONTACT_TYPES = ['clinic_visit', 'home_visit', 'group_visit', 'phone', 'video', 'written', 'administrative'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const CONTACT_STATUSES = ['completed', 'no_show', 'cancelled', 'late_cancelled'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Canonical professions a format profile may map to (rules/formats/*.yaml codes.profession). */
export const PROFESSIONS = ['physiotherapist', 'occupational_therapist', 'doctor', 'nurse', 'dietitian', 'counsellor', 'psychologist', 'naprapath'] as const;

/** Forms of operation (regi) of the clinic register. */
export const REGI = ['privat', 'egen'] as const;

const weightSpecs: Record<string, ParamSpec> = Object.fromEntries(
  CONTACT_TYPES.map((t) => [
    `physio.contact_weights.${t}`,
    {
      kind: 'weight',
      unit: 'visits/contact',
      required: true,
      description: `weight of one ${t.replace('_', ' ')} contact toward the visit requirement`,
    } satisfies ParamSpec,
  ]),
);

/** The vårdcentral model (VARDCENTRAL.md §3): names are a public contract for scripts. */
const VC = (kind: ParamKind, unit: string, description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  kind,
  unit,
  required: false,
  requiredInSection: true,
  description,
  ...extra,
});
const VC_OPTIONAL = { requiredInSection: false } as const;

const VARDCENTRAL_CATALOG: Readonly<Record<string, ParamSpec>> = {
  'vardcentral.listing_snapshot': VC(
    'choice',
    'timing',
    "which listing snapshot is the basis of a month: month_end = the snapshot of the last day of activity month M is the basis of M's capitation, paid in M + 1 under the rules of M's year",
    { choices: ['month_end'] },
  ),
  'vardcentral.home_county': VC(
    'code',
    'county_code',
    'county code of the persons whose listing is paid; a listed person of another county is excluded (out_of_county)',
  ),
  'vardcentral.age_point_weights': VC(
    'age_weights',
    'points/person',
    'age and sex weights (ålderspoäng): rows {sex: female|male, age_from, age_to, weight}, age_to empty for the open last band; every age once per sex',
  ),
  'vardcentral.compensation_per_age_point': VC('amount', 'SEK/point/year', 'age/sex capitation: kronor per age point and year (1/12 a month)'),
  'vardcentral.compensation_per_cni_point': VC(
    'amount',
    'SEK/point/year',
    "socioeconomic compensation: kronor per CNI point and year; CNI points = listed persons × (the unit's CNI index − vardcentral.cni_threshold)",
  ),
  'vardcentral.cni_threshold': VC(
    'quantity',
    'index',
    'CNI index below which no CNI points count (pre-2026 structure); absent = 0, the whole points count',
    VC_OPTIONAL,
  ),
  'vardcentral.geography_compensation_per_listed': VC(
    'named_amounts',
    'SEK/listed/year',
    "geography compensation per listed person and year by the unit's municipality (register column municipality); a municipality not listed gets none",
  ),
  'vardcentral.geography_min_distance_km': VC(
    'named_amounts',
    'km',
    'by municipality: only a unit at least this far from the town (register column km_from_town) gets geography compensation (Torsby: 35)',
    VC_OPTIONAL,
  ),
  'vardcentral.start_grant_per_month': VC('amount', 'SEK/month', 'start grant of a new vårdcentral per month (register column established)', {
    ...VC_OPTIONAL,
    requires: ['vardcentral.start_grant_months'],
  }),
  'vardcentral.start_grant_months': VC('quantity', 'months', 'months the start grant is paid, the month of establishment being month 1', {
    ...VC_OPTIONAL,
    requires: ['vardcentral.start_grant_per_month'],
  }),
  'vardcentral.requisition_drug_groups': VC(
    'codes',
    'drug_group',
    'requisition-drug groups reimbursed from the cost file (Läkemedelsgrupp); other groups are excluded',
    VC_OPTIONAL,
  ),
  'vardcentral.drug_compensation_per_age_point': VC(
    'amount',
    'SEK/point/year',
    'drug compensation on age points (pre-2026 structure; from 2026 drugs are a free good)',
    VC_OPTIONAL,
  ),
  'vardcentral.nara_vard_compensation_per_listed': VC(
    'amount',
    'SEK/listed/year',
    'Nära vård compensation per listed person (pre-2026; folded into the age/sex capitation from 2026)',
    VC_OPTIONAL,
  ),
  'vardcentral.coordinating_nurse_compensation_per_listed': VC(
    'amount',
    'SEK/listed/year',
    'coordinating-nurse (samordnande sjuksköterska) compensation per listed person (pre-2026; folded into the age/sex capitation from 2026)',
    VC_OPTIONAL,
  ),
  'vardcentral.kommunmottagna_compensation_per_person': VC(
    'amount',
    'SEK/person/year',
    'compensation per person received by the municipality (kommunmottagna; CNI table column Kommunmottagna), pre-2026; folded into the CNI compensation from 2026',
    VC_OPTIONAL,
  ),
  'vardcentral.sal_per_age_point': VC(
    'amount',
    'SEK/point/year',
    'SAL (service, administration, premises) per age point and year, on the same points as the capitation',
  ),
  'vardcentral.sal_regi': VC('codes', 'regi', 'forms of operation (regi) that receive SAL', { vocabulary: REGI }),
  'vardcentral.vat_compensation_rate': VC('rate', 'share', 'VAT compensation: share of the components named in vardcentral.vat_components'),
  'vardcentral.vat_compensation_regi': VC('codes', 'regi', 'forms of operation (regi) that receive VAT compensation', { vocabulary: REGI }),
  'vardcentral.vat_components': VC('codes', 'figure', 'components (figure names) the VAT compensation is computed on; adjustments carry their own yes/no', {
    vocabulary: VARDCENTRAL_FIGURES.filter((f) => f.sign === 1 && f.name !== 'vat_compensation' && f.name !== 'adjustments').map((f) => f.name),
  }),
  'vardcentral.adjustment_codes': VC(
    'codes',
    'adjustment_code',
    'codes of the adjustments file (ST, SÄBO, jour, asylum, antibiotics goal compensation, quality deduction…); an unknown code rejects its row',
  ),
};

export const CATALOG: Readonly<Record<string, ParamSpec>> = {
  'physio.fixed_compensation_per_fte': {
    kind: 'amount',
    unit: 'SEK/FTE/year',
    required: true,
    description: 'fixed compensation with performance requirement (fast ersättning med prestationskrav) per full-time physiotherapist and year',
  },
  'physio.visit_requirement_per_fte': {
    kind: 'quantity',
    unit: 'visits/FTE/year',
    required: true,
    requiredUnless: 'physio.requirement_tiers',
    description: 'visit requirement (prestationskrav, besök) per FTE and year',
  },
  'physio.visit_deduction_per_visit': {
    kind: 'amount',
    unit: 'SEK/visit',
    required: true,
    requiredUnless: 'physio.requirement_tiers',
    description: 'deduction (avdrag) per visit below the requirement',
  },
  'physio.unique_patient_requirement_per_fte': {
    kind: 'quantity',
    unit: 'patients/FTE/year',
    required: true,
    description: 'unique-patient requirement (prestationskrav, unika patienter) per FTE and year',
  },
  'physio.unique_patient_deduction_per_patient': {
    kind: 'amount',
    unit: 'SEK/patient',
    required: true,
    description: 'deduction per unique patient below the requirement',
  },
  ...weightSpecs,
  'physio.sal_per_fte': {
    kind: 'amount',
    unit: 'SEK/FTE/year',
    required: true,
    description: 'SAL (service-, administrations- och lokaltillägg) per FTE and year',
  },
  'physio.sal_regi': {
    kind: 'codes',
    unit: 'regi',
    required: true,
    vocabulary: REGI,
    description: 'forms of operation (regi) that receive SAL',
  },
  'physio.vat_compensation_rate': {
    kind: 'rate',
    unit: 'share',
    required: true,
    description: 'compensation for non-deductible VAT (ej avdragsgill mervärdesskatt), share of gross compensation after deductions',
  },
  'physio.vat_compensation_regi': {
    kind: 'codes',
    unit: 'regi',
    required: true,
    vocabulary: REGI,
    description: 'forms of operation (regi) that receive VAT compensation',
  },
  'physio.specialist_compensation_per_year': {
    kind: 'amount',
    unit: 'SEK/specialist/year',
    required: true,
    description: 'extra compensation per approved specialist physiotherapist and year',
  },
  'physio.counted_statuses': {
    kind: 'codes',
    unit: 'contact_status',
    required: true,
    vocabulary: CONTACT_STATUSES,
    description: 'contact statuses that count toward the requirements (others are excluded by status)',
  },
  'physio.counted_professions': {
    kind: 'codes',
    unit: 'profession',
    required: true,
    vocabulary: PROFESSIONS,
    description: "professions whose contacts count toward a physiotherapy clinic's requirements",
  },
  'physio.home_county': {
    kind: 'code',
    unit: 'county_code',
    required: true,
    pattern: { re: /^\d{2}$/, text: 'a county code of two digits (like 17)' },
    description: 'county code of residents paid within vårdval; others are invoiced to their home region',
  },
  'physio.deduction_settlement': {
    kind: 'choice',
    unit: 'settlement',
    required: true,
    choices: ['year_end'],
    description:
      'when deductions become final and in which row they are paid: year_end = only for a whole-year period on complete input, paid in the December activity row (payment month January); shorter periods show provisional deductions that are not paid',
  },
  'physio.fee_advance_statuses': {
    kind: 'codes',
    unit: 'contact_status',
    required: false,
    vocabulary: CONTACT_STATUSES,
    description:
      'contact statuses whose patient fee is subtracted as an advance on the compensation (in-county rows of a contracted clinic in the period); absent = every status',
  },
  'physio.fee_advance_professions': {
    kind: 'codes',
    unit: 'profession',
    required: false,
    vocabulary: PROFESSIONS,
    description: 'professions whose patient fees are subtracted as an advance; absent = every profession',
  },
  'physio.month_fte_policy': {
    kind: 'choice',
    unit: 'policy',
    required: false,
    choices: ['first_day', 'by_days'],
    description:
      'FTE of a month when a contract starts, ends or changes mid-month: first_day = the FTE in force on the 1st (a clinic joining on 15 July counts from August); by_days = the average over the days of the month; absent = first_day',
  },
  'physio.shortfall_rounding': {
    kind: 'choice',
    unit: 'policy',
    required: false,
    choices: ['exact', 'whole_down', 'whole_up'],
    description:
      'how a shortfall of visits or unique patients is charged: exact (171.33 patients × rate), whole_down (only whole missing ones: 171) or whole_up (172); absent = exact',
  },
  'physio.focus_diagnosis_groups': {
    kind: 'codes',
    unit: 'icd10_prefix',
    required: false,
    requires: ['physio.requirement_tiers'],
    description:
      'main-diagnosis code prefixes of the focus areas; with physio.requirement_tiers the requirement depends on the share of counted visits in them',
  },
  'physio.requirement_tiers': {
    kind: 'tiers',
    unit: 'tiers',
    required: false,
    requires: ['physio.focus_diagnosis_groups'],
    description:
      "tiered requirement: rows {min_focus_share, visit_requirement_per_fte, visit_deduction_per_visit}; the row with the highest min_focus_share not above the clinic's share applies and replaces the two plain parameters",
  },
  'physio.first_year_requirement_factor': {
    kind: 'rate',
    unit: 'share',
    required: false,
    description: "factor on the visit and unique-patient requirements in a clinic's first contract year (register column first_contract_year); absent = 1",
  },
  'physio.additional_assignment_compensation': {
    kind: 'amount',
    unit: 'SEK/assignment/year',
    required: false,
    description: 'fixed compensation per additional assignment (tilläggsuppdrag) and year (register column additional_assignments); absent = 0',
  },
  ...VARDCENTRAL_CATALOG,
};

export function isKnownParam(name: string): boolean {
  return Object.hasOwn(CATALOG, name);
}
