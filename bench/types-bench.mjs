#!/usr/bin/env node
/**
 * bench/types-bench.mjs — sorted set, stream, HyperLogLog and geo commands, respite vs
 * redis-server, side by side with redis-benchmark custom commands.
 *
 * Starts both servers (--save "" --appendonly no --maxmemory 0), loads the same data into each with
 * `redis-cli --pipe`: a zset `zkey` of BENCH_ZSET members `m:000000123456` (score = index), a
 * stream `s` of BENCH_STREAM entries with ids 1-0, 2-0, … and a consumer group `g` at 0, an HLL
 * `hll` of 100k elements, a geo set `geo` of BENCH_GEO points spread over lon 0..1, lat 0..1.
 * Then runs each test against both servers in turn (interleaved, alternating which goes first),
 * BENCH_REPS times, and prints median rps, the respite/redis ratio, and median p50/p99 (ms).
 * Ratios are the only thing to read: both servers and redis-benchmark share the machine.
 *
 * Environment: BENCH_N (50000 requests per run), BENCH_REPS (3), BENCH_C (50 clients),
 * BENCH_TESTS (comma list of ids, default all), BENCH_ZSET (1000000), BENCH_STREAM (200000; must
 * exceed N×REPS for XREADGROUP to always find entries), BENCH_GEO (100000),
 * BENCH_RESPITE_PORT / BENCH_REDIS_PORT (7282 / 7283), BENCH_OUT, BENCH_SKIP_BUILD=1,
 * REDIS_SERVER / REDIS_BENCHMARK / REDIS_CLI.
 * Run: node bench/types-bench.mjs
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, median, startServer } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const N = Number(env.BENCH_N ?? 50_000);
const REPS = Number(env.BENCH_REPS ?? 3);
const C = Number(env.BENCH_C ?? 50);
const ZSET = Number(env.BENCH_ZSET ?? 1_000_000);
const STREAM = Number(env.BENCH_STREAM ?? 200_000);
const GEO = Number(env.BENCH_GEO ?? 100_000);
const HLL = 100_000;
const RESPITE_PORT = Number(env.BENCH_RESPITE_PORT ?? 7282);
const REDIS_PORT = Number(env.BENCH_REDIS_PORT ?? 7283);
const REDIS_SERVER = env.REDIS_SERVER ?? 'redis-server';
const REDIS_BENCHMARK = env.REDIS_BENCHMARK ?? 'redis-benchmark';
const REDIS_CLI = env.REDIS_CLI ?? 'redis-cli';

/** id, the -r range for __rand_int__, and the command. */
const TESTS = [
  { id: 'ZRANK', r: ZSET, cmd: ['ZRANK', 'zkey', 'm:__rand_int__'] },
  { id: 'ZSCORE', r: ZSET, cmd: ['ZSCORE', 'zkey', 'm:__rand_int__'] },
  { id: 'ZRANGE 0 9', r: ZSET, cmd: ['ZRANGE', 'zkey', '0', '9'] },
  { id: 'ZRANGE BYSCORE rand LIMIT 0 10', r: ZSET, cmd: ['ZRANGE', 'zkey', '__rand_int__', '+inf', 'BYSCORE', 'LIMIT', '0', '10'] },
  { id: 'ZRANGEBYSCORE WITHSCORES LIMIT 0 10', r: ZSET, cmd: ['ZRANGEBYSCORE', 'zkey', '(__rand_int__', '+inf', 'WITHSCORES', 'LIMIT', '0', '10'] },
  { id: 'XADD', r: 1000, cmd: ['XADD', 'xs', '*', 'field', 'value__rand_int__'] },
  { id: 'XRANGE COUNT 10', r: STREAM, cmd: ['XRANGE', 's', '__rand_int__', '+', 'COUNT', '10'] },
  { id: 'XREADGROUP COUNT 1', r: 1000, cmd: ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>'] },
  { id: 'PFADD', r: 10_000_000, cmd: ['PFADD', 'hll2', 'e:__rand_int__'] },
  { id: 'PFCOUNT', r: 1000, cmd: ['PFCOUNT', 'hll'] },
  { id: 'PFCOUNT 2 keys', r: 1000, cmd: ['PFCOUNT', 'hll', 'hll3'] },
  { id: 'GEOSEARCH BYRADIUS 1 km', r: 1000, cmd: ['GEOSEARCH', 'geo', 'FROMLONLAT', '0.5', '0.5', 'BYRADIUS', '1', 'km', 'ASC'] },
  { id: 'GEOSEARCH BYRADIUS 5 km COUNT 10', r: 1000, cmd: ['GEOSEARCH', 'geo', 'FROMLONLAT', '0.3', '0.7', 'BYRADIUS', '5', 'km', 'ASC', 'COUNT', '10'] },
];

const log = (m) => process.stderr.write(`[types] ${m}\n`);




const bulk = (s) => `$${s.length}\r\n${s}\r\n`;
const command = (argv) => `*${argv.length}\r\n${argv.map(bulk).join('')}`;

/** Deterministic pseudo-random numbers in [0, 1), so both servers get the same points. */
function rng(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

function loadInput() {
  const parts = [];
  for (let start = 0; start < ZSET; start += 1000) {
    const argv = ['ZADD', 'zkey'];
    for (let i = start; i < Math.min(ZSET, start + 1000); i++) argv.push(String(i), `m:${String(i).padStart(12, '0')}`);
    parts.push(command(argv));
  }
  for (let i = 1; i <= STREAM; i++) parts.push(command(['XADD', 's', `${i}-0`, 'field', `value${i}`]));
  parts.push(command(['XGROUP', 'CREATE', 's', 'g', '0']));
  for (let start = 0; start < HLL; start += 1000) {
    const argv = ['PFADD', 'hll'];
    for (let i = start; i < start + 1000; i++) argv.push(`e:${i}`);
    parts.push(command(argv));
    const argv3 = ['PFADD', 'hll3'];
    for (let i = start; i < start + 1000; i++) argv3.push(`f:${i}`);
    parts.push(command(argv3));
  }
  const rnd = rng(20);
  for (let start = 0; start < GEO; start += 1000) {
    const argv = ['GEOADD', 'geo'];
    for (let i = start; i < Math.min(GEO, start + 1000); i++) argv.push(rnd().toFixed(6), rnd().toFixed(6), `p:${i}`);
    parts.push(command(argv));
  }
  return { input: parts.join(''), commands: parts.length };
}

function runBenchmark(port, t) {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-n', String(N), '-c', String(C), '-r', String(t.r), '--csv', ...t.cmd];
  const r = spawnSync(REDIS_BENCHMARK, args, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 600_000 });
  const rows = `${r.stdout}`.split('\n').filter((l) => l.startsWith('"') && !l.startsWith('"test"'));
  const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error/i.test(l) && !l.startsWith('"'));
  if (rows.length === 0 || errors.length > 0) return { error: errors[0] ?? `no result (exit ${r.status})` };
  const cols = rows[rows.length - 1].split('","').map((c) => c.replace(/"/g, ''));
  return { rps: Number(cols[1]), p50: Number(cols[4]), p99: Number(cols[6]) };
}


const fmt = (n, d = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a';

/** The reply of one request, to check that both servers answer the test the same way. */
function probe(port, t) {
  const argv = t.cmd.map((a) => a.replace('__rand_int__', '000000000042'));
  return cli(port, argv).stdout.trim();
}

async function main() {
  if (env.BENCH_SKIP_BUILD !== '1') spawnSync('npx', ['tsc', '-p', '.', '--noEmitOnError', 'false'], { cwd: root, stdio: 'ignore' });
  const only = env.BENCH_TESTS ? new Set(env.BENCH_TESTS.split(',')) : null;
  const tests = TESTS.filter((t) => !only || only.has(t.id));
  const redisVersion = /v=(\S+)/.exec(spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const { input, commands } = loadInput();
  const servers = [await startServer('redis', REDIS_PORT, ['--maxmemory', '0']), await startServer('respite', RESPITE_PORT, ['--maxmemory', '0'])];
  const load = [];
  const notes = [];
  try {
    for (const s of servers) {
      const t0 = Date.now();
      const r = cli(s.port, ['--pipe'], input);
      const ms = Date.now() - t0;
      const ok = /errors: 0, replies: (\d+)/.exec(r.stdout);
      load.push(`${s.kind} ${ms} ms${ok && Number(ok[1]) === commands ? '' : ` (pipe: ${r.stdout.trim().split('\n').pop()})`}`);
      log(`loaded ${s.kind} in ${ms} ms`);
    }
    const results = new Map(tests.map((t) => [t.id, { redis: [], respite: [] }]));
    for (const t of tests) {
      // XREADGROUP consumes entries and XADD/PFADD write: probe with read-only tests only.
      if (!/^(XADD|XREADGROUP|PFADD)/.test(t.id)) {
        const [a, b] = servers.map((s) => probe(s.port, t));
        if (a !== b) notes.push(`${t.id}: replies differ (redis ${JSON.stringify(a.slice(0, 80))}, respite ${JSON.stringify(b.slice(0, 80))})`);
      }
    }
    const loadavg = [];
    for (let rep = 0; rep < REPS; rep++) {
      for (const t of tests) {
        const order = (rep + tests.indexOf(t)) % 2 === 0 ? servers : [...servers].reverse();
        for (const s of order) {
          const res = runBenchmark(s.port, t);
          results.get(t.id)[s.kind].push(res);
          log(`rep ${rep + 1} ${t.id} ${s.kind}: ${res.error ?? `${res.rps} rps p50 ${res.p50} p99 ${res.p99}`}`);
        }
      }
      loadavg.push(os.loadavg()[0].toFixed(2));
    }
    const lines = [];
    lines.push(`redis-benchmark -n ${N} -c ${C} custom commands, median of ${REPS} interleaved runs; redis-server ${redisVersion} vs respite (node ${process.version}), both --save "" --appendonly no, ${os.cpus().length} CPUs, 1-min load average after each rep: ${loadavg.join(', ')}. Data: zset of ${fmt(ZSET)} members, stream of ${fmt(STREAM)} entries (group g at 0), HLL of ${fmt(HLL)} elements, geo set of ${fmt(GEO)} points over 1°×1°. Load via redis-cli --pipe: ${load.join(', ')}. Latencies in ms.`);
    lines.push('');
    lines.push('| test | redis rps | respite rps | respite/redis | redis p50 / p99 | respite p50 / p99 |');
    lines.push('|---|---:|---:|---:|---:|---:|');
    const ratios = [];
    for (const t of tests) {
      const r = results.get(t.id);
      const med = (xs, k) => median(xs.filter((x) => !x.error).map((x) => x[k]));
      const a = { rps: med(r.redis, 'rps'), p50: med(r.redis, 'p50'), p99: med(r.redis, 'p99') };
      const b = { rps: med(r.respite, 'rps'), p50: med(r.respite, 'p50'), p99: med(r.respite, 'p99') };
      const ratio = b.rps / a.rps;
      if (Number.isFinite(ratio)) ratios.push(ratio);
      lines.push(`| \`${t.cmd.join(' ')}\` | ${fmt(a.rps)} | ${fmt(b.rps)} | ${fmt(ratio, 2)} | ${fmt(a.p50, 3)} / ${fmt(a.p99, 3)} | ${fmt(b.p50, 3)} / ${fmt(b.p99, 3)} |`);
      const errs = [...r.redis, ...r.respite].filter((x) => x.error);
      if (errs.length) notes.push(`${t.id}: ${errs[0].error}`);
    }
    if (ratios.length) {
      const g = Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
      lines.push('');
      lines.push(`Geometric mean of respite/redis: ${fmt(g, 2)}.`);
    }
    for (const n of notes) lines.push(`\n- ${n}`);
    const report = lines.join('\n') + '\n';
    process.stdout.write(report);
    if (env.BENCH_OUT) writeFileSync(env.BENCH_OUT, report);
  } finally {
    for (const s of servers) await s.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
