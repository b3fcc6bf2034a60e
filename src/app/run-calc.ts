import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTACT_TYPES, type ContactType } from '../rules/catalog.js';
import { ParamReader, type RuleSet } from '../rules/ruleset.js';
import { classify, feeIsAdvance, type ClassifiedFields, type CountingRules } from '../model/classify.js';
import type { InputKind, RunInputs, UnitResult } from '../model/model.js';
import { MODELS } from '../model/registry.js';
import { assessCompleteness, type Acknowledgement, type Completeness, type SkippedFile } from '../model/completeness.js';
import { ContactIdSet } from '../input/id-set.js';
import { ByteKeyed, FastRowReader, ownCopy, sameText } from '../input/fast-rows.js';
import { monthKey } from '../model/period.js';
import { ClinicTally, type MonthTally } from '../model/tally.js';
import type { Clinic, Contact, ExclusionReason, Period, RejectReason } from '../model/types.js';
import { toContact, isRejection } from '../input/contact.js';
import { InputError } from '../input/errors.js';
import { maskRow } from '../input/mask-row.js';
import { maskPatientIds } from '../input/patient-id.js';
import { listProfiles, type FormatProfile } from '../input/profile.js';
import { forEachRecord, openExport, type FastLines, type OpenedExport, type RecordOrProblem } from '../input/reader.js';
import { VardcentralInputs, settleOutsidePeriod, vardcentralVisitor } from './read-vardcentral.js';
import { loadRegister } from '../input/register.js';

export interface FileAccounting {
  file: string;
  profile: string;
  encoding: string;
  rowsRead: number;
  counted: number;
  excluded: Partial<Record<ExclusionReason, number>>;
  rejected: Partial<Record<RejectReason, number>>;
  /** rows whose patient id is a reserve number (not a personnummer); they are counted as usual */
  reserveIds: number;
}

export interface RejectRecord {
  file: string;
  line: number;
  column: string;
  reason: RejectReason;
  message: string;
  /** the raw row with anything that looks like a personnummer masked */
  raw: string;
}

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
  return { file, profile, encoding, rowsRead: 0, counted: 0, excluded: {}, rejected: {}, reserveIds: 0 };
}

