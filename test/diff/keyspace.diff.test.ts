/**
 * Generic key commands, byte for byte against redis-server (commands/keyspace.ts).
 * Only deterministic replies are compared exactly; TTL-valued replies are compared in ranges.
 */
import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('keyspace commands match redis-server', () => {
  const d = useDiff();

  it('DEL / UNLINK / EXISTS / TYPE / TOUCH', async () => {
    await d.same('SET', 'a', '1');
    await d.same('SET', 'b', '2');
    await d.same('EXISTS', 'a', 'a', 'b', 'c');
    await d.same('TYPE', 'a');
    await d.same('TYPE', 'nokey');
    await d.same('TOUCH', 'a', 'b', 'zz');
    await d.same('DEL', 'a', 'b', 'c', 'a');
    await d.same('DEL', 'a');
    await d.same('SET', 'u', '1');
    await d.same('UNLINK', 'u', 'u2');
    await d.same('DEL');
    await d.same('UNLINK');
    await d.same('EXISTS');
    await d.same('TOUCH');
    await d.same('TYPE');
    await d.same('TYPE', 'a', 'b');
  });

  it('RANDOMKEY / DBSIZE / KEYS', async () => {
    await d.same('RANDOMKEY');
    await d.same('DBSIZE');
    await d.same('SET', 'only', 'x');
    await d.same('RANDOMKEY');
    await d.same('DBSIZE');
    await d.same('RANDOMKEY', 'x');
    await d.same('DBSIZE', 'x');
    for (const k of ['key_x', 'key_y', 'foo_a', 'foo_b', 'f[x]', 'a*b', 'a\\b', '']) await d.same('SET', k, '1');
    for (const p of ['*', '**', 'foo*', 'key_?', '*_[a-x]', 'f\\[x\\]', 'a\\*b', '[^k]*', '[z-a]*', 'a\\\\b', '[', 'f[', '*[x', 'nomatch']) {
      await d.sameSorted('KEYS', p);
    }
    await d.same('KEYS');
  });

  it('SCAN', async () => {
    for (let i = 0; i < 20; i++) await d.same('SET', `k${i}`, 'v');
    await d.same('SADD', 'aset', 'x');
    const [x, y] = await d.both('SCAN', '0', 'COUNT', '1000');
    expect(x.slice(0, 8)).toBe(y.slice(0, 8)); // *2 $1 0
    const [m1] = await d.both('SCAN', '0', 'COUNT', '1000', 'MATCH', 'k1*');
    expect(m1.split('\r\n').filter((l) => l.startsWith('k1')).sort()).toEqual(['k1', 'k10', 'k11', 'k12', 'k13', 'k14', 'k15', 'k16', 'k17', 'k18', 'k19']);
    await d.same('SCAN', '0', 'COUNT', '1000', 'TYPE', 'set');
    await d.same('SCAN', '0', 'COUNT', '1000', 'TYPE', 'SET');
    await d.same('SCAN', '0', 'COUNT', '1000', 'TYPE', 'hash');
    await d.same('SCAN', '0', 'COUNT', '1000', 'MATCH', 'nomatch*');
    await d.same('SCAN', 'x');
    await d.same('SCAN', ' 1');
    await d.same('SCAN', '1x');
    await d.same('SCAN', '-');
    await d.same('SCAN', '18446744073709551616');
    await d.same('SCAN', '0', 'COUNT', '0');
    await d.same('SCAN', '0', 'COUNT', '-5');
    await d.same('SCAN', '0', 'COUNT', 'x');
    await d.same('SCAN', '0', 'COUNT');
    await d.same('SCAN', '0', 'MATCH');
    await d.same('SCAN', '0', 'TYPE');
    await d.same('SCAN', '0', 'FOO', 'bar');
    await d.same('SCAN');
    await d.same('FLUSHALL');
    await d.same('SCAN', '0');
    await d.same('SCAN', '');
  });

  it('RENAME / RENAMENX', async () => {
    await d.same('RENAME', 'nokey', 'x');
    await d.same('RENAMENX', 'nokey', 'x');
    await d.same('RENAME', 'nokey', 'nokey');
    await d.same('SET', 'a', '1');
    await d.same('RENAME', 'a', 'a');
    await d.same('RENAMENX', 'a', 'a');
    await d.same('RENAME', 'a', 'b');
    await d.same('GET', 'b');
    await d.same('EXISTS', 'a');
    await d.same('SET', 'c', '3');
    await d.same('RENAMENX', 'b', 'c');
    await d.same('RENAMENX', 'b', 'd');
    await d.same('SET', 'e', '1');
    await d.same('EXPIRE', 'e', '100');
    await d.same('RENAME', 'e', 'f');
    await d.same('TTL', 'f');
    await d.same('RENAME', 'c', 'f');
    await d.same('TTL', 'f');
    await d.same('RENAME', 'a');
    await d.same('RENAMENX', 'a', 'b', 'c');
  });

  it('MOVE', async () => {
    await d.same('SET', 'k', 'v');
    await d.same('MOVE', 'k', '0');
    await d.same('MOVE', 'k', '16');
    await d.same('MOVE', 'k', '-1');
    await d.same('MOVE', 'k', 'x');
    await d.same('MOVE', 'k', '99999999999');
    await d.same('MOVE', 'nokey', '1');
    await d.same('EXPIRE', 'k', '100');
    await d.same('MOVE', 'k', '1');
    await d.same('EXISTS', 'k');
    await d.same('SELECT', '1');
    await d.same('GET', 'k');
    await d.same('TTL', 'k');
    await d.same('SELECT', '0');
    await d.same('SET', 'k', 'other');
    await d.same('MOVE', 'k', '1');
    await d.same('SELECT', '1');
    await d.same('FLUSHDB');
    await d.same('SELECT', '0');
    await d.same('MOVE', 'k');
  });

  it('COPY', async () => {
    await d.same('SET', 'a', '1');
    await d.same('EXPIRE', 'a', '100');
    await d.same('COPY', 'a', 'b');
    await d.same('TTL', 'b');
    await d.same('COPY', 'a', 'b');
    await d.same('SET', 'c', '3');
    await d.same('COPY', 'c', 'b', 'REPLACE');
    await d.same('TTL', 'b');
    await d.same('GET', 'b');
    await d.same('COPY', 'nokey', 'b');
    await d.same('COPY', 'nokey', 'b', 'REPLACE');
    await d.same('COPY', 'a', 'a');
    await d.same('COPY', 'a', 'a', 'DB', '0');
    await d.same('COPY', 'a', 'a', 'DB', '3');
    await d.same('COPY', 'a', 'a', 'DB', '3');
    await d.same('COPY', 'a', 'a', 'db', '3', 'replace');
    await d.same('COPY', 'a', 'x', 'DB', '16');
    await d.same('COPY', 'a', 'x', 'DB', '-1');
    await d.same('COPY', 'a', 'x', 'DB', 'x');
    await d.same('COPY', 'a', 'x', 'DB', '99999999999');
    await d.same('COPY', 'a', 'x', 'DB');
    await d.same('COPY', 'a', 'x', 'FOO');
    await d.same('COPY', 'a', 'x', 'REPLACE', 'REPLACE');
    await d.same('SADD', 's', 'a', 'b');
    await d.same('COPY', 's', 's2');
    await d.same('SADD', 's', 'c');
    await d.sameSorted('SMEMBERS', 's2');
    await d.same('TYPE', 's2');
    await d.same('OBJECT', 'ENCODING', 's2');
    await d.same('RPUSH', 'l', 'a', 'b');
    await d.same('COPY', 'l', 'l2', 'DB', '1');
    await d.same('RPUSH', 'l', 'c');
    await d.same('SELECT', '1');
    await d.same('LRANGE', 'l2', '0', '-1');
    await d.same('TYPE', 'l2');
    await d.same('SELECT', '0');
    await d.same('HSET', 'h', 'f', 'v');
    await d.same('COPY', 'h', 'h2');
    await d.same('HSET', 'h', 'f2', 'v2');
    await d.sameSorted('HGETALL', 'h2');
    await d.same('OBJECT', 'ENCODING', 'h2');
    await d.same('SCAN', '0', 'TYPE', 'hash', 'COUNT', '100', 'MATCH', 'h2');
    await d.same('COPY', 'a');
  });

  it('SWAPDB / DBSIZE / FLUSHDB / FLUSHALL', async () => {
    await d.same('SET', 'a', '0');
    await d.same('SWAPDB', '0', '1');
    await d.same('DBSIZE');
    await d.same('SWAPDB', '0', '1');
    await d.same('DBSIZE');
    await d.same('SWAPDB', '0', '0');
    await d.same('SWAPDB', 'x', '1');
    await d.same('SWAPDB', '0', 'x');
    await d.same('SWAPDB', '0', '16');
    await d.same('SWAPDB', '-1', '0');
    await d.same('SWAPDB', '0', '99999999999');
    await d.same('SWAPDB', '0');
    await d.same('FLUSHDB', 'foo');
    await d.same('FLUSHDB', 'ASYNC');
    await d.same('FLUSHDB', 'sync');
    await d.same('FLUSHDB', 'sync', 'async');
    await d.same('FLUSHALL', 'foo');
    await d.same('FLUSHALL', 'async');
    await d.same('FLUSHALL', 'SYNC');
    await d.same('FLUSHALL');
    await d.same('FLUSHDB');
    await d.same('DBSIZE');
  });

  it('EXPIRE family, TTL family, PERSIST', async () => {
    await d.same('EXPIRE', 'nokey', '10');
    for (const c of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) await d.same(c, 'nokey');
    await d.same('SET', 'k', 'v');
    for (const c of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) await d.same(c, 'k');
    await d.same('EXPIRE', 'k', '100', 'XX');
    await d.same('EXPIRE', 'k', '100', 'GT');
    await d.same('EXPIRE', 'k', '100', 'LT');
    await d.same('TTL', 'k');
    await d.same('EXPIRE', 'k', '200', 'NX');
    await d.same('EXPIRE', 'k', '200', 'xx');
    await d.same('EXPIRE', 'k', '100', 'gt');
    await d.same('EXPIRE', 'k', '300', 'GT');
    await d.same('EXPIRE', 'k', '300', 'LT');
    await d.same('EXPIRE', 'k', '50', 'LT', 'XX');
    await d.same('TTL', 'k');
    await d.same('EXPIRE', 'k', '1', 'NX', 'XX');
    await d.same('EXPIRE', 'k', '1', 'NX', 'GT');
    await d.same('EXPIRE', 'k', '1', 'nx', 'lt');
    await d.same('EXPIRE', 'k', '1', 'GT', 'LT');
    await d.same('EXPIRE', 'k', '1', 'foo');
    await d.same('EXPIRE', 'k', 'x', 'NX', 'XX');
    await d.same('EXPIRE', 'k', 'x');
    await d.same('EXPIRE', 'k', '');
    await d.same('EXPIRE', 'k', '1.5');
    await d.same('EXPIRE', 'k', '9223372036854775807');
    await d.same('EXPIRE', 'k', '-9223372036854776');
    await d.same('EXPIRE', 'k', '-9999999999999999');
    await d.same('EXPIRE', 'k', '9223372036854775808');
    await d.same('EXPIREAT', 'k', '9223372036854776');
    await d.same('PEXPIRE', 'k', '9223372036854770000');
    await d.same('PEXPIREAT', 'k', '9223372036854770000');
    await d.same('PEXPIRETIME', 'k');
    await d.same('EXPIRETIME', 'k');
    await d.same('PERSIST', 'k');
    await d.same('PERSIST', 'k');
    await d.same('PERSIST', 'nokey');
    await d.same('EXPIREAT', 'k', '4102444800');
    await d.same('EXPIRETIME', 'k');
    await d.same('PEXPIRETIME', 'k');
    await d.same('PEXPIREAT', 'k', '4102444800123');
    await d.same('PEXPIRETIME', 'k');
    await d.same('EXPIRETIME', 'k');
    await d.same('EXPIRE', 'k', '-1');
    await d.same('EXISTS', 'k');
    await d.same('SET', 'k', 'v');
    await d.same('PEXPIREAT', 'k', '-9223372036854770000');
    await d.same('TTL', 'k');
    await d.same('SET', 'k', 'v');
    await d.same('EXPIREAT', 'k', '1');
    await d.same('EXISTS', 'k');
    await d.same('EXPIRE', 'k');
    await d.same('TTL');
    await d.same('PERSIST');
  });

  it('TTL rounding', async () => {
    await d.same('SET', 'k', 'v');
    await d.same('PEXPIRE', 'k', '100000');
    await d.same('TTL', 'k');
    const [x, y] = await d.both('PTTL', 'k');
    const px = Number(x.slice(1));
    const py = Number(y.slice(1));
    expect(Math.abs(px - py)).toBeLessThan(1000);
    expect(px).toBeGreaterThan(98000);
  });

  it('OBJECT', async () => {
    for (const v of ['12345', '-9223372036854775808', '9223372036854775808', '012', '-0', ' 1', 'x'.repeat(44), 'x'.repeat(45), '']) {
      await d.same('SET', 'k', v);
      await d.same('OBJECT', 'ENCODING', 'k');
    }
    await d.same('OBJECT', 'ENCODING', 'nokey');
    await d.same('SET', 'n', '5');
    await d.same('OBJECT', 'REFCOUNT', 'n');
    await d.same('SET', 'n', '10000');
    await d.same('OBJECT', 'REFCOUNT', 'n');
    await d.same('SET', 'n', 'str');
    await d.same('OBJECT', 'REFCOUNT', 'n');
    await d.same('OBJECT', 'REFCOUNT', 'nokey');
    await d.same('OBJECT', 'IDLETIME', 'n');
    await d.same('OBJECT', 'IDLETIME', 'nokey');
    await d.same('OBJECT', 'FREQ', 'n');
    await d.same('OBJECT', 'FREQ', 'nokey');
    await d.same('OBJECT', 'HELP');
    await d.same('OBJECT', 'help');
    await d.same('OBJECT', 'HELP', 'x');
    await d.same('OBJECT', 'foo', 'k');
    await d.same('OBJECT', 'ENCODING');
    await d.same('OBJECT', 'ENCODING', 'a', 'b');
    await d.same('OBJECT');
  });
});

