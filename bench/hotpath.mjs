#!/usr/bin/env node
/**
 * bench/hotpath.mjs — CPU cost of respite's own hot path (parse → dispatch → execute → encode),
 * without sockets: a Client with a RespWriter is fed redis-benchmark-like traffic in chunks of
 * `pipeline` commands, and each chunk's replies are taken as a flush would. Reports ns of CPU
 * (process.cpuUsage) per command, which is steady even on a loaded machine, unlike rps.
 *
 * usage: node bench/hotpath.mjs [distDir] [pipeline]   (default ./dist, 1)
 * env: N (commands per test, default 300000), TESTS (comma list of the ids below; the zset reads
 * ZRANK, ZSCORE, ZRANGEBYSCORE, ZINCRBY run only when listed)
 * Compare two builds by running it on each dist directory in turn.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const dist = path.resolve(process.argv[2] ?? 'dist');
const pipeline = Number(process.argv[3] ?? 1);
const N = Number(process.env.N ?? 300000);
const require = createRequire(import.meta.url);
const { Server } = require(path.join(dist, 'server.js'));
const { Client } = require(path.join(dist, 'protocol/client.js'));

const VALUE = 'x'.repeat(3);
const rnd = () => String(Math.floor(Math.random() * 100000)).padStart(12, '0');
const GEN = {
  GET: () => ['GET', 'key:' + rnd()],
  SET: () => ['SET', 'key:' + rnd(), VALUE],
  INCR: () => ['INCR', 'counter:' + rnd()],
  LPUSH: () => ['LPUSH', 'mylist', VALUE],
  RPOP: () => ['RPOP', 'mylist'],
  HSET: () => ['HSET', 'myhash', 'element:' + rnd(), VALUE],
  SADD: () => ['SADD', 'myset', 'element:' + rnd()],
  ZADD: () => ['ZADD', 'myzset', String(Math.floor(Math.random() * 100000)), 'element:' + rnd()],
  LRANGE_100: () => ['LRANGE', 'mylist', '0', '99'],
  MSET: () => { const a = ['MSET']; for (let i = 0; i < 10; i++) a.push('key:' + rnd(), VALUE); return a; },
  // Reads of a 100k-member zset `bigz` (loaded once, before the first of these runs): scores are
  // the member numbers, as in bench/types-bench.mjs.
  ZRANK: () => ['ZRANK', 'bigz', 'm:' + rnd()],
  ZSCORE: () => ['ZSCORE', 'bigz', 'm:' + rnd()],
  ZRANGEBYSCORE: () => ['ZRANGEBYSCORE', 'bigz', '(' + Math.floor(Math.random() * 100000), '+inf', 'WITHSCORES', 'LIMIT', '0', '10'],
  ZINCRBY: () => ['ZINCRBY', 'bigz', '0.5', 'm:' + rnd()],
};
const ZSET_READS = new Set(['ZRANK', 'ZSCORE', 'ZRANGEBYSCORE', 'ZINCRBY']);
const tests = (process.env.TESTS ?? Object.keys(GEN).filter((t) => !ZSET_READS.has(t)).join(',')).split(',');

function encode(argv) {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

const server = new Server({ config: { port: 0, save: '', appendonly: 'no' } });
const c = new Client(server, null, 1);
const out = {};
let bigzLoaded = false;
for (const t of tests) {
  if (ZSET_READS.has(t) && !bigzLoaded) {
    bigzLoaded = true;
    for (let i = 0; i < 100000; i += 1000) {
      const argv = ['ZADD', 'bigz'];
      for (let j = i; j < i + 1000; j++) argv.push(String(j), 'm:' + String(j).padStart(12, '0'));
      c.parser.feed(Buffer.from(encode(argv), 'latin1'));
      server.processInput(c);
      c.writer.take();
    }
  }
  // Pre-encode the traffic: chunks of `pipeline` commands, as separate Buffers (like socket reads).
  const chunks = [];
  for (let i = 0; i < N; i += pipeline) {
    let s = '';
    for (let j = 0; j < pipeline; j++) s += encode(GEN[t]());
    chunks.push(Buffer.from(s, 'latin1'));
  }
  const runOnce = () => {
    for (const ch of chunks) {
      c.parser.feed(ch);
      server.processInput(c);
      const bufs = c.writer.take();
      if (bufs !== null) c.writer.recycle();
    }
  };
  runOnce(); // warm-up (also fills the keyspace like a prior run would)
  const t0 = process.cpuUsage();
  runOnce();
  const d = process.cpuUsage(t0);
  out[t] = ((d.user + d.system) * 1000) / N;
}
console.log(JSON.stringify({ dist, pipeline, nsPerOp: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v)])) }));
process.exit(0);
