import { FreezableNumberSet } from '../model/number-set.js';
import { daysInMonth } from '../model/calendar.js';
import { monthKey } from '../model/period.js';
import { SnapshotCounts, ageOn, sexOf, type Adjustment, type CniPeriod, type DrugCost, type ListingTally } from '../model/listing.js';
import type { InputKind } from '../model/model.js';
import type { Clinic, ExclusionReason, Period, RejectReason } from '../model/types.js';
import { InputError } from '../input/errors.js';
import type { Rejection } from '../input/contact.js';
import { ByteKeyed, FastListingReader, ownCopy, sameText } from '../input/fast-rows.js';
import type { FastLines, OpenedExport, RecordOrProblem } from '../input/reader.js';
import { isVcRejection, toAdjustmentRow, toCniRow, toDrugRow, toListingRow } from '../input/vardcentral-rows.js';
import type { ParamReader } from '../rules/ruleset.js';

/** What the vårdcentral inputs of a run add up to, per unit id (VARDCENTRAL.md §12). */
export class VardcentralInputs {
  readonly listing = new Map<string, ListingTally>();
  readonly cni = new Map<string, CniPeriod[]>();
  readonly drugs = new Map<string, DrugCost[]>();
  readonly adjustments = new Map<string, Adjustment[]>();
  /** activity months (1..12) with a listing snapshot */
  readonly listingMonths = new Set<number>();
  /**
   * per snapshot date, the persons listed so far: a second listing of one is an error; frozen
   * (compact, still exact) at the end of each listing file
   */
  private readonly persons = new Map<string, FreezableNumberSet>();
  /** rows counted per file and activity month (drugs, adjustments): moved to outside_period when the period turns out shorter */
  readonly countedByMonth: { acc: RowAccount; month: string; unit: string; kind: 'drugs' | 'adjustments' }[] = [];
  kinds = new Set<InputKind>();

  /** the most persons of one snapshot so far: the next snapshot's set starts that large (a region's listing changes little from month to month) */
  private mostPersons = 0;

  personsOf(snapshot: string): FreezableNumberSet {
    let s = this.persons.get(snapshot);
    if (!s) {
      s = new FreezableNumberSet(this.mostPersons);
      this.persons.set(snapshot, s);
    }
    return s;
  }

  /** A listing file is read: its snapshots' person sets shrink to sorted arrays (a year of snapshots then costs 8 bytes a listed person). */
  freezePersons(): void {
    for (const s of this.persons.values()) {
      s.freeze();
      if (s.size > this.mostPersons) this.mostPersons = s.size;
    }
  }
}

export interface RowAccount {
  counted: number;
  excluded: Partial<Record<ExclusionReason, number>>;
}

export interface VcReadContext {
  /** the file's name in messages (an identity number in it masked) */
  file: string;
  clinics: ReadonlyMap<string, Clinic>;
  year: number;
  readingPeriod: Period;
  params: ParamReader;
  store: VardcentralInputs;
  acc: RowAccount;
  exclude: (reason: ExclusionReason) => void;
  reject: (line: number, reason: RejectReason, column: string, message: string, raw: string, fields?: string[]) => void;
}

const monthNo = (month: string): number => Number(month.slice(5, 7));
function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = monthNo(month);
  return m === 1 ? monthKey(y - 1, 12) : monthKey(y, m - 1);
}

/** The unit of a row, or why its row does not count. */
function unitOf(ctx: VcReadContext, id: string): Clinic | ExclusionReason {
  const c = ctx.clinics.get(id);
  if (!c) return 'unknown_clinic';
  if (c.vardval !== 'vardcentral') return 'not_vardcentral_unit';
  return c;
}

function onContract(c: Clinic, date: string): boolean {
  return c.periods.some((p) => p.validFrom <= date && (p.validTo === null || date <= p.validTo));
}

/**
 * Returns the visitor of one vårdcentral input file: it accounts for every record (counted,
 * excluded or rejected, by reason) and adds what counts to the store. Records come from the
 * project's one record reader (forEachRecord), as visits do; a listing snapshot's plain, valid
 * lines come through `fast` (FastListingReader) without a string per field, every other line
 * through `visit`.
 */
