#!/usr/bin/env node
/**
 * bench/persistence-bench.mjs — RDB persistence, respite vs redis-server, side by side in one run.
 *
 * For each variant (BENCH_VARIANTS, default `strings,mixed`) and each server (one at a time, so
 * at most one dataset is in memory; both with --maxmemory 2gb):
 *  1. load the dataset with `redis-cli --pipe`:
 *       strings  BENCH_KEYS (1M) string keys `key:%012d` → 16-byte values;
 *       mixed    the same number of keys: 40 % strings as above, 15 % each hashes, lists, sets
 *                and sorted sets of 5 elements;
 *  2. GET p99 latency without a save (after MEMORY PURGE and 1.5 s to settle): one client, one
 *     request in flight, random string keys, for BENCH_GET_MS (2000 ms);
 *  3. the same loop while a BGSAVE runs (from BGSAVE until INFO says rdb_bgsave_in_progress:0,
 *     polled every 50 ms on a second connection);
 *  4. SAVE: time until its reply; the size of dump.rdb;
 *  5. load at start-up: the server is killed and restarted on the same directory; the time from
 *     spawn until PING answers +PONG (respite answers -LOADING meanwhile, as Redis does), and
 *     DBSIZE is checked.
 * Prints a Markdown table (respite, redis, respite/redis ratio) per variant.
 *
 * Bounds: each server --maxmemory 2gb, ≤ 5 minutes for the default run (about 2 on an idle
 * 2-core box). Environment: BENCH_KEYS, BENCH_VARIANTS, BENCH_GET_MS, BENCH_RESPITE_PORT /
 * BENCH_REDIS_PORT (7230 / 7231), BENCH_OUT (also write the report there), BENCH_SKIP_BUILD=1,
 * REDIS_SERVER / REDIS_CLI.
 * Run: node bench/persistence-bench.mjs
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, rssKb, sleep, startServer } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const KEYS = Number(env.BENCH_KEYS ?? 1_000_000);
const VARIANTS = (env.BENCH_VARIANTS ?? 'strings,mixed').split(',');
const GET_MS = Number(env.BENCH_GET_MS ?? 2000);
const PORTS = { respite: Number(env.BENCH_RESPITE_PORT ?? 7230), redis: Number(env.BENCH_REDIS_PORT ?? 7231) };
const REDIS_CLI = env.REDIS_CLI ?? 'redis-cli';
const DEADLINE = Date.now() + 5 * 60_000;

const log = (m) => process.stderr.write(`[persist] ${m}\n`);
const bulk = (s) => `$${s.length}\r\n${s}\r\n`;
const cmd = (...a) => `*${a.length}\r\n${a.map(bulk).join('')}`;
const key = (i) => `key:${String(i).padStart(12, '0')}`;
const val = (i) => `v:${String(i).padStart(14, '0')}`;

/** The --pipe input of a variant, as Buffers of ~1 MB (MSET batches for the strings). */
function dataset(variant) {
  const out = [];
  let cur = '';
  const push = (s) => {
    cur += s;
    if (cur.length > 1 << 20) {
      out.push(Buffer.from(cur, 'latin1'));
      cur = '';
    }
  };
  const strings = variant === 'strings' ? KEYS : Math.floor(KEYS * 0.4);
  for (let start = 0; start < strings; start += 500) {
    const args = ['MSET'];
    for (let i = start; i < Math.min(strings, start + 500); i++) args.push(key(i), val(i));
    push(cmd(...args));
  }
  if (variant === 'mixed') {
    const per = Math.floor((KEYS - strings) / 4);
    const els = (i) => [0, 1, 2, 3, 4].map((j) => `e${j}:${i}`);
    for (let i = 0; i < per; i++) {
      const e = els(i);
      push(cmd('HSET', `h:${i}`, e[0], '1', e[1], '2', e[2], '3', e[3], '4', e[4], '5'));
      push(cmd('RPUSH', `l:${i}`, ...e));
      push(cmd('SADD', `s:${i}`, ...e));
      push(cmd('ZADD', `z:${i}`, '1', e[0], '2', e[1], '3', e[2], '4', e[3], '5', e[4]));
    }
  }
  if (cur !== '') out.push(Buffer.from(cur, 'latin1'));
  return { input: Buffer.concat(out), strings };
}

