// An open-addressing hash index from a 5-word key (4 address words as FlowBatch stores them, plus
// one word of kind/direction/prefix) to a dense row number. Detection keeps its counters in
// typed-array columns indexed by row, so an active host costs a few bytes of index plus its
// columns — no object, no Map entry, nothing for the garbage collector to trace.
// Linear probing at ≤ 50% load; deletion shifts the probe chain back (no tombstones), so a
// long-running detector that evicts idle hosts never degrades.

export const KEY_WORDS = 5;

/** 32-bit finaliser (murmur3): spreads IPv4 addresses that differ only in the last octet. */
function mix(words: Uint32Array, o: number, meta: number): number {
  let h =
    words[o + 3]! ^
    Math.imul(meta, 0x9e3779b1) ^
    Math.imul(words[o]!, 0x85ebca6b) ^
    Math.imul(words[o + 1]!, 0xc2b2ae35) ^
    Math.imul(words[o + 2]!, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class KeyIndex {
  /** Row keys, KEY_WORDS per row: address words 0–3, meta word 4. */
  keys: Uint32Array;
  capacity: number;
  count = 0;
  readonly maxRows: number;
  private table: Int32Array;
  private mask: number;
  private nextRow = 0;
  private free: Int32Array;
  private freeCount = 0;
  private readonly onGrow: (capacity: number) => void;
  private readonly growth: number;

  /**
   * `onGrow(capacity)` lets the owner resize its per-row columns before a new row is used;
   * `growth` trades copying (rare) against unused capacity (memory per active row).
   */
  constructor(initialCapacity: number, maxRows: number, onGrow: (capacity: number) => void, growth = 1.5) {
    this.maxRows = maxRows;
    this.growth = growth;
    this.capacity = Math.max(16, Math.min(initialCapacity, maxRows));
    this.keys = new Uint32Array(this.capacity * KEY_WORDS);
    this.free = new Int32Array(0);
    this.table = new Int32Array(tableSizeFor(this.capacity));
    this.mask = this.table.length - 1;
    this.onGrow = onGrow;
  }

  /** Bytes held by the index itself (keys, hash table, free list), for memory accounting. */
  get bytes(): number {
    return this.keys.byteLength + this.table.byteLength + this.free.byteLength;
  }

  /** The row of a key, or -1. `words[offset..offset+3]` are the address words. */
  find(words: Uint32Array, offset: number, meta: number): number {
    const keys = this.keys;
    let slot = mix(words, offset, meta) & this.mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === 0) return -1;
      const k = (entry - 1) * KEY_WORDS;
      if (
        keys[k + 3] === words[offset + 3] &&
        keys[k + 4] === meta &&
        keys[k] === words[offset] &&
        keys[k + 1] === words[offset + 1] &&
        keys[k + 2] === words[offset + 2]
      ) {
        return entry - 1;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The row of a key, inserting it when new; -1 when maxRows rows are in use. */
  insert(words: Uint32Array, offset: number, meta: number): number {
    // One probe for both: a miss ends on the empty slot where the key belongs (the hot path of
    // the workers' tick tables, which start empty every tick).
    const keys = this.keys;
    let slot = mix(words, offset, meta) & this.mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === 0) break;
      const k = (entry - 1) * KEY_WORDS;
      if (
        keys[k + 3] === words[offset + 3] &&
        keys[k + 4] === meta &&
        keys[k] === words[offset] &&
        keys[k + 1] === words[offset + 1] &&
        keys[k + 2] === words[offset + 2]
      ) {
        return entry - 1;
      }
      slot = (slot + 1) & this.mask;
    }
    const size = this.table.length;
    const row = this.allocate();
    if (row < 0) return -1;
    const k = row * KEY_WORDS;
    this.keys[k] = words[offset]!;
    this.keys[k + 1] = words[offset + 1]!;
    this.keys[k + 2] = words[offset + 2]!;
    this.keys[k + 3] = words[offset + 3]!;
    this.keys[k + 4] = meta;
    // A grow rebuilds the table: the slot found above no longer applies.
    if (this.table.length === size) this.table[slot] = row + 1;
    else this.place(row);
    this.count++;
    return row;
  }

  /** Removes a row (its number may be handed out again). */
  remove(row: number): void {
    let slot = mix(this.keys, row * KEY_WORDS, this.keys[row * KEY_WORDS + 4]!) & this.mask;
    while (this.table[slot] !== row + 1) {
      if (this.table[slot] === 0) return; // not present
      slot = (slot + 1) & this.mask;
    }
    this.table[slot] = 0;
    // Backward shift: pull later entries of the probe chain into the hole when their home slot
    // does not lie cyclically between the hole and their current slot.
    let hole = slot;
    let j = slot;
    for (;;) {
      j = (j + 1) & this.mask;
      const entry = this.table[j]!;
      if (entry === 0) break;
      const k = (entry - 1) * KEY_WORDS;
      const home = mix(this.keys, k, this.keys[k + 4]!) & this.mask;
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        this.table[hole] = entry;
        this.table[j] = 0;
        hole = j;
      }
    }
    if (this.free.length <= this.freeCount) this.free = growInt32(this.free, this.capacity);
    this.free[this.freeCount++] = row;
    this.count--;
  }

  /** Forgets every row (the per-tick tables of collector workers). */
  clear(): void {
    if (this.nextRow > 0) this.table.fill(0);
    this.nextRow = 0;
    this.freeCount = 0;
    this.count = 0;
  }

  /** Rows in use are 0..highWater-1 minus freed ones. */
  get highWater(): number {
    return this.nextRow;
  }

  private allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    if (this.nextRow === this.capacity) {
      if (this.capacity >= this.maxRows) return -1;
      this.grow(Math.min(this.maxRows, Math.ceil(this.capacity * this.growth)));
    }
    return this.nextRow++;
  }

  private place(row: number): void {
    let slot = mix(this.keys, row * KEY_WORDS, this.keys[row * KEY_WORDS + 4]!) & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = row + 1;
  }

  private grow(capacity: number): void {
    const keys = new Uint32Array(capacity * KEY_WORDS);
    keys.set(this.keys);
    this.keys = keys;
    this.capacity = capacity;
    const size = tableSizeFor(capacity);
    if (size !== this.table.length) {
      this.table = new Int32Array(size);
      this.mask = size - 1;
      const freed = new Set(this.free.subarray(0, this.freeCount));
      for (let row = 0; row < this.nextRow; row++) if (!freed.has(row)) this.place(row);
    }
    this.onGrow(capacity);
  }
}

/** Smallest power of two ≥ 2 × capacity: load factor ≤ 0.5 keeps probe chains short. */
function tableSizeFor(capacity: number): number {
  let size = 32;
  while (size < capacity * 2) size *= 2;
  return size;
}

function growInt32(old: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(Math.max(16, capacity));
  next.set(old);
  return next;
}

/** Grows a typed-array column to `capacity × width` elements, keeping its contents. */
export function growColumn<
  T extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array | Int16Array,
>(column: T, capacity: number, width = 1): T {
  const Ctor = column.constructor as new (length: number) => T;
  const next = new Ctor(capacity * width);
  next.set(column as never);
  return next;
}
