import { describe, expect, it } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';
import { memoryOf } from '../../src/memory/accounting';

const OOM = err("OOM command not allowed when used memory > 'maxmemory'.");

function used(t: InProcess): number {
  return memoryOf(t.server).used();
}

/**
 * What used_memory counts for db 0 beyond Σ MEMORY USAGE: the jemalloc rounding of each dict
 * entry (24 → 32 bytes) and the bucket arrays of the keyspace and expires tables.
 */
function tableOverhead(t: InProcess): number {
  used(t);
  const db = t.server.dbs[0]!;
  return 8 * db.dict.size + 8 * (db.dict.tableSlots + db.expires.tableSlots);
}

/** Sets maxmemory to the current usage plus `extra` bytes. */
function limitTo(t: InProcess, extra: number): number {
  const max = used(t) + extra;
  expect(t.run('CONFIG', 'SET', 'maxmemory', max)).toEqual(ok);
  return max;
}

describe('MEMORY USAGE', () => {
  it('replies nil for a missing key and an integer for existing ones', () => {
    const t = new InProcess();
    expect(t.run('MEMORY', 'USAGE', 'nokey')).toBe(null);
    t.run('SET', 'k', 'v');
    const n = t.run('MEMORY', 'USAGE', 'k') as number;
    expect(typeof n).toBe('number');
    t.run('SET', 'k', 'v'.repeat(10000));
    expect((t.run('MEMORY', 'USAGE', 'k') as number) - n).toBeGreaterThanOrEqual(9990);
  });

  it('parses SAMPLES as Redis does', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'v');
    expect(typeof t.run('MEMORY', 'USAGE', 'k', 'SAMPLES', '0')).toBe('number');
    expect(typeof t.run('MEMORY', 'USAGE', 'k', 'samples', '100')).toBe('number');
    expect(t.run('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1')).toEqual(err('ERR syntax error'));
    expect(t.run('MEMORY', 'USAGE', 'k', 'SAMPLES', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('MEMORY', 'USAGE', 'k', 'SAMPLES')).toEqual(err('ERR syntax error'));
    expect(t.run('MEMORY', 'USAGE', 'k', 'foo', '1')).toEqual(err('ERR syntax error'));
    // Arguments are checked before the key is looked up.
    expect(t.run('MEMORY', 'USAGE', 'nokey', 'SAMPLES', '-1')).toEqual(err('ERR syntax error'));
    expect(t.run('MEMORY', 'USAGE')).toEqual(err("ERR wrong number of arguments for 'memory|usage' command"));
  });

  it('equals what the key adds to used_memory, for every type', () => {
    const t = new InProcess();
    const base = used(t);
    t.run('SET', 's', 'x'.repeat(500));
    t.run('RPUSH', 'l', 'a', 'b', 'c', 'd'.repeat(300));
    t.run('HSET', 'h', 'f1', 'v1', 'f2', 'v2'.repeat(100));
    t.run('SADD', 'st', 'a', 'b', 'c');
    t.run('ZADD', 'z', '1', 'a', '2', 'b');
    t.run('XADD', 'x', '*', 'f', 'v');
    let sum = 0;
    for (const k of ['s', 'l', 'h', 'st', 'z', 'x']) sum += t.run('MEMORY', 'USAGE', k) as number;
    expect(used(t) - base).toBe(sum + tableOverhead(t));
  });

  it('follows in-place growth and deletion at once', () => {
    const t = new InProcess();
    const base = used(t);
    for (let i = 0; i < 100; i++) t.run('RPUSH', 'l', 'x'.repeat(1000));
    const grown = used(t) - base;
    expect(grown).toBeGreaterThan(100 * 1000);
    expect(grown).toBe((t.run('MEMORY', 'USAGE', 'l') as number) + tableOverhead(t));
    for (let i = 0; i < 1000; i++) t.run('HSET', 'h', 'field' + i, 'v'.repeat(100));
    expect(used(t) - base).toBeGreaterThan(grown + 1000 * 100);
    t.run('DEL', 'l', 'h');
    expect(used(t)).toBe(base);
    t.run('SET', 'a', 'x'.repeat(100000));
    t.run('FLUSHALL');
    expect(used(t)).toBe(base);
  });

  it('tracks 10 MB of values within a few percent', () => {
    const t = new InProcess();
    const base = used(t);
    const v = 'x'.repeat(10000);
    for (let i = 0; i < 1000; i++) t.run('SET', 'key:' + i, v);
    const delta = used(t) - base;
    expect(delta).toBeGreaterThan(10_000_000);
    expect(delta).toBeLessThan(10_400_000);
    t.run('FLUSHDB');
    expect(used(t)).toBe(base);
  });

  it('counts expires and follows SWAPDB', () => {
    const t = new InProcess();
    const base = used(t);
    t.run('SET', 'k', 'v');
    const one = used(t) - base;
    t.run('EXPIRE', 'k', '100');
    expect(used(t) - base).toBeGreaterThan(one);
    t.run('SWAPDB', '0', '1');
    expect(used(t) - base).toBeGreaterThan(one);
    t.run('SELECT', '1');
    t.run('DEL', 'k');
    expect(used(t)).toBe(base);
  });
});

