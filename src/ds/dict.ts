/**
 * ds/dict.ts — the hash table behind the keyspace, the expires table, hashes, sets and sorted
 * sets. An index from key to slot (KeyIndex, below) plus two dense arrays (keys, values):
 *  - get/set/delete are O(1) (delete moves the last slot into the hole);
 *  - randomKey is O(1), as RANDOMKEY, SPOP, SRANDMEMBER and eviction sampling need;
 *  - scan() walks slots from the top down, which keeps Redis's SCAN guarantee: an element present
 *    for the whole iteration is returned at least once, whatever is added or deleted meanwhile
 *    (a delete only ever moves an already-visited element into an unvisited slot).
 * Optionally (the keyspace) each slot also carries a 32-bit word of metadata, kept in a typed
 * array that moves with the slot: the keyspace stores Redis's per-object LRU clock / LFU counter
 * there (4 bytes a key instead of a field on every value; see db/object-info.ts).
 * Pure data structure: no protocol, no server.
 */

/**
 * Open-addressing hash index from string to slot number: linear probing over an Int32Array of
 * (hash, slot + 1) pairs, load factor between 1/8 and 1/2, backward-shift deletion (no
 * tombstones). It replaces a Map<string, number>: a lookup with a freshly parsed key reads one
 * pair of words, then the key in the caller's key array, where V8's OrderedHashMap follows a
 * bucket, an entry and a chain of keys (each a cache miss on a big table), which made Map
 * lookups the largest single cost of SET under pipelined load. Growth re-inserts the stored
 * hashes without touching the keys.
 */
const HASH_BASIS = (0x811c9dc5 ^ Math.floor(Math.random() * 0x100000000)) | 0;

export class KeyIndex {
  /** Pairs [hash, slot + 1]; slot + 1 === 0 marks an empty position. */
  private tab = new Int32Array(16);
  private mask = 7;
  private count = 0;

  /**
   * The mixed 32-bit hash of a string: FNV-1a over its char codes from a per-process random
   * basis (so that colliding keys cannot be prepared in advance, as Redis seeds SipHash), then
   * a murmur3 finaliser.
   */
  static hash(s: string): number {
    let h = HASH_BASIS;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h;
  }

  get size(): number {
    return this.count;
  }

  /** The slot of key, or -1; `keys[slot]` is compared with key to confirm a hash match. */
  find(key: string, h: number, keys: readonly string[]): number {
    const tab = this.tab;
    const mask = this.mask;
    let p = h & mask;
    for (;;) {
      const s = tab[2 * p + 1]!;
      if (s === 0) return -1;
      if (tab[2 * p] === h && keys[s - 1] === key) return s - 1;
      p = (p + 1) & mask;
    }
  }

  /** Adds a key known to be absent (hash h) at slot. */
  add(h: number, slot: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.rebuild((this.mask + 1) * 2);
    this.place(h, slot);
    this.count++;
  }

  private place(h: number, slot: number): void {
    const tab = this.tab;
    const mask = this.mask;
    let p = h & mask;
    while (tab[2 * p + 1] !== 0) p = (p + 1) & mask;
    tab[2 * p] = h;
    tab[2 * p + 1] = slot + 1;
  }

  /** The position holding (h, slot), or -1. */
  private positionOf(h: number, slot: number): number {
    const tab = this.tab;
    const mask = this.mask;
    let p = h & mask;
    for (;;) {
      const s = tab[2 * p + 1]!;
      if (s === 0) return -1;
      if (s === slot + 1) return p;
      p = (p + 1) & mask;
    }
  }

  /** Points the entry (h, from) at slot `to` instead. */
  move(h: number, from: number, to: number): void {
    const p = this.positionOf(h, from);
    if (p >= 0) this.tab[2 * p + 1] = to + 1;
  }

