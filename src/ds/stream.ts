/**
 * ds/stream.ts — the stream type (Redis's `stream` in t_stream.c/stream.h): entries ordered by
 * ID in a sorted array of macro nodes, consumer groups with their pending entries lists.
 * Pure data structure: no RESP, no Client, no Database (imports only ds/).
 *
 * Layout. Like Redis's radix tree of listpacks, entries live in nodes of at most
 * stream-node-max-entries entries / stream-node-max-bytes bytes. Node boundaries matter on the
 * wire: approximate trimming (`MAXLEN ~`, `MINID ~`) only removes whole nodes, and XDEL leaves
 * tombstones in a node until the node empties. To cut nodes exactly where Redis does, every
 * node tracks the byte size its listpack would have (`lpBytes`), computed with listpack's
 * encoding rules.
 *
 * A node keeps, per entry, its ID in a BigUint64Array (ms, seq), a flags byte (deleted /
 * same-fields-as-master) and an offset into one latin1 payload string per node, where each
 * entry's fields and values are length-prefixed (values only when the entry has the master
 * fields). No object per entry or field: memory stays close to the data size.
 *
 * Finding an ID is a binary search over the nodes then inside the node: O(log n). Appends are
 * amortised O(1); trimming from the head removes whole nodes.
 *
 * Persistence (RDB_TYPE_STREAM_LISTPACKS*): a writer walks `nodes` — per node `master`,
 * `masterFields`, and per entry i < n: `idAt(i)`, `isDeleted(i)`, `hasSameFields(i)`,
 * `fieldsAt(i)`, with `live`/`n - live` as the listpack's count/deleted header — which is
 * enough to emit Redis's listpacks byte for byte; then `length`, `lastId`, `firstId`,
 * `maxDeletedId`, `entriesAdded`, and `sortedGroups()` with each group's `pel` (IdMap of
 * StreamNack in ID order) and consumers (`seenTime`, `pel`). A reader rebuilds a node with
 * `new StreamNode(master, fields, cap)`, `push()` per entry and `markDeleted()`, appends it to
 * `nodes`, restores the counters, then `createGroup()`, `createConsumer()` and `tryInsert()`
 * of shared StreamNack objects into the group and consumer PELs.
 */
import type { TypedValue } from '../db/database';
import { compareIds, idKey, incrId, ZERO_ID, MAX_ID, U64_MAX, type StreamID } from './stream-id';

export { type StreamID } from './stream-id';

const F_DELETED = 1;
const F_SAMEFIELDS = 2;
/** STREAM_LISTPACK_MAX_SIZE */
export const STREAM_LISTPACK_MAX_SIZE = 1 << 30;

// ---------------------------------------------------------------------------------------------
// listpack size accounting (listpack.c encoding rules), to cut nodes where Redis does

function lpBacklenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

function lpIntEncSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= -2147483648n && v <= 2147483647n) v = Number(v);
    else return 9;
  }
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** Bytes of a listpack integer element (encoding + backlen). */
function lpIntSize(v: number | bigint): number {
  const l = lpIntEncSize(v);
  return l + lpBacklenSize(l);
}

const INT64_MIN_ABS = 9223372036854775808n;

/** lpStringToInt64: the value when `s` is a canonical int64, else null. */
function lpStringInt(s: string): bigint | number | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1 ? 0 : null; // "0" only; no "-0", no leading zeros
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  if (n <= 15) return Number(s);
  const v = BigInt(s);
  if (v > INT64_MIN_ABS - 1n || v < -INT64_MIN_ABS) return null;
  return v;
}

/** Bytes of a listpack string element (stored as an integer when it looks like one). */
function lpStrSize(s: string): number {
  const iv = lpStringInt(s);
  let l: number;
  if (iv !== null) l = lpIntEncSize(iv);
  else if (s.length < 64) l = 1 + s.length;
  else if (s.length < 4096) l = 2 + s.length;
  else l = 5 + s.length;
  return l + lpBacklenSize(l);
}

