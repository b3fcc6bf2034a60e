/**
 * The CLI's outputs on the bundled data, byte for byte, against test/golden/ (written by
 * `node scripts/golden.mjs --update`). A change to the sample outputs shows here as a diff and
 * is committed deliberately with the regenerated golden files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script shared with the generator
import { GOLDEN_DIR, RUNS, runGolden } from '../scripts/golden.mjs';

describe('golden outputs on the bundled data', () => {
  for (const [name, args] of Object.entries(RUNS as Record<string, string[]>)) {
    it(name, () => {
      const now = runGolden(args) as Record<string, string>;
      const dir = join(GOLDEN_DIR as string, name);
      const stored = Object.fromEntries(
        readdirSync(dir)
          .sort()
          .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
      );
      expect(Object.keys(now).sort()).toEqual(Object.keys(stored));
      for (const f of Object.keys(stored)) expect(now[f], `${name}/${f}`).toBe(stored[f]);
    }, 60_000);
  }
});
