import { CONTACT_TYPES, type ContactType } from '../rules/catalog.js';
import type { ParamReader } from '../rules/ruleset.js';
import { Decimal, ONE, TWELVE, ZERO, formatQuantity, formatShare, maxZero, roundMoney, sum } from './decimal.js';
import { contractForMonth, fteByDays, isWholeYear, monthKey, monthsOf, paymentMonth } from './period.js';
import type { ClinicTally } from './tally.js';
import type { Clinic, Period } from './types.js';

/** One step of the derivation of a clinic's amounts (in the spirit of OpenFisca's trace). */
export interface Step {
  figure: string;
  description: string;
  formula: string;
  value: string;
  params: string[];
}

/** One row of the payment basis (utbetalningsunderlag): a clinic's activity month. */
export interface PaymentRow {
  activityMonth: string;
  paymentMonth: string;
  fte: Decimal;
  fixedCompensation: Decimal;
  specialistCompensation: Decimal;
  additionalAssignmentCompensation: Decimal;
  sal: Decimal;
  vatCompensation: Decimal;
  patientFees: Decimal;
  deductions: Decimal;
  netPayment: Decimal;
}

/**
 * final: the whole year on complete input, paid in the settlement month; provisional: the period
 * is not the whole year, shown and not paid; incomplete: the whole year, but a contracted month
 * of the clinic has no rows (or an export was wholly rejected) and nobody acknowledged it: shown
 * and not paid (issue 8).
 */
export type DeductionStatus = 'final' | 'provisional' | 'incomplete';

/** A clinic's line of the deduction report (avdragsrapport) for the period. */
export interface DeductionReport {
  fteMonths: Decimal;
  countedByType: Record<ContactType, number>;
  focusShare: Decimal | null;
  requirementFactor: Decimal;
  visitsRequired: Decimal;
  visitsCounted: Decimal;
  visitsShortfall: Decimal;
  visitDeductionRate: Decimal;
  visitDeduction: Decimal;
  uniquePatientsRequired: Decimal;
  uniquePatients: number;
  uniquePatientsShortfall: Decimal;
  uniquePatientDeductionRate: Decimal;
  uniquePatientDeduction: Decimal;
  totalDeduction: Decimal;
  status: DeductionStatus;
}

export interface ClinicResult {
  clinic: Clinic;
  payments: PaymentRow[];
  deduction: DeductionReport;
  steps: Step[];
  /** figure → parameter names it was computed from */
  dependsOn: Record<string, string[]>;
}

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

