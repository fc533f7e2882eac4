/**
 * The AOF as a sink of the one propagation stream (replication/feed.ts): writes made when a
 * blocked client is served reach the AOF, transactions and script effects land wrapped in
 * MULTI … EXEC (with SELECT inside the block, as Redis 7.0 writes them), redis-check-aof and
 * redis-server 7.0 accept the result, and a MULTI block torn at the end of the file is handled
 * as Redis handles it (aof-load-truncated).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { hasRealRedis } from '../helpers/diff';
import { RawClient } from '../helpers/raw-client';
import { startRespite, startReal, call, dumpAll } from './persistence-helpers';
import { Server } from '../../src/server';
import { persistenceOf } from '../../src/persistence/snapshot';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-aof-feed-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

function tmpDir(name: string): string {
  const d = path.join(tmpRoot, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hasCheckAof(): boolean {
  try {
    execFileSync('redis-check-aof', ['--help'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined;
  }
}

/** The incr file's text (latin1) of a respite AOF directory. */
function incrText(dir: string): string {
  const adir = path.join(dir, 'appendonlydir');
  const f = fs.readdirSync(adir).find((x) => x.endsWith('.incr.aof'))!;
  return fs.readFileSync(path.join(adir, f), 'latin1');
}

const resp = (...a: string[]): string => `*${a.length}\r\n` + a.map((x) => `$${x.length}\r\n${x}\r\n`).join('');

async function waitBlocked(c: RawClient, n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const info = (await call(c, 'INFO', 'clients')) as string;
    if (info.includes(`blocked_clients:${n}\r\n`)) return;
    await sleep(5);
  }
  throw new Error('client did not block');
}

async function stopRespite(x: { server: Server; c: RawClient }): Promise<void> {
  x.c.close();
  await x.server.shutdown({ save: false, now: false, force: false });
}

