import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SkippedFile } from '../model/completeness.js';
import { entriesOf, filesIn, isPattern, matchPattern } from '../util/glob.js';
import { InputError } from './errors.js';

/**
 * Input arguments → export files: a file as is, a directory as its *.csv files, a pattern
 * (`exports/2025-*.csv`, `exports/**\/*.csv`, for shells that pass it quoted) as the files it
 * matches. Sorted and without repeats, so the order of arguments never matters.
 */
export function expandInputs(args: readonly string[]): string[] {
  return listInputs(args).files;
}

/** Why a directory entry is not read as an export. */
function skipReason(entry: string): string {
  if (entry.endsWith('/')) return 'a directory (subdirectories are not read)';
  return 'not a .csv file (only *.csv files of a directory are read)';
}

/**
 * The export files of the arguments, and every entry of a given directory that is not read, with
 * why: a month saved as .txt must be named, not silently left out (issue 8). An argument that
 * exists is taken as it is written, even when it has glob characters (`export [1].csv`).
 */
export function listInputs(args: readonly string[]): { files: string[]; skipped: SkippedFile[] } {
  const out = new Set<string>();
  const skipped: SkippedFile[] = [];
  for (const a of args) {
    if (!existsSync(a) && isPattern(a)) {
      const hits = matchPattern(a);
      if (hits.length === 0) throw new InputError(a, 'no file matches this pattern');
      for (const h of hits) out.add(h);
      continue;
    }
    if (!existsSync(a)) throw new InputError(a, 'no such file or directory');
    if (statSync(a).isDirectory()) {
      // hidden *.csv files are read, as always: every entry of a directory is read or named
      const hits = filesIn(a, '*.csv', { dot: true, anyCase: true });
      const read = new Set(hits);
      for (const e of entriesOf(a)) if (!read.has(join(a, e))) skipped.push({ file: join(a, e.replace(/\/$/, '')), reason: skipReason(e) });
      if (hits.length === 0) throw new InputError(a, 'the directory has no .csv files');
      for (const h of hits) out.add(h);
      continue;
    }
    out.add(a);
  }
  return { files: [...out].sort(), skipped: skipped.sort((x, y) => x.file.localeCompare(y.file)) };
}
