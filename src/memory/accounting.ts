/**
 * memory/accounting.ts — INFO used_memory and friends, as zmalloc_used_memory() is for Redis:
 * a number that follows the dataset exactly and instantly, cheap enough to read before every
 * command (maxmemory), whatever the garbage collector is doing.
 *
 * used_memory = STARTUP_BYTES, a fixed start-up baseline: about what an empty redis-server 7.0
 *               reports as used_memory_startup (≈ 870 KB). The Node runtime's own heap (≈ 11 MB:
 *               code, builtins, the command table) is left out, as Redis leaves out its text
 *               segment, so that a maxmemory limit buys the dataset as much room as in Redis;
 *             + dataset: Σ over databases of the keyspace Dict's byte total — every key's
 *               estimate (memory/estimate.ts, Redis's accounting model for the keyspace) is
 *               recorded per slot by the Dict's `sizer` on each set and given back on delete,
 *               and values mutated in place (RPUSH, HSET…) are re-estimated from the
 *               keyModified hook (every write calls signalModifiedKey) — plus, per table, the
 *               bucket array of a Redis dict of that size and a dict entry per expires entry;
 *             + client query/output buffers (refreshed at most every 100 ms: Redis counts them
 *               too, but walking every client before each command would not be cheap).
 *
 * How it relates to RSS: the process's fixed cost (Node, V8's heap at start-up, the Lua VM's
 * wasm memory: ≈ 60 MB of RSS) is not in used_memory, a small string key costs V8 about 1.5× what
 * it costs Redis, and V8 only returns freed memory to the OS after a major GC. So
 * RSS ≈ fixed + k × used_memory, with k measured under churn by bench/memory-churn.mjs and stated
 * in the README; mem_fragmentation_ratio (= RSS / used_memory) shows it live.
 *
 * Imports db/ and ds/ only through the Server object; no protocol.
 */
import type { Server } from '../server';
import type { Database, RedisValue } from '../db/database';
import { entryBytes, EXPIRE_ENTRY_BYTES, KEY_ENTRY_USAGE_BYTES } from './estimate';
import { EvictionPool, EvictionState, installEviction } from './evict';
import { GcGovernor } from './gc-governor';
import { IdleReclaimer } from './idle-reclaim';

/**
 * used_memory_startup: a fixed baseline, close to an empty redis-server 7.0.15's (876,088 bytes
 * on x86-64), rather than the V8 heap at start-up.
 */
export const STARTUP_BYTES = 870 * 1024;

/** Per-server memory state (server.ext 'memory'). */
export class MemoryState {
  /** used_memory_startup (writable, for embedders that want to reserve more). */
  baseline = STARTUP_BYTES;
  peak = 0;
  /** Client buffer bytes as last measured, and when (ms). */
  clientBytes = 0;
  private clientStamp = -Infinity;
  readonly eviction = new EvictionState();
  readonly pool = new EvictionPool();
  /** Forces major GCs under churn while maxmemory is set (memory/gc-governor.ts). */
  readonly governor = new GcGovernor(() => this.used());
  /** Returns memory to the OS once the server goes idle after its heap grew (memory/idle-reclaim.ts). */
  readonly idle: IdleReclaimer;

  constructor(private readonly server: Server) {
    const stats = server.stats;
    this.idle = new IdleReclaimer(
      () => stats.numCommands + stats.netInputBytes,
      () => compactTables(server),
    );
  }

  /**
   * Σ over databases of the keyspace estimates, the expires entries and both tables' bucket
   * arrays (dataset + dict overhead).
   */
  keyspaceBytes(): number {
    const dbs = this.server.dbs;
    let n = 0;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i]!;
      const dict = db.dict;
      if (dict.size === 0 && dict.tableSlots === 0) continue;
      const expires = db.expires;
      n += dict.bytes + expires.size * EXPIRE_ENTRY_BYTES + 8 * (settleTable(dict, this) + settleTable(expires, this));
    }
    return n;
  }

  /** used_memory as last computed (what a table expansion is checked against). */
  lastUsed = 0;

  /** Query + output buffers of every client (refreshed at most every 100 ms unless `fresh`). */
  clientsBytes(fresh = false): number {
    const now = Date.now();
    if (fresh || now - this.clientStamp >= 100) {
      this.clientStamp = now;
      let n = 0;
      for (const c of this.server.clients.values()) {
        n += (c.parser ? c.parser.capacity : 0) + c.outputPending + (c.writer ? c.writer.pending : 0);
      }
      this.clientBytes = n;
    }
    return this.clientBytes;
  }

  /** INFO used_memory. Also maintains the peak. */
  used(freshClients = false): number {
    const u = this.baseline + this.keyspaceBytes() + this.clientsBytes(freshClients);
    this.lastUsed = u;
    if (u > this.peak) this.peak = u;
    return u;
  }
}

