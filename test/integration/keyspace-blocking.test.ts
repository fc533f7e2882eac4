/**
 * Keys created by RENAME / MOVE / COPY / SWAPDB wake clients blocked on them, as Redis's dbAdd
 * (signalKeyAsReady) and SWAPDB's scanDatabaseForReadyKeys do.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

describe('generic commands and blocked clients', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.close();
  });

  const cases: [string, (r: ReturnType<TestServer['client']>) => Promise<unknown>][] = [
    ['RENAME', (r) => r.rename('src', 'dst')],
    ['COPY', (r) => r.copy('src', 'dst')],
    ['MOVE', async (r) => {
      await r.select(1);
      await r.rpush('dst', 'a');
      return r.move('dst', 0);
    }],
    ['SWAPDB', async (r) => {
      await r.select(1);
      await r.rpush('dst', 'a');
      return r.swapdb(0, 1);
    }],
  ];

  for (const [name, act] of cases) {
    it(`${name} serves a client blocked on the new key`, async () => {
      const r = ts.client();
      const blocked = ts.client();
      await r.flushall();
      await r.rpush('src', 'a');
      const pending = blocked.blpop('dst', 5);
      // Let the BLPOP reach the server and block before acting.
      for (let i = 0; i < 50 && ts.server.dbs[0]!.blockingKeys.size === 0; i++) await new Promise((res) => setTimeout(res, 10));
      expect(ts.server.dbs[0]!.blockingKeys.size).toBe(1);
      await act(r);
      expect(await pending).toEqual(['dst', 'a']);
    });
  }
});
