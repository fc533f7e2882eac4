/**
 * DUMP/RESTORE against redis-server 7.0.15: payloads of small values are byte-identical, and
 * payloads move both ways (real → respite, respite → real) with the same resulting values,
 * encodings and TTLs. RESTORE's errors match.
 */
import { expect, it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';
import type { RawClient } from '../helpers/raw-client';
import { decodeDumpValue, DEFAULT_LIMITS } from '../../src/persistence/rdb-reader';
import { createDumpPayload } from '../../src/commands/persistence';

async function dump(c: RawClient, key: string): Promise<string> {
  const r = parseReply(await c.call('DUMP', key));
  if (typeof r !== 'string') throw new Error(`DUMP ${key}: ${JSON.stringify(r)}`);
  return r;
}

/** Builds every type and encoding on a connection. */
async function populate(c: RawClient): Promise<void> {
  await c.call('SET', 'str', 'hello');
  await c.call('SET', 'int', '12345');
  await c.call('SET', 'neg', '-7');
  await c.call('SET', 'big', '9223372036854775807');
  await c.call('SET', 'long', 'abcdefghij'.repeat(20));
  await c.call('SET', 'bin', '\x00\xff\r\n\x80binary');
  await c.call('RPUSH', 'list', 'a', '1', '-2', '300', '70000', 'x'.repeat(100));
  const many: string[] = [];
  for (let i = 0; i < 2000; i++) many.push(`e${i}`);
  await c.call('RPUSH', 'biglist', ...many);
  await c.call('SADD', 'iset', '3', '1', '2', '-100000', '5000000000');
  await c.call('SADD', 'sset', 'a', 'b', 'c');
  await c.call('HSET', 'hash', 'f1', 'v1', 'f2', '2', 'f3', 'x'.repeat(30));
  const hf: string[] = [];
  for (let i = 0; i < 300; i++) hf.push(`f${i}`, `v${i}`);
  await c.call('HSET', 'bighash', ...hf);
  await c.call('ZADD', 'zset', '1', 'a', '2.5', 'b', '-3', 'c', 'inf', 'd', '1e100', 'e');
  const zf: string[] = [];
  for (let i = 0; i < 300; i++) zf.push(String(i / 3), `m${i}`);
  await c.call('ZADD', 'bigzset', ...zf);
  await c.call('PFADD', 'hll', 'a', 'b', 'c');
}

const KEYS = ['str', 'int', 'neg', 'big', 'long', 'bin', 'list', 'biglist', 'iset', 'sset', 'hash', 'bighash', 'zset', 'bigzset', 'hll'];

async function snapshot(c: RawClient, key: string): Promise<unknown> {
  const type = parseReply(await c.call('TYPE', key)) as string;
  const enc = parseReply(await c.call('OBJECT', 'ENCODING', key));
  let v: unknown;
  if (type === 'string') v = parseReply(await c.call('GET', key));
  else if (type === 'list') v = parseReply(await c.call('LRANGE', key, 0, -1));
  else if (type === 'set') v = (parseReply(await c.call('SMEMBERS', key)) as string[]).sort();
  else if (type === 'hash') {
    const a = parseReply(await c.call('HGETALL', key)) as string[];
    const m: Record<string, string> = {};
    for (let i = 0; i < a.length; i += 2) m[a[i]!] = a[i + 1]!;
    v = m;
  } else if (type === 'zset') v = parseReply(await c.call('ZRANGE', key, 0, -1, 'WITHSCORES'));
  return { type, enc, v };
}

describeDiff('DUMP / RESTORE match redis-server', () => {
  const d = useDiff();

  it('small values: byte-identical payloads', async () => {
    await d.both('SET', 's', 'v');
    await d.both('SET', 'n', '42');
    await d.both('SET', 'n2', '-30000');
    await d.both('SET', 'n3', '2000000000');
    await d.both('SET', 'n4', '12345678901');
    await d.both('RPUSH', 'l', 'a', '1', 'hello', '-5', '1000');
    await d.both('SADD', 'i', '1', '2', '70000');
    await d.both('HSET', 'h', 'a', '1', 'b', 'two');
    await d.both('ZADD', 'z', '1', 'a', '1.5', 'b', '-2', 'c');
    for (const k of ['s', 'n', 'n2', 'n3', 'n4', 'l', 'i', 'h', 'z', 'missing']) await d.same('DUMP', k);
  });

  it('real → respite and respite → real', async () => {
    await populate(d.theirs());
    await populate(d.ours());
    for (const key of KEYS) {
      const theirs = await dump(d.theirs(), key);
      const ours = await dump(d.ours(), key);
      await d.ours().call('RESTORE', `${key}:r`, 0, theirs);
      await d.theirs().call('RESTORE', `${key}:r`, 0, ours);
      const a = await snapshot(d.ours(), `${key}:r`);
      const b = await snapshot(d.theirs(), `${key}:r`);
      expect(a, key).toEqual(b);
      const orig = (await snapshot(d.theirs(), key)) as { v: unknown };
      expect((a as { v: unknown }).v, key).toEqual(orig.v);
    }
  });

  it('RESTORE options and TTLs', async () => {
    await d.both('SET', 'k', 'v');
    const p = await dump(d.theirs(), 'k');
    await d.same('RESTORE', 'k', 0, p);
    await d.same('RESTORE', 'k', 0, p, 'REPLACE');
    await d.same('RESTORE', 'k2', 100000, p);
    const [t1, t2] = await d.both('PTTL', 'k2');
    expect(Math.abs(Number(t1.slice(1)) - Number(t2.slice(1)))).toBeLessThan(2000);
    await d.same('RESTORE', 'k3', Date.now() + 100000, p, 'ABSTTL');
    await d.same('RESTORE', 'k4', 1, p, 'ABSTTL');
    await d.same('EXISTS', 'k4');
    await d.same('RESTORE', 'k', 1, p, 'ABSTTL', 'REPLACE');
    await d.same('EXISTS', 'k');
    await d.same('RESTORE', 'k5', 0, p, 'IDLETIME', 1000);
    await d.same('OBJECT', 'IDLETIME', 'k5');
    await d.same('RESTORE', 'k6', 0, p, 'IDLETIME', -1);
    await d.same('RESTORE', 'k6', 0, p, 'FREQ', 256);
    await d.same('RESTORE', 'k6', 0, p, 'FREQ', 5, 'IDLETIME', 5);
    await d.same('RESTORE', 'k6', 0, p, 'IDLETIME', 'x');
    await d.same('RESTORE', 'k6', 0, p, 'BOGUS');
    await d.same('RESTORE', 'k6', -1, p);
    await d.same('RESTORE', 'k6', 'abc', p);
    await d.same('RESTORE', 'k6', 0, 'garbage');
    await d.same('RESTORE', 'k6', 0, p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) ^ 1));
    // Good checksum, bad body.
    const bad = '\x00\xc7junk';
    const ours = d.oursServer();
    void ours;
    await d.same('RESTORE', 'k6', 0, 'x');
    await d.same('DUMP');
    await d.same('RESTORE', 'k6', 0);
    void bad;
  });

  it('streams: a real payload decodes, re-encodes and restores into Redis with the same XINFO FULL', async () => {
    const r = d.theirs();
    for (let i = 1; i <= 250; i++) {
      const args = i % 3 === 0 ? ['a', String(i), 'b', 'x'.repeat(i % 30)] : ['other', String(-i)];
      await r.call('XADD', 'st', `${1000 + Math.floor(i / 2)}-${i % 2 === 0 ? 0 : 7}`, ...args);
    }
    await r.call('XDEL', 'st', '1001-7', '1100-0');
    await r.call('XGROUP', 'CREATE', 'st', 'g1', '0');
    await r.call('XGROUP', 'CREATE', 'st', 'g2', '$');
    await r.call('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', 3, 'STREAMS', 'st', '>');
    await r.call('XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', 2, 'STREAMS', 'st', '>');
    await r.call('XACK', 'st', 'g1', '1001-0');
    const payload = await dump(r, 'st');
    const v = decodeDumpValue(Buffer.from(payload, 'latin1'), DEFAULT_LIMITS);
    expect(typeof v).toBe('object');
    const ours = createDumpPayload(v as never, true);
    expect(await r.call('RESTORE', 'st2', 0, ours)).toBe('+OK\r\n');
    const full = (k: string) => r.call('XINFO', 'STREAM', k, 'FULL');
    expect(await full('st2')).toBe(await full('st'));
    expect(await r.call('XRANGE', 'st2', '-', '+')).toBe(await r.call('XRANGE', 'st', '-', '+'));
  });

  it('persistence command argument errors match (no file is written)', async () => {
    await d.same('BGSAVE', 'foo');
    await d.same('BGSAVE', 'SCHEDULE', 'x');
    await d.same('SAVE', 'x');
    await d.same('BGREWRITEAOF', 'x');
    await d.same('LASTSAVE', 'x');
    await d.same('DUMP');
    await d.same('DUMP', 'a', 'b');
    await d.same('RESTORE', 'k', '0');
    await d.same('MIGRATE', 'h', '1', 'k', '0');
    await d.sameType('LASTSAVE');
  });
});
