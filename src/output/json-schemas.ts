/**
 * The JSON documents vardval writes, as zod schemas: the one source of their shape. The builders
 * (`resultJson`, `payoutJson`, check's JSON) are typed with `z.infer` of these, and
 * `schemas/*.schema.json` are generated from them (`npm run schemas`, scripts/gen-schemas.mjs); a
 * test fails when the committed files differ from the generated ones, and validates real output
 * against them. A field added to a builder must be added here, which changes the published schema
 * (a contract change: CHANGELOG and a minor version, see CHANGELOG.md).
 */
import { z } from 'zod';
import type { CellStatus } from '../model/completeness.js';
import type { DeductionStatus } from '../model/physio.js';
import type { ExclusionReason, Regi, RejectReason } from '../model/types.js';
import { CATALOG, CONTACT_TYPES, REGI } from '../rules/catalog.js';

/** Every member of a union type, at compile time: a reason added to the model fails the build until it is listed here. */
function all<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> })): A => values;
}

// ---------------------------------------------------------------- shared definitions ($defs)

const money = z.string().regex(/^-?\d+\.\d{2}$/).meta({ id: 'money', description: 'kronor: exactly two decimals, a decimal point' });
const quantity = z.string().regex(/^\d+(\.\d{1,2})?$/).meta({ id: 'quantity', description: 'an exact decimal shown with at most two decimals' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).meta({ id: 'month' });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/).meta({ id: 'sha256' });
const count = z.int().min(0).meta({ id: 'count' });
const year = z.int().min(2000).max(2100);
const parameter = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/).meta({ id: 'parameter' });
const parameters = z.array(parameter).meta({ id: 'parameters', uniqueItems: true });

const tool = z.strictObject({ name: z.literal('vardval'), version: z.string().regex(/^\d+\.\d+\.\d+/) }).meta({ id: 'tool' });
export type ToolJson = z.infer<typeof tool>;

const EXCLUDED = all<ExclusionReason>()([
  'duplicate_contact', 'unknown_clinic', 'not_physiotherapy_clinic', 'no_contract', 'outside_period', 'out_of_county',
  'no_show', 'cancelled', 'late_cancelled', 'completed', 'other_profession', 'administrative', 'zero_weight',
]);
const REJECTED = all<RejectReason>()([
  'malformed_row', 'wrong_column_count', 'missing_field', 'bad_date', 'period_mismatch', 'unknown_contact_type',
  'unknown_status', 'unknown_profession', 'bad_county', 'bad_amount', 'invalid_patient_id',
]);
const excluded = z.partialRecord(z.enum(EXCLUDED), z.int().min(1)).meta({ id: 'excluded', description: 'rows not counted, by reason (keys sorted)' });
const rejected = z.partialRecord(z.enum(REJECTED), z.int().min(1)).meta({ id: 'rejected', description: 'rows not readable, by reason (keys sorted)' });

const regi = z.enum(all<Regi>()(REGI));
// unknown_clinic is a row of completeness.csv only, never a cell of the model
const CELL_STATUSES = all<Exclude<CellStatus, 'unknown_clinic'>>()(['ok', 'missing', 'acknowledged', 'no_contract', 'outside_period']);
const DEDUCTION_STATUSES = all<DeductionStatus>()(['final', 'provisional', 'incomplete']);

/** the choices of the rule parameter, from the catalogue */
const MONTH_FTE_POLICIES = CATALOG['physio.month_fte_policy']!.choices as readonly [string, ...string[]];

