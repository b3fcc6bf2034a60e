import { classify, feeCodesAdvance, feeIsAdvance, rowOutcome, unitOutcome, type CountingRules, type Outcome } from '../model/classify.js';
import type { Decimal } from '../model/decimal.js';
import { monthKey } from '../model/period.js';
import { ClinicTally, type MonthTally, type TallyParts } from '../model/tally.js';
import type { Clinic, Contact, ExclusionReason, Period, RejectReason } from '../model/types.js';
import { isRejection, toContact } from '../input/contact.js';
import { InputError } from '../input/errors.js';
import { ByteKeyed, FastRowReader, ownCopy, sameText } from '../input/fast-rows.js';
import type { ContactIdSet } from '../input/id-set.js';
import { maskRow } from '../input/mask-row.js';
import { maskPatientIds } from '../input/patient-id.js';
import { forEachRecord, type FastLines, type FilePart, type OpenedExport, type RecordOrProblem } from '../input/reader.js';

/** How the rows of an input are accounted for: read = counted + excluded + rejected. */
export interface RowAccounting {
  rowsRead: number;
  counted: number;
  excluded: Partial<Record<ExclusionReason, number>>;
  rejected: Partial<Record<RejectReason, number>>;
  /** rows whose patient id is a reserve number (not a personnummer); they are counted as usual */
  reserveIds: number;
}

export interface FileAccounting extends RowAccounting {
  file: string;
  profile: string;
  encoding: string;
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

export function emptyRowAccounting(): RowAccounting {
  return { rowsRead: 0, counted: 0, excluded: {}, rejected: {}, reserveIds: 0 };
}

/** Adds the counts of `from` to `to`. */
export function addRowAccounting(to: RowAccounting, from: RowAccounting): void {
  to.rowsRead += from.rowsRead;
  to.counted += from.counted;
  to.reserveIds += from.reserveIds;
  for (const [k, v] of Object.entries(from.excluded)) to.excluded[k as ExclusionReason] = (to.excluded[k as ExclusionReason] ?? 0) + v;
  for (const [k, v] of Object.entries(from.rejected)) to.rejected[k as RejectReason] = (to.rejected[k as RejectReason] ?? 0) + v;
}

export function bump<K extends string>(rec: Partial<Record<K, number>>, k: K): void {
  rec[k] = (rec[k] ?? 0) + 1;
}

/** A rejected row of an input: what counts it and hands it on masked (or stops the run with --strict). */
export type RowRejecter = (line: number, reason: RejectReason, column: string, message: string, raw: string, fields?: string[]) => void;

export function rowRejecter(
  file: string,
  opened: OpenedExport,
  accs: readonly RowAccounting[],
  strict: boolean,
  onReject?: (r: RejectRecord) => void,
): RowRejecter {
  return (line, reason, column, message, raw, fields) => {
    for (const acc of accs) bump(acc.rejected, reason);
    const rec: RejectRecord = { file, line, column, reason, message: maskPatientIds(message), raw: maskRow(raw, opened, fields) };
    if (strict)
      throw new InputError(
        file,
        `rejected row (${reason}): ${rec.message}\n  the record: ${rec.raw.replace(/\n/g, '\n              ')}\n  --strict stops at the first rejected row`,
        line,
      );
    onReject?.(rec);
  };
}

/**
 * What every visit export of a run is read against: taken from the register and the rules once.
 * One reading serves several rule sets (`compare`): what counts is decided per rule set, a
 * view of the rows each, with tallies and accounting of its own.
 */
export interface VisitContext {
  /** the activity year */
  year: number;
  readingPeriod: Period;
  /** what counts, per rule set */
  views: readonly CountingRules[];
  clinics: ReadonlyMap<string, Clinic>;
  /** whether a rule set needs the main diagnosis (focus groups) */
  needsDiagnosis: boolean;
  strict: boolean;
}

/** What the row loop needs of one clinic in one view: its tally, the month's tally, and the unit's part of an outcome. */
interface ClinicView {
  tally: ClinicTally | undefined;
  monthTally: (MonthTally | undefined)[];
  /** the unit's part of a row's outcome (unitOutcome) per day, month × 32 + day: kept as found */
  unitOfDay: (Outcome | null | undefined)[];
}

/**
 * What the row loop needs of one clinic id: its register entry, per month (1..12) the file its
 * rows come from and how many there are, and its view per rule set. One lookup per row, none
 * when the row has the same clinic as the one before.
 */
interface ClinicState {
  clinicId: string;
  clinic: Clinic | undefined;
  fileOfMonth: (string | undefined)[];
  /** readable rows per month (1..12), for the completeness of the input */
  rows: Uint32Array;
  views: ClinicView[];
}

/** A VisitTotals' per-clinic content handed between threads. */
interface ClinicParts {
  clinicId: string;
  rows: Uint32Array;
  /** per view */
  tallies: (TallyParts | null)[];
}

/** What reading a part of the visit exports gives, handed between threads (see VisitTotals.join). */
export interface VisitParts {
  clinics: ClinicParts[];
}

/**
 * What reading visit exports accumulates: per clinic id the rows per month and the file they
 * came from, per view and register clinic its tally, and the months found. Memory grows with
 * clinics, months and patients, never with rows.
 */
export class VisitTotals {
  readonly states = new Map<string, ClinicState>();
  /** per view: the tally of each clinic */
  readonly tallies: Map<string, ClinicTally>[];
  readonly monthsSeen = new Set<number>();
  minMonth = 13;
  maxMonth = 0;
  /**
   * A first size for a new clinic's person set: the rows expected, spread over the register's
   * clinics (at most 32 768 slots a clinic, so memory never follows a wrong guess far)
   */
  personsHint = 0;