describe('MEMORY subcommands', () => {
  it('STATS prints Redis field names as a map', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'v');
    const r = t.run('MEMORY', 'STATS') as { type: string; value: unknown[] };
    const names = (r.value ?? (r as unknown as unknown[])).filter((_, i) => i % 2 === 0);
    for (const f of ['peak.allocated', 'total.allocated', 'startup.allocated', 'clients.normal', 'db.0', 'overhead.total', 'keys.count', 'keys.bytes-per-key', 'dataset.bytes', 'fragmentation', 'fragmentation.bytes']) {
      expect(names).toContain(f);
    }
  });

  it('DOCTOR, PURGE, MALLOC-STATS, HELP and unknown subcommands', () => {
    const t = new InProcess();
    const d = t.run('MEMORY', 'DOCTOR') as { value: string };
    expect(d.value).toMatch(/^Hi Sam, this instance is empty/);
    expect(t.run('MEMORY', 'PURGE')).toEqual(ok);
    expect(t.run('MEMORY', 'MALLOC-STATS')).toBe('Stats not supported for the current allocator');
    const help = t.run('MEMORY', 'HELP') as { value: string }[];
    expect(help.length).toBe(14);
    expect(t.run('MEMORY', 'FOO')).toEqual(err("ERR unknown subcommand 'FOO'. Try MEMORY HELP."));
    expect(t.run('MEMORY', 'DOCTOR', 'x')).toEqual(err("ERR wrong number of arguments for 'memory|doctor' command"));
  });
});

