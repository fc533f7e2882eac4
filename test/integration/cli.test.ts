/**
 * test/integration/cli.test.ts — `respite-server` (dist/cli.js) as a user runs it: the short
 * -v/-h forms, config from stdin (`-`) merged with flags, `--port 0` with the bound port read
 * from the log, pino JSON lines on stdout, --loglevel / --logfile, and a clean exit 0 on SIGINT
 * and SIGTERM. (--help/--version and FATAL CONFIG errors: test/integration/config.test.ts.)
 *
 * Needs dist/ (`npm test` builds it); skipped without it.
 */
import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';

/** Spawned servers run in a scratch directory, so a save on shutdown never lands in the repo. */
const RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-cli-'));

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const HAS_DIST = fs.existsSync(CLI);

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

interface Started {
  proc: ChildProcess;
  port: number;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Spawns the CLI with `args` (and stdin text), waits for the "running, port=N" log line. */
function startCli(args: string[], stdin = ''): Promise<Started> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], { cwd: RUN_DIR, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', RESPITE_LOGLEVEL: '' } });
    procs.push(proc);
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const timer = setTimeout(() => reject(new Error(`no "running" line in 15 s; stdout: ${out}; stderr: ${err}`)), 15_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running, port=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]), stdout: () => out, exited });
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening; stderr: ${err}`));
    });
    proc.stdin!.end(stdin);
  });
}

function client(port: number): Redis {
  const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  return r;
}

describe.skipIf(!HAS_DIST)('respite-server command line', () => {
  it('-v and -h are the short forms', () => {
    const v = spawnSync(process.execPath, [CLI, '-v'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^Respite server v=\S+ redis_version=7\.0\.15 node=v\d+/);
    const h = spawnSync(process.execPath, [CLI, '-h'], { encoding: 'utf8' });
    expect(h.status).toBe(0);
    expect(h.stdout).toContain('--maxmemory');
  });

  it('reads config from stdin (-), flags win; --port 0 logs the bound port; SIGINT exits 0', async () => {
    const s = await startCli(['-', '--port', '0', '--save', '', '--maxmemory-policy', 'allkeys-lru'], 'maxmemory 128mb\nmaxmemory-policy volatile-lru\n');
    expect(s.port).toBeGreaterThan(0);
    const r = client(s.port);
    try {
      expect(await r.config('GET', 'maxmemory')).toEqual(['maxmemory', '134217728']);
      expect(await r.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
      expect(await r.set('k', 'v')).toBe('OK');
    } finally {
      r.disconnect();
    }
    s.proc.kill('SIGINT');
    expect(await s.exited).toBe(0);
    // Every stdout line is one pino JSON record.
    const lines = s.stdout().trim().split('\n');
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(lines.some((l) => (JSON.parse(l) as { msg: string }).msg === 'Ready to accept connections tcp')).toBe(true);
    expect(lines.some((l) => (JSON.parse(l) as { msg: string }).msg.includes('Received SIGINT'))).toBe(true);
  });

  it('--loglevel verbose logs notices; --logfile moves the log off stdout; SIGTERM exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-cli-'));
    try {
      const s = await startCli(['--port', '0', '--save', '', '--loglevel', 'verbose']);
      expect(s.stdout()).toContain('"level":30');
      s.proc.kill('SIGTERM');
      expect(await s.exited).toBe(0);

      const log = path.join(dir, 'respite.log');
      const proc = spawn(process.execPath, [CLI, '--port', '0', '--save', '', '--logfile', log], { cwd: RUN_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', RESPITE_LOGLEVEL: '' } });
      procs.push(proc);
      let out = '';
      proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      const until = Date.now() + 15_000;
      let port = 0;
      while (port === 0 && Date.now() < until) {
        const m = fs.existsSync(log) ? /running, port=(\d+)/.exec(fs.readFileSync(log, 'utf8')) : null;
        if (m) port = Number(m[1]);
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(port).toBeGreaterThan(0);
      const r = client(port);
      expect(await r.ping()).toBe('PONG');
      r.disconnect();
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toBe('');

    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