  /**
   * @param owners per clinic id, the file each month's rows came from in the files read before
   *   (a part read on another thread knows them so that it stops where a whole reading would)
   */
  constructor(
    private readonly ctx: VisitContext,
    private readonly before: ReadonlyMap<string, readonly (string | undefined)[]> = new Map(),
  ) {
    this.tallies = ctx.views.map(() => new Map());
  }

  stateOf(clinicId: string): ClinicState {
    let st = this.states.get(clinicId);
    if (!st) {
      const clinic = this.ctx.clinics.get(clinicId);
      const views = this.tallies.map((tallies): ClinicView => {
        let tally: ClinicTally | undefined;
        if (clinic) {
          tally = tallies.get(clinic.id);
          if (!tally) {
            tally = new ClinicTally(clinic.id, this.personsHint);
            tallies.set(clinic.id, tally);
          }
        }
        return { tally, monthTally: new Array(13), unitOfDay: new Array(13 * 32) };
      });
      const fileOfMonth = [...(this.before.get(clinicId) ?? new Array<string | undefined>(13))];
      st = { clinicId: ownCopy(clinicId), clinic, fileOfMonth, rows: new Uint32Array(13), views };
      this.states.set(st.clinicId, st);
    }
    return st;
  }

  /** The months' files per clinic id, for a part read on another thread. */
  owners(): Map<string, (string | undefined)[]> {
    return new Map([...this.states.values()].map((s) => [s.clinicId, s.fileOfMonth]));
  }

  /**
   * The first readable row of a clinic-month in `file`: the month is the file's, unless another
   * file has it already (the same clinic and month from two exports would be counted twice).
   */
  claimMonth(st: ClinicState, mon: number, file: string, line: number): void {
    const owner = st.fileOfMonth[mon];
    if (owner !== undefined)
      throw new InputError(
        file,
        `clinic ${st.clinicId}, month ${monthKey(this.ctx.year, mon)} also comes from ${owner}: the same month from two exports would be counted twice; pass each month once`,
        line,
      );
    st.fileOfMonth[mon] = file;
    this.monthsSeen.add(mon);
    if (mon < this.minMonth) this.minMonth = mon;
    if (mon > this.maxMonth) this.maxMonth = mon;
    for (const v of st.views) if (v.tally) v.monthTally[mon] = v.tally.month(monthKey(this.ctx.year, mon));
  }

  /** The totals, to hand to another thread: they must not be used after. */
  release(): VisitParts {
    return {
      clinics: [...this.states.values()].map((s) => ({
        clinicId: s.clinicId,
        rows: s.rows,
        tallies: s.views.map((v) => (v.tally ? v.tally.release() : null)),
      })),
    };
  }