const clinicMonth = { clinic_id: z.string(), month };
const completeness = z
  .strictObject({
    complete: z.boolean(),
    incomplete_clinics: z.array(z.string()),
    missing_clinic_months: z.array(z.strictObject(clinicMonth)),
    acknowledged: z.array(z.strictObject({ ...clinicMonth, reason: z.string().min(1) })),
    unused_acknowledgements: z.array(z.strictObject({ ...clinicMonth, origin: z.string() })),
    clinics_without_rows: z.array(z.string()),
    unknown_clinics: z.array(z.strictObject({ clinic_id: z.string(), rows: z.int().min(1) })),
    files_not_read: z.array(z.strictObject({ file: z.string(), reason: z.string() })),
    files_all_rejected: z.array(z.strictObject({ file: z.string(), rows: z.int().min(1) })),
    months_before_first: z.array(month),
    months_after_last: z.array(month),
    mid_month_contract_changes: z.array(
      z.strictObject({ clinic_id: z.string(), date: z.string(), change: z.enum(['starts', 'ends']), policy: z.enum(MONTH_FTE_POLICIES) }),
    ),
    rows_by_clinic_month: z.array(z.strictObject({ ...clinicMonth, rows: count, status: z.enum(CELL_STATUSES) })),
  })
  .meta({
    id: 'completeness',
    description:
      "What of the input is there and what is not (README 'Completeness'). complete = no contracted clinic-month of the period is without rows unless acknowledged, and no file had every row rejected.",
  });

/** The money columns of payment-basis.csv, in column order. */
const paymentMoney = {
  fixed_compensation: money,
  specialist_compensation: money,
  additional_assignment_compensation: money,
  sal: money,
  vat_compensation: money,
  patient_fees: money.describe('fees collected, an advance on the compensation (subtracted)'),
  deductions: money.describe("the year's final deductions, in December's activity only"),
  net_payment: money.describe('fixed + specialist + additional + sal + vat − patient_fees − deductions'),
};
const paymentMonths = {
  activity_month: month,
  payment_month: month,
  fte: quantity.describe("FTE (heltidsresurser) in force on the activity month's first day"),
};
const clinicHead = {
  clinic_id: z.string().min(1).describe('unit id of the exports (HSA-id / EnhetsID)'),
  clinic_name: z.string(),
  regi,
};

// ---------------------------------------------------------------- calc --format json

const override = z.strictObject({
  name: parameter,
  value: z.string(),
  previous: z.string(),
  origin: z.enum(['file', 'set', 'scenario']),
  file: z.string().nullable(),
  source: z.string(),
});
const scenario = z.strictObject({ file: z.string(), id: z.string(), description: z.string(), sha256 });

/** A payment-basis row of a clinic in the calc JSON (the clinic's columns are on the clinic). */
const payment = z.strictObject({ ...paymentMonths, ...paymentMoney }).meta({ id: 'payment' });

const clinic = z
  .strictObject({
    ...clinicHead,
    fte_months: quantity,
    visits_required: quantity,
    visits_counted: quantity,
    visits_shortfall: quantity,
    visit_deduction_rate: money,
    visit_deduction: money,
    unique_patients_required: quantity,
    unique_patients: z.string().regex(/^\d+$/),
    unique_patients_shortfall: quantity,
    unique_patient_deduction_rate: money,
    unique_patient_deduction: money,
    total_deduction: money,
    status: z
      .enum(DEDUCTION_STATUSES)
      .describe(
        'final: whole-year period on complete input, paid in the settlement month; provisional: not the whole year, shown, not paid; incomplete: whole year but a contracted month of the clinic has no rows (or an export was wholly rejected) and is not acknowledged: shown, not paid',
      ),
    municipality: z.string(),
    counted_by_type: z.strictObject(Object.fromEntries(CONTACT_TYPES.map((t) => [t, count])) as Record<(typeof CONTACT_TYPES)[number], typeof count>),
    focus_share: z
      .string()
      .regex(/^(0(\.\d{1,4})?|1)$/)
      .nullable()
      .describe('share of counted visits in focus diagnosis groups (2017 model), else null'),
    payments: z.array(payment),
    assumed_parameters: z.record(z.string().regex(/^[a-z_]+$/), parameters).describe('figure → the assumed parameters it depends on'),
  })
  .meta({ id: 'clinic' });

