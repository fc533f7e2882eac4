/**
 * A respite replica with its own AOF writes the primary's MULTI … EXEC blocks wrapped, as a
 * Redis replica does (the block is applied as one transaction).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it, expect, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

const servers: TestServer[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function until(fn: () => Promise<boolean>, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it("the primary's transactions reach the replica's AOF in MULTI … EXEC", async () => {
  const primary = await startTestServer({ 'repl-diskless-sync-delay': 0 });
  servers.push(primary);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-replica-aof-'));
  dirs.push(dir);
  const replica = await startTestServer({ dir, appendfsync: 'always' });
  servers.push(replica);
  const p = primary.client();
  const r = replica.client();
  expect(await r.config('SET', 'appendonly', 'yes')).toBe('OK');
  expect(await r.call('REPLICAOF', '127.0.0.1', String(primary.port))).toBe('OK');
  await until(async () => /master_link_status:up/.test(await r.info('replication')));
  const res = await p.multi().set('a', '1').incr('b').rpush('l', 'x').exec();
  expect(res!.map((x) => x[1])).toEqual(['OK', 1, 1]);
  await p.set('after', 'x');
  await until(async () => (await r.get('after')) === 'x');
  expect(await r.mget('a', 'b')).toEqual(['1', '1']);
  const aofDir = path.join(dir, 'appendonlydir');
  const incr = fs.readdirSync(aofDir).find((f) => f.endsWith('.incr.aof'))!;
  const text = fs.readFileSync(path.join(aofDir, incr), 'latin1');
  const argvs = [...text.matchAll(/\*(\d+)\r\n((?:\$\d+\r\n[^\r]*\r\n)+)/g)].map((m) => [...m[2]!.matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((x) => x[1]!));
  const tail = argvs.filter((a) => a[0]!.toUpperCase() !== 'SELECT');
  expect(tail.slice(-6).map((a) => a[0]!.toUpperCase())).toEqual(['MULTI', 'SET', 'INCR', 'RPUSH', 'EXEC', 'SET']);
});
