/**
 * test/integration/replication-info.test.ts — replication counters in INFO hold real values:
 * total_net_repl_input_bytes / total_net_repl_output_bytes (and replica traffic kept out of
 * total_net_output_bytes, as Redis 7.0 does), instantaneous_*_repl_kbps while the stream
 * flows, and a client blocked in WAIT counted in blocked_clients.
 */
import { it, expect, afterEach, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/start-server';

// A replica writes the master's RDB into dir (repl-diskless-load disabled): keep it out of the cwd.
const DIR = mkdtempSync(path.join(os.tmpdir(), 'respite-repl-info-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.reverse()) await s.close();
  servers = [];
});

function field(info: string, f: string): number {
  const m = new RegExp(`^${f}:(.*)\\r?$`, 'm').exec(info);
  if (m === null) throw new Error(`no ${f} in INFO`);
  return Number(m[1]);
}

async function until(fn: () => Promise<boolean>, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached in time');
}

it('repl byte counters, repl kbps and WAIT in blocked_clients', async () => {
  const a = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
  const b = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
  servers.push(a, b);
  const p = a.client();
  const r = b.client();
  // A client blocked in WAIT (no replica yet) counts as blocked.
  const waiter = a.client();
  const waiting = waiter.wait(1, 0);
  await until(async () => field(await p.info('clients'), 'blocked_clients') === 1);
  await p.set('seed', randomBytes(50000).toString('hex')); // incompressible: the RDB carries it all
  expect(await r.replicaof('127.0.0.1', a.port)).toBe('OK');
  await until(async () => /master_link_status:up/.test(await r.info('replication')));
  // The replica acknowledges: WAIT returns 1 and nobody is blocked any more.
  expect(await waiting).toBe(1);
  expect(field(await p.info('clients'), 'blocked_clients')).toBe(0);
  const before = await p.info('stats');
  const outBefore = field(before, 'total_net_output_bytes');
  // Keep the stream busy until both rates show traffic (sampled every 100 ms).
  const value = 'v'.repeat(1000);
  let sent = 0;
  await until(async () => {
    const pl = p.pipeline();
    for (let i = 0; i < 200; i++) pl.set(`k${i}`, value);
    await pl.exec();
    sent += 200 * 1000;
    const pi = await p.info('stats');
    const ri = await r.info('stats');
    return field(pi, 'instantaneous_output_repl_kbps') > 0 && field(ri, 'instantaneous_input_repl_kbps') > 0;
  });
  expect(await p.wait(1, 5000)).toBe(1);
  const pi = await p.info('stats');
  const ri = await r.info('stats');
  // Everything sent went to the replica: the RDB (with the seed) and the stream.
  expect(field(pi, 'total_net_repl_output_bytes')).toBeGreaterThan(sent + 50000);
  expect(field(ri, 'total_net_repl_input_bytes')).toBeGreaterThan(sent + 50000);
  expect(field(ri, 'total_net_repl_input_bytes')).toBeLessThanOrEqual(field(pi, 'total_net_repl_output_bytes'));
  // The primary's client output (OKs and INFO) is far smaller than the stream it replicated.
  expect(field(pi, 'total_net_output_bytes') - outBefore).toBeLessThan(sent / 4);
  expect(field(ri, 'total_net_repl_output_bytes')).toBe(0);
  expect(field(pi, 'total_net_repl_input_bytes')).toBe(0);
}, 30000);

it('CLIENT UNBLOCK of a client in WAIT: the count so far, or -UNBLOCKED (as redis-server 7.0)', async () => {
  const a = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
  servers.push(a);
  const admin = a.client();
  for (const mode of ['TIMEOUT', 'ERROR']) {
    const w = a.client();
    const id = Number(await w.client('ID'));
    const waiting = w.wait(1, 0).then(
      (n) => n,
      (e: Error) => e.message,
    );
    await until(async () => field(await admin.info('clients'), 'blocked_clients') === 1);
    expect(await admin.client('UNBLOCK', id, mode)).toBe(1);
    expect(await waiting).toBe(mode === 'TIMEOUT' ? 0 : 'UNBLOCKED client unblocked via CLIENT UNBLOCK');
    expect(field(await admin.info('clients'), 'blocked_clients')).toBe(0);
    // The connection goes on.
    expect(await w.ping()).toBe('PONG');
    expect(await admin.client('UNBLOCK', id)).toBe(0);
  }
});

it('WAIT counts the replicas that acknowledged the client’s last write', async () => {
  const p0 = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
  const a = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
  const b = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0 });
  servers.push(p0, a, b);
  const p = p0.client();
  const ra = a.client();
  const rb = b.client();
  await ra.replicaof('127.0.0.1', p0.port);
  await rb.replicaof('127.0.0.1', p0.port);
  await until(async () => /connected_slaves:2/.test(await p.info('replication')));
  await p.set('k', '1');
  expect(await p.wait(2, 5000)).toBe(2);
  expect(await p.wait(0, 0)).toBe(2);
  expect(await p.wait(5, 200)).toBe(2); // times out with the two it has
  // B leaves: a new write is acknowledged by A only.
  await rb.replicaof('NO', 'ONE');
  await until(async () => /connected_slaves:1/.test(await p.info('replication')));
  await p.set('k', '2');
  expect(await p.wait(2, 300)).toBe(1);
  expect(await ra.get('k')).toBe('2');
  expect(await rb.get('k')).toBe('1');
  // Another client with no writes of its own is acknowledged at once.
  expect(await p0.client().wait(1, 0)).toBe(1);
});

it('diskless sync waits repl-diskless-sync-delay for more replicas, or until repl-diskless-sync-max-replicas are there', async () => {
  const p0 = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 100, 'repl-diskless-sync-max-replicas': 2 });
  const a = await startTestServer({ dir: DIR });
  const b = await startTestServer({ dir: DIR });
  servers.push(p0, a, b);
  const p = p0.client();
  await p.set('k', 'v');
  const ra = a.client();
  await ra.replicaof('127.0.0.1', p0.port);
  await until(async () => /slave0:.*state=wait_bgsave/.test(await p.info('replication')));
  // Still waiting (the delay is 100 s), nothing sent yet.
  expect(await ra.get('k')).toBe(null);
  expect(/master_link_status:down/.test(await ra.info('replication'))).toBe(true);
  // The second replica completes the set: both transfers start now.
  const rb = b.client();
  await rb.replicaof('127.0.0.1', p0.port);
  await until(async () => (await ra.get('k')) === 'v' && (await rb.get('k')) === 'v');
  const info = await p.info('replication');
  expect(info).toMatch(/slave0:.*state=online/);
  expect(info).toMatch(/slave1:.*state=online/);
});
