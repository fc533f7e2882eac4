/**
 * memory/evict.ts — maxmemory and the eight maxmemory-policy values (evict.c), approximated as
 * Redis approximates them:
 *  - before every command while maxmemory is set (a dispatcher check, where processCommand calls
 *    performEvictions), if used_memory > maxmemory, keys are evicted until it is not;
 *  - LRU / LFU / TTL policies sample `maxmemory-samples` keys per database (from the keyspace for
 *    allkeys-*, from the expires table for volatile-*) into a 16-entry pool kept sorted by "idle
 *    score" (idle time, 255 − decayed LFU counter, or −expire time), and evict the best entry of
 *    the pool; the pool survives between calls so good candidates accumulate;
 *  - *-random policies evict a random key, visiting the databases round-robin;
 *  - eviction is time-boxed by maxmemory-eviction-tenacity (checked every 16 keys); when the
 *    budget runs out the command proceeds and eviction continues on the next event-loop turn;
 *  - when nothing can be evicted (noeviction, or volatile-* without volatile keys), `denyoom`
 *    commands (and anything queued inside MULTI) get -OOM; reads and DEL still run.
 * An evicted key is deleted, counted in evicted_keys, signalled (WATCH, tracking) and announced
 * with an 'evicted' keyspace event, in Redis's order. Nothing is evicted while clients are paused
 * (CLIENT PAUSE), on a replica with replica-ignore-maxmemory, or while maxmemory is 0.
 * With the latency monitor on, each cycle that evicts is timed as the `eviction-cycle` event and
 * each key's deletion as `eviction-del`, as in Redis.
 *
 * The access stamps live in the keyspace Dict's meta words (db/object-info.ts AccessClock).
 */
import { FilterRank, type Server } from '../server';
import type { Client } from '../protocol/client';
import { ClientFlag } from '../protocol/client';
import type { Command } from '../commands/registry';
import type { Database } from '../db/database';
import { NotifyFlags } from '../db/notify';
import { E } from '../errors';
import type { MemoryState } from './accounting';
import { EXPIRE_ENTRY_BYTES } from './estimate';
import { parseShebang, type ScriptingState } from '../scripting/state';
import { latencyAddSampleIfNeeded } from '../latency';
import { ScriptFlag } from '../scripting/lua';

/** EVPOOL_SIZE */
export const EVPOOL_SIZE = 16;

export const enum Policy {
  NoEviction,
  AllkeysLru,
  VolatileLru,
  AllkeysLfu,
  VolatileLfu,
  AllkeysRandom,
  VolatileRandom,
  VolatileTtl,
}

const POLICY_NAMES: Record<string, Policy> = {
  noeviction: Policy.NoEviction,
  'allkeys-lru': Policy.AllkeysLru,
  'volatile-lru': Policy.VolatileLru,
  'allkeys-lfu': Policy.AllkeysLfu,
  'volatile-lfu': Policy.VolatileLfu,
  'allkeys-random': Policy.AllkeysRandom,
  'volatile-random': Policy.VolatileRandom,
  'volatile-ttl': Policy.VolatileTtl,
};

export function policyFromName(name: string): Policy {
  return POLICY_NAMES[name.toLowerCase()] ?? Policy.NoEviction;
}

function isAllkeys(p: Policy): boolean {
  return p === Policy.AllkeysLru || p === Policy.AllkeysLfu || p === Policy.AllkeysRandom;
}

function isRandom(p: Policy): boolean {
  return p === Policy.AllkeysRandom || p === Policy.VolatileRandom;
}

export const enum EvictResult {
  Ok,
  Running,
  Fail,
}

/**
 * The eviction pool: up to 16 candidates sorted by ascending idle score (the best candidate is
 * the last one). Parallel arrays, no per-entry objects.
 */
export class EvictionPool {
  readonly idle = new Float64Array(EVPOOL_SIZE);
  readonly keys: (string | null)[] = new Array<string | null>(EVPOOL_SIZE).fill(null);
  readonly dbids = new Int32Array(EVPOOL_SIZE);

  /** Number of filled entries (they are always the first ones). */
  get length(): number {
    let n = 0;
    while (n < EVPOOL_SIZE && this.keys[n] !== null) n++;
    return n;
  }

  clear(): void {
    this.keys.fill(null);
  }

