/**
 * test/integration/parser-fuzz.test.ts — the request parser compared with a real redis-server:
 * the same bytes go to both over fresh connections, and the replies plus whether the server
 * closed the connection must match exactly. Tricky fixed inputs first, then fast-check garbage
 * built from protocol fragments. Skipped (visibly) when redis-server is not installed.
 */
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { hasRealRedis } from '../helpers/diff';
import { startRealRedis, type RealRedis } from '../helpers/real-redis';
import { replyEnd } from '../helpers/raw-client';

interface Seen {
  out: string;
  closed: boolean;
}

/**
 * Sends `input`, then waits until the server closes or stays quiet for `quietMs` (generous, so
 * that a loaded machine does not turn a slow reply into a mismatch).
 */
function exchange(port: number, input: Buffer, quietMs = 300): Promise<Seen> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | null = null;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      s.destroy();
      resolve({ out: Buffer.concat(chunks).toString('latin1'), closed });
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    const s = net.connect({ port, host: '127.0.0.1' }, () => {
      s.write(input);
      arm();
    });
    s.on('data', (d) => {
      chunks.push(d);
      arm();
    });
    s.on('end', () => finish(true));
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
  });
}

const b = (s: string) => Buffer.from(s, 'latin1');

function encodeArgs(args: string[]): Buffer {
  return b(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join(''));
}

