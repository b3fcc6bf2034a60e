import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
  const out = new Set<string>();
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
      const hits = readdirSync(a).filter((f) => /\.csv$/i.test(f)).map((f) => join(a, f));
      if (hits.length === 0) throw new InputError(a, 'the directory has no .csv files');
      hits.forEach((h) => out.add(h));
      continue;
    }
    out.add(a);
  }
  return [...out].sort();
}
