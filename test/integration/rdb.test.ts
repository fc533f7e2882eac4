/**
 * RDB files: respite → respite (SAVE, restart on the same dir), real Redis 7.0 → respite and
 * respite → real Redis (each loads the other's dump.rdb), BGSAVE point-in-time consistency under
 * concurrent writes, and save on shutdown. Data sizes are bounded (a few thousand keys).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Server } from '../../src/server';
import { RawClient, parseReply } from '../helpers/raw-client';
import { hasRealRedis } from '../helpers/diff';
import { freePort } from '../helpers/real-redis';
import { persistenceOf } from '../../src/persistence/snapshot';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-rdb-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

function tmpDir(name: string): string {
  const d = path.join(tmpRoot, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

async function startRespite(dir: string, extra: Record<string, string> = {}, wait = true): Promise<{ server: Server; c: RawClient }> {
  const server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', dir, ...extra } });
  await server.listen();
  const c = await RawClient.connect(server.port);
  if (wait) while (persistenceOf(server).loading) await new Promise((r) => setTimeout(r, 5));
  return { server, c };
}

async function startReal(dir: string, args: string[] = []): Promise<{ stop: () => Promise<void>; c: RawClient }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory', '2gb', '--logfile', '', '--loglevel', 'warning', ...args], { stdio: 'ignore' });
  let c: RawClient | null = null;
  for (let i = 0; i < 100 && c === null; i++) {
    try {
      c = await RawClient.connect(port);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  // Wait for loading to finish.
  for (;;) {
    const r = await c!.call('PING');
    if (r.startsWith('+PONG')) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  return {
    c: c!,
    stop: () =>
      new Promise<void>((resolve) => {
        c!.close();
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

async function call(c: RawClient, ...args: (string | number)[]): Promise<unknown> {
  return parseReply(await c.call(...args));
}

/** Every key of dbs 0..3: type, value (order-normalised where Redis's order is unspecified), TTL presence, encoding. */
async function dumpAll(c: RawClient, withEncoding = true): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 4; db++) {
    await call(c, 'SELECT', db);
    const keys = (await call(c, 'KEYS', '*')) as string[];
    for (const k of keys) {
      const type = (await call(c, 'TYPE', k)) as string;
      let v: unknown;
      if (type === 'string') v = await call(c, 'GET', k);
      else if (type === 'list') v = await call(c, 'LRANGE', k, 0, -1);
      else if (type === 'set') v = ((await call(c, 'SMEMBERS', k)) as string[]).sort();
      else if (type === 'hash') {
        const a = (await call(c, 'HGETALL', k)) as string[];
        const pairs: string[] = [];
        for (let i = 0; i < a.length; i += 2) pairs.push(`${a[i]}=${a[i + 1]}`);
        v = pairs.sort();
      } else if (type === 'zset') v = await call(c, 'ZRANGE', k, 0, -1, 'WITHSCORES');
      const pttl = (await call(c, 'PTTL', k)) as number;
      const enc = withEncoding && type !== 'string' ? await call(c, 'OBJECT', 'ENCODING', k) : undefined;
      out[`${db}:${k}`] = { type, v, ttl: pttl > 0 ? Math.round(pttl / 100000) : pttl, enc };
    }
  }
  await call(c, 'SELECT', 0);
  return out;
}

/** Builds every type and encoding (small and large), TTLs, several dbs. */
async function populate(c: RawClient): Promise<void> {
  await call(c, 'SELECT', 0);
  await call(c, 'SET', 'str', 'hello');
  await call(c, 'SET', 'int', '12345');
  await call(c, 'SET', 'neg', '-7');
  await call(c, 'SET', 'int64', '-9223372036854775808');
  await call(c, 'SET', 'long', 'abcdefghij'.repeat(50));
  await call(c, 'SET', 'bin', '\x00\xff\r\n\x80binary');
  await call(c, 'SET', 'ttl', 'x', 'PX', 5_000_000);
  await call(c, 'RPUSH', 'list', 'a', '1', '-2', '300', '70000', 'x'.repeat(100), '9223372036854775807');
  const many: string[] = [];
  for (let i = 0; i < 3000; i++) many.push(i % 7 === 0 ? String(i * 1000) : `element-${i}`);
  await call(c, 'RPUSH', 'biglist', ...many);
  await call(c, 'SADD', 'iset', '3', '1', '2', '-100000', '5000000000');
  await call(c, 'SADD', 'sset', 'a', 'b', 'c');
  const sm: string[] = [];
  for (let i = 0; i < 1000; i++) sm.push(String(i));
  await call(c, 'SADD', 'bigiset', ...sm);
  await call(c, 'HSET', 'hash', 'f1', 'v1', 'f2', '2', 'f3', 'x'.repeat(30));
  await call(c, 'HSET', 'hashlong', 'f', 'y'.repeat(100));
  const hf: string[] = [];
  for (let i = 0; i < 600; i++) hf.push(`f${i}`, `v${i}`);
  await call(c, 'HSET', 'bighash', ...hf);
  await call(c, 'ZADD', 'zset', '1', 'a', '2.5', 'b', '-3', 'c', 'inf', 'd', '1e100', 'e', '-inf', 'f');
  const zf: string[] = [];
  for (let i = 0; i < 300; i++) zf.push(String(i / 3), `m${i}`);
  await call(c, 'ZADD', 'bigzset', ...zf);
  await call(c, 'ZADD', 'zlong', '1', 'z'.repeat(100));
  await call(c, 'PFADD', 'hll', 'a', 'b', 'c');
  await call(c, 'PEXPIRE', 'hash', 7_000_000);
  await call(c, 'SELECT', 2);
  await call(c, 'SET', 'db2key', 'in db 2');
  await call(c, 'RPUSH', 'db2list', 'q');
  await call(c, 'EXPIRE', 'db2list', 9000);
  await call(c, 'SELECT', 3);
  for (let i = 0; i < 500; i++) await c.call('SET', `k${i}`, `v${i}`);
  await call(c, 'SELECT', 0);
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
