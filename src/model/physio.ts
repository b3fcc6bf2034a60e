import { CONTACT_TYPES, type ContactType } from '../rules/catalog.js';
import type { ParamReader } from '../rules/ruleset.js';
import { Decimal, ONE, TWELVE, ZERO, formatQuantity, formatShare, maxZero, roundMoney, sum } from './decimal.js';
import { contractForMonth, fteByDays, isWholeYear, monthKey, monthsOf, paymentMonth } from './period.js';
import type { FigureSpec, Model, PaymentLineItem, Step, UnitResult } from './model.js';
import { ClinicTally } from './tally.js';
import type { Clinic, Period } from './types.js';

/**
 * The figures of the physiotherapy model (DOMAIN.md §1), in the order of their columns:
 * payment-basis.csv (month), deductions.csv (period, report), comparison.csv (compared).
 */
const PHYSIO_FIGURES: readonly FigureSpec[] = [
  {
    name: 'fte_months',
    kind: 'quantity',
    scope: 'period',
    report: true,
    description: 'FTE-months in the period (FTE in force on the first day of each month)',
  },
  {
    name: 'visits_required',
    kind: 'quantity',
    scope: 'period',
    report: true,
    compared: true,
    description: 'visit requirement (prestationskrav, besök), pro-rated by FTE-months',
  },
  { name: 'visits_counted', kind: 'quantity', scope: 'period', report: true, compared: true, description: 'counted contacts per type × weight' },
  { name: 'visits_shortfall', kind: 'quantity', scope: 'period', report: true, description: 'visits below the requirement' },
  { name: 'visit_deduction_rate', kind: 'money', scope: 'period', report: true, description: 'deduction per missing visit' },
  { name: 'visit_deduction', kind: 'money', scope: 'period', report: true, compared: true, description: 'deduction for missing visits' },
  {
    name: 'unique_patients_required',
    kind: 'quantity',
    scope: 'period',
    report: true,
    compared: true,
    description: 'unique-patient requirement, pro-rated by FTE-months',
  },
  {
    name: 'unique_patients',
    kind: 'quantity',
    scope: 'period',
    report: true,
    compared: true,
    description: 'distinct persons with a counted contact in the period',
  },
  { name: 'unique_patients_shortfall', kind: 'quantity', scope: 'period', report: true, description: 'unique patients below the requirement' },
  { name: 'unique_patient_deduction_rate', kind: 'money', scope: 'period', report: true, description: 'deduction per missing unique patient' },
  { name: 'unique_patient_deduction', kind: 'money', scope: 'period', report: true, compared: true, description: 'deduction for missing unique patients' },
  {
    name: 'total_deduction',
    kind: 'money',
    scope: 'period',
    report: true,
    compared: true,
    total: true,
    description: 'total deduction (final for a whole-year period)',
  },
  { name: 'focus_share', kind: 'quantity', scope: 'period', description: 'share of counted visits in a focus diagnosis group (2017 tiers)' },
  { name: 'requirement_factor', kind: 'quantity', scope: 'period', description: 'factor on the requirements in the first contract year' },
  { name: 'fte', kind: 'quantity', scope: 'month', sign: 0, description: 'FTE in force on the first day of the month' },
  { name: 'fixed_compensation', kind: 'money', scope: 'month', sign: 1, compared: true, description: 'fixed compensation per FTE-month' },
  { name: 'specialist_compensation', kind: 'money', scope: 'month', sign: 1, description: 'compensation per approved specialist physiotherapist' },
  {
    name: 'additional_assignment_compensation',
    kind: 'money',
    scope: 'month',
    sign: 1,
    description: 'compensation for additional assignments (tilläggsuppdrag)',
  },
  { name: 'sal', kind: 'money', scope: 'month', sign: 1, compared: true, description: 'SAL (service, administration, premises), private units' },
  { name: 'vat_compensation', kind: 'money', scope: 'month', sign: 1, compared: true, description: 'VAT compensation, private units' },
  { name: 'patient_fees', kind: 'money', scope: 'month', sign: -1, description: 'patient fees collected, an advance on the compensation' },
  { name: 'deductions', kind: 'money', scope: 'month', sign: -1, description: "final deductions paid with December's activity" },
  { name: 'net_payment', kind: 'money', scope: 'month', sign: 0, compared: true, description: 'net payment of the month' },
];

