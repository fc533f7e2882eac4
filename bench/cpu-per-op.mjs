#!/usr/bin/env node
/**
 * bench/cpu-per-op.mjs — respite vs redis-server by server CPU time per request.
 *
 * On a shared, loaded machine redis-benchmark's rps mostly measures the neighbours; the CPU
 * time the server process spends (utime+stime from /proc/<pid>/stat) for the same requests is
 * far steadier. For each test both servers get the same redis-benchmark run, interleaved, and
 * the report gives µs of server CPU per request, the redis/respite CPU ratio (≈ the rps ratio
 * on an idle machine; > 1 means respite is cheaper), and the rps ratio of the same run.
 *
 * usage: node bench/cpu-per-op.mjs [respitePort redisPort]   (both servers already running)
 * env: N (requests, default 100000), REPS (default 3), TESTS (comma list of ids below; the
 * sorted-set reads ZRANK, ZSCORE, ZRANGEBYSCORE-WS run only when listed, against a zset `zkey` of
 * 100,000 members m:000000000000… with score = index, loaded into both servers first)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [respitePort = '7240', redisPort = '7241'] = process.argv.slice(2);
const N = Number(process.env.N ?? 100000);
const REPS = Number(process.env.REPS ?? 3);
const ALL = {
  GET: ['-t', 'get'], SET: ['-t', 'set'], INCR: ['-t', 'incr'], LPUSH: ['-t', 'lpush'], RPOP: ['-t', 'rpop'],
  HSET: ['-t', 'hset'], SADD: ['-t', 'sadd'], ZADD: ['-t', 'zadd'], LRANGE_100: ['-t', 'lrange_100'], MSET: ['-t', 'mset'],
  'GET-P16': ['-t', 'get', '-P', '16'], 'SET-P16': ['-t', 'set', '-P', '16'],
  ZRANK: ['ZRANK', 'zkey', 'm:__rand_int__'],
  ZSCORE: ['ZSCORE', 'zkey', 'm:__rand_int__'],
  'ZRANGEBYSCORE-WS': ['ZRANGEBYSCORE', 'zkey', '(__rand_int__', '+inf', 'WITHSCORES', 'LIMIT', '0', '10'],
};
const ZSET_TESTS = new Set(['ZRANK', 'ZSCORE', 'ZRANGEBYSCORE-WS']);
const tests = (process.env.TESTS ?? Object.keys(ALL).filter((t) => !ZSET_TESTS.has(t)).join(',')).split(',');

/** Loads zkey (100k members) into the server on port when it is not there yet. */
function loadZset(port) {
  const card = spawnSync('redis-cli', ['-p', port, 'zcard', 'zkey'], { encoding: 'utf8' }).stdout.trim();
  if (card === '100000') return;
  const bulk = (x) => `$${x.length}\r\n${x}\r\n`;
  let input = '*2\r\n$3\r\nDEL\r\n$4\r\nzkey\r\n';
  for (let start = 0; start < 100000; start += 1000) {
    const argv = ['ZADD', 'zkey'];
    for (let i = start; i < start + 1000; i++) argv.push(String(i), `m:${String(i).padStart(12, '0')}`);
    input += `*${argv.length}\r\n${argv.map(bulk).join('')}`;
  }
  spawnSync('redis-cli', ['-p', port, '--pipe'], { input, encoding: 'utf8' });
}

function pidOf(port) {
  const r = spawnSync('redis-cli', ['-p', port, 'info', 'server'], { encoding: 'utf8' });
  return Number(/process_id:(\d+)/.exec(r.stdout)?.[1]);
}
function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(parts[11]) + Number(parts[12]); // utime + stime (fields 14, 15)
}
const TICK_US = 1e6 / 100; // CLK_TCK is 100 on Linux

function run(port, pid, args) {
  const n = args.includes('-P') ? N * 4 : N;
  const c0 = cpuTicks(pid);
  const r = spawnSync('redis-benchmark', ['-p', port, '-n', String(n), '-c', '50', '-r', '100000', '--csv', ...args], { encoding: 'utf8' });
  const c1 = cpuTicks(pid);
  const line = r.stdout.trim().split('\n').pop();
  const rps = Number(JSON.parse('[' + line + ']')[1]);
  const p99 = Number(JSON.parse('[' + line + ']')[6]);
  return { us: ((c1 - c0) * TICK_US) / n, rps, p99 };
}

const pids = { respite: pidOf(respitePort), redis: pidOf(redisPort) };
if (tests.some((t) => ZSET_TESTS.has(t))) for (const port of [respitePort, redisPort]) loadZset(port);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const rows = [];
for (const t of tests) {
  const res = { respite: [], redis: [] };
  for (let rep = 0; rep < REPS; rep++) {
    const order = rep % 2 ? ['respite', 'redis'] : ['redis', 'respite'];
    for (const who of order) res[who].push(run(who === 'respite' ? respitePort : redisPort, pids[who], ALL[t]));
  }
  const m = (who, k) => median(res[who].map((x) => x[k]));
  const cpuRatio = median(res.respite.map((x, i) => res.redis[i].us / x.us));
  const rpsRatio = median(res.respite.map((x, i) => x.rps / res.redis[i].rps));
  rows.push({ t, redisUs: m('redis', 'us'), respiteUs: m('respite', 'us'), cpuRatio, rpsRatio, p99r: m('redis', 'p99'), p99s: m('respite', 'p99') });
  const r = rows[rows.length - 1];
  console.error(`${t}: cpu/op redis ${r.redisUs.toFixed(2)}us respite ${r.respiteUs.toFixed(2)}us ratio ${r.cpuRatio.toFixed(2)} rps ratio ${r.rpsRatio.toFixed(2)}`);
}
console.log('| test | redis µs/op | respite µs/op | cpu ratio redis/respite | rps ratio respite/redis | p99 redis | p99 respite |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.t} | ${r.redisUs.toFixed(2)} | ${r.respiteUs.toFixed(2)} | ${r.cpuRatio.toFixed(2)} | ${r.rpsRatio.toFixed(2)} | ${r.p99r} | ${r.p99s} |`);
const unp = rows.filter((r) => !r.t.includes('-P'));
const g = (k) => Math.exp(unp.reduce((s, r) => s + Math.log(r[k]), 0) / unp.length);
console.log(`\ngeomean (unpipelined): cpu ratio ${g('cpuRatio').toFixed(2)}, rps ratio ${g('rpsRatio').toFixed(2)}`);
