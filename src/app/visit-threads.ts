import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CountingRules } from '../model/classify.js';
import { Decimal } from '../model/decimal.js';
import type { ContactType } from '../rules/catalog.js';
import type { Clinic, ContractPeriod } from '../model/types.js';
import { InputError } from '../input/errors.js';
import { ContactIdSet, type ContactIds } from '../input/id-set.js';
import { splitPoints, type FilePart } from '../input/reader.js';
import {
  addRowAccounting,
  readVisitPart,
  type RowAccounting,
  type RejectRecord,
  type VisitContext,
  type VisitParts,
  type VisitPartInput,
  type VisitTotals,
} from './read-visits.js';

/**
 * Reading a large visit export on several threads.
 *
 * The file is cut just after line breaks into parts of about equal size (only where no field
 * spans lines, so every line is a record by itself). This thread reads the first part into the
 * run's totals while worker threads read the others, each into totals of its own; the parts are
 * then joined in file order. The outcome is the one a reading on one thread gives, exactly:
 * - a worker knows which file each clinic-month came from before this file, so it stops with
 *   the same error at the same line; an error is reported once every part before it has been
 *   read without one (the first in file order wins);
 * - rejected rows reach `onReject` in file order: a worker's wait in this thread until the parts
 *   before it are done, and a worker pauses when too many of them wait (memory stays bounded);
 * - a contact id repeated across parts is a duplicate only in the later part, which its worker
 *   could not know: when a part holds a contact id of an earlier part, its totals are thrown
 *   away and this thread reads the part again after the earlier ones (rare: duplicates are
 *   near each other in an export).
 */

/** Parts are at least this large: a worker thread costs about a tenth of a second to start. */
const MIN_PART_BYTES = 16 * 1024 * 1024;
/** Rejected rows of a worker that may wait for the parts before it, before the worker pauses. */
const REJECTS_WAITING = 20_000;

const WORKER = new URL('./visit-worker.js', import.meta.url);
/** Node's flags a worker keeps: memory and stack limits, not what runs the main script (-e, --input-type). */
const WORKER_FLAGS = process.execArgv.filter((a) => /^--(max-old-space-size|max-semi-space-size|stack-size|enable-source-maps)\b/.test(a));

/** How a file was cut and read, on stderr when VARDVAL_DEBUG is set (for tests and developers). */
function debug(what: string): void {
  if (process.env.VARDVAL_DEBUG) process.stderr.write(`debug: ${what}\n`);
}

/** A VisitContext as plain data (Decimal amounts as text) for a worker thread. */
interface WireContext extends Omit<VisitContext, 'counting' | 'clinics'> {
  counting: Omit<CountingRules, 'weights'> & { weights: Record<ContactType, string> };
  clinics: (Omit<Clinic, 'kmFromTown' | 'periods'> & { kmFromTown: string | null; periods: WirePeriod[] })[];
}
type WirePeriod = Omit<ContractPeriod, 'fte' | 'specialists' | 'additionalAssignments'> & { fte: string; specialists: string; additionalAssignments: string };

function contextToWire(ctx: VisitContext): WireContext {
  const weights = Object.fromEntries(Object.entries(ctx.counting.weights).map(([t, w]) => [t, w.toString()])) as Record<ContactType, string>;
  return {
    ...ctx,
    counting: { ...ctx.counting, weights },
    clinics: [...ctx.clinics.values()].map((c) => ({
      ...c,
      kmFromTown: c.kmFromTown?.toString() ?? null,
      periods: c.periods.map((p) => ({
        ...p,
        fte: p.fte.toString(),
        specialists: p.specialists.toString(),
        additionalAssignments: p.additionalAssignments.toString(),
      })),
    })),
  };
}

export function contextFromWire(w: WireContext): VisitContext {
  const weights = Object.fromEntries(Object.entries(w.counting.weights).map(([t, x]) => [t, new Decimal(x)])) as Record<ContactType, Decimal>;
  const clinics = new Map<string, Clinic>();
  for (const c of w.clinics)
    clinics.set(c.id, {
      ...c,
      kmFromTown: c.kmFromTown === null ? null : new Decimal(c.kmFromTown),
      periods: c.periods.map((p) => ({
        ...p,
        fte: new Decimal(p.fte),
        specialists: new Decimal(p.specialists),
        additionalAssignments: new Decimal(p.additionalAssignments),
      })),
    });
  return { ...w, counting: { ...w.counting, weights }, clinics };
}

/** What a worker is given. */
export interface WorkerTask {
  context: WireContext;
  file: string;
  opened: VisitPartInput['opened'];
  part: Omit<FilePart, 'firstLine'>;
  owners: Map<string, (string | undefined)[]>;
  /** rows expected in the part: to size the contact-id table once */
  expectedRows: number;
  /** [0]: the worker's rejected rows handed on by this thread so far (it pauses when too many wait) */
  delivered: SharedArrayBuffer;
  rejectsWaiting: number;
}

/** What a worker says. */
export type WorkerMessage =
  | { kind: 'rejects'; rejects: RejectRecord[] }
  | { kind: 'progress'; rows: number }
  | { kind: 'done'; firstLine: number; acc: RowAccounting; totals: VisitParts; ids: ContactIds }
  | { kind: 'error'; input: { file: string; problem: string; line?: number; column?: string } | null; bug: string };