/**
 * Spreads a year's amounts over months with one rounding: each month is the difference of the
 * rounded running totals (see decimal.ts), so the months add up to the rounded year. The months
 * are given as yearly-rate numerators (rate × FTE, not yet divided by 12): the running total is
 * Σ numerators / 12 with a single division, so a total that is exactly x.xx5 rounds up instead
 * of coming out x.xx4999… from twelve already-divided months (issue 8: 190 830.375 → .38).
 */
export function spreadByRunningTotal(numeratorByMonth: readonly Decimal[], divisor: Decimal = TWELVE): Decimal[] {
  const out: Decimal[] = [];
  let running = ZERO;
  let paid = ZERO;
  for (const x of numeratorByMonth) {
    running = running.plus(x);
    const total = roundMoney(running.dividedBy(divisor));
    out.push(total.minus(paid));
    paid = total;
  }
  return out;
}

const q = (d: Decimal): string => formatQuantity(d, 4);
const kr = (d: Decimal): string => roundMoney(d).toFixed(2);

/**
 * The physiotherapy model (DOMAIN.md §1) for one clinic: inputs in, amounts and their
 * explanation out. No I/O.
 */
export interface ClinicContext {
  /** the clinic's input is incomplete (see completeness.ts): its deductions cannot be final */
  incomplete?: boolean;
}

/** Activity month (1..12) whose payment row carries the year's final deductions, by physio.deduction_settlement. */
const SETTLEMENT_MONTH: Readonly<Record<string, number>> = { year_end: 12 };

