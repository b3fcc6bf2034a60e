import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTACT_TYPES, type ContactType } from '../rules/catalog.js';
import { ParamReader, type RuleSet } from '../rules/ruleset.js';
import type { CountingRules } from '../model/classify.js';
import type { InputKind, RunInputs, UnitResult } from '../model/model.js';
import { MODELS } from '../model/registry.js';
import { assessCompleteness, type Acknowledgement, type Completeness, type SkippedFile } from '../model/completeness.js';
import { monthKey } from '../model/period.js';
import type { Period } from '../model/types.js';
import { InputError } from '../input/errors.js';
import { maskPatientIds } from '../input/patient-id.js';
import { listProfiles, type FormatProfile } from '../input/profile.js';
import { forEachRecord, openExport, type OpenedExport } from '../input/reader.js';
import { VardcentralInputs, settleOutsidePeriod, vardcentralVisitor } from './read-vardcentral.js';
import { loadRegister } from '../input/register.js';
import {
  addRowAccounting,
  bump,
  emptyRowAccounting,
  rowRejecter,
  VisitTotals,
  type FileAccounting,
  type RejectRecord,
  type VisitContext,
} from './read-visits.js';
import { ReadingThreads, readVisitFile } from './visit-threads.js';

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
 * and runs the models. Memory grows with clinics, patients and contact ids.
 */
export async function runCalc(input: CalcInput): Promise<CalcResult> {
  const { rules, ...inputs } = input;
  return (await runCalcs(inputs, [rules]))[0]!;
}

/**
 * The calculation of the same inputs under several rule sets (`compare`), one result per rule
 * set, each the same as runCalc's with that rule set. A visit export is read once for all of
 * them: each row is parsed and checked once, and counted per rule set. A vårdcentral input is
 * read once per rule set (its rejected rows and progress are handed on once).
 */