const fileAccounting = z.strictObject({
  file: z.string(),
  profile: z.string(),
  encoding: z.string(),
  rows_read: count,
  counted: count,
  excluded,
  rejected,
  reserve_ids: count,
});

export const calcResultJson = z
  .strictObject({
    tool,
    year,
    rules: z.strictObject({
      id: z.string().min(1),
      title: z.string(),
      document: z.string(),
      file: z.string().min(1),
      sha256,
      overrides: z.array(override),
      scenarios: z.array(scenario),
      assumed_parameters: parameters,
    }),
    period: z.strictObject({
      from: month,
      to: month,
      whole_year: z.boolean(),
      months_without_data: z.array(month).describe('months of the period without a single readable row (a missing export?)'),
    }),
    clinics: z.array(clinic),
    totals: z.strictObject({ ...paymentMoney, total_deduction: money }),
    completeness,
    accounting: z.strictObject({
      rows_read: count,
      counted: count,
      excluded,
      rejected,
      reserve_ids: count,
      identity_holds: z.boolean().describe('rows_read = counted + excluded + rejected'),
      files: z.array(fileAccounting),
    }),
  })
  .meta({
    $id: 'urn:vardval:schema:calc-result',
    title: 'vardval calc --format json',
    description:
      'The whole result of a calc run. Clinic fields are the columns of deductions.csv; payments have the columns of payment-basis.csv. Money is a string with exactly two decimals and a decimal point; quantities are exact decimals shown with at most two decimals.',
  });
export type CalcResultJson = z.infer<typeof calcResultJson>;
export type CompletenessJson = z.infer<typeof completeness>;

// ---------------------------------------------------------------- payout --format json

/** A row of the payout: the columns of payment-basis.csv, assumed_parameters as a list. */
const payoutRow = z.strictObject({ ...clinicHead, ...paymentMonths, ...paymentMoney, assumed_parameters: parameters }).meta({ id: 'row' });
export type PayoutRowJson = z.infer<typeof payoutRow>;

const previousMonth = z
  .discriminatedUnion('available', [
    z.strictObject({
      activity_month: month,
      payment_month: month,
      available: z.literal(true),
      clinics: count,
      net_payment: money,
      change: money.describe("this month's net_payment minus the previous month's"),
    }),
    z.strictObject({ activity_month: month, available: z.literal(false), reason: z.string() }),
  ])
  .describe(
    'the previous activity month: its total and the change when its exports were given and it is in the same rule year; otherwise available false and why',
  );

const payoutSummary = z
  .strictObject({
    clinics: count,
    net_payment: money,
    negative_net: z
      .array(z.strictObject({ clinic_id: z.string().min(1), clinic_name: z.string(), net_payment: money }))
      .describe('units whose net payment is below zero (a claim on the unit), in clinic id order'),
    previous_month: previousMonth,
  })
  .describe('what the payout amounts to (also printed on stderr): clinics, total, units with a negative net, the change against the previous month');
export type PayoutSummaryJson = z.infer<typeof payoutSummary>;

export const payoutJsonSchema = z
  .strictObject({
    tool,
    payment_month: month.describe('the month the money is paid (utbetalningsmånad)'),
    activity_month: month.describe('the month whose activity is paid: payment_month − 1'),
    year: year.describe("the rule year: the activity month's year"),
    settles_deductions: z.boolean().describe("true when the activity month is December: the year's final deductions are in the rows"),
    strict: z.boolean().describe('false with --no-strict: rejected rows were skipped (see accounting.rejected)'),
    rules: z.strictObject({
      id: z.string().min(1),
      file: z.string().min(1),
      sha256,
      overrides: z.array(z.strictObject({ name: parameter, value: z.string(), previous: z.string() })),
      assumed_parameters: parameters,
    }),
    rows: z.array(payoutRow),
    totals: z.strictObject(paymentMoney),
    summary: payoutSummary,
    completeness,
    accounting: z.strictObject({ rows_read: count, counted: count, excluded, rejected }),
  })
  .meta({
    $id: 'urn:vardval:schema:payout',
    title: 'vardval payout --format json',
    description:
      'The payout of one payment month: the payment-basis rows of the activity month before it, one per clinic. Money is a string with exactly two decimals and a decimal point. Row fields are the columns of payment-basis.csv; assumed_parameters is a list here.',
  });
