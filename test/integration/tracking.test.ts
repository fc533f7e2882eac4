/**
 * Client-side caching over real sockets: ioredis in RESP2 with a redirect connection
 * subscribed to __redis__:invalidate, and a raw RESP3 connection receiving push frames.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { RawClient } from '../helpers/raw-client';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

describe('tracking over sockets', () => {
  it('RESP2 redirect: invalidations arrive as pub/sub messages', async () => {
    const redir = ts.client();
    const cache = ts.client();
    const writer = ts.client();
    const redirId = (await redir.client('ID')) as number;
    await redir.subscribe('__redis__:invalidate');
    await cache.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(redirId));
    await writer.set('ck', '1');
    expect(await cache.get('ck')).toBe('1');
    const msg = new Promise<unknown[]>((resolve) => redir.once('messageBuffer', (...a: unknown[]) => resolve(a)));
    await writer.set('ck', '2');
    const [channel] = (await msg) as [Buffer];
    expect(channel.toString()).toBe('__redis__:invalidate');
    expect(await cache.call('CLIENT', 'GETREDIR')).toBe(redirId);
  });

  it('RESP3 push: own write invalidates after the reply; BCAST at end of loop', async () => {
    const a = await RawClient.connect(ts.port);
    const b = await RawClient.connect(ts.port);
    await a.call('HELLO', '3');
    expect(await a.call('CLIENT', 'TRACKING', 'on')).toBe('+OK\r\n');
    await a.call('GET', 'rk');
    expect(await a.call('SET', 'rk', 'v')).toBe('+OK\r\n');
    expect(await a.read()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nrk\r\n');
    await b.call('HELLO', '3');
    await b.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'p:');
    await a.call('MSET', 'p:b', '1', 'p:a', '2', 'q', '3');
    expect(await b.read()).toBe('>2\r\n$10\r\ninvalidate\r\n*2\r\n$3\r\np:a\r\n$3\r\np:b\r\n');
    a.close();
    b.close();
  });
});
