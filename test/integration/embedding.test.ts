/**
 * test/integration/embedding.test.ts — the embedding API (src/index.ts): startServer's options,
 * flushall(), close()/stop(), several independent servers in one process, and (in a child node
 * process using the built package by its name, `require('respite')` and `import 'respite'`) that
 * ioredis and node-redis clients work against two servers and that the process exits by itself
 * once everything is closed (no timers or sockets left open).
 *
 * The child-process tests use dist/ (built by `npm test`); they are skipped when it is missing.
 */
import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { startServer, buildConfig, directiveName, StartOptionError, type RunningServer } from '../../src/index';

const ROOT = path.resolve(__dirname, '../..');
const DIST_OK = fs.existsSync(path.join(ROOT, 'dist/index.js'));

const open: RunningServer[] = [];
const clients: Redis[] = [];

async function start(opts: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const s = await startServer(opts);
  open.push(s);
  return s;
}

function connect(s: RunningServer, opts: { username?: string; password?: string } = {}): Redis {
  const r = new Redis({ host: s.host, port: s.port, maxRetriesPerRequest: 0, retryStrategy: () => null, ...opts });
  r.on('error', () => {});
  clients.push(r);
  return r;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const s of open.splice(0)) await s.close();
});

describe('startServer options', () => {
  it('defaults: 127.0.0.1, a free port, a redis:// url, no save points', async () => {
    const s = await start();
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBeGreaterThan(0);
    expect(s.url).toBe(`redis://127.0.0.1:${s.port}`);
    const r = connect(s);
    expect(await r.config('GET', 'save')).toEqual(['save', '']);
    expect(await r.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    expect(await r.ping()).toBe('PONG');
  });

  it('takes redis.conf directive names and camelCase spellings', async () => {
    const s = await start({
      maxmemory: '100mb',
      'notify-keyspace-events': 'KEA',
      maxmemoryPolicy: 'allkeys-lru',
      hashMaxListpackEntries: 64,
      lazyfreeLazyUserFlush: true,
      save: ['3600 1', '300 100'],
      'client-output-buffer-limit': 'pubsub 64mb 16mb 60',
    });
    const r = connect(s);
    expect(await r.config('GET', 'maxmemory')).toEqual(['maxmemory', '104857600']);
    expect(await r.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', 'AKE']);
    expect(await r.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    expect(await r.config('GET', 'hash-max-listpack-entries')).toEqual(['hash-max-listpack-entries', '64']);
    expect(await r.config('GET', 'lazyfree-lazy-user-flush')).toEqual(['lazyfree-lazy-user-flush', 'yes']);
    expect(await r.config('GET', 'save')).toEqual(['save', '3600 1 300 100']);
    expect((await r.config('GET', 'client-output-buffer-limit'))[1]).toContain('pubsub 67108864 16777216 60');
  });

  it('maxmemory well below the host process heap still leaves room for data', async () => {
    const s = await start({ maxmemory: '20mb', maxmemoryPolicy: 'noeviction' });
    const r = connect(s);
    expect(await r.set('k', 'x'.repeat(1000))).toBe('OK');
  });

  it('directiveName converts camelCase only', () => {
    expect(directiveName('notifyKeyspaceEvents')).toBe('notify-keyspace-events');
    expect(directiveName('maxmemory')).toBe('maxmemory');
    expect(directiveName('hash-max-listpack-value')).toBe('hash-max-listpack-value');
  });

  it('rejects unknown directives, bad values and the same directive twice', () => {
    expect(() => buildConfig({ maxmemroy: '1mb' })).toThrow(StartOptionError);
    expect(() => buildConfig({ maxmemroy: '1mb' })).toThrow(/maxmemroy.*Bad directive/);
    expect(() => buildConfig({ maxmemory: 'lots' })).toThrow(/bad option maxmemory="lots": argument must be a memory value/);
    expect(() => buildConfig({ maxmemoryPolicy: 'a', 'maxmemory-policy': 'b' })).toThrow(/given twice/);
    expect(() => buildConfig({ 'rename-command': 'nosuchcmd foo' })).toThrow(/No such command in rename-command/);
  });

  it('startServer rejects a bad option before listening', async () => {
    await expect(startServer({ port: 'x' as unknown as number })).rejects.toThrow(StartOptionError);
  });

  it('requirepass goes into the url; user and rename-command lines work', async () => {
    const s = await start({ requirepass: 'p@ss word', user: ['alice on >secret ~* +@all'], 'rename-command': 'KEYS ""' });
    expect(s.url).toBe(`redis://:p%40ss%20word@127.0.0.1:${s.port}`);
    const viaUrl = new Redis(s.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    viaUrl.on('error', () => {});
    clients.push(viaUrl);
    expect(await viaUrl.ping()).toBe('PONG');
    await expect(viaUrl.keys('*')).rejects.toThrow(/unknown command/);
    const alice = connect(s, { username: 'alice', password: 'secret' });
    expect(await alice.acl('WHOAMI')).toBe('alice');
  });

  it('is quiet by default and logs when asked (logfile)', async () => {
    const s = await start();
    expect(s.server.log.level).toBe('silent');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-embed-'));
    const file = path.join(dir, 'log.txt');
    try {
      const saved = process.env.NODE_ENV;
      delete process.env.NODE_ENV; // the logger honours NODE_ENV=test's silence otherwise
      try {
        const t = await start({ logfile: file, loglevel: 'verbose' });
        t.server.log.info('hello from the embedded server');
        expect(t.server.log.level).not.toBe('silent');
      } finally {
        process.env.NODE_ENV = saved;
      }
      expect(fs.readFileSync(file, 'utf8')).toContain('hello from the embedded server');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads no RDB at start unless dir or dbfilename is given', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-embed-'));
    const cwd = process.cwd();
    try {
      // Make an RDB with one key in `dir`.
      const a = await start({ dir });
      const ra = connect(a);
      await ra.set('persisted', '1');
      expect(await ra.save()).toBe('OK');
      expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
      // dir changed the working directory (as in Redis): a server without dir/dbfilename must not load it.
      const b = await start();
      expect(await connect(b).dbsize()).toBe(0);
      const c = await start({ dbfilename: 'dump.rdb' });
      expect(await connect(c).get('persisted')).toBe('1');
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flushall, close, stop', () => {
  it('flushall empties every database and fails WATCHes like FLUSHALL', async () => {
    const s = await start();
    const r = connect(s);
    await r.set('a', '1');
    await r.select(3);
    await r.hset('h', 'f', 'v');
    const w = connect(s);
    await w.set('watched', '1');
    await w.watch('watched');
    s.flushall();
    expect(await r.dbsize()).toBe(0);
    await r.select(0);
    expect(await r.dbsize()).toBe(0);
    expect(await w.multi().set('x', '1').exec()).toBeNull();
    // Still usable afterwards.
    expect(await r.set('a', '2')).toBe('OK');
  });

  it('close is idempotent, stop is an alias, and the port is released', async () => {
    const s = await startServer();
    const r = connect(s);
    await r.set('k', 'v');
    await s.stop();
    await s.close();
    await expect(new Promise((resolve, reject) => {
      const x = new Redis({ host: s.host, port: s.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      x.on('error', () => {});
      x.connect().then(resolve, (e: Error) => reject(e));
    })).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
    // The same port can be bound again at once.
    const again = await start({ port: s.port });
    expect(again.port).toBe(s.port);
  });

  it('unixsocket: unixSocket is its path; with port 0 there is no TCP listener (Redis semantics)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-embed-'));
    try {
      const sock = path.join(dir, 'r.sock');
      const s = await start({ unixsocket: sock });
      expect(s.unixSocket).toBe(sock);
      expect(s.port).toBe(0);
      expect(s.url).toBe(`unix://${sock}`);
      const r = new Redis({ path: sock, maxRetriesPerRequest: 0, retryStrategy: () => null });
      clients.push(r);
      expect(await r.ping()).toBe('PONG');
      await s.close();
      expect(fs.existsSync(sock)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a busy port rejects', async () => {
    const s = await start();
    await expect(startServer({ port: s.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('several servers in one process', () => {
  it('have separate keyspaces, configs, scripts, functions, users and pub/sub', async () => {
    const a = await start();
    const b = await start();
    expect(a.port).not.toBe(b.port);
    const ra = connect(a);
    const rb = connect(b);
    await ra.set('only-a', '1');
    expect(await rb.exists('only-a')).toBe(0);
    await ra.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    expect(await rb.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    const sha = (await ra.script('LOAD', "return 'a'")) as string;
    await expect(rb.evalsha(sha, 0)).rejects.toThrow(/NOSCRIPT/);
    await ra.call('FUNCTION', 'LOAD', "#!lua name=liba\nredis.register_function('fa', function() return 1 end)");
    expect(await ra.call('FCALL', 'fa', '0')).toBe(1);
    await expect(rb.call('FCALL', 'fa', '0')).rejects.toThrow(/Function not found/);
    await ra.acl('SETUSER', 'bob', 'on', '>pw', '~*', '+@all');
    expect(await rb.acl('USERS')).toEqual(['default']);
    // Pub/sub and keyspace events stay on their server.
    const subB = connect(b);
    const got: string[] = [];
    await subB.subscribe('chan');
    subB.on('message', (_ch, m) => got.push(m));
    expect(await ra.publish('chan', 'from-a')).toBe(0);
    expect(await rb.publish('chan', 'from-b')).toBe(1);
    await rb.ping();
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(['from-b']);
    // Module-level caches (HLL images, bitmap chunks) keyed by key name don't mix servers up.
    await ra.pfadd('hll', 'x');
    await rb.pfadd('hll', 'x');
    await ra.pfadd('hll', 'a1', 'a2', 'a3');
    await rb.pfadd('hll', 'b1');
    expect(await ra.pfcount('hll')).toBe(4);
    expect(await rb.pfcount('hll')).toBe(2);
    await ra.setbit('bits', 100, 1);
    await rb.setbit('bits', 7, 1);
    expect(await ra.bitcount('bits')).toBe(1);
    expect(await rb.bitpos('bits', 1)).toBe(7);
    // Stats are per server.
    const infoA = await ra.info('stats');
    const infoB = await rb.info('stats');
    const cmds = (s: string) => Number(/total_commands_processed:(\d+)/.exec(s)![1]);
    expect(cmds(infoA)).not.toBe(cmds(infoB));
    // Closing one leaves the other running.
    await a.close();
    expect(await rb.get('only-a')).toBeNull();
    expect(await rb.ping()).toBe('PONG');
  });
});

/** Runs a script in a child node process (cwd = repo root, so `respite` resolves to this package). */
function runChild(code: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_ENV; // the quiet default must hold without NODE_ENV=test
    delete env.RESPITE_LOGLEVEL;
    const child = spawn(process.execPath, [...args, '-e', code], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

const CHILD_BODY = `
  const results = {};
  const t0 = Date.now();
  const a = await startServer({ port: 0 });
  const b = await startServer({ port: 0, notifyKeyspaceEvents: 'KEA' });
  results.startMs = Date.now() - t0;
  const ioA = new IORedis(a.url), ioB = new IORedis(b.url);
  const nrA = createClient({ url: a.url }), nrB = createClient({ url: b.url });
  await nrA.connect(); await nrB.connect();
  await ioA.set('k', 'from-a');
  await nrB.set('k2', 'from-b');
  results.ioAonB = await ioB.get('k');
  results.nrAsk = await nrA.get('k');
  results.nrBsk2 = await nrB.get('k2');
  results.ioAk2 = await ioA.get('k2');
  results.nrBk = await nrB.get('k');
  results.notifyB = await nrB.configGet('notify-keyspace-events');
  results.notifyA = await ioA.config('GET', 'notify-keyspace-events');
  a.flushall();
  results.afterFlushA = await nrA.dbSize();
  results.afterFlushB = await ioB.dbsize();
  await ioA.quit(); await ioB.quit();
  await nrA.quit(); await nrB.quit();
  await a.close(); await b.stop();
  process.stdout.write(JSON.stringify(results) + '\\n');
`;

describe.skipIf(!DIST_OK)('child process: the built package with ioredis and node-redis', () => {
  const expected = {
    ioAonB: null,
    nrAsk: 'from-a',
    nrBsk2: 'from-b',
    ioAk2: null,
    nrBk: null,
    notifyB: { 'notify-keyspace-events': 'AKE' },
    notifyA: ['notify-keyspace-events', ''],
    afterFlushA: 0,
    afterFlushB: 1,
  };

  it('CommonJS: require("respite"), two servers, isolation, and the process exits by itself', async () => {
    const code = `
      const { startServer } = require('respite');
      const IORedis = require('ioredis');
      const { createClient } = require('redis');
      (async () => { ${CHILD_BODY} })().catch((e) => { console.error(e); process.exit(2); });
    `;
    const r = await runChild(code, [], 20_000);
    expect(r.timedOut, `child did not exit by itself; stderr: ${r.stderr}`).toBe(false);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Only the script's line: the servers wrote nothing to stdout.
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject(expected);
  });

  it('ESM: import { startServer } from "respite"', async () => {
    const code = `
      import { startServer } from 'respite';
      import IORedis from 'ioredis';
      import { createClient } from 'redis';
      ${CHILD_BODY}
    `;
    const r = await runChild(code, ['--input-type=module'], 20_000);
    expect(r.timedOut, `child did not exit by itself; stderr: ${r.stderr}`).toBe(false);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject(expected);
  });

  it('close() with blocked, subscribed, monitoring and mid-MULTI clients still lets the process exit', async () => {
    const code = `
      const { startServer } = require('respite');
      const IORedis = require('ioredis');
      const { createClient } = require('redis');
      (async () => {
        const s = await startServer({ hz: 100 });
        const opts = { retryStrategy: () => null, maxRetriesPerRequest: 0 };
        const blocked = new IORedis(s.url, opts), sub = new IORedis(s.url, opts), mon = new IORedis(s.url, opts), tx = new IORedis(s.url, opts);
        for (const c of [blocked, sub, mon, tx]) c.on('error', () => {});
        const nr = createClient({ url: s.url, socket: { reconnectStrategy: false } });
        nr.on('error', () => {});
        await nr.connect();
        await nr.set('k', 'v', { PX: 60000 }); // a TTL: the expire cycle has work
        const pending = blocked.blpop('never', 0).catch(() => 'aborted');
        const pendingTimed = nr.blPop('never2', 30).catch(() => 'aborted');
        await sub.subscribe('c');
        await mon.monitor();
        await tx.call('MULTI'); // a transaction left open
        await new Promise((r) => setTimeout(r, 30));
        await s.close();
        process.stdout.write(String(await pending) + ' ' + String(await pendingTimed) + '\\n');
      })().catch((e) => { console.error(e); process.exit(2); });
    `;
    const r = await runChild(code, [], 20_000);
    expect(r.timedOut, `child did not exit by itself; stderr: ${r.stderr}`).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('aborted aborted\n');
  });

  it('a server left open keeps the process alive only until close()', async () => {
    // Start, keep a client connected, close from a timer: the process must end after that.
    const code = `
      const { startServer } = require('respite');
      const IORedis = require('ioredis');
      (async () => {
        const s = await startServer();
        const c = new IORedis(s.url);
        await c.set('x', '1');
        setTimeout(async () => {
          await s.close();
          c.disconnect();
          process.stdout.write('closed\\n');
        }, 50);
      })();
    `;
    const r = await runChild(code, [], 20_000);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('closed\n');
  });
});
