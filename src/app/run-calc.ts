import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTACT_TYPES, type ContactType } from '../rules/catalog.js';
import { ParamReader, type RuleSet } from '../rules/ruleset.js';
import type { CountingRules } from '../model/classify.js';
import type { InputKind, RunInputs, UnitResult } from '../model/model.js';
import { MODELS } from '../model/registry.js';
import { assessCompleteness, type Acknowledgement, type Completeness, type SkippedFile } from '../model/completeness.js';
import { monthKey } from '../model/period.js';
import type { ExclusionReason, Period, RejectReason } from '../model/types.js';
import { InputError } from '../input/errors.js';
import { maskPatientIds } from '../input/patient-id.js';
import { listProfiles, type FormatProfile } from '../input/profile.js';
import { forEachRecord, openExport, type OpenedExport } from '../input/reader.js';
import { VardcentralInputs, settleOutsidePeriod, vardcentralVisitor } from './read-vardcentral.js';
import { loadRegister } from '../input/register.js';
import { bump, emptyRowAccounting, rowRejecter, VisitTotals, type FileAccounting, type RejectRecord, type VisitContext } from './read-visits.js';
import { readVisitFile } from './visit-threads.js';

export type { FileAccounting, RejectRecord } from './read-visits.js';

export interface CalcInput {
  rules: RuleSet;
  registerFile: string;
  inputs: readonly string[];
  /** YYYY-MM; default: first and last month found in the data */
  from?: string;
  to?: string;
  forcedProfile?: FormatProfile;
  strict?: boolean;
  /** the year of the activity when it is not the rules' year (year-over-year comparison); default rules.year */
  activityYear?: number;
  onReject?: (r: RejectRecord) => void;
  onProgress?: (rowsRead: number, file: string) => void;
  /** entries of the input directories that were not read, with why */
  skippedFiles?: readonly SkippedFile[];
  /** contracted clinic-months without rows that an analyst states really had no activity */
  acknowledgements?: readonly Acknowledgement[];
  /** threads to read a large visit export on (default: the machine's cores; 1 reads on this thread only) */
  threads?: number;
}

export interface CalcResult {
  rules: RuleSet;
  period: Period;
  /** the computed units of every vårdval, by model in registry order, then by id */
  clinics: UnitResult[];
  files: FileAccounting[];
  total: Omit<FileAccounting, 'file' | 'profile' | 'encoding'>;
  /** months of the period (YYYY-MM) without a single readable visit row: a missing export? */
  monthsWithoutData: string[];
  /** months of the period without a listing snapshot, when the run reads listings: no capitation for them */
  monthsWithoutListing: string[];
  /** vårdcentral units of the register not computed because the run has no listing snapshot at all */
  vardcentralUnitsWithoutListing: number;
  /** what of the input is there and what is not (issue 8) */
  completeness: Completeness;
}

function countingRules(p: ParamReader): CountingRules {
  const weights = Object.fromEntries(CONTACT_TYPES.map((t) => [t, p.decimal(`physio.contact_weights.${t}`)])) as Record<ContactType, never>;
  return {
    homeCounty: p.code('physio.home_county'),
    countedStatuses: new Set(p.codes('physio.counted_statuses')),
    countedProfessions: new Set(p.codes('physio.counted_professions')),
    weights,
    focusPrefixes: p.has('physio.requirement_tiers') ? p.codes('physio.focus_diagnosis_groups').map((c) => c.toUpperCase().replace(/[.\s]/g, '')) : [],
    vardval: 'fysioterapi',
    feeStatuses: p.has('physio.fee_advance_statuses') ? new Set(p.codes('physio.fee_advance_statuses')) : null,
    feeProfessions: p.has('physio.fee_advance_professions') ? new Set(p.codes('physio.fee_advance_professions')) : null,
  };
}

function parseMonthOption(opt: string, name: string, year: number): number {
  const m = /^(\d{4})-(\d{2})$/.exec(opt);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new InputError(name, `expected YYYY-MM, got '${opt}'`);
  if (Number(m[1]) !== year) throw new InputError(name, `${opt} is not in the rule year ${year}`);
  return Number(m[2]);
}

/** A file's row accounting before its first row: read = counted + excluded + rejected = 0. */
function emptyAccounting(file: string, profile: string, encoding: string): FileAccounting {
  return { file, profile, encoding, ...emptyRowAccounting() };
}

/**
 * Reads every export once, row by row, accounts for each row, tallies what counts per clinic
 * and runs the physiotherapy model. Memory grows with clinics, patients and contact ids.
 */