export function computePhysioClinic(clinic: Clinic, tally: ClinicTally, period: Period, p: ParamReader, ctx: ClinicContext = {}): UnitResult {
  const steps: Step[] = [];
  const dependsOn: Record<string, string[]> = {};
  /** Records a derivation step; a figure depends on the parameters it read and on its inputs' ones. */
  const step = (figure: string, description: string, formula: string, value: string, inputs: string[] = []): void => {
    const params = p.take();
    steps.push({ figure, description, formula, value, params });
    dependsOn[figure] = [...new Set([...params, ...inputs.flatMap((f) => dependsOn[f] ?? [])])].sort();
  };
  p.take();

  // FTE per month of the whole year: monthly amounts are spread over the year (see above).
  const yearMonths = Array.from({ length: 12 }, (_, i) => monthKey(period.year, i + 1));
  const contracts = yearMonths.map((m) => contractForMonth(clinic, m));
  const policy = p.has('physio.month_fte_policy') ? p.code('physio.month_fte_policy') : 'first_day';
  const ftes = yearMonths.map((m, i) => (policy === 'by_days' ? fteByDays(clinic, m) : (contracts[i]?.fte ?? ZERO)));
  const fteOf = (i: number): Decimal => ftes[i]!;
  // a month with a contract on some day has a payment row (by_days pays part of a month)
  const contracted = (i: number): boolean => contracts[i] !== undefined || !fteOf(i).isZero();
  const periodIdx = monthsOf(period).map((m) => yearMonths.indexOf(m));

  const fteMonths = sum(periodIdx.map(fteOf));
  step(
    'fte_months',
    policy === 'by_days'
      ? "FTE-months in the period (each month's FTE averaged over its days, from the clinic register; physio.month_fte_policy by_days)"
      : 'FTE-months in the period (FTE in force on the first day of each month, from the clinic register; physio.month_fte_policy first_day)',
    periodIdx.map((i) => `${yearMonths[i]}: ${q(fteOf(i))}`).join(' + '),
    q(fteMonths),
  );

  // requirement factor for the first contract year (tilläggsregel, absent = 1)
  let factor = ONE;
  if (clinic.firstContractYear === period.year && p.has('physio.first_year_requirement_factor')) {
    factor = p.decimal('physio.first_year_requirement_factor');
    step('requirement_factor', `first contract year ${period.year}: requirements reduced`, 'physio.first_year_requirement_factor', q(factor));
  }

  // Counted visits: rows per type × weight.
  const months = monthsOf(period);
  const countedByType = tally.countedOver(months);
  const weight = (t: ContactType): Decimal => p.decimal(`physio.contact_weights.${t}`);
  // the counting rules were applied when the rows were read; named here so figures depend on them
  p.codes('physio.counted_statuses');
  p.codes('physio.counted_professions');
  p.code('physio.home_county');
  const visitsCounted = sum(CONTACT_TYPES.map((t) => weight(t).times(countedByType[t])));
  step(
    'visits_counted',
    'counted contacts per type × weight (completed, by counted professions, residents of the home county)',
    CONTACT_TYPES.filter((t) => countedByType[t] > 0)
      .map((t) => `${countedByType[t]} ${t} × ${weight(t).toString()}`)
      .join(' + ') || '0',
    q(visitsCounted),
  );

  // A shortfall is charged exactly or in whole visits/patients (physio.shortfall_rounding).
  const shortfallRule = p.has('physio.shortfall_rounding') ? p.code('physio.shortfall_rounding') : 'exact';
  p.take(); // read again by each shortfall step, so both name it
  const shortfallFn = shortfallRule === 'whole_down' ? 'floor(' : shortfallRule === 'whole_up' ? 'ceil(' : '';
  const charged = (x: Decimal): Decimal => {
    if (p.has('physio.shortfall_rounding')) p.code('physio.shortfall_rounding');
    return shortfallRule === 'whole_down' ? x.floor() : shortfallRule === 'whole_up' ? x.ceil() : x;
  };
  const shortfallNote = (): string => (shortfallRule === 'exact' ? '' : ` (in whole ones: physio.shortfall_rounding ${shortfallRule})`);

  // Visit requirement and rate: plain, or by focus-share tier (2017 model). Each step reads
  // only the parameters it names, so every figure lists exactly what it depends on.
  let reqPerFte: Decimal;
  let tierRate: Decimal | null = null;
  let focusShare: Decimal | null = null;
  if (p.has('physio.requirement_tiers')) {
    const focusByType = tally.countedOver(months, 'focus');
    const focusVisits = sum(CONTACT_TYPES.map((t) => weight(t).times(focusByType[t])));
    focusShare = visitsCounted.isZero() ? ZERO : focusVisits.dividedBy(visitsCounted);
    p.codes('physio.focus_diagnosis_groups');
    step(
      'focus_share',
      'share of counted visits whose main diagnosis is in a focus group (physio.focus_diagnosis_groups)',
      `${q(focusVisits)} / ${q(visitsCounted)}`,
      formatShare(focusShare),
    );
    const share = focusShare;
    const tiers = p.tiers('physio.requirement_tiers');
    const tier = [...tiers].reverse().find((t) => share.greaterThanOrEqualTo(t.minFocusShare)) ?? tiers[0]!;
    reqPerFte = tier.visitRequirementPerFte;
    tierRate = tier.visitDeductionPerVisit;
    step(
      'requirement_tier',
      'row of the requirement table (physio.requirement_tiers) for the focus share: the highest min_focus_share not above it',
      `${formatShare(share)} ≥ ${tier.minFocusShare.toString()}`,
      `${reqPerFte.toString()} visits/FTE, ${tierRate.toString()} kr/visit`,
      ['focus_share'],
    );
  } else {
    reqPerFte = p.decimal('physio.visit_requirement_per_fte');
  }
  const visitsRequired = reqPerFte.times(fteMonths).dividedBy(TWELVE).times(factor);
  step(
    'visits_required',
    'visit requirement (prestationskrav, besök), pro-rated by FTE-months',
    `${reqPerFte.toString()} × ${q(fteMonths)} / 12${factor.equals(ONE) ? '' : ` × ${q(factor)}`}`,
    q(visitsRequired),
    ['fte_months', 'requirement_factor', 'requirement_tier'],
  );
  const visitsShortfall = charged(maxZero(visitsRequired.minus(visitsCounted)));
  step(
    'visits_shortfall',
    `visits below the requirement${shortfallNote()}`,
    `${shortfallFn}max(0, ${q(visitsRequired)} − ${q(visitsCounted)})${shortfallFn ? ')' : ''}`,
    q(visitsShortfall),
    ['visits_required', 'visits_counted'],
  );
  const visitRate = tierRate ?? p.decimal('physio.visit_deduction_per_visit');
  const visitDeduction = roundMoney(visitsShortfall.times(visitRate));
  step('visit_deduction', 'deduction for missing visits', `${q(visitsShortfall)} × ${visitRate.toString()} kr`, kr(visitDeduction), [
    'visits_shortfall',
    'requirement_tier',
  ]);

  // Unique patients.
  const upReqPerFte = p.decimal('physio.unique_patient_requirement_per_fte');
  const uniqueRequired = upReqPerFte.times(fteMonths).dividedBy(TWELVE).times(factor);
  step(
    'unique_patients_required',
    'unique-patient requirement, pro-rated by FTE-months',
    `${upReqPerFte.toString()} × ${q(fteMonths)} / 12${factor.equals(ONE) ? '' : ` × ${q(factor)}`}`,
    q(uniqueRequired),
    ['fte_months', 'requirement_factor'],
  );
  const unique = tally.uniquePatients();
  step(
    'unique_patients',
    'distinct persons with at least one counted contact in the period',
    `${unique}${tally.uniqueReserve() ? ` (of which ${tally.uniqueReserve()} reserve ids)` : ''}`,
    String(unique),
    ['visits_counted'],
  );
  const uniqueShortfall = charged(maxZero(uniqueRequired.minus(unique)));
  step(
    'unique_patients_shortfall',
    `unique patients below the requirement${shortfallNote()}`,
    `${shortfallFn}max(0, ${q(uniqueRequired)} − ${unique})${shortfallFn ? ')' : ''}`,
    q(uniqueShortfall),
    ['unique_patients_required', 'unique_patients'],
  );
  const upRate = p.decimal('physio.unique_patient_deduction_per_patient');
  const uniqueDeduction = roundMoney(uniqueShortfall.times(upRate));
  step('unique_patient_deduction', 'deduction for missing unique patients', `${q(uniqueShortfall)} × ${upRate.toString()} kr`, kr(uniqueDeduction), [
    'unique_patients_shortfall',
  ]);

  const totalDeduction = visitDeduction.plus(uniqueDeduction);
  const settlement = p.code('physio.deduction_settlement');
  const settlementMonth = SETTLEMENT_MONTH[settlement];
  if (settlementMonth === undefined) throw new Error(`physio.deduction_settlement '${settlement}' has no settlement month`);
  const status: UnitResult['status'] = !isWholeYear(period) ? 'provisional' : ctx.incomplete ? 'incomplete' : 'final';
  step(
    'total_deduction',
    status === 'final'
      ? `total deduction; the period is the whole year, so it is final and paid with the activity of ${monthKey(period.year, settlementMonth)} (physio.deduction_settlement ${settlement})`
      : status === 'incomplete'
        ? 'total deduction; the input of the clinic is incomplete (a contracted month without rows, see completeness.csv), so it is not final and not paid'
        : 'total deduction; the period is not the whole year, so it is provisional and not paid',
    `${kr(visitDeduction)} + ${kr(uniqueDeduction)}`,
    kr(totalDeduction),
    ['visit_deduction', 'unique_patient_deduction'],
  );

  // Monthly amounts, exact per month of the year, then spread with one rounding.
  const fixedPerFte = p.decimal('physio.fixed_compensation_per_fte');
  // per month the yearly numerator (rate × FTE); divided by 12 once, in the running total
  const inPeriod = (xs: readonly Decimal[]): Decimal => sum(periodIdx.map((i) => xs[i]!)).dividedBy(TWELVE);
  const fixedNum = yearMonths.map((_, i) => fixedPerFte.times(fteOf(i)));
  step(
    'fixed_compensation',
    'fixed compensation per FTE-month (1/12 of the yearly amount)',
    `${fixedPerFte.toString()} × FTE-months / 12`,
    kr(inPeriod(fixedNum)),
    ['fte_months'],
  );

  const salApplies = p.codes('physio.sal_regi').includes(clinic.regi);
  const salPerFte = p.decimal('physio.sal_per_fte');
  const salNum = yearMonths.map((_, i) => (salApplies ? salPerFte.times(fteOf(i)) : ZERO));
  step(
    'sal',
    `SAL per FTE-month${salApplies ? '' : ` (not paid to regi ${clinic.regi})`}`,
    salApplies ? `${salPerFte.toString()} × FTE-months / 12` : '0',
    kr(inPeriod(salNum)),
    ['fte_months'],
  );

  const specPerYear = p.decimal('physio.specialist_compensation_per_year');
  const specNum = yearMonths.map((_, i) => specPerYear.times(contracts[i]?.specialists ?? ZERO));
  step(
    'specialist_compensation',
    'specialist compensation per approved specialist and month',
    `${specPerYear.toString()} × specialist-months / 12`,
    kr(inPeriod(specNum)),
  );

  let addNum = yearMonths.map(() => ZERO);
  let addPerYear: Decimal | null = null;
  if (p.has('physio.additional_assignment_compensation')) {
    const perYear = p.decimal('physio.additional_assignment_compensation');
    addPerYear = perYear;
    addNum = yearMonths.map((_, i) => perYear.times(contracts[i]?.additionalAssignments ?? ZERO));
    step(
      'additional_assignment_compensation',
      'fixed compensation for additional assignments (tilläggsuppdrag)',
      `${perYear.toString()} × assignment-months / 12`,
      kr(inPeriod(addNum)),
    );
  }

  // Deductions paid: only final ones, with the settlement month's activity.
  const deductionByMonth = yearMonths.map((_, i) => (status === 'final' && i + 1 === settlementMonth ? totalDeduction : ZERO));
  const paidDeductions = status === 'final' ? ['total_deduction'] : [];

  const vatApplies = p.codes('physio.vat_compensation_regi').includes(clinic.regi);
  const vatRate = p.decimal('physio.vat_compensation_rate');
  // the paid deduction is a whole amount: × 12 so it shares the numerators' single division
  const vatNum = yearMonths.map((_, i) =>
    vatApplies ? vatRate.times(fixedNum[i]!.plus(salNum[i]!).plus(specNum[i]!).plus(addNum[i]!).minus(deductionByMonth[i]!.times(TWELVE))) : ZERO,
  );
  step(
    'vat_compensation',
    `VAT compensation on gross compensation after deductions${vatApplies ? '' : ` (not paid to regi ${clinic.regi})`}`,
    vatApplies ? `${vatRate.toString()} × (fixed + SAL + specialist + additional − paid deductions)` : '0',
    kr(inPeriod(vatNum)),
    ['fixed_compensation', 'sal', 'specialist_compensation', 'additional_assignment_compensation', ...paidDeductions],
  );

  const fixed = spreadByRunningTotal(fixedNum);
  const sal = spreadByRunningTotal(salNum);
  const spec = spreadByRunningTotal(specNum);
  const add = spreadByRunningTotal(addNum);
  const vat = spreadByRunningTotal(vatNum);

  const monthRows: UnitResult['months'] = [];
  const lines: PaymentLineItem[] = [];
  for (const i of periodIdx) {
    const m = yearMonths[i]!;
    const fees = tally.feesOf(m);
    // a month outside the contract has no row, unless it has fees or settles the year's
    // deductions (a clinic that left in June still has its final deductions in December's row)
    if (!contracted(i) && fees.isZero() && deductionByMonth[i]!.isZero()) continue;
    const values: Record<string, Decimal> = {
      fte: fteOf(i),
      fixed_compensation: fixed[i]!,
      specialist_compensation: spec[i]!,
      additional_assignment_compensation: add[i]!,
      sal: sal[i]!,
      vat_compensation: vat[i]!,
      patient_fees: fees,
      deductions: deductionByMonth[i]!,
    };
    values.net_payment = values
      .fixed_compensation!.plus(values.specialist_compensation!)
      .plus(values.additional_assignment_compensation!)
      .plus(values.sal!)
      .plus(values.vat_compensation!)
      .minus(values.patient_fees!)
      .minus(values.deductions!);
    const pm = paymentMonth(m);
    monthRows.push({ activityMonth: m, paymentMonth: pm, values });
    const line = (
      component: string,
      basis: Decimal | null,
      basisUnit: string,
      rate: Decimal | null,
      rateUnit: string,
      amount: Decimal,
      figures: string[] = [component],
    ): void => {
      lines.push({ activityMonth: m, paymentMonth: pm, component, code: '', basis, basisUnit, rate, rateUnit, amount, figures });
    };
    // the month's amount is its share of the year's running total (rounded once), so amount and basis × rate / 12 may differ by an öre
    const fte = fteOf(i);
    if (contracted(i)) line('fixed_compensation', fte, 'FTE', fixedPerFte, 'SEK/FTE/year', fixed[i]!);
    const specialists = contracts[i]?.specialists ?? ZERO;
    if (!specialists.isZero()) line('specialist_compensation', specialists, 'specialists', specPerYear, 'SEK/specialist/year', spec[i]!);
    if (addPerYear && !(contracts[i]?.additionalAssignments ?? ZERO).isZero())
      line('additional_assignment_compensation', contracts[i]!.additionalAssignments, 'assignments', addPerYear, 'SEK/assignment/year', add[i]!);
    if (salApplies && contracted(i)) line('sal', fte, 'FTE', salPerFte, 'SEK/FTE/year', sal[i]!);
    if (vatApplies)
      line(
        'vat_compensation',
        fixedNum[i]!.plus(salNum[i]!).plus(specNum[i]!).plus(addNum[i]!).dividedBy(TWELVE).minus(deductionByMonth[i]!),
        'SEK',
        vatRate,
        'share',
        vat[i]!,
      );
    if (!fees.isZero()) line('patient_fees', null, '', null, '', fees.negated());
    if (!deductionByMonth[i]!.isZero()) line('deductions', totalDeduction, 'SEK', null, '', deductionByMonth[i]!.negated(), ['total_deduction']);
  }
  const totalFees = sum(monthRows.map((r) => r.values.patient_fees!));
  // fees are an advance only for residents of the home county, and for the statuses and
  // professions the rules name (applied when the rows were read)
  p.code('physio.home_county');
  if (p.has('physio.fee_advance_statuses')) p.codes('physio.fee_advance_statuses');
  if (p.has('physio.fee_advance_professions')) p.codes('physio.fee_advance_professions');
  step('patient_fees', 'patient fees collected, an advance on the compensation (subtracted)', "sum of fees of the clinic's in-county rows", kr(totalFees));
  const net = sum(monthRows.map((r) => r.values.net_payment!));
  step('net_payment', 'net payment over the period', 'fixed + specialist + additional + SAL + VAT − patient fees − paid deductions', kr(net), [
    'fixed_compensation',
    'sal',
    'specialist_compensation',
    'additional_assignment_compensation',
    'vat_compensation',
    'patient_fees',
    ...paidDeductions,
  ]);

  return {
    clinic,
    vardval: 'fysioterapi',
    months: monthRows,
    lines,
    period: {
      fte_months: fteMonths,
      visits_required: visitsRequired,
      visits_counted: visitsCounted,
      visits_shortfall: visitsShortfall,
      visit_deduction_rate: visitRate,
      visit_deduction: visitDeduction,
      unique_patients_required: uniqueRequired,
      unique_patients: new Decimal(unique),
      unique_patients_shortfall: uniqueShortfall,
      unique_patient_deduction_rate: upRate,
      unique_patient_deduction: uniqueDeduction,
      total_deduction: totalDeduction,
      focus_share: focusShare,
      requirement_factor: factor,
    },
    status,
    steps,
    dependsOn,
    detail: {
      municipality: clinic.municipality,
      counted_by_type: Object.fromEntries(CONTACT_TYPES.map((t) => [t, countedByType[t]])),
      focus_share: focusShare === null ? null : formatShare(focusShare),
    },
  };
}

