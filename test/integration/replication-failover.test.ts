/**
 * test/integration/replication-failover.test.ts — FAILOVER (coordinated failover, Redis 6.2+):
 * the primary pauses writes, waits for a replica to acknowledge everything, becomes its replica
 * with PSYNC … FAILOVER, and the replica promotes itself. Errors compared with redis-server;
 * hand-overs respite→respite, respite→real Redis and real Redis→respite, with no write lost.
 */
import { describe, it, expect, afterEach, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { describeDiff, useDiff } from '../helpers/diff';
import { startTestServer } from '../helpers/start-server';
import { startRealRedis, redisServerBinary } from '../helpers/real-redis';

const DIR = mkdtempSync(path.join(os.tmpdir(), 'respite-failover-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describeDiff('FAILOVER errors match redis-server', () => {
  const d = useDiff();
  it('arguments and states', async () => {
    await d.same('COMMAND', 'INFO', 'FAILOVER');
    await d.same('FAILOVER');
    await d.same('FAILOVER', 'ABORT');
    await d.same('FAILOVER', 'ABORT', 'x');
    await d.same('FAILOVER', 'TIMEOUT', '0');
    await d.same('FAILOVER', 'TIMEOUT', '-5');
    await d.same('FAILOVER', 'TIMEOUT', 'x');
    await d.same('FAILOVER', 'TIMEOUT', '10', 'TIMEOUT', '10');
    await d.same('FAILOVER', 'FORCE');
    await d.same('FAILOVER', 'FORCE', 'FORCE');
    await d.same('FAILOVER', 'TO', 'h');
    await d.same('FAILOVER', 'TO', 'h', 'x');
    await d.same('FAILOVER', 'TO', 'h', '1', 'FORCE');
    await d.same('FAILOVER', 'nosuch');
    await d.same('PSYNC', 'x', '1', 'FAILOVER');
    await d.same('INFO', 'nosuchsection');
    await d.same('REPLICAOF', '127.0.0.1', '1');
    await d.same('FAILOVER');
    await d.same('FAILOVER', 'ABORT');
    await d.same('PSYNC', 'x', '1', 'FAILOVER');
    await d.same('REPLICAOF', 'NO', 'ONE');
  });
});

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

function field(info: string, f: string): string | undefined {
  return new RegExp(`^${f}:(.*)\\r?$`, 'm').exec(info)?.[1]?.trim();
}

async function until(fn: () => Promise<boolean>, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached in time');
}

async function respite(): Promise<{ port: number; c: Redis }> {
  const t = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
  cleanup.push(() => t.close());
  return { port: t.port, c: t.client() };
}

async function real(): Promise<{ port: number; c: Redis }> {
  const r = (await startRealRedis(['--maxmemory', '200mb', '--dir', DIR, '--repl-diskless-sync-delay', '0']))!;
  cleanup.push(() => r.stop());
  const c = new IORedis({ port: r.port, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => {});
  cleanup.push(() => c.disconnect());
  return { port: r.port, c };
}

/** Primary p with replica r; FAILOVER TO r: roles swap, data and later writes flow r → p. */
async function handOver(p: { port: number; c: Redis }, r: { port: number; c: Redis }, timeout: boolean): Promise<void> {
  await r.c.replicaof('127.0.0.1', p.port);
  await until(async () => field(await r.c.info('replication'), 'master_link_status') === 'up');
  // The primary counts the replica online once it acknowledged (EOF-marked transfers).
  await until(async () => new RegExp(`slave\\d:ip=127\\.0\\.0\\.1,port=${r.port},state=online`).test(await p.c.info('replication')));
  const pl = p.c.pipeline();
  for (let i = 0; i < 500; i++) pl.set(`k${i}`, String(i));
  await pl.exec();
  const before = await r.c.info('stats');
  const args = ['TO', '127.0.0.1', String(r.port), ...(timeout ? ['TIMEOUT', '10000'] : [])];
  expect(await p.c.call('FAILOVER', ...args)).toBe('OK');
  await expect(p.c.call('FAILOVER')).rejects.toThrow(/FAILOVER already in progress|FAILOVER is not valid when server is a replica/);
  await until(async () => field(await r.c.info('replication'), 'role') === 'master' && field(await p.c.info('replication'), 'master_link_status') === 'up');
  await until(async () => field(await p.c.info('replication'), 'master_failover_state') === 'no-failover');
  expect(field(await p.c.info('replication'), 'role')).toBe('slave');
  expect(Number(field(await p.c.info('replication'), 'master_port'))).toBe(r.port);
  // Nothing lost, and the old primary continued with a partial resync.
  expect(await r.c.get('k499')).toBe('499');
  const after = await r.c.info('stats');
  expect(Number(field(after, 'sync_partial_ok')) - Number(field(before, 'sync_partial_ok'))).toBe(1);
  expect(Number(field(after, 'sync_full')) - Number(field(before, 'sync_full'))).toBe(0);
  await r.c.set('after', 'failover');
  await until(async () => (await p.c.get('after')) === 'failover');
  await expect(p.c.set('x', 'y')).rejects.toThrow('READONLY');
}

describe('FAILOVER hand-over', () => {
  it('respite → respite, and back again with a TIMEOUT', async () => {
    const p = await respite();
    const r = await respite();
    await handOver(p, r, false);
    // The new primary fails over back, with a timeout this time.
    await handOver(r, p, true);
  });

  it('writes are held while waiting; a timeout without FORCE and ABORT leave the primary as it was', async () => {
    const t = await startTestServer({ dir: DIR, 'repl-diskless-sync': 'no' });
    cleanup.push(() => t.close());
    const p = t.client();
    // A replica that never acknowledges (a raw socket): it can never catch up.
    const sock = net.connect({ host: '127.0.0.1', port: t.port });
    sock.on('error', () => {});
    cleanup.push(() => sock.destroy());
    sock.write('REPLCONF listening-port 1234\r\nPSYNC ? -1\r\n');
    await until(async () => /slave0:.*port=1234,state=online/.test(await p.info('replication')));
    await p.set('k', 'v');
    expect(await p.call('FAILOVER', 'TO', '127.0.0.1', '1234', 'TIMEOUT', '300')).toBe('OK');
    expect(field(await p.info('replication'), 'master_failover_state')).toBe('waiting-for-sync');
    await expect(p.call('REPLICAOF', 'NO', 'ONE')).rejects.toThrow('ERR REPLICAOF not allowed while failing over.');
    // A write waits for the failover to end (here: its timeout).
    const w = t.client();
    expect(await w.set('held', '1')).toBe('OK');
    expect(field(await p.info('replication'), 'master_failover_state')).toBe('no-failover');
    expect(field(await p.info('replication'), 'role')).toBe('master');
    // FAILOVER to any replica, then ABORT.
    expect(await p.call('FAILOVER')).toBe('OK');
    const held = w.set('held', '2');
    expect(await p.call('FAILOVER', 'ABORT')).toBe('OK');
    expect(await held).toBe('OK');
    expect(await p.get('held')).toBe('2');
    await expect(p.call('FAILOVER', 'ABORT')).rejects.toThrow('ERR No failover in progress.');
    await expect(p.call('FAILOVER', 'TO', '127.0.0.1', '999')).rejects.toThrow('ERR FAILOVER target HOST and PORT is not a replica.');
  });
});

describe.skipIf(redisServerBinary() === null)('FAILOVER with real Redis', () => {
  it('respite primary hands over to a real Redis replica', async () => {
    await handOver(await respite(), await real(), false);
  });
  it('a real Redis primary hands over to a respite replica', async () => {
    await handOver(await real(), await respite(), true);
  });
});
