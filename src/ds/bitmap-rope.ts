/**
 * ds/bitmap-rope.ts — O(1)-ish in-place updates of big string values (SETBIT, BITFIELD,
 * SETRANGE on multi-megabyte bitmaps).
 *
 * A Redis string is a JS string here, and JS strings are immutable: changing one byte of an
 * 8 MB bitmap would copy 8 MB. A ByteRope keeps the bytes as fixed-size chunks (flat latin1
 * strings) plus a balanced tree of concatenations over them; the root of the tree is the string
 * stored in the keyspace. V8 concatenation builds a ConsString without copying, so after a
 * change only the touched chunk (4 KB) and its log2(chunks) ancestors are rebuilt. Readers of
 * the value (GET, DUMP…) see an ordinary string; V8 flattens the root on first read, which is
 * the O(N) a read of N bytes costs anyway.
 *
 * RopeCache remembers the rope of recently written big keys. An entry is only used when its
 * root is the very string object the keyspace holds (identity), so any other write to the key
 * (SET, DEL, RENAME, FLUSHALL…) just makes the entry stale; stale entries are dropped on use or
 * evicted by the size budget.
 *
 * Pure data structure: imports nothing from the server.
 */

/** Bytes per chunk. */
export const ROPE_CHUNK = 4096;
/** Strings shorter than this are cheaper to rebuild whole than to keep as ropes. */
export const ROPE_MIN = 64 * 1024;

let zeroChunk: string | null = null;
/** One shared all-zero chunk string: padding a sparse bitmap costs no memory per chunk. */
function zeros(): string {
  return (zeroChunk ??= '\0'.repeat(ROPE_CHUNK));
}

export class ByteRope {
  /** levels[0] are the chunks; levels[k+1][j] = levels[k][2j] + levels[k][2j+1]. */
  private levels: string[][];
  /** Chunk indexes changed since the last commit. */
  private dirty: number[] = [];
  length: number;
  /** The string equal to the current bytes (valid after commit()). */
  root: string;

  /** Builds a rope holding a copy of s: O(len). */
  constructor(s: string) {
    this.length = s.length;
    const chunks: string[] = [];
    if (s.length > 0) {
      // Copy through a Buffer so the chunks do not keep `s` alive as slices of it.
      const buf = Buffer.from(s, 'latin1');
      for (let i = 0; i < s.length; i += ROPE_CHUNK) {
        const end = Math.min(s.length, i + ROPE_CHUNK);
        chunks.push(end - i === ROPE_CHUNK && isZero(buf, i, end) ? zeros() : buf.toString('latin1', i, end));
      }
    }
    this.levels = [chunks];
    for (let i = 0; i < chunks.length; i++) this.dirty.push(i);
    this.root = s;
    this.commit();
    // The original string has the same bytes: keep it as the root, so a rope opened without
    // any change still matches the keyspace value by identity.
    this.root = s;
  }

  /** The byte at i (0 past the end). */
  byteAt(i: number): number {
    if (i >= this.length) return 0;
    return this.levels[0]![Math.floor(i / ROPE_CHUNK)]!.charCodeAt(i % ROPE_CHUNK);
  }

  /** Zero-pads to at least n bytes. */
  ensureLength(n: number): void {
    if (n <= this.length) return;
    const chunks = this.levels[0]!;
    const C = ROPE_CHUNK;
    // Pad the last partial chunk.
    const lastIdx = chunks.length - 1;
    if (lastIdx >= 0) {
      const last = chunks[lastIdx]!;
      if (last.length < C) {
        const want = Math.min(C, n - lastIdx * C);
        chunks[lastIdx] = want === C && isZeroString(last) ? zeros() : last + '\0'.repeat(want - last.length);
        this.dirty.push(lastIdx);
      }
    }
    while (chunks.length * C < n) {
      const size = Math.min(C, n - chunks.length * C);
      chunks.push(size === C ? zeros() : '\0'.repeat(size));
      this.dirty.push(chunks.length - 1);
    }
    this.length = n;
  }

