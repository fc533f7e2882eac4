/**
 * The active expire cycle over a real socket: keys with a short TTL disappear without ever being
 * accessed (DBSIZE counts logically expired keys, so it only drops when the cycle reclaims them).
 * Polls with a bounded wait; no timing assertions.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { activeExpireCycle, ExpireCycle, setActiveExpire } from '../../src/db/expire';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => Promise<boolean>, maxMs = 5000): Promise<boolean> {
  const end = Date.now() + maxMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await sleep(20);
  }
  return cond();
}

describe('active expiry', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ hz: 100 });
  });
  afterAll(async () => {
    await ts.close();
  });

  it('reclaims short-TTL keys nobody reads, in every database, and counts them', async () => {
    const r = ts.client();
    await r.flushall();
    const before = ts.server.stats.expiredKeys;
    const p = r.pipeline();
    for (let i = 0; i < 500; i++) p.set(`short:${i}`, 'v', 'PX', 50);
    for (let i = 0; i < 10; i++) p.set(`long:${i}`, 'v', 'EX', 1000);
    for (let i = 0; i < 10; i++) p.set(`plain:${i}`, 'v');
    await p.exec();
    await r.select(3);
    for (let i = 0; i < 50; i++) await r.set(`db3:${i}`, 'v', 'PX', 30);
    await r.select(0);
    // (No check of the starting size: on a loaded machine the cycle may already have started.)
    const ok = await waitFor(async () => (await r.dbsize()) === 20 && ts.server.dbs[3]!.size === 0);
    expect(ok).toBe(true);
    expect(ts.server.stats.expiredKeys - before).toBe(550);
    expect(await r.ttl('long:3')).toBeGreaterThan(900);
    expect(ts.server.dbs[0]!.avgTtl).toBeGreaterThan(0);
  });

  it('DEBUG-style switch off keeps expired keys until accessed', async () => {
    const r = ts.client();
    await r.flushall();
    setActiveExpire(ts.server, false);
    try {
      await r.set('x', 'v', 'PX', 10);
      await sleep(150);
      expect(await r.dbsize()).toBe(1);
      expect(await r.get('x')).toBe(null);
      expect(await r.dbsize()).toBe(0);
    } finally {
      setActiveExpire(ts.server, true);
    }
  });

  it('a slow cycle over a large backlog hits the time cap, and fast cycles finish the job', async () => {
    const r = ts.client();
    await r.flushall();
    setActiveExpire(ts.server, false);
    const n = 200000;
    const db = ts.server.dbs[0]!;
    const past = Date.now() - 1000;
    for (let i = 0; i < n; i++) {
      db.setKey(`bulk:${i}`, 'v');
      db.setExpire(`bulk:${i}`, past);
    }
    setActiveExpire(ts.server, true);
    const capsBefore = ts.server.stats.expiredTimeCapReachedCount;
    activeExpireCycle(ts.server, Date.now(), ExpireCycle.Slow);
    expect(db.size).toBeGreaterThan(0);
    expect(ts.server.stats.expiredTimeCapReachedCount).toBeGreaterThan(capsBefore);
    expect(ts.server.stats.expiredStalePerc).toBeGreaterThan(0);
    expect(await waitFor(async () => (await r.dbsize()) === 0, 20000)).toBe(true);
  });
});
