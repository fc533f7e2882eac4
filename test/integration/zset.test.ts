/**
 * Sorted sets over a real socket with ioredis: basic replies, and the blocking
 * pops (BZPOPMIN/BZPOPMAX/BZMPOP) served by a ZADD from another connection or timing out.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

describe('sorted sets over a socket', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('ZADD / ZRANGE WITHSCORES (RESP3 shapes are pinned by test/diff/zset.diff.test.ts)', async () => {
    const r2 = s.client();
    await r2.del('iz');
    expect(await r2.zadd('iz', 1.5, 'a', 2, 'b')).toBe(2);
    expect(await r2.zrange('iz', 0, -1, 'WITHSCORES')).toEqual(['a', '1.5', 'b', '2']);
  });



  it('BZPOPMIN is served by a later ZADD', async () => {
    const a = s.client();
    const b = s.client();
    await a.del('bz1', 'bz2');
    const p = a.bzpopmin('bz1', 'bz2', 0);
    await new Promise((r) => setTimeout(r, 50));
    await b.zadd('bz2', 3, 'x', 1, 'y');
    expect(await p).toEqual(['bz2', 'y', '1']);
    expect(await b.zrange('bz2', 0, -1)).toEqual(['x']);
  });

  it('BZMPOP with COUNT is served, and times out with a null', async () => {
    const a = s.client();
    const b = s.client();
    await a.del('bm');
    const p = a.call('BZMPOP', '0', '1', 'bm', 'MAX', 'COUNT', '2');
    await new Promise((r) => setTimeout(r, 50));
    await b.zadd('bm', 1, 'p', 2, 'q', 3, 'r');
    expect(await p).toEqual(['bm', [['r', '3'], ['q', '2']]]);
    expect(await a.call('BZPOPMAX', 'nokey', '0.05')).toBe(null);
  });
});