  /**
   * Inserts a candidate (evictionPoolPopulate's insertion): ignored when the pool is full and
   * the candidate is worse than all; otherwise the worst entry is dropped when full. A key
   * already in the pool only has its score updated.
   */
  insert(key: string, dbid: number, idle: number): void {
    const keys = this.keys;
    const ids = this.idle;
    const dbids = this.dbids;
    for (let j = 0; j < EVPOOL_SIZE && keys[j] !== null; j++) {
      if (keys[j] === key && dbids[j] === dbid) {
        this.removeAt(j);
        break;
      }
    }
    let k = 0;
    while (k < EVPOOL_SIZE && keys[k] !== null && ids[k]! < idle) k++;
    if (k === 0 && keys[EVPOOL_SIZE - 1] !== null) return; // worse than every candidate
    if (k < EVPOOL_SIZE && keys[k] === null) {
      // an empty slot at the right place
    } else if (keys[EVPOOL_SIZE - 1] === null) {
      // free room on the right: shift k.. one to the right
      for (let j = EVPOOL_SIZE - 1; j > k; j--) {
        keys[j] = keys[j - 1]!;
        ids[j] = ids[j - 1]!;
        dbids[j] = dbids[j - 1]!;
      }
    } else {
      // full: drop the worst (left-most) and shift 1..k-1 left
      k--;
      for (let j = 0; j < k; j++) {
        keys[j] = keys[j + 1]!;
        ids[j] = ids[j + 1]!;
        dbids[j] = dbids[j + 1]!;
      }
    }
    keys[k] = key;
    ids[k] = idle;
    dbids[k] = dbid;
  }

  /** Removes entry j, keeping the others packed and sorted. */
  removeAt(j: number): void {
    const keys = this.keys;
    for (; j < EVPOOL_SIZE - 1 && keys[j + 1] !== null; j++) {
      keys[j] = keys[j + 1]!;
      this.idle[j] = this.idle[j + 1]!;
      this.dbids[j] = this.dbids[j + 1]!;
    }
    keys[j] = null;
  }
}

/** Policy and tunables, kept in sync with CONFIG (read on every check would cost a Map lookup each). */
export class EvictionState {
  maxmemory = 0;
  policy = Policy.NoEviction;
  samples = 5;
  tenacity = 10;
  /** Result of the last pre-command check (server.pre_command_oom_state): scripts use it. */
  preCommandOom = false;
  /** Round-robin start for the random policies (next_db). */
  nextDb = 0;
  /** A continuation is scheduled (evictionTimeProc). */
  running = false;
  /** The eviction timer (ms, fractional): the tenacity budget and the latency events. Tests may replace it. */
  clock: () => number = () => performance.now();
  /** Since when (ms) used_memory has been over maxmemory, or 0. */
  overSince = 0;
  totalOverMs = 0;

  /** maxmemory-eviction-tenacity → time budget in ms per performEvictions (evictionTimeLimitUs). */
  limitMs(): number {
    const t = this.tenacity;
    if (t <= 10) return (50 * t) / 1000;
    if (t < 100) return (500 * Math.pow(1.15, t - 10)) / 1000;
    return Infinity;
  }

  totalExceededMs(): number {
    return this.totalOverMs + this.currentExceededMs();
  }

  currentExceededMs(): number {
    return this.overSince === 0 ? 0 : Date.now() - this.overSince;
  }

  /** Tracks the time spent over maxmemory (total/current_eviction_exceeded_time). */
  noteOver(over: boolean): void {
    if (over) {
      if (this.overSince === 0) this.overSince = Date.now();
    } else if (this.overSince !== 0) {
      this.totalOverMs += Date.now() - this.overSince;
      this.overSince = 0;
    }
  }
}

/** The idle score of the key at keyspace slot `slot` for the pool (higher = evict first). */
function idleScore(server: Server, policy: Policy, db: Database, slot: number, key: string, nowMs: number): number {
  if (policy === Policy.VolatileTtl) return -(db.expires.get(key) ?? 0);
  const meta = db.dict.meta;
  const word = meta === null ? 0 : meta[slot]!;
  if (policy === Policy.AllkeysLfu || policy === Policy.VolatileLfu) return 255 - server.access.decayed(word, nowMs);
  return server.access.idleMs(word, nowMs);
}

