/**
 * test/helpers/repl-compare.ts — shared pieces of the replication scenario tests:
 *  - `dumpDataset(port)`: every key of every non-empty db as {type, value, pttl}, the value in a
 *    form that does not depend on the encoding (lists in order, hashes/sets sorted, zsets with
 *    scores, streams with their entries, groups, PELs and consumers minus the wall-clock fields,
 *    HLLs without the cached cardinality);
 *  - `diffDatasets(a, b)`: the differences (missing keys, other type, other value, TTLs apart by
 *    more than the tolerance), as short readable lines;
 *  - `waitForOffsets(primary, replicas)`: until every replica processed the primary's stream;
 *  - `seedAllTypes(client)` and `mixedWrites(...)`: the data and the 100k-write workload
 *    (expiries, scripts, functions, MULTI, blocking pops served, SPOP/SRANDMEMBER,
 *    INCRBYFLOAT, streams with consumer groups, HLL, geo), deterministic from a seed.
 * Everything is bounded: collections are trimmed as they grow, so the dataset stays a few MB.
 */
import IORedis, { type Redis } from 'ioredis';
import { prng } from './prng';

export interface KeyState {
  type: string;
  value: unknown;
  pttl: number;
}
export type Dataset = Map<string, KeyState>;

function connect(port: number, db = 0): Redis {
  const c = new IORedis({ host: '127.0.0.1', port, db, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: false });
  c.on('error', () => {});
  return c;
}

/** Buffers (and arrays of them) as latin1 strings: binary-safe, comparable. */
function norm(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (Array.isArray(v)) return v.map(norm);
  return v;
}

function pairsSorted(flat: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out.sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : 0));
}

/** A flat [k, v, k, v…] reply as an object (XINFO). */
function obj(flat: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const a = flat as unknown[];
  for (let i = 0; i < a.length; i += 2) o[String(a[i])] = a[i + 1];
  return o;
}

/** XINFO STREAM FULL without encoding details, wall-clock fields (seen-time) and entries-read. */
function streamInfo(full: unknown): unknown {
  const s = obj(full);
  delete s['radix-tree-keys'];
  delete s['radix-tree-nodes'];
  const groups = ((s.groups as unknown[]) ?? []).map((g) => {
    const go = obj(g);
    // Redis 7.0 propagates XREADGROUP as XCLAIM … LASTID, which leaves entries-read behind on
    // the replica (a Redis replica of Redis shows the same): not comparable.
    delete go['entries-read'];
    delete go.lag;
    go.consumers = ((go.consumers as unknown[]) ?? []).map((cn) => {
      const co = obj(cn);
      delete co['seen-time'];
      delete co['active-time'];
      return co;
    });
    return go;
  });
  s.groups = groups;
  return s;
}

