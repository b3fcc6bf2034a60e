import { existsSync, statSync } from 'node:fs';
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
 * run's totals while worker threads read the others, each into totals of its own and with lines
 * numbered from the part's start; the parts are then joined in file order, each one's line
 * numbers moved by the lines before it. The outcome is the one a reading on one thread gives,
 * exactly:
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

/** Parts are at least this large (about 30 000 rows): a part costs its thread a message and a join. */
const MIN_PART_BYTES = 4 * 1024 * 1024;
/**
 * This thread's part is this much larger than a worker's: a worker reads the same bytes about 8 %
 * slower (measured on the 2M-row bench, both threads free: it finished 35–115 ms after this one).
 */
const FIRST_PART_WEIGHT = 1.08;

/**
 * A clinic's persons expected among `rows` rows, a first size only: the rows over the register's
 * clinics, a quarter of them (a person has several contacts a year), so that a small clinic's set
 * is not much larger than it needs.
 */
function personsHint(ctx: VisitContext, rows: number): number {
  return Math.ceil(rows / Math.max(1, ctx.clinics.size) / 4);
}

/** MIN_PART_BYTES, or VARDVAL_MIN_PART_BYTES (for tests: small files cut in parts). */
function minPartBytes(): number {
  return Number(process.env.VARDVAL_MIN_PART_BYTES ?? '') || MIN_PART_BYTES;
}
/** Rejected rows of a worker that may wait for the parts before it, before the worker pauses. */
const REJECTS_WAITING = 20_000;

const WORKER = new URL('./visit-worker.js', import.meta.url);

/** How a file was cut and read, on stderr when VARDVAL_DEBUG is set (for tests and developers). */
function debug(what: string): void {
  if (process.env.VARDVAL_DEBUG) process.stderr.write(`debug: ${what}\n`);
}

/** A VisitContext as plain data (Decimal amounts as text) for a worker thread. */
interface WireContext extends Omit<VisitContext, 'views' | 'clinics'> {
  views: (Omit<CountingRules, 'weights'> & { weights: Record<ContactType, string> })[];
  clinics: (Omit<Clinic, 'kmFromTown' | 'periods'> & { kmFromTown: string | null; periods: WirePeriod[] })[];
}
type WirePeriod = Omit<ContractPeriod, 'fte' | 'specialists' | 'additionalAssignments'> & { fte: string; specialists: string; additionalAssignments: string };