describeDiff('OBJECT under maxmemory policies matches redis-server', () => {
  const d = useDiff();

  it('LFU: FREQ starts at 5, the first access makes it 6; IDLETIME refuses', async () => {
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    try {
      await d.same('SET', 'k', 'v');
      await d.same('OBJECT', 'FREQ', 'k');
      await d.same('GET', 'k');
      await d.same('OBJECT', 'FREQ', 'k');
      await d.same('OBJECT', 'IDLETIME', 'k');
      await d.same('OBJECT', 'FREQ', 'nokey');
      await d.same('TYPE', 'k');
      await d.same('OBJECT', 'FREQ', 'k');
    } finally {
      await d.both('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('LRU with maxmemory: integers are not shared', async () => {
    await d.same('CONFIG', 'SET', 'maxmemory', '1gb');
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      await d.same('SET', 'n', '7');
      await d.same('OBJECT', 'REFCOUNT', 'n');
      await d.same('OBJECT', 'IDLETIME', 'n');
      await d.same('OBJECT', 'FREQ', 'n');
    } finally {
      await d.both('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
      await d.both('CONFIG', 'SET', 'maxmemory', '0');
    }
  });
});

describeDiff('keyspace commands under RESP3 match redis-server', () => {
  const d = useDiff();

  it('null and aggregate replies', async () => {
    await d.both('HELLO', '3');
    await d.same('RANDOMKEY');
    await d.same('OBJECT', 'ENCODING', 'nokey');
    await d.same('OBJECT', 'IDLETIME', 'nokey');
    await d.same('SET', 'k', 'v');
    await d.same('SCAN', '0');
    await d.same('KEYS', '*');
    await d.same('TYPE', 'k');
    await d.same('OBJECT', 'HELP');
    await d.same('TTL', 'k');
    await d.same('COPY', 'k', 'k2');
    await d.same('RENAME', 'k2', 'k3');
    await d.same('RANDOMKEY', 'x');
    await d.both('HELLO', '2');
  });
});

describeDiff('keyspace command metadata matches redis-server', () => {
  const d = useDiff();

  it('COMMAND GETKEYSANDFLAGS and COMMAND INFO', async () => {
    const calls = [
      ['DEL', 'a', 'b'], ['UNLINK', 'a'], ['EXISTS', 'a', 'b'], ['TYPE', 'a'], ['TOUCH', 'a', 'b'],
      ['RENAME', 'a', 'b'], ['RENAMENX', 'a', 'b'], ['MOVE', 'a', '1'], ['COPY', 'a', 'b'], ['COPY', 'a', 'b', 'DB', '1', 'REPLACE'],
      ['EXPIRE', 'a', '1'], ['PEXPIRE', 'a', '1'], ['EXPIREAT', 'a', '1'], ['PEXPIREAT', 'a', '1', 'NX'],
      ['TTL', 'a'], ['PTTL', 'a'], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'a'], ['PERSIST', 'a'],
      ['OBJECT', 'ENCODING', 'a'], ['OBJECT', 'FREQ', 'a'], ['OBJECT', 'IDLETIME', 'a'], ['OBJECT', 'REFCOUNT', 'a'],
    ];
    for (const c of calls) await d.same('COMMAND', 'GETKEYSANDFLAGS', ...c);
    for (const c of ['KEYS', 'SCAN', 'RANDOMKEY', 'DBSIZE', 'SWAPDB', 'FLUSHDB', 'FLUSHALL']) await d.same('COMMAND', 'GETKEYS', c, 'x', 'y');
    // COMMAND INFO: name, arity, flags, key range, ACL categories, tips (key specs are not compared).
    const names = ['del', 'unlink', 'exists', 'type', 'touch', 'randomkey', 'keys', 'scan', 'rename', 'renamenx', 'move', 'copy',
      'expire', 'pexpire', 'expireat', 'pexpireat', 'ttl', 'pttl', 'expiretime', 'pexpiretime', 'persist', 'object',
      'swapdb', 'dbsize', 'flushdb', 'flushall'];
    for (const n of names) {
      const [x, y] = await d.both('COMMAND', 'INFO', n);
      const first8 = (raw: string) => {
        const v = (parseReply(raw) as unknown[][])[0]!;
        // Redis lists subcommands in its dict's (seeded hash) order: compare them sorted.
        const subs = (v[9] as unknown[][] | undefined ?? []).map((sv) => JSON.stringify(sv.slice(0, 8))).sort();
        return [v.slice(0, 8), subs];
      };
      expect(first8(x), `COMMAND INFO ${n}`).toEqual(first8(y));
    }
  });
});