/** Every key of every db that INFO keyspace lists (plus db 0), with type, value and PTTL. */
export async function dumpDataset(port: number): Promise<Dataset> {
  const admin = connect(port);
  const info = await admin.info('keyspace');
  admin.disconnect();
  const dbs = new Set<number>([0]);
  for (const m of info.matchAll(/^db(\d+):/gm)) dbs.add(Number(m[1]));
  const out: Dataset = new Map();
  for (const db of dbs) {
    const c = connect(port, db);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = (await c.callBuffer('SCAN', cursor, 'COUNT', '1000')) as [Buffer, Buffer[]];
        cursor = next.toString();
        for (const k of batch) keys.push(k.toString('latin1'));
      } while (cursor !== '0');
      for (let i = 0; i < keys.length; i += 500) {
        const chunk = keys.slice(i, i + 500);
        const tp = c.pipeline();
        for (const k of chunk) tp.type(Buffer.from(k, 'latin1'));
        const types = ((await tp.exec()) ?? []).map((r) => String(r[1]));
        const p = c.pipeline();
        for (let j = 0; j < chunk.length; j++) {
          const k = Buffer.from(chunk[j]!, 'latin1');
          switch (types[j]) {
            case 'string':
              p.callBuffer('GET', k);
              break;
            case 'list':
              p.callBuffer('LRANGE', k, '0', '-1');
              break;
            case 'hash':
              p.callBuffer('HGETALL', k);
              break;
            case 'set':
              p.callBuffer('SMEMBERS', k);
              break;
            case 'zset':
              p.callBuffer('ZRANGE', k, '0', '-1', 'WITHSCORES');
              break;
            case 'stream':
              p.callBuffer('XINFO', 'STREAM', k, 'FULL', 'COUNT', '0');
              break;
            default:
              p.callBuffer('PING');
          }
          p.pttl(k);
        }
        const res = (await p.exec()) ?? [];
        for (let j = 0; j < chunk.length; j++) {
          const type = types[j]!;
          if (type === 'none') continue; // expired or deleted meanwhile
          let value = norm(res[j * 2]![1]);
          if (res[j * 2]![0]) value = `error: ${(res[j * 2]![0] as Error).message}`;
          if (type === 'hash') value = pairsSorted(value as string[]);
          else if (type === 'set') value = (value as string[]).slice().sort();
          else if (type === 'stream') value = streamInfo(value);
          else if (type === 'string' && typeof value === 'string' && value.startsWith('HYLL') && value.length >= 16) {
            // The cached cardinality (bytes 8..15) depends on who ran PFCOUNT last.
            value = 'HYLL' + value.slice(4, 8) + value.slice(16);
          }
          out.set(`${db}:${chunk[j]}`, { type, value, pttl: Number(res[j * 2 + 1]![1]) });
        }
      }
    } finally {
      c.disconnect();
    }
  }
  return out;
}

