import type { ParamReader } from '../rules/ruleset.js';
import { Decimal, TWELVE, ZERO, formatQuantity, roundMoney, sum } from './decimal.js';
import { MAX_AGE, type Adjustment, type CniPeriod, type DrugCost, type ListingTally, type SnapshotCounts } from './listing.js';
import type { FigureSpec, Model, MonthAmounts, PaymentLineItem, RunInputs, Step, UnitResult } from './model.js';
import { monthsOf, paymentMonth } from './period.js';
import type { Clinic, Period } from './types.js';

/**
 * The figures of the vårdcentral model (VARDCENTRAL.md §3), in column order. The pre-2026
 * components (Nära vård, coordinating nurse, drug compensation on points, kommunmottagna) are
 * computed only when the year's rules have their parameters (2025).
 */
export const VARDCENTRAL_FIGURES: readonly FigureSpec[] = [
  { name: 'listed_persons', kind: 'quantity', scope: 'month', sign: 0, description: "persons listed at the unit in the month's snapshot" },
  { name: 'age_points', kind: 'quantity', scope: 'month', sign: 0, description: 'Σ listed persons × age/sex weight (ålderspoäng)' },
  { name: 'cni_points', kind: 'quantity', scope: 'month', sign: 0, description: 'listed persons × (CNI index − threshold)' },
  { name: 'age_sex_capitation', kind: 'money', scope: 'month', sign: 1, compared: true, description: 'age/sex capitation: age points × kronor per point / 12' },
  { name: 'nara_vard_compensation', kind: 'money', scope: 'month', sign: 1, description: 'Nära vård compensation per listed person (pre-2026)' },
  {
    name: 'coordinating_nurse_compensation',
    kind: 'money',
    scope: 'month',
    sign: 1,
    description: 'coordinating-nurse compensation per listed person (pre-2026)',
  },
  { name: 'drug_compensation', kind: 'money', scope: 'month', sign: 1, description: 'drug compensation on age points (pre-2026)' },
  {
    name: 'cni_compensation',
    kind: 'money',
    scope: 'month',
    sign: 1,
    compared: true,
    description: 'socioeconomic compensation: CNI points × kronor per point / 12',
  },
  {
    name: 'kommunmottagna_compensation',
    kind: 'money',
    scope: 'month',
    sign: 1,
    description: 'compensation per person received by the municipality (pre-2026)',
  },
  {
    name: 'geography_compensation',
    kind: 'money',
    scope: 'month',
    sign: 1,
    compared: true,
    description: 'geography compensation per listed person by municipality / 12',
  },
  { name: 'start_grant', kind: 'money', scope: 'month', sign: 1, compared: true, description: 'start grant of a new vårdcentral in its first months' },
  {
    name: 'requisition_drugs',
    kind: 'money',
    scope: 'month',
    sign: 1,
    compared: true,
    description: 'requisition drugs of the groups the rules name, reimbursed at cost',
  },
  {
    name: 'adjustments',
    kind: 'money',
    scope: 'month',
    sign: 1,
    compared: true,
    description: 'adjustments decided outside the tool (ST, SÄBO, jour, asylum, goal compensation, quality deductions), with their codes',
  },
  { name: 'sal', kind: 'money', scope: 'month', sign: 1, compared: true, description: 'SAL on the age points, private units' },
  {
    name: 'vat_compensation',
    kind: 'money',
    scope: 'month',
    sign: 1,
    compared: true,
    description: 'VAT compensation on the components the rules name, private units',
  },
  { name: 'net_payment', kind: 'money', scope: 'month', sign: 0, compared: true, description: 'net payment of the month' },
];

/** The unit's inputs of a run, by kind. */
interface UnitInputs {
  listing: ListingTally | undefined;
  cni: readonly CniPeriod[];
  drugs: readonly DrugCost[];
  adjustments: readonly Adjustment[];
}

function unitInputs(inputs: RunInputs, id: string): UnitInputs {
  const get = <T>(kind: Parameters<RunInputs['byKind']['get']>[0]): T | undefined => inputs.byKind.get(kind)?.get(id) as T | undefined;
  return {
    listing: get<ListingTally>('listing'),
    cni: get<CniPeriod[]>('cni') ?? [],
    drugs: get<DrugCost[]>('requisition_drugs') ?? [],
    adjustments: get<Adjustment[]>('adjustments') ?? [],
  };
}