describe('maxmemory', () => {
  it('noeviction: OOM for denyoom commands, reads and DEL still run', () => {
    const t = new InProcess();
    t.run('SET', 'a', '1');
    t.run('CONFIG', 'SET', 'maxmemory', '1');
    expect(t.run('SET', 'b', '2')).toEqual(OOM);
    expect(t.run('RPUSH', 'l', 'x')).toEqual(OOM);
    expect(t.run('GET', 'a')).toBe('1');
    expect(t.run('DEL', 'a')).toBe(1);
    expect(t.run('PING')).toEqual({ type: 'status', value: 'PONG' });
    expect(t.run('CONFIG', 'SET', 'maxmemory', '0')).toEqual(ok);
    expect(t.run('SET', 'b', '2')).toEqual(ok);
  });

  it('OOM inside MULTI: queueing is refused and EXEC aborts; DISCARD works', () => {
    const t = new InProcess();
    t.run('MULTI');
    t.run('SET', 'a', '1');
    t.run('CONFIG', 'SET', 'maxmemory', '1'); // queued
    t.run('DISCARD');
    const other = t.newClient();
    other.run('CONFIG', 'SET', 'maxmemory', '1');
    t.run('MULTI');
    expect(t.run('GET', 'a')).toEqual(OOM); // anything queued is refused when out of memory
    expect(t.run('DISCARD')).toEqual(ok);
    other.run('CONFIG', 'SET', 'maxmemory', '0');
    t.run('MULTI');
    t.run('SET', 'x', '1');
    other.run('CONFIG', 'SET', 'maxmemory', '1');
    expect(t.run('EXEC')).toEqual(err("EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'."));
    other.run('CONFIG', 'SET', 'maxmemory', '0');
    t.run('MULTI');
    t.run('GET', 'x');
    other.run('CONFIG', 'SET', 'maxmemory', '1');
    expect(t.run('EXEC')).toEqual([null]);
  });

  it('allkeys-lru: 3x maxmemory of writes stays under the limit and evicts mostly old keys', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    const max = limitTo(t, 2_000_000);
    const v = 'v'.repeat(1000);
    const n = 6000; // ~3x the 2 MB budget
    for (let i = 0; i < n; i++) {
      if (i % 100 === 0) t.advance(1000);
      expect(t.run('SET', 'key:' + i, v)).toEqual(ok);
      expect(used(t)).toBeLessThanOrEqual(max + 2000);
    }
    const info = t.run('INFO', 'stats') as { value: string };
    const evicted = Number(/evicted_keys:(\d+)/.exec(info.value)![1]);
    expect(evicted).toBeGreaterThan(n / 2);
    const size = t.run('DBSIZE') as number;
    expect(size + evicted).toBe(n);
    // Survivors are mostly recent: most of the newest third is still there, little of the oldest.
    let newest = 0;
    let oldest = 0;
    for (let i = 0; i < n / 3; i++) {
      if (t.run('EXISTS', 'key:' + (n - 1 - i)) === 1) newest++;
      if (t.run('EXISTS', 'key:' + i) === 1) oldest++;
    }
    expect(newest).toBeGreaterThan(oldest * 3);
  });

  it('allkeys-lru keeps keys that are read', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    t.run('CONFIG', 'SET', 'maxmemory-samples', '10');
    limitTo(t, 1_000_000);
    const v = 'v'.repeat(1000);
    for (let h = 0; h < 10; h++) t.run('SET', 'hot:' + h, v);
    let misses = 0;
    for (let i = 0; i < 3000; i++) {
      t.advance(100);
      t.run('SET', 'key:' + i, v);
      for (let h = 0; h < 10; h++) {
        if (t.run('GET', 'hot:' + h) === null) {
          misses++;
          t.run('SET', 'hot:' + h, v);
        }
      }
    }
    // ~2000 cold keys were evicted; the 10 hot ones (read every 100 ms) almost never.
    expect(Number(/evicted_keys:(\d+)/.exec((t.run('INFO', 'stats') as { value: string }).value)![1])).toBeGreaterThan(1500);
    expect(misses).toBeLessThan(10);
  });

  it('allkeys-lfu keeps hot keys', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    const v = 'v'.repeat(1000);
    for (let h = 0; h < 10; h++) t.run('SET', 'hot:' + h, v);
    for (let r = 0; r < 200; r++) for (let h = 0; h < 10; h++) t.run('GET', 'hot:' + h);
    limitTo(t, 1_000_000);
    for (let i = 0; i < 3000; i++) t.run('SET', 'key:' + i, v);
    let kept = 0;
    for (let h = 0; h < 10; h++) if (t.run('EXISTS', 'hot:' + h) === 1) kept++;
    expect(kept).toBe(10);
    expect(t.run('OBJECT', 'FREQ', 'hot:0') as number).toBeGreaterThan(5);
  });

  it('volatile-lru / volatile-random evict only keys with a TTL, then OOM', () => {
    for (const policy of ['volatile-lru', 'volatile-random', 'volatile-lfu', 'volatile-ttl']) {
      const t = new InProcess();
      t.run('CONFIG', 'SET', 'maxmemory-policy', policy);
      const v = 'v'.repeat(1000);
      for (let i = 0; i < 200; i++) t.run('SET', 'persist:' + i, v);
      for (let i = 0; i < 200; i++) t.run('SET', 'vol:' + i, v, 'EX', '1000');
      limitTo(t, 50_000);
      let oom = false;
      for (let i = 0; i < 500 && !oom; i++) {
        const r = t.run('SET', 'new:' + i, v);
        if (JSON.stringify(r) === JSON.stringify(OOM)) oom = true;
      }
      expect(oom, policy).toBe(true);
      for (let i = 0; i < 200; i++) expect(t.run('EXISTS', 'persist:' + i), policy).toBe(1);
      const info = (t.run('INFO', 'keyspace') as { value: string }).value;
      expect(info, policy).not.toMatch(/expires=[1-9]/);
      expect(t.run('GET', 'persist:1')).toBe(v);
    }
  });

  it('volatile-ttl evicts the keys closest to expiring first', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl');
    t.run('CONFIG', 'SET', 'maxmemory-samples', '10');
    const v = 'v'.repeat(1000);
    for (let i = 0; i < 300; i++) t.run('SET', 'vol:' + i, v, 'EX', String(1000 + i * 10));
    limitTo(t, 0);
    for (let i = 0; i < 100; i++) t.run('SET', 'new:' + i, v);
    let early = 0;
    let late = 0;
    for (let i = 0; i < 100; i++) {
      if (t.run('EXISTS', 'vol:' + i) === 1) early++;
      if (t.run('EXISTS', 'vol:' + (299 - i)) === 1) late++;
    }
    expect(late).toBeGreaterThan(early);
    expect(late).toBeGreaterThan(80);
  });

  it('emits evicted events, signals WATCH and counts evicted_keys', () => {
    const t = new InProcess();
    const sub = t.newClient();
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'Ee');
    sub.run('PSUBSCRIBE', '*');
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random');
    t.run('SET', 'foo', 'bar');
    const w = t.newClient();
    w.run('WATCH', 'foo');
    w.run('MULTI');
    w.run('PING');
    t.run('CONFIG', 'SET', 'maxmemory', '1');
    t.run('PING'); // the pre-command check evicts
    expect(t.run('EXISTS', 'foo')).toBe(0);
    expect(w.run('EXEC')).toBe(null);
    const info = (t.run('INFO', 'stats') as { value: string }).value;
    expect(info).toMatch(/evicted_keys:1\r\n/);
    t.run('CONFIG', 'SET', 'maxmemory', '0');
  });

  it('does not evict while clients are paused', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    t.run('SET', 'k', 'v');
    t.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    t.run('CONFIG', 'SET', 'maxmemory', '1');
    expect(t.run('GET', 'k')).toBe('v');
    t.run('CLIENT', 'UNPAUSE');
    t.run('PING');
    expect(t.run('EXISTS', 'k')).toBe(0);
  });

  it('maxmemory 0 is unlimited', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    for (let i = 0; i < 1000; i++) t.run('SET', 'k' + i, 'x'.repeat(1000));
    expect(t.run('DBSIZE')).toBe(1000);
    const info = (t.run('INFO', 'memory') as { value: string }).value;
    expect(info).toMatch(/maxmemory:0\r\n/);
    expect(info).toMatch(/maxmemory_policy:allkeys-lru\r\n/);
    expect(info).toMatch(/used_memory_dataset:\d+\r\n/);
  });
});

