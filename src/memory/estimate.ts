/**
 * memory/estimate.ts — byte estimates of keys and values: what INFO used_memory, maxmemory
 * eviction and MEMORY USAGE count (object.c objectComputeSize, in our terms).
 *
 * Two models, chosen so that a maxmemory limit holds as many keys as it does in Redis:
 *  - **The keyspace itself follows Redis's accounting model** (what zmalloc would count for the
 *    same data in Redis 7.0 on x86-64 with jemalloc): per key a dict entry (24 bytes, a 32-byte
 *    jemalloc class), the key as an sds string, and a string value as a robj (embstr up to 44
 *    bytes, an integer in the robj itself, else robj + sds), every allocation rounded up to its
 *    jemalloc size class; per table 8 bytes a bucket for a power-of-two bucket array
 *    (modelled per table by memory/accounting.ts settleTable). Measured against redis-server
 *    7.0.15: 80 bytes per `lru:NNNNNN` key with a 5-byte value plus the buckets, the same as
 *    used_memory's growth there; MEMORY USAGE of a string key is byte-identical to Redis's.
 *  - **Collection values are estimated from V8's object layouts** on 64-bit Node without pointer
 *    compression (calibrated against heapUsed deltas of bulk loads, bench/memory-calibrate.mjs):
 *    a one-byte string is a 16-byte header plus its bytes rounded up to 8, and collections sit on
 *    the same Dict (hash, set, zset), a ring buffer (list) or macro nodes (stream), each with a
 *    constant header. Redis packs small collections into listpacks, so for those the estimate
 *    is higher than Redis's; it errs on the side of evicting early.
 * V8 spends more than Redis per small string key (≈1.5×: Map entry, dense arrays, string
 * headers), so RSS is a larger multiple of used_memory than in Redis; the README states the
 * factor, measured by bench/memory-churn.mjs.
 * Collections are estimated as Redis estimates them: from a sample of elements (evenly spaced,
 * so the estimate of an unchanged value is stable), scaled up to the element count. `samples`
 * 0 means every element (MEMORY USAGE key SAMPLES 0).
 *
 * Pure: reads ds/ values, imports no server, protocol or command code.
 */
import type { RedisValue } from '../db/database';
import { ListValue } from '../ds/list';
import { HashValue } from '../ds/hash';
import { RedisSet } from '../ds/set';
import { SortedSet } from '../ds/zset';
import { Stream } from '../ds/stream';

/** Bytes of a one-byte (latin1) sequential string in V8. */
export function stringBytes(s: string): number {
  return (16 + s.length + 7) & ~7;
}

/**
 * A keyspace dict entry as used_memory counts it: Redis's dictEntry is 24 bytes, which jemalloc
 * serves from its 32-byte class.
 */
export const KEY_ENTRY_BYTES = 32;
/** sizeof(dictEntry), what MEMORY USAGE adds for the entry (objectComputeSize's caller). */
export const KEY_ENTRY_USAGE_BYTES = 24;
/** An expires-table entry (a dictEntry holding the shared key and the time); the key is not counted twice. */
export const EXPIRE_ENTRY_BYTES = 32;
/** A robj header (type, encoding, LRU, refcount, ptr). */
const ROBJ_BYTES = 16;
/** Strings up to this length are embstr: robj and sds in one allocation (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
const EMBSTR_LIMIT = 44;

/**
 * jemalloc's size class for an n-byte request (x86-64, 16-byte quantum): 8, then multiples of
 * 16 up to 128, then four classes per power of two (160, 192, 224, 256, 320…).
 */
export function allocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  if (n < 0x40000000) {
    // spacing: a quarter of the power of two below n
    const mask = (1 << (29 - Math.clz32(n - 1))) - 1;
    return (n + mask) & ~mask;
  }
  const delta = 2 ** (Math.floor(Math.log2(n - 1)) - 2);
  return Math.ceil(n / delta) * delta;
}

/** sds header bytes for a string of length len (sdsReqType); keys shorter than 32 use sdshdr5. */
function sdsHeader(len: number, allowType5: boolean): number {
  if (len < 32 && allowType5 && len !== 0) return 1;
  if (len < 256) return 3;
  if (len < 65536) return 5;
  return len < 4294967296 ? 9 : 17;
}

/** Bytes of a key as Redis stores it in the keyspace dict (sdsdup of the key: sdsZmallocSize). */
export function keyBytes(key: string): number {
  const len = key.length;
  // inline fast path: keys under 32 bytes (sdshdr5: 1-byte header + NUL)
  if (len !== 0 && len < 32) return len + 2 <= 8 ? 8 : (len + 2 + 15) & ~15;
  return allocSize(sdsHeader(len, true) + len + 1);
}

/**
 * Whether tryObjectEncoding would store s as an integer in the robj (string2l: no sign but '-',
 * no leading zeros, at most 20 chars, within a 64-bit long).
 */
function isLongString(s: string): boolean {
  const len = s.length;
  if (len === 0 || len > 20) return false;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 45 /* - */) {
    if (len === 1) return false;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return len === 1 && c === 48; // only "0" may start with a zero
  for (let j = i + 1; j < len; j++) {
    const d = s.charCodeAt(j);
    if (d < 48 || d > 57) return false;
  }
  if (len - i < 19) return true;
  const n = BigInt(s);
  return n >= -9223372036854775808n && n <= 9223372036854775807n;
}