/** Samples up to `samples` keys of one database into the pool (evictionPoolPopulate). */
export function populatePool(server: Server, pool: EvictionPool, db: Database, policy: Policy, samples: number, nowMs: number): void {
  const dict = db.dict;
  const sampled = isAllkeys(policy) ? dict : db.expires;
  const n = sampled.size;
  const all = n <= samples;
  const count = all ? n : samples;
  for (let j = 0; j < count; j++) {
    const i = all ? j : Math.floor(Math.random() * n);
    const key = sampled.keyAt(i);
    const slot = sampled === dict ? i : dict.slotOf(key);
    if (slot < 0) continue;
    pool.insert(key, db.id, idleScore(server, policy, db, slot, key, nowMs));
  }
}

/** Picks the key to evict next, or null when there is none (the selection half of performEvictions). */
function selectVictim(server: Server, m: MemoryState, policy: Policy, nowMs: number): [Database, string] | null {
  const dbs = server.dbs;
  const allkeys = isAllkeys(policy);
  if (isRandom(policy)) {
    for (let j = 0; j < dbs.length; j++) {
      const db = dbs[m.eviction.nextDb++ % dbs.length]!;
      const d = allkeys ? db.dict : db.expires;
      if (d.size !== 0) return [db, d.randomKey()!];
    }
    return null;
  }
  const pool = m.pool;
  const samples = m.eviction.samples;
  // Redis loops until it finds a key; a bound keeps an inconsistent table from hanging us.
  for (let round = 0; round < 64; round++) {
    let total = 0;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i]!;
      const d = allkeys ? db.dict : db.expires;
      if (d.size === 0) continue;
      populatePool(server, pool, db, policy, samples, nowMs);
      total += d.size;
    }
    if (total === 0) return null;
    // From the best candidate down: skip ghosts (keys deleted since they were sampled).
    for (let k = EVPOOL_SIZE - 1; k >= 0; k--) {
      const key = pool.keys[k];
      if (key === null || key === undefined) continue;
      const db = dbs[pool.dbids[k]!];
      pool.removeAt(k);
      if (db === undefined) continue;
      if (allkeys ? db.dict.has(key) : db.expires.has(key)) return [db, key];
    }
  }
  return null;
}

/**
 * Evicts keys until used_memory ≤ maxmemory (performEvictions). Returns Ok when memory is fine
 * (or eviction is not allowed now), Running when the time budget ran out and a continuation was
 * scheduled, Fail when over the limit with nothing left to evict.
 */
export function performEvictions(server: Server, m: MemoryState): EvictResult {
  const ev = m.eviction;
  const max = ev.maxmemory;
  if (max === 0) return EvictResult.Ok;
  // isSafeToPerformEvictions: not while clients are paused, nor on a replica that ignores maxmemory.
  if (server.pauseType !== 0) return EvictResult.Ok;
  if (server.isReplica && server.config.bool('replica-ignore-maxmemory')) return EvictResult.Ok;
  const used = m.used();
  if (used <= max) {
    ev.noteOver(false);
    return EvictResult.Ok;
  }
  ev.noteOver(true);
  const policy = ev.policy;
  if (policy === Policy.NoEviction) return EvictResult.Fail;
  const toFree = used - max;
  let freed = 0;
  let keysFreed = 0;
  const clock = ev.clock;
  const t0 = clock();
  const limit = ev.limitMs();
  // latencyStartMonitor: timing only while the latency monitor is on.
  const monitor = server.latency.threshold !== 0;
  const nowMs = server.clock();
  const stats = server.stats;
  let result = EvictResult.Ok;
  while (freed < toFree) {
    const victim = selectVictim(server, m, policy, nowMs);
    if (victim === null) {
      result = EvictResult.Fail;
      break;
    }
    const [db, key] = victim;
    const dict = db.dict;
    const slot = dict.slotOf(key);
    const delta = dict.sizeAt(slot) + (db.expires.has(key) ? EXPIRE_ENTRY_BYTES : 0);
    if (monitor) {
      const d0 = clock();
      db.deleteKey(key);
      latencyAddSampleIfNeeded(server, 'eviction-del', Math.floor(clock() - d0));
    } else {
      db.deleteKey(key);
    }
    freed += delta;
    stats.evictedKeys++;
    server.signalModifiedKey(db, key);
    server.notify(NotifyFlags.Evicted, 'evicted', key, db.id);
    keysFreed++;
    if ((keysFreed & 15) === 0 && clock() - t0 > limit) {
      scheduleContinuation(server, m);
      result = EvictResult.Running;
      break;
    }
  }
  if (monitor) latencyAddSampleIfNeeded(server, 'eviction-cycle', Math.floor(clock() - t0));
  if (result === EvictResult.Ok && m.used() <= max) ev.noteOver(false);
  return result;
}

