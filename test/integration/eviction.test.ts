import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

function field(info: string, name: string): number {
  const m = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : NaN;
}

describe('maxmemory eviction over sockets', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.close();
  });

  it('allkeys-lru: pipelined writes of 3x maxmemory keep used_memory at the limit', async () => {
    const r = ts.client();
    const sub = ts.client();
    const evicted: string[] = [];
    await r.config('SET', 'notify-keyspace-events', 'Ee');
    await sub.psubscribe('__keyevent@0__:evicted');
    sub.on('pmessage', (_p, _c, key: string) => evicted.push(key));
    const base = field(await r.info('memory'), 'used_memory');
    const max = base + 4 * 1024 * 1024;
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await r.config('SET', 'maxmemory', String(max));
    const v = 'v'.repeat(1000);
    const n = 12000; // ~12 MB
    // The LRU clock has 1 s resolution: let the server's command clock move 1 s per batch.
    let fake = Date.now();
    const realClock = ts.server.clock;
    ts.server.clock = () => fake;
    for (let b = 0; b < n; b += 500) {
      fake += 1000;
      const p = r.pipeline();
      for (let i = b; i < b + 500; i++) p.set(`key:${i}`, v);
      const res = await p.exec();
      for (const [e] of res!) expect(e).toBe(null);
      const used = field(await r.info('memory'), 'used_memory');
      // Client buffers are refreshed at most every 100 ms: allow a pipeline's worth of slack.
      expect(used).toBeLessThanOrEqual(max + 1024 * 1024);
    }
    const info = await r.info();
    const evictedKeys = field(info, 'evicted_keys');
    expect(evictedKeys).toBeGreaterThan(n / 2);
    expect(await r.dbsize()).toBe(n - evictedKeys);
    await new Promise((res) => setTimeout(res, 50));
    expect(evicted.length).toBe(evictedKeys);
    // The first keys written are the ones gone.
    let oldGone = 0;
    for (let i = 0; i < 1000; i++) if ((await r.exists(`key:${i}`)) === 0) oldGone++;
    expect(oldGone).toBeGreaterThan(900);
    ts.server.clock = realClock;
    expect(field(info, 'maxmemory')).toBe(max);
    expect(info).toMatch(/maxmemory_policy:allkeys-lru/);
    await r.config('SET', 'maxmemory', '0');
    await r.flushall();
  });

  it('noeviction rejects SET with -OOM but serves GET and DEL', async () => {
    const r = ts.client();
    await r.set('keep', 'x');
    await r.config('SET', 'maxmemory-policy', 'noeviction');
    await r.config('SET', 'maxmemory', '1');
    await expect(r.set('a', 'b')).rejects.toThrow("OOM command not allowed when used memory > 'maxmemory'.");
    expect(await r.get('keep')).toBe('x');
    expect(await r.del('keep')).toBe(1);
    const info = await r.info('errorstats');
    expect(info).toMatch(/errorstat_OOM:count=\d+/);
    await r.config('SET', 'maxmemory', '0');
    expect(await r.set('a', 'b')).toBe('OK');
  });

  it('a lower maxmemory set at run time evicts without another command', async () => {
    const r = ts.client();
    await r.flushall();
    await r.config('SET', 'maxmemory-policy', 'allkeys-random');
    const p = r.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`k${i}`, 'x'.repeat(100));
    await p.exec();
    const probe = ts.server.dbs[0]!;
    await r.config('SET', 'maxmemory', '1');
    for (let i = 0; i < 100 && probe.size !== 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(probe.size).toBe(0);
    await r.config('SET', 'maxmemory', '0');
    await r.config('SET', 'maxmemory-policy', 'noeviction');
  });
});
