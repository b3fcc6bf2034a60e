import { payoutSummary, type PayoutResult } from '../../app/payout.js';
import { Decimal, ZERO, sum } from '../../model/decimal.js';
import { contractForMonth, monthKey } from '../../model/period.js';
import type { UnitResult } from '../../model/model.js';
import { CAPITATION_FIGURES } from '../../model/vardcentral.js';
import type { ExclusionReason, RejectReason } from '../../model/types.js';
import { assumedAmong } from '../../rules/load.js';
import { renderValue, type RuleSet } from '../../rules/ruleset.js';
import { deductionLines, displayPath, type PaymentLine } from '../report.js';
import { svQuantity } from './format.js';
import { COMPONENTS, VARDVAL, unitLabel } from './labels.js';

/**
 * The monthly report's data, built from one run's results. This module is the report's only
 * contact with the calculation: the renderer and the charts read this model and nothing else,
 * and no amount here is computed anew; amounts are the run's payment rows and deduction report,
 * totals are sums of them. (When the program has one view model of a run, this file is the one
 * that changes.)
 */
export interface ReportModel {
  tool: { name: string; version: string };
  paymentMonth: string;
  activityMonth: string;
  /** first and last activity month of the year to date */
  yearToDate: { from: string; to: string };
  settlesDeductions: boolean;
  strict: boolean;
  rules: { id: string; title: string; document: string; file: string; sha256: string };
  /** what a --scenario or --set changed: a report that is not the decided rules must say so */
  overrides: { name: string; value: string; previous: string; origin: string }[];
  /** the assumed parameters the amounts rest on */
  assumed: AssumedParam[];
  /** per vårdval, then the Region */
  totals: TotalsRow[];
  region: TotalsRow;
  units: Unit[];
  /** units paid earlier in the year but not this month (a contract that ended) */
  notPaidThisMonth: { id: string; name: string; yearToDate: Decimal }[];
  completeness: Completeness;
}

export interface AssumedParam {
  name: string;
  value: string;
  unit: string;
  source: string;
  /** a share (VAT rate): shown as a percentage */
  isShare: boolean;
}

export interface TotalsRow {
  label: string;
  clinics: number;
  month: Decimal;
  /** the previous activity month, when its data was given and it is in the same rule year */
  previous: Decimal | null;
  /** this month − the previous (the Region's is payout's summary figure) */
  change: Decimal | null;
  yearToDate: Decimal;
  negativeUnits: number;
}

interface Component {
  key: string;
  label: string;
  basis: string;
  /** the rate's parameter (value and unit are looked up by the renderer in `assumed` or `rates`) */
  rate: Rate | null;
  /** as paid: a positive amount adds to the payment, a subtracted one (fees, deductions) is negative */
  amount: Decimal;
}

export interface Rate {
  param: string;
  value: Decimal;
  unit: string;
  isShare: boolean;
  assumed: boolean;
}

export interface Requirement {
  label: string;
  counted: Decimal;
  /** the requirement of the period so far (pro-rated by FTE-months, as the deduction is) */
  required: Decimal;
  shortfall: Decimal;
  /** per FTE as seed 000's chart has it: counted ÷ the average FTE of the months so far */
  perFte: Decimal | null;
  /** the period's requirement on the same scale (the year's requirement × months so far / 12) */
  requiredPerFte: Decimal | null;
  /** the year's requirement per FTE (1 200 visits, 280 unique patients; a tier or first-year factor changes it) */
  yearRequiredPerFte: Decimal | null;
  rate: Decimal;
  deduction: Decimal;
}

export interface Unit {
  id: string;
  name: string;
  regi: string;
  municipality: string;
  vardval: string;
  fte: Decimal;
  components: Component[];
  net: Decimal;
  previous: Decimal | null;
  change: Decimal | null;
  yearToDate: Decimal;
  /** physiotherapy: progress against the requirements over the year to date */
  requirements: { fteMonths: Decimal; status: UnitResult['status']; items: Requirement[]; totalDeduction: Decimal } | null;
  /** vårdcentral: the listing and the capitation of the month, and of the previous month when it can be compared */
  listing: Listing | null;
  /** assumed parameters behind this unit's amounts and requirement figures */
  assumed: string[];
}

