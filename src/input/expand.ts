import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SkippedFile } from '../model/completeness.js';
import { InputError } from './errors.js';

function globToRegExp(pattern: string): RegExp {
  const esc = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${esc}$`);
}

/**
 * Input arguments → export files: a file as is, a directory as its *.csv files, a pattern with
 * * or ? in its last part as the matching files (for shells that pass it quoted). Sorted and
 * without repeats, so the order of arguments never matters.
 */
export function expandInputs(args: readonly string[]): string[] {
  return listInputs(args).files;
}

/** Why a directory entry is not read as an export. */
function skipReason(dir: string, name: string): string {
  if (statSync(join(dir, name)).isDirectory()) return 'a directory (subdirectories are not read)';
  return 'not a .csv file (only *.csv files of a directory are read)';
}

/**
 * The export files of the arguments, and every entry of a given directory that is not read, with
 * why: a month saved as .txt must be named, not silently left out (issue 8).
 */
export function listInputs(args: readonly string[]): { files: string[]; skipped: SkippedFile[] } {
  const out = new Set<string>();
  const skipped: SkippedFile[] = [];
  for (const a of args) {
    if (/[*?]/.test(basename(a))) {
      const dir = dirname(a);
      const re = globToRegExp(basename(a));
      const hits = existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).map((f) => join(dir, f)) : [];
      if (hits.length === 0) throw new InputError(a, 'no file matches this pattern');
      hits.forEach((h) => out.add(h));
      continue;
    }
    if (!existsSync(a)) throw new InputError(a, 'no such file or directory');
    if (statSync(a).isDirectory()) {
      const names = readdirSync(a).sort();
      const hits = names.filter((f) => /\.csv$/i.test(f)).map((f) => join(a, f));
      for (const f of names) if (!/\.csv$/i.test(f)) skipped.push({ file: join(a, f), reason: skipReason(a, f) });
      if (hits.length === 0) throw new InputError(a, 'the directory has no .csv files');
      hits.forEach((h) => out.add(h));
      continue;
    }
    out.add(a);
  }
  return { files: [...out].sort(), skipped: skipped.sort((x, y) => x.file.localeCompare(y.file)) };
}
