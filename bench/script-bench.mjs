#!/usr/bin/env node
/**
 * bench/script-bench.mjs — scripting cost, respite vs redis-server side by side.
 *
 * EVALSHA of a script making 1 redis.call and of one making 20 (INCR/HSET mix), and FCALL of
 * the same two bodies as library functions, each under `redis-benchmark -c 50` against both
 * servers in turn (interleaved, alternating which goes first), repeated REPS times. Prints median
 * rps (with a plain INCR as the baseline), the respite/redis ratio, the server CPU time per request (utime+stime of the server
 * process over the run, steadier than rps on a loaded machine), and the cost of one redis.call:
 * (cost of the 20-call script − cost of the 1-call script) / 19, from CPU time and from 1/rps.
 *
 * usage: npm run build && node bench/script-bench.mjs
 * env: BENCH_N (requests per run, default 20000), BENCH_REPS (default 3),
 *      BENCH_REDIS_PORT / BENCH_RESPITE_PORT (default 7701 / 7702), BENCH_SKIP_BUILD=1,
 *      REDIS_BENCHMARK (binary). Both servers run with --maxmemory 2gb; the data set is 2 keys.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, median, startServer } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const N = Number(env.BENCH_N ?? 20_000);
const REPS = Number(env.BENCH_REPS ?? 3);
const REDIS_PORT = Number(env.BENCH_REDIS_PORT ?? 7701);
const RESPITE_PORT = Number(env.BENCH_RESPITE_PORT ?? 7702);
const REDIS_BENCHMARK = env.REDIS_BENCHMARK ?? 'redis-benchmark';

/** One redis.call. */
const BODY1 = "return redis.call('INCR', KEYS[1])";
/** Twenty redis.calls: 10 × (INCR + HSET), returning the last reply. */
const BODY20 = "local r for i = 1, 10 do redis.call('INCR', KEYS[1]) r = redis.call('HSET', KEYS[2], 'f' .. i, i) end return r";
const LIB = [
  '#!lua name=scriptbench',
  `redis.register_function('sb1', function(KEYS, ARGV) ${BODY1} end)`,
  `redis.register_function('sb20', function(KEYS, ARGV) ${BODY20} end)`,
].join('\n');

function log(msg) {
  process.stderr.write(`[script-bench] ${msg}\n`);
}

function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(parts[11]) + Number(parts[12]); // utime + stime
}
const TICK_US = 1e6 / 100; // CLK_TCK is 100 on Linux

/** Loads the scripts and the library; returns the redis-benchmark argv of each test. */
function prepare(port) {
  const sha1 = cli(port, ['SCRIPT', 'LOAD', BODY1]).stdout.trim();
  const sha20 = cli(port, ['SCRIPT', 'LOAD', BODY20]).stdout.trim();
  const lib = cli(port, ['FUNCTION', 'LOAD', 'REPLACE', LIB]).stdout.trim();
  if (!/^[0-9a-f]{40}$/.test(sha1) || !/^[0-9a-f]{40}$/.test(sha20) || lib !== 'scriptbench') {
    throw new Error(`port ${port}: SCRIPT LOAD / FUNCTION LOAD failed (${sha1} ${sha20} ${lib})`);
  }
  // Every test must get a real reply, not an error (redis-benchmark counts errors as answers).
  const probes = [
    ['EVALSHA', sha1, '1', 'sb:k'],
    ['EVALSHA', sha20, '2', 'sb:k', 'sb:h'],
    ['FCALL', 'sb1', '1', 'sb:k'],
    ['FCALL', 'sb20', '2', 'sb:k', 'sb:h'],
  ];
  for (const p of probes) {
    const r = cli(port, p);
    if (r.status !== 0 || /ERR|WRONGTYPE/.test(r.stdout)) throw new Error(`port ${port}: ${p.join(' ')} → ${r.stdout}`);
  }
  return {
    'INCR (no script)': ['incr', 'sb:k'],
    'EVALSHA 1 call': ['evalsha', sha1, '1', 'sb:k'],
    'EVALSHA 20 calls': ['evalsha', sha20, '2', 'sb:k', 'sb:h'],
    'FCALL 1 call': ['fcall', 'sb1', '1', 'sb:k'],
    'FCALL 20 calls': ['fcall', 'sb20', '2', 'sb:k', 'sb:h'],
  };
}

