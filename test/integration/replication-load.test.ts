/**
 * test/integration/replication-load.test.ts — repl-diskless-load on a respite replica, as in
 * Redis 7.0: `disabled` writes the payload to temp-<time>.<pid>.rdb in dir and renames it over
 * dbfilename before loading it (rdb-del-sync-files removes it when persistence is off);
 * `on-empty-db` loads from memory only into an empty data set; `swapdb` loads from memory and
 * keeps the old data set until the new one loaded. A full sync also drops the replica's own
 * functions (emptyData). Both payload framings ($<len> and $EOF:<mark>) go through the file.
 */
import { describe, it, expect, afterEach, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import type Redis from 'ioredis';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { startRealRedis, redisServerBinary } from '../helpers/real-redis';
import IORedis from 'ioredis';

const DIR = mkdtempSync(path.join(os.tmpdir(), 'respite-repl-load-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
  for (const f of readdirSync(DIR)) rmSync(path.join(DIR, f), { force: true });
});

async function server(config: Record<string, string> = {}): Promise<TestServer> {
  const t = await startTestServer({ dir: DIR, 'repl-diskless-sync-delay': 0, ...config });
  cleanup.push(() => t.close());
  return t;
}

async function linkUp(c: Redis): Promise<void> {
  const end = Date.now() + 20000;
  while (Date.now() < end) {
    if (/master_link_status:up/.test(await c.info('replication'))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('replication link not up');
}

const LIB = "#!lua name=mine\nredis.register_function('f', function() return 1 end)";

/** A primary with a few keys, and a replica that has data and a function of its own. */
async function pair(replicaConfig: Record<string, string>, replicaHasData = true, primaryConfig: Record<string, string> = {}): Promise<{ p: Redis; r: Redis }> {
  const a = await server({ 'repl-diskless-sync': 'no', ...primaryConfig });
  const b = await server(replicaConfig);
  const p = a.client();
  const r = b.client();
  await p.set('k', 'from-primary');
  await p.rpush('l', '1', '2', '3');
  const watcher = b.client();
  if (replicaHasData) {
    await r.set('old', 'replica-data');
    await r.function('LOAD', LIB);
    await watcher.watch('old');
  }
  await r.replicaof('127.0.0.1', a.port);
  await linkUp(r);
  // The full sync replaced the watched key: the transaction fails.
  if (replicaHasData) expect(await watcher.multi().get('k').exec()).toBe(null);
  expect(await r.get('k')).toBe('from-primary');
  expect(await r.lrange('l', 0, -1)).toEqual(['1', '2', '3']);
  expect(await r.exists('old')).toBe(0);
  expect(await r.function('LIST')).toEqual([]);
  return { p, r };
}

const files = (): string[] => readdirSync(DIR).sort();

/** A fake primary: answers the handshake, then `onPsync(socket)` sends what the test wants. */
async function fakePrimary(onPsync: (sock: net.Socket) => void): Promise<number> {
  const srv = net.createServer((sock) => {
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (/PING/i.test(line)) sock.write('+PONG\r\n');
        else if (/REPLCONF/i.test(line)) sock.write('+OK\r\n');
        else if (/PSYNC/i.test(line)) onPsync(sock);
      }
    });
    sock.on('error', () => {});
  });
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
  cleanup.push(() => {
    srv.close();
  });
  return (srv.address() as net.AddressInfo).port;
}

/** The master_sync_* lines of INFO replication. */
async function syncLines(c: Redis): Promise<string[]> {
  return (await c.info('replication')).split('\r\n').filter((l) => /^master_sync_(in_progress|total_bytes|read_bytes|left_bytes|perc)/.test(l));
}

