/**
 * AOF (multi-part, Redis 7.0 layout): restart on the same dir replays base + incr to the same
 * dataset, relative TTLs and random commands replay exactly, BGREWRITEAOF compacts, and the
 * directory is interchangeable with real redis-server 7.0.15 both ways.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasRealRedis } from '../helpers/diff';
import { persistenceOf } from '../../src/persistence/snapshot';
import { startRespite, startReal, call, dumpAll, populate } from './persistence-helpers';
import type { RawClient } from '../helpers/raw-client';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-aof-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

function tmpDir(name: string): string {
  const d = path.join(tmpRoot, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

/** Writes that don't replay verbatim: relative TTLs, randomness, time, scripts, transactions. */
async function tricky(c: RawClient): Promise<void> {
  await call(c, 'SET', 'ex', 'v', 'EX', 1000);
  await call(c, 'SETEX', 'sx', 2000, 'v');
  await call(c, 'SET', 'e2', 'v');
  await call(c, 'EXPIRE', 'e2', 3000);
  await call(c, 'SADD', 'rs', 'a', 'b', 'c', 'd', 'e', 'f');
  await call(c, 'SPOP', 'rs', 2);
  await call(c, 'INCRBYFLOAT', 'f', '1.1');
  await call(c, 'INCRBYFLOAT', 'f', '2.2');
  await call(c, 'MULTI');
  await call(c, 'INCR', 'ctr');
  await call(c, 'RPUSH', 'ml', 'x');
  await call(c, 'EXEC');
  await call(c, 'EVAL', "redis.call('set', KEYS[1], 'fromlua'); return redis.call('incr', KEYS[2])", 2, 'lua1', 'ctr');
  await call(c, 'SET', 'gone', 'x');
  await call(c, 'DEL', 'gone');
  await call(c, 'SELECT', 5);
  await call(c, 'SET', 'in5', 'yes');
  await call(c, 'SELECT', 0);
  await call(c, 'GETEX', 'e2', 'PX', 4000000);
  await call(c, 'RPUSH', 'tl', 'a', 'b');
  await call(c, 'PEXPIRE', 'tl', 5000000);
  await call(c, 'XADD', 'st', '*', 'f', 'v');
  await call(c, 'XADD', 'st', 'MAXLEN', '~', '100', '*', 'f', 'v2');
  await call(c, 'XADD', 'st', '99999999999999-*', 'f', 'v3');
  await call(c, 'XGROUP', 'CREATE', 'st', 'g', '0');
  await call(c, 'XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 'st', '>');
}

describe('AOF', () => {
  it('appendonly yes: restart replays the files to the same dataset', async () => {
    const dir = tmpDir('basic');
    const a = await startRespite(dir, { appendonly: 'yes' });
    expect(fs.existsSync(path.join(dir, 'appendonlydir', 'appendonly.aof.manifest'))).toBe(true);
    await populate(a.c);
    await tricky(a.c);
    // XREADGROUP replays as XCLAIM … LASTID (as in Redis): entries-read/lag are not compared.
    const before = await dumpAll(a.c, true, false);
    expect((await call(a.c, 'INFO', 'persistence')) as string).toContain('aof_enabled:1');
    a.c.close();
    await a.server.shutdown({ save: false, now: false, force: false });
    const b = await startRespite(dir, { appendonly: 'yes' });
    expect(await dumpAll(b.c, true, false)).toEqual(before);
    // BGREWRITEAOF compacts into a new base; a later restart still matches.
    expect(await b.c.call('BGREWRITEAOF')).toBe('+Background append only file rewriting started\r\n');
    await call(b.c, 'SET', 'during', 'rewrite');
    while (persistenceOf(b.server).aof.rewriting !== null) await new Promise((r) => setTimeout(r, 5));
    await call(b.c, 'SET', 'after', 'rewrite');
    const before2 = await dumpAll(b.c);
    const files = fs.readdirSync(path.join(dir, 'appendonlydir')).sort();
    expect(files.filter((f) => f.endsWith('.base.rdb')).length).toBe(1);
    b.c.close();
    await b.server.shutdown({ save: false, now: false, force: false });
    const c = await startRespite(dir, { appendonly: 'yes' });
    expect(await dumpAll(c.c)).toEqual(before2);
    c.c.close();
    await c.server.close();
  });

  it('CONFIG SET appendonly yes starts an AOF from the current dataset', async () => {
    const dir = tmpDir('enable');
    const a = await startRespite(dir);
    await call(a.c, 'SET', 'k', 'v');
    expect(await a.c.call('CONFIG', 'SET', 'appendonly', 'yes')).toBe('+OK\r\n');
    await call(a.c, 'SET', 'k2', 'v2');
    a.c.close();
    await a.server.shutdown({ save: false, now: false, force: false });
    const b = await startRespite(dir, { appendonly: 'yes' });
    expect(await call(b.c, 'MGET', 'k', 'k2')).toEqual(['v', 'v2']);
    b.c.close();
    await b.server.close();
  });
});

(hasRealRedis ? describe : describe.skip)('AOF directories shared with redis-server 7.0.15', () => {
  it('respite → real Redis', async () => {
    const dir = tmpDir('to-real');
    const a = await startRespite(dir, { appendonly: 'yes' });
    await populate(a.c);
    await tricky(a.c);
    const before = await dumpAll(a.c, true, false);
    a.c.close();
    await a.server.shutdown({ save: false, now: false, force: false });
    const r = await startReal(dir, ['--appendonly', 'yes']);
    expect(await dumpAll(r.c, true, false)).toEqual(before);
    await r.stop();
  });

  it('real Redis → respite', async () => {
    const dir = tmpDir('from-real');
    const r = await startReal(dir, ['--appendonly', 'yes', '--appendfsync', 'always']);
    await populate(r.c);
    await tricky(r.c);
    await r.stop();
    // What Redis itself rebuilds from its files (XCLAIM-propagated groups lose entries-read).
    const r2 = await startReal(dir, ['--appendonly', 'yes']);
    const before = await dumpAll(r2.c);
    await r2.stop();
    const a = await startRespite(dir, { appendonly: 'yes' });
    expect(await dumpAll(a.c)).toEqual(before);
    a.c.close();
    await a.server.close();
  });
});
