#!/usr/bin/env node
/**
 * bench/io-threads.mjs — redis-benchmark against respite with io-threads 1 and N, and against
 * redis-server with io-threads 1 and N, in the same run. For each configuration it prints
 * requests/s and the CPU time per request: the main thread's (INFO cpu
 * used_cpu_{user,sys}_main_thread, read before and after each run) and the whole process's
 * (used_cpu_{user,sys}). The main thread is the one that cannot scale: its µs/request is the
 * ceiling on throughput once the I/O has other cores to run on.
 *
 * Knobs (environment): PORT_BASE (7660: uses PORT_BASE..PORT_BASE+3), THREADS (4), N (requests
 * per run, 50000), C (clients, 50), PIPES ("1 16"), TESTS ("set,get"), DO_READS (yes), ROUNDS
 * (1; more gives medians), RUN_TIMEOUT (90 s per redis-benchmark run). Run through bench/io-threads.sh (builds first) or directly after
 * `npx tsc -p .`. Every server gets --maxmemory 1gb and is killed (by its own pid) at the end.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { startServer, cli, median } from './lib.mjs';

const env = process.env;
const PORT_BASE = Number(env.PORT_BASE ?? 7660);
const THREADS = Number(env.THREADS ?? 4);
const N = Number(env.N ?? 50000);
const C = Number(env.C ?? 50);
const PIPES = (env.PIPES ?? '1 16').split(/\s+/).filter(Boolean).map(Number);
const TESTS = (env.TESTS ?? 'set,get').split(',').filter(Boolean);
const DO_READS = env.DO_READS ?? 'yes';
const ROUNDS = Number(env.ROUNDS ?? 1);
const RUN_TIMEOUT_MS = Number(env.RUN_TIMEOUT ?? 90) * 1000;

const configs = [
  { name: 'respite t=1', kind: 'respite', extra: [] },
  { name: `respite t=${THREADS}`, kind: 'respite', extra: ['--io-threads', String(THREADS), '--io-threads-do-reads', DO_READS] },
  { name: 'redis t=1', kind: 'redis', extra: [] },
  { name: `redis t=${THREADS}`, kind: 'redis', extra: ['--io-threads', String(THREADS), '--io-threads-do-reads', DO_READS] },
];

/** CPU seconds from INFO cpu: [main thread, process]. */
function cpu(port) {
  const text = cli(port, ['INFO', 'cpu']).stdout;
  const f = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
  return [f('used_cpu_user_main_thread') + f('used_cpu_sys_main_thread'), f('used_cpu_user') + f('used_cpu_sys')];
}

function rps(port, pipe, test) {
  // Bounded in time: redis-server's own I/O threads busy-wait, and on a loaded 2-core machine a
  // run can crawl; a run cut short prints NaN.
  const r = spawnSync('redis-benchmark', ['-p', String(port), '-n', String(N), '-c', String(C), '-P', String(pipe), '-t', test, '-q', '--csv'], { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  const line = r.stdout.split('\n').find((l) => l && !l.startsWith('"test"'));
  return line ? Number(line.split('","')[1]?.replace(/"/g, '')) : NaN;
}

const servers = [];
try {
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i];
    servers.push(await startServer(c.kind, PORT_BASE + i, ['--maxmemory', '1gb', ...c.extra]));
  }
  console.log(`# io-threads benchmark: n=${N} c=${C} do-reads=${DO_READS} threads=${THREADS}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString()}`);
  console.log();
  console.log('requests/s; CPU µs per request of the main thread and of the whole process');
  console.log();
  const head = configs.map((c) => c.name);
  console.log(`| test | P | ${head.map((h) => `${h} req/s`).join(' | ')} | ${head.map((h) => `${h} main µs`).join(' | ')} | ${head.map((h) => `${h} proc µs`).join(' | ')} |`);
  console.log(`|---|---|${head.map(() => '---|').join('').repeat(3)}`);
  for (const test of TESTS) {
    for (const pipe of PIPES) {
      const res = servers.map(() => ({ rps: [], main: [], proc: [] }));
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < servers.length; i++) {
          const port = servers[i].port;
          const [m0, p0] = cpu(port);
          const r = rps(port, pipe, test);
          const [m1, p1] = cpu(port);
          res[i].rps.push(r);
          res[i].main.push(((m1 - m0) * 1e6) / N);
          res[i].proc.push(((p1 - p0) * 1e6) / N);
        }
      }
      const cols = [
        ...res.map((x) => median(x.rps).toFixed(0)),
        ...res.map((x) => median(x.main).toFixed(2)),
        ...res.map((x) => median(x.proc).toFixed(2)),
      ];
      console.log(`| ${test} | ${pipe} | ${cols.join(' | ')} |`);
    }
  }
} finally {
  for (const s of servers) await s.stop();
}