export type PayoutJson = z.infer<typeof payoutJsonSchema>;

// ---------------------------------------------------------------- check --format json

const differenceHead = {
  file: z.enum(['payment-basis.csv', 'deductions.csv']),
  clinic_id: z.string().min(1),
  activity_month: month.nullable().describe('payment-basis rows only'),
  line: z.int().min(2).nullable().describe("the baseline row's line"),
};
const difference = z.discriminatedUnion('kind', [
  z.strictObject({
    ...differenceHead,
    kind: z.literal('changed'),
    column: z.string(),
    baseline: z.string(),
    now: z.string(),
    delta: z
      .string()
      .nullable()
      .describe('now − baseline for numbers (money with two decimals); for assumed_parameters the names added (+) and removed (-)'),
  }),
  z
    .strictObject({ ...differenceHead, kind: z.enum(['missing', 'extra']), column: z.null(), baseline: z.null(), now: z.null(), delta: z.null() })
    .describe('missing: a baseline row the new result lacks; extra: a new row the baseline lacks'),
]);
export type DifferenceJson = z.infer<typeof difference>;

const group = z
  .strictObject({
    count,
    by_column: z.record(z.string(), z.int().min(1)).describe('differences per column, most first (rows: per kind, missing or extra)'),
  })
  .meta({ id: 'group' });

const checkResultJson = z
  .strictObject({
    tool,
    ok: z.boolean(),
    tolerance: z.string().regex(/^\d+\.\d{2}$/).describe('kronor by which money may differ'),
    ignored_columns: z.array(z.string()),
    baseline: z
      .array(
        z.strictObject({
          file: z.string(),
          kind: z.enum(['payment-basis', 'deductions']),
          dialect: z.enum(['machine', 'excel-sv']),
          rows: count,
          added_columns: z.array(z.string()).describe("columns the current output has after the baseline's last one; not compared"),
        }),
      )
      .min(1),
    differences: z.array(difference),
    groups: z
      .strictObject({ rows: group, money: group, figures: group, assumed_parameters: group })
      .describe(
        'since 0.2.0: the differences counted in the groups the table shows them in, most serious first: rows missing or extra, money, other figures, assumed-parameter changes',
      ),
  })
  .meta({
    $id: 'urn:vardval:schema:check-result',
    title: 'vardval check --format json',
    description:
      "The outcome of a regression check: the baseline files compared and every difference (per clinic, activity month and column). ok is false exactly when differences is not empty; the exit code is then 1. Values are in machine form (decimal point) whatever the baseline's dialect.",
  });
export type CheckResultJson = z.infer<typeof checkResultJson>;

// ---------------------------------------------------------------- generation

/** schemas/<name>.schema.json → its zod schema. */
export const JSON_DOCUMENTS = { 'calc-result': calcResultJson, payout: payoutJsonSchema, 'check-result': checkResultJson } as const;

/**
 * The JSON Schema (draft 2020-12) of a zod schema, as written to schemas/: of what vardval writes
 * (`output`), or of a file a user writes (`input`: keys with a default are optional).
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    // z.int() says "a safe integer"; the bounds are noise in a published schema
    override: ({ jsonSchema: j }) => {
      if (j.maximum === Number.MAX_SAFE_INTEGER) delete j.maximum;
      if (j.minimum === Number.MIN_SAFE_INTEGER) delete j.minimum;
    },
  }) as Record<string, unknown>;
  // what the document is comes first, for the reader of the file
  const { $schema, $id, title, description, ...rest } = json;
  return { $schema, $id, title, description, ...rest };
}
