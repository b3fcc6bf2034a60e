import { type Decimal, ZERO, formatMoney, sum } from '../model/decimal.js';
import { monthKey } from '../model/period.js';
import type { ExclusionReason } from '../model/types.js';
import { InputError } from '../input/errors.js';
import { MONEY_COLUMNS, PAYMENT_COLUMNS, paymentLines, type PaymentLine } from '../output/report.js';
import { rulesJson } from '../output/json-header.js';
import type { RuleSet } from '../rules/ruleset.js';
import { assumedAmong } from '../rules/load.js';
import { completenessJson } from '../output/completeness.js';
import type { PayoutJson, PayoutRowJson, PayoutSummaryJson, ToolJson } from '../output/json-schemas.js';
import { runCalc, type CalcInput, type CalcResult } from './run-calc.js';

/**
 * The monthly payout (utbetalning): the payment-basis rows of one *payment* month. Payment is
 * the month after the activity month (DOMAIN §1), so payment month P pays activity month P − 1,
 * computed with the rules of the activity month's year (payment month 2027-01 pays December
 * 2026 under the 2026 rules).
 */
export interface PayoutMonths {
  paymentMonth: string;
  activityMonth: string;
  /** the rule year: the activity month's year */
  year: number;
  activityMonthNo: number;
}

export function payoutMonths(paymentMonthArg: string): PayoutMonths {
  const m = /^(\d{4})-(\d{2})$/.exec(paymentMonthArg);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new InputError('--month', `expected the payment month as YYYY-MM, got '${paymentMonthArg}'`);
  const y = Number(m[1]);
  const mon = Number(m[2]);
  const year = mon === 1 ? y - 1 : y;
  const activityMonthNo = mon === 1 ? 12 : mon - 1;
  return { paymentMonth: paymentMonthArg, activityMonth: monthKey(year, activityMonthNo), year, activityMonthNo };
}

/** Exclusion reasons that are decided only for rows inside the period (see classify). */
const IN_PERIOD_REASONS: readonly ExclusionReason[] = [
  'out_of_county',
  'no_show',
  'cancelled',
  'late_cancelled',
  'completed',
  'other_profession',
  'administrative',
  'zero_weight',
];

export interface PayoutResult {
  months: PayoutMonths;
  calc: CalcResult;
  /** one line per clinic paid in the month, sorted by clinic id */
  lines: PaymentLine[];
  /** true when the payment month settles the year's deductions (December's activity) */
  settlesDeductions: boolean;
  /** the previous activity month's lines, when that month is in the same rule year and has data; why not otherwise */
  previous: { activityMonth: string; paymentMonth: string; lines: PaymentLine[] } | { activityMonth: string; missing: string };
}

/**
 * Which activity months a payout run computes besides the one it pays: the month before it (for
 * the change against the previous month) or every month of the year so far (the monthly
 * report's year to date). December's activity always needs the whole year.
 */
export type PayoutSpan = 'previous-month' | 'year-to-date';

/**
 * Runs the calculation a payout needs. An ordinary month needs only its activity month's rows
 * (others given are excluded as outside_period), since the monthly amounts come from the
 * register and the month's fees. December's activity also pays the year's final deductions,
 * which need the whole year: then the data must run from January to December.
 */
