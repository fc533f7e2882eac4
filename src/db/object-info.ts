/**
 * db/object-info.ts — what OBJECT reports about a value: its encoding, reference count, idle time
 * and LFU frequency (object.c objectCommand, evict.c's LRU/LFU clocks).
 *
 * Access tracking, cheaply: Redis keeps a 24-bit `lru` field in every object, holding either the
 * LRU clock (seconds, mod 2^24) of the last access or, under an LFU maxmemory-policy, the LFU word
 * (minutes mod 2^16) << 8 | log-counter. We keep exactly that word, but in the keyspace Dict's
 * per-slot Uint32Array (ds/dict.ts `meta`): 4 bytes a key, no per-key object, no Map, and it moves
 * with the slot on delete, is swapped by SWAPDB and emptied by FLUSHDB for free. Database.lookup
 * stamps it on each touching access, setKey/overwrite stamp new values, RENAME/MOVE carry it over.
 * So OBJECT IDLETIME / FREQ read the same clocks Redis reads, with the same 1 s / 1 min resolution
 * and wrap-around.
 *
 * Bit 31 of the word (never used by the 24-bit clocks) marks a string that was modified in place
 * (APPEND, SETRANGE, SETBIT, BITFIELD…): Redis keeps such strings "raw" whatever their content, so
 * OBJECT ENCODING must not re-derive int/embstr for them. A new value (setKey) clears the mark;
 * accesses keep it; RENAME/MOVE/COPY carry it.
 *
 * Imports only db/ types; no protocol, no commands.
 */
import type { Database, RedisValue } from './database';
import { parseInt64 } from '../util/numbers';

/** LRU clock: seconds, 24 bits (LRU_CLOCK_MAX, LRU_CLOCK_RESOLUTION = 1000 ms). */
export const LRU_CLOCK_MAX = (1 << 24) - 1;
/** Counter given to new objects under LFU (LFU_INIT_VAL). */
export const LFU_INIT_VAL = 5;
/** OBJ_SHARED_REFCOUNT: what OBJECT REFCOUNT prints for shared integers 0..9999. */
export const SHARED_REFCOUNT = 2147483647;
const SHARED_INTEGERS = 10000;
/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
const EMBSTR_SIZE_LIMIT = 44;
/** Stamp bit: the string value was modified in place and is raw-encoded (see header). */
export const RAW_STRING_FLAG = 0x80000000;
const CLOCK_MASK = 0x7fffffff;

/** The LRU clock at `nowMs` (getLRUClock). */
export function lruClock(nowMs: number): number {
  return Math.floor(nowMs / 1000) & LRU_CLOCK_MAX;
}

/** Minutes mod 2^16 at `nowMs` (LFUGetTimeInMinutes). */
function lfuMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 65535;
}

/**
 * The per-server policy for access stamps: LRU clock or LFU word, with the LFU tunables.
 * Kept in sync with maxmemory-policy / lfu-log-factor / lfu-decay-time by installAccessTracking.
 */
export class AccessClock {
  lfu = false;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  /** maxmemory is set and the policy is an LRU/LFU one: integers are not shared (refcount 1). */
  noSharedIntegers = false;

  /** The stamp of a value just created (createObject). */
  fresh(nowMs: number): number {
    return this.lfu ? ((lfuMinutes(nowMs) << 8) | LFU_INIT_VAL) >>> 0 : lruClock(nowMs);
  }

  /** The stamp after an access to a value whose stamp was `old` (lookupKey: updateLFU or LRU_CLOCK). */
  touched(old: number, nowMs: number): number {
    if (!this.lfu) return ((old & RAW_STRING_FLAG) | lruClock(nowMs)) >>> 0;
    let counter = this.decayed(old, nowMs);
    if (counter < 255) {
      const base = counter - LFU_INIT_VAL;
      const p = 1 / ((base < 0 ? 0 : base) * this.lfuLogFactor + 1);
      if (Math.random() < p) counter++;
    }
    return ((old & RAW_STRING_FLAG) | (lfuMinutes(nowMs) << 8) | counter) >>> 0;
  }

  /** The LFU counter after decay (LFUDecrAndReturn). */
  decayed(word: number, nowMs: number): number {
    const ldt = (word & CLOCK_MASK) >>> 8;
    const counter = word & 255;
    if (this.lfuDecayTime === 0) return counter;
    const now = lfuMinutes(nowMs);
    const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
    const periods = Math.floor(elapsed / this.lfuDecayTime);
    if (periods === 0) return counter;
    return periods > counter ? 0 : counter - periods;
  }

