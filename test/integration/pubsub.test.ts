/**
 * Pub/sub over real sockets: ioredis subscribers in RESP2, raw RESP3 push frames interleaved
 * with replies, keyspace notifications, and the pubsub client-output-buffer-limit closing a
 * subscriber that does not read.
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

function nextMessage(sub: import('ioredis').default, event = 'message'): Promise<unknown[]> {
  return new Promise((resolve) => sub.once(event, (...args: unknown[]) => resolve(args)));
}

describe('pub/sub over sockets', () => {
  it('ioredis subscriber receives messages in publish order', async () => {
    const sub = ts.client();
    const pub = ts.client();
    await sub.subscribe('chan');
    const got: string[] = [];
    const done = new Promise<void>((resolve) =>
      sub.on('message', (_ch: string, msg: string) => {
        got.push(msg);
        if (got.length === 50) resolve();
      }),
    );
    for (let i = 0; i < 50; i++) pub.publish('chan', `m${i}`);
    await done;
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    expect(await pub.pubsub('NUMSUB', 'chan')).toEqual(['chan', 1]);
    await sub.unsubscribe('chan');
    expect(await pub.publish('chan', 'x')).toBe(0);
  });

  it('pattern subscription and keyspace notifications', async () => {
    const sub = ts.client();
    const cmd = ts.client();
    await cmd.config('SET', 'notify-keyspace-events', 'KEA');
    await sub.psubscribe('__keyevent@0__:*');
    const msg = nextMessage(sub, 'pmessage');
    await cmd.set('nk', '1');
    expect(await msg).toEqual(['__keyevent@0__:*', '__keyevent@0__:set', 'nk']);
    await cmd.config('SET', 'notify-keyspace-events', '');
  });

  it('RESP3: push frames interleave with normal replies on one connection', async () => {
    const a = await RawClient.connect(ts.port);
    const b = await RawClient.connect(ts.port);
    await a.call('HELLO', '3');
    expect(await a.call('SUBSCRIBE', 'r3')).toBe('>3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n');
    expect(await a.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await b.call('PUBLISH', 'r3', 'hello')).toBe(':1\r\n');
    expect(await a.read()).toBe('>3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$5\r\nhello\r\n');
    expect(await a.call('GET', 'k')).toBe('$1\r\nv\r\n');
    a.close();
    b.close();
  });

  it('a subscriber that does not read is disconnected by the pubsub output buffer limit', async () => {
    const admin = ts.client();
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 100000 0 0');
    const slow = await RawClient.connect(ts.port);
    await slow.call('SUBSCRIBE', 'flood');
    // Stop reading: pause the socket so the kernel buffers fill up.
    (slow as unknown as { sock: import('node:net').Socket }).sock.pause();
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200; i++) {
      const n = await admin.publish('flood', big);
      if (n === 0) break;
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(await admin.pubsub('NUMSUB', 'flood')).toEqual(['flood', 0]);
    expect(ts.server.stats.clientOutputLimitDisconnections).toBeGreaterThan(0);
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
    slow.close();
  });
});
