/**
 * Persistence interop: Redis 7.0.15's own checkers (redis-check-rdb, redis-check-aof) accept the
 * files respite writes — a dump.rdb holding every type and encoding (strings/ints, lists, small
 * and large hashes, intset/hashtable sets, listpack/skiplist zsets, streams with consumer groups
 * and PELs, TTLs, several dbs, a few thousand keys) and a multi-part AOF directory (manifest +
 * base + incr).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { persistenceOf } from '../../src/persistence/snapshot';
import { startRespite, call, populate } from './persistence-helpers';
import type { RawClient } from '../helpers/raw-client';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-interop-'));
afterAll(() => { if (!process.env.H22_KEEP) fs.rmSync(tmpRoot, { recursive: true, force: true }); });

function tmpDir(name: string): string {
  const d = path.join(tmpRoot, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

function has(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}
const hasCheckers = has('redis-check-rdb') && has('redis-check-aof');

function check(bin: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(bin, args, { encoding: 'latin1', timeout: 20_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** populate() plus streams with groups/PEL, a skiplist zset, a hashtable set, and ~3000 more keys in db 1. */
async function populateAll(c: RawClient): Promise<void> {
  await populate(c);
  await call(c, 'SELECT', 0);
  for (let i = 0; i < 20; i++) await call(c, 'XADD', 'stream', '*', 'field', `v${i}`, 'n', i);
  await call(c, 'XADD', 'stream', '99999999999999-5', 'last', 'one');
  await call(c, 'XDEL', 'stream', '99999999999999-5');
  await call(c, 'XGROUP', 'CREATE', 'stream', 'g1', '0');
  await call(c, 'XGROUP', 'CREATE', 'stream', 'g2', '$');
  await call(c, 'XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', 5, 'STREAMS', 'stream', '>');
  await call(c, 'XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', 3, 'STREAMS', 'stream', '>');
  await call(c, 'XACK', 'stream', 'g1', (((await call(c, 'XRANGE', 'stream', '-', '+', 'COUNT', 1)) as string[][])[0][0]));
  await call(c, 'XGROUP', 'CREATECONSUMER', 'stream', 'g2', 'carol');
  await call(c, 'XADD', 'emptystream', 'MAXLEN', 0, '*', 'a', 'b');
  const big: (string | number)[] = [];
  for (let i = 0; i < 200; i++) big.push(i, `member-${i}`);
  await call(c, 'ZADD', 'skipzset', ...big);
  const sm: string[] = [];
  for (let i = 0; i < 700; i++) sm.push(`s${i}`);
  await call(c, 'SADD', 'htset', ...sm);
  await call(c, 'SET', 'exp-int', 42, 'EX', 100000);
  await call(c, 'SELECT', 1);
  // ~3000 keys, pipelined in batches to keep the test fast.
  for (let b = 0; b < 30; b++) {
    for (let i = 0; i < 100; i++) {
      const n = b * 100 + i;
      if (n % 5 === 0) c.send('RPUSH', `l${n}`, n, 'x');
      else if (n % 5 === 1) c.send('HSET', `h${n}`, 'f', n);
      else if (n % 5 === 2) c.send('SADD', `s${n}`, n, n + 1);
      else if (n % 5 === 3) c.send('ZADD', `z${n}`, n, 'm');
      else c.send('SET', `k${n}`, n % 2 ? `v${n}` : n, ...(n % 3 === 0 ? ['PX', 9_000_000 + n] : []));
    }
    for (let i = 0; i < 100; i++) await c.read();
  }
  await call(c, 'SELECT', 0);
}

(hasCheckers ? describe : describe.skip)('redis-check-rdb / redis-check-aof accept respite files', () => {
  it('redis-check-rdb accepts a dump.rdb with every type, encoding, TTLs and several dbs', async () => {
    const dir = tmpDir('rdb');
    const a = await startRespite(dir);
    await populateAll(a.c);
    const dbsize1 = (await call(a.c, 'DBSIZE')) as number;
    expect(await a.c.call('SAVE')).toBe('+OK\r\n');
    // With compression off and checksum off too (dbfilename is a protected config: copy instead).
    fs.copyFileSync(path.join(dir, 'dump.rdb'), path.join(dir, 'compressed.rdb'));
    await call(a.c, 'CONFIG', 'SET', 'rdbcompression', 'no');
    await call(a.c, 'CONFIG', 'SET', 'rdbchecksum', 'no');
    expect(await a.c.call('SAVE')).toBe('+OK\r\n');
    a.c.close();
    await a.server.close();
    expect(dbsize1).toBeGreaterThan(20);
    for (const f of ['compressed.rdb', 'dump.rdb']) {
      const r = check('redis-check-rdb', [path.join(dir, f)]);
      expect(r.out).toContain('RDB looks OK!');
      expect(r.out).not.toMatch(/CORRUPTED|WRONG|Error/i);
      expect(r.status).toBe(0);
      // The checker counts every key it read: more than 3000 (db 1) + populate's.
      const m = /(\d+) keys read/.exec(r.out);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThan(3500);
    }
    // A damaged copy is rejected by the same tool (the check can fail).
    const bad = fs.readFileSync(path.join(dir, 'compressed.rdb'));
    bad[bad.length - 20] ^= 0x5a;
    fs.writeFileSync(path.join(dir, 'bad.rdb'), bad);
    const rb = check('redis-check-rdb', [path.join(dir, 'bad.rdb')]);
    expect(rb.status).not.toBe(0);
  }, 30_000);

  it('redis-check-aof accepts the AOF manifest (base + incr), also after BGREWRITEAOF', async () => {
    const dir = tmpDir('aof');
    const a = await startRespite(dir, { appendonly: 'yes' });
    await populateAll(a.c);
    await call(a.c, 'SET', 'tail', 'x');
    const manifest = path.join(dir, 'appendonlydir', 'appendonly.aof.manifest');
    expect(fs.existsSync(manifest)).toBe(true);
    const r1 = check('redis-check-aof', [manifest]);
    expect(r1.out).toMatch(/is valid/);
    expect(r1.status).toBe(0);
    // Rewrite: a new RDB-preamble base; the checker validates the base as RDB too.
    await a.c.call('BGREWRITEAOF');
    while (persistenceOf(a.server).aof.rewriting !== null) await new Promise((r) => setTimeout(r, 5));
    await call(a.c, 'INCR', 'after-rewrite');
    await call(a.c, 'XADD', 'stream', '*', 'post', 'rewrite');
    a.c.close();
    await a.server.shutdown({ save: false, now: false, force: false });
    const files = fs.readdirSync(path.join(dir, 'appendonlydir'));
    expect(files.some((f) => f.endsWith('.base.rdb'))).toBe(true);
    const r2 = check('redis-check-aof', [manifest]);
    expect(r2.out).toMatch(/is valid/);
    expect(r2.status).toBe(0);
    // The incr file alone is a valid plain AOF.
    const incr = files.find((f) => f.endsWith('.incr.aof'))!;
    const r3 = check('redis-check-aof', [path.join(dir, 'appendonlydir', incr)]);
    expect(r3.out).toMatch(/is valid/);
    expect(r3.status).toBe(0);
    // Cut mid-command: the checker reports it (proves it really parses the file).
    const incrPath = path.join(dir, 'appendonlydir', incr);
    const data = fs.readFileSync(incrPath);
    fs.writeFileSync(incrPath, data.subarray(0, data.length - 3));
    const r4 = check('redis-check-aof', [manifest]);
    expect(r4.status).not.toBe(0);
  }, 30_000);
});
