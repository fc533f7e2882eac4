/**
 * bench/lib.mjs — what the side-by-side benchmark scripts share: starting redis-server and
 * respite (dist/cli.js) on loopback with the same flags, waiting for the port, redis-cli calls,
 * RSS readings and medians.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const REDIS_CLI = process.env.REDIS_CLI ?? 'redis-cli';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once something accepts connections on 127.0.0.1:port. */
export function waitPort(port, ms = 15_000) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => {
        s.destroy();
        resolve();
      });
      s.on('error', () => {
        if (Date.now() > deadline) reject(new Error(`port ${port} did not open`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Starts 'redis' (redis-server) or 'respite' (node dist/cli.js) on 127.0.0.1:port with
 * `--save "" --appendonly no` plus `extra` flags; stop() kills that process only.
 */
export async function startServer(kind, port, extra = []) {
  const common = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra];
  const proc =
    kind === 'redis'
      ? spawn(REDIS_SERVER, [...common, '--logfile', '', '--loglevel', 'warning'], { stdio: 'ignore' })
      : spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...common, '--loglevel', 'warning'], { stdio: 'ignore' });
  await waitPort(port);
  return {
    kind,
    port,
    pid: proc.pid,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

export function cli(port, args, input) {
  return spawnSync(REDIS_CLI, ['-p', String(port), ...args], { encoding: 'latin1', input, maxBuffer: 1 << 26 });
}

/** VmRSS of a process, in kB. */
export function rssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/**
 * VmRSS (kB) once it has settled: read every 500 ms after `minMs` until two readings in a row
 * differ by less than 0.5% (or `maxMs` passed). For memory tests after a bulk load, where either
 * server may still be giving memory back (jemalloc's decay, respite's idle reclaim).
 */
export async function settledRssKb(pid, minMs = 2000, maxMs = 10_000) {
  await sleep(minMs);
  let prev = rssKb(pid);
  for (let waited = minMs; waited < maxMs; waited += 500) {
    await sleep(500);
    const cur = rssKb(pid);
    if (Math.abs(cur - prev) < prev * 0.005) return cur;
    prev = cur;
  }
  return prev;
}

/** Median of the finite values. */
export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The `redis-cli --pipe` input of the memory benchmarks: `count` SETs of 11-byte keys and 32-byte values. */
export function massInsert(count) {
  const parts = [];
  for (let i = 0; i < count; i++) {
    const k = `k${String(i).padStart(10, '0')}`;
    const v = `v${String(i).padStart(31, '0')}`;
    parts.push(`*3\r\n$3\r\nSET\r\n$11\r\n${k}\r\n$32\r\n${v}\r\n`);
  }
  return parts.join('');
}
