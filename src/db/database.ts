/**
 * db/database.ts — one numbered database: the key → value table and the key → expire-time table
 * (db.c). Lookups apply lazy expiry (expireIfNeeded) against the host's frozen command time.
 *
 * Values are either a JS string (a Redis string, bytes as latin1 chars) or an object with a
 * `type` field (list, hash, set, zset, stream). Imports only ds/.
 * Must not import protocol/ or commands/.
 */
import { Dict } from '../ds/dict';
import { E, ReplyError } from '../errors';
import type { AccessClock } from './object-info';
import { NotifyFlags } from './notify';

export type ValueType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

/** Every non-string value implements this. */
export interface TypedValue {
  readonly type: Exclude<ValueType, 'string'>;
  /** The name OBJECT ENCODING prints (listpack, quicklist, hashtable, intset, skiplist, stream). */
  encoding(): string;
  /** A deep copy (COPY, and anything else that must not share structure). */
  clone(): TypedValue;
}

export type RedisValue = string | TypedValue;

export function typeOf(v: RedisValue): ValueType {
  return typeof v === 'string' ? 'string' : v.type;
}

/** What a database needs from the server around it. */
export interface KeyspaceHost {
  /** The command-time snapshot (ms): a key cannot expire halfway through a command. */
  readonly now: number;
  /** True on a replica: keys are reported expired but only deleted by the primary. */
  readonly isReplica: boolean;
  /** True while a replica applies its primary's stream: nothing is expired for it (expireIfNeeded). */
  readonly applyingMaster?: boolean;
  /** Pausing writes (CLIENT PAUSE WRITE) also pauses expiry. */
  readonly expiryPaused: boolean;
  /** Called after a key was deleted because it expired (stats, notification, propagation). */
  keyExpired(db: Database, key: string): void;
  /** keyspace_hits / keyspace_misses counters. */
  readonly stats: { keyspaceHits: number; keyspaceMisses: number };
  /** LRU/LFU access stamps kept per key (OBJECT IDLETIME/FREQ, eviction); see db/object-info.ts. */
  readonly access: AccessClock;
  /** Keyspace notification (notifyKeyspaceEvent): 'new' on key creation, 'keymiss' on read misses. */
  notify(type: number, event: string, key: string, dbid: number): void;
  /** A list/zset/stream key was created: wake clients blocked on it (dbAdd → signalKeyAsReady). */
  signalKeyAsReady?(db: Database, key: string): void;
}

export class Database {
  /** Keys → values; each slot's `meta` word is the key's LRU/LFU access stamp (db/object-info.ts). */
  dict = new Dict<RedisValue>(true);
  expires = new Dict<number>();
  /** Average TTL of the keys sampled by the last active expire cycles (INFO keyspace avg_ttl). */
  avgTtl = 0;
  /** Keys waited on by blocked clients: key → queue of waiters (managed by the blocking layer). */
  readonly blockingKeys = new Map<string, unknown[]>();
  /** Keys watched by WATCH: key → set of watchers (managed by the transaction layer). */
  readonly watchedKeys = new Map<string, Set<unknown>>();

