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
import { type FigureSpec, type Model, type UnitResult, figuresOf } from '../model/model.js';
import { MODELS, figureSpec, monthFigures } from '../model/registry.js';
import type { ExclusionReason, Regi, RejectReason, Vardval } from '../model/types.js';
import { CATALOG, CONTACT_TYPES, REGI } from '../rules/catalog.js';
import { PAYMENT_COLUMNS } from './report.js';

/** Every member of a union type, at compile time: a reason added to the model fails the build until it is listed here. */
function all<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> })): A => values;
}

// ---------------------------------------------------------------- shared definitions ($defs)

const money = z
  .string()
  .regex(/^-?\d+\.\d{2}$/)
  .meta({ id: 'money', description: 'kronor: exactly two decimals, a decimal point' });
const quantity = z
  .string()
  .regex(/^\d+(\.\d{1,2})?$/)
  .meta({ id: 'quantity', description: 'an exact decimal shown with at most two decimals' });
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .meta({ id: 'month' });
const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .meta({ id: 'sha256' });
const count = z.int().min(0).meta({ id: 'count' });
const year = z.int().min(2000).max(2100);
const parameter = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/)
  .meta({ id: 'parameter' });
const parameters = z.array(parameter).meta({ id: 'parameters', uniqueItems: true });

const tool = z.strictObject({ name: z.literal('vardval'), version: z.string().regex(/^\d+\.\d+\.\d+/) }).meta({ id: 'tool' });
export type ToolJson = z.infer<typeof tool>;

const EXCLUDED = all<ExclusionReason>()([
  'duplicate_contact',
  'unknown_clinic',
  'not_physiotherapy_clinic',
  'no_contract',
  'outside_period',
  'out_of_county',
  'no_show',
  'cancelled',
  'late_cancelled',
  'completed',
  'other_profession',
  'administrative',
  'zero_weight',
  'not_vardcentral_unit',
  'snapshot_not_month_end',
  'drug_group_not_compensated',
]);
const REJECTED = all<RejectReason>()([
  'malformed_row',
  'wrong_column_count',
  'missing_field',
  'bad_date',
  'period_mismatch',
  'unknown_contact_type',
  'unknown_status',
  'unknown_profession',
  'bad_county',
  'bad_amount',
  'invalid_patient_id',
  'listed_twice',
  'unknown_listing_type',
  'unknown_adjustment_code',
  'bad_flag',
]);
const excluded = z.partialRecord(z.enum(EXCLUDED), z.int().min(1)).meta({ id: 'excluded', description: 'rows not counted, by reason (keys sorted)' });
const rejected = z.partialRecord(z.enum(REJECTED), z.int().min(1)).meta({ id: 'rejected', description: 'rows not readable, by reason (keys sorted)' });

const regi = z.enum(all<Regi>()(REGI));
const vardval = z.enum(all<Vardval>()(['fysioterapi', 'vardcentral']));
// unknown_clinic is a row of completeness.csv only, never a cell of the model
const CELL_STATUSES = all<Exclude<CellStatus, 'unknown_clinic'>>()(['ok', 'missing', 'acknowledged', 'no_contract', 'outside_period']);
const UNIT_STATUSES = all<UnitResult['status']>()(['final', 'provisional', 'incomplete']);
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
export type CompletenessJson = z.infer<typeof completeness>;

/** The header of every JSON document of a run (output/json-header.ts): the rules and their overlays. */
const rulesHeader = z
  .strictObject({
    id: z.string().min(1),
    year,
    title: z.string(),
    document: z.string(),
    file: z.string().min(1),
    sha256,
    overrides: z.array(
      z.strictObject({
        name: parameter,
        value: z.string(),
        previous: z.string(),
        origin: z.enum(['file', 'set', 'scenario']),
        file: z.string().nullable(),
        source: z.string(),
        status: z.enum(['confirmed', 'assumed']),
      }),
    ),
    scenarios: z.array(z.strictObject({ file: z.string(), id: z.string(), description: z.string(), sha256 })),
  })
  .describe('the rules of the run (the same header in every JSON document: output/json-header.ts)');