  /** Removes the entry (h, slot). */
  remove(h: number, slot: number): void {
    let i = this.positionOf(h, slot);
    if (i < 0) return;
    const tab = this.tab;
    const mask = this.mask;
    // Backward shift: pull each following entry of the run into the hole unless its home
    // position lies cyclically in (hole, its position].
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const s = tab[2 * j + 1]!;
      if (s === 0) break;
      const home = tab[2 * j]! & mask;
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      tab[2 * i] = tab[2 * j]!;
      tab[2 * i + 1] = s;
      i = j;
    }
    tab[2 * i] = 0;
    tab[2 * i + 1] = 0;
    this.count--;
    // Shrink once an eighth full (amortised O(1)).
    if (this.mask > 7 && 8 * this.count < this.mask + 1) this.rebuild((this.mask + 1) >>> 1);
  }

  /** Renumbers every slot from `from` on by -1 (after an ordered delete), O(table). */
  shiftDown(from: number): void {
    const tab = this.tab;
    for (let p = 1; p < tab.length; p += 2) if (tab[p]! > from + 1) tab[p]!--;
  }

  clear(): void {
    this.tab = new Int32Array(16);
    this.mask = 7;
    this.count = 0;
  }

  private rebuild(cap: number): void {
    const old = this.tab;
    this.tab = new Int32Array(2 * cap);
    this.mask = cap - 1;
    for (let p = 0; p < old.length; p += 2) if (old[p + 1] !== 0) this.place(old[p]!, old[p + 1]! - 1);
  }
}

export class Dict<V> {
  private readonly index = new KeyIndex();
  private keyArr: string[] = [];
  private valArr: V[] = [];
  /** Per-slot metadata words, or null when this dict does not track any. */
  meta: Uint32Array | null;
  /** The slot written by the last set() (so owners can stamp its metadata without a second lookup). */
  lastSlot = -1;
  /**
   * Memory accounting (keyspace only, see memory/accounting.ts, installed with setSizer): `bytes`
   * is Σ sizer(key, value) over the slots, kept up to date by set/delete, so a delete gives its
   * bytes back at once. A string value is immutable and `sizer` is a pure function of key and
   * value, so a string slot's bytes are recomputed when needed rather than stored; any other
   * value may be mutated in place, so its bytes as last estimated are recorded in `sizes`, a
   * per-slot Uint32Array that moves with the slot, allocated with the first such value (a
   * keyspace of strings has none: 4 bytes a key saved). `resize(slot)` re-estimates a value that
   * was mutated in place.
   */
  sizer: ((key: string, value: V) => number) | null = null;
  /** Recorded bytes of the non-string slots (0 for string slots); null until one is needed. */
  sizes: Uint32Array | null = null;
  bytes = 0;
  /**
   * The bucket count a Redis dict with this content would have (memory/accounting.ts models its
   * growth, shrinking and maxmemory-refused expansion); 0 = no table. Not used by the Dict itself.
   */
  tableSlots = 0;

  constructor(trackMeta = false) {
    this.meta = trackMeta ? new Uint32Array(8) : null;
  }

  get size(): number {
    return this.keyArr.length;
  }

  has(key: string): boolean {
    return this.index.find(key, KeyIndex.hash(key), this.keyArr) >= 0;
  }

  get(key: string): V | undefined {
    const i = this.index.find(key, KeyIndex.hash(key), this.keyArr);
    return i < 0 ? undefined : this.valArr[i];
  }

  /** The slot of key (valid until the next delete), or -1 when absent. */
  slotOf(key: string): number {
    return this.index.find(key, KeyIndex.hash(key), this.keyArr);
  }

  /** Sets the value; returns true when the key is new. `lastSlot` is its slot afterwards. */
  set(key: string, value: V): boolean {
    // Kept small (the accounting lives in countReplace/countAdd) so that callers can inline it.
    const h = KeyIndex.hash(key);
    const i = this.index.find(key, h, this.keyArr);
    if (i >= 0) {
      this.lastSlot = i;
      if (this.sizer !== null) this.countReplace(i, key, value);
      this.valArr[i] = value;
      return false;
    }
    const n = this.keyArr.length;
    this.index.add(h, n);
    this.keyArr.push(key);
    this.valArr.push(value);
    const meta = this.meta;
    if (meta !== null) {
      if (n >= meta.length) {
        const bigger = new Uint32Array(meta.length * 2);
        bigger.set(meta);
        this.meta = bigger;
      }
      this.meta![n] = 0;
    }
    this.lastSlot = n;
    if (this.sizer !== null) this.countAdd(n, key, value);
    return true;
  }

