#!/usr/bin/env node
// LFU vs LRU eviction quality, respite side by side with redis-server 7.0.15.
//
// Workload (per server, per policy, on a fresh server):
//   1. write HOT keys (hot:<i>) and read each of them READS times (the hot set);
//   2. "scan": write COLD keys (cold:<i>) once each, never read again, totalling
//      several times maxmemory, so the server must evict;
//   3. count how many hot keys are still present (EXISTS).
// With allkeys-lfu the hot set should survive (high access counters vs. the cold
// keys' initial counter); with allkeys-lru it is the oldest data and gets evicted.
//
// Usage: node bench/lfu-workload.mjs [--maxmemory 20mb] [--hot 2000] [--reads 50]
//          [--cold 200000] [--size 512] [--policies allkeys-lfu,allkeys-lru]
//          [--respite-port 7292] [--redis-port 7293] [--only respite|redis]
// Note: LFU counters decay by 1 per lfu-decay-time (1) minute of the wall clock,
// so with very few reads (--reads 2: counter 6) a run that crosses a minute
// boundary can see hot keys decay to 5, tied with the cold keys; use --reads >= 50.
// Starts its own servers (node dist/cli.js and redis-server) and stops them by PID.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Redis from 'ioredis';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opt = {
  maxmemory: '20mb', hot: 2000, reads: 50, cold: 200000, size: 512,
  policies: 'allkeys-lfu,allkeys-lru', 'respite-port': 7292, 'redis-port': 7293, only: '',
};
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, '');
  if (!(k in opt)) { console.error(`unknown option --${k}`); process.exit(2); }
  opt[k] = typeof opt[k] === 'number' ? Number(process.argv[i + 1]) : process.argv[i + 1];
}

function serverArgs(port, policy) {
  return ['--port', String(port), '--save', '', '--appendonly', 'no',
    '--maxmemory', opt.maxmemory, '--maxmemory-policy', policy];
}

async function start(kind, policy) {
  const port = kind === 'respite' ? opt['respite-port'] : opt['redis-port'];
  const args = serverArgs(port, policy);
  const child = kind === 'respite'
    ? spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { stdio: 'ignore' })
    : spawn('redis-server', args, { stdio: 'ignore' });
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0,
    retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => {}); // connect retries below
  for (let i = 0; ; i++) {
    try { await r.connect(); await r.ping(); break; } catch (e) {
      if (i > 100) { child.kill(); throw new Error(`${kind} on ${port} did not start: ${e.message}`); }
      r.disconnect(); await sleep(100);
    }
  }
  return { child, r, port };
}

function info(text, field) {
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(text);
  return m ? m[1].trim() : '?';
}

async function workload(r) {
  const val = 'x'.repeat(opt.size);
  const B = 1000;
  // 1. hot set
  for (let i = 0; i < opt.hot; i += B) {
    const p = r.pipeline();
    for (let j = i; j < Math.min(opt.hot, i + B); j++) p.set(`hot:${j}`, val);
    await p.exec();
  }
  for (let n = 0; n < opt.reads; n++) {
    for (let i = 0; i < opt.hot; i += B) {
      const p = r.pipeline();
      for (let j = i; j < Math.min(opt.hot, i + B); j++) p.get(`hot:${j}`);
      await p.exec();
    }
  }
  const before = await r.info('memory');
  // 2. cold scan
  const t0 = Date.now();
  for (let i = 0; i < opt.cold; i += B) {
    const p = r.pipeline();
    for (let j = i; j < Math.min(opt.cold, i + B); j++) p.set(`cold:${j}`, val);
    const res = await p.exec();
    for (const [err] of res) if (err) throw err;
  }
  const coldMs = Date.now() - t0;
  // 3. survivors (EXISTS: no effect on the result, the eviction is already done)
  let hot = 0;
  for (let i = 0; i < opt.hot; i += B) {
    const p = r.pipeline();
    for (let j = i; j < Math.min(opt.hot, i + B); j++) p.exists(`hot:${j}`);
    for (const [, v] of await p.exec()) hot += v;
  }
  const mem = await r.info('memory');
  const stats = await r.info('stats');
  return {
    hotSurvived: hot,
    hotFraction: hot / opt.hot,
    dbsize: await r.dbsize(),
    usedMemoryBeforeScan: info(before, 'used_memory_human'),
    usedMemory: info(mem, 'used_memory_human'),
    evictedKeys: Number(info(stats, 'evicted_keys')),
    coldMs,
  };
}

const kinds = opt.only ? [opt.only] : ['respite', 'redis'];
const rows = [];
console.log(`maxmemory=${opt.maxmemory} hot=${opt.hot}x${opt.reads} reads, cold=${opt.cold}, value=${opt.size}B`);
for (const policy of opt.policies.split(',')) {
  for (const kind of kinds) {
    const s = await start(kind, policy);
    try {
      const res = await workload(s.r);
      rows.push({ server: kind, policy, ...res });
      console.log(JSON.stringify(rows[rows.length - 1]));
    } finally {
      s.r.disconnect();
      s.child.kill('SIGTERM');
      await new Promise((res) => (s.child.exitCode !== null ? res() : s.child.once('exit', res)));
    }
  }
}
console.log('\n| server | policy | hot keys surviving | evicted_keys | dbsize after | used_memory after |');
console.log('|---|---|---|---|---|---|');
for (const x of rows) {
  console.log(`| ${x.server} | ${x.policy} | ${x.hotSurvived}/${opt.hot} (${(100 * x.hotFraction).toFixed(1)}%) | ${x.evictedKeys} | ${x.dbsize} | ${x.usedMemory} |`);
}
