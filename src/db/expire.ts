/**
 * db/expire.ts — the active expire cycle (expire.c activeExpireCycle). Lazy expiry on access lives
 * in Database.lookup/expireIfNeeded; this reclaims keys nobody touches.
 *
 * The algorithm, as Redis 7.0 runs it:
 *  - A SLOW cycle runs from the cron (hz times a second). It visits up to 16 databases
 *    (CRON_DBS_PER_CALL; all of them if the last cycle ran out of time), round-robin across calls.
 *    In each database it samples up to 20 keys with a TTL (KEYS_PER_LOOP, scaled by
 *    active-expire-effort), deletes the expired ones, and repeats on that database while more than
 *    10% of the sampled keys were expired (ACCEPTABLE_STALE, lowered by the effort). Every 16
 *    iterations it checks the time budget: 25% of the cron period (SLOW_TIME_PERC, + 2% per effort
 *    step); when exceeded it stops and counts expired_time_cap_reached_count.
 *  - A FAST cycle (budget 1 ms, + 0.25 ms per effort step) runs between cron ticks, only when the
 *    last cycle ran out of time or the estimated stale share (expired_stale_perc) is above the
 *    acceptable one, and never twice within two fast-cycle durations. Redis runs it from
 *    beforeSleep; we schedule it on a short timer while that condition holds.
 *  - Sampling walks the expires table with a per-table cursor instead of picking random keys,
 *    as Redis 6+ walks buckets with db->expires_cursor, so every volatile key is eventually visited.
 *    The cursor is keyed by the expires Dict, so SWAPDB carries it along as Redis does.
 *  - Stats: expired_keys (via Server.keyExpired), expired_stale_perc (running average, 5% weight
 *    per cycle), expired_time_cap_reached_count, expire_cycle_cpu_milliseconds, and each db's
 *    avg_ttl (running average, 2% weight per sample batch).
 * A key expires when now > its expire time (keyIsExpired / activeExpireCycleTryExpire).
 */
import { latencyAddSampleIfNeeded } from '../latency';
import type { Server } from '../server';
import type { Dict } from '../ds/dict';

const KEYS_PER_LOOP = 20;
const FAST_DURATION_US = 1000;
const SLOW_TIME_PERC = 25;
const ACCEPTABLE_STALE = 10; // percent
const CRON_DBS_PER_CALL = 16;

export const enum ExpireCycle {
  Slow = 0,
  Fast = 1,
}

/** Per-server cycle state (Redis keeps it in statics of activeExpireCycle). */
interface CycleState {
  currentDb: number;
  timelimitExit: boolean;
  lastFastCycleUs: number;
  fastTimer: NodeJS.Timeout | null;
}

const EXT_KEY = 'expire';
/** Sampling cursor of each expires table (db->expires_cursor), travelling with the table. */
const cursors = new WeakMap<Dict<number>, number>();

function state(server: Server): CycleState {
  let s = server.ext.get(EXT_KEY) as CycleState | undefined;
  if (s === undefined) {
    s = { currentDb: 0, timelimitExit: false, lastFastCycleUs: 0, fastTimer: null };
    server.ext.set(EXT_KEY, s);
  }
  return s;
}

function nowUs(): number {
  return performance.now() * 1000;
}

function effort(server: Server): number {
  const e = server.config.spec('active-expire-effort') ? server.config.num('active-expire-effort') : 1;
  return Math.max(0, Math.min(9, e - 1));
}

/** DEBUG SET-ACTIVE-EXPIRE 0|1: turns the active cycle off or on (lazy expiry is unaffected). */
export function setActiveExpire(server: Server, on: boolean): void {
  server.activeExpireEnabled = on;
}

/**
 * Runs one expire cycle of the given type (default: slow, as the cron does). `now` is the
 * command-clock time in ms to expire against (the cron passes server.clock()).
 */