/** The first place two values differ, as `path: a vs b`. */
function firstDiff(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    for (const k of new Set([...ka, ...kb])) {
      const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${short(a)} vs ${short(b)}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 300 ? s.slice(0, 300) + '…' : s;
}

/**
 * Differences between two datasets (empty when equal). TTLs: both persistent, or both volatile
 * and within `ttlToleranceMs` of each other (the two were read at slightly different times).
 */
export function diffDatasets(a: Dataset, b: Dataset, ttlToleranceMs = 3000, maxLines = 20): string[] {
  const out: string[] = [];
  for (const [k, va] of a) {
    if (out.length >= maxLines) break;
    const vb = b.get(k);
    if (vb === undefined) {
      out.push(`${k}: only in the first (${va.type} ${short(va.value)})`);
      continue;
    }
    if (va.type !== vb.type) {
      out.push(`${k}: type ${va.type} vs ${vb.type}`);
      continue;
    }
    const ja = JSON.stringify(va.value);
    const jb = JSON.stringify(vb.value);
    if (ja !== jb) out.push(`${k}: value${firstDiff(va.value, vb.value) ?? ''}`);
    const ttlOk = va.pttl === vb.pttl || (va.pttl >= 0 && vb.pttl >= 0 && Math.abs(va.pttl - vb.pttl) <= ttlToleranceMs);
    if (!ttlOk) out.push(`${k}: pttl ${va.pttl} vs ${vb.pttl}`);
  }
  for (const [k, vb] of b) {
    if (out.length >= maxLines) break;
    if (!a.has(k)) out.push(`${k}: only in the second (${vb.type} ${short(vb.value)})`);
  }
  return out;
}

function infoField(info: string, f: string): string | undefined {
  return new RegExp(`^${f}:(.*)\\r?$`, 'm').exec(info)?.[1]?.trim();
}

/** Waits until every replica's slave_repl_offset reached the primary's master_repl_offset. */
export async function waitForOffsets(primaryPort: number, replicaPorts: number[], ms = 30000): Promise<void> {
  const p = connect(primaryPort);
  const rs = replicaPorts.map((port) => connect(port));
  const end = Date.now() + ms;
  let last = '';
  try {
    while (Date.now() < end) {
      const target = Number(infoField(await p.info('replication'), 'master_repl_offset'));
      let done = true;
      last = `primary ${target}`;
      for (const r of rs) {
        const ri = await r.info('replication');
        const off = Number(infoField(ri, 'slave_repl_offset') ?? -1);
        last += `, replica ${off} (${infoField(ri, 'master_link_status')})`;
        if (off < target || infoField(ri, 'master_link_status') !== 'up') done = false;
      }
      if (done) return;
      await new Promise((res) => setTimeout(res, 50));
    }
  } finally {
    p.disconnect();
    for (const r of rs) r.disconnect();
  }
  throw new Error(`replication offsets did not converge: ${last}`);
}

/**
 * Settles and compares: waits out the short TTLs, reads the primary (which also deletes keys
 * that expired, sending DELs), waits for the replicas to catch up, and diffs each of them.
 */
export async function compareWithReplicas(primaryPort: number, replicaPorts: number[]): Promise<{ keys: number; diffs: string[] }> {
  await new Promise((res) => setTimeout(res, 100));
  // The first read lazily expires what is due; the second is the reference.
  await dumpDataset(primaryPort);
  const ref = await dumpDataset(primaryPort);
  await waitForOffsets(primaryPort, replicaPorts);
  const diffs: string[] = [];
  for (const port of replicaPorts) {
    for (const d of diffDatasets(ref, await dumpDataset(port))) diffs.push(`replica :${port}: ${d}`);
  }
  return { keys: ref.size, diffs };
}

// ---------------------------------------------------------------------------------------------
// Data

export const FUNCTION_LIB = [
  '#!lua name=repltest',
  "redis.register_function('bump', function(keys, args) redis.call('incrbyfloat', keys[1], args[1]); return redis.call('hincrby', keys[2], 'n', 1) end)",
  "redis.register_function('mover', function(keys, args) local m = redis.call('spop', keys[1]); if m then redis.call('zadd', keys[2], args[1], m) end; return m end)",
  "redis.register_function{function_name='peek', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}",
].join('\n');

/** Writes that depend on randomness and time inside the script (effects are replicated). */
export const SCRIPT_RANDOM = [
  "local m = redis.call('srandmember', KEYS[1])",
  "if m then redis.call('sadd', KEYS[2], m) end",
  "local p = redis.call('spop', KEYS[1])",
  "if p then redis.call('rpush', KEYS[3], p); redis.call('ltrim', KEYS[3], -20, -1) end",
  "redis.call('set', KEYS[4], ARGV[1], 'PX', ARGV[2])",
  'return 1',
].join('\n');
export const SCRIPT_COUNTER = "redis.call('incrbyfloat', KEYS[1], '0.5'); redis.call('expire', KEYS[1], 500000); return redis.call('incr', KEYS[2])";

/** One key of each type, in db 0 and db 3, some with TTLs (the data a full sync carries). */
export async function seedAllTypes(c: Redis): Promise<void> {
  const p = c.pipeline();
  for (let i = 0; i < 50; i++) {
    p.set(`seed:s:${i}`, `v${i}`);
    p.set(`seed:ttl:${i}`, `t${i}`, 'EX', 100000 + i);
    p.set(`seed:int:${i}`, String(i * 7));
    p.rpush(`seed:l:${i}`, ...Array.from({ length: 5 + (i % 20) }, (_, j) => `e${j}`));
    p.hset(`seed:h:${i}`, ...Array.from({ length: 2 * (3 + (i % 30)) }, (_, j) => `x${j}`));
    p.sadd(`seed:set:${i}`, ...Array.from({ length: 3 + (i % 40) }, (_, j) => (i % 2 ? `m${j}` : String(j))));
    p.zadd(`seed:z:${i}`, ...Array.from({ length: 2 * (3 + (i % 40)) }, (_, j) => (j % 2 ? `m${j}` : String(j * 1.25))));
    p.pfadd(`seed:hll:${i}`, ...Array.from({ length: 10 + i * 40 }, (_, j) => `u${j}`));
    p.geoadd(`seed:geo:${i}`, 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania', -0.1 + i / 100, 51.5, `p${i}`);
    p.pexpire(`seed:h:${i}`, 200000000 + i);
  }
  // Big enough to leave the compact encodings.
  p.rpush('seed:biglist', ...Array.from({ length: 1000 }, (_, j) => `item-${j}`));
  p.hset('seed:bighash', ...Array.from({ length: 1200 }, (_, j) => `f${j}`));
  p.sadd('seed:bigset', ...Array.from({ length: 600 }, (_, j) => `s${j}`));
  p.zadd('seed:bigzset', ...Array.from({ length: 600 }, (_, j) => (j % 2 ? `z${j}` : String(j / 3))));
  p.set('seed:binary', Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10]));
  for (let i = 0; i < 5; i++) {
    const k = `seed:stream:${i}`;
    for (let j = 0; j < 30 + i * 60; j++) p.xadd(k, `${1000 + j}-${i}`, 'f', `v${j}`, 'n', String(j));
    p.xgroup('CREATE', k, 'g1', '0');
    p.xgroup('CREATE', k, 'g2', '$');
    p.xreadgroup('GROUP', 'g1', 'alice', 'COUNT', 7, 'STREAMS', k, '>');
    p.xreadgroup('GROUP', 'g1', 'bob', 'COUNT', 3, 'STREAMS', k, '>');
    p.xack(k, 'g1', `${1000}-${i}`);
    p.xdel(k, `${1002}-${i}`);
  }
  p.select(3);
  p.set('seed:db3', 'three');
  p.rpush('seed:db3:l', 'a', 'b');
  p.set('seed:db3:ttl', 'x', 'PX', 300000000);
  p.select(0);
  await p.exec();
  await c.function('LOAD', 'REPLACE', FUNCTION_LIB);
}

