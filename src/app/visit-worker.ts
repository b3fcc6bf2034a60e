import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../input/errors.js';
import { ContactIdSet } from '../input/id-set.js';
import { newlinesInPrefix } from '../input/decode.js';
import { emptyRowAccounting, readVisitPart, VisitTotals, type RejectRecord } from './read-visits.js';
import { contextFromWire, type WorkerMessage, type WorkerTask } from './visit-threads.js';

/** A worker thread that reads one part of a visit export (see visit-threads.ts). */
const task = workerData as WorkerTask;
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

const delivered = new Int32Array(task.delivered);
let batch: RejectRecord[] = [];
let posted = 0;
/** Hands on the rejected rows gathered; waits while too many of them wait for the parts before this one. */
function flush(): void {
  if (batch.length === 0) return;
  post({ kind: 'rejects', rejects: batch });
  posted += batch.length;
  batch = [];
  for (let d = Atomics.load(delivered, 0); posted - d > task.rejectsWaiting; d = Atomics.load(delivered, 0)) Atomics.wait(delivered, 0, d, 1000);
}

async function run(): Promise<void> {
  const ctx = contextFromWire(task.context);
  const totals = new VisitTotals(ctx, task.owners);
  const acc = emptyRowAccounting();
  const seen = new ContactIdSet(task.expectedRows);
  const firstLine = 1 + newlinesInPrefix(task.opened.file, task.part.start);
  await readVisitPart(ctx, totals, {
    file: task.file,
    opened: task.opened,
    acc,
    seen,
    part: { ...task.part, firstLine },
    onReject: (r) => {
      batch.push(r);
      if (batch.length >= 1000) flush();
    },
    onProgress: (rows) => post({ kind: 'progress', rows }),
  });
  flush();
  const parts = totals.release();
  const ids = seen.release();
  const transfer = [ids.packed.buffer as ArrayBuffer];
  for (const c of parts.clinics) {
    transfer.push(c.rows.buffer as ArrayBuffer);
    if (c.tally) transfer.push(c.tally.persons.buffer as ArrayBuffer);
  }
  post({ kind: 'done', firstLine, acc, totals: parts, ids }, transfer);
}

run().catch((e: unknown) => {
  // the rejected rows before the error are handed on first, as a reading on one thread would have
  batch.length > 0 && post({ kind: 'rejects', rejects: batch });
  const input = e instanceof InputError ? { file: e.file, problem: e.problem, line: e.line, column: e.column } : null;
  post({ kind: 'error', input, bug: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