interface Listing {
  /** persons listed in the snapshot of the activity month's last day */
  listed: Decimal;
  /** the capitation of the month (CAPITATION_FIGURES: age/sex, and in 2025 the components folded into it in 2026) */
  capitation: Decimal;
  /** null when the previous month cannot be compared (Completeness.previousMissing); zero for a unit not paid then */
  previousListed: Decimal | null;
  previousCapitation: Decimal | null;
  listedChange: Decimal | null;
  capitationChange: Decimal | null;
}

interface Completeness {
  monthsWithoutData: string[];
  /** months of the year to date without a listing snapshot, when the run reads listings: no capitation for them */
  monthsWithoutListing: string[];
  /** vårdcentral units of the register not computed: the inputs have no listing snapshot at all */
  vardcentralUnitsWithoutListing: number;
  /** the previous month could not be compared: why */
  previousMissing: string | null;
  previousMonth: string;
  rowsRead: number;
  counted: number;
  excluded: [ExclusionReason, number][];
  rejected: [RejectReason, number][];
  files: { file: string; profile: string; encoding: string; rowsRead: number; counted: number; excluded: number; rejected: number }[];
  /** the completeness check of the run (contracted clinic-months of the year to date) */
  missing: { clinicId: string; clinicName: string; month: string }[];
  acknowledged: { clinicId: string; clinicName: string; month: string; reason: string }[];
  unknownClinics: { clinicId: string; rows: number }[];
  skippedFiles: { file: string; reason: string }[];
}

const count = (rec: Partial<Record<string, number>>): number => Object.values(rec).reduce((s: number, n) => s + (n ?? 0), 0);
const entries = <K extends string>(rec: Partial<Record<K, number>>): [K, number][] =>
  (Object.entries(rec) as [K, number][]).sort(([a], [b]) => a.localeCompare(b));

function rateOf(rules: RuleSet, name: string): Rate | null {
  const p = rules.params.get(name);
  if (!p || !(p.value instanceof Decimal)) return null;
  return { param: name, value: p.value, unit: p.unit, isShare: p.unit === 'share', assumed: p.status === 'assumed' };
}

/** The month's payment of one unit, component by component, with basis and rate. */
function componentsOf(rules: RuleSet, l: PaymentLine): Component[] {
  if (l.r.vardval !== 'fysioterapi') return componentsFromLines(rules, l);
  const { r } = l;
  const v = l.p.values;
  const p = {
    activityMonth: l.p.activityMonth,
    fte: v.fte ?? ZERO,
    fixedCompensation: v.fixed_compensation ?? ZERO,
    sal: v.sal ?? ZERO,
    specialistCompensation: v.specialist_compensation ?? ZERO,
    additionalAssignmentCompensation: v.additional_assignment_compensation ?? ZERO,
    vatCompensation: v.vat_compensation ?? ZERO,
    patientFees: v.patient_fees ?? ZERO,
    deductions: v.deductions ?? ZERO,
  };
  const contract = contractForMonth(r.clinic, p.activityMonth);
  const paysTo = (param: string): boolean => {
    const v = rules.params.get(param)?.value;
    return Array.isArray(v) && (v as string[]).includes(r.clinic.regi);
  };
  const fte = svQuantity(p.fte, 4);
  const perMonth = '1/12 av årsbeloppet';
  const out: Component[] = [
    {
      key: 'fixed',
      label: 'Fast ersättning med prestationskrav',
      basis: `${fte} heltidsresurser, ${perMonth}`,
      rate: rateOf(rules, 'physio.fixed_compensation_per_fte'),
      amount: p.fixedCompensation,
    },
    paysTo('physio.sal_regi')
      ? {
          key: 'sal',
          label: 'SAL (service-, administrations- och lokaltillägg)',
          basis: `${fte} heltidsresurser, ${perMonth}`,
          rate: rateOf(rules, 'physio.sal_per_fte'),
          amount: p.sal,
        }
      : { key: 'sal', label: 'SAL (service-, administrations- och lokaltillägg)', basis: 'betalas inte till egen regi', rate: null, amount: p.sal },
    {
      key: 'specialist',
      label: 'Ersättning för specialistfysioterapeuter',
      basis: `${svQuantity(contract?.specialists ?? ZERO, 4)} godkända specialister, ${perMonth}`,
      rate: rateOf(rules, 'physio.specialist_compensation_per_year'),
      amount: p.specialistCompensation,
    },
  ];
  if (rules.params.has('physio.additional_assignment_compensation') || !p.additionalAssignmentCompensation.isZero())
    out.push({
      key: 'additional',
      label: 'Tilläggsuppdrag',
      basis: `${svQuantity(contract?.additionalAssignments ?? ZERO, 4)} uppdrag, ${perMonth}`,
      rate: rateOf(rules, 'physio.additional_assignment_compensation'),
      amount: p.additionalAssignmentCompensation,
    });
  out.push(
    paysTo('physio.vat_compensation_regi')
      ? {
          key: 'vat',
          label: 'Kompensation för ej avdragsgill moms',
          basis: 'på ersättningarna ovan efter avdrag (öresutjämnat över året)',
          rate: rateOf(rules, 'physio.vat_compensation_rate'),
          amount: p.vatCompensation,
        }
      : { key: 'vat', label: 'Kompensation för ej avdragsgill moms', basis: 'betalas inte till egen regi', rate: null, amount: p.vatCompensation },
  );
  out.push({
    key: 'fees',
    label: 'Patientavgifter (förskott på ersättningen, avräknas)',
    basis: 'avgifter som enheten tagit ut av patienter folkbokförda i länet',
    rate: null,
    amount: p.patientFees.negated(),
  });
  if (!p.deductions.isZero() || l.r.status === 'final') {
    const d = r.period;
    out.push({
      key: 'deductions',
      label: 'Avdrag för ej uppfyllt prestationskrav (helår)',
      basis: `${svQuantity(d.visits_shortfall ?? ZERO, 2)} besök och ${svQuantity(d.unique_patients_shortfall ?? ZERO, 2)} unika patienter under kravet`,
      rate: null,
      amount: p.deductions.negated(),
    });
  }
  return out;
}