/** uint64 difference as the int64 Redis stores (lpAppendInteger of id - master). */
function delta64(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a - b);
}

// ---------------------------------------------------------------------------------------------
// Payload encoding: per item a length (one char < 255, else 0xff + 4 chars big-endian) + bytes

function encLen(n: number): string {
  if (n < 255) return String.fromCharCode(n);
  return '\xff' + String.fromCharCode((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

/** A macro node: one of Redis's listpacks. */
export class StreamNode {
  /** The master ID: the first entry's ID (the radix-tree key in Redis). */
  readonly master: StreamID;
  readonly masterFields: readonly string[];
  /** (ms, seq) per entry, deleted ones included. */
  ids: BigUint64Array;
  flags: Uint8Array;
  /** Offset of each entry's payload in `data`. */
  offs: Uint32Array;
  data = '';
  /** Entries in the node, tombstones included. */
  n = 0;
  /** Entries not deleted. */
  live = 0;
  /** Listpack bytes except the header, end byte and the count/deleted counters. */
  body = 0;

  constructor(master: StreamID, masterFields: readonly string[], cap: number) {
    this.master = master;
    this.masterFields = masterFields;
    this.ids = new BigUint64Array(cap * 2);
    this.flags = new Uint8Array(cap);
    this.offs = new Uint32Array(cap);
    let b = lpIntSize(masterFields.length) + lpIntSize(0);
    for (const f of masterFields) b += lpStrSize(f);
    this.body = b;
  }

  /** lpBytes() of the equivalent listpack. */
  lpBytes(): number {
    return 7 + lpIntSize(this.live) + lpIntSize(this.n - this.live) + this.body;
  }

  idAt(i: number): StreamID {
    return { ms: this.ids[2 * i]!, seq: this.ids[2 * i + 1]! };
  }

  /** Compares entry i's ID with `id`. */
  cmpAt(i: number, id: StreamID): number {
    const ms = this.ids[2 * i]!;
    if (ms !== id.ms) return ms < id.ms ? -1 : 1;
    const seq = this.ids[2 * i + 1]!;
    if (seq !== id.seq) return seq < id.seq ? -1 : 1;
    return 0;
  }

  isDeleted(i: number): boolean {
    return (this.flags[i]! & F_DELETED) !== 0;
  }

  /** Entry i has exactly the master fields (STREAM_ITEM_FLAG_SAMEFIELDS: values only stored). */
  hasSameFields(i: number): boolean {
    return (this.flags[i]! & F_SAMEFIELDS) !== 0;
  }

  /** First index whose ID is ≥ id (n when none). */
  lowerBound(id: StreamID): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cmpAt(mid, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Entry i's fields and values, flat: [f1, v1, f2, v2, …]. */
  fieldsAt(i: number): string[] {
    const data = this.data;
    let p = this.offs[i]!;
    const same = (this.flags[i]! & F_SAMEFIELDS) !== 0;
    let nf: number;
    if (same) nf = this.masterFields.length;
    else {
      nf = data.charCodeAt(p++);
      if (nf === 255) {
        nf = readLen4(data, p);
        p += 4;
      }
    }
    const out = new Array<string>(nf * 2);
    for (let k = 0; k < nf; k++) {
      if (same) out[2 * k] = this.masterFields[k]!;
      else {
        let l = data.charCodeAt(p++);
        if (l === 255) {
          l = readLen4(data, p);
          p += 4;
        }
        out[2 * k] = data.slice(p, p + l);
        p += l;
      }
      let l = data.charCodeAt(p++);
      if (l === 255) {
        l = readLen4(data, p);
        p += 4;
      }
      out[2 * k + 1] = data.slice(p, p + l);
      p += l;
    }
    return out;
  }

  private grow(): void {
    const cap = this.flags.length * 2 || 4;
    const ids = new BigUint64Array(cap * 2);
    ids.set(this.ids);
    this.ids = ids;
    const flags = new Uint8Array(cap);
    flags.set(this.flags);
    this.flags = flags;
    const offs = new Uint32Array(cap);
    offs.set(this.offs);
    this.offs = offs;
  }

  /** Drops the spare capacity once the node is full (lpShrinkToFit). */
  shrink(): void {
    // Appends built `data` as a rope (one cons cell per entry): flatten it once the node is
    // full, so that it costs its bytes only (charCodeAt flattens a cons string in V8).
    this.data.charCodeAt(0);
    if (this.flags.length === this.n) return;
    this.ids = this.ids.slice(0, this.n * 2);
    this.flags = this.flags.slice(0, this.n);
    this.offs = this.offs.slice(0, this.n);
  }

  /** Appends an entry: `kv` is argv with the pairs at kv[from…from+2*nf). */
  push(id: StreamID, kv: readonly string[], from: number, nf: number): void {
    if (this.n === this.flags.length) this.grow();
    const i = this.n;
    let same = nf === this.masterFields.length;
    if (same) {
      for (let k = 0; k < nf; k++) {
        if (kv[from + 2 * k] !== this.masterFields[k]) {
          same = false;
          break;
        }
      }
    }
    this.ids[2 * i] = id.ms;
    this.ids[2 * i + 1] = id.seq;
    this.flags[i] = same ? F_SAMEFIELDS : 0;
    this.offs[i] = this.data.length;
    let payload = same ? '' : encLen(nf);
    // flags + ms delta + seq delta + lp-count
    let bytes = lpIntSize(same ? F_SAMEFIELDS : 0) + lpIntSize(delta64(id.ms, this.master.ms)) + lpIntSize(delta64(id.seq, this.master.seq));
    let lpCount = nf + 3;
    if (!same) {
      bytes += lpIntSize(nf);
      lpCount += nf + 1;
    }
    for (let k = 0; k < nf; k++) {
      const f = kv[from + 2 * k]!;
      const v = kv[from + 2 * k + 1]!;
      if (!same) {
        payload += encLen(f.length) + f;
        bytes += lpStrSize(f);
      }
      payload += encLen(v.length) + v;
      bytes += lpStrSize(v);
    }
    bytes += lpIntSize(lpCount);
    this.data += payload;
    this.body += bytes;
    this.n++;
    this.live++;
  }

  markDeleted(i: number): void {
    this.flags[i]! |= F_DELETED;
    this.live--;
  }

  clone(): StreamNode {
    const c = new StreamNode(this.master, this.masterFields, 0);
    c.ids = this.ids.slice();
    c.flags = this.flags.slice();
    c.offs = this.offs.slice();
    c.data = this.data;
    c.n = this.n;
    c.live = this.live;
    c.body = this.body;
    return c;
  }
}

/** The 128-bit big-endian radix-tree key of an ID, as 16 latin1 chars (streamEncodeID). */
function raxKey(id: StreamID): string {
  let out = '';
  for (const v of [id.ms, id.seq]) {
    for (let sh = 56n; sh >= 0n; sh -= 8n) out += String.fromCharCode(Number((v >> sh) & 0xffn));
  }
  return out;
}

function readLen4(s: string, p: number): number {
  return ((s.charCodeAt(p) << 24) | (s.charCodeAt(p + 1) << 16) | (s.charCodeAt(p + 2) << 8) | s.charCodeAt(p + 3)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Consumer groups

/** A pending entry (streamNACK): shared by the group PEL and its consumer's PEL. */
export interface StreamNack {
  readonly id: StreamID;
  consumer: StreamConsumer | null;
  deliveryTime: number;
  deliveryCount: number;
}

/**
 * An ID-ordered map (the PELs, radix trees keyed by the big-endian ID in Redis): a Map from a
 * 32-hex-digit key (string order = ID order) to the value, plus the keys in sorted chunks of at
 * most 256, so that inserts and deletes anywhere cost O(log n + 256) and appends in ID order
 * (the XREADGROUP case) are O(1) amortised. Iteration goes by ID: `ceil(id)` then `higher(id)`.
 */
export class IdMap<V> {
  private chunks: string[][] = [];
  private readonly map = new Map<string, V>();

  get size(): number {
    return this.map.size;
  }

  get(id: StreamID): V | undefined {
    return this.map.get(idKey(id));
  }

  /** get() by a key already made with idKey (one key for several calls on the same ID). */
  getByKey(k: string): V | undefined {
    return this.map.get(k);
  }

  has(id: StreamID): boolean {
    return this.map.has(idKey(id));
  }

  /** Index of the first chunk whose last key is ≥ k (strict: > k); chunks.length when none. */
  private chunkFor(k: string, strict: boolean): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid]!;
      const last = c[c.length - 1]!;
      if (strict ? last <= k : last < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts; returns false (and changes nothing) when the ID is already there (raxTryInsert). */
  tryInsert(id: StreamID, v: V): boolean {
    return this.tryInsertKey(idKey(id), v);
  }

  /** tryInsert() by a key already made with idKey. */
  tryInsertKey(k: string, v: V): boolean {
    if (this.map.has(k)) return false;
    this.map.set(k, v);
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([k]);
      return true;
    }
    // IDs mostly arrive in order (XREADGROUP >): try the end before searching.
    let ci = chunks.length - 1;
    let c = chunks[ci]!;
    if (c[c.length - 1]! < k) c.push(k);
    else {
      ci = this.chunkFor(k, false);
      if (ci === chunks.length) ci--;
      c = chunks[ci]!;
      if (c[c.length - 1]! < k) c.push(k);
      else c.splice(lowerBound(c, k, false), 0, k);
    }
    if (c.length > 256) chunks.splice(ci + 1, 0, c.splice(128));
    return true;
  }

  delete(id: StreamID): boolean {
    const k = idKey(id);
    if (!this.map.delete(k)) return false;
    const ci = this.chunkFor(k, false);
    const c = this.chunks[ci]!;
    const i = lowerBound(c, k, false);
    if (i === 0) c.shift();
    else c.splice(i, 1);
    if (c.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  /** The value of the first ID ≥ id. */
  ceil(id: StreamID): V | undefined {
    return this.seekKey(idKey(id), false);
  }

  /** The value of the first ID > id. */
  higher(id: StreamID): V | undefined {
    return this.seekKey(idKey(id), true);
  }

  private seekKey(k: string, strict: boolean): V | undefined {
    const ci = this.chunkFor(k, strict);
    const c = this.chunks[ci];
    if (c === undefined) return undefined;
    return this.map.get(c[lowerBound(c, k, strict)]!);
  }

  first(): V | undefined {
    const c = this.chunks[0];
    return c === undefined ? undefined : this.map.get(c[0]!);
  }

  last(): V | undefined {
    const c = this.chunks[this.chunks.length - 1];
    return c === undefined ? undefined : this.map.get(c[c.length - 1]!);
  }

  values(): IterableIterator<V> {
    const self = this;
    return (function* () {
      for (const c of self.chunks) for (const k of c) yield self.map.get(k)!;
    })();
  }
}

/** First index whose key is ≥ k (strict: > k). */
function lowerBound(a: readonly string[], k: string, strict: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[mid]!;
    if (strict ? x <= k : x < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class StreamConsumer {
  readonly pel = new IdMap<StreamNack>();
  constructor(
    readonly name: string,
    public seenTime: number,
  ) {}
}

/** SCG_INVALID_ENTRIES_READ */
export const INVALID_ENTRIES_READ = -1;

export class ConsumerGroup {
  readonly pel = new IdMap<StreamNack>();
  readonly consumers = new Map<string, StreamConsumer>();
  constructor(
    readonly name: string,
    public lastId: StreamID,
    /** Logical read counter, INVALID_ENTRIES_READ (-1) when unknown. */
    public entriesRead: number,
  ) {}

  /** Consumers in name order (the rax order Redis lists them in). */
  sortedConsumers(): StreamConsumer[] {
    const names = [...this.consumers.keys()].sort();
    return names.map((n) => this.consumers.get(n)!);
  }

  /** streamCreateConsumer: null when it exists. */
  createConsumer(name: string, now: number): StreamConsumer | null {
    if (this.consumers.has(name)) return null;
    const c = new StreamConsumer(name, now);
    this.consumers.set(name, c);
    return c;
  }

  /** streamDelConsumer: drops the consumer and its pending entries from the group PEL. */
  deleteConsumer(c: StreamConsumer): void {
    for (const nack of c.pel.values()) this.pel.delete(nack.id);
    this.consumers.delete(c.name);
  }

  /** Removes a pending entry from the group PEL and its consumer's. */
  ack(nack: StreamNack): void {
    this.pel.delete(nack.id);
    nack.consumer?.pel.delete(nack.id);
  }
}

// ---------------------------------------------------------------------------------------------
// The stream

/** Node size limits (stream-node-max-bytes / stream-node-max-entries). */
export interface NodeLimits {
  maxBytes: number;
  maxEntries: number;
}

export type TrimStrategy = 'maxlen' | 'minid';

export class Stream implements TypedValue {
  readonly type = 'stream' as const;
  nodes: StreamNode[] = [];
  /** Live entries. */
  length = 0;
  lastId: StreamID = ZERO_ID;
  /** First live entry's ID (0-0 when empty): recorded-first-entry-id. */
  firstId: StreamID = ZERO_ID;
  maxDeletedId: StreamID = ZERO_ID;
  /** All entries ever added (entries-added). */
  entriesAdded = 0;
  groups: Map<string, ConsumerGroup> | null = null;

  encoding(): string {
    return 'stream';
  }

  clone(): Stream {
    const s = new Stream();
    s.nodes = this.nodes.map((n) => n.clone());
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      s.groups = new Map();
      for (const [name, g] of this.groups) {
        const ng = new ConsumerGroup(name, g.lastId, g.entriesRead);
        for (const [cname, c] of g.consumers) ng.consumers.set(cname, new StreamConsumer(cname, c.seenTime));
        for (const nack of g.pel.values()) {
          const owner = nack.consumer === null ? null : ng.consumers.get(nack.consumer.name)!;
          const nn: StreamNack = { id: nack.id, consumer: owner, deliveryTime: nack.deliveryTime, deliveryCount: nack.deliveryCount };
          ng.pel.tryInsert(nn.id, nn);
          owner?.pel.tryInsert(nn.id, nn);
        }
        s.groups.set(name, ng);
      }
    }
    return s;
  }

  /**
   * The ID an XADD would use (streamAppendItem's ID choice): `*` → from the clock (`nowMs`) or
   * last+1; `ms-*` (seqGiven false) → ms with the next sequence. Returns null when that ID
   * would not be greater than the last ID (EDOM) — including the exhausted `ms-*` sequence.
   */
  nextId(nowMs: number, useId: StreamID | null, seqGiven: boolean): StreamID | null {
    let id: StreamID | null;
    const last = this.lastId;
    if (useId !== null) {
      if (seqGiven) id = useId;
      else if (last.ms === useId.ms) {
        if (last.seq === U64_MAX) return null;
        id = { ms: last.ms, seq: last.seq + 1n };
      } else id = useId;
    } else {
      const ms = BigInt(nowMs);
      if (ms > last.ms) id = { ms, seq: 0n };
      else id = incrId(last);
      if (id === null) return null;
    }
    return compareIds(id, last) > 0 ? id : null;
  }

  /**
   * Appends an entry with the given ID (which must be > lastId), taking the field/value pairs
   * at kv[from …]. Starts a new node like Redis when the tail one is full.
   */
  append(id: StreamID, kv: readonly string[], from: number, numFields: number, limits: NodeLimits): void {
    let tail = this.nodes.length === 0 ? null : this.nodes[this.nodes.length - 1]!;
    if (tail !== null) {
      let totelelen = 0;
      for (let i = from; i < from + numFields * 2; i++) totelelen += kv[i]!.length;
      let maxBytes = limits.maxBytes;
      if (maxBytes === 0 || maxBytes > STREAM_LISTPACK_MAX_SIZE) maxBytes = STREAM_LISTPACK_MAX_SIZE;
      if (tail.lpBytes() + totelelen >= maxBytes || (limits.maxEntries !== 0 && tail.n >= limits.maxEntries)) {
        tail.shrink();
        tail = null;
      }
    }
    if (tail === null) {
      const fields = new Array<string>(numFields);
      for (let k = 0; k < numFields; k++) fields[k] = kv[from + 2 * k]!;
      const cap = limits.maxEntries > 0 && limits.maxEntries <= 128 ? limits.maxEntries : 4;
      tail = new StreamNode(id, fields, cap);
      this.nodes.push(tail);
      this.raxCache = -1;
    }
    tail.push(id, kv, from, numFields);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Index of the last node whose master ID is ≤ id, or -1. */
  nodeFor(id: StreamID): number {
    const nodes = this.nodes;
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(nodes[mid]!.master, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The position of the live entry with this exact ID, or null. */
  private find(id: StreamID): { node: number; index: number } | null {
    const ni = this.nodeFor(id);
    if (ni < 0) return null;
    const node = this.nodes[ni]!;
    const i = node.lowerBound(id);
    if (i >= node.n || node.cmpAt(i, id) !== 0 || node.isDeleted(i)) return null;
    return { node: ni, index: i };
  }

  /** streamEntryExists: a live entry with this ID. */
  has(id: StreamID): boolean {
    return this.find(id) !== null;
  }

  /** The fields of a live entry, or null. */
  get(id: StreamID): string[] | null {
    const p = this.find(id);
    return p === null ? null : this.nodes[p.node]!.fieldsAt(p.index);
  }

  /**
   * streamDeleteItem: marks the entry deleted (removing its node when it was the node's last
   * live entry), and keeps firstId/maxDeletedId like XDEL. Returns false when not found.
   */
  delete(id: StreamID): boolean {
    const p = this.find(id);
    if (p === null) return false;
    const node = this.nodes[p.node]!;
    if (node.live === 1) {
      this.nodes.splice(p.node, 1);
      this.raxCache = -1;
    }
    else node.markDeleted(p.index);
    this.length--;
    if (compareIds(id, this.maxDeletedId) > 0) this.maxDeletedId = id;
    if (this.length === 0) this.firstId = ZERO_ID;
    else if (compareIds(id, this.firstId) === 0) this.firstId = this.edgeId(true, true);
    return true;
  }

  /**
   * streamGetEdgeID: the first or last entry's ID (tombstones skipped or not); when none,
   * MAX_ID for the first, 0-0 for the last.
   */
  edgeId(first: boolean, skipTombstones: boolean): StreamID {
    const nodes = this.nodes;
    if (first) {
      for (const node of nodes) {
        for (let i = 0; i < node.n; i++) if (!skipTombstones || !node.isDeleted(i)) return node.idAt(i);
      }
      return MAX_ID;
    }
    for (let j = nodes.length - 1; j >= 0; j--) {
      const node = nodes[j]!;
      for (let i = node.n - 1; i >= 0; i--) if (!skipTombstones || !node.isDeleted(i)) return node.idAt(i);
    }
    return ZERO_ID;
  }

  /** streamLastValidID: the last live entry's ID (0-0 when empty). */
  lastValidId(): StreamID {
    return this.edgeId(false, true);
  }

  /**
   * streamTrim: removes entries from the head until `length ≤ maxlen` (MAXLEN) or no entry is
   * < minid (MINID). `approx` only removes whole nodes; `limit` (0 = none) caps the removed
   * entries, counted by whole nodes. Returns the number of removed entries.
   */
  trim(strategy: TrimStrategy, maxlen: number, minid: StreamID, approx: boolean, limit: number): number {
    let deleted = 0;
    while (this.nodes.length !== 0) {
      if (strategy === 'maxlen' && this.length <= maxlen) break;
      const node = this.nodes[0]!;
      const entries = node.live;
      if (limit && deleted + entries > limit) break;
      let removeNode: boolean;
      if (strategy === 'maxlen') removeNode = this.length - entries >= maxlen;
      else removeNode = node.cmpAt(node.n - 1, minid) < 0;
      if (removeNode) {
        this.nodes.shift();
        this.raxCache = -1;
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      for (let i = 0; i < node.n; i++) {
        const stop = strategy === 'maxlen' ? this.length <= maxlen : node.cmpAt(i, minid) >= 0;
        if (stop) break;
        if (!node.isDeleted(i)) {
          node.markDeleted(i);
          this.length--;
          deleted++;
        }
      }
      break;
    }
    if (this.length === 0) this.firstId = ZERO_ID;
    else if (deleted) this.firstId = this.edgeId(true, true);
    return deleted;
  }

  /** Iterates live entries with start ≤ ID ≤ end, ascending or (rev) descending. */
  iterate(start: StreamID, end: StreamID, rev: boolean): StreamIterator {
    return new StreamIterator(this, start, end, rev);
  }

  /** streamRangeHasTombstones. */
  rangeHasTombstones(start: StreamID | null, end: StreamID | null): boolean {
    if (this.length === 0 || (this.maxDeletedId.ms === 0n && this.maxDeletedId.seq === 0n)) return false;
    if (compareIds(this.firstId, this.maxDeletedId) > 0) return false;
    const s = start ?? ZERO_ID;
    const e = end ?? MAX_ID;
    return compareIds(s, this.maxDeletedId) <= 0 && compareIds(this.maxDeletedId, e) <= 0;
  }

  /** streamEstimateDistanceFromFirstEverEntry: -1 when unknown. */
  estimateDistanceFromFirstEverEntry(id: StreamID): number {
    if (!this.entriesAdded) return 0;
    if (!this.length && compareIds(id, this.lastId) < 1) return this.entriesAdded;
    const cmpLast = compareIds(id, this.lastId);
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return INVALID_ENTRIES_READ;
    const cmpFirst = compareIds(id, this.firstId);
    const md = this.maxDeletedId;
    if ((md.ms === 0n && md.seq === 0n) || compareIds(md, this.firstId) < 0) {
      if (cmpFirst < 0) return this.entriesAdded - this.length;
      if (cmpFirst === 0) return this.entriesAdded - this.length + 1;
    }
    return INVALID_ENTRIES_READ;
  }

  /** A group's lag (streamReplyWithCGLag), or null when it can't be known. */
  groupLag(g: ConsumerGroup): number | null {
    if (!this.entriesAdded) return 0;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(g.lastId, null)) {
      return this.entriesAdded - g.entriesRead;
    }
    const er = this.estimateDistanceFromFirstEverEntry(g.lastId);
    return er !== INVALID_ENTRIES_READ ? this.entriesAdded - er : null;
  }

  /** The group's read counter after delivering `id` (streamReplyWithRange's bookkeeping). */
  advanceGroup(g: ConsumerGroup, id: StreamID): void {
    if (compareIds(id, g.lastId) <= 0) return;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(id, null)) g.entriesRead++;
    else if (this.entriesAdded) g.entriesRead = this.estimateDistanceFromFirstEverEntry(id);
    g.lastId = id;
  }

  getGroup(name: string): ConsumerGroup | undefined {
    return this.groups?.get(name);
  }

  /** streamCreateCG: null when the name exists. */
  createGroup(name: string, lastId: StreamID, entriesRead: number): ConsumerGroup | null {
    if (this.groups === null) this.groups = new Map();
    if (this.groups.has(name)) return null;
    const g = new ConsumerGroup(name, lastId, entriesRead);
    this.groups.set(name, g);
    return g;
  }

  destroyGroup(name: string): boolean {
    return this.groups !== null && this.groups.delete(name);
  }

  /** Groups in name order. */
  sortedGroups(): ConsumerGroup[] {
    if (this.groups === null) return [];
    const names = [...this.groups.keys()].sort();
    return names.map((n) => this.groups!.get(n)!);
  }

  /** Number of nodes (XINFO radix-tree-keys). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  private raxCache = -1;
  private raxCacheFor: StreamNode[] | null = null;
  private raxCacheLen = -1;

  /**
   * The node count of Redis's radix tree over the nodes' 16-byte big-endian master IDs (XINFO
   * radix-tree-nodes). A rax keeps chains compressed, so its nodes are the distinct prefixes
   * among: the root, every branching prefix, each child of a branching prefix (one more byte),
   * and the keys. Branching prefixes are the common prefixes of neighbouring keys. Computed on
   * demand and cached until the node list changes.
   */
  raxNodes(): number {
    const nodes = this.nodes;
    if (this.raxCache >= 0 && this.raxCacheFor === nodes && this.raxCacheLen === nodes.length) return this.raxCache;
    const set = new Set<string>();
    set.add('');
    let prev: string | null = null;
    for (const node of nodes) {
      const k = raxKey(node.master);
      set.add(k);
      if (prev !== null) {
        let l = 0;
        while (l < 16 && prev.charCodeAt(l) === k.charCodeAt(l)) l++;
        set.add(prev.slice(0, l));
        set.add(prev.slice(0, l + 1));
        set.add(k.slice(0, l + 1));
      }
      prev = k;
    }
    this.raxCache = set.size;
    this.raxCacheFor = nodes;
    this.raxCacheLen = nodes.length;
    return set.size;
  }

  /**
   * lazyfreeGetFreeEffort for streams: the radix-tree nodes, plus per group one allocation and
   * its PEL entries, the first group's PEL size standing for all.
   */
  freeEffort(): number {
    let effort = this.raxNodes();
    if (this.groups !== null && this.groups.size !== 0) {
      const first = this.sortedGroups()[0]!;
      effort += this.groups.size * (1 + first.pel.size);
    }
    return effort;
  }
}

/**
 * A forward or reverse iterator over live entries in [start, end]. `next()` returns the next
 * entry's ID (or null at the end); `fields()` then gives its field/value pairs.
 */
export class StreamIterator {
  private ni: number;
  private i: number;
  private node: StreamNode | null = null;

  constructor(
    private readonly s: Stream,
    private readonly start: StreamID,
    private readonly end: StreamID,
    private readonly rev: boolean,
  ) {
    const nodes = s.nodes;
    if (!rev) {
      let ni = s.nodeFor(start);
      if (ni < 0) ni = 0;
      this.ni = ni;
      const node = nodes[ni];
      this.i = node === undefined ? 0 : node.lowerBound(start);
    } else {
      const ni = s.nodeFor(end);
      this.ni = ni;
      const node = nodes[ni];
      if (node === undefined) this.i = -1;
      else {
        // last index with ID ≤ end
        let lo = 0;
        let hi = node.n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (node.cmpAt(mid, end) <= 0) lo = mid + 1;
          else hi = mid;
        }
        this.i = lo - 1;
      }
    }
  }

  next(): StreamID | null {
    const nodes = this.s.nodes;
    if (!this.rev) {
      for (;;) {
        const node = nodes[this.ni];
        if (node === undefined) return null;
        if (this.i >= node.n) {
          this.ni++;
          this.i = 0;
          continue;
        }
        const i = this.i++;
        if (node.isDeleted(i)) continue;
        if (node.cmpAt(i, this.end) > 0) {
          this.ni = nodes.length;
          return null;
        }
        this.node = node;
        this.cur = i;
        return node.idAt(i);
      }
    }
    for (;;) {
      if (this.ni < 0) return null;
      const node = nodes[this.ni];
      if (node === undefined) return null;
      if (this.i < 0) {
        this.ni--;
        const prev = nodes[this.ni];
        this.i = prev === undefined ? -1 : prev.n - 1;
        continue;
      }
      const i = this.i--;
      if (node.isDeleted(i)) continue;
      if (node.cmpAt(i, this.start) < 0) {
        this.ni = -1;
        return null;
      }
      this.node = node;
      this.cur = i;
      return node.idAt(i);
    }
  }

  private cur = 0;

  /** The current entry's [f1, v1, …]. */
  fields(): string[] {
    return this.node!.fieldsAt(this.cur);
  }
}