export function activeExpireCycle(server: Server, now: number = server.clock(), type: ExpireCycle = ExpireCycle.Slow): void {
  const st = state(server);
  if (!server.activeExpireEnabled || server.isReplica || server.expiryPaused) return;
  const eff = effort(server);
  const keysPerLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * eff;
  const fastDurationUs = FAST_DURATION_US + (FAST_DURATION_US / 4) * eff;
  const slowTimePerc = SLOW_TIME_PERC + 2 * eff;
  const acceptableStale = ACCEPTABLE_STALE - eff;
  const start = nowUs();

  if (type === ExpireCycle.Fast) {
    // Redis compares the stale *fraction* (0..1) with the stale *percentage* here, so in practice
    // only a slow cycle that ran out of time enables fast cycles. Kept as is.
    if (!st.timelimitExit && server.stats.expiredStalePerc < acceptableStale) return;
    if (start < st.lastFastCycleUs + fastDurationUs * 2) return;
    st.lastFastCycleUs = start;
  }

  const dbs = server.dbs;
  let dbsPerCall = CRON_DBS_PER_CALL;
  if (dbsPerCall > dbs.length || st.timelimitExit) dbsPerCall = dbs.length;

  const hz = Math.max(1, server.config.num('hz'));
  let timelimitUs = Math.floor((slowTimePerc * 1000000) / hz / 100);
  if (timelimitUs <= 0) timelimitUs = 1;
  if (type === ExpireCycle.Fast) timelimitUs = fastDurationUs;
  st.timelimitExit = false;

  let totalSampled = 0;
  let totalExpired = 0;
  let iteration = 0;
  server.now = now;

  for (let j = 0; j < dbsPerCall && !st.timelimitExit; j++) {
    const db = dbs[st.currentDb % dbs.length]!;
    // Advance first, so that running out of time here resumes from the next db.
    st.currentDb++;
    let sampled: number;
    let expired: number;
    do {
      iteration++;
      const expires = db.expires;
      let num = expires.size;
      if (num === 0) {
        db.avgTtl = 0;
        break;
      }
      expired = 0;
      sampled = 0;
      let ttlSum = 0;
      let ttlSamples = 0;
      if (num > keysPerLoop) num = keysPerLoop;
      let cursor = cursors.get(expires) ?? 0;
      // Walk slots from the cursor. Deleting a key moves the table's last key into its slot, so
      // after a delete the same slot is examined again rather than skipped.
      while (sampled < num && expires.size > 0) {
        const slot = cursor % expires.size;
        const key = expires.keyAt(slot);
        const when = expires.valueAt(slot);
        const ttl = when - now;
        sampled++;
        if (now > when && db.expireIfNeeded(key)) {
          expired++;
        } else {
          cursor = slot + 1;
        }
        if (ttl > 0) {
          ttlSum += ttl;
          ttlSamples++;
        }
      }
      cursors.set(expires, cursor);
      totalExpired += expired;
      totalSampled += sampled;
      if (ttlSamples > 0) {
        const avg = Math.floor(ttlSum / ttlSamples);
        if (db.avgTtl === 0) db.avgTtl = avg;
        db.avgTtl = Math.floor(db.avgTtl / 50) * 49 + Math.floor(avg / 50);
      }
      if ((iteration & 0xf) === 0 && nowUs() - start > timelimitUs) {
        st.timelimitExit = true;
        server.stats.expiredTimeCapReachedCount++;
        break;
      }
      // Repeat on this db while the share of expired keys among the sampled ones is too high.
    } while (sampled === 0 || Math.floor((expired * 100) / sampled) > acceptableStale);
  }

  const elapsedUs = nowUs() - start;
  server.stats.expireCycleCpuMs += elapsedUs / 1000;
  latencyAddSampleIfNeeded(server, 'expire-cycle', Math.floor(elapsedUs / 1000));
  const perc = totalSampled > 0 ? totalExpired / totalSampled : 0;
  server.stats.expiredStalePerc = perc * 0.05 + server.stats.expiredStalePerc * 0.95;

  // beforeSleep's fast cycle: keep reclaiming between cron ticks while there is a backlog.
  if ((st.timelimitExit || server.stats.expiredStalePerc >= acceptableStale) && st.fastTimer === null && !server.isClosing) {
    st.fastTimer = setTimeout(() => {
      st.fastTimer = null;
      if (!server.isClosing) activeExpireCycle(server, server.clock(), ExpireCycle.Fast);
    }, Math.ceil((fastDurationUs * 2) / 1000));
    st.fastTimer.unref();
  }
}