/**
 * Any other vårdval: the month's payment lines of the run, as they are (component, basis, rate,
 * amount): the report computes nothing anew.
 */
function componentsFromLines(rules: RuleSet, l: PaymentLine): Component[] {
  const param = (component: string): string | undefined =>
    (
      ({
        age_sex_capitation: 'vardcentral.compensation_per_age_point',
        cni_compensation: 'vardcentral.compensation_per_cni_point',
        start_grant: 'vardcentral.start_grant_per_month',
        sal: 'vardcentral.sal_per_age_point',
        vat_compensation: 'vardcentral.vat_compensation_rate',
        nara_vard_compensation: 'vardcentral.nara_vard_compensation_per_listed',
        coordinating_nurse_compensation: 'vardcentral.coordinating_nurse_compensation_per_listed',
        drug_compensation: 'vardcentral.drug_compensation_per_age_point',
        kommunmottagna_compensation: 'vardcentral.kommunmottagna_compensation_per_person',
      }) as Record<string, string>
    )[component];
  return l.r.lines
    .filter((x) => x.activityMonth === l.p.activityMonth)
    .map((x): Component => {
      const name = param(x.component);
      const rate: Rate | null = name
        ? rateOf(rules, name)
        : x.rate
          ? { param: x.component, value: x.rate, unit: x.rateUnit, isShare: x.rateUnit === 'share', assumed: true }
          : null;
      return {
        key: x.code ? `${x.component}:${x.code}` : x.component,
        label: `${COMPONENTS[x.component] ?? x.component}${x.code ? ` (${x.code})` : ''}`,
        basis:
          x.basis === null
            ? ''
            : `${x.basisUnit.startsWith('month of') ? `månad ${svQuantity(x.basis, 0)}` : `${svQuantity(x.basis, 4)} `}${unitLabel(x.basisUnit)}${x.rateUnit.endsWith('/year') ? ', 1/12 av årsbeloppet' : ''}`,
        rate,
        amount: x.amount,
      };
    });
}

/** A vårdcentral's month as the charts show it: its payment row's figures, the capitation their sum. */
function listingOf(values: Record<string, Decimal>, previous: Record<string, Decimal> | null): Listing {
  const capitation = (v: Record<string, Decimal>): Decimal => sum(CAPITATION_FIGURES.map((f) => v[f] ?? ZERO));
  const listed = values.listed_persons ?? ZERO;
  const previousListed = previous === null ? null : (previous.listed_persons ?? ZERO);
  const previousCapitation = previous === null ? null : capitation(previous);
  return {
    listed,
    capitation: capitation(values),
    previousListed,
    previousCapitation,
    listedChange: previousListed === null ? null : listed.minus(previousListed),
    capitationChange: previousCapitation === null ? null : capitation(values).minus(previousCapitation),
  };
}