/** A minimal RESP connection: one request in flight, replies returned as raw text. */
async function connect(port) {
  const sock = net.connect({ port, host: '127.0.0.1' });
  sock.setNoDelay(true);
  await new Promise((res, rej) => {
    sock.once('connect', res);
    sock.once('error', rej);
  });
  let buf = '';
  let waiter = null;
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    if (waiter !== null) waiter();
  });
  /** Length of one complete reply at the start of buf, or -1. */
  const complete = (s, p = 0) => {
    const e = s.indexOf('\r\n', p);
    if (e < 0) return -1;
    const t = s[p];
    if (t === '$') {
      const n = Number(s.slice(p + 1, e));
      if (n < 0) return e + 2;
      return s.length >= e + 2 + n + 2 ? e + 2 + n + 2 : -1;
    }
    if (t === '*') {
      const n = Number(s.slice(p + 1, e));
      let q = e + 2;
      for (let i = 0; i < n; i++) {
        q = complete(s, q);
        if (q < 0) return -1;
      }
      return q;
    }
    return e + 2;
  };
  const call = (raw) =>
    new Promise((resolve) => {
      const check = () => {
        const n = complete(buf);
        if (n < 0) return;
        const r = buf.slice(0, n);
        buf = buf.slice(n);
        waiter = null;
        resolve(r);
      };
      waiter = check;
      sock.write(raw);
      check();
    });
  return { call, close: () => sock.destroy() };
}

/** GET latencies (µs) of one client on random string keys until stop() says so. */
async function getLoop(c, strings, stop) {
  const lat = [];
  while (!stop()) {
    const k = key(Math.floor(Math.random() * strings));
    const t = process.hrtime.bigint();
    const r = await c.call(`*2\r\n$3\r\nGET\r\n$${k.length}\r\n${k}\r\n`);
    lat.push(Number(process.hrtime.bigint() - t) / 1000);
    if (r[0] !== '$') throw new Error(`GET failed: ${r}`);
  }
  return lat;
}

function maxOf(xs) {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

function pct(xs, p) {
  const s = Float64Array.from(xs).sort();
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function runOne(kind, variant, data) {
  const port = PORTS[kind];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `persist-bench-${kind}-`));
  const extra = ['--dir', dir, '--maxmemory', '2gb'];
  const res = {};
  let srv = await startServer(kind, port, extra);
  try {
    log(`${variant}/${kind}: loading ${KEYS} keys`);
    const t0 = Date.now();
    const p = spawnSync(REDIS_CLI, ['-p', String(port), '--pipe'], { input: data.input, encoding: 'latin1', maxBuffer: 1 << 26 });
    if (p.status !== 0 || !/errors: 0/.test(p.stdout)) throw new Error(`load failed: ${p.stdout} ${p.stderr}`);
    const size = Number(cli(port, ['DBSIZE']).stdout.trim());
    if (size !== KEYS) throw new Error(`DBSIZE ${size}, expected ${KEYS}`);
    log(`${variant}/${kind}: loaded in ${Date.now() - t0} ms, rss ${Math.round(rssKb(srv.pid) / 1024)} MB`);
    res.rssMb = rssKb(srv.pid) / 1024;
    const c = await connect(port);
    const ctl = await connect(port);
    // Let the load's garbage settle (respite: MEMORY PURGE schedules a major GC; Redis: jemalloc
    // purge), so that the "no save" baseline is not measured during respite's post-load GC.
    await ctl.call(cmd('MEMORY', 'PURGE'));
    await sleep(1500);
    // Warm-up, then GET without a save.
    await getLoop(c, data.strings, ((end) => () => Date.now() > end)(Date.now() + 300));
    const base = await getLoop(c, data.strings, ((end) => () => Date.now() > end)(Date.now() + GET_MS));
    // GET while a BGSAVE runs.
    let saving = true;
    const tb = Date.now();
    const r = await ctl.call(cmd('BGSAVE'));
    if (!r.startsWith('+Background saving started')) throw new Error(`BGSAVE: ${r}`);
    const poll = (async () => {
      while (saving) {
        await sleep(50);
        const info = await ctl.call(cmd('INFO', 'persistence'));
        if (info.includes('rdb_bgsave_in_progress:0')) saving = false;
      }
    })();
    const during = await getLoop(c, data.strings, () => !saving);
    await poll;
    res.bgsaveMs = Date.now() - tb;
    res.getP50 = pct(base, 50);
    res.getP99 = pct(base, 99);
    res.getMax = maxOf(base);
    res.bgP50 = pct(during, 50);
    res.bgP99 = pct(during, 99);
    res.bgMax = maxOf(during);
    res.bgSamples = during.length;
    // SAVE.
    const ts = process.hrtime.bigint();
    const sr = await ctl.call(cmd('SAVE'));
    if (sr !== '+OK\r\n') throw new Error(`SAVE: ${sr}`);
    res.saveMs = Number(process.hrtime.bigint() - ts) / 1e6;
    res.rdbMb = fs.statSync(path.join(dir, 'dump.rdb')).size / (1 << 20);
    c.close();
    ctl.close();
    await srv.stop();
    // Load at start-up: from spawn until PING answers.
    const tl = process.hrtime.bigint();
    srv = await startServer(kind, port, extra);
    const pc = await connect(port);
    for (;;) {
      const pong = await pc.call(cmd('PING'));
      if (pong === '+PONG\r\n') break;
      await sleep(5);
    }
    res.loadMs = Number(process.hrtime.bigint() - tl) / 1e6;
    const info = await pc.call(cmd('INFO', 'persistence'));
    if (!info.includes('loading:0')) throw new Error('still loading after PONG');
    const n = await pc.call(cmd('DBSIZE'));
    if (n !== `:${KEYS}\r\n`) throw new Error(`DBSIZE after load: ${n}`);
    pc.close();
    log(`${variant}/${kind}: ${JSON.stringify(res)}`);
    return res;
  } finally {
    await srv.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(x >= 100 ? 0 : 1) : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) + '×' : '–');