/** evictionTimeProc: keeps evicting on later event-loop turns until under the limit. */
function scheduleContinuation(server: Server, m: MemoryState): void {
  if (m.eviction.running) return;
  m.eviction.running = true;
  setImmediate(() => {
    m.eviction.running = false;
    if (server.isClosing) return;
    performEvictions(server, m);
  });
}


/**
 * Whether a command is denyoom as getCommandFlags sees it: scripts that declare flags (a shebang,
 * a cached script, a function) replace EVAL/FCALL's own flags — denyoom unless they are
 * no-writes or allow-oom (scriptFlagsToCmdFlags); scripts without flags keep the command's.
 */
function commandDenyOom(c: Client, cmd: Command, argv: readonly string[]): boolean {
  if (cmd.parent !== null) return cmd.denyOom;
  const name = cmd.name;
  let flags: number;
  if (name === 'eval' || name === 'eval_ro' || name === 'evalsha' || name === 'evalsha_ro') {
    const st = c.server.ext.get('scripting') as ScriptingState | undefined;
    const sha = name.startsWith('evalsha');
    const arg = argv[1] ?? '';
    const cached = sha ? (arg.length === 40 ? st?.scripts.get(arg.toLowerCase()) : undefined) : undefined;
    if (cached !== undefined) {
      flags = cached.flags;
    } else if (!sha && arg.startsWith('#!')) {
      try {
        flags = parseShebang(arg).flags;
      } catch {
        return cmd.denyOom;
      }
    } else {
      return cmd.denyOom;
    }
    if (flags & ScriptFlag.EvalCompat) return cmd.denyOom;
  } else if (name === 'fcall' || name === 'fcall_ro') {
    const st = c.server.ext.get('scripting') as ScriptingState | undefined;
    const f = st?.functions.get(argv[1] ?? '');
    if (f === undefined) return cmd.denyOom;
    flags = f.flags;
  } else {
    return cmd.denyOom;
  }
  return (flags & (ScriptFlag.AllowOom | ScriptFlag.NoWrites)) === 0;
}

/** EXEC is denyoom when a queued command is (processCommand's is_denyoom_command). */
function queuedDenyOom(c: Client): boolean {
  const ms = c.multiState;
  if (ms === null) return false;
  for (const q of ms.commands) if (commandDenyOom(c, q.cmd, q.argv)) return true;
  return false;
}

/** Commands that still run inside MULTI when out of memory. */
const MULTI_OOM_EXEMPT = new Set(['exec', 'discard', 'quit', 'reset']);

/** Keeps the eviction state in sync with CONFIG and installs the pre-command check. */
export function installEviction(server: Server, m: MemoryState): void {
  const ev = m.eviction;
  const cfg = server.config;
  const read = () => {
    ev.maxmemory = cfg.num('maxmemory');
    ev.policy = policyFromName(cfg.get('maxmemory-policy'));
    ev.samples = cfg.num('maxmemory-samples');
    ev.tenacity = cfg.num('maxmemory-eviction-tenacity');
  };
  read();
  for (const name of ['maxmemory-policy', 'maxmemory-samples', 'maxmemory-eviction-tenacity']) cfg.onChange(name, read);
  cfg.onChange('maxmemory-policy', () => m.pool.clear());
  // The pre-command check (processCommand's performEvictions), armed while maxmemory is set.
  const filter = (c: Client, cmd: Command): string | null => {
    const oom = performEvictions(server, m) === EvictResult.Fail;
    ev.preCommandOom = oom;
    if (!oom) return null;
    let reject = commandDenyOom(c, cmd, c.argv) || (cmd.name === 'exec' && cmd.parent === null && queuedDenyOom(c));
    if (c.flags & ClientFlag.Multi && !(cmd.parent === null && MULTI_OOM_EXEMPT.has(cmd.name))) reject = true;
    return reject ? E.oom : null;
  };
  cfg.onChange('maxmemory', () => {
    read();
    server.setCommandFilter(FilterRank.Oom, filter, ev.maxmemory !== 0);
    if (ev.maxmemory === 0) ev.preCommandOom = false;
    // updateMaxmemory: a lower limit starts evicting now, not at the next command.
    if (ev.maxmemory !== 0 && m.used() > ev.maxmemory) {
      server.log.warn('WARNING: the new maxmemory value set via CONFIG SET is smaller than the current memory usage. This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.');
      scheduleContinuation(server, m);
    }
  });
}