function requirementsOf(r: UnitResult, months: number): Unit['requirements'] {
  const v = (name: string): Decimal => r.period[name] ?? ZERO;
  const d = {
    fteMonths: v('fte_months'),
    status: r.status,
    totalDeduction: v('total_deduction'),
    visitsCounted: v('visits_counted'),
    visitsRequired: v('visits_required'),
    visitsShortfall: v('visits_shortfall'),
    visitDeductionRate: v('visit_deduction_rate'),
    visitDeduction: v('visit_deduction'),
    uniquePatients: v('unique_patients'),
    uniquePatientsRequired: v('unique_patients_required'),
    uniquePatientsShortfall: v('unique_patients_shortfall'),
    uniquePatientDeductionRate: v('unique_patient_deduction_rate'),
    uniquePatientDeduction: v('unique_patient_deduction'),
  };
  // ÷ average FTE of the months so far = × months ÷ FTE-months
  const perFte = (x: Decimal): Decimal | null => (d.fteMonths.isZero() ? null : x.times(months).dividedBy(d.fteMonths));
  const perFteYear = (x: Decimal): Decimal | null => (d.fteMonths.isZero() ? null : x.times(12).dividedBy(d.fteMonths));
  return {
    fteMonths: d.fteMonths,
    status: d.status,
    totalDeduction: d.totalDeduction,
    items: [
      {
        label: 'Besök',
        counted: d.visitsCounted,
        required: d.visitsRequired,
        shortfall: d.visitsShortfall,
        perFte: perFte(d.visitsCounted),
        requiredPerFte: perFte(d.visitsRequired),
        yearRequiredPerFte: perFteYear(d.visitsRequired),
        rate: d.visitDeductionRate,
        deduction: d.visitDeduction,
      },
      {
        label: 'Unika patienter',
        counted: new Decimal(d.uniquePatients),
        required: d.uniquePatientsRequired,
        shortfall: d.uniquePatientsShortfall,
        perFte: perFte(new Decimal(d.uniquePatients)),
        requiredPerFte: perFte(d.uniquePatientsRequired),
        yearRequiredPerFte: perFteYear(d.uniquePatientsRequired),
        rate: d.uniquePatientDeductionRate,
        deduction: d.uniquePatientDeduction,
      },
    ],
  };
}

function paramOf(rules: RuleSet, name: string): AssumedParam {
  const p = rules.params.get(name)!;
  // a code list reads as a list: "completed, no_show"
  const value = Array.isArray(p.value) && p.value.every((v) => typeof v === 'string') ? (p.value as string[]).join(', ') : renderValue(p.value);
  return { name, value, unit: p.unit, source: p.source, isShare: p.unit === 'share' };
}

export interface ReportRun {
  payout: PayoutResult;
  strict: boolean;
  tool: { name: string; version: string };
}

