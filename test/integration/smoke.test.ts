import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

describe('server over a real socket', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.close());

  for (const protocol of [2, 3] as const) {
    it(`answers ioredis under RESP${protocol}`, async () => {
      const r = t.client();
      if (protocol === 3) await r.call('HELLO', '3').catch(() => undefined);
      expect(await r.ping()).toBe('PONG');
      expect(await r.set('k', 'v')).toBe('OK');
      expect(await r.get('k')).toBe('v');
      const big = 'x'.repeat(300_000);
      await r.set('big', big);
      expect(await r.get('big')).toBe(big);
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