export type RulesHeaderJson = z.infer<typeof rulesHeader>;
const runRules = rulesHeader.extend({ assumed_parameters: parameters.describe('the assumed parameters the figures of the document rest on') });

const period = { from: month, to: month, whole_year: z.boolean() };
export type PeriodJson = z.infer<z.ZodObject<typeof period>>;

// ---------------------------------------------------------------- figures, from the models' registries

/** A figure in its machine form, described by its model's registry (src/model/*.ts). */
function figure(f: FigureSpec): z.ZodType {
  return (f.kind === 'money' ? money : quantity).describe(f.description);
}
function figuresShape(fs: readonly FigureSpec[]): Record<string, z.ZodType> {
  return Object.fromEntries(fs.map((f) => [f.name, figure(f)]));
}

/** What a unit of each vårdval adds to calc's JSON beyond its figures (the model's `detail`). */
const DETAIL: Record<Vardval, Record<string, z.ZodType>> = {
  fysioterapi: {
    municipality: z.string(),
    counted_by_type: z.strictObject(Object.fromEntries(CONTACT_TYPES.map((t) => [t, count]))),
    focus_share: z
      .string()
      .regex(/^(0(\.\d{1,4})?|1)$/)
      .nullable()
      .describe('share of counted visits in focus diagnosis groups (2017 model), else null'),
  },
  vardcentral: {
    municipality: z.string(),
    km_from_town: z.string().nullable().describe('distance to the nearest town (geography compensation), null when the register has none'),
    established: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .describe('the date the unit was established (start grant), null when the register has none'),
    listing: z
      .array(
        z.strictObject({
          activity_month: month,
          snapshot_date: z.string().nullable(),
          listed_persons: count,
          age_points: z.string().regex(/^\d+(\.\d+)?$/),
          cni_points: z.string().regex(/^\d+(\.\d+)?$/),
          bands: z.array(
            z.strictObject({
              sex: z.enum(['female', 'male']),
              age_from: z.int(),
              age_to: z.int().nullable(),
              weight: z.string(),
              persons: count,
              points: z.string(),
            }),
          ),
        }),
      )
      .describe('per activity month: the snapshot, listed persons, age points, CNI points and the persons per weight band'),
    cni: z.array(z.strictObject({ valid_from: z.string(), valid_to: z.string().nullable(), cni: z.string() })),
    warnings: z.array(z.string()),
  },
};

const paymentLine = z
  .strictObject({
    activity_month: month,
    payment_month: month,
    component: z.string().regex(/^[a-z_]+$/),
    code: z.string(),
    basis: z.string().regex(/^(-?\d+(\.\d+)?)?$/),
    basis_unit: z.string(),
    rate: z.string().regex(/^(-?\d+(\.\d+)?)?$/),
    rate_unit: z.string(),
    amount: money,
  })
  .meta({ id: 'payment_line', description: 'a component of a month with its basis and rate (payment-lines.csv); subtracted components are negative' });

/** A unit of one vårdval in calc's JSON: identity, the period report, the detail, its months and lines. */
function unitSchema(m: Model): z.ZodObject {
  const report = m.periodReport
    ? {
        ...figuresShape(figuresOf(m, 'period').filter((f) => f.report)),
        status: z
          .enum(UNIT_STATUSES)
          .describe(
            'final: whole-year period on complete input, paid in the settlement month; provisional: not the whole year, shown, not paid; incomplete: whole year but a contracted month of the clinic has no rows (or an export was wholly rejected) and is not acknowledged: shown, not paid',
          ),
      }
    : {};
  const payment = z.strictObject({ activity_month: month, payment_month: month, ...figuresShape(figuresOf(m, 'month')) }).meta({ id: `payment_${m.vardval}` });
  return z
    .strictObject({
      clinic_id: z.string().min(1).describe('unit id of the exports (HSA-id / EnhetsID)'),
      clinic_name: z.string(),
      regi,
      ...report,
      vardval: z.literal(m.vardval),
      ...DETAIL[m.vardval],
      payments: z.array(payment).describe('the unit’s activity months: the columns of payment-basis.csv of its vårdval'),
      lines: z.array(paymentLine).describe('the payment lines of the unit (payment-lines.csv)'),
      assumed_parameters: z.record(z.string().regex(/^[a-z_]+$/), parameters).describe('figure → the assumed parameters it depends on'),
    })
    .meta({ id: `unit_${m.vardval}`, description: m.title });
}
const unit = z.discriminatedUnion('vardval', MODELS.map(unitSchema) as unknown as [z.ZodObject, ...z.ZodObject[]]);