/** Builds the report's data from a payout run over the year to date (`runPayout(…, 'year-to-date')`). */
export function buildReportModel(run: ReportRun): ReportModel {
  const { payout } = run;
  const { calc, months } = payout;
  const { rules } = calc;
  const summary = payoutSummary(payout);
  const previous = 'missing' in summary.previous ? null : summary.previous;
  const ytdLines = calc.clinics.flatMap((r) => r.months.filter((p) => p.activityMonth <= months.activityMonth).map((p) => ({ r, p })));
  const ytdOf = (id: string): Decimal => sum(ytdLines.filter((x) => x.r.clinic.id === id).map((x) => x.p.values.net_payment!));
  const prevLines = 'lines' in payout.previous ? payout.previous.lines : [];
  const deductionAssumed = new Map(deductionLines(calc).map((d) => [d.r.clinic.id, d.assumed]));
  const split = (s: string | undefined): string[] => (s ? s.split(' ') : []);

  const units: Unit[] = payout.lines.map((l) => {
    const prev = prevLines.find((x) => x.r.clinic.id === l.r.clinic.id);
    const previousNet = previous ? (prev?.p.values.net_payment ?? ZERO) : null;
    return {
      id: l.r.clinic.id,
      name: l.r.clinic.name,
      regi: l.r.clinic.regi,
      municipality: l.r.clinic.municipality,
      vardval: l.r.clinic.vardval,
      fte: l.p.values.fte ?? ZERO,
      components: componentsOf(rules, l),
      net: l.p.values.net_payment!,
      previous: previousNet,
      change: previousNet === null ? null : l.p.values.net_payment!.minus(previousNet),
      yearToDate: ytdOf(l.r.clinic.id),
      listing: l.r.vardval === 'vardcentral' ? listingOf(l.p.values, previous ? (prev?.p.values ?? {}) : null) : null,
      requirements: l.r.clinic.vardval === 'fysioterapi' ? requirementsOf(l.r, calc.period.toMonth - calc.period.fromMonth + 1) : null,
      assumed: assumedAmong(rules, [...split(l.assumed), ...split(deductionAssumed.get(l.r.clinic.id))]),
    };
  });

  const paidIds = new Set(units.map((u) => u.id));
  const notPaidThisMonth = [...new Set(ytdLines.map((x) => x.r.clinic.id))]
    .filter((id) => !paidIds.has(id))
    .map((id) => {
      const r = calc.clinics.find((c) => c.clinic.id === id)!;
      return { id, name: r.clinic.name, yearToDate: ytdOf(id) };
    });

  const totalsOf = (label: string, vardval: string | null): TotalsRow => {
    const us = units.filter((u) => vardval === null || u.vardval === vardval);
    const ytd = ytdLines.filter((x) => vardval === null || x.r.clinic.vardval === vardval);
    const prev = prevLines.filter((x) => vardval === null || x.r.clinic.vardval === vardval);
    const month = sum(us.map((u) => u.net));
    const before = previous ? sum(prev.map((x) => x.p.values.net_payment!)) : null;
    return {
      label,
      clinics: us.length,
      month,
      previous: before,
      // the Region's change is the payout summary's (stderr, JSON); a vårdval's is its share of it
      change: previous && vardval === null ? previous.change : before === null ? null : month.minus(before),
      yearToDate: sum(ytd.map((x) => x.p.values.net_payment!)),
      negativeUnits: us.filter((u) => u.net.isNegative()).length,
    };
  };
  const vardvals = [...new Set(calc.clinics.map((r) => r.clinic.vardval))].sort();

  const assumedNames = assumedAmong(
    rules,
    units.flatMap((u) => u.assumed),
  );
  const period = calc.period;
  return {
    tool: run.tool,
    paymentMonth: months.paymentMonth,
    activityMonth: months.activityMonth,
    yearToDate: { from: monthKey(period.year, 1), to: months.activityMonth },
    settlesDeductions: payout.settlesDeductions,
    strict: run.strict,
    rules: { id: rules.id, title: rules.title, document: rules.document, file: displayPath(rules.file), sha256: rules.sha256 },
    overrides: rules.overrides.map((o) => ({
      name: o.name,
      value: o.raw,
      previous: o.previous,
      origin: o.origin.kind === 'scenario' && o.origin.file ? `scenario ${displayPath(o.origin.file)}` : '--set',
    })),
    assumed: assumedNames.map((n) => paramOf(rules, n)),
    totals: vardvals.map((v) => totalsOf(VARDVAL[v] ?? v, v)),
    region: totalsOf('Region Värmland', null),
    units,
    notPaidThisMonth,
    completeness: {
      monthsWithoutData: calc.monthsWithoutData,
      monthsWithoutListing: calc.monthsWithoutListing,
      vardcentralUnitsWithoutListing: calc.vardcentralUnitsWithoutListing,
      previousMissing: 'missing' in payout.previous ? payout.previous.missing : null,
      previousMonth: payout.previous.activityMonth,
      rowsRead: calc.total.rowsRead,
      counted: calc.total.counted,
      excluded: entries(calc.total.excluded),
      rejected: entries(calc.total.rejected),
      files: calc.files.map((f) => ({
        file: f.file,
        profile: f.profile,
        encoding: f.encoding,
        rowsRead: f.rowsRead,
        counted: f.counted,
        excluded: count(f.excluded),
        rejected: count(f.rejected),
      })),
      missing: calc.completeness.missing.map((c) => ({ clinicId: c.clinicId, clinicName: c.clinicName, month: c.month })),
      acknowledged: calc.completeness.acknowledged.map((c) => ({ clinicId: c.clinicId, clinicName: c.clinicName, month: c.month, reason: c.reason })),
      unknownClinics: calc.completeness.unknownClinics,
      skippedFiles: calc.completeness.skippedFiles,
    },
  };
}
