/**
 * RDB files: respite → respite (SAVE, restart on the same dir), real Redis 7.0 → respite and
 * respite → real Redis (each loads the other's dump.rdb), BGSAVE point-in-time consistency under
 * concurrent writes, and save on shutdown. Data sizes are bounded (a few thousand keys).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server } from '../../src/server';
import { startRespite, startReal, call, dumpAll, populate } from './persistence-helpers';
import { hasRealRedis } from '../helpers/diff';
import { persistenceOf } from '../../src/persistence/snapshot';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-rdb-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

function tmpDir(name: string): string {
  const d = path.join(tmpRoot, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

describe('RDB persistence', () => {
  it('SAVE then restart on the same dir restores everything (types, encodings, TTLs, dbs)', async () => {
    const dir = tmpDir('roundtrip');
    const a = await startRespite(dir);
    await populate(a.c);
    const before = await dumpAll(a.c);
    expect(await a.c.call('SAVE')).toBe('+OK\r\n');
    expect(Number(await call(a.c, 'LASTSAVE'))).toBeGreaterThan(0);
    a.c.close();
    await a.server.close();
    const b = await startRespite(dir);
    expect(await dumpAll(b.c)).toEqual(before);
    const info = (await call(b.c, 'INFO', 'persistence')) as string;
    expect(info).toContain('rdb_last_load_keys_loaded:');
    b.c.close();
    await b.server.close();
  });

  it('rdbcompression no and rdbchecksum no still round-trip', async () => {
    const dir = tmpDir('nocompress');
    const a = await startRespite(dir, { rdbcompression: 'no', rdbchecksum: 'no' });
    await populate(a.c);
    const before = await dumpAll(a.c);
    await a.c.call('SAVE');
    const file = fs.readFileSync(path.join(dir, 'dump.rdb'));
    expect(file.subarray(file.length - 8).equals(Buffer.alloc(8))).toBe(true);
    a.c.close();
    await a.server.close();
    const b = await startRespite(dir);
    expect(await dumpAll(b.c)).toEqual(before);
    b.c.close();
    await b.server.close();
  });

  it('a corrupted file is refused', async () => {
    const dir = tmpDir('corrupt');
    const a = await startRespite(dir);
    await call(a.c, 'SET', 'k', 'v'.repeat(100));
    await a.c.call('SAVE');
    a.c.close();
    await a.server.close();
    const f = path.join(dir, 'dump.rdb');
    const buf = fs.readFileSync(f);
    buf[20] ^= 0xff;
    fs.writeFileSync(f, buf);
    const server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', dir } });
    await expect(server.listen()).rejects.toThrow();
    await server.close();
  });

  it('BGSAVE writes the dataset as of its start while writes continue', async () => {
    const dir = tmpDir('bgsave');
    const a = await startRespite(dir);
    const s = a.server;
    // Enough data for the job to need many slices.
    for (let i = 0; i < 20000; i += 500) {
      const args: string[] = [];
      for (let j = i; j < i + 500; j++) args.push(`key:${j}`, `value-${j}-${'p'.repeat(j % 50)}`);
      await call(a.c, 'MSET', ...args);
    }
    const big: string[] = [];
    for (let i = 0; i < 5000; i++) big.push(`m${i}`);
    await call(a.c, 'RPUSH', 'biglist', ...big);
    await call(a.c, 'SELECT', 1);
    await call(a.c, 'SET', 'other', 'db1');
    await call(a.c, 'SELECT', 0);
    const expected = new Map<string, string>();
    for (let i = 0; i < 20000; i++) expected.set(`key:${i}`, `value-${i}-${'p'.repeat(i % 50)}`);
    expect(await a.c.call('BGSAVE')).toBe('+Background saving started\r\n');
    let concurrent = 0;
    // Mutate while the job runs: overwrite, delete, create, push, expire, other db, flush of db 1.
    for (let i = 0; i < 20000; i += 97) {
      const inProgress = persistenceOf(s).job !== null;
      if (inProgress) concurrent++;
      await a.c.call('SET', `key:${i}`, 'CHANGED');
      await a.c.call('DEL', `key:${i + 1}`);
      await a.c.call('SET', `new:${i}`, 'NEW');
      await a.c.call('EXPIRE', `key:${i + 2}`, 100);
      await a.c.call('RPUSH', 'biglist', 'extra');
    }
    await call(a.c, 'SELECT', 1);
    await call(a.c, 'FLUSHDB');
    await call(a.c, 'SELECT', 0);
    if (persistenceOf(s).job !== null) {
      expect(await a.c.call('BGSAVE')).toBe('-ERR Background save already in progress\r\n');
      expect(await a.c.call('BGSAVE', 'SCHEDULE')).toBe('+Background saving scheduled\r\n');
      persistenceOf(s).bgsaveScheduled = false;
    }
    await persistenceOf(s).waitBgsave();
    expect(concurrent).toBeGreaterThan(0);
    expect((await call(a.c, 'INFO', 'persistence')) as string).toContain('rdb_last_bgsave_status:ok');
    a.c.close();
    await a.server.close();
    const b = await startRespite(dir);
    expect(await call(b.c, 'DBSIZE')).toBe(20001);
    for (const i of [0, 1, 2, 97, 98, 99, 19982, 12345]) {
      expect(await call(b.c, 'GET', `key:${i}`)).toBe(expected.get(`key:${i}`));
      expect(await call(b.c, 'TTL', `key:${i}`)).toBe(-1);
    }
    expect(await call(b.c, 'EXISTS', 'new:0')).toBe(0);
    expect(await call(b.c, 'LLEN', 'biglist')).toBe(5000);
    await call(b.c, 'SELECT', 1);
    expect(await call(b.c, 'GET', 'other')).toBe('db1');
    b.c.close();
    await b.server.close();
  });

  it('a big file loads in slices while clients get -LOADING', async () => {
    const dir = tmpDir('loading');
    const a = await startRespite(dir);
    const db = a.server.dbs[0]!;
    for (let i = 0; i < 300000; i++) db.setKey(`key:${i}`, `value-${i}`);
    expect(await a.c.call('SAVE')).toBe('+OK\r\n');
    a.c.close();
    await a.server.close();
    const b = await startRespite(dir, {}, false);
    const first = await b.c.call('GET', 'key:7');
    let sawLoading = first === '-LOADING Redis is loading the dataset in memory\r\n';
    for (;;) {
      const info = (await call(b.c, 'INFO', 'persistence')) as string;
      if (/^loading:0/m.test(info)) break;
      sawLoading = true;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(sawLoading).toBe(true);
    expect(await call(b.c, 'GET', 'key:7')).toBe('value-7');
    expect(await call(b.c, 'DBSIZE')).toBe(300000);
    b.c.close();
    await b.server.close();
  });

  it('SHUTDOWN saves when save points are configured; NOSAVE does not', async () => {
    const dir = tmpDir('shutdown');
    const a = await startRespite(dir, { save: '3600 1' });
    await call(a.c, 'SET', 'k', 'v');
    await a.server.shutdown({ save: undefined, now: false, force: false });
    expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
    const b = await startRespite(dir, { save: '3600 1' });
    expect(await call(b.c, 'GET', 'k')).toBe('v');
    await call(b.c, 'SET', 'k', 'changed');
    await b.server.shutdown({ save: false, now: false, force: false });
    const c = await startRespite(dir);
    expect(await call(c.c, 'GET', 'k')).toBe('v');
    c.c.close();
    await c.server.close();
  });
});

(hasRealRedis ? describe : describe.skip)('RDB files shared with redis-server 7.0.15', () => {
  it('a file written by real Redis loads in respite', async () => {
    const dir = tmpDir('from-real');
    const r = await startReal(dir);
    await populate(r.c);
    const before = await dumpAll(r.c);
    expect(await r.c.call('SAVE')).toBe('+OK\r\n');
    await r.stop();
    const b = await startRespite(dir);
    const after = await dumpAll(b.c);
    expect(after).toEqual(before);
    b.c.close();
    await b.server.close();
  });

  it('a file written by real Redis with non-default encodings (hashtable/skiplist, no compression) loads in respite', async () => {
    const dir = tmpDir('from-real-2');
    const r = await startReal(dir, ['--hash-max-listpack-entries', '0', '--zset-max-listpack-entries', '0', '--set-max-intset-entries', '0', '--list-max-listpack-size', '3', '--rdbcompression', 'no']);
    await populate(r.c);
    const before = await dumpAll(r.c, false);
    await r.c.call('SAVE');
    await r.stop();
    const b = await startRespite(dir);
    expect(await dumpAll(b.c, false)).toEqual(before);
    b.c.close();
    await b.server.close();
  });

  it('a file written by respite loads in real Redis', async () => {
    const dir = tmpDir('to-real');
    const a = await startRespite(dir);
    await populate(a.c);
    const before = await dumpAll(a.c);
    await a.c.call('SAVE');
    a.c.close();
    await a.server.close();
    const r = await startReal(dir);
    expect(await dumpAll(r.c)).toEqual(before);
    await r.stop();
  });
});