/** Blocked clients served by later writes: BLPOP, BLMOVE, BZPOPMIN, XREADGROUP. */
async function blockedWrites(a: RawClient, b: RawClient): Promise<void> {
  const p1 = b.call('BLPOP', 'q', '0');
  await waitBlocked(a, 1);
  expect(await call(a, 'RPUSH', 'q', 'x', 'y')).toBe(2);
  expect(await p1).toBe(resp('q', 'x'));
  const p2 = b.call('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0');
  await waitBlocked(a, 1);
  await call(a, 'RPUSH', 'src', 'm1', 'm2');
  expect(await p2).toBe('$2\r\nm1\r\n');
  const p3 = b.call('BZPOPMIN', 'z', '0');
  await waitBlocked(a, 1);
  await call(a, 'ZADD', 'z', '1', 'one', '2', 'two');
  expect(await p3).toBe(resp('z', 'one', '1'));
  await call(a, 'XGROUP', 'CREATE', 'st', 'g', '$', 'MKSTREAM');
  const p4 = b.call('XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'STREAMS', 'st', '>');
  await waitBlocked(a, 1);
  await call(a, 'XADD', 'st', '1-1', 'f', 'v');
  await p4;
}

describe('AOF fed by the propagation stream', () => {
  it('writes of served blocked clients (BLPOP, BLMOVE, BZPOPMIN, XREADGROUP) survive a restart', async () => {
    const dir = tmpDir('blocked');
    const a = await startRespite(dir, { appendonly: 'yes' });
    const b = await RawClient.connect(a.server.port);
    await blockedWrites(a.c, b);
    b.close();
    // A served XREADGROUP replays as XCLAIM … LASTID (as in Redis): entries-read/lag are not compared.
    const before = await dumpAll(a.c, true, false);
    expect(await call(a.c, 'LRANGE', 'q', '0', '-1')).toEqual(['y']);
    expect(await call(a.c, 'XPENDING', 'st', 'g')).toEqual([1, '1-1', '1-1', [['bob', '1']]]);
    await stopRespite(a);
    const r = await startRespite(dir, { appendonly: 'yes' });
    expect(await call(r.c, 'LRANGE', 'q', '0', '-1')).toEqual(['y']);
    expect(await call(r.c, 'LRANGE', 'src', '0', '-1')).toEqual(['m2']);
    expect(await call(r.c, 'LRANGE', 'dst', '0', '-1')).toEqual(['m1']);
    expect(await call(r.c, 'ZRANGE', 'z', '0', '-1')).toEqual(['two']);
    expect(await call(r.c, 'XPENDING', 'st', 'g')).toEqual([1, '1-1', '1-1', [['bob', '1']]]);
    expect(await dumpAll(r.c, true, false)).toEqual(before);
    await stopRespite(r);
  });

  it('MULTI/EXEC and script effects land wrapped in MULTI … EXEC, byte for byte as redis-server writes them', async () => {
    const run = async (c: RawClient): Promise<void> => {
      await call(c, 'SET', 'plain', '1');
      await call(c, 'MULTI');
      await call(c, 'SELECT', '2');
      await call(c, 'INCR', 'ctr');
      await call(c, 'RPUSH', 'l', 'a');
      await call(c, 'EXEC');
      // One effect: not wrapped (a single command is atomic already).
      await call(c, 'EVAL', "redis.call('set', KEYS[1], 'lua'); redis.call('del', KEYS[2]); return 1", '2', 'k1', 'nokey');
      // Several effects, the first in another db: SELECT precedes the MULTI.
      await call(c, 'SELECT', '0');
      await call(c, 'EVAL', "redis.call('select', 3); redis.call('set', KEYS[1], 'a'); redis.call('select', 0); redis.call('sadd', KEYS[2], 'm'); return 1", '2', 'x', 'y');
      // A transaction that writes nothing leaves no trace; one that writes once is not wrapped.
      await call(c, 'MULTI');
      await call(c, 'GET', 'plain');
      await call(c, 'EXEC');
      await call(c, 'MULTI');
      await call(c, 'GET', 'plain');
      await call(c, 'SET', 'once', '1');
      await call(c, 'EXEC');
    };
    const dir = tmpDir('multi');
    const a = await startRespite(dir, { appendonly: 'yes' });
    await run(a.c);
    const text = incrText(dir);
    const M = resp('MULTI');
    const X = resp('EXEC');
    expect(text).toBe(
      resp('SELECT', '0') + resp('SET', 'plain', '1') +
      resp('SELECT', '2') + M + resp('INCR', 'ctr') + resp('RPUSH', 'l', 'a') + X +
      resp('set', 'k1', 'lua') +
      resp('SELECT', '3') + M + resp('set', 'x', 'a') + resp('SELECT', '0') + resp('sadd', 'y', 'm') + X +
      resp('SET', 'once', '1'),
    );
    const before = await dumpAll(a.c);
    await stopRespite(a);
    const r = await startRespite(dir, { appendonly: 'yes' });
    expect(await dumpAll(r.c)).toEqual(before);
    await stopRespite(r);
    if (hasCheckAof()) {
      const out = execFileSync('redis-check-aof', [path.join(dir, 'appendonlydir', 'appendonly.aof.manifest')], { encoding: 'latin1' });
      expect(out).toMatch(/is valid/);
    }
    if (hasRealRedis) {
      // redis-server loads our directory to the same data, and writes the same incr bytes.
      const real = await startReal(dir, ['--appendonly', 'yes']);
      expect(await dumpAll(real.c)).toEqual(before);
      await real.stop();
      const rdir = tmpDir('multi-real');
      const real2 = await startReal(rdir, ['--appendonly', 'yes', '--appendfsync', 'always']);
      await run(real2.c);
      await real2.stop();
      expect(incrText(rdir)).toBe(text);
    }
  });

  it('relative TTLs, SET … GET, INCRBYFLOAT, XSETID and script effects are written as redis-server writes them', async () => {
    if (!hasRealRedis) return;
    const run = async (c: RawClient): Promise<void> => {
      const cmds: (string | number)[][] = [
        ['SET', 'a', 'v', 'EX', 200], ['SET', 'a', 'v', 'PX', 100000], ['SET', 'a', 'v', 'EXAT', 4102444800],
        ['SET', 'a', 'v', 'PXAT', 4102444800000], ['SETEX', 'a', 100, 'v'], ['PSETEX', 'a', 100000, 'v'],
        ['SET', 'b', 'v'], ['EXPIRE', 'b', 100], ['PEXPIRE', 'b', 100000], ['EXPIREAT', 'b', 4102444800],
        ['PEXPIREAT', 'b', 4102444800000], ['GETEX', 'b', 'EX', 200], ['GETEX', 'b', 'PERSIST'], ['EXPIREAT', 'b', 1000],
        ['SET', 'c', 'v', 'GET'], ['SET', 'c', 'w', 'KEEPTTL', 'GET'], ['INCRBYFLOAT', 'f', '1.5'], ['INCRBYFLOAT', 'f', '0.1'],
        ['HINCRBYFLOAT', 'h', 'x', '2.5'], ['XADD', 'st', '1-1', 'f', 'v'], ['XSETID', 'st', '5-0'],
        // XREADGROUP … NOACK as XGROUP SETID (the same bytes as Redis); without NOACK see below.
        ['XADD', 'xs', '1-1', 'a', '1'], ['XGROUP', 'CREATE', 'xs', 'g2', '0'],
        ['XREADGROUP', 'GROUP', 'g2', 'bob', 'NOACK', 'STREAMS', 'xs', '>'],
        ['EVAL', "redis.call('set', KEYS[1], 'v', 'ex', 100); redis.call('expire', KEYS[1], 50); return 1", 1, 'd'],
        ['EVAL', "local d = redis.call('dump', KEYS[1]); redis.call('restore', KEYS[2], 4102444800000, d, 'absttl'); redis.call('restore', KEYS[3], 0, d); return 1", 3, 'c', 'e', 'g'],
        ['PERSIST', 'a'], ['FLUSHDB'],
        // Flushes of empty databases are written too (forceCommandPropagation).
        ['FLUSHDB'], ['FLUSHALL'], ['FLUSHALL', 'SYNC'], ['FLUSHDB', 'ASYNC'], ['SELECT', 4], ['FLUSHDB'], ['SELECT', 0],
      ];
      for (const cmd of cmds) await call(c, ...cmd);
    };
    /** The incr file with 13-digit millisecond times masked (they differ by run time). */
    const masked = (d: string): string => incrText(d).replace(/\$13\r\n1\d{12}\r\n/g, '$13\r\n<ms>\r\n');
    const dir = tmpDir('diff-mine');
    const a = await startRespite(dir, { appendonly: 'yes' });
    await run(a.c);
    await stopRespite(a);
    const rdir = tmpDir('diff-real');
    const real = await startReal(rdir, ['--appendonly', 'yes', '--appendfsync', 'always']);
    await run(real.c);
    await real.stop();
    expect(masked(dir)).toBe(masked(rdir));
  });

  it('Aof.debugLoad (DEBUG LOADAOF) reloads the dataset from the files', async () => {
    const dir = tmpDir('debugload');
    const a = await startRespite(dir, { appendonly: 'yes' });
    await call(a.c, 'SET', 'k', 'v', 'EX', 1000);
    await call(a.c, 'RPUSH', 'l', 'a', 'b');
    await call(a.c, 'SELECT', 2);
    await call(a.c, 'SADD', 's', 'x');
    await call(a.c, 'SELECT', 0);
    const before = await dumpAll(a.c);
    persistenceOf(a.server).aof.debugLoad();
    expect(await dumpAll(a.c)).toEqual(before);
    expect(await call(a.c, 'INFO', 'persistence')).toContain('rdb_changes_since_last_save:0');
    // Appends go on after the reload, and survive a restart.
    await call(a.c, 'SET', 'after', '1');
    const after = await dumpAll(a.c);
    await stopRespite(a);
    const b = await startRespite(dir, { appendonly: 'yes' });
    expect(await dumpAll(b.c)).toEqual(after);
    await stopRespite(b);
  });

  it('XREADGROUP … > is written as XCLAIM per delivered entry (as Redis), not as the whole stream', async () => {
    const dir = tmpDir('xreadgroup');
    const a = await startRespite(dir, { appendonly: 'yes' });
    for (let i = 1; i <= 50; i++) await call(a.c, 'XADD', 'xs', `${i}-1`, 'f', 'x'.repeat(100));
    await call(a.c, 'XGROUP', 'CREATE', 'xs', 'g', '0');
    await call(a.c, 'XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 2, 'STREAMS', 'xs', '>');
    await call(a.c, 'XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', 1, 'STREAMS', 'xs', '>');
    await call(a.c, 'XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'xs', '0');
    const text = incrText(dir);
    const tail = text.slice(text.indexOf('CREATE\r\n'));
    expect(tail).not.toContain('RESTORE');
    expect(tail.match(/XCLAIM/g)?.length).toBe(3);
    // Several entries of one read: one MULTI block (the suite's "MULTI propagation of XREADGROUP").
    expect(tail).toContain(resp('MULTI') + '*14\r\n$6\r\nXCLAIM\r\n$2\r\nxs\r\n');
    expect(tail).not.toContain('CREATECONSUMER');
    const before = await dumpAll(a.c, true, false);
    await stopRespite(a);
    const r = await startRespite(dir, { appendonly: 'yes' });
    const mine = await dumpAll(r.c, true, false);
    expect(mine).toEqual(before);
    const groups = await call(r.c, 'XINFO', 'GROUPS', 'xs');
    await stopRespite(r);
    if (hasRealRedis) {
      // Redis replays the same file to the same groups, entries-read included.
      const real = await startReal(dir, ['--appendonly', 'yes']);
      expect(await call(real.c, 'XINFO', 'GROUPS', 'xs')).toEqual(groups);
      await real.stop();
    }
  });

  it('a MULTI block without its EXEC at the end is reverted (aof-load-truncated yes), refused with no', async () => {
    const dir = tmpDir('torn');
    const a = await startRespite(dir, { appendonly: 'yes' });
    await call(a.c, 'SET', 'k', 'before');
    await call(a.c, 'MULTI');
    await call(a.c, 'SET', 'k', 'intx');
    await call(a.c, 'RPUSH', 'l', 'a');
    await call(a.c, 'EXEC');
    await stopRespite(a);
    const adir = path.join(dir, 'appendonlydir');
    const incr = fs.readdirSync(adir).find((x) => x.endsWith('.incr.aof'))!;
    const full = fs.readFileSync(path.join(adir, incr), 'latin1');
    const cutAt = full.lastIndexOf(resp('MULTI'));
    // Two torn shapes: EXEC missing (every command complete), and a command cut in half.
    const shapes = [full.slice(0, full.length - resp('EXEC').length), full.slice(0, full.length - resp('EXEC').length - 5)];
    for (const [i, torn] of shapes.entries()) {
      const d = tmpDir(`torn-${i}`);
      const dd = path.join(d, 'appendonlydir');
      fs.cpSync(adir, dd, { recursive: true });
      fs.writeFileSync(path.join(dd, incr), torn, 'latin1');
      // aof-load-truncated no: start-up fails, the file is untouched.
      const refused = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', dir: d, appendonly: 'yes', 'aof-load-truncated': 'no' } });
      await expect(refused.listen()).rejects.toThrow(/Unexpected end of file reading the append only file/);
      await refused.close().catch(() => {});
      expect(fs.readFileSync(path.join(dd, incr), 'latin1')).toBe(torn);
      // A copy for real Redis before respite repairs the file.
      const rd = tmpDir(`torn-real-${i}`);
      fs.cpSync(dd, path.join(rd, 'appendonlydir'), { recursive: true });
      const r = await startRespite(d, { appendonly: 'yes' });
      expect(await call(r.c, 'GET', 'k')).toBe('before');
      expect(await call(r.c, 'EXISTS', 'l')).toBe(0);
      // Repaired up to the MULTI: later appends are not swallowed by the dangling block.
      expect(fs.readFileSync(path.join(dd, incr), 'latin1')).toBe(full.slice(0, cutAt));
      await call(r.c, 'SET', 'after', 'yes');
      const mine = await dumpAll(r.c);
      await stopRespite(r);
      const r2 = await startRespite(d, { appendonly: 'yes' });
      expect(await dumpAll(r2.c)).toEqual(mine);
      await stopRespite(r2);
      if (hasRealRedis) {
        const real = await startReal(rd, ['--appendonly', 'yes']);
        expect(await call(real.c, 'GET', 'k')).toBe('before');
        expect(await call(real.c, 'EXISTS', 'l')).toBe(0);
        await real.stop();
      }
    }
  });
});