  /** Byte accounting for slot i's value about to be replaced by `value`. */
  private countReplace(i: number, key: string, value: V): void {
    const sizer = this.sizer!;
    const old = this.valArr[i]!;
    const sz = this.sizes;
    const b = sizer(key, value);
    this.bytes += b - (typeof old === 'string' ? sizer(key, old) : sz![i]!);
    if (typeof value !== 'string') this.recordSize(i, b);
    else if (sz !== null) sz[i] = 0;
  }

  /** Byte accounting for the new slot n. */
  private countAdd(n: number, key: string, value: V): void {
    const b = this.sizer!(key, value);
    this.bytes += b;
    if (typeof value !== 'string') this.recordSize(n, b);
    else if (this.sizes !== null) {
      if (n >= this.sizes.length) this.growSizes(n);
      this.sizes[n] = 0;
    }
  }

  /** Installs the byte accounting (see `sizer`) and counts what the dict already holds. */
  setSizer(sizer: (key: string, value: V) => number): void {
    this.sizer = sizer;
    this.sizes = null;
    this.bytes = 0;
    for (let i = 0; i < this.keyArr.length; i++) {
      const v = this.valArr[i]!;
      const b = sizer(this.keyArr[i]!, v);
      this.bytes += b;
      if (typeof v !== 'string') this.recordSize(i, b);
    }
  }

  /** Records the bytes of non-string slot i (allocating / growing `sizes` as needed). */
  private recordSize(i: number, b: number): void {
    let sz = this.sizes;
    if (sz === null || i >= sz.length) sz = this.growSizes(i);
    sz[i] = b;
  }

  /** Makes `sizes` hold at least every slot and slot i (capacities are powers of two ≥ 8). */
  private growSizes(i: number): Uint32Array {
    const old = this.sizes;
    let cap = old === null ? 8 : old.length * 2;
    const need = Math.max(i + 1, this.keyArr.length);
    while (cap < need) cap *= 2;
    const bigger = new Uint32Array(cap);
    if (old !== null) bigger.set(old);
    return (this.sizes = bigger);
  }

  /** Re-estimates the bytes of slot i with `sizer` (after an in-place mutation of a non-string value). */
  resize(i: number): void {
    const v = this.valArr[i]!;
    if (typeof v === 'string') return; // immutable: its bytes cannot have changed
    const b = this.sizer!(this.keyArr[i]!, v);
    this.bytes += b - this.sizeAt(i);
    this.recordSize(i, b);
  }

  /** The bytes counted for slot i (0 without a sizer). */
  sizeAt(i: number): number {
    const sizer = this.sizer;
    if (sizer === null) return 0;
    const v = this.valArr[i]!;
    if (typeof v === 'string') return sizer(this.keyArr[i]!, v);
    return this.sizes === null ? 0 : this.sizes[i]!;
  }

  /** Deletes the key; returns true when it existed. */
  delete(key: string): boolean {
    const h = KeyIndex.hash(key);
    const i = this.index.find(key, h, this.keyArr);
    if (i < 0) return false;
    const last = this.keyArr.length - 1;
    const sz = this.sizes;
    const sizer = this.sizer;
    if (sizer !== null) {
      const v = this.valArr[i]!;
      this.bytes -= typeof v === 'string' ? sizer(key, v) : sz![i]!;
    }
    // Remove the key's entry before the last slot's entry is renumbered to i (both would say i).
    this.index.remove(h, i);
    if (i !== last) {
      const lk = this.keyArr[last]!;
      this.keyArr[i] = lk;
      this.valArr[i] = this.valArr[last]!;
      this.index.move(KeyIndex.hash(lk), last, i);
      if (this.meta !== null) this.meta[i] = this.meta[last]!;
      if (sz !== null) sz[i] = sz[last]!;
    }
    this.keyArr.pop();
    this.valArr.pop();
    const meta = this.meta;
    // Give metadata memory back once the dict has shrunk to a quarter (amortised O(1)).
    if (meta !== null && meta.length > 64 && last < meta.length >>> 2) this.meta = meta.slice(0, meta.length >>> 1);
    if (sz !== null && sz.length > 64 && last < sz.length >>> 2) this.sizes = sz.slice(0, sz.length >>> 1);
    return true;
  }

