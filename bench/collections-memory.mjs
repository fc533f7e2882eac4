#!/usr/bin/env node
/**
 * bench/collections-memory.mjs — memory per element of big collections, respite vs redis-server.
 *
 * For each structure (one list, one hash, one set, one zset of BENCH_ELEMS elements, default 1M),
 * starts a fresh server of each kind (one at a time, to bound memory), loads the key with
 * `redis-cli --pipe` (RPUSH / HSET / SADD / ZADD, 1000 elements per command), lets it settle, and
 * reports the VmRSS growth and the used_memory growth per element, and the respite/redis ratio.
 * Before each reading respite gets MEMORY PURGE (it schedules a major GC) and a short settle.
 * Elements: list items / set members / zset members `m:000000123456` (14 bytes), hash fields the
 * same with 8-byte values `v0123456`, zset scores the element's index.
 *
 * Environment: BENCH_ELEMS (1000000), BENCH_STRUCTS (list,hash,set,zset),
 * BENCH_RESPITE_PORT / BENCH_REDIS_PORT (7280 / 7281), BENCH_OUT (also write the report there),
 * BENCH_SKIP_BUILD=1, REDIS_SERVER / REDIS_CLI binaries.
 * Run: node bench/collections-memory.mjs
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, rssKb, sleep, startServer } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const ELEMS = Number(env.BENCH_ELEMS ?? 1_000_000);
const STRUCTS = (env.BENCH_STRUCTS ?? 'list,hash,set,zset').split(',');
const RESPITE_PORT = Number(env.BENCH_RESPITE_PORT ?? 7280);
const REDIS_PORT = Number(env.BENCH_REDIS_PORT ?? 7281);
const REDIS_SERVER = env.REDIS_SERVER ?? 'redis-server';
const REDIS_CLI = env.REDIS_CLI ?? 'redis-cli';
const BATCH = 1000;

const log = (m) => process.stderr.write(`[mem] ${m}\n`);





function usedMemory(port) {
  const m = /used_memory:(\d+)/.exec(cli(port, ['INFO', 'memory']).stdout);
  return m ? Number(m[1]) : NaN;
}

const bulk = (s) => `$${s.length}\r\n${s}\r\n`;
const member = (i) => `m:${String(i).padStart(12, '0')}`;

/** The --pipe input for one structure: commands of BATCH elements each. */
function protocol(kind) {
  const parts = [];
  for (let start = 0; start < ELEMS; start += BATCH) {
    const end = Math.min(ELEMS, start + BATCH);
    const n = end - start;
    let cmd;
    if (kind === 'list') {
      cmd = `*${n + 2}\r\n${bulk('RPUSH')}${bulk('lkey')}`;
      for (let i = start; i < end; i++) cmd += bulk(member(i));
    } else if (kind === 'set') {
      cmd = `*${n + 2}\r\n${bulk('SADD')}${bulk('skey')}`;
      for (let i = start; i < end; i++) cmd += bulk(member(i));
    } else if (kind === 'hash') {
      cmd = `*${2 * n + 2}\r\n${bulk('HSET')}${bulk('hkey')}`;
      for (let i = start; i < end; i++) cmd += bulk(member(i)) + bulk(`v${String(i).padStart(7, '0')}`);
    } else {
      cmd = `*${2 * n + 2}\r\n${bulk('ZADD')}${bulk('zkey')}`;
      for (let i = start; i < end; i++) cmd += bulk(String(i)) + bulk(member(i));
    }
    parts.push(cmd);
  }
  return { input: parts.join(''), commands: parts.length };
}

const LEN = { list: ['LLEN', 'lkey'], hash: ['HLEN', 'hkey'], set: ['SCARD', 'skey'], zset: ['ZCARD', 'zkey'] };

async function settle(s, kind) {
  if (kind === 'respite') {
    cli(s.port, ['MEMORY', 'PURGE']);
    await sleep(1500);
    cli(s.port, ['MEMORY', 'PURGE']);
  }
  await sleep(1500);
}

async function measure(struct, kind) {
  const { input, commands } = protocol(struct);
  const s = await startServer(kind, kind === 'redis' ? REDIS_PORT : RESPITE_PORT, ['--maxmemory', '0']);
  try {
    cli(s.port, ['PING']);
    await settle(s, kind);
    const rss0 = rssKb(s.pid);
    const um0 = usedMemory(s.port);
    const t0 = Date.now();
    const r = cli(s.port, ['--pipe'], input);
    const loadMs = Date.now() - t0;
    const ok = /errors: 0, replies: (\d+)/.exec(r.stdout);
    await settle(s, kind);
    const rss1 = rssKb(s.pid);
    const um1 = usedMemory(s.port);
    const len = Number(cli(s.port, LEN[struct]).stdout.trim());
    const res = {
      ok: ok !== null && Number(ok[1]) === commands && len === ELEMS,
      len,
      rssPer: ((rss1 - rss0) * 1024) / ELEMS,
      umPer: (um1 - um0) / ELEMS,
      rss1,
      loadMs,
    };
    log(`${struct} ${kind}: len ${len}, RSS ${rss0}->${rss1} kB (${res.rssPer.toFixed(1)} B/elem), used_memory ${um0}->${um1} (${res.umPer.toFixed(1)} B/elem), load ${loadMs} ms`);
    return res;
  } finally {
    await s.stop();
  }
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function main() {
  if (env.BENCH_SKIP_BUILD !== '1') spawnSync('npx', ['tsc', '-p', '.', '--noEmitOnError', 'false'], { cwd: root, stdio: 'ignore' });
  const redisVersion = /v=(\S+)/.exec(spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const rows = [];
  for (const struct of STRUCTS) {
    const redis = await measure(struct, 'redis');
    const respite = await measure(struct, 'respite');
    rows.push({ struct, redis, respite });
  }
  const lines = [];
  lines.push(`Memory per element, one key of ${ELEMS.toLocaleString('en-US')} elements loaded with \`redis-cli --pipe\` (${BATCH} elements per command) into a fresh server (--save "" --appendonly no --maxmemory 0); redis-server ${redisVersion}, node ${process.version}, ${os.cpus().length} CPUs. Elements are 14-byte strings (hash values 8 bytes, zset scores integers). RSS = VmRSS growth; respite readings follow MEMORY PURGE (a major GC) and a settle.`);
  lines.push('');
  lines.push('| structure | redis RSS B/elem | respite RSS B/elem | RSS ratio | redis used_memory B/elem | respite used_memory B/elem | used_memory ratio | load ms redis / respite |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { struct, redis, respite } of rows) {
    const bad = !redis.ok || !respite.ok ? ' (load incomplete)' : '';
    lines.push(`| ${struct}${bad} | ${fmt(redis.rssPer)} | ${fmt(respite.rssPer)} | ${fmt(respite.rssPer / redis.rssPer, 2)} | ${fmt(redis.umPer)} | ${fmt(respite.umPer)} | ${fmt(respite.umPer / redis.umPer, 2)} | ${redis.loadMs} / ${respite.loadMs} |`);
  }
  const report = lines.join('\n') + '\n';
  process.stdout.write(report);
  if (env.BENCH_OUT) writeFileSync(env.BENCH_OUT, report);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