  /**
   * Adds the totals of a later part of `file` read on another thread (after the parts before
   * it): the same as if these totals had read its rows.
   */
  join(parts: VisitParts, file: string, feeOf: (text: string) => Decimal): void {
    for (const c of parts.clinics) {
      const st = this.stateOf(c.clinicId);
      for (let mon = 1; mon <= 12; mon++) {
        if (c.rows[mon] === 0) continue;
        if (st.fileOfMonth[mon] !== file) this.claimMonth(st, mon, file, 0);
        st.rows[mon]! += c.rows[mon]!;
      }
      c.tallies.forEach((t, v) => {
        if (t) st.views[v]!.tally!.join(t, feeOf);
      });
    }
  }
}

/** A part of a visit export and where its rows go. */
export interface VisitPartInput {
  /** the file's name in outputs and messages (masked) */
  file: string;
  opened: OpenedExport;
  /** the file's accounting per view (or the part's, on another thread) */
  accs: readonly RowAccounting[];
  /** contact ids seen in the file so far */
  seen: ContactIdSet;
  /** the part of the file to read; the whole file when absent */
  part?: FilePart;
  onReject?: (r: RejectRecord) => void;
  /** rows read in this part so far, every 100 000 rows */
  onProgress?: (rowsRead: number) => void;
}

/**
 * Reads the rows of one visit export (or a part of it), accounts for each row in every view,
 * and tallies what counts per clinic into `totals`. Gives the number of lines read.
 */
export async function readVisitPart(ctx: VisitContext, totals: VisitTotals, input: VisitPartInput): Promise<number> {
  const { file, opened, accs, seen } = input;
  const { year, readingPeriod, views } = ctx;
  const yearText = String(year);
  let st: ClinicState = { clinicId: '\u0000', clinic: undefined, fileOfMonth: [], rows: new Uint32Array(13), views: [] };
  /** The state of the clinic id text[from..to) of the fast path, found without a string per row. */
  const statesAt = new ByteKeyed(
    (id) => totals.stateOf(id),
    (x) => x.clinicId,
  );
  let partRows = 0;
  const readOne = (): void => {
    for (const acc of accs) acc.rowsRead++;
    if (input.onProgress && ++partRows % 100_000 === 0) input.onProgress(partRows);
  };
  const reject = rowRejecter(file, opened, accs, ctx.strict, input.onReject);
  /** The month of a readable row of clinic `st` (both paths): its rows, its file. */
  const rowOf = (line: number, mon: number, c: Pick<Contact, 'patientKind'>): void => {
    st.rows[mon]!++;
    if (st.fileOfMonth[mon] !== file) totals.claimMonth(st, mon, file, line);
    if (c.patientKind === 'reserve') for (const acc of accs) acc.reserveIds++;
  };
  /**
   * Accounts for one readable row of clinic `st` in view v (both paths): its outcome (classify)
   * and whether its fee is an advance (feeIsAdvance), the fee and the counted contact. `person`
   * is the 12-digit person key, or `reserveKey` the key of a reserve number.
   */
  const account = (
    v: number,
    c: Pick<Contact, 'type' | 'fee'>,
    mon: number,
    outcome: Outcome,
    fee: boolean,
    person: number,
    reserveKey: string | null,
  ): void => {
    const view = st.views[v]!;
    if (fee) view.tally!.addFee(view.monthTally[mon]!, c.fee);
    if (outcome.counted) {
      accs[v]!.counted++;
      if (reserveKey !== null) view.tally!.addCounted(view.monthTally[mon]!, c.type, reserveKey, outcome.inFocus);
      else view.tally!.addCountedPerson(view.monthTally[mon]!, c.type, person, outcome.inFocus);
    } else bump(accs[v]!.excluded, outcome.reason);
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
    if (c.clinicId !== st.clinicId) st = totals.stateOf(c.clinicId);
    const mon = (c.month.charCodeAt(5) - 48) * 10 + (c.month.charCodeAt(6) - 48);
    const duplicate = !seen.add(c.contactId);
    rowOf(r.line, mon, c);
    const reserve = c.patientKind === 'reserve';
    for (let v = 0; v < views.length; v++) {
      const outcome = classify(c, st.clinic, readingPeriod, views[v]!, duplicate);
      account(v, c, mon, outcome, feeIsAdvance(outcome, c, views[v]!), reserve ? 0 : Number(c.patientKey), reserve ? c.patientKey : null);
    }
  };
  // the fast path: a plain, valid line, read from the chunk without a string per field
  const rows = new FastRowReader(opened, year, ctx.needsDiagnosis);
  /**
   * Per view, the row's part of the outcome (rowOutcome) and of the fee (feeCodesAdvance) per
   * combination of county, status, profession and contact type, kept as found; not kept where
   * the outcome depends on the diagnosis too (focus groups).
   */
  const byCodes = views.map((view): ({ outcome: Outcome; fee: boolean } | undefined)[] | null =>
    view.focusPrefixes.length > 0 ? null : new Array(rows.codeCombinations),
  );
  let chunk = '';
  const fast: FastLines = {
    begin(text, bytes) {
      chunk = text;
      rows.begin(text, bytes);
    },
    take(from, to, line) {
      const r = rows.read(from, to);
      if (r === null) return false;
      readOne();
      const bytes = rows.bytes;
      if (!sameText(bytes, r.clinicFrom, r.clinicTo, st.clinicId)) st = statesAt.get(chunk, bytes, r.clinicFrom, r.clinicTo);
      const mon = r.monthNumber;
      const duplicate = !seen.addAt(chunk, bytes, r.idFrom, r.idTo);
      rowOf(line, mon, r);
      for (let v = 0; v < views.length; v++) {
        const counting = views[v]!;
        if (duplicate) {
          const outcome = classify(r, st.clinic, readingPeriod, counting, true);
          account(v, r, mon, outcome, feeIsAdvance(outcome, r, counting), r.person, null);
          continue;
        }
        // classify and feeIsAdvance, from their parts kept per unit and day and per combination of codes
        const view = st.views[v]!;
        const day = mon * 32 + r.day;
        let unit = view.unitOfDay[day];
        if (unit === undefined) {
          unit = unitOutcome(st.clinic, r.date, r.month, readingPeriod, counting);
          view.unitOfDay[day] = unit;
        }
        const kept = byCodes[v]!;
        let own = kept?.[r.codes];
        if (own === undefined) {
          own = { outcome: rowOutcome(r, counting), fee: feeCodesAdvance(r, counting) };
          if (kept) kept[r.codes] = own;
        }
        const outcome = unit ?? own.outcome;
        account(v, r, mon, outcome, outcome.feeIsAdvance && own.fee, r.person, null);
      }
      return true;
    },
  };
  return await forEachRecord(opened, visit, fast, input.part);
}
