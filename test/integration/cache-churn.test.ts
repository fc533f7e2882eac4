/**
 * test/integration/cache-churn.test.ts — cache mode under an endless stream of new keys
 * (issue 9's "done when"): respite-server (dist/cli.js, its own process so that its RSS is its
 * own) with maxmemory 100mb and allkeys-lru gets pipelined SETs of fresh keys until about three
 * times maxmemory has been evicted. Throughout, used_memory stays at the limit (plus client
 * buffers' slack) and the server answers; at the end RSS is within the documented bound
 * (README "Memory and cache mode": RSS ≈ 60 MB + 3–4 × maxmemory under this churn; the test
 * allows 5×, so that only unbounded growth fails it).
 *
 * Needs dist/ (`npm test` builds it); skipped without it.
 */
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const HAS_DIST = fs.existsSync(CLI);
const RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-churn-'));
const MAXMEMORY = 100 * 1024 * 1024;
const VALUE = 'v'.repeat(1000);

let proc: ChildProcess | null = null;
afterAll(() => {
  if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
});

function start(): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, '--port', '0', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory', '100mb', '--maxmemory-policy', 'allkeys-lru'], {
      cwd: RUN_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', RESPITE_LOGLEVEL: '' },
    });
    proc = p;
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "running" line in 15 s: ${out}`)), 15_000);
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running, port=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    p.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

function cmd(...a: string[]): string {
  let s = `*${a.length}\r\n`;
  for (const x of a) s += `$${Buffer.byteLength(x)}\r\n${x}\r\n`;
  return s;
}

/** One request on its own connection; resolves with the raw reply (a status, an integer or one bulk). */
function oneShot(port: number, ...a: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    s.on('error', reject);
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const m = /^\$(-?\d+)\r\n/.exec(buf);
      const done = m ? Number(m[1]) < 0 || buf.length >= m[0].length + Number(m[1]) + 2 : buf.endsWith('\r\n');
      if (done) {
        s.end();
        resolve(buf);
      }
    });
    s.write(cmd(...a));
  });
}

async function info(port: number): Promise<Record<string, string>> {
  const text = await oneShot(port, 'INFO', 'all');
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

describe.skipIf(!HAS_DIST || process.platform !== 'linux')('cache mode under churn (respite-server, maxmemory 100mb)', () => {
  it('keeps serving, holds used_memory at the limit and RSS bounded', async () => {
    const port = await start();
    const s = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => s.once('connect', () => r()));
    let next = 0;
    let replies = 0;
    let sent = 0;
    let errors = 0;
    let stop = false;
    const PIPELINE = 64;
    const pump = () => {
      let batch = '';
      for (let j = 0; j < PIPELINE; j++) batch += cmd('SET', `churn:${next++}`, VALUE);
      sent += PIPELINE;
      s.write(batch);
    };
    s.on('data', (d: Buffer) => {
      for (let i = 0; i < d.length; i++) {
        if (d[i] === 10) replies++;
        else if (d[i] === 45 /* - */ && (i === 0 || d[i - 1] === 10)) errors++;
      }
      if (!stop && sent - replies < PIPELINE * 4) pump();
    });
    for (let j = 0; j < 4; j++) pump();

    // About 100 k such keys fit; churn until 3× that has been evicted (or 40 s have passed).
    const deadline = Date.now() + 40_000;
    let worstUsed = 0;
    let evicted = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      const i = await info(port);
      worstUsed = Math.max(worstUsed, Number(i.used_memory));
      evicted = Number(i.evicted_keys);
      if (evicted > 300_000) break;
    }
    stop = true;
    while (replies < sent) await new Promise((r) => setTimeout(r, 20));
    const rss = rssBytes(proc!.pid!);
    s.destroy();

    expect(errors).toBe(0);
    expect(evicted).toBeGreaterThan(150_000);
    // At or under the limit, give or take the client buffers (a pipeline of 1 KB SETs).
    expect(worstUsed).toBeLessThanOrEqual(MAXMEMORY + 1024 * 1024);
    expect(rss).toBeLessThan(60 * 1024 * 1024 + 5 * MAXMEMORY);
    // Still serving: the newest keys are there, and writes go through.
    const last = `churn:${next - 1}`;
    expect(await oneShot(port, 'GET', last)).toBe(`$1000\r\n${VALUE}\r\n`);
    expect(await oneShot(port, 'SET', 'after', 'x')).toBe('+OK\r\n');
    expect(await oneShot(port, 'DBSIZE')).toMatch(/^:\d+\r\n$/);
  }, 90_000);
});