async function main() {
  if (env.BENCH_SKIP_BUILD !== '1') {
    const b = spawnSync('npx', ['tsc', '-p', '.', '--noEmitOnError', 'false'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) log('tsc reported errors (dist/ emitted anyway)');
  }
  const lines = [];
  lines.push(`Persistence: respite vs redis-server ${cli(PORTS.redis, ['--version']).stdout.trim() || ''}`.trim());
  lines.push(`(${KEYS} keys, ${os.cpus().length} CPUs, loadavg ${os.loadavg()[0].toFixed(1)} at start; GET latency: 1 client, 1 request in flight)`);
  for (const variant of VARIANTS) {
    if (Date.now() > DEADLINE) {
      log(`skipping ${variant}: time budget spent`);
      break;
    }
    const data = dataset(variant);
    const r = {};
    for (const kind of ['respite', 'redis']) r[kind] = await runOne(kind, variant, data);
    const a = r.respite;
    const b = r.redis;
    lines.push('', `### ${variant === 'strings' ? `${KEYS} string keys` : `${KEYS} keys, mixed types (40 % strings, 15 % each hash/list/set/zset of 5)`}`, '');
    lines.push('| metric | respite | redis-server | respite / redis |', '|---|---:|---:|---:|');
    const row = (name, x, y) => lines.push(`| ${name} | ${f1(x)} | ${f1(y)} | ${ratio(x, y)} |`);
    row('SAVE (ms)', a.saveMs, b.saveMs);
    row('load at start-up, until PING answers (ms)', a.loadMs, b.loadMs);
    row('dump.rdb size (MB)', a.rdbMb, b.rdbMb);
    row('BGSAVE duration (ms)', a.bgsaveMs, b.bgsaveMs);
    row('GET p50, no save (µs)', a.getP50, b.getP50);
    row('GET p99, no save (µs)', a.getP99, b.getP99);
    row('GET p50 during BGSAVE (µs)', a.bgP50, b.bgP50);
    row('GET p99 during BGSAVE (µs)', a.bgP99, b.bgP99);
    row('GET max during BGSAVE (µs)', a.bgMax, b.bgMax);
    row('RSS after load (MB)', a.rssMb, b.rssMb);
  }
  const report = lines.join('\n') + '\n';
  process.stdout.write(report);
  if (env.BENCH_OUT) fs.writeFileSync(env.BENCH_OUT, report);
}

main().catch((e) => {
  log(String(e?.stack ?? e));
  process.exit(1);
});