/** HASHTABLE_MAX_LOAD_FACTOR: above this fill, a table expands even when maxmemory would refuse it. */
const MAX_LOAD_FACTOR = 1.618;
/** HASHTABLE_MIN_FILL (%): below it, the cron shrinks a table to fit. */
const MIN_FILL = 10;

/**
 * Brings the modelled bucket count of a keyspace table up to date with its size, as a Redis
 * dict would have it (dict.c _dictExpandIfNeeded, tryResizeHashTables) and returns it:
 *  - an empty dict has no table (FLUSHALL, or the last key gone);
 *  - a full one doubles to the next power of two ≥ its size (at least 4 buckets), except that,
 *    under maxmemory, the expansion is skipped while the fill is ≤ 1.618 and the new table would
 *    push used_memory over the limit (dictExpandAllowed): Redis then chains entries instead;
 *  - one filled under 10% shrinks to the smallest power of two that holds it.
 */
export function settleTable(dict: { readonly size: number; tableSlots: number }, m: MemoryState): number {
  const n = dict.size;
  let slots = dict.tableSlots;
  if (n === 0) return (dict.tableSlots = 0);
  if (slots === 0) slots = 4;
  if (n > slots) {
    const target = 2 ** (32 - Math.clz32(n - 1));
    const max = m.eviction.maxmemory;
    const refused = max !== 0 && n / slots <= MAX_LOAD_FACTOR && m.lastUsed + 8 * target > max;
    if (!refused) slots = target;
  } else if (slots > 4 && (n * 100) / slots < MIN_FILL) {
    slots = Math.max(4, 2 ** (32 - Math.clz32(n - 1)));
  }
  return (dict.tableSlots = slots);
}

/** The memory state of a server (installed by installMemory). */
export function memoryOf(server: Server): MemoryState {
  let m = server.ext.get('memory') as MemoryState | undefined;
  if (m === undefined) {
    m = new MemoryState(server);
    server.ext.set('memory', m);
  }
  return m;
}

/**
 * Whether the last pre-command check found memory over maxmemory with nothing left to evict
 * (Redis's server.pre_command_oom_state): what EVAL/FCALL consult for scripts without allow-oom.
 */
export function preCommandOom(server: Server): boolean {
  return memoryOf(server).eviction.preCommandOom;
}

/** INFO used_memory of a server. */
export function usedMemory(server: Server): number {
  return memoryOf(server).used();
}

/** Re-estimates a key whose value may have been mutated in place (Server.signalModifiedKey). */
export function reestimateKey(db: Database, key: string): void {
  const dict = db.dict;
  if (dict.sizer === null) return;
  // Usually the key was just written (SET, RPUSH…): its slot is the Dict's lastSlot, and the
  // comparison is a pointer check on the same string, which spares a Map lookup.
  const last = dict.lastSlot;
  const i = last >= 0 && last < dict.size && dict.keyAt(last) === key ? last : dict.slotOf(key);
  if (i >= 0 && typeof dict.valueAt(i) !== 'string') dict.resize(i);
}

const sizer: (key: string, v: RedisValue) => number = entryBytes;

/** Gives every keyspace Dict of `db` its sizer (and counts what it already holds). */
export function trackDatabase(db: Database): void {
  const dict = db.dict;
  if (dict.sizer !== null) return;
  dict.setSizer(sizer);
}

/**
 * Sets up memory accounting, the INFO memory fields and maxmemory eviction for a server. Call
 * once its databases exist (Server constructor).
 */