export async function runCalcs(input: Omit<CalcInput, 'rules'>, ruleSets: readonly RuleSet[]): Promise<CalcResult[]> {
  // a year-over-year comparison applies one year's rules to another year's activity
  const year = input.activityYear ?? ruleSets[0]!.year;
  const clinics = loadRegister(input.registerFile);
  const readers = ruleSets.map((rules) => new ParamReader(rules));
  const views = readers.map(countingRules);
  const from = input.from ? parseMonthOption(input.from, '--from', year) : undefined;
  const to = input.to ? parseMonthOption(input.to, '--to', year) : undefined;
  if (from !== undefined && to !== undefined && from > to) throw new InputError('--from/--to', `--from ${input.from} is after --to ${input.to}`);
  const readingPeriod: Period = { year, fromMonth: from ?? 1, toMonth: to ?? 12 };

  const profiles = listProfiles();
  const ctx: VisitContext = {
    year,
    readingPeriod,
    views,
    clinics,
    needsDiagnosis: views.some((v) => v.focusPrefixes.length > 0),
    strict: input.strict ?? false,
  };
  const totals = new VisitTotals(ctx);
  /** per rule set, the accounting of each file */
  const files: FileAccounting[][] = ruleSets.map(() => []);
  // sorted so the outcome does not depend on the order the files were given in
  const inputs = [...new Set(input.inputs.map((f) => resolve(f)))].sort();
  // one name per file however it was given (./a.csv, a.csv, /abs/a.csv, via its directory)
  const display = new Map(inputs.map((f) => [f, displayName(f)]));
  // started before the first file is opened, so that loading their code overlaps with the work here
  const threads = ReadingThreads.start(input.threads ?? availableParallelism(), inputs);
  try {
    return await readAndCompute();
  } finally {
    await threads?.close();
  }

  async function readAndCompute(): Promise<CalcResult[]> {
    const vcs = ruleSets.map(() => new VardcentralInputs());
    let visitFiles = 0;
    /** A listing, CNI, drug-cost or adjustment file for rule set v: read through the same record reader, accounted the same way. */
    const readVardcentralFile = async (v: number, opened: OpenedExport, file: string): Promise<void> => {
      const rules = ruleSets[v]!;
      if (!readers[v]!.has('vardcentral.compensation_per_age_point'))
        throw new InputError(
          file,
          `this is a vårdcentral input (${opened.profile.kind}, profile '${opened.profile.id}'), but rule file ${rules.id} has no vardcentral section: use the rules of 2025 or later`,
        );
      const acc = emptyAccounting(file, opened.profile.id, opened.encoding);
      files[v]!.push(acc);
      const vc = vcs[v]!;
      const { visit, fast } = vardcentralVisitor(opened, {
        file,
        clinics,
        year,
        readingPeriod,
        params: new ParamReader(rules),
        store: vc,
        acc,
        exclude: (reason) => bump(acc.excluded, reason),
        reject: rowRejecter(file, opened, [acc], input.strict ?? false, v === 0 ? input.onReject : undefined),
      });
      const onProgress = v === 0 ? input.onProgress : undefined;
      const readOne = (): void => {
        acc.rowsRead++;
        if (onProgress && acc.rowsRead % 100_000 === 0) onProgress(acc.rowsRead, file);
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
        for (let v = 0; v < ruleSets.length; v++) await readVardcentralFile(v, opened, file);
        continue;
      }
      views.forEach((counting, v) => {
        if (counting.focusPrefixes.length > 0 && opened.index.diagnosis === undefined)
          throw new InputError(
            file,
            `rule file ${ruleSets[v]!.id} makes the requirement depend on the main diagnosis (physio.requirement_tiers), but this export has no diagnosis column ('${opened.profile.columns.diagnosis ?? 'diagnosis'}')`,
            1,
          );
      });
      const accs = ruleSets.map((_, v) => {
        const acc = emptyAccounting(file, opened.profile.id, opened.encoding);
        files[v]!.push(acc);
        return acc;
      });
      visitFiles++;
      const onProgress = input.onProgress;
      await readVisitFile(
        ctx,
        totals,
        {
          file,
          opened,
          accs,
          ...(input.onReject ? { onReject: input.onReject } : {}),
          ...(onProgress ? { onProgress: (rows: number) => onProgress(rows, file) } : {}),
        },
        threads,
      );
    }
    return ruleSets.map((_, v) => compute(v, vcs[v]!, visitFiles > 0));
  }

  /** The result of rule set v, from what was read. */
  function compute(v: number, vc: VardcentralInputs, visitsRead: boolean): CalcResult {
    const rules = ruleSets[v]!;
    const reader = readers[v]!;
    const counting = views[v]!;
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
    const fileAccounting = files[v]!;
    const completeness = assessCompleteness({
      period,
      // the completeness of visit exports: a run of vårdcentral inputs alone computes no physiotherapy clinic
      clinics: visitsRead ? physioClinics : [],
      rowsByClinic: new Map([...totals.states.values()].map((x) => [x.clinicId, [...x.rows]])),
      monthsFound: monthsSeen,
      files: fileAccounting.map((f) => ({ file: f.file, rowsRead: f.rowsRead, rejected: Object.values(f.rejected).reduce((a, n) => a + n, 0) })),
      skippedFiles: (input.skippedFiles ?? []).map((x) => ({ file: displayName(resolve(x.file)), reason: x.reason })),
      acknowledgements,
      registerIds: new Set(clinics.keys()),
      monthFtePolicy: reader.has('physio.month_fte_policy') ? reader.code('physio.month_fte_policy') : 'first_day',
    });
    const byKind = new Map<InputKind, ReadonlyMap<string, unknown>>();
    if (visitsRead || vc.kinds.size === 0) byKind.set('visits', totals.tallies[v]!);
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
      if (visitsRead && !monthsSeen.has(m)) monthsWithoutData.push(monthKey(year, m));
      if (vc.kinds.has('listing') && !vc.listingMonths.has(m)) monthsWithoutListing.push(monthKey(year, m));
    }
    const unitsNotComputed = vc.kinds.has('listing') ? 0 : [...clinics.values()].filter((c) => c.vardval === 'vardcentral').length;
    return {
      rules,
      period,
      clinics: results,
      files: fileAccounting,
      total: totalOf(fileAccounting),
      monthsWithoutData,
      monthsWithoutListing,
      vardcentralUnitsWithoutListing: unitsNotComputed,
      completeness,
    };
  }
}

/** A file's name in outputs: relative to the working directory when inside it. */
function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

function totalOf(files: readonly FileAccounting[]): CalcResult['total'] {
  const total = emptyRowAccounting();
  for (const f of files) addRowAccounting(total, f);
  return total;
}
