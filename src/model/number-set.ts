/**
 * An exact set of non-zero integers below 2^53 in a Float64Array (open addressing), for the
 * 12-digit person keys of a clinic. A JavaScript Set of millions of numbers keeps each one as
 * a heap object the garbage collector walks; this keeps memory bounded by patients and out of
 * the collector's way.
 */
export class CompactNumberSet {
  private slots: Float64Array; // 0 = empty
  size = 0;

  constructor(initialSlots = 1 << 10) {
    this.slots = new Float64Array(initialSlots);
  }

  /** Adds `x` (a non-zero integer below 2^53); returns false if it was already there. */
  add(x: number): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = mix(x) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === x) return false;
      if (v === 0) {
        slots[i] = x;
        if (++this.size * 2 > slots.length) this.grow();
        return true;
      }
    }
  }

  has(x: number): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = mix(x) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === x) return true;
      if (v === 0) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (const v of old) {
      if (v === 0) continue;
      let i = mix(v) & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = v;
    }
  }
}

function mix(x: number): number {
  let h = Math.imul((x >>> 0) ^ Math.floor(x / 4294967296), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