describe('OBJECT FREQ / IDLETIME', () => {
  it('FREQ needs an LFU policy, IDLETIME an LRU one', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'v');
    expect(t.run('OBJECT', 'FREQ', 'k')).toEqual(
      err('ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'),
    );
    t.advance(5000);
    expect(t.run('OBJECT', 'IDLETIME', 'k')).toBe(5);
    t.run('GET', 'k');
    expect(t.run('OBJECT', 'IDLETIME', 'k')).toBe(0);
    t.run('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu');
    t.run('SET', 'k2', 'v');
    expect(t.run('OBJECT', 'FREQ', 'k2')).toBe(5);
    expect(t.run('OBJECT', 'IDLETIME', 'k2')).toEqual(
      err('ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'),
    );
    for (let i = 0; i < 100; i++) t.run('GET', 'k2');
    expect(t.run('OBJECT', 'FREQ', 'k2') as number).toBeGreaterThan(5);
    t.run('CONFIG', 'SET', 'lfu-decay-time', '1');
    const before = t.run('OBJECT', 'FREQ', 'k2') as number;
    t.advance(3 * 60_000);
    expect(t.run('OBJECT', 'FREQ', 'k2')).toBe(Math.max(0, before - 3));
    expect(t.run('OBJECT', 'FREQ', 'nokey')).toBe(null);
  });
});
