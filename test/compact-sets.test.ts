/** The typed-array sets must behave exactly like Set: no false duplicates, no missed ones. */
import { describe, expect, it } from 'vitest';
import { CompactStringSet } from '../src/input/id-set.js';
import { CompactNumberSet } from '../src/model/number-set.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('CompactStringSet', () => {
  it('agrees with Set on 200 000 random ids with many repeats, across growth', () => {
    const rand = lcg(7);
    const ref = new Set<string>();
    const set = new CompactStringSet(4);
    for (let i = 0; i < 200_000; i++) {
      const len = 1 + Math.floor(rand() * 20);
      const id = Array.from({ length: len }, () => 'AB0123456789-åÖ'[Math.floor(rand() * 15)]).join('').slice(0, 3 + (i % 7));
      const fresh = !ref.has(id);
      ref.add(id);
      expect(set.add(id)).toBe(fresh);
    }
    expect(set.size).toBe(ref.size);
    for (const id of ref) expect(set.has(id)).toBe(true);
    expect(set.has('not-there-at-all')).toBe(false);
  });
  it('tells apart ids that differ in one character or in length only', () => {
    const set = new CompactStringSet(2);
    expect(set.add('K0001')).toBe(true);
    expect(set.add('K0002')).toBe(true);
    expect(set.add('K000')).toBe(true);
    expect(set.add('')).toBe(true);
    expect(set.add('K0001')).toBe(false);
    expect(set.add('')).toBe(false);
    expect(set.size).toBe(4);
  });
});

describe('CompactNumberSet', () => {
  it('agrees with Set on 12-digit keys, across growth', () => {
    const rand = lcg(11);
    const ref = new Set<number>();
    const set = new CompactNumberSet(2);
    for (let i = 0; i < 200_000; i++) {
      const x = 190000000000 + Math.floor(rand() * 50_000) * 1_000_003;
      const fresh = !ref.has(x);
      ref.add(x);
      expect(set.add(x)).toBe(fresh);
    }
    expect(set.size).toBe(ref.size);
    for (const x of ref) expect(set.has(x)).toBe(true);
    expect(set.has(199912319999)).toBe(ref.has(199912319999));
  });
});