  /**
   * Deletes the key keeping the others in insertion order (O(n)). Small collections use this so
   * that their order matches Redis's listpack encoding.
   */
  deleteOrdered(key: string): boolean {
    const h = KeyIndex.hash(key);
    const i = this.index.find(key, h, this.keyArr);
    if (i < 0) return false;
    if (this.sizer !== null) this.bytes -= this.sizeAt(i);
    this.keyArr.splice(i, 1);
    this.valArr.splice(i, 1);
    if (this.meta !== null) this.meta.copyWithin(i, i + 1, this.keyArr.length + 1);
    if (this.sizes !== null) this.sizes.copyWithin(i, i + 1, this.keyArr.length + 1);
    this.index.remove(h, i);
    this.index.shiftDown(i);
    return true;
  }

  clear(): void {
    this.index.clear();
    this.keyArr = [];
    this.valArr = [];
    if (this.meta !== null) this.meta = new Uint32Array(8);
    if (this.sizes !== null) this.sizes = null;
    this.bytes = 0;
    this.tableSlots = 0;
  }

  /**
   * Drops the spare capacity of the slot arrays (V8 grows a JS array by 1.5×, the typed arrays
   * double), so a table that has stopped growing holds no slack: O(size), for idle moments
   * (memory/idle-reclaim.ts). The next insert grows the arrays again as usual.
   */
  compact(): void {
    const n = this.keyArr.length;
    this.keyArr = this.keyArr.slice();
    this.valArr = this.valArr.slice();
    const cap = Math.max(8, (n + 7) & ~7);
    if (this.meta !== null && this.meta.length > cap) this.meta = this.meta.slice(0, cap);
    if (this.sizes !== null && this.sizes.length > cap) this.sizes = this.sizes.slice(0, cap);
  }

  /** A uniformly random key, or undefined when empty. */
  randomKey(): string | undefined {
    const n = this.keyArr.length;
    if (n === 0) return undefined;
    return this.keyArr[Math.floor(Math.random() * n)];
  }

  /** The key and value at slot i (0 ≤ i < size), for sampling. */
  keyAt(i: number): string {
    return this.keyArr[i]!;
  }
  valueAt(i: number): V {
    return this.valArr[i]!;
  }

  keys(): readonly string[] {
    return this.keyArr;
  }
  values(): readonly V[] {
    return this.valArr;
  }

  /**
   * One SCAN step. `cursor` 0 starts a scan; any other value is a cursor this method returned.
   * Visits about `count` slots, calling fn(key, value) for each, and returns the next cursor
   * (0 when done). Cursors past the current size are clamped, so any number is accepted.
   */
  scan(cursor: number, count: number, fn: (key: string, value: V) => void): number {
    let pos = cursor === 0 ? this.keyArr.length : Math.min(cursor - 1, this.keyArr.length);
    let visited = 0;
    while (pos > 0 && visited < count) {
      pos--;
      fn(this.keyArr[pos]!, this.valArr[pos]!);
      visited++;
    }
    return pos === 0 ? 0 : pos + 1;
  }

  /** scan() that appends the visited keys to `out` instead of calling back (no closure per call). */
  scanKeys(cursor: number, count: number, out: string[]): number {
    let pos = cursor === 0 ? this.keyArr.length : Math.min(cursor - 1, this.keyArr.length);
    let visited = 0;
    while (pos > 0 && visited < count) {
      pos--;
      out.push(this.keyArr[pos]!);
      visited++;
    }
    return pos === 0 ? 0 : pos + 1;
  }

  *entries(): IterableIterator<[string, V]> {
    for (let i = 0; i < this.keyArr.length; i++) yield [this.keyArr[i]!, this.valArr[i]!];
  }
}
