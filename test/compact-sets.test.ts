/** The typed-array sets must behave exactly like Set: no false duplicates, no missed ones. */
import { describe, expect, it } from 'vitest';
import { CompactStringSet, ContactIdSet, packContactId } from '../src/input/id-set.js';
import { CompactNumberSet, FreezableNumberSet } from '../src/model/number-set.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('CompactStringSet', () => {
  it('agrees with Set on 200 000 random ids with many repeats, across growth', () => {
    const rand = lcg(7);
    const ref = new Set<string>();
    const set = new CompactStringSet(4);
    for (let i = 0; i < 200_000; i++) {
      const len = 1 + Math.floor(rand() * 20);
      const id = Array.from({ length: len }, () => 'AB0123456789-åÖ'[Math.floor(rand() * 15)])
        .join('')
        .slice(0, 3 + (i % 7));
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

describe('ContactIdSet', () => {
  it('agrees with Set on ids packed as numbers and ids kept as text, never confusing the two', () => {
    const rand = lcg(13);
    const ref = new Set<string>();
    const set = new ContactIdSet(4);
    // digits (packed up to 15), capitals and digits (up to 10), lower case and others (text)
    const alphabets = ['0123456789', 'AB09-_', 'Ab0', 'AÖ0', '0 9'];
    for (let i = 0; i < 200_000; i++) {
      const abc = alphabets[i % alphabets.length]!;
      const len = 1 + Math.floor(rand() * 17);
      const id = Array.from({ length: len }, () => abc[Math.floor(rand() * abc.length)]).join('');
      const fresh = !ref.has(id);
      ref.add(id);
      expect(set.add(id)).toBe(fresh);
    }
  });
  it('packs every short code to its own number: leading zeros and length count', () => {
    const codes = (s: string) => Uint16Array.from(s, (c) => c.charCodeAt(0));
    const seen = new Map<number, string>();
    for (const id of ['0', '00', '000', '1', '01', '10', '999999999999999', 'A', '0A', 'A0', '-', '_', 'B1234567', 'B-_ZZZZZZZ', 'ZZZZZZZZZZ']) {
      const k = packContactId(codes(id), 0, id.length);
      expect(k, id).not.toBe(0);
      expect(Number.isSafeInteger(k), id).toBe(true);
      expect(seen.get(k), id).toBeUndefined();
      seen.set(k, id);
    }
    // past the exact range, or other characters: kept as text
    for (const id of ['1234567890123456', 'ABCDEFGHIJK', 'b1', 'Å1', '', 'A B']) expect(packContactId(codes(id), 0, id.length), id).toBe(0);
  });
});

describe('CompactNumberSet for runs of consecutive numbers', () => {
  it('agrees with Set on runs, strides and negative numbers, across growth', () => {
    const ref = new Set<number>();
    const set = new CompactNumberSet(2, true);
    const add = (x: number) => {
      const fresh = !ref.has(x);
      ref.add(x);
      expect(set.add(x)).toBe(fresh);
    };
    for (let i = 0; i < 50_000; i++) {
      add(1 + i);
      add(-(7 + i * 39));
      add(1 + i * 16);
      add(2 ** 40 + i * 2 ** 20);
    }
    for (const x of ref) expect(set.has(x)).toBe(true);
    expect(set.size).toBe(ref.size);
  });
});

describe("FreezableNumberSet (a listing snapshot's persons, frozen at the end of each file)", () => {
  it('agrees with Set on 12-digit keys across freezes: a key added before a freeze is still a duplicate after it', () => {
    const rand = lcg(12);
    const ref = new Set<number>();
    const set = new FreezableNumberSet();
    for (let i = 0; i < 100_000; i++) {
      // a small range of keys, so repeats are common both within and across frozen parts
      const key = 195001010000 + Math.floor(rand() * 60_000) * 7;
      const fresh = !ref.has(key);
      ref.add(key);
      expect(set.add(key)).toBe(fresh);
      if (i % 25_000 === 24_999) set.freeze();
    }
    set.freeze();
    set.freeze(); // freezing twice changes nothing
    for (const key of [...ref].slice(0, 1000)) expect(set.add(key)).toBe(false);
    expect(set.add(209912310001)).toBe(true);
    expect(set.add(209912310001)).toBe(false);
  });
});

describe('sets handed between threads (release, hasAny, addAll)', () => {
  it('a set joined with a released one holds their union; hasAny says whether they meet; for numbers and text ids', () => {
    for (const [seed, overlap] of [
      [11, false],
      [12, true],
    ] as const) {
      const rand = lcg(seed);
      const a = new ContactIdSet(10);
      const b = new ContactIdSet(10);
      const ref = new Set<string>();
      const id = (i: number): string => (i % 3 === 0 ? `k-${i}` : i % 3 === 1 ? String(1000 + i) : `B${i}`);
      // a holds even numbers' ids, b odd ones (and one of a's when they are to meet)
      for (let i = 0; i < 30_000; i++) {
        const n = Math.floor(rand() * 1_000_000) * 2 + (i % 2);
        const s = id(n);
        ref.add(s);
        (i % 2 === 0 ? a : b).add(s);
      }
      if (overlap) {
        a.add('SHARED-1');
        b.add('SHARED-1');
        ref.add('SHARED-1');
      }
      const released = b.release();
      expect(a.hasAny(released)).toBe(overlap);
      a.addAll(released);
      // every id of either set is in the union: adding it again finds it there
      for (const s of ref) expect(a.add(s), s).toBe(false);
    }
  });

  it('a compact number set grows once to take a released table, and keeps every number', () => {
    const rand = lcg(5);
    const a = new CompactNumberSet(16);
    const b = new CompactNumberSet(16);
    const ref = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const x = 190001010000 + Math.floor(rand() * 9e9);
      ref.add(x);
      (rand() < 0.5 ? a : b).add(x);
    }
    a.addAll(b.release());
    expect(a.size).toBe(ref.size);
    for (const x of ref) expect(a.has(x)).toBe(true);
    expect(b.size).toBe(0);
  });
});