const fmtQ = (d: Decimal | null | undefined, dp: number): string => formatQuantity(d ?? ZERO, dp);

/** Physiotherapy (vårdval fysioterapi): fixed compensation per FTE with visit and patient requirements. */
export const physioModel: Model = {
  vardval: 'fysioterapi',
  namespace: 'physio',
  title: 'Vårdval fysioterapi',
  inputKinds: ['visits'],
  figures: PHYSIO_FIGURES,
  periodReport: { file: 'deductions.csv' },
  summaryColumns: [
    { header: 'fte', get: (u, period) => fmtQ(u.period.fte_months!.dividedBy(period.toMonth - period.fromMonth + 1), 2) },
    { header: 'visits counted/req', get: (u) => `${fmtQ(u.period.visits_counted, 1)} / ${fmtQ(u.period.visits_required, 1)}` },
    { header: 'unique pat./req', get: (u) => `${fmtQ(u.period.unique_patients, 0)} / ${fmtQ(u.period.unique_patients_required, 1)}` },
    { header: 'deduction', get: (u) => kr(u.period.total_deduction!), total: ['total_deduction'] },
    { header: 'status', get: (u) => u.status },
  ],
  explainColumns: [
    { header: 'fte', figures: ['fte'] },
    { header: 'fixed', figures: ['fixed_compensation'] },
    { header: 'specialist+additional', figures: ['specialist_compensation', 'additional_assignment_compensation'] },
    { header: 'sal', figures: ['sal'] },
    { header: 'vat', figures: ['vat_compensation'] },
    { header: 'patient fees', figures: ['patient_fees'] },
    { header: 'deductions', figures: ['deductions'] },
    { header: 'net', figures: ['net_payment'] },
  ],
  appliesTo: (p) => p.has('physio.fixed_compensation_per_fte'),
  inPeriod: (clinic, inputs, period) => {
    // a run without visit exports (vårdcentral inputs only) computes no physiotherapy
    if (!inputs.byKind.has('visits')) return false;
    const from = `${monthKey(period.year, period.fromMonth)}-01`;
    const to = `${monthKey(period.year, period.toMonth)}-31`;
    const tally = inputs.byKind.get('visits')?.get(clinic.id) as ClinicTally | undefined;
    return clinic.periods.some((c) => c.validFrom <= to && (c.validTo === null || c.validTo >= from)) || (tally?.months.size ?? 0) > 0;
  },
  compute: (clinic, inputs, period, p) =>
    computePhysioClinic(clinic, (inputs.byKind.get('visits')?.get(clinic.id) as ClinicTally | undefined) ?? new ClinicTally(clinic.id), period, p, {
      incomplete: inputs.incomplete?.has(clinic.id) ?? false,
    }),
};
