import { join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

/**
 * The one glob of the project (tinyglobby, picomatch syntax: `*`, `?`, `**`, `[…]`, `{a,b}`), for
 * input patterns and rule-file lookups alike. Results are sorted (code-unit order) so a run never
 * depends on the order a file system lists a directory in, and keep the spelling of the directory
 * they were asked for (relative stays relative).
 */

/** True when a path argument is a pattern rather than a file name. */
export function isPattern(arg: string): boolean {
  return isDynamicPattern(arg);
}

/**
 * The files of `dir` matching `pattern` (relative to dir), joined to dir, sorted. A missing
 * directory has none. Hidden files and directories only with `dot`; the match is case-sensitive
 * unless `anyCase`.
 */
export function filesIn(dir: string, pattern: string, opts: { dot?: boolean; anyCase?: boolean } = {}): string[] {
  return globSync(pattern, { cwd: dir, expandDirectories: false, dot: opts.dot ?? false, caseSensitiveMatch: !opts.anyCase })
    .sort()
    .map((f) => join(dir, f));
}

/** Every entry of `dir` (hidden ones too), sorted; directories end with `/`. */
export function entriesOf(dir: string): string[] {
  return globSync('*', { cwd: dir, expandDirectories: false, dot: true, onlyFiles: false }).sort();
}

/**
 * The files a pattern matches, e.g. `exports/2025-*.csv` or `exports/**\/*.csv`: the part before
 * the first segment with a wildcard is the directory searched, in the user's spelling. Hidden
 * files and directories are not matched (as in a shell), so `**` does not walk into `.vardval/`.
 */
export function matchPattern(pattern: string): string[] {
  const parts = pattern.split('/');
  const first = parts.findIndex((p) => isDynamicPattern(p));
  if (first < 0) return [];
  const dir = parts.slice(0, first).join('/') || (pattern.startsWith('/') ? '/' : '.');
  return filesIn(dir, parts.slice(first).join('/'));
}
