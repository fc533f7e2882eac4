/**
 * Protected mode (clientAcceptHandler / islocalClient in Redis 7.0.15): while the default user
 * is "nopass", TCP clients other than 127.0.0.1 and ::1 get -DENIED and are closed. Every
 * 127.0.0.0/8 address other than 127.0.0.1 counts as remote, which lets the test be a
 * "non-loopback" client from 127.0.0.2 without a network namespace (Linux routes the whole
 * 127/8 to lo). The DENIED bytes are compared with a real redis-server when one is installed.
 */
import { describe, it, expect, afterEach, beforeAll } from 'vitest';
import * as net from 'node:net';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { startRealRedis } from '../helpers/real-redis';

let ts: TestServer | null = null;
afterEach(async () => {
  await ts?.close();
  ts = null;
});

/** Connects from `from`, sends PING, returns everything received until close or 1 s. */
function pingFrom(port: number, from: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: from });
    let out = '';
    const done = () => {
      clearTimeout(t);
      s.destroy();
      resolve(out);
    };
    const t = setTimeout(done, 1000);
    s.on('data', (b) => {
      out += b.toString('latin1');
      if (out === '+PONG\r\n' || out.startsWith('-NOAUTH')) done();
    });
    s.on('error', () => done());
    s.on('close', done);
    s.on('connect', () => s.write('PING\r\n'));
  });
}

/** True when this host accepts 127.0.0.2 as a source address (Linux does). */
async function canUse127002(): Promise<boolean> {
  const srv = net.createServer((c) => c.end());
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  const ok = await new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
  srv.close();
  return ok;
}

let usable = false;

describe('protected mode', () => {
  beforeAll(async () => {
    usable = await canUse127002();
    if (!usable) console.log('127.0.0.2 is not usable as a source address here: protected-mode tests skipped');
  });
  it('denies a client from 127.0.0.2 while the default user has no password', async (ctx) => {
    if (!usable) ctx.skip();
    ts = await startTestServer({ 'protected-mode': 'yes' });
    const out = await pingFrom(ts.port, '127.0.0.2');
    expect(out).toMatch(/^-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user\./);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(await pingFrom(ts.port, '127.0.0.1')).toBe('+PONG\r\n');
    const info = (await ts.client().info('stats')) as string;
    expect(info).toMatch(/rejected_connections:1\r\n/);
  });

  it('lets remote clients in with protected-mode no, or when the default user has a password', async (ctx) => {
    if (!usable) ctx.skip();
    ts = await startTestServer({ 'protected-mode': 'no' });
    expect(await pingFrom(ts.port, '127.0.0.2')).toBe('+PONG\r\n');
    await ts.close();
    ts = await startTestServer({ 'protected-mode': 'yes', requirepass: 'pw' });
    expect(await pingFrom(ts.port, '127.0.0.2')).toMatch(/^-NOAUTH/);
    await ts.close();
    // An ACL password on the default user counts too (nopass is what matters).
    ts = await startTestServer({ 'protected-mode': 'yes' });
    await ts.client().call('ACL', 'SETUSER', 'default', 'resetpass', '>pw');
    expect(await pingFrom(ts.port, '127.0.0.2')).toMatch(/^-NOAUTH/);
  });

  it('sends the same DENIED bytes as redis-server', async (ctx) => {
    if (!usable) ctx.skip();
    const real = await startRealRedis(['--protected-mode', 'yes', '--maxmemory', '64mb']);
    if (!real) return;
    try {
      ts = await startTestServer({ 'protected-mode': 'yes' });
      const theirs = await pingFrom(real.port, '127.0.0.2');
      const ours = await pingFrom(ts.port, '127.0.0.2');
      expect(theirs.startsWith('-DENIED')).toBe(true);
      expect(ours).toBe(theirs);
    } finally {
      await real.stop();
    }
  });
});
