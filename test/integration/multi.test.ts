/**
 * Transactions over real sockets: ioredis MULTI pipelines, WATCH-based optimistic locking
 * under concurrent writers, and blocking commands inside EXEC not blocking.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

describe('transactions over sockets', () => {
  it('ioredis multi().exec() returns per-command results and errors', async () => {
    const r = ts.client();
    await r.set('s', 'str');
    const res = await r.multi().set('a', '1').incr('a').incr('s').get('a').exec();
    expect(res![0]).toEqual([null, 'OK']);
    expect(res![1]).toEqual([null, 2]);
    expect((res![2]![0] as Error).message).toBe('ERR value is not an integer or out of range');
    expect(res![3]).toEqual([null, '2']);
  });

  it('WATCH gives a correct counter under concurrent check-and-set clients', async () => {
    const clients = [ts.client(), ts.client(), ts.client(), ts.client()];
    await clients[0]!.set('ctr', '0');
    const incrOnce = async (c: (typeof clients)[number]): Promise<void> => {
      for (;;) {
        await c.watch('ctr');
        const v = Number(await c.get('ctr'));
        const res = await c.multi().set('ctr', String(v + 1)).exec();
        if (res !== null) return;
      }
    };
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < 25; i++) await incrOnce(c);
    }));
    expect(await clients[0]!.get('ctr')).toBe('100');
  });

  it('BLPOP inside MULTI does not block', async () => {
    const r = ts.client();
    const res = await r.multi().blpop('nolist', 0).exec();
    expect(res).toEqual([[null, null]]);
  });
});