  /** Sets byte i (< length) to v. */
  setByte(i: number, v: number): void {
    const chunks = this.levels[0]!;
    const k = Math.floor(i / ROPE_CHUNK);
    const j = i % ROPE_CHUNK;
    const ch = chunks[k]!;
    if (ch.charCodeAt(j) === v) return;
    chunks[k] = ch.slice(0, j) + String.fromCharCode(v) + ch.slice(j + 1);
    this.dirty.push(k);
  }

  /** Overwrites bytes [offset, offset+s.length) with s (latin1), growing as needed. */
  write(offset: number, s: string): void {
    this.ensureLength(offset + s.length);
    const chunks = this.levels[0]!;
    const C = ROPE_CHUNK;
    let pos = 0;
    while (pos < s.length) {
      const at = offset + pos;
      const k = Math.floor(at / C);
      const j = at % C;
      const n = Math.min(C - j, s.length - pos);
      const ch = chunks[k]!;
      chunks[k] = ch.slice(0, j) + s.slice(pos, pos + n) + ch.slice(j + n);
      this.dirty.push(k);
      pos += n;
    }
  }

  /** Rebuilds the changed chunks' ancestors and returns the new root: O(changes * log chunks). */
  commit(): string {
    let dirty = this.dirty;
    if (dirty.length === 0 && this.levels[0]!.length > 0) return this.root;
    this.dirty = [];
    let k = 0;
    let cur = this.levels[0]!;
    if (cur.length === 0) {
      this.levels.length = 1;
      this.root = '';
      return '';
    }
    while (cur.length > 1) {
      const next = (this.levels[k + 1] ??= []);
      next.length = Math.ceil(cur.length / 2);
      const parents: number[] = [];
      let prev = -1;
      dirty.sort((a, b) => a - b);
      for (const d of dirty) {
        const p = d >> 1;
        if (p === prev) continue;
        prev = p;
        parents.push(p);
        const a = cur[2 * p]!;
        const b = cur[2 * p + 1];
        next[p] = b === undefined ? a : a + b;
      }
      dirty = parents;
      cur = next;
      k++;
    }
    this.levels.length = k + 1;
    this.root = cur[0]!;
    return this.root;
  }
}

function isZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function isZeroString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 0) return false;
  return true;
}

/**
 * The ropes of recently written big keys, least recently used first. Keyed by key name; an
 * entry is valid only while its root is the exact string object the caller holds.
 */
export class RopeCache {
  private readonly map = new Map<string, ByteRope>();

  constructor(
    private readonly maxEntries = 32,
    private readonly maxBytes = 128 * 1024 * 1024,
  ) {}

  /** The rope for key whose content is `value` (the same string object), or undefined. */
  get(key: string, value: string): ByteRope | undefined {
    const r = this.map.get(key);
    if (r === undefined) return undefined;
    if (r.length !== value.length || r.root !== value) {
      this.map.delete(key);
      return undefined;
    }
    // Most recently used goes last.
    this.map.delete(key);
    this.map.set(key, r);
    return r;
  }

  /** The rope for key and value: the cached one, or a new one built from value (O(len)). */
  open(key: string, value: string): ByteRope {
    const hit = this.get(key, value);
    if (hit !== undefined) return hit;
    const r = new ByteRope(value);
    this.map.set(key, r);
    this.evict();
    return r;
  }

  /** Forgets key's rope. */
  delete(key: string): void {
    this.map.delete(key);
  }

  /** Forgets key's rope unless `current` (the key's value now) is still its root. */
  invalidate(key: string, current: unknown): void {
    const r = this.map.get(key);
    if (r === undefined) return;
    if (typeof current !== 'string' || current.length !== r.length || current !== r.root) this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  /** Drops the least recently used ropes while over the entry or byte budget (the newest stays). */
  evict(): void {
    let bytes = 0;
    for (const r of this.map.values()) bytes += r.length;
    while (this.map.size > 1 && (this.map.size > this.maxEntries || bytes > this.maxBytes)) {
      const oldest = this.map.keys().next().value as string;
      bytes -= this.map.get(oldest)!.length;
      this.map.delete(oldest);
    }
  }
}

/** The process-wide cache used by the string and bitmap commands. */
export const sharedRopes = new RopeCache();