export async function runPayout(
  rules: RuleSet,
  months: PayoutMonths,
  input: Omit<CalcInput, 'rules' | 'from' | 'to'>,
  span: PayoutSpan = 'previous-month',
): Promise<PayoutResult> {
  const settlesDeductions = months.activityMonthNo === 12;
  // the monthly amounts of a month do not depend on the period (they are spread over the whole
  // year, DOMAIN §1), so the month's lines are the same whichever span is computed
  const first = span === 'year-to-date' ? 1 : Math.max(1, months.activityMonthNo - 1);
  const calc = await runCalc({
    ...input,
    rules,
    ...(settlesDeductions ? {} : { from: monthKey(months.year, first), to: months.activityMonth }),
  });
  const { period } = calc;
  if (settlesDeductions && (period.fromMonth !== 1 || period.toMonth !== 12))
    throw new InputError(
      '--month',
      `payment month ${months.paymentMonth} pays December's activity and settles the deductions of ${months.year}: ` +
        `give the exports of the whole year (the data covers ${monthKey(period.year, period.fromMonth)} … ${monthKey(period.year, period.toMonth)})`,
    );
  if (settlesDeductions && calc.monthsWithoutData.length > 0)
    throw new InputError(
      '--month',
      `payment month ${months.paymentMonth} settles the deductions of ${months.year}, but the exports have no rows of ${calc.monthsWithoutData.join(', ')}: give the exports of the whole year`,
    );
  const inPeriod = calc.total.counted + IN_PERIOD_REASONS.reduce((s, r) => s + (calc.total.excluded[r] ?? 0), 0);
  if (!settlesDeductions && (inPeriod === 0 || calc.monthsWithoutData.includes(months.activityMonth)))
    throw new InputError(
      '--month',
      `no contact rows of activity month ${months.activityMonth} in the exports (payment month ${months.paymentMonth} pays the activity of ${months.activityMonth})`,
    );
  // the month paid must rest on complete input (December's activity: the whole year); a gap in a
  // month computed only for the comparison or the year to date is named where it is used, not fatal
  const c = calc.completeness;
  const missingPaid = c.missing.filter((m) => settlesDeductions || m.month === months.activityMonth);
  if (missingPaid.length > 0 || c.rejectedFiles.length > 0) {
    const what = [
      ...(missingPaid.length > 0 ? [`contracted clinic-months without a single row: ${missingPaid.map((m) => `${m.clinicId} ${m.month}`).join(', ')}`] : []),
      ...c.rejectedFiles.map((f) => `every row of ${f.file} was rejected`),
    ].join('; ');
    throw new InputError(
      '--month',
      `payment month ${months.paymentMonth} would pay on incomplete input (${what}): ` +
        'give the missing exports, or acknowledge a month that really had no activity with --ack CLINIC:YYYY-MM:REASON or --ack-file FILE',
    );
  }
  // a run that reads listings pays the vårdcentraler from the activity month's snapshot: without it they would get drugs and adjustments alone
  if (calc.monthsWithoutListing.includes(months.activityMonth))
    throw new InputError(
      '--month',
      `no listing snapshot of activity month ${months.activityMonth} among the inputs (payment month ${months.paymentMonth} pays the vårdcentraler from the snapshot of ${months.activityMonth}'s last day)`,
    );
  const all = paymentLines(calc);
  const lines = all.filter((l) => l.p.activityMonth === months.activityMonth);
  return { months, calc, lines, settlesDeductions, previous: previousMonth(months, calc, all) };
}

function previousMonth(months: PayoutMonths, calc: CalcResult, all: readonly PaymentLine[]): PayoutResult['previous'] {
  if (months.activityMonthNo === 1) return { activityMonth: monthKey(months.year - 1, 12), missing: `it is in another rule year (${months.year - 1})` };
  const activityMonth = monthKey(months.year, months.activityMonthNo - 1);
  if (calc.monthsWithoutData.includes(activityMonth)) return { activityMonth, missing: 'the exports have no rows of it' };
  const gaps = calc.completeness.missing.filter((m) => m.month === activityMonth);
  if (gaps.length > 0) return { activityMonth, missing: `the exports lack the rows of ${gaps.map((m) => m.clinicId).join(', ')} in it` };
  if (calc.monthsWithoutListing.includes(activityMonth)) return { activityMonth, missing: 'the inputs have no listing snapshot of it' };
  return { activityMonth, paymentMonth: months.activityMonth, lines: all.filter((l) => l.p.activityMonth === activityMonth) };
}