export interface WorkloadOptions {
  /** Writes to send (commands inside MULTI and scripts count as one). */
  writes: number;
  seed: number;
  batch?: number;
  /** Connections that keep a blocking pop waiting on the `blk:` keys while writing. */
  blockers?: Redis[];
  /** Called after each acknowledged batch (e.g. WAIT). */
  afterBatch?: (c: Redis, batch: number) => Promise<void>;
  /** Key prefix (a second run writes new keys too). */
  prefix?: string;
}

/**
 * Sends `writes` mixed writes in pipelines of `batch`. Key spaces are small so keys are
 * rewritten many times; collections are trimmed so they stay small. Returns the error replies
 * by message (a few are expected, e.g. RENAME of a missing key).
 */
export async function mixedWrites(c: Redis, o: WorkloadOptions): Promise<Map<string, number>> {
  const errors = new Map<string, number>();
  const rnd = prng(o.seed);
  const batch = o.batch ?? 1000;
  const P = o.prefix ?? 'w';
  const int = (n: number): number => Math.floor(rnd() * n);
  const shaRandom = (await c.script('LOAD', SCRIPT_RANDOM)) as string;
  const shaCounter = (await c.script('LOAD', SCRIPT_COUNTER)) as string;
  const groups = c.pipeline();
  groups.xgroup('CREATE', `${P}:blk:x`, 'bg', '$', 'MKSTREAM');
  for (let j = 0; j < 10; j++) groups.xgroup('CREATE', `${P}:x:${j}`, 'g', '$', 'MKSTREAM');
  await groups.exec();
  let stop = false;
  const blocked: Promise<unknown>[] = [];
  for (const [i, b] of (o.blockers ?? []).entries()) {
    blocked.push(
      (async () => {
        while (!stop) {
          switch (i % 4) {
            case 0:
              await b.blpop(`${P}:blk:l0`, `${P}:blk:l1`, 0.2);
              break;
            case 1:
              await b.bzpopmin(`${P}:blk:z`, 0.2);
              break;
            case 2:
              await b.blmove(`${P}:blk:l1`, `${P}:blk:dst`, 'LEFT', 'RIGHT', 0.2);
              break;
            default:
              await b.xreadgroup('GROUP', 'bg', 'blocker', 'COUNT', 2, 'BLOCK', 200, 'STREAMS', `${P}:blk:x`, '>');
          }
        }
      })(),
    );
  }
  const db1 = c.duplicate();
  db1.on('error', () => {});
  await db1.select(1);
  try {
    for (let done = 0, n = 0; done < o.writes; n++) {
      const p = c.pipeline();
      const p1 = db1.pipeline();
      const todo = Math.min(batch, o.writes - done);
      for (let k = 0; k < todo; k++) {
        const r = int(100);
        const i = int(300);
        const s = `${P}:s:${i}`;
        if (r < 10) p.set(s, `v${int(1e6)}`);
        else if (r < 13) p.set(s, `e${i}`, 'EX', 100000 + int(1000));
        else if (r < 15) p.set(s, `p${i}`, 'PX', 100000000 + int(1000));
        else if (r < 17) p.set(`${P}:short:${i}`, 'gone', 'PX', 1 + int(20)); // expires for real
        else if (r < 18) p.psetex(`${P}:short:${i}`, 1 + int(20), 'gone');
        else if (r < 19) p.set(s, 'kept', 'KEEPTTL');
        else if (r < 20) p.setex(`${P}:sx:${i}`, 100000 + i, 'x');
        else if (r < 21) p.expire(s, 200000 + i);
        else if (r < 22) p.pexpire(`${P}:h:${i % 50}`, 300000000 + i);
        else if (r < 23) p.persist(s);
        else if (r < 24) p.getex(s, 'EX', 50000);
        else if (r < 25) p.expire(`${P}:sx:${i}`, 0); // deletes now
        else if (r < 26) p.append(s, 'a');
        else if (r < 28) p.incrbyfloat(`${P}:f:${i % 50}`, (int(2000) - 1000) / 64);
        else if (r < 30) p.incr(`${P}:n:${i % 50}`);
        else if (r < 34) p.rpush(`${P}:l:${i % 60}`, `x${int(100)}`, `y${k}`);
        else if (r < 35) p.lpop(`${P}:l:${i % 60}`);
        else if (r < 36) p.ltrim(`${P}:l:${i % 60}`, -30, -1);
        else if (r < 37) p.lmove(`${P}:l:${i % 60}`, `${P}:l:${int(60)}`, 'LEFT', 'RIGHT');
        else if (r < 38) p.lrem(`${P}:l:${i % 60}`, 1, `x${int(100)}`);
        else if (r < 41) p.hset(`${P}:h:${i % 50}`, `f${int(40)}`, `v${int(1000)}`);
        else if (r < 42) p.hincrby(`${P}:h:${i % 50}`, 'cnt', 1);
        else if (r < 43) p.hincrbyfloat(`${P}:h:${i % 50}`, 'flt', '0.1');
        else if (r < 44) p.hdel(`${P}:h:${i % 50}`, `f${int(40)}`);
        else if (r < 47) p.sadd(`${P}:t:${i % 40}`, `m${int(60)}`, `m${int(60)}`);
        else if (r < 49) p.spop(`${P}:t:${i % 40}`);
        else if (r < 50) p.spop(`${P}:t:${i % 40}`, 2);
        else if (r < 51) p.srandmember(`${P}:t:${i % 40}`, 3);
        else if (r < 52) p.smove(`${P}:t:${i % 40}`, `${P}:t:${int(40)}`, `m${int(60)}`);
        else if (r < 53) p.sinterstore(`${P}:tstore`, `${P}:t:${i % 40}`, `${P}:t:${int(40)}`);
        else if (r < 57) p.zadd(`${P}:z:${i % 40}`, (int(10000) / 7).toString(), `m${int(80)}`);
        else if (r < 58) p.zincrby(`${P}:z:${i % 40}`, 1.5, `m${int(80)}`);
        else if (r < 59) p.zpopmin(`${P}:z:${i % 40}`);
        else if (r < 60) p.zremrangebyrank(`${P}:z:${i % 40}`, 0, -41);
        else if (r < 61) p.zunionstore(`${P}:zstore`, 2, `${P}:z:${i % 40}`, `${P}:z:${int(40)}`);
        else if (r < 64) p.xadd(`${P}:x:${i % 10}`, 'MAXLEN', '~', '50', '*', 'f', `v${int(1000)}`);
        else if (r < 65) p.xreadgroup('GROUP', 'g', `c${int(3)}`, 'COUNT', 2, 'STREAMS', `${P}:x:${i % 10}`, '>');
        else if (r < 66) p.xgroup('CREATECONSUMER', `${P}:x:${i % 10}`, 'g', `c${int(5)}`);
        else if (r < 67) p.xautoclaim(`${P}:x:${i % 10}`, 'g', `c${int(3)}`, 0, '0-0', 'COUNT', 2);
        else if (r < 68) p.xtrim(`${P}:x:${i % 10}`, 'MAXLEN', 40);
        else if (r < 70) p.pfadd(`${P}:hll:${i % 20}`, `u${int(5000)}`, `u${int(5000)}`);
        else if (r < 71) p.pfmerge(`${P}:hllm`, `${P}:hll:${i % 20}`, `${P}:hll:${int(20)}`);
        else if (r < 72) p.geoadd(`${P}:geo:${i % 10}`, (int(3600) - 1800) / 10, (int(1700) - 850) / 10, `g${int(100)}`);
        else if (r < 73) p.setbit(`${P}:bits:${i % 10}`, int(4000), 1);
        else if (r < 76) p.evalsha(shaRandom, 4, `${P}:t:${i % 40}`, `${P}:t:${int(40)}`, `${P}:popped`, `${P}:short:s${i}`, 'v', String(1 + int(15)));
        else if (r < 78) p.eval(SCRIPT_COUNTER, 2, `${P}:f:${i % 50}`, `${P}:n:${i % 50}`);
        else if (r < 80) p.fcall('bump', 2, `${P}:f:${i % 50}`, `${P}:h:${i % 50}`, '1.25');
        else if (r < 81) p.fcall('mover', 2, `${P}:t:${i % 40}`, `${P}:z:${i % 40}`, String(int(100)));
        else if (r < 84) {
          p.call('MULTI');
          p.incr(`${P}:n:${i % 50}`);
          p.rpush(`${P}:l:${i % 60}`, 'tx');
          p.set(`${P}:s:${i}`, 'tx', 'PX', 50000000);
          p.spop(`${P}:t:${i % 40}`);
          p.call('EXEC');
        } else if (r < 86) p.rpush(`${P}:blk:l${int(2)}`, `b${k}`);
        else if (r < 87) p.zadd(`${P}:blk:z`, int(100), `b${k}`);
        else if (r < 88) p.xadd(`${P}:blk:x`, 'MAXLEN', '100', '*', 'b', String(k));
        else if (r < 90) p1.hset(`${P}:db1:h:${i % 20}`, `f${int(10)}`, String(k));
        else if (r < 91) p1.set(`${P}:db1:s:${i % 50}`, String(k), 'EX', 100000);
        else if (r < 92) p1.set(`${P}:db1:short:${i % 50}`, String(k), 'PX', 1 + int(10));
        else if (r < 93) p.del(s, `${P}:l:${int(60)}`);
        else if (r < 94) p.unlink(`${P}:t:${int(40)}`);
        else if (r < 95) p.copy(s, `${P}:copy:${i % 20}`, 'REPLACE');
        else if (r < 96) p.rename(`${P}:l:${i % 60}`, `${P}:renamed:${i % 10}`);
        else if (r < 97) p.bitfield(`${P}:bf:${i % 5}`, 'INCRBY', 'u8', int(100), 3);
        else if (r < 98) p.zrangestore(`${P}:zr`, `${P}:z:${i % 40}`, 0, 5);
        else if (r < 99) p.getdel(`${P}:s:${int(300)}`);
        else p.decrby(`${P}:n:${i % 50}`, 3);
      }
      for (const res of await Promise.all([p.exec(), p1.exec()])) {
        for (const [err] of res ?? []) {
          if (err) errors.set(err.message, (errors.get(err.message) ?? 0) + 1);
        }
      }
      done += todo;
      if (o.afterBatch) await o.afterBatch(c, n);
    }
  } finally {
    stop = true;
    await Promise.all(blocked.map((b) => b.catch(() => undefined)));
    db1.disconnect();
  }
  return errors;
}