function bump<K extends string>(rec: Partial<Record<K, number>>, k: K): void {
  rec[k] = (rec[k] ?? 0) + 1;
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
  const tallies = new Map<string, ClinicTally>();
  const yearText = String(year);
  const monthsSeen = new Set<number>();
  let minMonth = 13;
  let maxMonth = 0;
  const files: FileAccounting[] = [];
  // sorted so the outcome does not depend on the order the files were given in
  const inputs = [...new Set(input.inputs.map((f) => resolve(f)))].sort();
  // one name per file however it was given (./a.csv, a.csv, /abs/a.csv, via its directory)
  const display = new Map(inputs.map((f) => [f, displayName(f)]));

  /**
   * What the row loop needs of one clinic id: its register entry, its tally, and per month
   * (1..12) the month's tally and the file its rows come from. One lookup per row, none when
   * the row has the same clinic as the one before.
   */
  interface ClinicState {
    clinicId: string;
    clinic: Clinic | undefined;
    tally: ClinicTally | undefined;
    monthTally: (MonthTally | undefined)[];
    fileOfMonth: (string | undefined)[];
    /** readable rows per month (1..12), for the completeness of the input */
    rows: Uint32Array;
  }
  const states = new Map<string, ClinicState>();
  const stateOf = (clinicId: string): ClinicState => {
    let st = states.get(clinicId);
    if (!st) {
      const clinic = clinics.get(clinicId);
      let tally: ClinicTally | undefined;
      if (clinic) {
        tally = tallies.get(clinic.id);
        if (!tally) {
          tally = new ClinicTally(clinic.id);
          tallies.set(clinic.id, tally);
        }
      }
      st = { clinicId: ownCopy(clinicId), clinic, tally, monthTally: new Array(13), fileOfMonth: new Array(13), rows: new Uint32Array(13) };
      states.set(st.clinicId, st);
    }
    return st;
  };
  /** The state of the clinic id text[from..to) of the fast path, found without a string per row. */
  const statesAt = new ByteKeyed(stateOf, (x) => x.clinicId);
  let st: ClinicState = { clinicId: '\u0000', clinic: undefined, tally: undefined, monthTally: [], fileOfMonth: [], rows: new Uint32Array(13) };

  /** Counts a rejected row of a file and hands it on masked (or stops the run with --strict). */
  const rejecter =
    (acc: FileAccounting, opened: OpenedExport) =>
    (line: number, reason: RejectReason, column: string, message: string, raw: string, fields?: string[]): void => {
      bump(acc.rejected, reason);
      const rec: RejectRecord = { file: acc.file, line, column, reason, message: maskPatientIds(message), raw: maskRow(raw, opened, fields) };
      if (input.strict)
        throw new InputError(
          acc.file,
          `rejected row (${reason}): ${rec.message}\n  the record: ${rec.raw.replace(/\n/g, '\n              ')}\n  --strict stops at the first rejected row`,
          line,
        );
      input.onReject?.(rec);
    };
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
      reject: rejecter(acc, opened),
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
        begin: (text) => fast.begin(text),
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
    const reject = rejecter(acc, opened);
    // A contact id repeated in a file is a duplicate. Across files the same contact would bring
    // its clinic and month into a second file, which is an error below, so the set can be per
    // file: memory is bounded by the largest file, not by all rows read.
    const seenHere = new ContactIdSet(opened.estimatedRows);
    const readOne = (): void => {
      acc.rowsRead++;
      if (input.onProgress && acc.rowsRead % 100_000 === 0) input.onProgress(acc.rowsRead, file);
    };
    /**
     * Accounts for one readable row of clinic `st` (both paths): its month and file, the
     * classification, the fee and the counted contact. `person` is the 12-digit person key, or
     * `reserveKey` the key of a reserve number.
     */
    const account = (
      line: number,
      c: ClassifiedFields & Pick<Contact, 'fee' | 'patientKind'>,
      mon: number,
      duplicate: boolean,
      person: number,
      reserveKey: string | null,
    ): void => {
      st.rows[mon]!++;
      const owner = st.fileOfMonth[mon];
      if (owner !== file) {
        // the same clinic and month from two exports would be counted twice
        if (owner !== undefined)
          throw new InputError(
            file,
            `clinic ${st.clinicId}, month ${c.month} also comes from ${owner}: the same month from two exports would be counted twice; pass each month once`,
            line,
          );
        st.fileOfMonth[mon] = file;
        monthsSeen.add(mon);
        if (mon < minMonth) minMonth = mon;
        if (mon > maxMonth) maxMonth = mon;
        if (st.tally) st.monthTally[mon] = st.tally.month(c.month);
      }
      const outcome = classify(c, st.clinic, readingPeriod, counting, duplicate);
      if (c.patientKind === 'reserve') acc.reserveIds++;
      if (feeIsAdvance(outcome, c, counting)) st.tally!.addFee(st.monthTally[mon]!, c.fee);
      if (outcome.counted) {
        acc.counted++;
        if (reserveKey !== null) st.tally!.addCounted(st.monthTally[mon]!, c.type, reserveKey, outcome.inFocus);
        else st.tally!.addCountedPerson(st.monthTally[mon]!, c.type, person, outcome.inFocus);
      } else bump(acc.excluded, outcome.reason);
    };
    // the slow path: every record the fast path does not take, with every reject and message
    const visit = (r: RecordOrProblem): void => {
      readOne();
      if (r.kind === 'malformed') {
        const header = opened.headers[r.field] ?? '';
        reject(r.line, 'malformed_row', header, header ? `${header} (field ${r.field + 1}): ${r.problem}` : r.problem, r.raw);
        return;
      }
      const c = toContact(opened, r.fields);
      if (isRejection(c)) {
        reject(r.line, c.reason, c.column ?? '', c.message, r.raw, r.fields);
        return;
      }
      if (!c.date.startsWith(yearText))
        throw new InputError(
          file,
          `contact dated ${c.date} is outside the rule year ${year}; split the export by year or pick the right --year`,
          r.line,
          opened.profile.columns.date,
        );
      if (c.clinicId !== st.clinicId) st = stateOf(c.clinicId);
      const mon = (c.month.charCodeAt(5) - 48) * 10 + (c.month.charCodeAt(6) - 48);
      const duplicate = !seenHere.add(c.contactId);
      const reserve = c.patientKind === 'reserve';
      account(r.line, c, mon, duplicate, reserve ? 0 : Number(c.patientKey), reserve ? c.patientKey : null);
    };
    // the fast path: a plain, valid line, read from the chunk without a string per field
    const rows = new FastRowReader(opened, year, needsDiagnosis);
    let chunk = '';
    const fast: FastLines = {
      begin(text) {
        chunk = text;
        rows.begin(text);
      },
      take(from, to, line) {
        const r = rows.read(from, to);
        if (r === null) return false;
        readOne();
        const bytes = rows.bytes;
        if (!sameText(bytes, r.clinicFrom, r.clinicTo, st.clinicId)) st = statesAt.get(chunk, bytes, r.clinicFrom, r.clinicTo);
        const duplicate = !seenHere.addAt(chunk, bytes, r.idFrom, r.idTo);
        account(line, r, r.monthNumber, duplicate, r.person, null);
        return true;
      },
    };
    await forEachRecord(opened, visit, fast);
  }

  // listing snapshots define months of data as visits do
  for (const m of vc.listingMonths) {
    if (m < minMonth) minMonth = m;
    if (m > maxMonth) maxMonth = m;
  }
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
    rowsByClinic: new Map([...states.values()].map((x) => [x.clinicId, [...x.rows]])),
    monthsFound: monthsSeen,
    files: files.map((f) => ({ file: f.file, rowsRead: f.rowsRead, rejected: Object.values(f.rejected).reduce((a, n) => a + n, 0) })),
    skippedFiles: (input.skippedFiles ?? []).map((x) => ({ file: displayName(resolve(x.file)), reason: x.reason })),
    acknowledgements,
    registerIds: new Set(clinics.keys()),
    monthFtePolicy: reader.has('physio.month_fte_policy') ? reader.code('physio.month_fte_policy') : 'first_day',
  });
  const byKind = new Map<InputKind, ReadonlyMap<string, unknown>>();
  if (visitFiles > 0 || vc.kinds.size === 0) byKind.set('visits', tallies);
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
