/**
 * "Did you mean …?" for names a user types: parameter names, clinic ids, config keys, scenario
 * ids. Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), so
 * `unqiue` is one edit from `unique`. Pure, no dependencies: used from every layer.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = new Array<number>(n + 1).fill(0);
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = new Array<number>(n + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/**
 * The candidates closest to `input` (case-insensitive), at most a third of the input's length
 * away (at least one edit, at most four), best first; ties in candidate order. Empty when
 * nothing is close: a suggestion far off is worse than none.
 */
export function closest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const limit = Math.min(4, Math.max(1, Math.floor(needle.length / 3)));
  const scored: { c: string; d: number; i: number }[] = [];
  let i = 0;
  for (const c of new Set(candidates)) {
    const d = editDistance(needle, c.toLowerCase());
    if (d <= limit) scored.push({ c, d, i });
    i++;
  }
  return scored
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, max)
    .map((s) => s.c);
}

/** " (did you mean X?)" / " (did you mean X or Y?)", or '' when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const near = closest(input, candidates);
  if (near.length === 0) return '';
  const list = near.length === 1 ? near[0]! : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]!}`;
  return ` (did you mean ${list}?)`;
}
