import { CompactNumberSet, slotsFor } from '../model/number-set.js';

/**
 * An exact set of strings kept in typed arrays, for the contact ids of an export (one per row).
 *
 * A JavaScript Set of millions of strings costs more than the rest of a run together: every
 * entry is a heap object the garbage collector walks again and again. Here the characters live
 * in one growing Uint16Array and the table in two Uint32Arrays, which the collector does not
 * look into. Lookups compare the full text, so the set is exact (no false duplicates).
 */
export class CompactStringSet {
  private table: Uint32Array; // slot → 1 + offset of the entry in `chars`; 0 = empty
  private hashes: Uint32Array; // slot → hash of its entry (cheap reject, and rehash without text)
  private chars: Uint16Array; // entries as [length, code units…]
  private used = 0;
  size = 0;

  constructor(initialSlots = 1 << 16) {
    this.table = new Uint32Array(initialSlots);
    this.hashes = new Uint32Array(initialSlots);
    this.chars = new Uint16Array(1 << 16);
  }

  /** Adds `s`; returns false if it was already there. */
  add(s: string): boolean {
    const h = hash(s);
    const mask = this.table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = this.table[i]!;
      if (at === 0) {
        this.table[i] = this.store(s) + 1;
        this.hashes[i] = h;
        if (++this.size * 2 > this.table.length) this.grow();
        return true;
      }
      if (this.hashes[i] === h && this.equals(at - 1, s)) return false;
    }
  }

  has(s: string): boolean {
    const h = hash(s);
    const mask = this.table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = this.table[i]!;
      if (at === 0) return false;
      if (this.hashes[i] === h && this.equals(at - 1, s)) return true;
    }
  }

  /** Every entry, in table order. */
  values(): string[] {
    const out: string[] = [];
    for (const at of this.table) {
      if (at === 0) continue;
      const len = this.chars[at - 1]!;
      out.push(String.fromCharCode(...this.chars.subarray(at, at + len)));
    }
    return out;
  }

  private equals(offset: number, s: string): boolean {
    const c = this.chars;
    if (c[offset] !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (c[offset + 1 + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  private store(s: string): number {
    if (s.length > 0xffff) throw new Error('contact id longer than 65535 characters');
    const need = this.used + 1 + s.length;
    if (need > this.chars.length) {
      let cap = this.chars.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint16Array(cap);
      next.set(this.chars.subarray(0, this.used));
      this.chars = next;
    }
    const at = this.used;
    this.chars[at] = s.length;
    for (let k = 0; k < s.length; k++) this.chars[at + 1 + k] = s.charCodeAt(k);
    this.used = need;
    return at;
  }

  private grow(): void {
    const oldTable = this.table;
    const oldHashes = this.hashes;
    this.table = new Uint32Array(oldTable.length * 2);
    this.hashes = new Uint32Array(oldTable.length * 2);
    const mask = this.table.length - 1;
    for (let j = 0; j < oldTable.length; j++) {
      const at = oldTable[j]!;
      if (at === 0) continue;
      const h = oldHashes[j]!;
      let i = h & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = at;
      this.hashes[i] = h;
    }
  }
}

/** FNV-1a over UTF-16 code units, finished with a murmur-style mix so low bits spread. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * The contact ids of one export, for the duplicate check, at about 11 bytes an id.
 *
 * Contact ids are short codes (digits, or capitals and digits: 4711, B1234567, K-2026-0042). Such
 * an id is packed exactly into one number below 2^53 (bijective numeration: every text has its
 * own number) and kept in a CompactNumberSet: 8 bytes a slot, a third more slots than ids.
 * An id of up to 15 digits is a positive number, one of up to 10 of 0-9 A-Z - _ a negative one,
 * so the two kinds never meet. Any other id (longer, lower case, other characters) is kept as text
 * in a CompactStringSet. Exact either way: no fingerprint, no false duplicate.
 */
export class ContactIdSet {
  private readonly packed: CompactNumberSet;
  private readonly other = new CompactStringSet();

  /** @param expected ids expected (a file's estimated rows): the table is sized once, not grown step by step */
  constructor(expected = 0) {
    this.packed = new CompactNumberSet(slotsFor(expected, 1 << 16, MAX_INITIAL_SLOTS), true);
  }

  /**
   * Adds the id text[from..to), whose character codes are codes[from..to) (a reader's bytes of
   * the chunk); returns false if it was already there.
   */
  addAt(text: string, codes: Uint8Array | Uint16Array, from: number, to: number): boolean {
    const k = packContactId(codes, from, to);
    return k !== 0 ? this.packed.add(k) : this.other.add(text.slice(from, to));
  }

  /** The ids, to hand to another thread: the set must not be used after. */
  release(): ContactIds {
    return { packed: this.packed.release(), other: this.other.values() };
  }

  /** Whether any of the released ids `ids` is here: a contact id in two parts of a file. */
  hasAny(ids: ContactIds): boolean {
    return this.packed.hasAny(ids.packed) || ids.other.some((s) => this.other.has(s));
  }

  addAll(ids: ContactIds): void {
    this.packed.addAll(ids.packed);
    for (const s of ids.other) this.other.add(s);
  }

  add(id: string): boolean {
    const codes = new Uint16Array(id.length);
    for (let i = 0; i < id.length; i++) codes[i] = id.charCodeAt(i);
    return this.addAt(id, codes, 0, id.length);
  }
}

/** The contact ids of a ContactIdSet handed between threads (see release). */
export interface ContactIds {
  /** the packed ids' table: zeros are empty */
  packed: Float64Array;
  other: string[];
}

/** Presized at most this far (128 MiB, 12 million ids); past it the set grows as it fills. */
const MAX_INITIAL_SLOTS = 1 << 24;

/** Symbols of a packed id: 0-9 A-Z - _ as 1..38 (base 39), 0 for any other character. */
const SYMBOL = (() => {
  const t = new Uint8Array(256);
  for (let c = 48; c <= 57; c++) t[c] = c - 47; // 1..10
  for (let c = 65; c <= 90; c++) t[c] = c - 54; // 11..36
  t[45] = 37;
  t[95] = 38;
  return t;
})();

function symbol(c: number): number {
  return c < 256 ? SYMBOL[c]! : 0;
}

/** The id with character codes codes[from..to) as an exact number (see ContactIdSet), or 0 if it is not such a short code. */
export function packContactId(codes: Uint8Array | Uint16Array, from: number, to: number): number {
  const len = to - from;
  if (len <= 0) return 0;
  let v = 0;
  let allDigits = true;
  for (let i = from; i < to; i++) {
    const c = codes[i]! - 48;
    if (c < 0 || c > 9) {
      allDigits = false;
      break;
    }
    v = v * 11 + c + 1;
  }
  if (allDigits) return len <= 15 ? v : 0;
  if (len > 10) return 0;
  v = 0;
  for (let i = from; i < to; i++) {
    const s = symbol(codes[i]!);
    if (s === 0) return 0;
    v = v * 39 + s;
  }
  return -v;
}