const q = (d: Decimal): string => formatQuantity(d, 4);
const kr = (d: Decimal): string => roundMoney(d).toFixed(2);

/** The month number of `month` counted from the establishment month (= 1). */
function monthOfOperation(established: string, month: string): number {
  const n = (s: string): number => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
  return n(month) - n(established.slice(0, 7)) + 1;
}

/** A weight band with the unit's persons in it. */
interface BandCount {
  sex: 'female' | 'male';
  ageFrom: number;
  ageTo: number | null;
  weight: Decimal;
  persons: number;
  points: Decimal;
}

/**
 * The vårdcentral model for one unit: per activity month, the listing snapshot of the month's
 * last day gives the capitation, CNI and geography; the start grant, requisition drugs and
 * adjustments are added; SAL and VAT for private units. Each component of a month is computed
 * exactly and rounded once to öre; the net is the sum of the rounded components. No I/O.
 */
export function computeVardcentralUnit(clinic: Clinic, inputs: RunInputs, period: Period, p: ParamReader): UnitResult {
  const u = unitInputs(inputs, clinic.id);
  const steps: Step[] = [];
  const dependsOn: Record<string, string[]> = {};
  const warnings: string[] = [];
  const step = (figure: string, description: string, formula: string, value: string, fromFigures: string[] = []): void => {
    const params = p.take();
    steps.push({ figure, description, formula, value, params });
    dependsOn[figure] = [...new Set([...(dependsOn[figure] ?? []), ...params, ...fromFigures.flatMap((f) => dependsOn[f] ?? [])])].sort();
  };
  p.take();

  const weights = p.ageWeights('vardcentral.age_point_weights');
  const perPoint = p.decimal('vardcentral.compensation_per_age_point');
  const perCni = p.decimal('vardcentral.compensation_per_cni_point');
  const threshold = p.has('vardcentral.cni_threshold') ? p.decimal('vardcentral.cni_threshold') : ZERO;
  const geoRates = p.named('vardcentral.geography_compensation_per_listed');
  const minKm = p.has('vardcentral.geography_min_distance_km') ? p.named('vardcentral.geography_min_distance_km').get(clinic.municipality) : undefined;
  const grantPerMonth = p.has('vardcentral.start_grant_per_month') ? p.decimal('vardcentral.start_grant_per_month') : null;
  const grantMonths = p.has('vardcentral.start_grant_months') ? p.decimal('vardcentral.start_grant_months') : ZERO;
  const drugPerPoint = p.has('vardcentral.drug_compensation_per_age_point') ? p.decimal('vardcentral.drug_compensation_per_age_point') : null;
  const naraPerListed = p.has('vardcentral.nara_vard_compensation_per_listed') ? p.decimal('vardcentral.nara_vard_compensation_per_listed') : null;
  const nursePerListed = p.has('vardcentral.coordinating_nurse_compensation_per_listed')
    ? p.decimal('vardcentral.coordinating_nurse_compensation_per_listed')
    : null;
  const kommunPerPerson = p.has('vardcentral.kommunmottagna_compensation_per_person') ? p.decimal('vardcentral.kommunmottagna_compensation_per_person') : null;
  const salApplies = p.codes('vardcentral.sal_regi').includes(clinic.regi);
  const salPerPoint = p.decimal('vardcentral.sal_per_age_point');
  const vatApplies = p.codes('vardcentral.vat_compensation_regi').includes(clinic.regi);
  const vatRate = p.decimal('vardcentral.vat_compensation_rate');
  const vatComponents = new Set(p.codes('vardcentral.vat_components'));
  p.take(); // each step below names the parameters it uses again, so its figure depends on exactly them

  const months: MonthAmounts[] = [];
  const lines: PaymentLineItem[] = [];
  const listingDetail: Record<string, unknown>[] = [];

  for (const m of monthsOf(period)) {
    const snap: SnapshotCounts | undefined = u.listing?.get(m);
    const drugs = u.drugs.filter((d) => d.month === m);
    const adjustments = u.adjustments.filter((a) => paymentMonth(m) === a.paymentMonth);
    if (!inputs.listingMonths.has(m) && drugs.length === 0 && adjustments.length === 0) continue;
    const pm = paymentMonth(m);
    const values: Record<string, Decimal> = {};
    const exact: Record<string, Decimal> = {};
    const line = (
      component: string,
      basis: Decimal | null,
      basisUnit: string,
      rate: Decimal | null,
      rateUnit: string,
      amount: Decimal,
      code = '',
      figures: string[] = [component],
    ): void => {
      lines.push({ activityMonth: m, paymentMonth: pm, component, code, basis, basisUnit, rate, rateUnit, amount, figures });
    };
    /** A component of the month: exact amount, rounded once; a line when it applies. */
    const component = (name: string, amount: Decimal, basis: Decimal | null, basisUnit: string, rate: Decimal | null, rateUnit: string): void => {
      exact[name] = amount;
      values[name] = roundMoney(amount);
      line(name, basis, basisUnit, rate, rateUnit, values[name]!);
    };

    const snapshotDate = snap?.snapshotDate ?? `${m}-last day`;
    const listed = new Decimal(snap?.total ?? 0);
    values.listed_persons = listed;
    if (!snap && inputs.listingMonths.has(m)) warnings.push(`${m}: nobody listed at the unit in the month's snapshot`);
    p.code('vardcentral.listing_snapshot');
    p.code('vardcentral.home_county');
    step(
      'listed_persons',
      `${m}: persons listed at the unit in the snapshot of the month's last day, paid in ${pm} under the rules of ${m.slice(0, 4)} (residents of county ${p.code('vardcentral.home_county')} only)`,
      snap ? `snapshot ${snap.snapshotDate}` : inputs.listingMonths.has(m) ? "nobody listed in the month's snapshot" : 'no snapshot of the month in the inputs',
      listed.toString(),
    );

    // age points: Σ persons × weight, per band of the weight table
    const bands: BandCount[] = weights.rows.map((r) => {
      let persons = 0;
      if (snap) for (let a = r.ageFrom; a <= (r.ageTo ?? MAX_AGE); a++) persons += snap.count(r.sex, a);
      return { sex: r.sex, ageFrom: r.ageFrom, ageTo: r.ageTo, weight: r.weight, persons, points: r.weight.times(persons) };
    });
    const points = sum(bands.map((b) => b.points));
    values.age_points = points;
    p.ageWeights('vardcentral.age_point_weights');
    step(
      'age_points',
      `${m}: age points of the ${listed.toString()} persons listed on ${snapshotDate} (age in whole years on that day; sex and birth date from the identity number)`,
      bands
        .filter((b) => b.persons > 0)
        .map((b) => `${b.sex} ${b.ageFrom}–${b.ageTo ?? ''}: ${b.persons} × ${b.weight.toString()}`)
        .join(' + ') || '0',
      q(points),
      ['listed_persons'],
    );

    if (inputs.listingMonths.has(m)) {
      p.decimal('vardcentral.compensation_per_age_point');
      component('age_sex_capitation', points.times(perPoint).dividedBy(TWELVE), points, 'age points', perPoint, 'SEK/point/year');
      step('age_sex_capitation', `${m}: age/sex capitation`, `${q(points)} points × ${perPoint.toString()} kr / 12`, kr(values.age_sex_capitation!), [
        'age_points',
      ]);

      if (naraPerListed) {
        p.decimal('vardcentral.nara_vard_compensation_per_listed');
        component('nara_vard_compensation', listed.times(naraPerListed).dividedBy(TWELVE), listed, 'listed persons', naraPerListed, 'SEK/listed/year');
        step(
          'nara_vard_compensation',
          `${m}: Nära vård compensation (pre-2026)`,
          `${listed.toString()} × ${naraPerListed.toString()} kr / 12`,
          kr(values.nara_vard_compensation!),
        );
      }
      if (nursePerListed) {
        p.decimal('vardcentral.coordinating_nurse_compensation_per_listed');
        component(
          'coordinating_nurse_compensation',
          listed.times(nursePerListed).dividedBy(TWELVE),
          listed,
          'listed persons',
          nursePerListed,
          'SEK/listed/year',
        );
        step(
          'coordinating_nurse_compensation',
          `${m}: coordinating-nurse compensation (pre-2026)`,
          `${listed.toString()} × ${nursePerListed.toString()} kr / 12`,
          kr(values.coordinating_nurse_compensation!),
        );
      }
      if (drugPerPoint) {
        p.decimal('vardcentral.drug_compensation_per_age_point');
        component('drug_compensation', points.times(drugPerPoint).dividedBy(TWELVE), points, 'age points', drugPerPoint, 'SEK/point/year');
        step(
          'drug_compensation',
          `${m}: drug compensation on age points (pre-2026)`,
          `${q(points)} × ${drugPerPoint.toString()} kr / 12`,
          kr(values.drug_compensation!),
          ['age_points'],
        );
      }

      // CNI: the index valid on the snapshot date
      const date = snap?.snapshotDate ?? lastDay(m);
      const cni = u.cni.find((c) => c.validFrom <= date && (c.validTo === null || date <= c.validTo));
      if (!cni && listed.greaterThan(0)) warnings.push(`${m}: no CNI index of the unit valid on ${date}: no CNI compensation`);
      const index = cni?.cni ?? ZERO;
      const above = Decimal.max(ZERO, index.minus(threshold));
      const cniPoints = listed.times(above);
      values.cni_points = cniPoints;
      if (p.has('vardcentral.cni_threshold')) p.decimal('vardcentral.cni_threshold');
      step(
        'cni_points',
        `${m}: CNI points = listed persons × (CNI index valid on ${date} − threshold)`,
        cni ? `${listed.toString()} × (${index.toString()} − ${threshold.toString()})` : `no CNI index valid on ${date}: 0`,
        q(cniPoints),
        ['listed_persons'],
      );
      p.decimal('vardcentral.compensation_per_cni_point');
      component('cni_compensation', cniPoints.times(perCni).dividedBy(TWELVE), cniPoints, 'CNI points', perCni, 'SEK/point/year');
      step('cni_compensation', `${m}: socioeconomic compensation`, `${q(cniPoints)} CNI points × ${perCni.toString()} kr / 12`, kr(values.cni_compensation!), [
        'cni_points',
      ]);

      if (kommunPerPerson) {
        const persons = cni?.kommunmottagna ?? ZERO;
        p.decimal('vardcentral.kommunmottagna_compensation_per_person');
        component(
          'kommunmottagna_compensation',
          persons.times(kommunPerPerson).dividedBy(TWELVE),
          persons,
          'persons received by the municipality',
          kommunPerPerson,
          'SEK/person/year',
        );
        step(
          'kommunmottagna_compensation',
          `${m}: kommunmottagna (pre-2026; CNI table column)`,
          `${persons.toString()} × ${kommunPerPerson.toString()} kr / 12`,
          kr(values.kommunmottagna_compensation!),
        );
      }

      // geography: by municipality; where a minimum distance applies (Torsby), only far enough from the town
      const geoRate = geoRates.get(clinic.municipality);
      if (p.has('vardcentral.geography_min_distance_km')) p.named('vardcentral.geography_min_distance_km');
      p.named('vardcentral.geography_compensation_per_listed');
      let why: string;
      let rate = ZERO;
      if (!geoRate) why = `${clinic.municipality || '(no municipality)'} has no geography compensation`;
      else if (minKm !== undefined && clinic.kmFromTown === null) {
        why = `${clinic.municipality}: only a unit at least ${minKm.toString()} km from the town gets it, and the register gives no km_from_town`;
        warnings.push(`no km_from_town in the register: no geography compensation in ${clinic.municipality}`);
      } else if (minKm !== undefined && clinic.kmFromTown!.lessThan(minKm))
        why = `${clinic.municipality}: ${clinic.kmFromTown!.toString()} km from the town, below ${minKm.toString()} km`;
      else {
        rate = geoRate;
        why = `${clinic.municipality}${minKm !== undefined ? ` (${clinic.kmFromTown!.toString()} km ≥ ${minKm.toString()} km)` : ''}: ${listed.toString()} × ${geoRate.toString()} kr / 12`;
      }
      exact.geography_compensation = listed.times(rate).dividedBy(TWELVE);
      values.geography_compensation = roundMoney(exact.geography_compensation);
      if (!rate.isZero()) line('geography_compensation', listed, 'listed persons', rate, 'SEK/listed/year', values.geography_compensation);
      step('geography_compensation', `${m}: geography compensation per listed person`, why, kr(values.geography_compensation), ['listed_persons']);

      if (salApplies) {
        p.codes('vardcentral.sal_regi');
        p.decimal('vardcentral.sal_per_age_point');
        component('sal', points.times(salPerPoint).dividedBy(TWELVE), points, 'age points', salPerPoint, 'SEK/point/year');
        step('sal', `${m}: SAL on the age points (regi ${clinic.regi})`, `${q(points)} × ${salPerPoint.toString()} kr / 12`, kr(values.sal!), ['age_points']);
      } else values.sal = ZERO;
    }

    // start grant: months 1..start_grant_months from the establishment month
    if (grantPerMonth && clinic.established) {
      const n = monthOfOperation(clinic.established, m);
      p.decimal('vardcentral.start_grant_per_month');
      p.decimal('vardcentral.start_grant_months');
      if (n >= 1 && grantMonths.greaterThanOrEqualTo(n)) {
        component('start_grant', grantPerMonth, new Decimal(n), `month of operation (of ${grantMonths.toString()})`, grantPerMonth, 'SEK/month');
        step(
          'start_grant',
          `${m}: start grant, month ${n} since the establishment on ${clinic.established}`,
          `${grantPerMonth.toString()} kr`,
          kr(values.start_grant!),
        );
      } else {
        values.start_grant = ZERO;
        step(
          'start_grant',
          `${m}: no start grant: month ${n} since the establishment on ${clinic.established} (paid in months 1–${grantMonths.toString()})`,
          '0',
          '0.00',
        );
      }
    }

    if (drugs.length > 0) {
      p.codes('vardcentral.requisition_drug_groups');
      for (const d of drugs) line('requisition_drugs', d.amount, 'SEK', null, '', roundMoney(d.amount), d.group);
      exact.requisition_drugs = sum(drugs.map((d) => d.amount));
      values.requisition_drugs = roundMoney(exact.requisition_drugs);
      step(
        'requisition_drugs',
        `${m}: requisition drugs of the groups in vardcentral.requisition_drug_groups, at cost`,
        drugs.map((d) => `${d.group} ${d.amount.toString()}`).join(' + '),
        kr(values.requisition_drugs),
      );
    }

    if (adjustments.length > 0) {
      p.codes('vardcentral.adjustment_codes');
      for (const a of adjustments) line('adjustments', null, '', null, '', roundMoney(a.amount), a.code);
      exact.adjustments = sum(adjustments.map((a) => a.amount));
      values.adjustments = roundMoney(exact.adjustments);
      step(
        'adjustments',
        `${m}: adjustments paid in ${pm}, with their codes`,
        adjustments.map((a) => `${a.code} ${a.amount.toString()}${a.vat ? ' (VAT compensated)' : ''}`).join(' + '),
        kr(values.adjustments),
      );
    }

    if (vatApplies) {
      const vatAdjust = sum(adjustments.filter((a) => a.vat).map((a) => a.amount));
      const base = sum(
        Object.entries(exact)
          .filter(([k]) => vatComponents.has(k))
          .map(([, v]) => v),
      ).plus(vatAdjust);
      p.codes('vardcentral.vat_compensation_regi');
      p.codes('vardcentral.vat_components');
      p.decimal('vardcentral.vat_compensation_rate');
      component('vat_compensation', vatRate.times(base), base, 'SEK', vatRate, 'share');
      const named = [...vatComponents].filter((k) => exact[k] !== undefined);
      step(
        'vat_compensation',
        `${m}: VAT compensation (regi ${clinic.regi}) on ${named.join(', ') || 'no component'}${vatAdjust.isZero() ? '' : ' and the adjustments marked for it'}`,
        `${vatRate.toString()} × ${kr(base)}`,
        kr(values.vat_compensation!),
        [...named, ...(vatAdjust.isZero() ? [] : ['adjustments'])],
      );
    } else values.vat_compensation = ZERO;

    values.net_payment = sum(VARDCENTRAL_FIGURES.filter((f) => f.sign === 1).map((f) => values[f.name] ?? ZERO));
    months.push({ activityMonth: m, paymentMonth: pm, values });
    listingDetail.push({
      activity_month: m,
      snapshot_date: snap?.snapshotDate ?? null,
      listed_persons: listed.toNumber(),
      age_points: formatQuantity(points, 4),
      cni_points: formatQuantity(values.cni_points ?? ZERO, 4),
      bands: bands.map((b) => ({
        sex: b.sex,
        age_from: b.ageFrom,
        age_to: b.ageTo,
        weight: b.weight.toString(),
        persons: b.persons,
        points: formatQuantity(b.points, 4),
      })),
    });
  }
  const net = sum(months.map((r) => r.values.net_payment!));
  step(
    'net_payment',
    'net payment over the period: the sum of the rounded components of each month',
    VARDCENTRAL_FIGURES.filter((f) => f.sign === 1 && months.some((r) => r.values[f.name] !== undefined))
      .map((f) => f.name)
      .join(' + ') || '0',
    kr(net),
    VARDCENTRAL_FIGURES.filter((f) => f.sign === 1).map((f) => f.name),
  );

  return {
    clinic,
    vardval: 'vardcentral',
    months,
    lines,
    period: {},
    status: 'final',
    steps,
    dependsOn,
    detail: {
      municipality: clinic.municipality,
      km_from_town: clinic.kmFromTown === null ? null : clinic.kmFromTown.toString(),
      established: clinic.established,
      listing: listingDetail,
      cni: u.cni.map((c) => ({ valid_from: c.validFrom, valid_to: c.validTo, cni: c.cni.toString() })),
      warnings: [...new Set(warnings)],
    },
  };
}

