import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { createClient } from 'redis';
import { startTestServer, type TestServer } from '../helpers/start-server';

describe('server over a real socket', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.close());

  it('answers ioredis (RESP2)', async () => {
    const r = t.client();
    expect(await r.ping()).toBe('PONG');
    expect(await r.set('k', 'v')).toBe('OK');
    expect(await r.get('k')).toBe('v');
    const big = 'x'.repeat(300_000);
    await r.set('big', big);
    expect(await r.get('big')).toBe(big);
  });

  // ioredis 5 speaks only RESP2; node-redis 5 speaks RESP3 after HELLO 3.
  for (const RESP of [2, 3] as const) {
    it(`answers node-redis under RESP${RESP}`, async () => {
      const c = createClient({ url: `redis://127.0.0.1:${t.port}`, RESP });
      c.on('error', () => {});
      await c.connect();
      try {
        expect(await c.ping()).toBe('PONG');
        await c.hSet('h', { a: '1', b: '2' });
        expect(await c.hGetAll('h')).toEqual({ a: '1', b: '2' });
        await c.zAdd('z', [{ score: 1.5, value: 'm' }]);
        expect(await c.zScore('z', 'm')).toBe(1.5);
        expect(await c.get('missing')).toBe(null);
        const hello = (await c.sendCommand(['HELLO'])) as unknown;
        expect(JSON.stringify(hello)).toContain(`"proto"`);
      } finally {
        await c.quit();
      }
    });
  }

  it('handles pipelines of many commands', async () => {
    const r = t.client();
    const p = r.pipeline();
    for (let i = 0; i < 5000; i++) p.set(`p${i}`, String(i));
    for (let i = 0; i < 5000; i++) p.get(`p${i}`);
    const res = await p.exec();
    expect(res!.slice(5000).map((x) => x[1])).toEqual(Array.from({ length: 5000 }, (_, i) => String(i)));
  });
});
