/**
 * Integration tests for the config system: the CLI (bad directive → Redis's fatal message and
 * exit 1, --help/--version, SIGTERM shutdown), the CONFIG SET → CONFIG REWRITE → restart → CONFIG
 * GET round trip, and config changes applied to a running server (port/bind rebinding,
 * notify-keyspace-events, client-output-buffer-limit, requirepass, RESETSTAT).
 */
import { describe, it, expect, afterEach } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RawClient, parseReply } from '../helpers/raw-client';
import { freePort } from '../helpers/real-redis';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { Server } from '../../src/server';
import { loadConfigFromArgs } from '../../src/config-file';
import { NotifyFlags } from '../../src/db/notify';

/** Spawned servers run in a scratch directory, so a save on shutdown never lands in the repo. */
const RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-cli-'));

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const hasDist = fs.existsSync(CLI);
const describeCli = hasDist ? describe : describe.skip;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-config-it-'));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

async function waitForPort(port: number, ms = 10_000): Promise<RawClient> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await RawClient.connect(port);
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function startCli(args: string[]): { proc: ChildProcess; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: RUN_DIR, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  cleanup.push(async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
  });
  return { proc, exited };
}

function configMap(reply: string): Map<string, string> {
  const arr = parseReply(reply) as string[];
  const m = new Map<string, string>();
  for (let i = 0; i < arr.length; i += 2) m.set(arr[i]!, arr[i + 1]!);
  return m;
}

describeCli('respite-server CLI', () => {
  it('exits 1 with Redis\'s message on a bad directive', () => {
    const d = tmpDir();
    const f = path.join(d, 'bad.conf');
    fs.writeFileSync(f, 'port 7000\n# comment\nfoo bar\n');
    const r = spawnSync(process.execPath, [CLI, f], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'foo bar'\nBad directive or wrong number of arguments\n",
    );
    const r2 = spawnSync(process.execPath, [CLI, '--port', '7000', '--maxmemory', 'lots'], { encoding: 'utf8' });
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain(">>> 'maxmemory \"lots\"'\nargument must be a memory value");
    const r3 = spawnSync(process.execPath, [CLI, path.join(d, 'missing.conf')], { encoding: 'utf8' });
    expect(r3.status).toBe(1);
    expect(r3.stderr).toContain("can't open config file");
  });

  it('--help and --version', () => {
    const h = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^Usage: /);
    const v = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).toContain('redis_version=7.0.15');
  });

  it('CONFIG SET → CONFIG REWRITE → restart from the file → same CONFIG GET *', async () => {
    const d = tmpDir();
    const port = await freePort();
    const f = path.join(d, 'redis.conf');
    fs.writeFileSync(f, `# respite test config\nport ${port}\nbind 127.0.0.1\nsave 900 1\nsave 300 10\nloglevel warning\nhash-max-ziplist-entries 100\n`);
    const first = startCli([f, '--appendonly', 'no']);
    let c = await waitForPort(port);
    const sets: [string, string][] = [
      ['maxmemory', '3mb'],
      ['save', '60 5'],
      ['notify-keyspace-events', 'KEx'],
      ['client-output-buffer-limit', 'pubsub 1mb 512kb 5'],
      ['maxmemory-clients', '5%'],
      ['requirepass', 'se cr"et'],
      ['hash-max-listpack-value', '1kb'],
      ['latency-tracking-info-percentiles', '50 99.5'],
      ['shutdown-on-sigterm', 'nosave now'],
    ];
    for (const [k, v] of sets) expect(await c.call('CONFIG', 'SET', k, v), k).toBe('+OK\r\n');
    expect(await c.call('AUTH', 'se cr"et')).toBe('+OK\r\n');
    const before = configMap(await c.call('CONFIG', 'GET', '*'));
    expect(await c.call('CONFIG', 'REWRITE')).toBe('+OK\r\n');
    c.close();
    const text = fs.readFileSync(f, 'utf8');
    expect(text.startsWith('# respite test config\n')).toBe(true);
    expect(text).toContain('save 60 5\n');
    expect(text).toContain('hash-max-listpack-entries 100\n');
    expect(text).toContain('# Generated by CONFIG REWRITE\n');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    startCli([f]);
    c = await waitForPort(port);
    expect(await c.call('AUTH', 'se cr"et')).toBe('+OK\r\n');
    const after = configMap(await c.call('CONFIG', 'GET', '*'));
    c.close();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [k, v] of before) expect(after.get(k), k).toBe(v);
  });
});