export function vardcentralVisitor(opened: OpenedExport, ctx: VcReadContext): { visit: (r: RecordOrProblem) => void; fast: FastLines | undefined } {
  const { store, params } = ctx;
  const kind = opened.profile.kind;
  store.kinds.add(kind);
  const file = ctx.file;
  const yearText = String(ctx.year);
  const inReading = (month: string): boolean =>
    month.startsWith(yearText) && monthNo(month) >= ctx.readingPeriod.fromMonth && monthNo(month) <= ctx.readingPeriod.toMonth;
  const rejectWith = (r: { line: number; raw: string; fields: string[] }, rej: Rejection): void =>
    ctx.reject(r.line, rej.reason, rej.column ?? '', rej.message, r.raw, r.fields);
  const count = (): void => {
    ctx.acc.counted++;
  };
  const homeCounty = params.code('vardcentral.home_county');
  const drugGroups = new Set(params.has('vardcentral.requisition_drug_groups') ? params.codes('vardcentral.requisition_drug_groups') : []);
  const adjustmentCodes = new Set(params.codes('vardcentral.adjustment_codes'));
  params.take();

  interface SnapshotInfo {
    date: string;
    excluded: ExclusionReason | null;
    persons: FreezableNumberSet | null;
  }
  let snap: SnapshotInfo = { date: '', excluded: null, persons: null };
  const snapshotInfo = (date: string, line: number): SnapshotInfo => {
    if (!date.startsWith(yearText))
      throw new InputError(
        file,
        `listing snapshot dated ${date} is outside the rule year ${ctx.year}; give each year's snapshots with its --year`,
        line,
        opened.profile.columns.snapshot_date,
      );
    const m = monthNo(date);
    if (Number(date.slice(8, 10)) !== daysInMonth(ctx.year, m)) return { date, excluded: 'snapshot_not_month_end', persons: null };
    if (!inReading(date.slice(0, 7))) return { date, excluded: 'outside_period', persons: null };
    return { date, excluded: null, persons: store.personsOf(date) };
  };
  interface UnitAt {
    id: string;
    date: string;
    excluded: ExclusionReason | null;
    counts: SnapshotCounts | null;
  }
  let unitAt: UnitAt = { id: '\u0000', date: '', excluded: null, counts: null };
  const unitOn = (id: string, s: SnapshotInfo): UnitAt => {
    const unit = unitOf(ctx, id);
    if (typeof unit === 'string') return { id, date: s.date, excluded: unit, counts: null };
    if (!onContract(unit, s.date)) return { id, date: s.date, excluded: 'no_contract', counts: null };
    let tally = store.listing.get(unit.id);
    if (!tally) {
      tally = new Map();
      store.listing.set(unit.id, tally);
    }
    const month = s.date.slice(0, 7);
    let counts = tally.get(month);
    if (!counts) {
      counts = new SnapshotCounts(s.date);
      tally.set(month, counts);
    }
    store.listingMonths.add(monthNo(s.date));
    return { id, date: s.date, excluded: null, counts };
  };

  const visit = (r: RecordOrProblem) => {
    if (r.kind === 'malformed') {
      const header = opened.headers[r.field] ?? '';
      ctx.reject(r.line, 'malformed_row', header, header ? `${header} (field ${r.field + 1}): ${r.problem}` : r.problem, r.raw);
      return;
    }
    switch (kind) {
      case 'listing': {
        const row = toListingRow(opened, r.fields);
        if (isVcRejection(row)) return rejectWith(r, row);
        // a snapshot file repeats its date and mostly its unit on every row: decide them once
        if (row.snapshotDate !== snap.date) snap = snapshotInfo(row.snapshotDate, r.line);
        if (snap.excluded) return ctx.exclude(snap.excluded);
        if (row.clinicId !== unitAt.id || unitAt.date !== snap.date) unitAt = unitOn(row.clinicId, snap);
        if (unitAt.excluded) return ctx.exclude(unitAt.excluded);
        if (row.county !== null && row.county !== homeCounty) return ctx.exclude('out_of_county');
        if (!snap.persons!.add(Number(row.personKey)))
          return ctx.reject(
            r.line,
            'listed_twice',
            opened.profile.columns.patient_id ?? 'patient_id',
            `the person is listed a second time in the snapshot of ${row.snapshotDate} (here at ${row.clinicId}); only the first listing counts`,
            r.raw,
            r.fields,
          );
        const key = Number(row.personKey);
        unitAt.counts!.add(sexOf(key), ageOn(key, ctx.year, monthNo(row.snapshotDate), Number(row.snapshotDate.slice(8, 10))));
        return count();
      }
      case 'cni': {
        const row = toCniRow(opened, r.fields);
        if (isVcRejection(row)) return rejectWith(r, row);
        const unit = unitOf(ctx, row.clinicId);
        if (typeof unit === 'string') return ctx.exclude(unit);
        const list = store.cni.get(unit.id) ?? [];
        const clash = list.find((p) => p.validFrom <= (row.validTo ?? '9999-12-31') && row.validFrom <= (p.validTo ?? '9999-12-31'));
        if (clash)
          throw new InputError(
            file,
            `the CNI validity of ${unit.id} overlaps the one on line ${clash.line}: which index applies would be a guess`,
            r.line,
            opened.profile.columns.valid_from,
          );
        list.push({ validFrom: row.validFrom, validTo: row.validTo, cni: row.cni, kommunmottagna: row.kommunmottagna, line: r.line });
        store.cni.set(unit.id, list);
        return count();
      }
      case 'requisition_drugs': {
        const row = toDrugRow(opened, r.fields);
        if (isVcRejection(row)) return rejectWith(r, row);
        if (!inReading(row.month)) return ctx.exclude('outside_period');
        const unit = unitOf(ctx, row.clinicId);
        if (typeof unit === 'string') return ctx.exclude(unit);
        if (!drugGroups.has(row.group)) return ctx.exclude('drug_group_not_compensated');
        const list = store.drugs.get(unit.id) ?? [];
        list.push({ month: row.month, group: row.group, amount: row.amount });
        store.drugs.set(unit.id, list);
        store.countedByMonth.push({ acc: ctx.acc, month: row.month, unit: unit.id, kind: 'drugs' });
        return count();
      }
      case 'adjustments': {
        const row = toAdjustmentRow(opened, r.fields);
        if (isVcRejection(row)) return rejectWith(r, row);
        if (!adjustmentCodes.has(row.code))
          return ctx.reject(
            r.line,
            'unknown_adjustment_code',
            opened.profile.columns.code ?? 'code',
            `'${row.code}' is not an adjustment code of the rules (vardcentral.adjustment_codes: ${[...adjustmentCodes].join(', ')})`,
            r.raw,
            r.fields,
          );
        // paid in the payment month, so it belongs to the activity month before it
        const activity = previousMonth(row.paymentMonth);
        if (!inReading(activity)) return ctx.exclude('outside_period');
        const unit = unitOf(ctx, row.clinicId);
        if (typeof unit === 'string') return ctx.exclude(unit);
        const list = store.adjustments.get(unit.id) ?? [];
        list.push({ paymentMonth: row.paymentMonth, code: row.code, amount: row.amount, vat: row.vat, note: row.note });
        store.adjustments.set(unit.id, list);
        store.countedByMonth.push({ acc: ctx.acc, month: activity, unit: unit.id, kind: 'adjustments' });
        return count();
      }
      default:
        throw new Error(`no reader for input kind ${kind}`);
    }
  };
  if (kind !== 'listing') return { visit, fast: undefined };

  // the fast path of a listing: the same decisions as the slow path above, from numbers and byte ranges
  const rows = new FastListingReader(opened, ctx.year);
  let chunk = '';
  // the units of the snapshot at hand, by the bytes of their ids (a snapshot need not be sorted by unit)
  const units = new ByteKeyed(
    (id) => unitOn(ownCopy(id), snap),
    (u) => u.id,
  );
  let unitsOf = snap;
  const fast: FastLines = {
    begin(text, bytes) {
      chunk = text;
      rows.begin(text, bytes);
    },
    take(from, to, line) {
      const row = rows.read(from, to);
      if (row === null) return false;
      if (row.snapshotDate !== snap.date) snap = snapshotInfo(row.snapshotDate, line);
      if (snap.excluded) {
        ctx.exclude(snap.excluded);
        return true;
      }
      const bytes = rows.bytes;
      if (snap !== unitsOf) {
        units.clear();
        unitsOf = snap;
      }
      if (unitAt.date !== snap.date || !sameText(bytes, row.clinicFrom, row.clinicTo, unitAt.id))
        unitAt = units.get(chunk, bytes, row.clinicFrom, row.clinicTo);
      if (unitAt.excluded) {
        ctx.exclude(unitAt.excluded);
        return true;
      }
      if (row.county !== null && row.county !== homeCounty) {
        ctx.exclude('out_of_county');
        return true;
      }
      // a person listed a second time is the slow path's reject (it shows the row, masked)
      if (!snap.persons!.add(row.person)) return false;
      unitAt.counts!.add(sexOf(row.person), ageOn(row.person, row.year, row.month, row.day));
      count();
      return true;
    },
  };
  return { visit, fast };
}

/**
 * Drug costs and adjustments of months outside the final period (known only after every file
 * was read) are not paid by this run: they move from counted to excluded outside_period, and out
 * of the store, so nothing counted is silently left unpaid.
 */
export function settleOutsidePeriod(store: VardcentralInputs, period: Period): void {
  const inside = (m: string): boolean => monthNo(m) >= period.fromMonth && monthNo(m) <= period.toMonth;
  for (const c of store.countedByMonth) {
    if (inside(c.month)) continue;
    c.acc.counted--;
    c.acc.excluded.outside_period = (c.acc.excluded.outside_period ?? 0) + 1;
  }
  for (const [id, list] of store.drugs)
    store.drugs.set(
      id,
      list.filter((d) => inside(d.month)),
    );
  for (const [id, list] of store.adjustments)
    store.adjustments.set(
      id,
      list.filter((a) => inside(previousMonth(a.paymentMonth))),
    );
}
