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

interface Seen {
  out: string;
  closed: boolean;
}

/** Sends `input`, then waits until the server closes or stays quiet for `quietMs`. */
function exchange(port: number, input: Buffer, quietMs = 60): Promise<Seen> {
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
    for (let i = 0; i < inputs.length; i += 50) {
      const batch = inputs.slice(i, i + 50);
      const res = await Promise.all(batch.map((inp) => Promise.all([exchange(t.port, b(inp)), exchange(real.port, b(inp))])));
      res.forEach(([ours, theirs], j) => {
        if (ours.out !== theirs.out || ours.closed !== theirs.closed) {
          mismatches.push(`${JSON.stringify(batch[j])}: respite ${JSON.stringify(ours)} redis ${JSON.stringify(theirs)}`);
        }
      });
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  }, 60_000);

  it('unauthenticated limits (requirepass set on both)', async () => {
    const ours = await startTestServer({ requirepass: 'pw' });
    const theirs = (await startRealRedis(['--requirepass', 'pw']))!;
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