export function computePhysioClinic(clinic: Clinic, tally: ClinicTally, period: Period, p: ParamReader, ctx: ClinicContext = {}): ClinicResult {
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
  const ftes = yearMonths.map((m, i) => (policy === 'by_days' ? fteByDays(clinic, m) : contracts[i]?.fte ?? ZERO));
  const fteOf = (i: number): Decimal => ftes[i]!;
  // a month with a contract on some day has a payment row (by_days pays part of a month)
  const contracted = (i: number): boolean => contracts[i] !== undefined || !fteOf(i).isZero();
  const periodIdx = monthsOf(period).map((m) => yearMonths.indexOf(m));

  const fteMonths = sum(periodIdx.map(fteOf));
  step('fte_months', policy === 'by_days'
    ? 'FTE-months in the period (each month\'s FTE averaged over its days, from the clinic register; physio.month_fte_policy by_days)'
    : 'FTE-months in the period (FTE in force on the first day of each month, from the clinic register; physio.month_fte_policy first_day)',
    periodIdx.map((i) => `${yearMonths[i]}: ${q(fteOf(i))}`).join(' + '), q(fteMonths));

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
  step('visits_counted', 'counted contacts per type × weight (completed, by counted professions, residents of the home county)',
    CONTACT_TYPES.filter((t) => countedByType[t] > 0).map((t) => `${countedByType[t]} ${t} × ${weight(t).toString()}`).join(' + ') || '0',
    q(visitsCounted));

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
    step('focus_share', 'share of counted visits whose main diagnosis is in a focus group (physio.focus_diagnosis_groups)',
      `${q(focusVisits)} / ${q(visitsCounted)}`, formatShare(focusShare));
    const share = focusShare;
    const tiers = p.tiers('physio.requirement_tiers');
    const tier = [...tiers].reverse().find((t) => share.greaterThanOrEqualTo(t.minFocusShare)) ?? tiers[0]!;
    reqPerFte = tier.visitRequirementPerFte;
    tierRate = tier.visitDeductionPerVisit;
    step('requirement_tier', 'row of the requirement table (physio.requirement_tiers) for the focus share: the highest min_focus_share not above it',
      `${formatShare(share)} ≥ ${tier.minFocusShare.toString()}`, `${reqPerFte.toString()} visits/FTE, ${tierRate.toString()} kr/visit`, ['focus_share']);
  } else {
    reqPerFte = p.decimal('physio.visit_requirement_per_fte');
  }
  const visitsRequired = reqPerFte.times(fteMonths).dividedBy(TWELVE).times(factor);
  step('visits_required', 'visit requirement (prestationskrav, besök), pro-rated by FTE-months',
    `${reqPerFte.toString()} × ${q(fteMonths)} / 12${factor.equals(ONE) ? '' : ` × ${q(factor)}`}`, q(visitsRequired),
    ['fte_months', 'requirement_factor', 'requirement_tier']);
  const visitsShortfall = charged(maxZero(visitsRequired.minus(visitsCounted)));
  step('visits_shortfall', `visits below the requirement${shortfallNote()}`, `${shortfallFn}max(0, ${q(visitsRequired)} − ${q(visitsCounted)})${shortfallFn ? ')' : ''}`, q(visitsShortfall),
    ['visits_required', 'visits_counted']);
  const visitRate = tierRate ?? p.decimal('physio.visit_deduction_per_visit');
  const visitDeduction = roundMoney(visitsShortfall.times(visitRate));
  step('visit_deduction', 'deduction for missing visits', `${q(visitsShortfall)} × ${visitRate.toString()} kr`, kr(visitDeduction),
    ['visits_shortfall', 'requirement_tier']);

  // Unique patients.
  const upReqPerFte = p.decimal('physio.unique_patient_requirement_per_fte');
  const uniqueRequired = upReqPerFte.times(fteMonths).dividedBy(TWELVE).times(factor);
  step('unique_patients_required', 'unique-patient requirement, pro-rated by FTE-months',
    `${upReqPerFte.toString()} × ${q(fteMonths)} / 12${factor.equals(ONE) ? '' : ` × ${q(factor)}`}`, q(uniqueRequired),
    ['fte_months', 'requirement_factor']);
  const unique = tally.uniquePatients();
  step('unique_patients', 'distinct persons with at least one counted contact in the period', `${unique}${tally.uniqueReserve() ? ` (of which ${tally.uniqueReserve()} reserve ids)` : ''}`, String(unique), ['visits_counted']);
  const uniqueShortfall = charged(maxZero(uniqueRequired.minus(unique)));
  step('unique_patients_shortfall', `unique patients below the requirement${shortfallNote()}`, `${shortfallFn}max(0, ${q(uniqueRequired)} − ${unique})${shortfallFn ? ')' : ''}`, q(uniqueShortfall),
    ['unique_patients_required', 'unique_patients']);
  const upRate = p.decimal('physio.unique_patient_deduction_per_patient');
  const uniqueDeduction = roundMoney(uniqueShortfall.times(upRate));
  step('unique_patient_deduction', 'deduction for missing unique patients', `${q(uniqueShortfall)} × ${upRate.toString()} kr`, kr(uniqueDeduction),
    ['unique_patients_shortfall']);

  const totalDeduction = visitDeduction.plus(uniqueDeduction);
  const settlement = p.code('physio.deduction_settlement');
  const settlementMonth = SETTLEMENT_MONTH[settlement];
  if (settlementMonth === undefined) throw new Error(`physio.deduction_settlement '${settlement}' has no settlement month`);
  const status: DeductionStatus = !isWholeYear(period) ? 'provisional' : ctx.incomplete ? 'incomplete' : 'final';
  step('total_deduction', status === 'final'
    ? `total deduction; the period is the whole year, so it is final and paid with the activity of ${monthKey(period.year, settlementMonth)} (physio.deduction_settlement ${settlement})`
    : status === 'incomplete'
      ? 'total deduction; the input of the clinic is incomplete (a contracted month without rows, see completeness.csv), so it is not final and not paid'
      : 'total deduction; the period is not the whole year, so it is provisional and not paid',
  `${kr(visitDeduction)} + ${kr(uniqueDeduction)}`, kr(totalDeduction), ['visit_deduction', 'unique_patient_deduction']);

  // Monthly amounts, exact per month of the year, then spread with one rounding.
  const fixedPerFte = p.decimal('physio.fixed_compensation_per_fte');
  // per month the yearly numerator (rate × FTE); divided by 12 once, in the running total
  const inPeriod = (xs: readonly Decimal[]): Decimal => sum(periodIdx.map((i) => xs[i]!)).dividedBy(TWELVE);
  const fixedNum = yearMonths.map((_, i) => fixedPerFte.times(fteOf(i)));
  step('fixed_compensation', 'fixed compensation per FTE-month (1/12 of the yearly amount)', `${fixedPerFte.toString()} × FTE-months / 12`, kr(inPeriod(fixedNum)), ['fte_months']);

  const salApplies = p.codes('physio.sal_regi').includes(clinic.regi);
  const salPerFte = p.decimal('physio.sal_per_fte');
  const salNum = yearMonths.map((_, i) => (salApplies ? salPerFte.times(fteOf(i)) : ZERO));
  step('sal', `SAL per FTE-month${salApplies ? '' : ` (not paid to regi ${clinic.regi})`}`, salApplies ? `${salPerFte.toString()} × FTE-months / 12` : '0', kr(inPeriod(salNum)), ['fte_months']);

  const specPerYear = p.decimal('physio.specialist_compensation_per_year');
  const specNum = yearMonths.map((_, i) => specPerYear.times(contracts[i]?.specialists ?? ZERO));
  step('specialist_compensation', 'specialist compensation per approved specialist and month', `${specPerYear.toString()} × specialist-months / 12`, kr(inPeriod(specNum)));

  let addNum = yearMonths.map(() => ZERO);
  if (p.has('physio.additional_assignment_compensation')) {
    const perYear = p.decimal('physio.additional_assignment_compensation');
    addNum = yearMonths.map((_, i) => perYear.times(contracts[i]?.additionalAssignments ?? ZERO));
    step('additional_assignment_compensation', 'fixed compensation for additional assignments (tilläggsuppdrag)', `${perYear.toString()} × assignment-months / 12`, kr(inPeriod(addNum)));
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
  step('vat_compensation', `VAT compensation on gross compensation after deductions${vatApplies ? '' : ` (not paid to regi ${clinic.regi})`}`,
    vatApplies ? `${vatRate.toString()} × (fixed + SAL + specialist + additional − paid deductions)` : '0', kr(inPeriod(vatNum)),
    ['fixed_compensation', 'sal', 'specialist_compensation', 'additional_assignment_compensation', ...paidDeductions]);

  const fixed = spreadByRunningTotal(fixedNum);
  const sal = spreadByRunningTotal(salNum);
  const spec = spreadByRunningTotal(specNum);
  const add = spreadByRunningTotal(addNum);
  const vat = spreadByRunningTotal(vatNum);

  const payments: PaymentRow[] = [];
  for (const i of periodIdx) {
    const m = yearMonths[i]!;
    const fees = tally.feesOf(m);
    // a month outside the contract has no row, unless it has fees or settles the year's
    // deductions (a clinic that left in June still has its final deductions in December's row)
    if (!contracted(i) && fees.isZero() && deductionByMonth[i]!.isZero()) continue;
    const row = {
      activityMonth: m,
      paymentMonth: paymentMonth(m),
      fte: fteOf(i),
      fixedCompensation: fixed[i]!,
      specialistCompensation: spec[i]!,
      additionalAssignmentCompensation: add[i]!,
      sal: sal[i]!,
      vatCompensation: vat[i]!,
      patientFees: fees,
      deductions: deductionByMonth[i]!,
    };
    payments.push({
      ...row,
      netPayment: row.fixedCompensation.plus(row.specialistCompensation).plus(row.additionalAssignmentCompensation)
        .plus(row.sal).plus(row.vatCompensation).minus(row.patientFees).minus(row.deductions),
    });
  }
  const totalFees = sum(payments.map((r) => r.patientFees));
  // fees are an advance only for residents of the home county, and for the statuses and
  // professions the rules name (applied when the rows were read)
  p.code('physio.home_county');
  if (p.has('physio.fee_advance_statuses')) p.codes('physio.fee_advance_statuses');
  if (p.has('physio.fee_advance_professions')) p.codes('physio.fee_advance_professions');
  step('patient_fees', 'patient fees collected, an advance on the compensation (subtracted)', 'sum of fees of the clinic\'s in-county rows', kr(totalFees));
  const net = sum(payments.map((r) => r.netPayment));
  step('net_payment', 'net payment over the period', 'fixed + specialist + additional + SAL + VAT − patient fees − paid deductions', kr(net),
    ['fixed_compensation', 'sal', 'specialist_compensation', 'additional_assignment_compensation', 'vat_compensation', 'patient_fees', ...paidDeductions]);

  return {
    clinic,
    payments,
    deduction: {
      fteMonths,
      countedByType,
      focusShare,
      requirementFactor: factor,
      visitsRequired,
      visitsCounted,
      visitsShortfall,
      visitDeductionRate: visitRate,
      visitDeduction,
      uniquePatientsRequired: uniqueRequired,
      uniquePatients: unique,
      uniquePatientsShortfall: uniqueShortfall,
      uniquePatientDeductionRate: upRate,
      uniquePatientDeduction: uniqueDeduction,
      totalDeduction,
      status,
    },
    steps,
    dependsOn,
  };
}
