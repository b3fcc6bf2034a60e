import { parentPort } from 'node:worker_threads';
import { InputError } from '../input/errors.js';
import { ContactIdSet } from '../input/id-set.js';
import { emptyRowAccounting, readVisitPart, VisitTotals, type RejectRecord } from './read-visits.js';
import { contextFromWire, type WorkerMessage, type WorkerTask } from './visit-threads.js';

/**
 * A reading thread (see visit-threads.ts): it loads its modules at once, then reads the parts of
 * visit exports it is given, one after the other, each into totals of its own. Line numbers are
 * counted from the part's first line; the thread that joins the parts adds the lines before it.
 */
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

async function run(task: WorkerTask): Promise<void> {
  const delivered = new Int32Array(task.delivered);
  let batch: RejectRecord[] = [];
  let posted = 0;
  /** Hands on the rejected rows gathered; waits while too many of them wait for the parts before this one. */
  const flush = (): void => {
    if (batch.length === 0) return;
    post({ kind: 'rejects', rejects: batch });
    posted += batch.length;
    batch = [];
    for (let d = Atomics.load(delivered, 0); posted - d > task.rejectsWaiting; d = Atomics.load(delivered, 0)) Atomics.wait(delivered, 0, d, 1000);
  };
  try {
    const ctx = contextFromWire(task.context);
    const totals = new VisitTotals(ctx, task.owners);
    totals.personsHint = task.personsHint;
    const accs = ctx.views.map(() => emptyRowAccounting());
    const seen = new ContactIdSet(task.expectedRows);
    const lines = await readVisitPart(ctx, totals, {
      file: task.file,
      opened: task.opened,
      accs,
      seen,
      part: task.part,
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
      for (const t of c.tallies) if (t) transfer.push(t.persons.buffer as ArrayBuffer);
    }
    post({ kind: 'done', lines, accs, totals: parts, ids }, transfer);
  } catch (e) {
    // the rejected rows before the error are handed on first, as a reading on one thread would have
    if (batch.length > 0) post({ kind: 'rejects', rejects: batch });
    const input = e instanceof InputError ? { file: e.file, problem: e.problem, line: e.line, column: e.column } : null;
    post({ kind: 'error', input, bug: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

let queue = Promise.resolve();
port.on('message', (task: WorkerTask) => {
  queue = queue.then(() => run(task));
});
