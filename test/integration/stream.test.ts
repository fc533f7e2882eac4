/**
 * Blocking XREAD / XREADGROUP over real sockets: `$` resolved at blocking time, FIFO service,
 * wake-ups from XADD inside MULTI (after EXEC), RESP3 map replies, timeouts, NOGROUP/UNBLOCKED
 * errors when the group or key goes away, and the non-blocking reply inside MULTI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { RawClient } from '../helpers/raw-client';
import { blockingOf } from '../../src/blocking';

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

async function waitBlocked(n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (blockingOf(ts.server).blockedClients === n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`expected ${n} blocked clients, have ${blockingOf(ts.server).blockedClients}`);
}

const entry = (key: string, id: string, f: string, v: string) =>
  `*1\r\n*2\r\n$${key.length}\r\n${key}\r\n*1\r\n*2\r\n$${id.length}\r\n${id}\r\n*2\r\n$${f.length}\r\n${f}\r\n$${v.length}\r\n${v}\r\n`;

describe('blocking stream reads over sockets', () => {
  it('XREAD BLOCK with $ is served by the next XADD, in blocking order', async () => {
    const a = await RawClient.connect(ts.port);
    const b = await RawClient.connect(ts.port);
    const w = await RawClient.connect(ts.port);
    await w.call('XADD', 's1', '1-0', 'old', 'x');
    a.send('XREAD', 'BLOCK', 0, 'STREAMS', 's1', '$');
    await waitBlocked(1);
    b.send('XREAD', 'BLOCK', 0, 'STREAMS', 'other', 's1', '0', '$');
    await waitBlocked(2);
    expect(await w.call('XADD', 's1', '2-0', 'f', 'v')).toBe('$3\r\n2-0\r\n');
    expect(await a.read()).toBe(entry('s1', '2-0', 'f', 'v'));
    expect(await b.read()).toBe(entry('s1', '2-0', 'f', 'v'));
    for (const x of [a, b, w]) x.close();
  });

  it('times out with a null array (RESP2) / null (RESP3); RESP3 replies are maps', async () => {
    const a = await RawClient.connect(ts.port);
    expect(await a.call('XREAD', 'BLOCK', 20, 'STREAMS', 'nothing', '$')).toBe('*-1\r\n');
    await a.call('HELLO', '3');
    expect(await a.call('XREAD', 'BLOCK', 20, 'STREAMS', 'nothing', '$')).toBe('_\r\n');
    const w = await RawClient.connect(ts.port);
    a.send('XREAD', 'BLOCK', 0, 'STREAMS', 's3', '$');
    await waitBlocked(1);
    await w.call('XADD', 's3', '5-0', 'k', 'v');
    expect(await a.read()).toBe('%1\r\n$2\r\ns3\r\n*1\r\n*2\r\n$3\r\n5-0\r\n*2\r\n$1\r\nk\r\n$1\r\nv\r\n');
    a.close();
    w.close();
  });

  it('an XADD inside MULTI wakes the waiter after EXEC; inside MULTI XREAD BLOCK does not block', async () => {
    const a = await RawClient.connect(ts.port);
    const w = await RawClient.connect(ts.port);
    a.send('XREAD', 'BLOCK', 0, 'STREAMS', 's4', '$');
    await waitBlocked(1);
    await w.call('MULTI');
    await w.call('XADD', 's4', '1-0', 'a', '1');
    await w.call('XADD', 's4', '2-0', 'b', '2');
    await w.call('EXEC');
    expect(await a.read()).toBe(
      '*1\r\n*2\r\n$2\r\ns4\r\n*2\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n',
    );
    await w.call('MULTI');
    await w.call('XREAD', 'BLOCK', 0, 'STREAMS', 's4', '$');
    expect(await w.call('EXEC')).toBe('*1\r\n*-1\r\n');
    a.close();
    w.close();
  });

  it('XREADGROUP BLOCK > is served with new entries and records them as pending', async () => {
    const a = await RawClient.connect(ts.port);
    const w = await RawClient.connect(ts.port);
    await w.call('XGROUP', 'CREATE', 's5', 'g', '$', 'MKSTREAM');
    a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', 0, 'STREAMS', 's5', '>');
    await waitBlocked(1);
    await w.call('XADD', 's5', '7-0', 'f', 'v');
    expect(await a.read()).toBe(entry('s5', '7-0', 'f', 'v'));
    expect(await w.call('XPENDING', 's5', 'g')).toBe('*4\r\n:1\r\n$3\r\n7-0\r\n$3\r\n7-0\r\n*1\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n');
    a.close();
    w.close();
  });

  it('XREADGROUP waiters fail when the group is destroyed or the key deleted / replaced', async () => {
    const a = await RawClient.connect(ts.port);
    const w = await RawClient.connect(ts.port);
    await w.call('XGROUP', 'CREATE', 's6', 'g', '$', 'MKSTREAM');
    a.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's6', '>');
    await waitBlocked(1);
    await w.call('XGROUP', 'DESTROY', 's6', 'g');
    expect(await a.read()).toBe('-NOGROUP the consumer group this client was blocked on no longer exists\r\n');
    await w.call('XGROUP', 'CREATE', 's6', 'g', '$');
    a.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's6', '>');
    await waitBlocked(1);
    await w.call('DEL', 's6');
    expect(await a.read()).toBe('-UNBLOCKED the stream key no longer exists\r\n');
    await w.call('XGROUP', 'CREATE', 's6', 'g', '$', 'MKSTREAM');
    a.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's6', '>');
    await waitBlocked(1);
    await w.call('SET', 's6', 'x');
    expect(await a.read()).toBe('-UNBLOCKED the stream key no longer exists\r\n');
    // A plain XREAD waiter keeps waiting when the key is deleted.
    await w.call('DEL', 's6');
    a.send('XREAD', 'BLOCK', 0, 'STREAMS', 's6', '$');
    await waitBlocked(1);
    await w.call('XADD', 's6', '1-0', 'a', 'b');
    await w.call('DEL', 's6');
    expect(await a.read()).toBe(entry('s6', '1-0', 'a', 'b'));
    a.close();
    w.close();
  });

  it('an XADD that does not pass the waited ID keeps the client blocked', async () => {
    const a = await RawClient.connect(ts.port);
    const w = await RawClient.connect(ts.port);
    await w.call('XADD', 's7', '5-0', 'a', 'b');
    a.send('XREAD', 'BLOCK', 0, 'STREAMS', 's7', '10-0');
    await waitBlocked(1);
    await w.call('XADD', 's7', '6-0', 'a', 'b');
    await new Promise((r) => setTimeout(r, 20));
    expect(blockingOf(ts.server).blockedClients).toBe(1);
    await w.call('XADD', 's7', '11-0', 'c', 'd');
    expect(await a.read()).toBe(entry('s7', '11-0', 'c', 'd'));
    a.close();
    w.close();
  });
});