  constructor(
    public id: number,
    private readonly host: KeyspaceHost,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  /**
   * The value at key, or undefined when absent or expired (an expired key is deleted here,
   * unless this is a replica or expiry is paused). Does not touch hit/miss statistics.
   * Updates the key's access stamp unless `touch` is false (LOOKUP_NOTOUCH: TYPE, EXISTS, TTL…).
   */
  lookup(key: string, touch = true): RedisValue | undefined {
    const dict = this.dict;
    const i = dict.slotOf(key);
    if (i < 0) return undefined;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    const meta = dict.meta!;
    if (touch) meta[i] = this.host.access.touched(meta[i]!, this.host.now);
    return dict.valueAt(i);
  }

  /** lookupKeyRead: like lookup, and counts a keyspace hit or miss. */
  lookupRead(key: string, touch = true): RedisValue | undefined {
    const v = this.lookup(key, touch);
    if (v !== undefined) {
      this.host.stats.keyspaceHits++;
    } else {
      this.host.stats.keyspaceMisses++;
      this.host.notify(NotifyFlags.KeyMiss, 'keymiss', key, this.id);
    }
    return v;
  }

  /** lookupKeyWrite: the value for a command about to modify the key (no hit/miss counting). */
  lookupWrite(key: string): RedisValue | undefined {
    return this.lookup(key);
  }

  /** True when the key has a past expire time. Deletes it when allowed (db.c expireIfNeeded). */
  expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key);
    // Redis: a key is expired when now > when (keyIsExpired), so it lives through its last ms.
    if (when === undefined || when >= this.host.now) return false;
    if (this.host.isReplica) return this.host.applyingMaster !== true;
    if (this.host.expiryPaused) return true;
    this.deleteKey(key);
    this.host.keyExpired(this, key);
    return true;
  }

  /** True when the key exists and has a past expire time, without deleting it. */
  isExpired(key: string): boolean {
    const when = this.expires.get(key);
    return when !== undefined && when < this.host.now;
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  /** Adds or replaces the value and drops any TTL (Redis's setKey without KEEPTTL). */
  setKey(key: string, value: RedisValue, keepTtl = false): void {
    const dict = this.dict;
    if (this.blockingKeys.size !== 0) this.signalStreamGone(key);
    const isNew = dict.set(key, value);
    if (isNew || !this.host.access.lfu) {
      dict.meta![dict.lastSlot] = this.host.access.fresh(this.host.now);
    } // else: an LFU counter survives the overwrite (dbOverwrite)
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    if (isNew) this.host.notify(NotifyFlags.New, 'new', key, this.id); // dbAdd's "new" event
    // A new list/zset/stream key may serve blocked clients (Redis's dbAdd signals the key).
    if (isNew && this.blockingKeys.size !== 0 && typeof value !== 'string') this.host.signalKeyAsReady?.(this, key);
  }

  /** Replaces the value of an existing key, keeping its TTL (dbOverwrite). */
  overwrite(key: string, value: RedisValue): void {
    const dict = this.dict;
    if (this.blockingKeys.size !== 0) this.signalStreamGone(key);
    if (dict.set(key, value) || !this.host.access.lfu) dict.meta![dict.lastSlot] = this.host.access.fresh(this.host.now);
  }

  /** Deletes the key and its TTL. Returns true when it existed (expired or not). */
  deleteKey(key: string): boolean {
    if (this.blockingKeys.size !== 0) this.signalStreamGone(key);
    if (!this.dict.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    return true;
  }

  /**
   * A stream value at `key` is being deleted or replaced: signal the key so that clients blocked
   * in XREADGROUP on it fail (dbGenericDelete / dbOverwrite call signalKeyAsReady for streams).
   */
  private signalStreamGone(key: string): void {
    const v = this.dict.get(key);
    if (v !== undefined && typeof v !== 'string' && v.type === 'stream') this.host.signalKeyAsReady?.(this, key);
  }

  /** Sets an absolute expire time in ms. The key must exist. */
  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
  }

  /** The absolute expire time in ms, or -1 when the key has none. */
  getExpire(key: string): number {
    const w = this.expires.get(key);
    return w === undefined ? -1 : w;
  }

  /** Removes the TTL. Returns true when there was one. */
  removeExpire(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Empties the database. Returns the number of keys removed. */
  flush(): number {
    const n = this.dict.size;
    if (this.blockingKeys.size !== 0) for (const k of this.blockingKeys.keys()) this.signalStreamGone(k);
    this.dict.clear();
    this.expires.clear();
    this.avgTtl = 0;
    return n;
  }

  /** A random key that is not expired (RANDOMKEY), or undefined when none is found. */
  randomKey(): string | undefined {
    const dict = this.dict;
    let tries = 0;
    const allVolatile = this.expires.size === dict.size;
    for (;;) {
      const key = dict.randomKey();
      if (key === undefined) return undefined;
      if (!this.isExpired(key)) return key;
      // Every key is volatile and expired: Redis gives up after 100 tries on replicas and
      // returns one anyway; on a primary it deletes and tries again.
      if (this.host.isReplica || this.host.expiryPaused) {
        if (allVolatile && ++tries >= 100) return key;
        continue;
      }
      this.expireIfNeeded(key);
    }
  }

  /** Swaps the contents of two databases (SWAPDB): the tables move, the ids stay. */
  swapWith(other: Database): void {
    const { dict, expires, avgTtl } = this;
    this.dict = other.dict;
    this.expires = other.expires;
    this.avgTtl = other.avgTtl;
    other.dict = dict;
    other.expires = expires;
    other.avgTtl = avgTtl;
  }
}

/**
 * The value at key if it has the given type; undefined when the key is absent. Throws WRONGTYPE
 * when it holds another type (lookupKeyReadOrReply + checkType). Counts hits/misses when `read`.
 */
export function lookupTyped<T extends TypedValue>(db: Database, key: string, type: TypedValue['type'], read = true): T | undefined {
  const v = read ? db.lookupRead(key) : db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== type) throw new ReplyError(E.wrongType);
  return v as T;
}

/** The string at key; undefined when absent; throws WRONGTYPE for other types. */
export function lookupString(db: Database, key: string, read = true): string | undefined {
  const v = read ? db.lookupRead(key) : db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ReplyError(E.wrongType);
  return v;
}
