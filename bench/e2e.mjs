#!/usr/bin/env node
/**
 * bench/e2e.mjs — respite vs redis-server, side by side, with redis-benchmark.
 *
 * Starts redis-server and respite (node dist/cli.js) on spare loopback ports with the same
 * settings (--save "" --appendonly no), runs each redis-benchmark test against both in turn
 * (interleaved, alternating which goes first), repeats, and prints a markdown table of median
 * rps, the respite/redis ratio, and median p50/p99 latencies, plus the geometric mean of the
 * ratios. Then measures bytes per key after loading string keys with `redis-cli --pipe`
 * (VmRSS growth of fresh servers). Commands respite does not implement yet are reported n/a.
 *
 * Environment (defaults give a quick run of about 2-3 minutes on 2 vCPUs):
 *   BENCH_FULL=1          longer run: BENCH_N=300000, BENCH_REPS=5
 *   BENCH_N               requests per test (default 20000; pipelined tests use 4x)
 *   BENCH_REPS            repetitions (default 3)
 *   BENCH_TESTS           comma list of test ids to run (see TESTS below), default all
 *   BENCH_MEM_KEYS        keys for the memory test (default 1000000; 0 skips it)
 *   BENCH_REDIS_PORT / BENCH_RESPITE_PORT   (default 7161 / 7162)
 *   BENCH_OUT             where to write the markdown report (default bench/results/e2e-<time>.md)
 *   REDIS_SERVER / REDIS_BENCHMARK / REDIS_CLI   binaries (default from PATH)
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, massInsert, median, rssKb, settledRssKb, sleep, startServer } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const FULL = env.BENCH_FULL === '1';
const N = Number(env.BENCH_N ?? (FULL ? 300_000 : 20_000));
const REPS = Number(env.BENCH_REPS ?? (FULL ? 5 : 3));
const MEM_KEYS = Number(env.BENCH_MEM_KEYS ?? 1_000_000);
const REDIS_PORT = Number(env.BENCH_REDIS_PORT ?? 7161);
const RESPITE_PORT = Number(env.BENCH_RESPITE_PORT ?? 7162);
const REDIS_SERVER = env.REDIS_SERVER ?? 'redis-server';
const REDIS_BENCHMARK = env.REDIS_BENCHMARK ?? 'redis-benchmark';
const REDIS_CLI = env.REDIS_CLI ?? 'redis-cli';

/**
 * id, redis-benchmark arguments, the CSV test name to read, and a probe command that tells
 * whether the server implements what the test needs.
 */
const TESTS = [
  { id: 'GET', args: ['-t', 'get'], name: 'GET', probe: ['GET', '__bench:probe'] },
  { id: 'SET', args: ['-t', 'set'], name: 'SET', probe: ['SET', '__bench:probe', 'x'] },
  { id: 'INCR', args: ['-t', 'incr'], name: 'INCR', probe: ['INCR', '__bench:counter'] },
  { id: 'LPUSH', args: ['-t', 'lpush'], name: 'LPUSH', probe: ['LPUSH', '__bench:list', 'x'] },
  { id: 'RPOP', args: ['-t', 'rpop'], name: 'RPOP', probe: ['RPOP', '__bench:list'] },
  { id: 'HSET', args: ['-t', 'hset'], name: 'HSET', probe: ['HSET', '__bench:hash', 'f', 'v'] },
  { id: 'SADD', args: ['-t', 'sadd'], name: 'SADD', probe: ['SADD', '__bench:set', 'm'] },
  { id: 'ZADD', args: ['-t', 'zadd'], name: 'ZADD', probe: ['ZADD', '__bench:zset', '1', 'm'] },
  { id: 'LRANGE_100', args: ['-t', 'lrange_100'], name: 'LRANGE_100', probe: ['LRANGE', '__bench:list', '0', '99'], also: ['LPUSH', '__bench:list', 'x'] },
  { id: 'MSET', args: ['-t', 'mset'], name: 'MSET', probe: ['MSET', '__bench:a', '1', '__bench:b', '2'] },
  { id: 'GET -P16', args: ['-t', 'get', '-P', '16'], name: 'GET', probe: ['GET', '__bench:probe'], scale: 4 },
  { id: 'SET -P16', args: ['-t', 'set', '-P', '16'], name: 'SET', probe: ['SET', '__bench:probe', 'x'], scale: 4 },
  { id: 'SET 4KB', args: ['-t', 'set', '-d', '4096'], name: 'SET', probe: ['SET', '__bench:probe', 'x'] },
  { id: 'GET 4KB', args: ['-t', 'get', '-d', '4096', '-r', '10000'], name: 'GET', probe: ['GET', '__bench:probe'], prefill: ['-t', 'set', '-d', '4096', '-r', '10000'] },
  { id: 'GET c1000', args: ['-t', 'get', '-c', '1000'], name: 'GET', probe: ['GET', '__bench:probe'], clients: 1000 },
];

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

