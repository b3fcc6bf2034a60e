import { availableParallelism } from 'node:os';
import { startReadingEarly } from '../app/visit-threads.js';
import { listInputs } from '../input/expand.js';
import { threadsOf } from './common.js';

/**
 * Starts the threads that read large exports while the command loads its rules (see
 * startReadingEarly): the first thing a command that reads exports does. Inputs that cannot be
 * listed, or a --threads that is no number, are the command's to report when it gets to them.
 */
export function startReading(args: readonly string[], o: { threads?: string }): void {
  try {
    startReadingEarly(threadsOf(o).threads ?? availableParallelism(), listInputs(args).files);
  } catch {
    // reported by the command
  }
}
