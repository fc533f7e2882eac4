/**
 * Shared helpers of the persistence integration tests (rdb.test.ts, aof.test.ts): start respite
 * or a real redis-server on a directory, populate every type/encoding, and read the whole
 * dataset back in a comparable form.
 */
import { spawn } from 'node:child_process';
import { Server } from '../../src/server';
import { RawClient, parseReply } from '../helpers/raw-client';
import { freePort } from '../helpers/real-redis';
import { persistenceOf } from '../../src/persistence/snapshot';

export async function startRespite(dir: string, extra: Record<string, string> = {}, wait = true): Promise<{ server: Server; c: RawClient }> {
  const server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', dir, ...extra } });
  await server.listen();
  const c = await RawClient.connect(server.port);
  if (wait) while (persistenceOf(server).loading) await new Promise((r) => setTimeout(r, 5));
  return { server, c };
}

export async function startReal(dir: string, args: string[] = []): Promise<{ stop: () => Promise<void>; c: RawClient }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory', '2gb', '--logfile', '', '--loglevel', 'warning', ...args], { stdio: 'ignore' });
  let c: RawClient | null = null;
  for (let i = 0; i < 100 && c === null; i++) {
    try {
      c = await RawClient.connect(port);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  // Wait for loading to finish.
  for (;;) {
    const r = await c!.call('PING');
    if (r.startsWith('+PONG')) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  return {
    c: c!,
    stop: () =>
      new Promise<void>((resolve) => {
        c!.close();
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

export async function call(c: RawClient, ...args: (string | number)[]): Promise<unknown> {
  return parseReply(await c.call(...args));
}

/**
 * Every key of dbs 0..3: type, value (order-normalised where Redis's order is unspecified), TTL
 * presence, encoding. With `readCounters` false, consumer groups' entries-read and lag are left
 * out: an AOF replays XREADGROUP as XCLAIM … LASTID, which does not carry them (in Redis too).
 */
export async function dumpAll(c: RawClient, withEncoding = true, readCounters = true): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 4; db++) {
    await call(c, 'SELECT', db);
    const keys = (await call(c, 'KEYS', '*')) as string[];
    for (const k of keys) {
      const type = (await call(c, 'TYPE', k)) as string;
      let v: unknown;
      if (type === 'string') v = await call(c, 'GET', k);
      else if (type === 'list') v = await call(c, 'LRANGE', k, 0, -1);
      else if (type === 'set') v = ((await call(c, 'SMEMBERS', k)) as string[]).sort();
      else if (type === 'hash') {
        const a = (await call(c, 'HGETALL', k)) as string[];
        const pairs: string[] = [];
        for (let i = 0; i < a.length; i += 2) pairs.push(`${a[i]}=${a[i + 1]}`);
        v = pairs.sort();
      } else if (type === 'zset') v = await call(c, 'ZRANGE', k, 0, -1, 'WITHSCORES');
      else if (type === 'stream') {
        let groups = (await call(c, 'XINFO', 'GROUPS', k)) as unknown[][];
        if (!readCounters) groups = groups.map((g) => g.map((x, i) => (i > 0 && (g[i - 1] === 'entries-read' || g[i - 1] === 'lag') ? '?' : x)));
        v = [await call(c, 'XRANGE', k, '-', '+'), groups];
      }
      const pttl = (await call(c, 'PTTL', k)) as number;
      const enc = withEncoding && type !== 'string' ? await call(c, 'OBJECT', 'ENCODING', k) : undefined;
      out[`${db}:${k}`] = { type, v, ttl: pttl > 0 ? Math.round(pttl / 100000) : pttl, enc };
    }
  }
  await call(c, 'SELECT', 0);
  return out;
}

/** Builds every type and encoding (small and large), TTLs, several dbs. */
export async function populate(c: RawClient): Promise<void> {
  await call(c, 'SELECT', 0);
  await call(c, 'SET', 'str', 'hello');
  await call(c, 'SET', 'int', '12345');
  await call(c, 'SET', 'neg', '-7');
  await call(c, 'SET', 'int64', '-9223372036854775808');
  await call(c, 'SET', 'long', 'abcdefghij'.repeat(50));
  await call(c, 'SET', 'bin', '\x00\xff\r\n\x80binary');
  await call(c, 'SET', 'ttl', 'x', 'PX', 5_000_000);
  await call(c, 'RPUSH', 'list', 'a', '1', '-2', '300', '70000', 'x'.repeat(100), '9223372036854775807');
  const many: string[] = [];
  for (let i = 0; i < 3000; i++) many.push(i % 7 === 0 ? String(i * 1000) : `element-${i}`);
  await call(c, 'RPUSH', 'biglist', ...many);
  await call(c, 'SADD', 'iset', '3', '1', '2', '-100000', '5000000000');
  await call(c, 'SADD', 'sset', 'a', 'b', 'c');
  const sm: string[] = [];
  for (let i = 0; i < 1000; i++) sm.push(String(i));
  await call(c, 'SADD', 'bigiset', ...sm);
  await call(c, 'HSET', 'hash', 'f1', 'v1', 'f2', '2', 'f3', 'x'.repeat(30));
  await call(c, 'HSET', 'hashlong', 'f', 'y'.repeat(100));
  const hf: string[] = [];
  for (let i = 0; i < 600; i++) hf.push(`f${i}`, `v${i}`);
  await call(c, 'HSET', 'bighash', ...hf);
  await call(c, 'ZADD', 'zset', '1', 'a', '2.5', 'b', '-3', 'c', 'inf', 'd', '1e100', 'e', '-inf', 'f');
  const zf: string[] = [];
  for (let i = 0; i < 300; i++) zf.push(String(i / 3), `m${i}`);
  await call(c, 'ZADD', 'bigzset', ...zf);
  await call(c, 'ZADD', 'zlong', '1', 'z'.repeat(100));
  await call(c, 'PFADD', 'hll', 'a', 'b', 'c');
  await call(c, 'PEXPIRE', 'hash', 7_000_000);
  await call(c, 'SELECT', 2);
  await call(c, 'SET', 'db2key', 'in db 2');
  await call(c, 'RPUSH', 'db2list', 'q');
  await call(c, 'EXPIRE', 'db2list', 9000);
  await call(c, 'SELECT', 3);
  for (let i = 0; i < 500; i++) await c.call('SET', `k${i}`, `v${i}`);
  await call(c, 'SELECT', 0);
}

