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

export function rowRejecter(file: string, opened: OpenedExport, acc: RowAccounting, strict: boolean, onReject?: (r: RejectRecord) => void): RowRejecter {
  return (line, reason, column, message, raw, fields) => {
    bump(acc.rejected, reason);
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

/** What every visit export of a run is read against: taken from the rules and the register once. */
export interface VisitContext {
  /** the activity year */
  year: number;
  readingPeriod: Period;
  counting: CountingRules;
  clinics: ReadonlyMap<string, Clinic>;
  needsDiagnosis: boolean;
  strict: boolean;
}

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
  /** the unit's part of a row's outcome (unitOutcome) per day, month × 32 + day: kept as found */
  unitOfDay: (Outcome | null | undefined)[];
}

/** A VisitTotals' per-clinic content handed between threads. */
interface ClinicParts {
  clinicId: string;
  rows: Uint32Array;
  tally: TallyParts | null;
}

/** What reading a part of the visit exports gives, handed between threads (see VisitTotals.join). */
export interface VisitParts {
  clinics: ClinicParts[];
}

/**
 * What reading visit exports accumulates: per clinic id the rows per month and the file they
 * came from, per register clinic its tally, and the months found. Memory grows with clinics,
 * months and patients, never with rows.
 */
export class VisitTotals {
  readonly states = new Map<string, ClinicState>();
  readonly tallies = new Map<string, ClinicTally>();
  readonly monthsSeen = new Set<number>();
  minMonth = 13;
  maxMonth = 0;

  /**
   * @param owners per clinic id, the file each month's rows came from in the files read before
   *   (a part read on another thread knows them so that it stops where a whole reading would)
   */
  constructor(
    private readonly ctx: VisitContext,
    private readonly before: ReadonlyMap<string, readonly (string | undefined)[]> = new Map(),
  ) {}

  stateOf(clinicId: string): ClinicState {
    let st = this.states.get(clinicId);
    if (!st) {
      const clinic = this.ctx.clinics.get(clinicId);
      let tally: ClinicTally | undefined;
      if (clinic) {
        tally = this.tallies.get(clinic.id);
        if (!tally) {
          tally = new ClinicTally(clinic.id);
          this.tallies.set(clinic.id, tally);
        }
      }
      const fileOfMonth = [...(this.before.get(clinicId) ?? new Array<string | undefined>(13))];
      st = { clinicId: ownCopy(clinicId), clinic, tally, monthTally: new Array(13), fileOfMonth, rows: new Uint32Array(13), unitOfDay: new Array(13 * 32) };
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
    if (st.tally) st.monthTally[mon] = st.tally.month(monthKey(this.ctx.year, mon));
  }

  /** The totals, to hand to another thread: they must not be used after. */
  release(): VisitParts {
    return { clinics: [...this.states.values()].map((s) => ({ clinicId: s.clinicId, rows: s.rows, tally: s.tally ? s.tally.release() : null })) };
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
      if (c.tally) st.tally!.join(c.tally, feeOf);
    }
  }
}

/** A part of a visit export and where its rows go. */
export interface VisitPartInput {
  /** the file's name in outputs and messages (masked) */
  file: string;
  opened: OpenedExport;
  /** the file's accounting (or the part's, on another thread) */
  acc: RowAccounting;
  /** contact ids seen in the file so far */
  seen: ContactIdSet;
  /** the part of the file to read; the whole file when absent */
  part?: FilePart;
  onReject?: (r: RejectRecord) => void;
  /** rows read in this part so far, every 100 000 rows */
  onProgress?: (rowsRead: number) => void;
}

/**
 * Reads the rows of one visit export (or a part of it), accounts for each row, and tallies what
 * counts per clinic into `totals`.
 */
export async function readVisitPart(ctx: VisitContext, totals: VisitTotals, input: VisitPartInput): Promise<void> {
  const { file, opened, acc, seen } = input;
  const { year, readingPeriod, counting } = ctx;
  const yearText = String(year);
  let st: ClinicState = { clinicId: '\u0000', clinic: undefined, tally: undefined, monthTally: [], fileOfMonth: [], rows: new Uint32Array(13), unitOfDay: [] };
  /** The state of the clinic id text[from..to) of the fast path, found without a string per row. */
  const statesAt = new ByteKeyed(
    (id) => totals.stateOf(id),
    (x) => x.clinicId,
  );
  let partRows = 0;
  const readOne = (): void => {
    acc.rowsRead++;
    if (input.onProgress && ++partRows % 100_000 === 0) input.onProgress(partRows);
  };
  const reject = rowRejecter(file, opened, acc, ctx.strict, input.onReject);
  /**
   * Accounts for one readable row of clinic `st` (both paths): its month and file, its outcome
   * (classify) and whether its fee is an advance (feeIsAdvance), the fee and the counted contact.
   * `person` is the 12-digit person key, or `reserveKey` the key of a reserve number.
   */
  const account = (
    line: number,
    c: Pick<Contact, 'type' | 'fee' | 'patientKind'>,
    mon: number,
    outcome: Outcome,
    fee: boolean,
    person: number,
    reserveKey: string | null,
  ): void => {
    st.rows[mon]!++;
    if (st.fileOfMonth[mon] !== file) totals.claimMonth(st, mon, file, line);
    if (c.patientKind === 'reserve') acc.reserveIds++;
    if (fee) st.tally!.addFee(st.monthTally[mon]!, c.fee);
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
    if (c.clinicId !== st.clinicId) st = totals.stateOf(c.clinicId);
    const mon = (c.month.charCodeAt(5) - 48) * 10 + (c.month.charCodeAt(6) - 48);
    const outcome = classify(c, st.clinic, readingPeriod, counting, !seen.add(c.contactId));
    const reserve = c.patientKind === 'reserve';
    account(r.line, c, mon, outcome, feeIsAdvance(outcome, c, counting), reserve ? 0 : Number(c.patientKey), reserve ? c.patientKey : null);
  };
  // the fast path: a plain, valid line, read from the chunk without a string per field
  const rows = new FastRowReader(opened, year, ctx.needsDiagnosis);
  /**
   * The row's part of the outcome (rowOutcome) and of the fee (feeCodesAdvance) per combination
   * of county, status, profession and contact type, kept as found; not kept where the outcome
   * depends on the diagnosis too (focus groups).
   */
  const byCodes: ({ outcome: Outcome; fee: boolean } | undefined)[] = new Array(ctx.needsDiagnosis ? 0 : rows.codeCombinations);
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
      if (!seen.addAt(chunk, bytes, r.idFrom, r.idTo)) {
        const outcome = classify(r, st.clinic, readingPeriod, counting, true);
        account(line, r, mon, outcome, feeIsAdvance(outcome, r, counting), r.person, null);
        return true;
      }
      // classify and feeIsAdvance, from their parts kept per unit and day and per combination of codes
      const day = mon * 32 + r.day;
      let unit = st.unitOfDay[day];
      if (unit === undefined) {
        unit = unitOutcome(st.clinic, r.date, r.month, readingPeriod, counting);
        st.unitOfDay[day] = unit;
      }
      let own = ctx.needsDiagnosis ? undefined : byCodes[r.codes];
      if (own === undefined) {
        own = { outcome: rowOutcome(r, counting), fee: feeCodesAdvance(r, counting) };
        if (!ctx.needsDiagnosis) byCodes[r.codes] = own;
      }
      const outcome = unit ?? own.outcome;
      account(line, r, mon, outcome, outcome.feeIsAdvance && own.fee, r.person, null);
      return true;
    },
  };
  await forEachRecord(opened, visit, fast, input.part);
}