function lastDay(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * What the summary, explain and the monthly report call the capitation (kapitering): the
 * compensation on the listed persons' ages and sexes, with the pre-2026 components that seed 003
 * folds into it from 2026 (Nära vård, coordinating nurse, drugs on points). CNI and geography are
 * separate components.
 */
export const CAPITATION_FIGURES: readonly string[] = ['age_sex_capitation', 'nara_vard_compensation', 'coordinating_nurse_compensation', 'drug_compensation'];

const money =
  (figures: readonly string[]) =>
  (u: UnitResult): string =>
    roundMoney(sum(u.months.flatMap((r) => figures.map((f) => r.values[f] ?? ZERO)))).toFixed(2);

/** Vårdval vårdcentral: capitation from the listing, CNI, geography, start grant, drugs, adjustments, SAL and VAT. */
export const vardcentralModel: Model = {
  vardval: 'vardcentral',
  namespace: 'vardcentral',
  title: 'Vårdval vårdcentral',
  inputKinds: ['listing', 'cni', 'requisition_drugs', 'adjustments'],
  figures: VARDCENTRAL_FIGURES,
  summaryColumns: [
    { header: 'listed (last)', get: (u) => formatQuantity(u.months.at(-1)?.values.listed_persons ?? ZERO, 0) },
    { header: 'capitation', get: money(CAPITATION_FIGURES), total: CAPITATION_FIGURES },
    { header: 'cni', get: money(['cni_compensation', 'kommunmottagna_compensation']), total: ['cni_compensation', 'kommunmottagna_compensation'] },
    { header: 'geography', get: money(['geography_compensation']), total: ['geography_compensation'] },
    { header: 'grant+drugs+adj.', get: money(['start_grant', 'requisition_drugs', 'adjustments']), total: ['start_grant', 'requisition_drugs', 'adjustments'] },
    { header: 'sal+vat', get: money(['sal', 'vat_compensation']), total: ['sal', 'vat_compensation'] },
  ],
  explainColumns: [
    { header: 'listed', figures: ['listed_persons'] },
    { header: 'age points', figures: ['age_points'] },
    { header: 'capitation', figures: CAPITATION_FIGURES },
    { header: 'cni', figures: ['cni_compensation', 'kommunmottagna_compensation'] },
    { header: 'geography', figures: ['geography_compensation'] },
    { header: 'grant', figures: ['start_grant'] },
    { header: 'drugs', figures: ['requisition_drugs'] },
    { header: 'adjustments', figures: ['adjustments'] },
    { header: 'sal', figures: ['sal'] },
    { header: 'vat', figures: ['vat_compensation'] },
    { header: 'net', figures: ['net_payment'] },
  ],
  appliesTo: (p) => p.has('vardcentral.compensation_per_age_point'),
  inPeriod: (clinic, inputs, period) => {
    if (!inputs.byKind.has('listing')) return false;
    const months = monthsOf(period);
    const from = `${months[0]}-01`;
    const to = `${months.at(-1)}-31`;
    const u = unitInputs(inputs, clinic.id);
    return (
      clinic.periods.some((c) => c.validFrom <= to && (c.validTo === null || c.validTo >= from)) ||
      months.some((m) => u.listing?.has(m)) ||
      u.drugs.length > 0 ||
      u.adjustments.length > 0
    );
  },
  compute: computeVardcentralUnit,
};
