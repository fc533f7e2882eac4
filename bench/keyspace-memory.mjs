#!/usr/bin/env node
/**
 * bench/keyspace-memory.mjs — bytes per key of the 1M-small-strings load (issue #10's memory
 * target), respite vs redis-server, in more detail than e2e.mjs's memory row.
 *
 * For each server kind (one at a time, fresh process, to bound memory): start, settle 1 s, read
 * VmRSS, load BENCH_MEM_KEYS SETs (11-byte keys `k0000000000`, 32-byte values) with
 * `redis-cli --pipe`, settle, read VmRSS again; for respite also the V8 heap in use
 * (MEMORY STATS allocator.allocated) before and after, and VmRSS once more after MEMORY PURGE
 * (a full GC). Prints bytes per key for each reading and the respite/redis ratios.
 *
 * Environment: BENCH_MEM_KEYS (1000000), BENCH_REPS (1), BENCH_SETTLE_MS (2000),
 * BENCH_REDIS_PORT / BENCH_RESPITE_PORT (7861 / 7862), RESPITE_NODE_OPTIONS (extra node flags
 * for respite, e.g. "--max-semi-space-size=8"), BENCH_KINDS (redis,respite).
 * Run after `npx tsc -p .`: node bench/keyspace-memory.mjs
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, massInsert, median, rssKb, settledRssKb, sleep, startServer, waitPort } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const KEYS = Number(env.BENCH_MEM_KEYS ?? 1_000_000);
const REPS = Number(env.BENCH_REPS ?? 1);
const SETTLE = Number(env.BENCH_SETTLE_MS ?? 2000);
const REDIS_PORT = Number(env.BENCH_REDIS_PORT ?? 7861);
const RESPITE_PORT = Number(env.BENCH_RESPITE_PORT ?? 7862);
const KINDS = (env.BENCH_KINDS ?? 'redis,respite').split(',');
const NODE_OPTS = (env.RESPITE_NODE_OPTIONS ?? '').split(' ').filter(Boolean);

const log = (m) => process.stderr.write(`[kmem] ${m}\n`);


async function start(kind, port) {
  if (kind === 'redis' || NODE_OPTS.length === 0) return startServer(kind, port, ['--maxclients', '10000', '--maxmemory', '2gb']);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxclients', '10000', '--loglevel', 'warning'];
  const proc = spawn(process.execPath, [...NODE_OPTS, path.join(root, 'dist/cli.js'), ...args], { stdio: 'ignore' });
  await waitPort(port);
  return { kind, port, pid: proc.pid, stop: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', r); proc.kill('SIGKILL'); }) };
}

/** utime+stime of a process, in ms (CLK_TCK 100). */
function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(parts[11]) + Number(parts[12])) * 10;
}

function heapBytes(port) {
  const out = cli(port, ['MEMORY', 'STATS']).stdout.split('\n');
  const i = out.indexOf('allocator.allocated');
  return i >= 0 ? Number(out[i + 1]) : NaN;
}

async function one(kind, input) {
  const port = kind === 'redis' ? REDIS_PORT : RESPITE_PORT;
  const s = await start(kind, port);
  try {
    cli(port, ['PING']);
    if (kind === 'respite') cli(port, ['MEMORY', 'PURGE']);
    await sleep(1000);
    const rss0 = rssKb(s.pid);
    const heap0 = kind === 'respite' ? heapBytes(port) : NaN;
    const t0 = Date.now();
    const c0 = cpuMs(s.pid);
    const r = cli(port, ['--pipe'], input);
    const loadMs = Date.now() - t0;
    const loadCpuMs = cpuMs(s.pid) - c0;
    const ok = /errors: 0, replies: (\d+)/.exec(r.stdout);
    if (!ok || Number(ok[1]) !== KEYS) log(`${kind}: --pipe said ${r.stdout.trim().split('\n').pop()}`);
    const rss1 = await settledRssKb(s.pid, SETTLE);
    const heap1 = kind === 'respite' ? heapBytes(port) : NaN;
    let rss2 = NaN;
    let heap2 = NaN;
    if (kind === 'respite') {
      cli(port, ['MEMORY', 'PURGE']);
      await sleep(SETTLE);
      rss2 = rssKb(s.pid);
      heap2 = heapBytes(port);
    }
    const per = (a, b, unit) => ((b - a) * unit) / KEYS;
    const res = {
      rss: per(rss0, rss1, 1024),
      rssPurged: per(rss0, rss2, 1024),
      heap: per(heap0, heap1, 1),
      heapPurged: per(heap0, heap2, 1),
      loadMs,
      loadCpuMs,
    };
    log(`${kind}: RSS ${rss0} -> ${rss1} kB (${res.rss.toFixed(1)} B/key)${kind === 'respite' ? `, after PURGE ${rss2} kB (${res.rssPurged.toFixed(1)}); heap ${(heap0 / 1e6).toFixed(1)} -> ${(heap1 / 1e6).toFixed(1)} MB (${res.heap.toFixed(1)}), after PURGE ${(heap2 / 1e6).toFixed(1)} MB (${res.heapPurged.toFixed(1)})` : ''}; load ${loadMs} ms, server CPU ${loadCpuMs} ms`);
    return res;
  } finally {
    await s.stop();
  }
}

const input = massInsert(KEYS);
const runs = { redis: [], respite: [] };
for (let rep = 0; rep < REPS; rep++) for (const k of KINDS) runs[k].push(await one(k, input));
const med = (k, f) => median(runs[k].map((r) => r[f]));
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
console.log(`${KEYS} SETs (11-byte keys, 32-byte values), median of ${REPS}; bytes per key:`);
if (runs.redis.length) console.log(`redis   RSS ${f1(med('redis', 'rss'))}  (load: server CPU ${med('redis', 'loadCpuMs')} ms)`);
if (runs.respite.length) {
  console.log(`respite RSS ${f1(med('respite', 'rss'))}  RSS after MEMORY PURGE ${f1(med('respite', 'rssPurged'))}  heap ${f1(med('respite', 'heap'))}  heap after PURGE ${f1(med('respite', 'heapPurged'))}  (load: server CPU ${med('respite', 'loadCpuMs')} ms)`);
  if (runs.redis.length) {
    const r = med('redis', 'rss');
    console.log(`ratio respite/redis: RSS ${(med('respite', 'rss') / r).toFixed(2)}  RSS purged ${(med('respite', 'rssPurged') / r).toFixed(2)}  heap ${(med('respite', 'heap') / r).toFixed(2)}`);
  }
}
