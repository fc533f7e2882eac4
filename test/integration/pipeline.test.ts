/**
 * test/integration/pipeline.test.ts — the server loop over real sockets: a 100k-command pipeline
 * in one write, slow clients that dribble a byte at a time, clients that vanish mid-command,
 * and the reply-then-close behaviour after a protocol error.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { RawClient, encodeCommand, replyEnd } from '../helpers/raw-client';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

/** Reads exactly `count` replies from a raw socket; resolves with them as latin1 strings. */
function collect(sock: net.Socket, count: number, timeoutMs = 15_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const out: string[] = [];
    let buf: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => reject(new Error(`timeout after ${out.length}/${count} replies`)), timeoutMs);
    sock.on('data', (d: Buffer) => {
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      let pos = 0;
      for (;;) {
        const end = replyEnd(buf, pos);
        if (end < 0) break;
        out.push(buf.toString('latin1', pos, end));
        pos = end;
      }
      buf = buf.subarray(pos);
      if (out.length >= count) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    sock.on('error', reject);
  });
}

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port: t.port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

describe('pipelining', () => {
  it('answers 100k commands sent in one write, in order', async () => {
    const n = 100_000;
    const parts: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      // Alternate multibulk and inline forms, and commands with different reply types.
      if (i % 4 === 0) parts.push(encodeCommand(['SET', `pl:${i}`, `v${i}`]));
      else if (i % 4 === 1) parts.push(encodeCommand(['GET', `pl:${i - 1}`]));
      else if (i % 4 === 2) parts.push(Buffer.from(`GET pl:${i - 2}\r\n`));
      else parts.push(encodeCommand(['PING', `p${i}`]));
    }
    const sock = await connect();
    const replies = collect(sock, n);
    sock.write(Buffer.concat(parts));
    const got = await replies;
    sock.destroy();
    expect(got.length).toBe(n);
    for (let i = 0; i < n; i += 4) {
      expect(got[i]).toBe('+OK\r\n');
      const v = `v${i}`;
      expect(got[i + 1]).toBe(`$${v.length}\r\n${v}\r\n`);
      expect(got[i + 2]).toBe(`$${v.length}\r\n${v}\r\n`);
      const p = `p${i + 3}`;
      expect(got[i + 3]).toBe(`$${p.length}\r\n${p}\r\n`);
    }
  });

  it('serves a client that sends one byte at a time', async () => {
    const input = Buffer.concat([encodeCommand(['SET', 'slow', 'a b\r\nc']), Buffer.from('GET slow\r\n'), encodeCommand(['GET', 'slow']), Buffer.from('\r\n\r\nPING\r\n')]);
    const sock = await connect();
    const replies = collect(sock, 4);
    for (let i = 0; i < input.length; i++) {
      sock.write(input.subarray(i, i + 1));
      if (i % 5 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(await replies).toEqual(['+OK\r\n', '$6\r\na b\r\nc\r\n', '$6\r\na b\r\nc\r\n', '+PONG\r\n']);
    sock.destroy();
  });

  it('a client vanishing mid-command (or mid-pipeline) does not affect the others', async () => {
    const other = await RawClient.connect(t.port);
    expect(await other.call('SET', 'survivor', '1')).toBe('+OK\r\n');
    for (const partial of [
      '*3\r\n$3\r\nSET\r\n$8\r\nvanished\r\n$100000\r\nxxxx',
      '*3\r\n$3\r\nSET\r\n$8\r\nvanished\r\n$5\r\nab',
      'SET vanished "unterminated',
      encodeCommand(['SET', 'vanished', 'ok']).toString('latin1') + '*2\r\n$3\r\nGET\r\n',
    ]) {
      const s = await connect();
      s.write(Buffer.from(partial, 'latin1'));
      await new Promise((r) => setTimeout(r, 10));
      s.destroy();
    }
    // A client that sends a big pipeline and disconnects without reading.
    const s = await connect();
    const many: Buffer[] = [];
    for (let i = 0; i < 20_000; i++) many.push(encodeCommand(['GET', 'survivor']));
    s.write(Buffer.concat(many));
    s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(await other.call('GET', 'survivor')).toBe('$1\r\n1\r\n');
    // The complete SET sent before vanishing was executed (poll: the server reads sockets in
    // whatever order epoll reports them).
    let v = '';
    for (let i = 0; i < 100 && v !== '$2\r\nok\r\n'; i++) {
      v = await other.call('GET', 'vanished');
      if (v !== '$2\r\nok\r\n') await new Promise((r) => setTimeout(r, 20));
    }
    expect(v).toBe('$2\r\nok\r\n');
    other.close();
  });
});

describe('RESP3 over the socket', () => {
  it('HELLO 3 switches the encoding for pipelined replies that follow it in the same read', async () => {
    const c = await RawClient.connect(t.port);
    c.write(
      Buffer.concat([
        encodeCommand(['HELLO', '3']),
        encodeCommand(['GET', 'resp3:missing']),
        encodeCommand(['HELLO', '2']),
        encodeCommand(['GET', 'resp3:missing']),
      ]),
    );
    expect((await c.read()).startsWith('%')).toBe(true);
    expect(await c.read()).toBe('_\r\n');
    expect((await c.read()).startsWith('*')).toBe(true);
    expect(await c.read()).toBe('$-1\r\n');
    c.close();
  });
});

describe('protocol errors over the socket', () => {
  const cases: [string, string][] = [
    ['*x\r\n', 'invalid multibulk length'],
    ['*1\r\n$-1\r\n', 'invalid bulk length'],
    ['*1\r\nPING\r\n', "expected '$', got 'P'"],
    ['ECHO "abc\r\n', 'unbalanced quotes in request'],
  ];
  for (const [input, text] of cases) {
    it(`replies "${text}" after earlier replies, then closes`, async () => {
      const c = await RawClient.connect(t.port);
      c.write(encodeCommand(['PING']).toString('latin1') + input + encodeCommand(['PING']).toString('latin1'));
      expect(await c.read()).toBe('+PONG\r\n');
      expect(await c.read()).toBe(`-ERR Protocol error: ${text}\r\n`);
      expect(await c.waitClosed()).toBe('');
    });
  }

  it('closes on a too big inline request', async () => {
    const c = await RawClient.connect(t.port);
    c.write('x'.repeat(70_000));
    expect(await c.read()).toBe('-ERR Protocol error: too big inline request\r\n');
    expect(await c.waitClosed()).toBe('');
  });

  it('other clients keep working after a protocol error', async () => {
    const bad = await RawClient.connect(t.port);
    const good = await RawClient.connect(t.port);
    bad.write('*1\r\n$x\r\n');
    await bad.waitClosed();
    expect(await good.call('PING')).toBe('+PONG\r\n');
    good.close();
  });
});
