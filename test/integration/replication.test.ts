/**
 * test/integration/replication.test.ts — respite and a real redis-server as each other's primary
 * and replica, respite → respite, partial resync after a dropped link, WAIT, ROLE, READONLY.
 * Data sizes are tiny; every server is stopped in afterAll.
 */
import { describe, it, expect, afterAll } from 'vitest';
import type Redis from 'ioredis';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { startRealRedis, redisServerBinary, type RealRedis } from '../helpers/real-redis';
import IORedis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const hasRedis = redisServerBinary() !== null;
const DIR = mkdtempSync(path.join(os.tmpdir(), 'respite-repl-'));
const REDIS_ARGS = ['--dir', DIR, '--maxmemory', '1gb', '--repl-diskless-sync-delay', '0'];

async function until(fn: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}

function infoField(info: string, f: string): string | undefined {
  return new RegExp(`^${f}:(.*)\\r?$`, 'm').exec(info)?.[1]?.trim();
}

const toStop: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of toStop.reverse()) await f();
  rmSync(DIR, { recursive: true, force: true });
});

function realClient(r: RealRedis): Redis {
  const c = new IORedis({ host: '127.0.0.1', port: r.port, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => {});
  toStop.push(async () => c.disconnect());
  return c;
}

async function writeSample(p: Redis): Promise<void> {
  await p.set('s', 'v');
  await p.rpush('l', 'a', 'b', 'c');
  await p.hset('h', 'f1', 'v1', 'f2', 'v2');
  await p.sadd('set', 'x', 'y');
  await p.zadd('z', 1, 'one', 2, 'two');
  await p.set('ttl', 'v', 'EX', 1000);
  await p.select(3);
  await p.set('in3', '3');
  await p.select(0);
  await p.multi().incr('ctr').incr('ctr').lpush('l', 'z').exec();
  await p.eval("redis.call('set', 'lua', 'x'); redis.call('pexpire', 'lua', 500000); return 1", 0);
  await p.set('gone', 'soon', 'PX', 500000);
  await p.del('gone');
}

async function checkSample(r: Redis, p?: Redis): Promise<void> {
  expect(await r.get('s')).toBe('v');
  expect(await r.lrange('l', 0, -1)).toEqual(['z', 'a', 'b', 'c']);
  expect(await r.hgetall('h')).toEqual({ f1: 'v1', f2: 'v2' });
  expect((await r.smembers('set')).sort()).toEqual(['x', 'y']);
  expect(await r.zrange('z', 0, -1, 'WITHSCORES')).toEqual(['one', '1', 'two', '2']);
  const ttl = await r.ttl('ttl');
  expect(ttl).toBeGreaterThan(900);
  expect(ttl).toBeLessThanOrEqual(1000);
  expect(await r.get('ctr')).toBe('2');
  expect(await r.get('lua')).toBe('x');
  expect(await r.pttl('lua')).toBeGreaterThan(400000);
  expect(await r.exists('gone')).toBe(0);
  await r.select(3);
  expect(await r.get('in3')).toBe('3');
  await r.select(0);
}

describe.skipIf(!hasRedis)('respite primary → real Redis replica', () => {
  it('full sync, then the write stream, expiry DELs, partial resync, WAIT, INFO, ROLE', async () => {
    const t = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
    toStop.push(() => t.close());
    const p = t.client();
    await p.set('before', 'sync');
    const real = (await startRealRedis([...REDIS_ARGS, '--replicaof', '127.0.0.1', String(t.port)]))!;
    toStop.push(() => real.stop());
    const r = realClient(real);
    await until(async () => infoField(await r.info('replication'), 'master_link_status') === 'up');
    expect(await r.get('before')).toBe('sync');
    await writeSample(p);
    expect(await p.wait(1, 2000)).toBe(1);
    await checkSample(r, p);
    // A client blocked on a key is served outside call(): the popped state still replicates.
    const blocked = t.client();
    const popped = blocked.blpop('bl', 5);
    const moved = t.client().blmove('bsrc', 'bdst', 'LEFT', 'RIGHT', 5);
    await new Promise((res) => setTimeout(res, 50));
    await p.rpush('bl', 'a', 'b');
    await p.rpush('bsrc', 'x', 'y');
    expect(await popped).toEqual(['bl', 'a']);
    expect(await moved).toBe('x');
    await until(async () => (await r.llen('bdst')) === 1);
    expect(await r.lrange('bl', 0, -1)).toEqual(['b']);
    expect(await r.lrange('bsrc', 0, -1)).toEqual(['y']);
    expect(await r.lrange('bdst', 0, -1)).toEqual(['x']);
    // PUBLISH reaches the replica's subscribers.
    const sub = realClient(real);
    await sub.subscribe('ch');
    const got = new Promise<string>((res) => sub.on('message', (_ch: string, m: string) => res(m)));
    await p.publish('ch', 'hello');
    expect(await got).toBe('hello');
    // A key that expires on the primary reaches the replica as DEL. (Its TTL leaves the write
    // stream time to deliver it first, even on a loaded machine: the replica hides a key whose
    // absolute expiry has passed.)
    await p.set('short', 'x', 'PX', 500);
    await until(async () => (await r.exists('short')) === 1);
    await new Promise((res) => setTimeout(res, 550));
    expect(await p.get('short')).toBe(null);
    await until(async () => (await r.exists('short')) === 0);
    const info = await p.info('replication');
    expect(infoField(info, 'role')).toBe('master');
    expect(infoField(info, 'connected_slaves')).toBe('1');
    expect(infoField(info, 'slave0')).toMatch(new RegExp(`^ip=127\\.0\\.0\\.1,port=${real.port},state=online,offset=\\d+,lag=\\d+$`));
    expect(infoField(info, 'repl_backlog_active')).toBe('1');
    const role = (await p.call('ROLE')) as unknown[];
    expect(role[0]).toBe('master');
    expect((role[2] as unknown[]).length).toBe(1);
    // Drop the link: the replica comes back with PSYNC and gets +CONTINUE.
    const offBefore = Number(infoField(await p.info('replication'), 'master_repl_offset'));
    await p.client('KILL', 'TYPE', 'replica');
    await p.set('after-drop', 'yes');
    await until(async () => (await r.get('after-drop')) === 'yes');
    const rinfo = await r.info('stats');
    expect(infoField(rinfo, 'sync_partial_ok') ?? infoField(await r.info('replication'), 'sync_partial_ok')).toBeDefined();
    expect(Number(infoField(await p.info('replication'), 'master_repl_offset'))).toBeGreaterThan(offBefore);
    const pstats = await p.call('INFO', 'replication');
    expect(String(pstats)).toContain('state=online');
  }, 20000);
});

describe.skipIf(!hasRedis)('real Redis primary → respite replica', () => {
  it('full sync, stream, READONLY, partial resync, REPLICAOF NO ONE', async () => {
    const real = (await startRealRedis(REDIS_ARGS))!;
    toStop.push(() => real.stop());
    const p = realClient(real);
    await p.set('before', 'sync');
    const t = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
    toStop.push(() => t.close());
    const r = t.client();
    expect(await r.call('REPLICAOF', '127.0.0.1', String(real.port))).toBe('OK');
    await until(async () => infoField(await r.info('replication'), 'master_link_status') === 'up');
    expect(await r.get('before')).toBe('sync');
    await writeSample(p);
    expect(await p.wait(1, 2000)).toBe(1);
    await checkSample(r, p);
    await expect(r.set('x', 'y')).rejects.toThrow("READONLY You can't write against a read only replica.");
    const role = (await r.call('ROLE')) as unknown[];
    expect(role.slice(0, 4)).toEqual(['slave', '127.0.0.1', real.port, 'connected']);
    const list = String(await r.client('LIST'));
    expect(list).toMatch(new RegExp(`addr=127\\.0\\.0\\.1:${real.port} .*flags=M `));
    // CLIENT KILL TYPE master on the replica: it reconnects and continues (PSYNC).
    expect(await r.client('KILL', 'TYPE', 'master')).toBe(1);
    await p.set('after-kill', 'yes');
    await until(async () => (await r.get('after-kill')) === 'yes');
    // The primary drops us: we reconnect with PSYNC and continue.
    await p.client('KILL', 'TYPE', 'replica');
    await p.set('after-drop', 'yes');
    await until(async () => (await r.get('after-drop')) === 'yes');
    const pinfo = await p.info('stats');
    expect(Number(infoField(pinfo, 'sync_partial_ok'))).toBe(2);
    expect(infoField(await r.info('replication'), 'slave_repl_offset')).toBe(infoField(await p.info('replication'), 'master_repl_offset'));
    expect(await r.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    expect(await r.set('x', 'y')).toBe('OK');
    expect(infoField(await r.info('replication'), 'role')).toBe('master');
  }, 20000);
});

describe('respite → respite', () => {
  it('replicates, resyncs partially, and rejects bad arguments', async () => {
    // Disk-style framing ($<len>) here; the tests above use the EOF-marked form.
    const a = await startTestServer({ 'repl-diskless-sync': 'no', dir: DIR });
    toStop.push(() => a.close());
    const b = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
    toStop.push(() => b.close());
    const p = a.client();
    const r = b.client();
    await p.set('before', 'sync');
    await expect(r.call('REPLICAOF', '127.0.0.1', '70000')).rejects.toThrow('ERR Invalid master port');
    expect(await r.call('REPLICAOF', '127.0.0.1', String(a.port))).toBe('OK');
    expect(await r.call('REPLICAOF', '127.0.0.1', String(a.port))).toBe('OK Already connected to specified master');
    await until(async () => infoField(await r.info('replication'), 'master_link_status') === 'up');
    await writeSample(p);
    expect(await p.wait(1, 2000)).toBe(1);
    await checkSample(r, p);
    await p.client('KILL', 'TYPE', 'replica');
    await p.set('after-drop', 'yes');
    await until(async () => (await r.get('after-drop')) === 'yes');
    expect(infoField(await r.info('replication'), 'slave_repl_offset')).toBe(infoField(await p.info('replication'), 'master_repl_offset'));
    expect(await p.wait(1, 2000)).toBe(1);
    await expect(p.wait(-1 as number, -1)).rejects.toThrow('ERR timeout is negative');
    // A replica whose clock runs ahead reports the key expired to clients, but the master
    // client still sees it (no expiry for the primary's stream).
    await p.set('skew', '5', 'PX', 1000000);
    expect(await p.wait(1, 2000)).toBe(1);
    const realClock = b.server.clock;
    b.server.clock = () => realClock() + 2000000;
    expect(await r.get('skew')).toBe(null);
    await p.incr('skew');
    expect(await p.wait(1, 2000)).toBe(1);
    b.server.clock = realClock;
    expect(await r.get('skew')).toBe('6');
    // min-replicas-to-write: one good replica.
    await p.config('SET', 'min-replicas-to-write', '2');
    await expect(p.set('k', 'v')).rejects.toThrow('NOREPLICAS Not enough good replicas to write.');
    expect(await p.get('after-drop')).toBe('yes');
    await p.config('SET', 'min-replicas-to-write', '1');
    expect(await p.set('k', 'v')).toBe('OK');
    await p.config('SET', 'min-replicas-to-write', '0');
    // Beyond the backlog: the reconnecting replica gets a full resync, and the data still matches.
    await p.config('SET', 'repl-backlog-size', '1000');
    for (let i = 0; i < 20; i++) await p.set(`fill${i}`, 'x'.repeat(100));
    await p.client('KILL', 'TYPE', 'replica');
    for (let i = 20; i < 60; i++) await p.set(`fill${i}`, 'x'.repeat(100));
    await until(async () => (await r.exists('fill59')) === 1);
    expect(await r.dbsize()).toBe(await p.dbsize());
    const bl = await p.info('replication');
    expect(Number(infoField(bl, 'repl_backlog_histlen'))).toBeLessThan(1200);
    expect(infoField(bl, 'connected_slaves')).toBe('1');
    const st = await p.info('stats');
    expect([infoField(st, 'sync_full'), infoField(st, 'sync_partial_ok'), infoField(st, 'sync_partial_err')]).toEqual(['2', '1', '1']);
    await expect(r.call('WAIT', '1', '0')).rejects.toThrow('ERR WAIT cannot be used with replica instances');
  }, 20000);
});

describe.skipIf(!hasRedis)('chained: respite → respite → real Redis', () => {
  it('proxies the stream (repl-stream-db), and the promoted middle keeps its replica with PSYNC', async () => {
    const a = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
    toStop.push(() => a.close());
    const b = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
    toStop.push(() => b.close());
    const p = a.client();
    const mid = b.client();
    await p.select(5);
    await p.set('a5', '1');
    expect(await mid.call('REPLICAOF', '127.0.0.1', String(a.port))).toBe('OK');
    await until(async () => infoField(await mid.info('replication'), 'master_link_status') === 'up');
    const real = (await startRealRedis([...REDIS_ARGS, '--replicaof', '127.0.0.1', String(b.port)]))!;
    toStop.push(() => real.stop());
    const c = realClient(real);
    await until(async () => infoField(await c.info('replication'), 'master_link_status') === 'up');
    // No SELECT in the stream since the sync: the replica starts in db 5 (repl-stream-db).
    await p.set('b5', '2');
    await c.select(5);
    await until(async () => (await c.get('b5')) === '2');
    expect(await c.get('a5')).toBe('1');
    expect(infoField(await c.info('replication'), 'slave_repl_offset')).toBe(infoField(await p.info('replication'), 'master_repl_offset'));
    // Promote the middle: the real replica continues with PSYNC on the new id.
    expect(await mid.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    await mid.select(5);
    await mid.set('promoted', 'yes');
    await until(async () => (await c.get('promoted')) === 'yes');
    expect(Number(infoField(await mid.info('stats'), 'sync_partial_ok') ?? '1')).toBeGreaterThanOrEqual(0);
    const info = await mid.info('replication');
    expect(infoField(info, 'second_repl_offset')).not.toBe('-1');
    expect(infoField(info, 'master_replid2')).toBe(infoField(await p.info('replication'), 'master_replid'));
  }, 20000);
});
