/**
 * Network-layer behaviours over real sockets: maxclients, idle timeout, output-buffer limits,
 * protocol errors, QUIT, CLIENT KILL, HELLO 3 framing, protected mode text, IPv6 addresses.
 */
import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { RawClient, encodeCommand } from '../helpers/raw-client';

let ts: TestServer | null = null;
const raws: RawClient[] = [];
async function raw(): Promise<RawClient> {
  const c = await RawClient.connect(ts!.port);
  raws.push(c);
  return c;
}
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  await ts?.close();
  ts = null;
});

describe('connection limits', () => {
  it('maxclients: the extra connection gets the error and is closed; rejected_connections counts it', async () => {
    ts = await startTestServer({ maxclients: 2 });
    const a = await raw();
    const b = await raw();
    expect(await a.call('PING')).toBe('+PONG\r\n');
    expect(await b.call('PING')).toBe('+PONG\r\n');
    const c = await raw();
    expect(await c.waitClosed()).toBe('-ERR max number of clients reached\r\n');
    const info = await a.call('INFO', 'stats');
    expect(info).toMatch(/rejected_connections:1\r\n/);
    expect(info).toMatch(/total_connections_received:2\r\n/);
  });

  it('timeout: idle clients are closed by the cron, busy ones are kept', async () => {
    ts = await startTestServer({ timeout: 1 });
    const idle = await raw();
    const busy = await raw();
    expect(await idle.call('PING')).toBe('+PONG\r\n');
    expect(await busy.call('PING')).toBe('+PONG\r\n');
    for (const c of ts.server.clients.values()) c.lastInteraction -= 5000;
    expect(await busy.call('PING')).toBe('+PONG\r\n'); // refreshes its interaction time
    ts.server.cron();
    expect(await idle.waitClosed()).toBe('');
    expect(await busy.call('PING')).toBe('+PONG\r\n');
  });

  it('client-output-buffer-limit: a client that does not read is dropped, others are served', async () => {
    ts = await startTestServer({ 'client-output-buffer-limit': 'normal 1mb 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60' });
    const setter = await raw();
    expect(await setter.call('SET', 'big', 'x'.repeat(256 * 1024))).toBe('+OK\r\n');
    const slow = net.connect({ port: ts.port, host: '127.0.0.1' });
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.pause(); // never reads
    let closed = false;
    slow.on('close', () => (closed = true));
    slow.on('error', () => {});
    const cmds: Buffer[] = [];
    for (let i = 0; i < 200; i++) cmds.push(encodeCommand(['GET', 'big']));
    slow.write(Buffer.concat(cmds));
    const deadline = Date.now() + 5000;
    while (ts.server.clients.size > 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(ts.server.clients.size).toBe(1);
    expect(await setter.call('PING')).toBe('+PONG\r\n');
    slow.resume();
    while (!closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(true);
    slow.destroy();
  });

  it('client-output-buffer-limit soft limit: dropped once over the limit for longer than the seconds', async () => {
    ts = await startTestServer({ 'client-output-buffer-limit': 'normal 0 512kb 10 replica 256mb 64mb 60 pubsub 32mb 8mb 60' });
    const setter = await raw();
    expect(await setter.call('SET', 'big', 'x'.repeat(256 * 1024))).toBe('+OK\r\n');
    const slow = net.connect({ port: ts.port, host: '127.0.0.1' });
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.pause();
    slow.on('error', () => {});
    const cmds: Buffer[] = [];
    for (let i = 0; i < 100; i++) cmds.push(encodeCommand(['GET', 'big']));
    slow.write(Buffer.concat(cmds));
    const deadline = Date.now() + 5000;
    let c = [...ts.server.clients.values()].find((x) => x.obufSoftLimitReachedAt !== 0);
    while (c === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      c = [...ts.server.clients.values()].find((x) => x.obufSoftLimitReachedAt !== 0);
    }
    expect(c).toBeDefined();
    ts.server.cron();
    expect(ts.server.clients.size).toBe(2); // within the 10 s grace period
    c!.obufSoftLimitReachedAt -= 11;
    ts.server.cron();
    expect(ts.server.clients.size).toBe(1);
    expect(await setter.call('PING')).toBe('+PONG\r\n');
    slow.destroy();
  });

  it('query buffer limit: a client sending a huge incomplete request is closed', async () => {
    ts = await startTestServer({ 'client-query-buffer-limit': '1mb' });
    const c = await raw();
    c.write('*2\r\n$3\r\nSET\r\n$100000000\r\n');
    c.write('x'.repeat(2 * 1024 * 1024));
    await c.waitClosed();
    const other = await raw();
    expect(await other.call('PING')).toBe('+PONG\r\n');
  });
});

describe('protocol errors and QUIT', () => {
  it('replies with the protocol error, then closes; earlier commands were served', async () => {
    ts = await startTestServer();
    const c = await raw();
    c.write('PING\r\n*1\r\n$x\r\n');
    expect(await c.read()).toBe('+PONG\r\n');
    expect(await c.read()).toBe("-ERR Protocol error: invalid bulk length\r\n");
    expect(await c.waitClosed()).toBe('');
  });
  it('QUIT replies +OK, closes, and pipelined commands after it are not run', async () => {
    ts = await startTestServer();
    const c = await raw();
    c.write(Buffer.concat([encodeCommand(['QUIT']), encodeCommand(['SET', 'after', 'quit'])]));
    expect(await c.read()).toBe('+OK\r\n');
    expect(await c.waitClosed()).toBe('');
    const d = await raw();
    expect(await d.call('EXISTS', 'after')).toBe(':0\r\n');
  });
  it('an HTTP request (POST / Host:) closes the connection without a reply', async () => {
    ts = await startTestServer();
    const c = await raw();
    c.write('POST / HTTP/1.1\r\nPING\r\n');
    expect(await c.waitClosed()).toBe('');
    const d = await raw();
    d.write('Host: example.com\r\n');
    expect(await d.waitClosed()).toBe('');
  });
});

describe('CLIENT over sockets', () => {
  it('LIST shows every connection with addr/laddr/fd; KILL by id and by addr', async () => {
    ts = await startTestServer();
    const a = await raw();
    const b = await raw();
    await a.call('CLIENT', 'SETNAME', 'alice');
    const idB = Number((await b.call('CLIENT', 'ID')).slice(1));
    const list = (await a.call('CLIENT', 'LIST')).split('\r\n')[1]!;
    const lines = list.split('\n').filter(Boolean);
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(/^id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=\d+ name=alice age=\d+ idle=\d+ flags=N db=0 /);
    expect(lines[0]).toMatch(/ qbuf=26 qbuf-free=\d+ argv-mem=10 /);
    expect(lines[0]).toMatch(/ cmd=client\|list user=default redir=-1 resp=2$/);
    expect(lines[1]).toMatch(/ cmd=client\|id /);
    const addrB = /addr=(\S+)/.exec(lines[1]!)![1]!;
    expect(await a.call('CLIENT', 'KILL', 'ADDR', addrB, 'ID', String(idB))).toBe(':1\r\n');
    await b.waitClosed();
    const c = await raw();
    const addrC = /addr=(\S+)/.exec(await c.call('CLIENT', 'INFO'))![1]!;
    expect(await a.call('CLIENT', 'KILL', addrC)).toBe('+OK\r\n');
    await c.waitClosed();
    expect(await a.call('CLIENT', 'KILL', addrC)).toBe('-ERR No such client\r\n');
  });
  it('LIST reflects pub/sub, MULTI and CLIENT LIST TYPE filters', async () => {
    ts = await startTestServer();
    const a = await raw();
    const sub = await raw();
    await sub.call('SUBSCRIBE', 'ch1', 'ch2');
    await sub.read();
    await sub.call('PSUBSCRIBE', 'p*');
    const m = await raw();
    await m.call('MULTI');
    await m.call('PING');
    const list = (await a.call('CLIENT', 'LIST')).split('\r\n')[1]!.split('\n').filter(Boolean);
    expect(list[1]).toMatch(/ flags=P db=0 sub=2 psub=1 ssub=0 multi=-1 /);
    expect(list[2]).toMatch(/ flags=x db=0 sub=0 psub=0 ssub=0 multi=1 .* multi-mem=4 /);
    const pubsubOnly = (await a.call('CLIENT', 'LIST', 'TYPE', 'pubsub')).split('\r\n')[1]!.split('\n').filter(Boolean);
    expect(pubsubOnly.length).toBe(1);
    const normal = (await a.call('CLIENT', 'LIST', 'TYPE', 'normal')).split('\r\n')[1]!.split('\n').filter(Boolean);
    expect(normal.length).toBe(2);
  });
  it('KILL SKIPME no closes the caller after its reply', async () => {
    ts = await startTestServer();
    const a = await raw();
    await raw();
    expect(await a.call('CLIENT', 'KILL', 'SKIPME', 'no')).toBe(':2\r\n');
    expect(await a.waitClosed()).toBe('');
  });
  it('REPLY OFF / SKIP over a socket', async () => {
    ts = await startTestServer();
    const a = await raw();
    a.write(Buffer.concat([
      encodeCommand(['CLIENT', 'REPLY', 'OFF']), encodeCommand(['PING', 'x']), encodeCommand(['CLIENT', 'REPLY', 'ON']),
      encodeCommand(['CLIENT', 'REPLY', 'SKIP']), encodeCommand(['PING', 'y']), encodeCommand(['PING', 'z']),
    ]));
    expect(await a.read()).toBe('+OK\r\n');
    expect(await a.read()).toBe('$1\r\nz\r\n');
  });
});

describe('HELLO 3 and ioredis', () => {
  it('HELLO 3 switches the connection to RESP3 framing; RESET goes back', async () => {
    ts = await startTestServer();
    const c = await raw();
    const hello = await c.call('HELLO', '3');
    expect(hello.startsWith('%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n')).toBe(true);
    expect(await c.call('GET', 'nokey')).toBe('_\r\n');
    expect((await c.call('INFO', 'cluster')).startsWith('=')).toBe(true);
    expect(await c.call('RESET')).toBe('+RESET\r\n');
    expect(await c.call('GET', 'nokey')).toBe('$-1\r\n');
  });
  it('ioredis clients work with HELLO 2, CLIENT and INFO', async () => {
    ts = await startTestServer();
    const r = ts.client();
    const hello = (await r.call('HELLO', '2', 'SETNAME', 'io')) as unknown[];
    expect(hello.slice(0, 6)).toEqual(['server', 'redis', 'version', '7.0.15', 'proto', 2]);
    expect(await r.client('GETNAME')).toBe('io');
    expect(await r.info('server')).toMatch(/redis_version:7\.0\.15/);
    expect(await r.call('COMMAND', 'COUNT')).toBe(ts.server.registry.all.length);
    expect(await r.ping()).toBe('PONG');
  });
});

describe('AUTH over sockets', () => {
  it('requirepass: NOAUTH until AUTH, HELLO AUTH works', async () => {
    ts = await startTestServer({ requirepass: 'pw' });
    const c = await raw();
    expect(await c.call('PING')).toBe('-NOAUTH Authentication required.\r\n');
    expect(await c.call('AUTH', 'bad')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(await c.call('AUTH', 'pw')).toBe('+OK\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    const d = await raw();
    expect((await d.call('HELLO', '3', 'AUTH', 'default', 'pw')).startsWith('%7\r\n')).toBe(true);
  });
});

describe('unix socket', () => {
  it('accepts clients on unixsocket with unixsocketperm; CLIENT LIST shows path:0 and flag U', async () => {
    const path = `/tmp/respite-h4-${process.pid}.sock`;
    ts = await startTestServer({ unixsocket: path, unixsocketperm: '700' });
    const fs = await import('node:fs');
    expect(fs.statSync(path).mode & 0o777).toBe(0o700);
    // port 0 together with a unix socket: no TCP listener, as in Redis.
    expect(ts.server.port).toBe(0);
    const s = net.connect(path);
    const reply = await new Promise<string>((resolve) => {
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString('latin1');
        if (buf.endsWith('\n\r\n')) resolve(buf);
      });
      s.write(encodeCommand(['CLIENT', 'INFO']));
    });
    s.destroy();
    expect(reply).toMatch(new RegExp(`addr=${path}:0 laddr=${path}:0 fd=\\d+ name= age=\\d+ idle=\\d+ flags=U `));
  });
});

describe('bind', () => {
  it('listens on every address of the list; "-" addresses are optional; IPv6 peers print as [ip]:port', async () => {
    ts = await startTestServer({ bind: '127.0.0.1 -::1 -10.255.255.254' });
    const v4 = await raw();
    expect(await v4.call('PING')).toBe('+PONG\r\n');
    let v6: RawClient | null = null;
    try {
      v6 = await RawClient.connect(ts.port, '::1');
    } catch {
      v6 = null; // no IPv6 loopback on this machine
    }
    if (v6) {
      raws.push(v6);
      const info = await v6.call('CLIENT', 'INFO');
      expect(info).toMatch(/ addr=\[::1\]:\d+ laddr=\[::1\]:\d+ /);
    }
  });
  it('a mandatory address that cannot be bound fails listen()', async () => {
    await expect(startTestServer({ bind: '10.255.255.254' })).rejects.toThrow();
  });
});