/**
 * What a payout amounts to, for the person who runs it (stderr, JSON, the monthly report):
 * the clinics paid, the total, the units whose net is negative (a claim on the unit) and the
 * change against the previous month where its data was given.
 */
export interface PayoutSummary {
  clinics: number;
  netPayment: Decimal;
  negative: { clinicId: string; clinicName: string; netPayment: Decimal }[];
  previous: { activityMonth: string; paymentMonth: string; clinics: number; netPayment: Decimal; change: Decimal } | { activityMonth: string; missing: string };
}

export function payoutSummary(r: PayoutResult): PayoutSummary {
  const net = (ls: readonly PaymentLine[]): Decimal => sum(ls.map((l) => l.p.values.net_payment!));
  const netPayment = net(r.lines);
  const negative = r.lines
    .filter((l) => l.p.values.net_payment!.isNegative())
    .map((l) => ({ clinicId: l.r.clinic.id, clinicName: l.r.clinic.name, netPayment: l.p.values.net_payment! }));
  const p = r.previous;
  const previous =
    'missing' in p
      ? p
      : {
          activityMonth: p.activityMonth,
          paymentMonth: p.paymentMonth,
          clinics: p.lines.length,
          netPayment: net(p.lines),
          change: netPayment.minus(net(p.lines)),
        };
  return { clinics: r.lines.length, netPayment, negative, previous };
}

/** The payout as JSON (`--format json`, schemas/payout.schema.json). Row fields equal the CSV columns. */
export function payoutJson(r: PayoutResult, tool: ToolJson, strict: boolean): PayoutJson {
  const { rules } = r.calc;
  // the fields are the CSV columns (test/schemas.test.ts holds the schema's keys to PAYMENT_COLUMNS)
  const rows = r.lines.map((l) => ({
    ...(Object.fromEntries(PAYMENT_COLUMNS.map((c) => [c.name, c.get(l)])) as Omit<PayoutRowJson, 'assumed_parameters'>),
    assumed_parameters: l.assumed === '' ? [] : l.assumed.split(' '),
  }));
  return {
    tool,
    payment_month: r.months.paymentMonth,
    activity_month: r.months.activityMonth,
    year: rules.year,
    settles_deductions: r.settlesDeductions,
    strict,
    rules: {
      ...rulesJson(rules),
      assumed_parameters: assumedAmong(
        rules,
        r.lines.flatMap((l) => (l.assumed === '' ? [] : l.assumed.split(' '))),
      ),
    },
    rows,
    completeness: completenessJson(r.calc.completeness),
    totals: Object.fromEntries(
      PAYMENT_COLUMNS.filter((c) => MONEY_COLUMNS.has(c.name)).map((c) => [c.name, formatMoney(sum(r.lines.map((l) => l.p.values[c.name] ?? ZERO)))]),
    ) as PayoutJson['totals'],
    summary: summaryJson(payoutSummary(r)),
    accounting: {
      rows_read: r.calc.total.rowsRead,
      counted: r.calc.total.counted,
      excluded: sorted(r.calc.total.excluded),
      rejected: sorted(r.calc.total.rejected),
    },
  };
}

function summaryJson(s: PayoutSummary): PayoutSummaryJson {
  const p = s.previous;
  return {
    clinics: s.clinics,
    net_payment: formatMoney(s.netPayment),
    negative_net: s.negative.map((n) => ({ clinic_id: n.clinicId, clinic_name: n.clinicName, net_payment: formatMoney(n.netPayment) })),
    previous_month:
      'missing' in p
        ? { activity_month: p.activityMonth, available: false, reason: p.missing }
        : {
            activity_month: p.activityMonth,
            payment_month: p.paymentMonth,
            available: true,
            clinics: p.clinics,
            net_payment: formatMoney(p.netPayment),
            change: formatMoney(p.change),
          },
  };
}

function sorted(rec: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => a.localeCompare(b))) as Record<string, number>;
}
