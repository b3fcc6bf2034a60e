/**
 * An exact set of non-zero integers below 2^53 in a Float64Array (open addressing), for the
 * 12-digit person keys of a clinic. A JavaScript Set of millions of numbers keeps each one as
 * a heap object the garbage collector walks; this keeps memory bounded by patients and out of
 * the collector's way.
 */
export class CompactNumberSet {
  private slots: Float64Array; // 0 = empty
  /** slots / 2^blockBits */
  private blocks: number;
  private readonly blockBits: number;
  size = 0;

  /**
   * @param initialSlots slots to start with (rounded up to whole blocks)
   * @param runs numbers come in runs of consecutive values (contact ids written in sequence):
   *   keep each run of 16 in one block of slots (see `home`); random keys (persons) are better
   *   spread one by one
   */
  constructor(initialSlots = 1 << 10, runs = false) {
    this.blockBits = runs ? 4 : 0;
    this.blocks = Math.max(1, Math.ceil(initialSlots / (1 << this.blockBits)));
    this.slots = new Float64Array(this.blocks << this.blockBits);
  }

  /** Adds `x` (a non-zero integer below 2^53); returns false if it was already there. */
  add(x: number): boolean {
    const slots = this.slots;
    const n = slots.length;
    const step = 1 << this.blockBits;
    for (let i = this.home(x); ; ) {
      const v = slots[i]!;
      if (v === x) return false;
      if (v === 0) {
        slots[i] = x;
        // at most three quarters full: a probe stays short, and the table is a third smaller than at half
        if (++this.size * 4 > n * 3) this.grow();
        return true;
      }
      i += step;
      if (i >= n) i = (i + 1) & (step - 1);
    }
  }

  /**
   * Probing goes block by block at the same place in the block (see `home`), and past the last
   * block on to the next place in the first: every slot once. Full blocks (a run of 16 ids)
   * then cost a probe each, not sixteen, where a number is not there.
   */
  has(x: number): boolean {
    const slots = this.slots;
    const n = slots.length;
    const step = 1 << this.blockBits;
    for (let i = this.home(x); ; ) {
      const v = slots[i]!;
      if (v === x) return true;
      if (v === 0) return false;
      i += step;
      if (i >= n) i = (i + 1) & (step - 1);
    }
  }

  /**
   * The table itself, to hand to another thread (zeros are empty slots): the set must not be used
   * after. Cheaper than sorted() when the receiver only adds or looks up each number.
   */
  release(): Float64Array {
    const slots = this.slots;
    this.blocks = 1;
    this.slots = new Float64Array(1 << this.blockBits);
    this.size = 0;
    return slots;
  }

  /** Adds every non-zero number of `xs` (a released table). */
  addAll(xs: Float64Array): void {
    let n = 0;
    for (let i = 0; i < xs.length; i++) if (xs[i] !== 0) n++;
    // room for all of them at once: one rehash at most, not one per doubling
    const need = Math.ceil(((this.size + n) * 4) / 3) + 1;
    if (need > this.slots.length) this.rehash(Math.ceil(need / (1 << this.blockBits)));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (x !== 0) this.add(x);
    }
  }

  /** Whether any non-zero number of `xs` is in the set. */
  hasAny(xs: Float64Array): boolean {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (x !== 0 && this.has(x)) return true;
    }
    return false;
  }

  /** The numbers in ascending order, in an array of exactly their count. */
  sorted(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (const v of this.slots) if (v !== 0) out[n++] = v;
    return out.sort();
  }

  /**
   * The slot where `x` is looked for first. With blockBits > 0, runs of 2^blockBits consecutive
   * numbers share a scattered block of slots, each at its own place in it: ids written in
   * sequence (contact ids B1000, B1001, …) then land side by side, which spares a cache miss per
   * row on a table of tens of megabytes (measured: about 0.3 s of 4 on the 2M-row bench). The
   * blocks themselves are spread by a full mix, so another pattern costs at most a longer probe.
   */
  private home(x: number): number {
    const bits = this.blockBits;
    const lo = x >>> 0;
    let h = Math.imul((lo >>> bits) ^ Math.imul(Math.floor(x / 4294967296), 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    // the block: the hash's fraction of the table (any table size, not only powers of two)
    const block = Math.floor(((h >>> 0) / 4294967296) * this.blocks);
    return (block << bits) | (lo & ((1 << bits) - 1));
  }

  private grow(): void {
    this.rehash(this.blocks * 2);
  }

  private rehash(blocks: number): void {
    const old = this.slots;
    this.blocks = blocks;
    this.slots = new Float64Array(this.blocks << this.blockBits);
    this.size = 0;
    for (const v of old) if (v !== 0) this.add(v);
  }
}

/**
 * A CompactNumberSet that can be frozen when no more numbers are expected (a listing snapshot
 * read to its file's end): it then keeps them sorted in an array of exactly their count, 8 bytes
 * a number instead of 16 to 32 in the open table, and is searched by halving. It stays exact and
 * can still grow: numbers added after freezing go to a new open table (a snapshot date that
 * continues in a later file).
 */
export class FreezableNumberSet {
  private frozen: Float64Array[] = [];
  private live: CompactNumberSet | null = null;
  /** numbers held */
  size = 0;
  /** table slots to start with: room for the numbers expected, so that the table never grows */
  private readonly slots: number;

  /** @param expected numbers likely to come (the persons of the snapshot before): only a first size */
  constructor(expected = 0) {
    this.slots = slotsFor(expected, 1 << 16, Number.MAX_SAFE_INTEGER);
  }

  /** Adds `x` (a non-zero integer below 2^53); returns false if it was already there. */
  add(x: number): boolean {
    for (let i = 0; i < this.frozen.length; i++) if (sortedHas(this.frozen[i]!, x)) return false;
    this.live ??= new CompactNumberSet(this.slots);
    if (!this.live.add(x)) return false;
    this.size++;
    return true;
  }

  freeze(): void {
    if (this.live === null) return;
    this.frozen.push(this.live.sorted());
    this.live = null;
  }
}

function sortedHas(a: Float64Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Slots for a CompactNumberSet that is to hold `expected` numbers without growing (at most three
 * quarters full), at least `min` and, for a guess that may be far too high, at most `max`.
 */
export function slotsFor(expected: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.ceil(((expected + 1) * 4) / 3) + 16));
}