function cutAt(buf: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (buf.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    if (p > prev) out.push(buf.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  if (prev < buf.length) out.push(buf.subarray(prev));
  return out;
}

function countReplies(buf: Buffer): number {
  let n = 0;
  for (let pos = 0; ; n++) {
    const end = replyEnd(buf, pos);
    if (end < 0) return n;
    pos = end;
  }
}

/** Sends the chunks with a short pause between them (separate reads), then waits for `expect` replies. */
async function exchangeChunks(port: number, chunks: Buffer[], expect: number, timeoutMs = 10_000): Promise<Seen> {
  const s = net.connect({ port, host: '127.0.0.1' });
  const got: Buffer[] = [];
  let closed = false;
  s.on('data', (d) => got.push(d));
  s.on('close', () => (closed = true));
  s.on('error', () => (closed = true));
  await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  for (const c of chunks) {
    s.write(c);
    await new Promise((r) => setTimeout(r, 2));
  }
  const deadline = Date.now() + timeoutMs;
  while (!closed && Date.now() < deadline && countReplies(Buffer.concat(got)) < expect) {
    await new Promise((r) => setTimeout(r, 5));
  }
  s.destroy();
  return { out: Buffer.concat(got).toString('latin1'), closed };
}

const tricky: string[] = [
  'PING\r\n',
  'PING\n',
  '\r\n\r\nPING\r\n',
  '  PING  \r\n',
  'ECHO "a\\x41\\x4g\\n" \'b\\\'c\'\r\n',
  'ECHO "a\r\n',
  "ECHO 'a\r\n",
  'ECHO "a"b\r\n',
  'ECHO a"b c"\r\n',
  'PING\0\r\nPING\r\n',
  'ECHO "a\0b"\r\n',
  '*0\r\nPING\r\n',
  '*-1\r\nPING\r\n',
  '*-9223372036854775808\r\nPING\r\n',
  '*-9223372036854775809\r\nPING\r\n',
  '*2147483648\r\n',
  '*x\r\nPING\r\n',
  '*\r\n',
  '*1\r\n$-1\r\n',
  '*1\r\n$-0\r\n',
  '*1\r\n$01\r\nP\r\n',
  '*1\r\n$+4\r\nPING\r\n',
  '*1\r\nPING\r\n',
  '*1\r\n:4\r\n',
  '*1\r\n$4\rPINGxx\r\n',
  '*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n',
  '*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING',
  '*2\r\n$4\r\nECHO\r\n$3\r\n\0\r\n\r\n',
  '*1\0\r\n$4\r\nPING\r\n',
  '*1\r\n$\x004\r\nPING\r\n',
  '*3\r\n$4\r\nECHO\r\n$1\r\na\r\n',
  '*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n*1\r\n$4\r\nPING\r\n',
  'x'.repeat(65 * 1024),
  '*' + '1'.repeat(65 * 1024),
  '*1\r\n$' + '1'.repeat(65 * 1024),
  '*1\r\n$536870913\r\n',
];

describe.skipIf(!hasRealRedis)('request parsing: respite vs redis-server, byte for byte', () => {
  let t: TestServer;
  let real: RealRedis;
  beforeAll(async () => {
    t = await startTestServer();
    real = (await startRealRedis())!;
  });
  afterAll(async () => {
    await t?.close();
    await real?.stop();
  });

  it('tricky inputs', async () => {
    const results = await Promise.all(
      tricky.map(async (input) => {
        const [ours, theirs] = await Promise.all([exchange(t.port, b(input)), exchange(real.port, b(input))]);
        return { input: JSON.stringify(input.slice(0, 60)), ours, theirs };
      }),
    );
    for (const r of results) expect(r.ours, r.input).toEqual(r.theirs);
    if (process.env.H7DBG) console.log(results.map((r) => r.input + " => " + JSON.stringify(r.ours)).join("\n"));
  });

  it('random fragments (fast-check)', async () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('*', '$', '\r', '\n', '\r\n', '"', "'", '\\', '\\x4', '\\x41', '\0', ' ', '\t', '-', '0', '1', '2', '4', '99', 'PING', 'ECHO', 'ECHO ', 'a b', '*1\r\n', '*2\r\n', '$4\r\n', '$1\r\n', '*2\r\n$4\r\nECHO\r\n') },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }).map((a) => Buffer.from(a).toString('latin1')) },
    );
    const inputs = fc.sample(fc.array(piece, { minLength: 1, maxLength: 16 }).map((p) => p.join('')), { numRuns: 300, seed: 20261124 });
    const mismatches: string[] = [];
    for (let i = 0; i < inputs.length; i += 100) {
      const batch = inputs.slice(i, i + 100);
      const res = await Promise.all(batch.map((inp) => Promise.all([exchange(t.port, b(inp)), exchange(real.port, b(inp))])));
      res.forEach(([ours, theirs], j) => {
        if (ours.out !== theirs.out || ours.closed !== theirs.closed) {
          mismatches.push(`${JSON.stringify(batch[j])}: respite ${JSON.stringify(ours)} redis ${JSON.stringify(theirs)}`);
        }
      });
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  }, 60_000);

  it('random pipelines split at random points (with pauses) give the same bytes', async () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const val = fc.oneof(fc.constantFrom('', '1', '-7', 'x y', '\r\n', '\0'), fc.string({ maxLength: 6 }));
    const cmd = fc.oneof(
      fc.tuple(key, val).map(([k, v]) => ['SET', k, v]),
      key.map((k) => ['GET', k]),
      fc.tuple(key, val).map(([k, v]) => ['APPEND', k, v]),
      key.map((k) => ['INCR', k]),
      key.map((k) => ['STRLEN', k]),
      fc.tuple(key, key).map(([a, b2]) => ['DEL', a, b2]),
      val.map((v) => ['ECHO', v]),
      fc.constant(['PING']),
    );
    const runs = fc.sample(fc.tuple(fc.array(cmd, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(), { maxLength: 6 })), { numRuns: 40, seed: 7160 });
    const send = (port: number, prefix: string, cmds: string[][], cuts: number[]) => {
      const enc = Buffer.concat(cmds.map((c) => encodeArgs(c.map((a, i) => (i === 1 && c[0] !== 'ECHO' ? prefix + a : a)))));
      const del = encodeArgs(['DEL', ...['a', 'b', 'c'].map((k) => prefix + k)]);
      return exchangeChunks(port, [...cutAt(enc, cuts), del], cmds.length + 1);
    };
    for (const [i, [cmds, cuts]] of runs.entries()) {
      const prefix = `fz${i}:`;
      const [ours, theirs] = await Promise.all([send(t.port, prefix, cmds, cuts), send(real.port, prefix, cmds, cuts)]);
      expect(ours, JSON.stringify(cmds)).toEqual(theirs);
    }
  }, 60_000);

  it('unauthenticated limits (requirepass set on both)', async () => {
    const ours = await startTestServer({ requirepass: 'pw' });
    // Set the password after start: startRealRedis identifies its server with INFO, which a
    // password would refuse.
    const theirs = (await startRealRedis())!;
    expect((await exchange(theirs.port, b('CONFIG SET requirepass pw\r\n'))).out).toBe('+OK\r\n');
    try {
      const cases = [
        '*11\r\n' + '$1\r\na\r\n'.repeat(11),
        '*10\r\n' + '$1\r\na\r\n'.repeat(10),
        '*2\r\n$4\r\nAUTH\r\n$16385\r\n' + 'x'.repeat(16385) + '\r\n',
        '*2\r\n$4\r\nAUTH\r\n$16384\r\n' + 'x'.repeat(16384) + '\r\n',
        '*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*11\r\n' + '$4\r\nECHO\r\n'.repeat(11),
      ];
      for (const c of cases) {
        const [a, r] = await Promise.all([exchange(ours.port, b(c)), exchange(theirs.port, b(c))]);
        expect(a, JSON.stringify(c.slice(0, 40))).toEqual(r);
      }
    } finally {
      await ours.close();
      await theirs.stop();
    }
  });
});
