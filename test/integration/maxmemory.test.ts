/**
 * The scenarios of Redis's unit/maxmemory.tcl (which the suite skips in external mode), run over a
 * socket: a limit of used_memory + 100 KB, keys written until it is nearly reached, then as many
 * again; used_memory must stay under limit + 4 KB, volatile policies must OOM on persistent keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

describe('maxmemory scenarios (unit/maxmemory.tcl)', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.close();
  });

  const usedMemory = async (r: ReturnType<TestServer['client']>) => Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
  const randomKey = () => 'key:' + Math.floor(Math.random() * 1e9);

  /** Fills up to the limit with `write`; returns the number of keys written. */
  async function fill(r: ReturnType<TestServer['client']>, limit: number, write: () => Promise<unknown>): Promise<number> {
    let n = 0;
    for (;;) {
      await write();
      n++;
      if ((await usedMemory(r)) + 4096 > limit) return n;
    }
  }

  for (const policy of ['allkeys-random', 'allkeys-lru', 'allkeys-lfu', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
    it(`the memory limit is honoured (${policy})`, async () => {
      const r = ts.client();
      await r.flushall();
      const limit = (await usedMemory(r)) + 100 * 1024;
      await r.config('SET', 'maxmemory', String(limit));
      await r.config('SET', 'maxmemory-policy', policy);
      const n = await fill(r, limit, () => r.setex(randomKey(), 10000, 'x'));
      expect(n).toBeGreaterThan(10);
      for (let j = 0; j < n; j++) await r.setex(randomKey(), 10000, 'x');
      expect(await usedMemory(r)).toBeLessThan(limit + 4096);
      await r.config('SET', 'maxmemory', '0');
    });
  }

  for (const policy of ['allkeys-random', 'allkeys-lru', 'volatile-lru', 'volatile-random', 'volatile-ttl']) {
    it(`only allkeys-* remove non-volatile keys (${policy})`, async () => {
      const r = ts.client();
      await r.flushall();
      const limit = (await usedMemory(r)) + 100 * 1024;
      await r.config('SET', 'maxmemory', String(limit));
      await r.config('SET', 'maxmemory-policy', policy);
      const n = await fill(r, limit, () => r.set(randomKey(), 'x'));
      expect(n).toBeGreaterThan(10);
      let oom = false;
      for (let j = 0; j < n; j++) {
        try {
          await r.set(randomKey(), 'x');
        } catch (e) {
          if (String(e).includes('used memory')) oom = true;
        }
      }
      if (policy.startsWith('allkeys-')) expect(await usedMemory(r)).toBeLessThan(limit + 4096);
      else expect(oom).toBe(true);
      await r.config('SET', 'maxmemory', '0');
    });
  }

  for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
    it(`${policy} only removes volatile keys`, async () => {
      const r = ts.client();
      await r.flushall();
      const limit = (await usedMemory(r)) + 100 * 1024;
      await r.config('SET', 'maxmemory', String(limit));
      await r.config('SET', 'maxmemory-policy', policy);
      let n = 0;
      for (;;) {
        // Odd keys volatile, even keys persistent.
        if (n % 2) await r.setex(`key:${n}`, 10000, 'x');
        else await r.set(`key:${n}`, 'x');
        n++;
        if ((await usedMemory(r)) + 4096 > limit) break;
      }
      for (let j = 0; j < n; j++) await r.setex(`foo:${j}`, 10000, 'x').catch(() => undefined);
      expect(await usedMemory(r)).toBeLessThan(limit + 4096);
      for (let j = 0; j < n; j += 2) expect(await r.exists(`key:${j}`)).toBe(1);
      await r.config('SET', 'maxmemory', '0');
    });
  }

  it('integers are shared without maxmemory or with a non-LRU policy, not with LRU', async () => {
    const r = ts.client();
    await r.config('SET', 'maxmemory', '0');
    await r.set('a', '1');
    expect(await r.object('REFCOUNT', 'a')).toBeGreaterThan(1);
    await r.config('SET', 'maxmemory', '1073741824');
    await r.config('SET', 'maxmemory-policy', 'allkeys-random');
    await r.set('a', '1');
    expect(await r.object('REFCOUNT', 'a')).toBeGreaterThan(1);
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await r.set('a', '1');
    expect(await r.object('REFCOUNT', 'a')).toBe(1);
    await r.config('SET', 'maxmemory', '0');
    await r.config('SET', 'maxmemory-policy', 'noeviction');
  });
});