function have(bin) {
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0;
}




/** true when the server implements the command (anything but an unknown-command error). */
function supports(port, probe) {
  const r = cli(port, probe);
  const out = `${r.stdout}${r.stderr}`;
  return r.status === 0 && !/unknown command|unknown subcommand/i.test(out);
}

function runBenchmark(port, test) {
  const n = Math.round(N * (test.scale ?? 1));
  const args = ['-h', '127.0.0.1', '-p', String(port), '-n', String(n), '-c', '50', '-r', '100000', '--csv', ...test.args];
  const r = spawnSync(REDIS_BENCHMARK, args, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 600_000 });
  const lines = `${r.stdout}`.split('\n').filter((l) => l.startsWith('"'));
  const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error/i.test(l) && !l.startsWith('"'));
  let row = null;
  for (const l of lines) {
    const cols = l.split('","').map((c) => c.replace(/"/g, ''));
    if (cols[0] === 'test') continue;
    if (cols[0].split(' ')[0] === test.name) row = cols;
  }
  if (row === null || errors.length > 0) return { error: errors[0] ?? `no result (exit ${r.status})` };
  return { rps: Number(row[1]), p50: Number(row[4]), p99: Number(row[6]) };
}





async function memoryTest() {
  const input = massInsert(MEM_KEYS);
  const out = {};
  for (const kind of ['redis', 'respite']) {
    const port = kind === 'redis' ? REDIS_PORT : RESPITE_PORT;
    const s = await startServer(kind, port, ['--maxclients', '10000']);
    try {
      cli(port, ['PING']);
      await sleep(1000);
      const before = rssKb(s.pid);
      const r = cli(port, ['--pipe'], input);
      const ok = /errors: 0, replies: (\d+)/.exec(r.stdout);
      // Read once RSS has settled (≥ 2 s, stable to 0.5%): both servers may still be returning memory.
      const after = await settledRssKb(s.pid);
      const dbsize = cli(port, ['DBSIZE']).stdout.trim();
      out[kind] = { before, after, ok: ok !== null && Number(ok[1]) === MEM_KEYS, perKey: ((after - before) * 1024) / MEM_KEYS, dbsize };
      log(`memory ${kind}: RSS ${before} kB -> ${after} kB, ${out[kind].perKey.toFixed(1)} B/key (dbsize ${dbsize})`);
    } finally {
      await s.stop();
    }
  }
  return out;
}

function fmt(n, digits = 0) {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}

async function main() {
  for (const bin of [REDIS_SERVER, REDIS_BENCHMARK, REDIS_CLI]) {
    if (!have(bin)) {
      log(`${bin} not found; install redis-tools/redis-server`);
      process.exit(2);
    }
  }
  if (!existsSync(path.join(root, 'dist/cli.js'))) {
    log('dist/cli.js missing: run `npm run build` first');
    process.exit(2);
  }
  const wanted = env.BENCH_TESTS ? new Set(env.BENCH_TESTS.split(',').map((s) => s.trim())) : null;
  const tests = TESTS.filter((t) => !wanted || wanted.has(t.id));
  const fdLimit = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim());
  const started = new Date().toISOString();

  const redis = await startServer('redis', REDIS_PORT, ['--maxclients', '10000']);
  const respite = await startServer('respite', RESPITE_PORT, ['--maxclients', '10000']);
  const servers = [redis, respite];
  /** results[testId][kind] = [{rps,p50,p99}] or {error} */
  const results = {};
  try {
    const runnable = [];
    for (const t of tests) {
      results[t.id] = { redis: [], respite: [], na: null };
      if (t.clients && fdLimit < t.clients + 64) {
        results[t.id].na = `ulimit -n ${fdLimit} too low`;
        continue;
      }
      if (t.also) for (const s of servers) cli(s.port, t.also);
      const missing = servers.filter((s) => !supports(s.port, t.probe)).map((s) => s.kind);
      if (missing.length > 0) {
        results[t.id].na = `${t.probe[0]} not implemented in ${missing.join(', ')}`;
        continue;
      }
      runnable.push(t);
    }
    for (const s of servers) cli(s.port, ['DEL', '__bench:probe', '__bench:counter', '__bench:list', '__bench:hash', '__bench:set', '__bench:zset', '__bench:a', '__bench:b']);
    // Warm up both servers (respite's JIT) before measuring anything.
    for (const s of servers) spawnSync(REDIS_BENCHMARK, ['-p', String(s.port), '-n', '100000', '-c', '50', '-P', '16', '-r', '100000', '-q', '-t', 'set,get'], { stdio: 'ignore' });
    for (let rep = 0; rep < REPS; rep++) {
      for (const t of runnable) {
        const order = (rep + runnable.indexOf(t)) % 2 === 0 ? servers : [...servers].reverse();
        for (const s of order) {
          if (t.prefill && rep === 0) {
            // Fill the keys the GET test reads (once per server; -r matches the test's).
            spawnSync(REDIS_BENCHMARK, ['-p', String(s.port), '-n', '20000', '-c', '50', '-q', ...t.prefill], { stdio: 'ignore' });
          }
          const r = runBenchmark(s.port, t);
          if ('error' in r) {
            results[t.id].na = `${s.kind}: ${r.error}`;
          } else results[t.id][s.kind].push(r);
          log(`rep ${rep + 1}/${REPS} ${t.id} ${s.kind}: ${'error' in r ? r.error : `${fmt(r.rps)} rps p50 ${r.p50} p99 ${r.p99}`}`);
        }
      }
    }
  } finally {
    for (const s of servers) await s.stop();
  }

  const mem = MEM_KEYS > 0 ? await memoryTest() : null;

  const lines = [];
  const cpu = (os.cpus()[0]?.model ?? '?').replace(/\s+/g, ' ');
  const redisVersion = /v=(\S+)/.exec(spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  lines.push(`respite vs redis-server ${redisVersion}, node ${process.version}, ${os.cpus().length} × ${cpu}, ${started}; load average at the end ${load}`);
  lines.push(`redis-benchmark -n ${N} (pipelined ×4) -c 50 -r 100000, median of ${REPS} interleaved runs; both servers --save "" --appendonly no; latencies in ms.`);
  lines.push('');
  lines.push('| test | redis rps | respite rps | respite/redis | redis p50 | respite p50 | redis p99 | respite p99 |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  const ratios = [];
  for (const t of tests) {
    const r = results[t.id];
    const a = r.redis;
    const b = r.respite;
    if (r.na || a.length === 0 || b.length === 0) {
      lines.push(`| ${t.id} | n/a | n/a | n/a (${r.na ?? 'no data'}) | | | | |`);
      continue;
    }
    const ra = median(a.map((x) => x.rps));
    const rb = median(b.map((x) => x.rps));
    ratios.push(rb / ra);
    lines.push(
      `| ${t.id} | ${fmt(ra)} | ${fmt(rb)} | ${fmt(rb / ra, 2)} | ${fmt(median(a.map((x) => x.p50)), 3)} | ${fmt(median(b.map((x) => x.p50)), 3)} | ${fmt(median(a.map((x) => x.p99)), 3)} | ${fmt(median(b.map((x) => x.p99)), 3)} |`,
    );
  }
  const geo = ratios.length ? Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length) : NaN;
  lines.push('');
  lines.push(`Geometric mean of respite/redis over ${ratios.length} tests: **${fmt(geo, 2)}**`);
  if (mem) {
    lines.push('');
    lines.push(`Memory after \`redis-cli --pipe\` of ${fmt(MEM_KEYS)} SETs (11-byte keys, 32-byte values), VmRSS growth of a fresh server (read once settled: ≥ 2 s after the load, stable to 0.5%):`);
    lines.push('');
    lines.push('| server | RSS before | RSS after | bytes/key | load ok |');
    lines.push('|---|---:|---:|---:|---|');
    for (const kind of ['redis', 'respite']) {
      const m = mem[kind];
      lines.push(`| ${kind} | ${fmt(m.before / 1024, 1)} MB | ${fmt(m.after / 1024, 1)} MB | ${fmt(m.perKey, 1)} | ${m.ok ? 'yes' : 'NO'} (dbsize ${m.dbsize}) |`);
    }
    lines.push('');
    lines.push(`respite/redis bytes per key: ${fmt(mem.respite.perKey / mem.redis.perKey, 2)}`);
  }
  const report = lines.join('\n') + '\n';
  process.stdout.write(report);
  // Keep every report (bench/results/ is git-ignored) unless told where to write it.
  const outFile = env.BENCH_OUT ?? path.join(root, 'bench/results', `e2e-${started.replace(/[:.]/g, '-')}.md`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, report);
  log(`report written to ${outFile}`);
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exit(1);
});