type PartDone = Extract<WorkerMessage, { kind: 'done' }>;

export interface VisitFileInput extends Omit<VisitPartInput, 'part' | 'seen' | 'onProgress'> {
  /** threads to read on (1: this one only) */
  threads: number;
  /** rows read in the file so far */
  onProgress?: (rowsRead: number) => void;
}

/** Reads one visit export into `totals`, on several threads when it is large (see above). */
export async function readVisitFile(ctx: VisitContext, totals: VisitTotals, input: VisitFileInput): Promise<void> {
  const { opened } = input;
  const minPart = Number(process.env.VARDVAL_MIN_PART_BYTES ?? '') || MIN_PART_BYTES;
  const bounds = input.threads > 1 && existsSync(fileURLToPath(WORKER)) ? splitPoints(opened, input.threads, minPart) : null;
  if (!bounds) {
    const seen = new ContactIdSet(opened.estimatedRows);
    await readVisitPart(ctx, totals, { ...input, seen });
    return;
  }
  const { offsets, fileSize } = bounds;
  const parts = offsets.length - 1;
  debug(`${input.file}: ${parts} parts from bytes ${offsets.slice(0, -1).join(', ')} of ${fileSize}`);
  const share = (k: number): number => Math.ceil((opened.estimatedRows * (offsets[k + 1]! - offsets[k]!)) / fileSize);
  const wire = contextToWire(ctx);
  const owners = totals.owners();
  const progress = new Array<number>(parts).fill(0);
  const reportProgress = (): void => input.onProgress?.(progress.reduce((a, n) => a + n, 0));
  /** the first part whose rejected rows are not all handed on: its rows go on at once, later parts' wait */
  let current = 0;
  const waiting: RejectRecord[][] = Array.from({ length: parts }, () => []);
  const delivered: Int32Array[] = [];
  const hand = (k: number, rejects: readonly RejectRecord[]): void => {
    for (const r of rejects) input.onReject?.(r);
    Atomics.add(delivered[k]!, 0, rejects.length);
    Atomics.notify(delivered[k]!, 0);
  };
  const workers: Worker[] = [];
  const results: Promise<PartDone>[] = [];
  try {
    for (let k = 1; k < parts; k++) {
      const buffer = new SharedArrayBuffer(4);
      delivered[k] = new Int32Array(buffer);
      const task: WorkerTask = {
        context: wire,
        file: input.file,
        opened,
        part: { start: offsets[k]!, end: offsets[k + 1]!, fileSize },
        owners,
        expectedRows: share(k),
        delivered: buffer,
        rejectsWaiting: REJECTS_WAITING,
      };
      const worker = new Worker(WORKER, { workerData: task, execArgv: WORKER_FLAGS });
      workers.push(worker);
      results.push(
        new Promise<PartDone>((resolve, reject) => {
          let settled = false;
          worker.on('message', (m: WorkerMessage) => {
            if (m.kind === 'rejects') {
              if (k === current) hand(k, m.rejects);
              else waiting[k]!.push(...m.rejects);
            } else if (m.kind === 'progress') {
              progress[k] = m.rows;
              reportProgress();
            } else {
              settled = true;
              if (m.kind === 'done') resolve(m);
              else
                reject(m.input ? new InputError(m.input.file, m.input.problem, m.input.line, m.input.column) : new Error(`a reading thread failed: ${m.bug}`));
            }
          });
          worker.on('error', (e) => {
            settled = true;
            reject(e);
          });
          worker.on('exit', (code) => {
            if (!settled) reject(new Error(`a reading thread stopped (exit code ${code}) before it was done`));
          });
        }),
      );
      // a part whose outcome is not awaited yet must not be an unhandled rejection
      results[results.length - 1]!.catch(() => undefined);
    }
    const seen = new ContactIdSet(share(0));
    const first: VisitPartInput = {
      ...input,
      seen,
      part: { start: 0, end: offsets[1]!, firstLine: 1, fileSize },
      onProgress: (rows) => {
        progress[0] = rows;
        reportProgress();
      },
    };
    await readVisitPart(ctx, totals, first);
    const fees = new Map<string, Decimal>();
    const feeOf = (text: string): Decimal => {
      let fee = fees.get(text);
      if (!fee) {
        fee = new Decimal(text);
        fees.set(text, fee);
      }
      return fee;
    };
    for (let k = 1; k < parts; k++) {
      current = k;
      hand(k, waiting[k]!.splice(0));
      const done = await results[k - 1]!;
      if (seen.hasAny(done.ids)) {
        debug(`${input.file}: part ${k + 1} holds a contact id of an earlier part: read again after them`);
        // a contact id of an earlier part: read the part again after them (its rejected rows are handed on already)
        await readVisitPart(ctx, totals, {
          file: input.file,
          opened,
          acc: input.acc,
          seen,
          part: { start: offsets[k]!, end: offsets[k + 1]!, firstLine: done.firstLine, fileSize },
        });
      } else {
        addRowAccounting(input.acc, done.acc);
        totals.join(done.totals, input.file, feeOf);
        if (k < parts - 1) seen.addAll(done.ids);
      }
    }
    if (input.acc.rowsRead === 0) throw new InputError(opened.file, 'the file has only a header and no contact rows');
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