describe('config applied to a running server', () => {
  let t: TestServer;
  const start = async () => {
    t = await startTestServer();
    cleanup.push(() => t.close());
  };

  it('CONFIG SET port rebinds; a port in use fails and rolls back', async () => {
    await start();
    const c = await RawClient.connect(t.port);
    cleanup.push(() => c.close());
    const newPort = await freePort();
    expect(await c.call('CONFIG', 'SET', 'port', String(newPort))).toBe('+OK\r\n');
    const c2 = await waitForPort(newPort);
    expect(await c2.call('PING')).toBe('+PONG\r\n');
    c2.close();
    // A port someone else holds.
    const blocker = new Server({ config: { port: 0, bind: '127.0.0.1', save: '' } });
    await blocker.listen();
    cleanup.push(() => blocker.close());
    expect(await c.call('CONFIG', 'SET', 'maxmemory', '1000', 'port', String(blocker.port))).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.\r\n",
    );
    expect(await c.call('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n');
    expect(await c.call('CONFIG', 'GET', 'port')).toBe(`*2\r\n$4\r\nport\r\n$${String(newPort).length}\r\n${newPort}\r\n`);
  });

  it('CONFIG SET bind rebinds; bind "" closes the TCP listener; existing clients stay', async () => {
    await start();
    const port = await freePort();
    const c = await RawClient.connect(t.port);
    cleanup.push(() => c.close());
    expect(await c.call('CONFIG', 'SET', 'port', String(port))).toBe('+OK\r\n');
    (await waitForPort(port)).close();
    expect(await c.call('CONFIG', 'SET', 'bind', '')).toBe('+OK\r\n');
    expect(await c.call('CONFIG', 'GET', 'bind')).toBe('*2\r\n$4\r\nbind\r\n$0\r\n\r\n');
    await new Promise((r) => setTimeout(r, 50));
    await expect(RawClient.connect(port)).rejects.toThrow();
    expect(await c.call('PING')).toBe('+PONG\r\n');
    expect(await c.call('CONFIG', 'SET', 'bind', '127.0.0.1 -::1')).toBe('+OK\r\n');
    const c2 = await waitForPort(port);
    expect(await c2.call('PING')).toBe('+PONG\r\n');
    c2.close();
  });

  it('notify-keyspace-events, client-output-buffer-limit, hz, requirepass', async () => {
    await start();
    const s = t.server;
    const c = await RawClient.connect(t.port);
    cleanup.push(() => c.close());
    expect(s.notifyFlags).toBe(0);
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEg$');
    expect(s.notifyFlags).toBe(NotifyFlags.Keyspace | NotifyFlags.Keyevent | NotifyFlags.Generic | NotifyFlags.String);
    await c.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 10mb 5mb 30 pubsub 1k 0 0');
    expect(s.obufLimits.normal).toEqual({ hard: 10 * 1024 * 1024, soft: 5 * 1024 * 1024, softSeconds: 30 });
    expect(s.obufLimits.pubsub).toEqual({ hard: 1000, soft: 0, softSeconds: 0 });
    expect(await c.call('CONFIG', 'SET', 'hz', '100')).toBe('+OK\r\n');
    expect(s.config.num('hz')).toBe(100);
    expect(await c.call('CONFIG', 'SET', 'requirepass', 'pw')).toBe('+OK\r\n');
    expect(s.authRequired()).toBe(true);
    expect(await c.call('CONFIG', 'SET', 'requirepass', '')).toBe('+OK\r\n');
    expect(s.authRequired()).toBe(false);
  });

  it('CONFIG RESETSTAT zeroes server and command statistics', async () => {
    await start();
    const c = await RawClient.connect(t.port);
    cleanup.push(() => c.close());
    await c.call('SET', 'k', 'v');
    await c.call('GET', 'k');
    await c.call('GET', 'k', 'extra');
    const get = t.server.registry.lookup('get')!;
    expect(get.calls).toBeGreaterThan(0);
    expect(await c.call('CONFIG', 'RESETSTAT')).toBe('+OK\r\n');
    expect(get.calls).toBe(0);
    expect(get.usec).toBe(0);
    expect(get.failedCalls + get.rejectedCalls).toBe(0);
    expect(t.server.stats.totalErrorReplies).toBe(0);
  });

  it('CONFIG REWRITE writes the server\'s file; errors without one', async () => {
    await start();
    const c = await RawClient.connect(t.port);
    cleanup.push(() => c.close());
    expect(await c.call('CONFIG', 'REWRITE')).toBe('-ERR The server is running without a config file\r\n');
    const d = tmpDir();
    const f = path.join(d, 'r.conf');
    fs.writeFileSync(f, 'port 0\nbind 127.0.0.1\n');
    const loaded = loadConfigFromArgs([f]);
    const s = new Server({ configObject: loaded.config, configFile: loaded.file });
    await s.listen();
    cleanup.push(() => s.close());
    const c2 = await RawClient.connect(s.port);
    cleanup.push(() => c2.close());
    expect(await c2.call('CONFIG', 'SET', 'maxmemory', '10mb')).toBe('+OK\r\n');
    expect(await c2.call('CONFIG', 'REWRITE')).toBe('+OK\r\n');
    expect(fs.readFileSync(f, 'utf8')).toContain('maxmemory 10mb\n');
    fs.rmSync(d, { recursive: true, force: true });
    expect(await c2.call('CONFIG', 'REWRITE')).toBe('-ERR Rewriting config file: No such file or directory\r\n');
  });

  it('rename-command from the config file', async () => {
    const loaded = loadConfigFromArgs(['--port', '0', '--bind', '127.0.0.1', '--rename-command', 'flushall', '', '--rename-command', 'get', 'fetch']);
    const s = new Server({ configObject: loaded.config });
    await s.listen();
    cleanup.push(() => s.close());
    const c = await RawClient.connect(s.port);
    cleanup.push(() => c.close());
    await c.call('SET', 'k', 'v');
    expect(await c.call('FETCH', 'k')).toBe('$1\r\nv\r\n');
    expect((await c.call('GET', 'k')).startsWith("-ERR unknown command 'GET'")).toBe(true);
    expect((await c.call('FLUSHALL')).startsWith("-ERR unknown command 'FLUSHALL'")).toBe(true);
  });
});