/** Bytes of a string value as a Redis robj (objectComputeSize for OBJ_STRING). */
export function stringValueBytes(v: string): number {
  const len = v.length;
  // Fast path for the common case: a short value that cannot be an integer.
  const c = len === 0 ? 0 : v.charCodeAt(0);
  if ((c === 45 || (c >= 48 && c <= 57)) && isLongString(v)) return ROBJ_BYTES;
  if (len <= EMBSTR_LIMIT) return allocSize(ROBJ_BYTES + 3 + len + 1);
  return ROBJ_BYTES + allocSize(sdsHeader(len, false) + len + 1);
}

/** A Dict entry inside a hash/set/zset (Map entry + array slots, no side tables). */
const DICT_ENTRY_BYTES = 56;
/** The fixed part of a Dict (Map, two arrays, the wrapper object). */
const DICT_BASE_BYTES = 200;
/**
 * A zset member's share of the ordered index (ds/zset-btree.ts: score and member slot in a B+tree
 * leaf at ~3/4 fill, plus the inner nodes): calibrated with bench/collections-memory.mjs (1M
 * 14-byte members, RSS 120 B per member in all).
 */
const SKIPLIST_NODE_BYTES = 32;
/** A list slot in the ring buffer, including the power-of-two slack on average. */
const LIST_SLOT_BYTES = 12;
const LIST_BASE_BYTES = 120;
const STREAM_BASE_BYTES = 200;
const STREAM_NODE_BYTES = 240;
const GROUP_BYTES = 300;
const NACK_BYTES = 120;
const CONSUMER_BYTES = 200;

/** The default number of sampled elements (MEMORY USAGE's SAMPLES default, OBJ_COMPUTE_SIZE_DEF_SAMPLES). */
export const DEFAULT_SAMPLES = 5;

/** Bytes of a value (objectComputeSize). `samples` 0 = look at every element. */
export function valueBytes(v: RedisValue, samples = DEFAULT_SAMPLES): number {
  if (typeof v === 'string') return stringValueBytes(v);
  if (v instanceof ListValue) return listBytes(v, samples);
  if (v instanceof HashValue) return dictBytes(v.dict.keys(), v.dict.values() as readonly string[], samples, 0);
  if (v instanceof RedisSet) return dictBytes(v.dict.keys(), null, samples, 0);
  if (v instanceof SortedSet) return dictBytes(v.dict.keys(), null, samples, SKIPLIST_NODE_BYTES);
  if (v instanceof Stream) return streamBytes(v, samples);
  return DICT_BASE_BYTES;
}

/**
 * Bytes of a keyspace entry as used_memory counts it: the dict entry, the key, the value (the
 * Dict sizer of the keyspace). The bucket array is counted per table (accounting.ts settleTable).
 */
export function entryBytes(key: string, v: RedisValue): number {
  // Strings first: this runs on every SET.
  if (typeof v === 'string') return KEY_ENTRY_BYTES + keyBytes(key) + stringValueBytes(v);
  return KEY_ENTRY_BYTES + keyBytes(key) + valueBytes(v);
}

/**
 * MEMORY USAGE key [SAMPLES n]: what Redis reports, value + key + sizeof(dictEntry); for a
 * string key this equals Redis's figure exactly, and it is entryBytes less the jemalloc
 * rounding of the entry (8 bytes).
 */
export function usageBytes(key: string, v: RedisValue, samples = DEFAULT_SAMPLES): number {
  return KEY_ENTRY_USAGE_BYTES + keyBytes(key) + (typeof v === 'string' ? stringValueBytes(v) : valueBytes(v, samples));
}

/** The indices an estimate looks at: all when n ≤ samples (or samples is 0), else evenly spaced. */
function sampleStep(n: number, samples: number): number {
  return samples === 0 || n <= samples ? 1 : n / samples;
}

function listBytes(l: ListValue, samples: number): number {
  const n = l.length;
  if (n === 0) return LIST_BASE_BYTES;
  const step = sampleStep(n, samples);
  let sum = 0;
  let seen = 0;
  for (let x = 0; x < n; x += step) {
    sum += stringBytes(l.at(Math.floor(x)));
    seen++;
  }
  return LIST_BASE_BYTES + n * LIST_SLOT_BYTES + Math.round((sum / seen) * n);
}

/** A Dict-backed collection: keys (and string values when given) plus a per-element extra. */
function dictBytes(keys: readonly string[], vals: readonly string[] | null, samples: number, perElement: number): number {
  const n = keys.length;
  if (n === 0) return DICT_BASE_BYTES;
  const step = sampleStep(n, samples);
  let sum = 0;
  let seen = 0;
  for (let x = 0; x < n; x += step) {
    const i = Math.floor(x);
    sum += stringBytes(keys[i]!);
    if (vals !== null) sum += stringBytes(vals[i]!);
    seen++;
  }
  return DICT_BASE_BYTES + n * (DICT_ENTRY_BYTES + perElement) + Math.round((sum / seen) * n);
}

function streamBytes(s: Stream, samples: number): number {
  let total = STREAM_BASE_BYTES;
  const nodes = s.nodes;
  const n = nodes.length;
  if (n !== 0) {
    const step = sampleStep(n, samples);
    let sum = 0;
    let seen = 0;
    for (let x = 0; x < n; x += step) {
      const node = nodes[Math.floor(x)]!;
      sum += STREAM_NODE_BYTES + node.ids.byteLength + node.flags.byteLength + node.offs.byteLength + node.data.length;
      seen++;
    }
    total += Math.round((sum / seen) * n);
  }
  if (s.groups !== null) {
    for (const g of s.groups.values()) {
      total += GROUP_BYTES + stringBytes(g.name) + g.pel.size * NACK_BYTES;
      for (const c of g.consumers.values()) total += CONSUMER_BYTES + stringBytes(c.name) + c.pel.size * 16;
    }
  }
  return total;
}