function run(port, pid, argv) {
  const c0 = cpuTicks(pid);
  const r = spawnSync(REDIS_BENCHMARK, ['-p', String(port), '-c', '50', '-n', String(N), '--csv', ...argv], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const c1 = cpuTicks(pid);
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  let rps = NaN;
  try {
    rps = Number(JSON.parse('[' + line + ']')[1]);
  } catch {
    /* NaN: reported as such */
  }
  return { rps, us: ((c1 - c0) * TICK_US) / N };
}

async function main() {
  if (env.BENCH_SKIP_BUILD !== '1') {
    log('building (tsc)');
    spawnSync('npx', ['tsc', '-p', '.', '--noEmitOnError', 'false'], { cwd: root, stdio: 'ignore' });
  }
  const mem = ['--maxmemory', '2gb'];
  const servers = { redis: await startServer('redis', REDIS_PORT, mem), respite: await startServer('respite', RESPITE_PORT, mem) };
  const load0 = os.loadavg()[0];
  try {
    const tests = { redis: prepare(REDIS_PORT), respite: prepare(RESPITE_PORT) };
    const ids = Object.keys(tests.redis);
    const res = {};
    for (const id of ids) res[id] = { redis: [], respite: [] };
    // Interleaved: every rep runs every test on both servers, alternating which goes first.
    for (let rep = 0; rep < REPS; rep++) {
      for (const id of ids) {
        const order = rep % 2 ? ['respite', 'redis'] : ['redis', 'respite'];
        for (const who of order) {
          const s = servers[who];
          const r = run(s.port, s.pid, tests[who][id]);
          res[id][who].push(r);
          log(`rep ${rep + 1} ${id} ${who}: ${r.rps.toFixed(0)} rps, ${r.us.toFixed(1)} µs cpu/req`);
        }
      }
    }
    const m = (id, who, k) => median(res[id][who].map((x) => x[k]));
    const out = [];
    out.push(`scripting bench: redis-benchmark -c 50 -n ${N}, ${REPS} interleaved reps (medians), ${os.cpus().length} CPUs, load ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`);
    out.push('');
    out.push('| test | redis rps | respite rps | ratio | redis µs CPU/req | respite µs CPU/req |');
    out.push('|---|---:|---:|---:|---:|---:|');
    for (const id of ids) {
      const ratio = median(res[id].respite.map((x, i) => x.rps / res[id].redis[i].rps));
      out.push(`| ${id} | ${m(id, 'redis', 'rps').toFixed(0)} | ${m(id, 'respite', 'rps').toFixed(0)} | ${ratio.toFixed(2)} | ${m(id, 'redis', 'us').toFixed(1)} | ${m(id, 'respite', 'us').toFixed(1)} |`);
    }
    out.push('');
    out.push('cost of one redis.call = (20-call script − 1-call script) / 19:');
    out.push('');
    out.push('| path | redis µs (CPU) | respite µs (CPU) | redis µs (1/rps) | respite µs (1/rps) |');
    out.push('|---|---:|---:|---:|---:|');
    for (const kind of ['EVALSHA', 'FCALL']) {
      const a = `${kind} 1 call`;
      const b = `${kind} 20 calls`;
      const cpu = (who) => (m(b, who, 'us') - m(a, who, 'us')) / 19;
      const inv = (who) => ((1e6 / m(b, who, 'rps')) - (1e6 / m(a, who, 'rps'))) / 19;
      out.push(`| ${kind} | ${cpu('redis').toFixed(2)} | ${cpu('respite').toFixed(2)} | ${inv('redis').toFixed(2)} | ${inv('respite').toFixed(2)} |`);
    }
    console.log(out.join('\n'));
  } finally {
    await servers.redis.stop();
    await servers.respite.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
