/**
 * memory/accounting.ts — INFO used_memory and friends, as zmalloc_used_memory() is for Redis:
 * a number that follows the dataset exactly and instantly, cheap enough to read before every
 * command (maxmemory), whatever the garbage collector is doing.
 *
 * used_memory = startup baseline (the V8 heap when the first server started: code, builtins,
 *               the command table…)
 *             + dataset: Σ over databases of the keyspace Dict's byte total — every key's
 *               estimate (memory/estimate.ts) is recorded per slot by the Dict's `sizer` on each
 *               set and given back on delete, and values mutated in place (RPUSH, HSET…) are
 *               re-estimated from the keyModified hook (every write calls signalModifiedKey) —
 *               plus a constant per expires entry
 *             + client query/output buffers (refreshed at most every 100 ms: Redis counts them
 *               too, but walking every client before each command would not be cheap).
 *
 * How it relates to RSS: V8 only returns freed memory to the OS after a major GC, keeps
 * semi-spaces and fragmentation, and the process also holds code, the Lua VM's wasm memory and
 * Node's own buffers. So RSS ≥ used_memory, and mem_fragmentation_ratio (= RSS / used_memory)
 * is typically 1.3–2.5 under churn (see bench/memory-churn.ts and the report).
 *
 * Imports db/ and ds/ only through the Server object; no protocol.
 */
import type { Server } from '../server';
import type { Database, RedisValue } from '../db/database';
import { entryBytes, EXPIRE_ENTRY_BYTES, KEY_ENTRY_BYTES } from './estimate';
import { EvictionPool, EvictionState, installEviction } from './evict';
import { GcGovernor } from './gc-governor';

/** The heap in use when the first server of this process was set up (used_memory_startup). */
let processBaseline = 0;

function measureBaseline(): number {
  if (processBaseline === 0) processBaseline = process.memoryUsage().heapUsed;
  return processBaseline;
}

/** Per-server memory state (server.ext 'memory'). */
export class MemoryState {
  /**
   * used_memory_startup. Writable: the embedding API (src/index.ts) sets a fixed small value,
   * since the host process's heap is not the server's.
   */
  baseline = measureBaseline();
  peak = 0;
  /** Client buffer bytes as last measured, and when (ms). */
  clientBytes = 0;
  private clientStamp = -Infinity;
  readonly eviction = new EvictionState();
  readonly pool = new EvictionPool();
  /** Forces major GCs under churn while maxmemory is set (memory/gc-governor.ts). */
  readonly governor = new GcGovernor(() => this.used());

  constructor(private readonly server: Server) {}

  /** Σ of the keyspace estimates of every database plus their expires entries (dataset + dict overhead). */
  keyspaceBytes(): number {
    const dbs = this.server.dbs;
    let n = 0;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i]!;
      n += db.dict.bytes + db.expires.size * EXPIRE_ENTRY_BYTES;
    }
    return n;
  }

  /** Query + output buffers of every client (refreshed at most every 100 ms unless `fresh`). */
  clientsBytes(fresh = false): number {
    const now = Date.now();
    if (fresh || now - this.clientStamp >= 100) {
      this.clientStamp = now;
      let n = 0;
      for (const c of this.server.clients.values()) {
        n += (c.parser ? c.parser.capacity : 0) + (c.socket ? c.socket.writableLength : 0) + (c.writer ? c.writer.pending : 0);
      }
      this.clientBytes = n;
    }
    return this.clientBytes;
  }

  /** INFO used_memory. Also maintains the peak. */
  used(freshClients = false): number {
    const u = this.baseline + this.keyspaceBytes() + this.clientsBytes(freshClients);
    if (u > this.peak) this.peak = u;
    return u;
  }
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

/** Re-estimates a key whose value may have been mutated in place (keyModified hook). */
function reestimate(db: Database, key: string): void {
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
  dict.sizer = sizer;
  dict.bytes = 0;
  dict.sizes = new Uint32Array(Math.max(8, dict.meta ? dict.meta.length : dict.size));
  for (let i = 0; i < dict.size; i++) {
    const b = sizer(dict.keyAt(i), dict.valueAt(i));
    dict.sizes[i] = b;
    dict.bytes += b;
  }
}

/**
 * Sets up memory accounting, the INFO memory fields and maxmemory eviction for a server. Call
 * once its databases exist (Server constructor).
 */
export function installMemory(server: Server): MemoryState {
  const m = memoryOf(server);
  for (const db of server.dbs) trackDatabase(db);
  server.hooks.keyModified.push(reestimate);
  const info = server.hooks.infoValues;
  const human = (n: number) => bytesToHuman(n);
  info.set('used_memory', () => m.used());
  info.set('used_memory_human', () => human(m.used()));
  info.set('used_memory_peak', () => (m.used(), m.peak));
  info.set('used_memory_peak_human', () => (m.used(), human(m.peak)));
  info.set('used_memory_peak_perc', () => `${((m.used() * 100) / m.peak).toFixed(2)}%`);
  info.set('used_memory_overhead', () => m.baseline + m.clientsBytes() + overheadOfDicts(server));
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
  return m;
}

/** Per-entry overhead of the keyspace tables (what Redis counts as dict overhead). */
export function overheadOfDicts(server: Server): number {
  let n = 0;
  for (const db of server.dbs) n += db.dict.size * KEY_ENTRY_BYTES + db.expires.size * EXPIRE_ENTRY_BYTES;
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