function contextToWire(ctx: VisitContext): WireContext {
  return {
    ...ctx,
    views: ctx.views.map((counting) => ({
      ...counting,
      weights: Object.fromEntries(Object.entries(counting.weights).map(([t, w]) => [t, w.toString()])) as Record<ContactType, string>,
    })),
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
  return {
    ...w,
    views: w.views.map((counting) => ({
      ...counting,
      weights: Object.fromEntries(Object.entries(counting.weights).map(([t, x]) => [t, new Decimal(x)])) as Record<ContactType, Decimal>,
    })),
    clinics,
  };
}

/** What a worker is given. */
export interface WorkerTask {
  /** see VisitTotals.personsHint */
  personsHint: number;
  context: WireContext;
  file: string;
  opened: VisitPartInput['opened'];
  /** lines numbered from the part's first line (firstLine 1) */
  part: FilePart;
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
  | { kind: 'done'; lines: number; accs: RowAccounting[]; totals: VisitParts; ids: ContactIds }
  | { kind: 'error'; input: { file: string; problem: string; line?: number; column?: string } | null; bug: string };

type PartDone = Extract<WorkerMessage, { kind: 'done' }>;

/**
 * The worker threads of a run. They are started before the first large export is opened, so
 * that loading their code overlaps with this thread's start; each reads one part at a time.
 */
export class ReadingThreads {
  private readonly workers: Worker[] = [];
  /** per worker, what its messages go to (the part it reads), and its end when it failed */
  private readonly listeners: ((m: WorkerMessage | Error) => void)[] = [];

  private constructor(n: number) {
    debug(`${n} reading thread${n > 1 ? 's' : ''} started`);
    for (let i = 0; i < n; i++) {
      // none of Node's flags: a worker refuses V8 flags (--max-old-space-size), and what runs the
      // main script (-e, --input-type) is not the worker's; its heap may grow as the process's may
      const worker = new Worker(WORKER, { execArgv: [] });
      const tell = (m: WorkerMessage | Error): void => this.listeners[i]?.(m);
      worker.on('message', tell);
      worker.on('error', tell);
      worker.on('exit', (code) => tell(new Error(`a reading thread stopped (exit code ${code})`)));
      // an idle thread does not keep the process alive (a command that stops before reading)
      worker.unref();
      this.workers.push(worker);
    }
  }

  /**
   * Threads for reading on `threads` threads in all (this one and threads − 1 workers), when
   * one of the `inputs` is large enough to be cut in parts; null when not, when one thread is
   * asked for, or when the worker's code is not built (the sources run by a test).
   */
  static start(threads: number, inputs: readonly string[]): ReadingThreads | null {
    const started = early;
    early = null;
    if (started?.threads === threads) return started.pool;
    void started?.pool?.close();
    if (threads < 2 || !existsSync(fileURLToPath(WORKER))) return null;
    const large = inputs.some((f) => {
      try {
        return statSync(f).size >= 2 * minPartBytes();
      } catch {
        return false;
      }
    });
    return large ? new ReadingThreads(threads - 1) : null;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Worker i reads a part: its messages go to `onMessage`; the outcome is its totals, or its error. */
  run(i: number, task: WorkerTask, onMessage: (m: Exclude<WorkerMessage, { kind: 'done' | 'error' }>) => void): Promise<PartDone> {
    return new Promise<PartDone>((resolve, reject) => {
      const listen = (m: WorkerMessage | Error): void => {
        if (m instanceof Error) reject(m);
        else if (m.kind === 'done') resolve(m);
        else if (m.kind === 'error')
          reject(m.input ? new InputError(m.input.file, m.input.problem, m.input.line, m.input.column) : new Error(`a reading thread failed: ${m.bug}`));
        else {
          onMessage(m);
          return;
        }
        delete this.listeners[i];
      };
      const worker = this.workers[i]!;
      worker.ref();
      this.listeners[i] = (m) => {
        if (m instanceof Error || m.kind === 'done' || m.kind === 'error') worker.unref();
        listen(m);
      };
      worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Threads started early (startReadingEarly), for the next ReadingThreads.start. */
let early: { threads: number; pool: ReadingThreads | null } | null = null;

/**
 * Starts the reading threads of the next run now, so that loading their code overlaps with the
 * command's own start (its rules, register and profiles): a command that reads exports calls it
 * first. The run takes them if it asks for as many threads; threads not taken never keep the
 * process alive.
 */
export function startReadingEarly(threads: number, inputs: readonly string[]): void {
  void early?.pool?.close();
  early = null;
  early = { threads, pool: ReadingThreads.start(threads, inputs) };
}

export interface VisitFileInput extends Omit<VisitPartInput, 'part' | 'seen' | 'onProgress'> {
  /** rows read in the file so far */
  onProgress?: (rowsRead: number) => void;
}

/** Reads one visit export into `totals`, on the reading threads too when it is large (see above). */
export async function readVisitFile(ctx: VisitContext, totals: VisitTotals, input: VisitFileInput, threads: ReadingThreads | null): Promise<void> {
  const { opened } = input;
  totals.personsHint = personsHint(ctx, opened.estimatedRows / (threads ? threads.size + 1 : 1));
  const bounds = threads ? splitPoints(opened, threads.size + 1, minPartBytes(), FIRST_PART_WEIGHT) : null;
  if (!threads || !bounds) {
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
  /**
   * The first part whose rejected rows are not all handed on: its rows go on at once, later
   * parts' wait. A part's lines are numbered from its start until the lines before it are
   * counted: `linesBefore[k]`, known once part k is the current one.
   */
  let current = 0;
  const linesBefore = new Array<number>(parts).fill(0);
  const waiting: RejectRecord[][] = Array.from({ length: parts }, () => []);
  const delivered: Int32Array[] = [];
  const hand = (k: number, rejects: readonly RejectRecord[]): void => {
    for (const r of rejects) input.onReject?.({ ...r, line: r.line + linesBefore[k]! });
    Atomics.add(delivered[k]!, 0, rejects.length);
    Atomics.notify(delivered[k]!, 0);
  };
  const results: Promise<PartDone>[] = [];
  for (let k = 1; k < parts; k++) {
    const buffer = new SharedArrayBuffer(4);
    delivered[k] = new Int32Array(buffer);
    const task: WorkerTask = {
      personsHint: totals.personsHint,
      context: wire,
      file: input.file,
      opened,
      part: { start: offsets[k]!, end: offsets[k + 1]!, firstLine: 1, fileSize },
      owners,
      expectedRows: share(k),
      delivered: buffer,
      rejectsWaiting: REJECTS_WAITING,
    };
    const result = threads.run(k - 1, task, (m) => {
      if (m.kind === 'rejects') {
        if (k === current) hand(k, m.rejects);
        else waiting[k]!.push(...m.rejects);
      } else {
        progress[k] = m.rows;
        reportProgress();
      }
    });
    // a part whose outcome is not awaited yet must not be an unhandled rejection
    result.catch(() => undefined);
    results.push(result);
  }
  const seen = new ContactIdSet(share(0));
  let lines = await readVisitPart(ctx, totals, {
    ...input,
    seen,
    part: { start: 0, end: offsets[1]!, firstLine: 1, fileSize },
    onProgress: (rows) => {
      progress[0] = rows;
      reportProgress();
    },
  });
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
    linesBefore[k] = lines;
    current = k;
    hand(k, waiting[k]!.splice(0));
    let done: PartDone;
    try {
      done = await results[k - 1]!;
    } catch (e) {
      // an input error of the part, now with the line's number in the file
      if (e instanceof InputError && e.line !== undefined) throw new InputError(e.file, e.problem, e.line + lines, e.column);
      throw e;
    }
    const part: FilePart = { start: offsets[k]!, end: offsets[k + 1]!, firstLine: lines + 1, fileSize };
    if (seen.hasAny(done.ids)) {
      // a contact id of an earlier part: read the part again after them (its rejected rows are handed on already)
      debug(`${input.file}: part ${k + 1} holds a contact id of an earlier part: read again after them`);
      await readVisitPart(ctx, totals, { file: input.file, opened, accs: input.accs, seen, part });
    } else {
      for (let v = 0; v < done.accs.length; v++) addRowAccounting(input.accs[v]!, done.accs[v]!);
      totals.join(done.totals, input.file, feeOf);
      if (k < parts - 1) seen.addAll(done.ids);
    }
    lines += done.lines;
  }
  if (input.accs[0]!.rowsRead === 0) throw new InputError(opened.file, 'the file has only a header and no contact rows');
}