export async function runCalc(input: CalcInput): Promise<CalcResult> {
  const { rules } = input;
  // a year-over-year comparison applies one year's rules to another year's activity
  const year = input.activityYear ?? rules.year;
  const clinics = loadRegister(input.registerFile);
  const reader = new ParamReader(rules);
  const counting = countingRules(reader);
  const needsDiagnosis = counting.focusPrefixes.length > 0;
  const from = input.from ? parseMonthOption(input.from, '--from', year) : undefined;
  const to = input.to ? parseMonthOption(input.to, '--to', year) : undefined;
  if (from !== undefined && to !== undefined && from > to) throw new InputError('--from/--to', `--from ${input.from} is after --to ${input.to}`);
  const readingPeriod: Period = { year, fromMonth: from ?? 1, toMonth: to ?? 12 };

  const profiles = listProfiles();
  const ctx: VisitContext = { year, readingPeriod, counting, clinics, needsDiagnosis, strict: input.strict ?? false };
  const totals = new VisitTotals(ctx);
  const files: FileAccounting[] = [];
  // sorted so the outcome does not depend on the order the files were given in
  const inputs = [...new Set(input.inputs.map((f) => resolve(f)))].sort();
  // one name per file however it was given (./a.csv, a.csv, /abs/a.csv, via its directory)
  const display = new Map(inputs.map((f) => [f, displayName(f)]));
  const threads = input.threads ?? availableParallelism();

  const vc = new VardcentralInputs();
  let visitFiles = 0;
  /** A listing, CNI, drug-cost or adjustment file: read through the same record reader, accounted the same way. */
  const readVardcentralFile = async (opened: OpenedExport, file: string): Promise<void> => {
    if (!reader.has('vardcentral.compensation_per_age_point'))
      throw new InputError(
        file,
        `this is a vårdcentral input (${opened.profile.kind}, profile '${opened.profile.id}'), but rule file ${rules.id} has no vardcentral section: use the rules of 2025 or later`,
      );
    const acc = emptyAccounting(file, opened.profile.id, opened.encoding);
    files.push(acc);
    const { visit, fast } = vardcentralVisitor(opened, {
      file,
      clinics,
      year,
      readingPeriod,
      params: new ParamReader(rules),
      store: vc,
      acc,
      exclude: (reason) => bump(acc.excluded, reason),
      reject: rowRejecter(file, opened, acc, input.strict ?? false, input.onReject),
    });
    const readOne = (): void => {
      acc.rowsRead++;
      if (input.onProgress && acc.rowsRead % 100_000 === 0) input.onProgress(acc.rowsRead, file);
    };
    await forEachRecord(
      opened,
      (r) => {
        readOne();
        visit(r);
      },
      fast && {
        begin: (text, bytes) => fast.begin(text, bytes),
        take(from, to, line) {
          if (!fast.take(from, to, line)) return false;
          readOne();
          return true;
        },
      },
    );
    if (opened.profile.kind === 'listing') vc.freezePersons();
  };

  for (const path of inputs) {
    const given = display.get(path) ?? path;
    // the name in outputs and messages, with an identity number in it masked; the file is opened by its real name
    const file = maskPatientIds(given);
    const opened = openExport(given, profiles, input.forcedProfile);
    if (opened.profile.kind !== 'visits') {
      await readVardcentralFile(opened, file);
      continue;
    }
    if (needsDiagnosis && opened.index.diagnosis === undefined)
      throw new InputError(
        file,
        `rule file ${rules.id} makes the requirement depend on the main diagnosis (physio.requirement_tiers), but this export has no diagnosis column ('${opened.profile.columns.diagnosis ?? 'diagnosis'}')`,
        1,
      );
    const acc = emptyAccounting(file, opened.profile.id, opened.encoding);
    files.push(acc);
    visitFiles++;
    const onProgress = input.onProgress;
    await readVisitFile(ctx, totals, {
      file,
      opened,
      acc,
      threads,
      ...(input.onReject ? { onReject: input.onReject } : {}),
      ...(onProgress ? { onProgress: (rows: number) => onProgress(rows, file) } : {}),
    });
  }

  // listing snapshots define months of data as visits do
  let { minMonth, maxMonth } = totals;
  for (const m of vc.listingMonths) {
    if (m < minMonth) minMonth = m;
    if (m > maxMonth) maxMonth = m;
  }
  const monthsSeen = totals.monthsSeen;
  const period: Period = {
    year,
    fromMonth: from ?? (minMonth <= 12 ? minMonth : 1),
    toMonth: to ?? (maxMonth >= 1 ? maxMonth : 12),
  };
  settleOutsidePeriod(vc, period);
  const physioClinics = [...clinics.values()].filter((c) => c.vardval === counting.vardval).sort((a, b) => a.id.localeCompare(b.id));
  const acknowledgements = input.acknowledgements ?? [];
  for (const a of acknowledgements) {
    if (!physioClinics.some((c) => c.id === a.clinicId))
      throw new InputError(a.origin, `acknowledged clinic ${a.clinicId} is not a ${counting.vardval} clinic of the register`);
    if (!a.month.startsWith(`${year}-`)) throw new InputError(a.origin, `acknowledged month ${a.month} is not in the year ${year}`);
  }
  const completeness = assessCompleteness({
    period,
    // the completeness of visit exports: a run of vårdcentral inputs alone computes no physiotherapy clinic
    clinics: visitFiles > 0 ? physioClinics : [],
    rowsByClinic: new Map([...totals.states.values()].map((x) => [x.clinicId, [...x.rows]])),
    monthsFound: monthsSeen,
    files: files.map((f) => ({ file: f.file, rowsRead: f.rowsRead, rejected: Object.values(f.rejected).reduce((a, n) => a + n, 0) })),
    skippedFiles: (input.skippedFiles ?? []).map((x) => ({ file: displayName(resolve(x.file)), reason: x.reason })),
    acknowledgements,
    registerIds: new Set(clinics.keys()),
    monthFtePolicy: reader.has('physio.month_fte_policy') ? reader.code('physio.month_fte_policy') : 'first_day',
  });
  const byKind = new Map<InputKind, ReadonlyMap<string, unknown>>();
  if (visitFiles > 0 || vc.kinds.size === 0) byKind.set('visits', totals.tallies);
  if (vc.kinds.has('listing')) byKind.set('listing', vc.listing);
  if (vc.kinds.has('cni')) byKind.set('cni', vc.cni);
  if (vc.kinds.has('requisition_drugs')) byKind.set('requisition_drugs', vc.drugs);
  if (vc.kinds.has('adjustments')) byKind.set('adjustments', vc.adjustments);
  const listingMonths = new Set([...vc.listingMonths].map((m) => monthKey(year, m)));
  const runInputs: RunInputs = { byKind, listingMonths, incomplete: completeness.incompleteClinics };
  const results: UnitResult[] = [];
  for (const model of MODELS) {
    if (!model.appliesTo(reader)) continue;
    const units = [...clinics.values()].filter((c) => c.vardval === model.vardval).sort((a, b) => a.id.localeCompare(b.id));
    for (const unit of units) if (model.inPeriod(unit, runInputs, period)) results.push(model.compute(unit, runInputs, period, new ParamReader(rules)));
  }
  const monthsWithoutData: string[] = [];
  const monthsWithoutListing: string[] = [];
  for (let m = period.fromMonth; m <= period.toMonth; m++) {
    if (visitFiles > 0 && !monthsSeen.has(m)) monthsWithoutData.push(monthKey(year, m));
    if (vc.kinds.has('listing') && !vc.listingMonths.has(m)) monthsWithoutListing.push(monthKey(year, m));
  }
  const unitsNotComputed = vc.kinds.has('listing') ? 0 : [...clinics.values()].filter((c) => c.vardval === 'vardcentral').length;
  return {
    rules,
    period,
    clinics: results,
    files,
    total: totalOf(files),
    monthsWithoutData,
    monthsWithoutListing,
    vardcentralUnitsWithoutListing: unitsNotComputed,
    completeness,
  };
}

/** A file's name in outputs: relative to the working directory when inside it. */
function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

function totalOf(files: readonly FileAccounting[]): CalcResult['total'] {
  const total: CalcResult['total'] = { rowsRead: 0, counted: 0, excluded: {}, rejected: {}, reserveIds: 0 };
  for (const f of files) {
    total.rowsRead += f.rowsRead;
    total.counted += f.counted;
    total.reserveIds += f.reserveIds;
    for (const [k, v] of Object.entries(f.excluded)) total.excluded[k as ExclusionReason] = (total.excluded[k as ExclusionReason] ?? 0) + v;
    for (const [k, v] of Object.entries(f.rejected)) total.rejected[k as RejectReason] = (total.rejected[k as RejectReason] ?? 0) + v;
  }
  return total;
}
