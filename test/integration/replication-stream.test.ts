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

it('blocking pops served at once replicate as their non-blocking form', async () => {
  const t = await startTestServer({ 'repl-diskless-sync': 'no' });
  closers.push(() => t.close());
  const p = t.client();
  await p.rpush('big', ...Array.from({ length: 5000 }, (_, i) => `element-${i}`));
  await p.zadd('z', 1, 'a', 2, 'b');
  let stream = '';
  const sock = net.connect({ host: '127.0.0.1', port: t.port });
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
  await p.blpop('empty', 'big', 1);
  await p.brpop('big', 1);
  await p.blmove('big', 'dst', 'LEFT', 'RIGHT', 1);
  await p.brpoplpush('big', 'dst', 1);
  await p.bzpopmin('z', 1);
  await p.call('BLMPOP', '1', '1', 'big', 'RIGHT', 'COUNT', '2');
  await p.call('BZMPOP', '1', '1', 'z', 'MAX');
  await p.set('last', 'x');
  while (!stream.includes('$4\r\nlast') && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  const cmds = stream.slice(rdbEnd);
  const argvs: string[][] = [];
  for (const m of cmds.matchAll(/\*(\d+)\r\n((?:\$\d+\r\n[^\r]*\r\n)+)/g)) {
    argvs.push([...m[2]!.matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((x) => x[1]!));
  }
  expect(argvs.filter((a) => a[0] !== 'SELECT' && a[0] !== 'PING')).toEqual([
    ['LMPOP', '2', 'empty', 'big', 'LEFT'],
    ['LMPOP', '1', 'big', 'RIGHT'],
    ['LMOVE', 'big', 'dst', 'LEFT', 'RIGHT'],
    ['RPOPLPUSH', 'big', 'dst'],
    ['ZMPOP', '1', 'z', 'MIN'],
    ['LMPOP', '1', 'big', 'RIGHT', 'COUNT', '2'],
    ['ZMPOP', '1', 'z', 'MAX'],
    ['set', 'last', 'x'],
  ]);
  // Small: no list dump in there.
  expect(cmds.length).toBeLessThan(1000);
});