export function installMemory(server: Server): MemoryState {
  const m = memoryOf(server);
  for (const db of server.dbs) trackDatabase(db);
  const info = server.hooks.infoValues;
  const human = (n: number) => bytesToHuman(n);
  info.set('used_memory', () => m.used());
  info.set('used_memory_human', () => human(m.used()));
  info.set('used_memory_peak', () => (m.used(), m.peak));
  info.set('used_memory_peak_human', () => (m.used(), human(m.peak)));
  info.set('used_memory_peak_perc', () => `${((m.used() * 100) / m.peak).toFixed(2)}%`);
  info.set('used_memory_overhead', () => (m.used(), m.baseline + m.clientsBytes() + overheadOfDicts(server)));
  info.set('used_memory_startup', () => m.baseline);
  info.set('used_memory_dataset', () => datasetBytes(server, m));
  info.set('used_memory_dataset_perc', () => {
    const used = m.used();
    const net = used - m.baseline;
    return `${(net > 0 ? (datasetBytes(server, m) * 100) / net : 0).toFixed(2)}%`;
  });
  info.set('mem_fragmentation_ratio', () => (process.memoryUsage.rss() / m.used()).toFixed(2));
  info.set('mem_fragmentation_bytes', () => process.memoryUsage.rss() - m.used());
  info.set('mem_clients_normal', () => m.clientsBytes(true));
  info.set('total_eviction_exceeded_time', () => Math.floor(m.eviction.totalExceededMs()));
  info.set('current_eviction_exceeded_time', () => Math.floor(m.eviction.currentExceededMs()));
  installEviction(server, m);
  // CONFIG RESETSTAT (resetServerStats): the peak and the eviction-exceeded time start over.
  server.resetStatHooks.push(() => {
    m.peak = 0;
    m.eviction.totalOverMs = 0;
    if (m.eviction.overSince !== 0) m.eviction.overSince = Date.now();
  });
  const cfg = server.config;
  // Only for a listening server: in-process servers (tests) don't need forced GCs.
  m.governor.active = () => server.isListening;
  const govern = () => m.governor.enable(cfg.num('maxmemory') !== 0);
  cfg.onChange('maxmemory', govern);
  server.shutdownHooks.push(() => m.governor.enable(false));
  govern();
  // The idle reclaim runs for listening servers only (in-process ones have no idle moments).
  server.startupTasks.push(() => m.idle.enable(true));
  server.shutdownHooks.push(() => m.idle.enable(false));
  return m;
}

/** Keyspace tables smaller than this keep their spare capacity (not worth a copy). */
const COMPACT_MIN_KEYS = 4096;

/** Trims the spare capacity of every large keyspace / expires table (before an idle GC). */
function compactTables(server: Server): void {
  for (const db of server.dbs) {
    if (db.dict.size >= COMPACT_MIN_KEYS) db.dict.compact();
    if (db.expires.size >= COMPACT_MIN_KEYS) db.expires.compact();
  }
}

/**
 * The keyspace and expires tables' overhead of one database as getMemoryOverheadData counts it
 * (overhead.hashtable.main / .expires): sizeof(dictEntry) per entry plus the bucket array (as
 * settled by the last used_memory reading).
 */
export function dbOverhead(db: Database): [main: number, expires: number] {
  const { dict, expires } = db;
  return [dict.size * KEY_ENTRY_USAGE_BYTES + 8 * dict.tableSlots, expires.size * KEY_ENTRY_USAGE_BYTES + 8 * expires.tableSlots];
}

/** The overhead of every keyspace table (what Redis counts as dict overhead). */
export function overheadOfDicts(server: Server): number {
  let n = 0;
  for (const db of server.dbs) {
    if (db.dict.size === 0) continue;
    const [main, expires] = dbOverhead(db);
    n += main + expires;
  }
  return n;
}

/** used_memory_dataset: used memory minus the overhead (startup, clients, table entries). */
export function datasetBytes(server: Server, m: MemoryState): number {
  const d = m.used() - m.baseline - m.clientsBytes() - overheadOfDicts(server);
  return d > 0 ? d : 0;
}

/** bytesToHuman (server.c): 100B, 1.35K, 2.00G… */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (let i = 0; i < units.length; i++) {
    if (d < 1024 || i === units.length - 1) return `${d.toFixed(2)}${units[i]}`;
    d /= 1024;
  }
  return `${n}B`;
}