/** calc's totals: every month money figure, then the period money figures marked `total`. */
const totals = z.strictObject({
  ...figuresShape(monthFigures().filter((f) => f.kind === 'money')),
  ...figuresShape(MODELS.flatMap((m) => figuresOf(m, 'period').filter((f) => f.total && f.kind === 'money'))),
});

// ---------------------------------------------------------------- calc --format json

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
    rules: runRules,
    period: z.strictObject({
      ...period,
      months_without_data: z.array(month).describe('months of the period without a single readable row (a missing export?)'),
      months_without_listing: z
        .array(month)
        .describe('months of the period without a listing snapshot, when the run reads listings (no vårdcentral capitation for them)'),
    }),
    clinics: z.array(unit),
    totals,
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
      'The whole result of a calc run. A unit’s fields are its vårdval’s: for physiotherapy the columns of deductions.csv; payments have the columns of payment-basis.csv, lines those of payment-lines.csv. Money is a string with exactly two decimals and a decimal point; quantities are exact decimals shown with at most two decimals.',
  });
export type CalcResultJson = z.infer<typeof calcResultJson>;

// ---------------------------------------------------------------- payout --format json

/**
 * A row of the payout: the columns of payment-basis.csv (PAYMENT_COLUMNS) with assumed_parameters
 * as a list. A figure that not every vårdval has is empty for a unit whose vårdval lacks it.
 */
function payoutRowShape(): Record<string, z.ZodType> {
  const text: Record<string, z.ZodType> = {
    clinic_id: z.string().min(1).describe('unit id of the exports (HSA-id / EnhetsID)'),
    clinic_name: z.string(),
    regi,
    activity_month: month,
    payment_month: month,
    assumed_parameters: parameters,
    vardval,
  };
  const everyModel = (name: string): boolean => MODELS.every((m) => m.figures.some((f) => f.name === name));
  return Object.fromEntries(
    PAYMENT_COLUMNS.map((c) => {
      const t = text[c.name];
      if (t) return [c.name, t];
      const f = figureSpec(c.name)!;
      return [
        c.name,
        everyModel(f.name) ? figure(f) : z.union([figure(f), z.literal('')]).describe(`${f.description} (empty for a unit whose vårdval has no such figure)`),
      ];
    }),
  );
}
const payoutRow = z.strictObject(payoutRowShape()).meta({ id: 'row' });
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
    rules: runRules,
    rows: z.array(payoutRow),
    totals: z.strictObject(figuresShape(monthFigures().filter((f) => f.kind === 'money'))),
    summary: payoutSummary,
    completeness,
    accounting: z.strictObject({ rows_read: count, counted: count, excluded, rejected }),
  })
  .meta({
    $id: 'urn:vardval:schema:payout',
    title: 'vardval payout --format json',
    description:
      'The payout of one payment month: the payment-basis rows of the activity month before it, one per unit. Money is a string with exactly two decimals and a decimal point. Row fields are the columns of payment-basis.csv; assumed_parameters is a list here.',
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
    delta: z.string().nullable().describe('now − baseline for numbers (money with two decimals); for assumed_parameters the names added (+) and removed (-)'),
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
    tolerance: z
      .string()
      .regex(/^\d+\.\d{2}$/)
      .describe('kronor by which money may differ'),
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
