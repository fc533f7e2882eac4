/**
 * memory/estimate.ts — byte estimates of keys and values in the V8 heap: what INFO used_memory,
 * maxmemory eviction and MEMORY USAGE count (object.c objectComputeSize, in our terms).
 *
 * The figures are V8's object layouts on 64-bit Node without pointer compression, calibrated
 * against heapUsed deltas of bulk loads (bench/memory-churn.ts --calibrate):
 *  - a one-byte string is a 16-byte header plus its bytes, rounded up to 8;
 *  - a keyspace entry costs a Map entry (3 words + its share of the bucket array and of the
 *    doubling slack), a slot in the Dict's key and value arrays, and 8 bytes of side tables
 *    (the LRU/LFU word and this size);
 *  - collections sit on the same Dict (hash, set, zset), a ring buffer (list) or macro nodes
 *    (stream), each with a constant header.
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

/** A keyspace Dict entry besides its key and value strings (Map entry, arrays, side tables). */
export const KEY_ENTRY_BYTES = 56;
/** An expires-table entry (Map entry, arrays, the heap-number timestamp); the key is shared. */
export const EXPIRE_ENTRY_BYTES = 56;
/** A Dict entry inside a hash/set/zset (Map entry + array slots, no side tables). */
const DICT_ENTRY_BYTES = 56;
/** The fixed part of a Dict (Map, two arrays, the wrapper object). */
const DICT_BASE_BYTES = 200;
/** A skiplist node with one level (object, two small arrays, score) plus its share of the upper levels. */
const SKIPLIST_NODE_BYTES = 250;
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
  if (typeof v === 'string') return stringBytes(v);
  if (v instanceof ListValue) return listBytes(v, samples);
  if (v instanceof HashValue) return dictBytes(v.dict.keys(), v.dict.values() as readonly string[], samples, 0);
  if (v instanceof RedisSet) return dictBytes(v.dict.keys(), null, samples, 0);
  if (v instanceof SortedSet) return dictBytes(v.dict.keys(), null, samples, SKIPLIST_NODE_BYTES);
  if (v instanceof Stream) return streamBytes(v, samples);
  return DICT_BASE_BYTES;
}

/** Bytes of a keyspace entry: the key string, the entry, the value (the Dict sizer of the keyspace). */
export function entryBytes(key: string, v: RedisValue): number {
  // Strings first and inline: this runs on every SET.
  if (typeof v === 'string') return KEY_ENTRY_BYTES + ((16 + key.length + 7) & ~7) + ((16 + v.length + 7) & ~7);
  return KEY_ENTRY_BYTES + stringBytes(key) + valueBytes(v);
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
