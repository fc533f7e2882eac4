/**
 * test/integration/replication-stream.test.ts — the bytes a replica receives for blocking pops
 * served at once: their non-blocking form (LMPOP / ZMPOP / LMOVE / RPOPLPUSH), not the RESTORE
 * of the whole key, so a pop from a long list costs O(1) in the stream as in Redis.
 * A raw socket plays the replica (PSYNC ? -1) and records the stream.
 */
import { it, expect, afterAll } from 'vitest';
import net from 'node:net';
import { startTestServer } from '../helpers/start-server';

const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of closers.reverse()) await f();
});

/** A raw socket that plays a replica (PSYNC ? -1): the commands of the stream after the RDB. */
async function fakeReplica(port: number): Promise<{ argvs(): string[][]; raw(): string; waitFor(s: string): Promise<void> }> {
  let stream = '';
  const sock = net.connect({ host: '127.0.0.1', port });
  closers.push(() => sock.destroy());
  sock.on('data', (d) => {
    stream += d.toString('latin1');
  });
  sock.write('REPLCONF capa psync2\r\nPSYNC ? -1\r\n');
  // Wait for the RDB ($<len> framing), then keep only what follows it.
  const end = Date.now() + 10000;
  let rdbEnd = -1;
  while (rdbEnd < 0 && Date.now() < end) {
    const m = /\$(\d+)\r\n/.exec(stream.slice(stream.indexOf('+FULLRESYNC')));
    if (m !== null) {
      const start = stream.indexOf(m[0], stream.indexOf('+FULLRESYNC')) + m[0].length;
      if (stream.length >= start + Number(m[1])) rdbEnd = start + Number(m[1]);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(rdbEnd).toBeGreaterThan(0);
  return {
    raw: () => stream.slice(rdbEnd),
    argvs() {
      const out: string[][] = [];
      for (const m of stream.slice(rdbEnd).matchAll(/\*(\d+)\r\n((?:\$\d+\r\n[^\r]*\r\n)+)/g)) {
        out.push([...m[2]!.matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((x) => x[1]!));
      }
      return out.filter((a) => a[0] !== 'SELECT' && a[0] !== 'PING');
    },
    async waitFor(text: string) {
      const until = Date.now() + 10000;
      while (!stream.slice(rdbEnd).includes(text) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

it('blocking pops served at once replicate as their non-blocking form', async () => {
  const t = await startTestServer({ 'repl-diskless-sync': 'no' });
  closers.push(() => t.close());
  const p = t.client();
  await p.rpush('big', ...Array.from({ length: 5000 }, (_, i) => `element-${i}`));
  await p.zadd('z', 1, 'a', 2, 'b');
  const r = await fakeReplica(t.port);
  await p.blpop('empty', 'big', 1);
  await p.brpop('big', 1);
  await p.blmove('big', 'dst', 'LEFT', 'RIGHT', 1);
  await p.brpoplpush('big', 'dst', 1);
  await p.bzpopmin('z', 1);
  await p.call('BLMPOP', '1', '1', 'big', 'RIGHT', 'COUNT', '2');
  await p.call('BZMPOP', '1', '1', 'z', 'MAX');
  await p.set('last', 'x');
  await r.waitFor('$4\r\nlast');
  expect(r.argvs()).toEqual([
    ['LMPOP', '2', 'empty', 'big', 'LEFT'],
    ['LMPOP', '1', 'big', 'RIGHT'],
    ['LMOVE', 'big', 'dst', 'LEFT', 'RIGHT'],
    ['RPOPLPUSH', 'big', 'dst'],
    ['ZPOPMIN', 'z'],
    ['LMPOP', '1', 'big', 'RIGHT', 'COUNT', '2'],
    ['ZPOPMAX', 'z', '1'],
    ['set', 'last', 'x'],
  ]);
  // Small: no list dump in there.
  expect(r.raw().length).toBeLessThan(1000);
});

it('blocked clients served by a later write replicate as the command they ran (LPOP key, LMOVE, XCLAIM…)', async () => {
  const t = await startTestServer({ 'repl-diskless-sync': 'no' });
  closers.push(() => t.close());
  const p = t.client();
  await p.xgroup('CREATE', 'st', 'g', '$', 'MKSTREAM');
  const r = await fakeReplica(t.port);
  const waiters = [t.client(), t.client(), t.client(), t.client(), t.client()];
  const served = [
    waiters[0]!.blpop('q1', 'q2', 0),
    waiters[1]!.blmove('q3', 'dst', 'LEFT', 'RIGHT', 0),
    waiters[2]!.bzpopmax('zq', 0),
    waiters[3]!.call('BLMPOP', '0', '2', 'q9', 'q4', 'RIGHT', 'COUNT', '2'),
    waiters[4]!.xreadgroup('GROUP', 'g', 'alice', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 'st', '>'),
  ];
  // Let every waiter block, then feed the keys (the lists are long: a RESTORE would show).
  while (Number(/blocked_clients:(\d+)/.exec(await p.info('clients'))![1]) < 5) await new Promise((res) => setTimeout(res, 10));
  const many = Array.from({ length: 3000 }, (_, i) => `e${i}`);
  await p.rpush('q2', ...many);
  await p.rpush('q3', ...many);
  await p.zadd('zq', 1, 'a', 2, 'b');
  await p.rpush('q4', ...many);
  const id = await p.xadd('st', '*', 'f', 'v');
  await Promise.all(served);
  await p.set('last', 'x');
  await r.waitFor('$4\r\nlast');
  const argvs = r.argvs().filter((a) => !['rpush', 'zadd', 'xadd', 'XADD'].includes(a[0]!));
  expect(argvs.map((a) => a.slice(0, 5))).toEqual([
    ['LPOP', 'q2'],
    ['LMOVE', 'q3', 'dst', 'LEFT', 'RIGHT'],
    ['ZPOPMAX', 'zq'],
    ['LMPOP', '1', 'q4', 'RIGHT', 'COUNT'],
    ['XCLAIM', 'st', 'g', 'alice', '0'],
    ['set', 'last', 'x'],
  ]);
  expect(argvs[4]![5]).toBe(id);
  // No key dump in the stream: only the pushes carry the 3000-element payloads.
  expect(r.raw()).not.toContain('RESTORE');
});

it('SPOP replicates as SREM of what it popped (one per member, in MULTI … EXEC), as Redis 7.0', async () => {
  const t = await startTestServer({ 'repl-diskless-sync': 'no' });
  closers.push(() => t.close());
  const p = t.client();
  await p.sadd('s', ...Array.from({ length: 2000 }, (_, i) => `m${i}`));
  await p.sadd('small', 'a', 'b');
  const r = await fakeReplica(t.port);
  const one = await p.spop('s');
  const three = await p.spop('s', 3);
  await p.spop('small', 5); // the whole set: DEL
  await p.set('last', 'x');
  await r.waitFor('$4\r\nlast');
  expect(r.argvs()).toEqual([
    ['SREM', 's', one],
    ['MULTI'],
    ...three.map((m) => ['SREM', 's', m]),
    ['EXEC'],
    ['DEL', 'small'],
    ['set', 'last', 'x'],
  ]);
  expect(r.raw()).not.toContain('RESTORE');
});

it('XCLAIM and XAUTOCLAIM replicate as idempotent XCLAIM … FORCE JUSTID LASTID per entry, as Redis 7.0', async () => {
  const t = await startTestServer({ 'repl-diskless-sync': 'no' });
  closers.push(() => t.close());
  const p = t.client();
  for (let i = 1; i <= 4; i++) await p.xadd('st', `${i}-0`, 'f', 'x'.repeat(2000));
  await p.xgroup('CREATE', 'st', 'g', '0');
  await p.xreadgroup('GROUP', 'g', 'alice', 'STREAMS', 'st', '>');
  await p.xdel('st', '4-0');
  const r = await fakeReplica(t.port);
  await p.xclaim('st', 'g', 'bob', 0, '1-0', 'JUSTID');
  await p.xclaim('st', 'g', 'bob', 0, '9-0', 'LASTID', '5-0'); // claims nothing: only the group's last id moves
  await p.xautoclaim('st', 'g', 'carol', 0, '2-0', 'COUNT', 5);
  await p.set('last', 'x');
  await r.waitFor('$4\r\nlast');
  const a = r.argvs();
  // The delivery time (index 7) is the server's clock: left out.
  const shape = (x: string[]) => (x[0] === 'XCLAIM' ? x.filter((_, i) => i !== 7) : x);
  expect(a.map(shape)).toEqual([
    ['XCLAIM', 'st', 'g', 'bob', '0', '1-0', 'TIME', 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '4-0'],
    ['XGROUP', 'SETID', 'st', 'g', '5-0', 'ENTRIESREAD', '4'],
    ['MULTI'],
    ['XCLAIM', 'st', 'g', 'carol', '0', '2-0', 'TIME', 'RETRYCOUNT', '2', 'FORCE', 'JUSTID', 'LASTID', '5-0'],
    ['XCLAIM', 'st', 'g', 'carol', '0', '3-0', 'TIME', 'RETRYCOUNT', '2', 'FORCE', 'JUSTID', 'LASTID', '5-0'],
    ['XCLAIM', 'st', 'g', 'alice', '0', '4-0', 'TIME', 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '5-0'],
    ['EXEC'],
    ['set', 'last', 'x'],
  ]);
  expect(r.raw()).not.toContain('RESTORE');
});
