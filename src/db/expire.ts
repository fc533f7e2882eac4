/**
 * db/expire.ts — the active expire cycle (expire.c activeExpireCycle, "slow" mode run from the
 * cron). Each call samples keys with a TTL in every database and deletes the expired ones,
 * repeating on a database while more than 10% of the sampled keys were stale, within a time
 * budget of 25% of the cron period. Lazy expiry on access lives in Database.lookup.
 */
import type { Server } from '../server';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE = 10; // percent
const SLOW_TIME_PERC = 25;

let nextDb = 0;

export function activeExpireCycle(server: Server, now: number): void {
  const hz = Math.max(1, server.config.num('hz'));
  const budgetMs = (1000 * SLOW_TIME_PERC) / hz / 100;
  const start = performance.now();
  let totalSampled = 0;
  let totalExpired = 0;
  let timedOut = false;
  const dbs = server.dbs;
  server.now = now;
  for (let n = 0; n < dbs.length && !timedOut; n++) {
    const db = dbs[nextDb % dbs.length]!;
    nextDb++;
    let iteration = 0;
    for (;;) {
      const expires = db.expires;
      const size = expires.size;
      if (size === 0) {
        db.avgTtl = 0;
        break;
      }
      let sampled = 0;
      let expired = 0;
      let ttlSum = 0;
      let ttlSamples = 0;
      const num = Math.min(size, KEYS_PER_LOOP);
      for (let i = 0; i < num; i++) {
        const key = expires.randomKey();
        if (key === undefined) break;
        sampled++;
        const when = expires.get(key)!;
        if (when <= now) {
          if (db.expireIfNeeded(key)) expired++;
        } else {
          ttlSum += when - now;
          ttlSamples++;
        }
      }
      totalSampled += sampled;
      totalExpired += expired;
      if (ttlSamples > 0) {
        const avg = ttlSum / ttlSamples;
        db.avgTtl = db.avgTtl === 0 ? avg : (db.avgTtl / 50) * 49 + avg / 50;
      }
      iteration++;
      if ((iteration & 0xf) === 0 && performance.now() - start > budgetMs) {
        timedOut = true;
        server.stats.expiredTimeCapReachedCount++;
        break;
      }
      if (sampled === 0 || (expired * 100) / sampled <= ACCEPTABLE_STALE) break;
    }
  }
  server.stats.expireCycleCpuMs += performance.now() - start;
  const perc = totalSampled ? totalExpired / totalSampled : 0;
  server.stats.expiredStalePerc = perc * 0.05 + server.stats.expiredStalePerc * 0.95;
}
