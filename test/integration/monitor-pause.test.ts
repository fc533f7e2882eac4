/**
 * MONITOR and CLIENT PAUSE over real sockets: the monitor line format with the peer address,
 * paused writers resuming after UNPAUSE or the timeout with the rest of their pipeline.
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

describe('MONITOR', () => {
  it('streams commands of other clients in Redis format', async () => {
    const mon = await RawClient.connect(ts.port);
    expect(await mon.call('MONITOR')).toBe('+OK\r\n');
    const c = await RawClient.connect(ts.port);
    const port = (c as unknown as { sock: import('node:net').Socket }).sock.localPort;
    await c.call('SET', 'k', 'a\nb"');
    await c.call('CLIENT', 'LIST');
    await c.call('GET', 'k');
    const l1 = await mon.read();
    const l2 = await mon.read();
    expect(l1).toMatch(new RegExp(`^\\+\\d{10}\\.\\d{6} \\[0 127\\.0\\.0\\.1:${port}\\] "SET" "k" "a\\\\nb\\\\""\\r\\n$`));
    // CLIENT LIST is admin: not shown.
    expect(l2).toMatch(/"GET" "k"\r\n$/);
    mon.close();
    c.close();
  });
});

describe('CLIENT PAUSE', () => {
  it('WRITE: reads go on, a write waits with the rest of its pipeline until UNPAUSE', async () => {
    const admin = await RawClient.connect(ts.port);
    const w = await RawClient.connect(ts.port);
    expect(await admin.call('CLIENT', 'PAUSE', '100000', 'WRITE')).toBe('+OK\r\n');
    expect(await w.call('GET', 'pk')).toBe('$-1\r\n');
    w.send('SET', 'pk', '1');
    w.send('GET', 'pk');
    await new Promise((r) => setTimeout(r, 50));
    expect(await admin.call('INFO', 'clients')).toMatch(/blocked_clients:1\r\n/);
    expect(await admin.call('GET', 'pk')).toBe('$-1\r\n');
    expect(await admin.call('CLIENT', 'UNPAUSE')).toBe('+OK\r\n');
    expect(await w.read()).toBe('+OK\r\n');
    expect(await w.read()).toBe('$1\r\n1\r\n');
    admin.close();
    w.close();
  });

  it('the pause ends by its timeout', async () => {
    const admin = await RawClient.connect(ts.port);
    const w = await RawClient.connect(ts.port);
    await admin.call('CLIENT', 'PAUSE', '100', 'ALL');
    const t0 = Date.now();
    expect(await w.call('PING')).toBe('+PONG\r\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
    admin.close();
    w.close();
  });
});