  /** Idle milliseconds of a value stamped `word` (estimateObjectIdleTime). */
  idleMs(word: number, nowMs: number): number {
    word &= CLOCK_MASK;
    const clock = lruClock(nowMs);
    return (clock >= word ? clock - word : clock + (LRU_CLOCK_MAX - word)) * 1000;
  }

  /** The stamp RESTORE ... IDLETIME sets (objectSetLRUOrLFU, LRU side). */
  withIdle(idleSeconds: number, nowMs: number): number {
    let abs = lruClock(nowMs) - idleSeconds;
    if (abs < 0) abs = (abs & LRU_CLOCK_MAX) >>> 0;
    return abs;
  }

  /** The stamp RESTORE ... FREQ sets (objectSetLRUOrLFU, LFU side). */
  withFreq(freq: number, nowMs: number): number {
    return ((lfuMinutes(nowMs) << 8) | (freq & 255)) >>> 0;
  }
}

/** Config hooks, installed only for the configs this build has (CONFIG is grown by others). */
interface ConfigLike {
  spec(name: string): unknown;
  onChange(name: string, fn: (v: string | number | boolean) => void): void;
  raw(name: string): string | number | boolean;
}

/** Keeps `clock` in sync with maxmemory-policy, maxmemory, lfu-log-factor and lfu-decay-time. */
export function installAccessTracking(config: ConfigLike, clock: AccessClock): void {
  const update = () => {
    const policy = config.spec('maxmemory-policy') ? String(config.raw('maxmemory-policy')) : 'noeviction';
    clock.lfu = policy.endsWith('-lfu');
    const maxmemory = config.spec('maxmemory') ? Number(config.raw('maxmemory')) : 0;
    clock.noSharedIntegers = maxmemory !== 0 && (policy.endsWith('-lfu') || policy.endsWith('-lru'));
  };
  for (const name of ['maxmemory-policy', 'maxmemory']) if (config.spec(name)) config.onChange(name, update);
  if (config.spec('lfu-log-factor')) config.onChange('lfu-log-factor', (v) => (clock.lfuLogFactor = Number(v)));
  if (config.spec('lfu-decay-time')) config.onChange('lfu-decay-time', (v) => (clock.lfuDecayTime = Number(v)));
  update();
}

/** True when Redis would store this string as an integer (tryObjectEncoding: len <= 20 and string2l). */
export function isIntEncodable(s: string): boolean {
  return s.length <= 20 && parseInt64(s) !== null;
}

/** OBJECT ENCODING of a string value as SET stores it (tryObjectEncoding): int, embstr or raw. */
export function stringEncoding(s: string): string {
  if (isIntEncodable(s)) return 'int';
  return s.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

/** OBJECT ENCODING of any value; `stamp` is the key's access word (keyStamp), for the raw mark. */
export function objectEncoding(v: RedisValue, stamp = 0): string {
  if (typeof v !== 'string') return v.encoding();
  return stamp & RAW_STRING_FLAG ? 'raw' : stringEncoding(v);
}

/**
 * Marks the string at key as modified in place (APPEND/SETRANGE/SETBIT/BITFIELD on an existing
 * value, BITOP/PFADD results): OBJECT ENCODING then says "raw", as Redis does. Call after the
 * value was stored (setKey/overwrite clear the mark).
 */
export function markRawString(db: Database, key: string): void {
  const meta = db.dict.meta;
  const i = db.dict.slotOf(key);
  if (meta !== null && i >= 0) meta[i] = (meta[i]! | RAW_STRING_FLAG) >>> 0;
}

/** OBJECT REFCOUNT: shared integers report OBJ_SHARED_REFCOUNT, everything else 1. */
export function objectRefcount(v: RedisValue, clock: AccessClock, stamp = 0): number {
  if (typeof v !== 'string' || clock.noSharedIntegers || stamp & RAW_STRING_FLAG) return 1;
  if (v.length > 4 || !isIntEncodable(v)) return 1;
  const n = parseInt64(v)!;
  return n >= 0 && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1;
}

/** The access stamp of an existing key (0 when the dict tracks none). */
export function keyStamp(db: Database, key: string): number {
  const meta = db.dict.meta;
  const i = db.dict.slotOf(key);
  return meta === null || i < 0 ? 0 : meta[i]!;
}

/** Sets the access stamp of an existing key (RESTORE IDLETIME/FREQ, RENAME, MOVE). */
export function setKeyStamp(db: Database, key: string, stamp: number): void {
  const meta = db.dict.meta;
  const i = db.dict.slotOf(key);
  if (meta !== null && i >= 0) meta[i] = stamp;
}