describe('repl-diskless-load', () => {
  it('disabled: the payload goes through a temp file that becomes dbfilename', async () => {
    const { p, r } = await pair({});
    expect(files()).toEqual(['dump.rdb']);
    expect(readFileSync(path.join(DIR, 'dump.rdb')).subarray(0, 5).toString()).toBe('REDIS');
    // The stream after the file-loaded sync applies as usual.
    await p.set('after', '1');
    expect(await p.wait(1, 5000)).toBe(1);
    expect(await r.get('after')).toBe('1');
  });

  it('disabled with rdb-del-sync-files yes and no persistence: the file is removed', async () => {
    await pair({ 'rdb-del-sync-files': 'yes' });
    expect(files()).toEqual([]);
  });

  it('on-empty-db: from memory into an empty replica, through the file otherwise', async () => {
    await pair({ 'repl-diskless-load': 'on-empty-db' }, false);
    expect(files()).toEqual([]);
    await pair({ 'repl-diskless-load': 'on-empty-db' }, true);
    expect(files()).toEqual(['dump.rdb']);
  });

  it('swapdb: from memory, the old data set replaced', async () => {
    const { r } = await pair({ 'repl-diskless-load': 'swapdb' });
    expect(files()).toEqual([]);
    expect(await r.config('GET', 'repl-diskless-load')).toEqual(['repl-diskless-load', 'swapdb']);
  });

  it('swapdb: a payload that fails to load leaves the old data set and functions in place', async () => {
    // A fake primary that sends a corrupt RDB.
    let syncs = 0;
    const port = await fakePrimary((sock) => {
      syncs++;
      const bad = Buffer.from('REDIS0010\xfe\x00\x00\x03key\xff\x01', 'latin1');
      sock.write(`+FULLRESYNC ${'a'.repeat(40)} 0\r\n$${bad.length}\r\n`);
      sock.write(bad);
    });
    for (const mode of ['swapdb', 'disabled']) {
      const b = await server({ 'repl-diskless-load': mode });
      const r = b.client();
      await r.set('old', 'kept');
      await r.function('LOAD', 'REPLACE', LIB);
      const before = syncs;
      await r.replicaof('127.0.0.1', port);
      const end = Date.now() + 10000;
      while (syncs === before && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
      await new Promise((res) => setTimeout(res, 100));
      expect(/master_link_status:down/.test(await r.info('replication'))).toBe(true);
      if (mode === 'swapdb') {
        expect(await r.get('old')).toBe('kept');
        expect((await r.function('LIST')) as unknown[]).toHaveLength(1);
      } else {
        // The old data was flushed before the file was loaded (as in Redis).
        expect(await r.get('old')).toBe(null);
      }
      await r.replicaof('NO', 'ONE');
    }
  });

  it('INFO master_sync_* during a transfer matches redis-server (EOF-marked and sized payloads)', async () => {
    const part = Buffer.from('REDIS0010' + 'x'.repeat(991), 'latin1');
    for (const eof of [true, false]) {
      const port = await fakePrimary((sock) => {
        sock.write(`+FULLRESYNC ${'b'.repeat(40)} 0\r\n`);
        sock.write(eof ? `$EOF:${'m'.repeat(40)}\r\n` : '$5000\r\n');
        sock.write(part); // and then nothing: the transfer stays in progress
      });
      const real = (await startRealRedis(['--maxmemory', '100mb', '--dir', DIR, '--replicaof', '127.0.0.1', String(port)]))!;
      cleanup.push(() => real.stop());
      const rc = new IORedis({ port: real.port, maxRetriesPerRequest: 0, retryStrategy: () => null });
      rc.on('error', () => {});
      cleanup.push(() => rc.disconnect());
      const b = await server();
      const r = b.client();
      await r.replicaof('127.0.0.1', port);
      const end = Date.now() + 10000;
      let ours: string[] = [];
      let theirs: string[] = [];
      while (Date.now() < end) {
        ours = await syncLines(r);
        theirs = await syncLines(rc);
        if (ours.length === 5 && !ours.includes('master_sync_read_bytes:0') && JSON.stringify(ours) === JSON.stringify(theirs)) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      expect(ours).toEqual(theirs);
      expect(ours.slice(0, 2)).toEqual(['master_sync_in_progress:1', `master_sync_total_bytes:${eof ? 0 : 5000}`]);
      await r.replicaof('NO', 'ONE');
      await rc.replicaof('NO', 'ONE');
    }
    // The abandoned transfer left no temp file behind.
    expect(files().filter((f) => f.startsWith('temp-') && f.includes(`.${process.pid}.`))).toEqual([]);
  });

  it('the EOF-marked payload of a diskless primary goes through the file too', async () => {
    await pair({}, true, { 'repl-diskless-sync': 'yes' });
    expect(files()).toEqual(['dump.rdb']);
  });

  it.skipIf(redisServerBinary() === null)('from a real Redis primary (EOF-marked payload), all three modes', async () => {
    const real = (await startRealRedis(['--maxmemory', '1gb', '--repl-diskless-sync-delay', '0', '--dir', os.tmpdir()]))!;
    cleanup.push(() => real.stop());
    const p = new IORedis({ port: real.port, maxRetriesPerRequest: 0, retryStrategy: () => null });
    p.on('error', () => {});
    cleanup.push(() => p.disconnect());
    await p.set('k', 'real');
    await p.hset('h', 'a', '1');
    for (const mode of ['disabled', 'on-empty-db', 'swapdb']) {
      const b = await server({ 'repl-diskless-load': mode });
      const r = b.client();
      await r.set('old', 'x');
      await r.replicaof('127.0.0.1', real.port);
      await linkUp(r);
      expect(await r.get('k')).toBe('real');
      expect(await r.hgetall('h')).toEqual({ a: '1' });
      expect(await r.exists('old')).toBe(0);
      expect(files()).toEqual(mode === 'swapdb' ? [] : ['dump.rdb']);
      await r.replicaof('NO', 'ONE');
      for (const f of files()) rmSync(path.join(DIR, f));
    }
  });
});
