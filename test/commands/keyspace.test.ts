/**
 * In-process tests of the generic key commands (commands/keyspace.ts) with a fake clock:
 * every option and error path, keyspace events, dirty counting, expiry at the ms boundary.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { InProcess, ok, err, status } from '../helpers/run';
import type { TypedValue } from '../../src/db/database';
import { NotifyFlags } from '../../src/db/notify';
import { markRawString } from '../../src/db/object-info';

/** A minimal collection value for COPY/TYPE/OBJECT tests (the real types live elsewhere). */
class FakeList implements TypedValue {
  readonly type = 'list' as const;
  constructor(public items: string[]) {}
  encoding(): string {
    return 'quicklist';
  }
  clone(): FakeList {
    return new FakeList([...this.items]);
  }
  freeEffort(): number {
    return this.items.length;
  }
}

let t: InProcess;
let events: [string, string][];

beforeEach(() => {
  t = new InProcess();
  events = [];
  t.server.notifyFlags = NotifyFlags.Keyevent | NotifyFlags.All;
  t.server.hooks.publish = (channel, message) => {
    events.push([channel.replace(/^__keyevent@\d+__:/, ''), message]);
    return 0;
  };
});

describe('DEL / UNLINK / EXISTS / TYPE / TOUCH', () => {
  it('DEL counts deleted keys, ignores missing and repeated ones', () => {
    t.run('SET', 'a', '1');
    t.run('SET', 'b', '2');
    events = [];
    const dirty = t.server.dirty;
    expect(t.run('DEL', 'a', 'b', 'c', 'a')).toBe(2);
    expect(t.server.dirty - dirty).toBe(2);
    expect(events).toEqual([
      ['del', 'a'],
      ['del', 'b'],
    ]);
    expect(t.run('DEL', 'a')).toBe(0);
  });

  it('DEL of an expired key returns 0 and fires expired, not del', () => {
    t.run('SET', 'k', 'v');
    t.run('PEXPIRE', 'k', 100);
    t.advance(101);
    events = [];
    expect(t.run('DEL', 'k')).toBe(0);
    expect(events).toEqual([['expired', 'k']]);
    expect(t.server.stats.expiredKeys).toBe(1);
  });

  it('UNLINK behaves as DEL and counts big values as lazily freed', () => {
    t.run('SET', 'a', '1');
    t.server.dbs[0]!.setKey('big', new FakeList(Array.from({ length: 100 }, (_, i) => String(i))));
    t.server.dbs[0]!.setKey('small', new FakeList(['x']));
    expect(t.run('UNLINK', 'a', 'big', 'small', 'zz')).toBe(3);
    expect(t.server.stats.lazyfreedObjects).toBe(1);
    expect(t.run('DBSIZE')).toBe(0);
  });

  it('UNLINK of a big stream counts as lazily freed, a tiny one does not', () => {
    t.run('CONFIG', 'SET', 'stream-node-max-entries', '5');
    for (let j = 0; j < 1000; j++) t.run('XADD', 'stream', '*', 'foo', String(j));
    t.run('XGROUP', 'CREATE', 'stream', 'mygroup', '0');
    t.run('XREADGROUP', 'GROUP', 'mygroup', 'Alice', 'COUNT', '2', 'STREAMS', 'stream', '>');
    expect(t.run('UNLINK', 'stream')).toBe(1);
    expect(t.server.stats.lazyfreedObjects).toBe(1);
    t.run('XADD', 's', '*', 'a', 'b');
    t.run('XGROUP', 'CREATE', 's', 'bla', '$');
    t.run('XGROUP', 'DESTROY', 's', 'bla');
    expect(t.run('UNLINK', 's')).toBe(1);
    expect(t.server.stats.lazyfreedObjects).toBe(1);
  });

  it('EXISTS counts each argument', () => {
    t.run('SET', 'a', '1');
    expect(t.run('EXISTS', 'a', 'a', 'b')).toBe(2);
    expect(t.run('EXISTS', 'nope')).toBe(0);
    t.run('SET', 'e', '');
    expect(t.run('EXISTS', 'e')).toBe(1);
  });

  it('TYPE', () => {
    t.run('SET', 's', 'x');
    t.server.dbs[0]!.setKey('l', new FakeList(['a']));
    expect(t.run('TYPE', 's')).toEqual(status('string'));
    expect(t.run('TYPE', 'l')).toEqual(status('list'));
    expect(t.run('TYPE', 'none')).toEqual(status('none'));
  });

  it('TOUCH counts existing keys', () => {
    t.run('SET', 'a', '1');
    t.run('SET', 'b', '1');
    expect(t.run('TOUCH', 'x', 'a', 'b', 'y')).toBe(2);
  });

  it('arity errors', () => {
    expect(t.run('DEL')).toEqual(err("ERR wrong number of arguments for 'del' command"));
    expect(t.run('EXISTS')).toEqual(err("ERR wrong number of arguments for 'exists' command"));
    expect(t.run('TYPE', 'a', 'b')).toEqual(err("ERR wrong number of arguments for 'type' command"));
    expect(t.run('RANDOMKEY', 'x')).toEqual(err("ERR wrong number of arguments for 'randomkey' command"));
  });
});

describe('RANDOMKEY / DBSIZE / KEYS', () => {
  it('RANDOMKEY on empty and non-empty dbs', () => {
    expect(t.run('RANDOMKEY')).toBe(null);
    t.run('SET', 'only', '1');
    expect(t.run('RANDOMKEY')).toBe('only');
  });

  it('RANDOMKEY skips and deletes expired keys', () => {
    t.run('SET', 'a', '1', 'PX', '10');
    t.run('SET', 'b', '1', 'PX', '10');
    t.run('SET', 'c', '1');
    t.advance(11);
    expect(t.run('RANDOMKEY')).toBe('c');
    t.run('DEL', 'c');
    expect(t.run('RANDOMKEY')).toBe(null);
    expect(t.run('DBSIZE')).toBe(0);
  });

  it('DBSIZE counts logically expired keys until reclaimed', () => {
    t.run('SET', 'a', '1', 'PX', '10');
    t.advance(50);
    expect(t.run('DBSIZE')).toBe(1);
    expect(t.run('KEYS', '*')).toEqual([]);
    expect(t.run('DBSIZE')).toBe(1); // KEYS doesn't delete
    expect(t.run('EXISTS', 'a')).toBe(0);
    expect(t.run('DBSIZE')).toBe(0);
  });

  it('KEYS with patterns', () => {
    for (const k of ['key_x', 'key_y', 'foo_a', 'foo_b', 'f[x]', 'a*b']) t.run('SET', k, '1');
    expect((t.run('KEYS', 'foo*') as string[]).sort()).toEqual(['foo_a', 'foo_b']);
    expect((t.run('KEYS', 'key_?') as string[]).sort()).toEqual(['key_x', 'key_y']);
    expect((t.run('KEYS', '*_[a-x]') as string[]).sort()).toEqual(['foo_a', 'foo_b', 'key_x']);
    expect(t.run('KEYS', 'f\\[x\\]')).toEqual(['f[x]']);
    expect(t.run('KEYS', 'a\\*b')).toEqual(['a*b']);
    expect((t.run('KEYS', '*') as string[]).length).toBe(6);
  });

  it('KEYS "*" returns the empty key, "**" does not (stringmatchlen quirk)', () => {
    t.run('SET', '', 'x');
    expect(t.run('KEYS', '*')).toEqual(['']);
    expect(t.run('KEYS', '**')).toEqual([]);
  });
});

describe('SCAN', () => {
  it('returns every key over a full iteration', () => {
    for (let i = 0; i < 100; i++) t.run('SET', `k${i}`, '1');
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const r = t.run('SCAN', cursor) as [string, string[]];
      cursor = r[0];
      for (const k of r[1]) seen.add(k);
      calls++;
    } while (cursor !== '0');
    expect(seen.size).toBe(100);
    expect(calls).toBeGreaterThan(5);
  });

  it('COUNT, MATCH and TYPE', () => {
    for (let i = 0; i < 30; i++) t.run('SET', `k${i}`, '1');
    t.server.dbs[0]!.setKey('list1', new FakeList(['a']));
    const r = t.run('SCAN', '0', 'COUNT', '1000') as [string, string[]];
    expect(r[0]).toBe('0');
    expect(r[1].length).toBe(31);
    const m = t.run('SCAN', '0', 'COUNT', '1000', 'MATCH', 'k1*') as [string, string[]];
    expect(m[1].sort()).toEqual(['k1', 'k10', 'k11', 'k12', 'k13', 'k14', 'k15', 'k16', 'k17', 'k18', 'k19']);
    const ty = t.run('SCAN', '0', 'count', '1000', 'type', 'LIST') as [string, string[]];
    expect(ty[1]).toEqual(['list1']);
    const none = t.run('SCAN', '0', 'COUNT', '1000', 'TYPE', 'hash') as [string, string[]];
    expect(none[1]).toEqual([]);
  });

  it('does not return expired keys and deletes them', () => {
    t.run('SET', 'a', '1', 'PX', '10');
    t.run('SET', 'b', '1');
    t.advance(11);
    const r = t.run('SCAN', '0') as [string, string[]];
    expect(r[1]).toEqual(['b']);
    expect(t.run('DBSIZE')).toBe(1);
  });

  it('cursor parsing (strtoul rules)', () => {
    t.run('SET', 'a', '1');
    expect(t.run('SCAN', 'x')).toEqual(err('ERR invalid cursor'));
    expect(t.run('SCAN', ' 1')).toEqual(err('ERR invalid cursor'));
    expect(t.run('SCAN', '1x')).toEqual(err('ERR invalid cursor'));
    expect(t.run('SCAN', '18446744073709551616')).toEqual(err('ERR invalid cursor'));
    expect(t.run('SCAN', '-')).toEqual(err('ERR invalid cursor'));
    expect((t.run('SCAN', '') as [string, string[]])[1]).toEqual(['a']);
    expect((t.run('SCAN', '+0') as [string, string[]])[1]).toEqual(['a']);
    expect(Array.isArray(t.run('SCAN', '18446744073709551615'))).toBe(true);
  });

  it('option errors', () => {
    expect(t.run('SCAN', '0', 'COUNT', '0')).toEqual(err('ERR syntax error'));
    expect(t.run('SCAN', '0', 'COUNT', '-1')).toEqual(err('ERR syntax error'));
    expect(t.run('SCAN', '0', 'COUNT', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('SCAN', '0', 'MATCH')).toEqual(err('ERR syntax error'));
    expect(t.run('SCAN', '0', 'FOO', 'bar')).toEqual(err('ERR syntax error'));
    expect(t.run('SCAN', 'x', 'COUNT', '0')).toEqual(err('ERR invalid cursor'));
  });
});

describe('RENAME / RENAMENX', () => {
  it('moves value, TTL and fires rename_from/rename_to', () => {
    t.run('SET', 'a', 'v');
    t.run('PEXPIRE', 'a', 5000);
    events = [];
    expect(t.run('RENAME', 'a', 'b')).toEqual(ok);
    expect(t.run('GET', 'b')).toBe('v');
    expect(t.run('EXISTS', 'a')).toBe(0);
    expect(t.run('PTTL', 'b')).toBe(5000);
    expect(events).toEqual([
      ['rename_from', 'a'],
      ['rename_to', 'b'],
    ]);
  });

  it('overwrites the destination and drops its TTL when the source has none', () => {
    t.run('SET', 'a', '1');
    t.run('SET', 'b', '2', 'EX', '100');
    expect(t.run('RENAME', 'a', 'b')).toEqual(ok);
    expect(t.run('TTL', 'b')).toBe(-1);
    expect(t.run('GET', 'b')).toBe('1');
  });

  it('errors and same-key cases', () => {
    expect(t.run('RENAME', 'nokey', 'x')).toEqual(err('ERR no such key'));
    expect(t.run('RENAMENX', 'nokey', 'x')).toEqual(err('ERR no such key'));
    expect(t.run('RENAME', 'nokey', 'nokey')).toEqual(err('ERR no such key'));
    t.run('SET', 'a', '1');
    const dirty = t.server.dirty;
    expect(t.run('RENAME', 'a', 'a')).toEqual(ok);
    expect(t.run('RENAMENX', 'a', 'a')).toBe(0);
    expect(t.server.dirty).toBe(dirty);
  });

  it('RENAMENX', () => {
    t.run('SET', 'a', '1');
    t.run('SET', 'b', '2');
    expect(t.run('RENAMENX', 'a', 'b')).toBe(0);
    expect(t.run('GET', 'b')).toBe('2');
    expect(t.run('RENAMENX', 'a', 'c')).toBe(1);
    expect(t.run('GET', 'c')).toBe('1');
  });

  it('an expired source is a missing key; an expired destination is free', () => {
    t.run('SET', 'a', '1', 'PX', '10');
    t.run('SET', 'b', '1', 'PX', '10');
    t.run('SET', 'c', '3');
    t.advance(20);
    expect(t.run('RENAME', 'a', 'z')).toEqual(err('ERR no such key'));
    expect(t.run('RENAMENX', 'c', 'b')).toBe(1);
  });
});

describe('MOVE / COPY / SWAPDB', () => {
  it('MOVE moves with TTL and fires move_from/move_to', () => {
    t.run('SET', 'k', 'v', 'PX', '5000');
    events = [];
    expect(t.run('MOVE', 'k', '1')).toBe(1);
    expect(t.run('EXISTS', 'k')).toBe(0);
    t.run('SELECT', '1');
    expect(t.run('GET', 'k')).toBe('v');
    expect(t.run('PTTL', 'k')).toBe(5000);
    expect(events).toEqual([
      ['move_from', 'k'],
      ['move_to', 'k'],
    ]);
  });

  it('MOVE errors and zero replies', () => {
    expect(t.run('MOVE', 'k', '0')).toEqual(err('ERR source and destination objects are the same'));
    expect(t.run('MOVE', 'k', '16')).toEqual(err('ERR DB index is out of range'));
    expect(t.run('MOVE', 'k', '-1')).toEqual(err('ERR DB index is out of range'));
    expect(t.run('MOVE', 'k', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('MOVE', 'k', '99999999999')).toEqual(err('ERR value is out of range, value must between -2147483648 and 2147483647'));
    expect(t.run('MOVE', 'k', '1')).toBe(0);
    t.run('SET', 'k', 'a');
    t.run('SELECT', '1');
    t.run('SET', 'k', 'b');
    t.run('SELECT', '0');
    expect(t.run('MOVE', 'k', '1')).toBe(0);
  });

  it('COPY strings and collections (deep copy), TTL carried, copy_to event', () => {
    t.run('SET', 's', 'v', 'PX', '3000');
    const l = new FakeList(['a', 'b']);
    t.server.dbs[0]!.setKey('l', l);
    events = [];
    expect(t.run('COPY', 's', 's2')).toBe(1);
    expect(t.run('PTTL', 's2')).toBe(3000);
    expect(t.run('COPY', 'l', 'l2', 'DB', '2')).toBe(1);
    expect(events).toEqual([
      ['copy_to', 's2'],
      ['copy_to', 'l2'],
    ]);
    const copy = t.server.dbs[2]!.dict.get('l2') as FakeList;
    expect(copy).not.toBe(l);
    expect(copy.items).toEqual(['a', 'b']);
    l.items.push('c');
    expect(copy.items).toEqual(['a', 'b']);
  });

  it('COPY REPLACE, existing destination, missing source, errors', () => {
    t.run('SET', 'a', '1');
    t.run('SET', 'b', '2', 'EX', '100');
    expect(t.run('COPY', 'a', 'b')).toBe(0);
    expect(t.run('COPY', 'a', 'b', 'REPLACE')).toBe(1);
    expect(t.run('GET', 'b')).toBe('1');
    expect(t.run('TTL', 'b')).toBe(-1);
    expect(t.run('COPY', 'zz', 'b', 'REPLACE')).toBe(0);
    expect(t.run('COPY', 'a', 'a')).toEqual(err('ERR source and destination objects are the same'));
    expect(t.run('COPY', 'a', 'a', 'DB', '0')).toEqual(err('ERR source and destination objects are the same'));
    expect(t.run('COPY', 'a', 'a', 'DB', '1')).toBe(1);
    expect(t.run('COPY', 'a', 'x', 'DB', '16')).toEqual(err('ERR DB index is out of range'));
    expect(t.run('COPY', 'a', 'x', 'DB')).toEqual(err('ERR syntax error'));
    expect(t.run('COPY', 'a', 'x', 'FOO')).toEqual(err('ERR syntax error'));
    expect(t.run('COPY', 'a', 'x', 'DB', 'x')).toEqual(err('ERR value is not an integer or out of range'));
  });

  it('SWAPDB', () => {
    t.run('SET', 'a', '0');
    t.run('SELECT', '1');
    t.run('SET', 'a', '1');
    expect(t.run('SWAPDB', '0', '1')).toEqual(ok);
    expect(t.run('GET', 'a')).toBe('0');
    expect(t.run('SWAPDB', '1', '1')).toEqual(ok);
    expect(t.run('SWAPDB', 'x', '1')).toEqual(err('ERR invalid first DB index'));
    expect(t.run('SWAPDB', '0', 'x')).toEqual(err('ERR invalid second DB index'));
    expect(t.run('SWAPDB', '0', '99999999999')).toEqual(err('ERR invalid second DB index'));
    expect(t.run('SWAPDB', '0', '16')).toEqual(err('ERR DB index is out of range'));
    expect(t.run('SWAPDB', '-1', '0')).toEqual(err('ERR DB index is out of range'));
  });
});

describe('EXPIRE family', () => {
  it('EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT set absolute times', () => {
    t.run('SET', 'k', 'v');
    expect(t.run('EXPIRE', 'k', '100')).toBe(1);
    expect(t.run('PEXPIRETIME', 'k')).toBe(t.time + 100000);
    expect(t.run('PEXPIRE', 'k', '1500')).toBe(1);
    expect(t.run('PTTL', 'k')).toBe(1500);
    expect(t.run('TTL', 'k')).toBe(2); // (1500+500)/1000
    const at = Math.floor(t.time / 1000) + 50;
    expect(t.run('EXPIREAT', 'k', at)).toBe(1);
    expect(t.run('EXPIRETIME', 'k')).toBe(at);
    expect(t.run('PEXPIREAT', 'k', t.time + 10)).toBe(1);
    expect(t.run('PTTL', 'k')).toBe(10);
    expect(t.run('EXPIRE', 'missing', '10')).toBe(0);
  });

  it('a key lives through its last millisecond (expired when now > when)', () => {
    t.run('SET', 'k', 'v', 'PX', '100');
    t.advance(100);
    expect(t.run('GET', 'k')).toBe('v');
    expect(t.run('PTTL', 'k')).toBe(0);
    t.advance(1);
    expect(t.run('GET', 'k')).toBe(null);
  });

  it('a past time deletes the key with a del event', () => {
    t.run('SET', 'k', 'v');
    events = [];
    expect(t.run('EXPIRE', 'k', '-1')).toBe(1);
    expect(t.run('EXISTS', 'k')).toBe(0);
    expect(events).toEqual([['del', 'k']]);
    t.run('SET', 'k', 'v');
    expect(t.run('PEXPIREAT', 'k', t.time)).toBe(1);
    expect(t.run('EXISTS', 'k')).toBe(0);
    t.run('SET', 'k', 'v');
    expect(t.run('EXPIRE', 'k', '0')).toBe(1);
    expect(t.run('EXISTS', 'k')).toBe(0);
  });

  it('fires expire events and counts dirty', () => {
    t.run('SET', 'k', 'v');
    events = [];
    const d = t.server.dirty;
    t.run('EXPIRE', 'k', '10');
    expect(events).toEqual([['expire', 'k']]);
    expect(t.server.dirty - d).toBe(1);
  });

  it('NX / XX / GT / LT', () => {
    t.run('SET', 'k', 'v');
    expect(t.run('EXPIRE', 'k', '100', 'XX')).toBe(0);
    expect(t.run('EXPIRE', 'k', '100', 'GT')).toBe(0);
    expect(t.run('EXPIRE', 'k', '100', 'LT')).toBe(1);
    expect(t.run('EXPIRE', 'k', '200', 'NX')).toBe(0);
    expect(t.run('EXPIRE', 'k', '200', 'xx')).toBe(1);
    expect(t.run('EXPIRE', 'k', '100', 'gt')).toBe(0);
    expect(t.run('EXPIRE', 'k', '300', 'GT')).toBe(1);
    expect(t.run('EXPIRE', 'k', '300', 'LT')).toBe(0);
    expect(t.run('EXPIRE', 'k', '50', 'LT', 'XX')).toBe(1);
    expect(t.run('TTL', 'k')).toBe(50);
    t.run('PERSIST', 'k');
    expect(t.run('EXPIRE', 'k', '100', 'NX')).toBe(1);
  });

  it('option errors, parsed before the number', () => {
    t.run('SET', 'k', 'v');
    const nx = 'ERR NX and XX, GT or LT options at the same time are not compatible';
    expect(t.run('EXPIRE', 'k', '1', 'NX', 'XX')).toEqual(err(nx));
    expect(t.run('EXPIRE', 'k', '1', 'NX', 'GT')).toEqual(err(nx));
    expect(t.run('EXPIRE', 'k', '1', 'NX', 'LT')).toEqual(err(nx));
    expect(t.run('EXPIRE', 'k', '1', 'GT', 'LT')).toEqual(err('ERR GT and LT options at the same time are not compatible'));
    expect(t.run('EXPIRE', 'k', '1', 'foo')).toEqual(err('ERR Unsupported option foo'));
    expect(t.run('EXPIRE', 'k', 'x', 'NX', 'XX')).toEqual(err(nx));
    expect(t.run('EXPIRE', 'k', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('EXPIRE', 'k', '')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('TTL', 'k')).toBe(-1);
  });

  it('overflow errors', () => {
    t.run('SET', 'k', 'v');
    expect(t.run('EXPIRE', 'k', '9223372036854775807')).toEqual(err("ERR invalid expire time in 'expire' command"));
    expect(t.run('EXPIRE', 'k', '-9223372036854776')).toEqual(err("ERR invalid expire time in 'expire' command"));
    expect(t.run('EXPIREAT', 'k', '9223372036854776')).toEqual(err("ERR invalid expire time in 'expireat' command"));
    expect(t.run('PEXPIRE', 'k', '9223372036854770000')).toEqual(err("ERR invalid expire time in 'pexpire' command"));
    expect(t.run('PEXPIREAT', 'k', '9223372036854770000')).toBe(1);
    expect(t.run('PEXPIREAT', 'k', '-9223372036854770000')).toBe(1);
    expect(t.run('TTL', 'k')).toBe(-2);
    expect(t.run('EXPIRE', 'k', '9223372036854775808')).toEqual(err('ERR value is not an integer or out of range'));
  });

  it('TTL / PTTL / EXPIRETIME / PEXPIRETIME -2 and -1', () => {
    for (const cmd of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) expect(t.run(cmd, 'no')).toBe(-2);
    t.run('SET', 'k', 'v');
    for (const cmd of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) expect(t.run(cmd, 'k')).toBe(-1);
  });

  it('PERSIST', () => {
    t.run('SET', 'k', 'v', 'EX', '10');
    events = [];
    expect(t.run('PERSIST', 'k')).toBe(1);
    expect(events).toEqual([['persist', 'k']]);
    expect(t.run('PERSIST', 'k')).toBe(0);
    expect(t.run('PERSIST', 'nokey')).toBe(0);
    expect(t.run('TTL', 'k')).toBe(-1);
  });

  it('lazy expiry fires the expired event once', () => {
    t.run('SET', 'k', 'v', 'PX', '5');
    t.advance(10);
    events = [];
    expect(t.run('GET', 'k')).toBe(null);
    expect(t.run('GET', 'k')).toBe(null);
    expect(events).toEqual([['expired', 'k']]);
  });
});

describe('OBJECT', () => {
  it('ENCODING of strings', () => {
    const cases: [string, string][] = [
      ['12345', 'int'],
      ['-9223372036854775808', 'int'],
      ['9223372036854775808', 'embstr'],
      ['012', 'embstr'],
      ['-0', 'embstr'],
      [' 1', 'embstr'],
      ['x'.repeat(44), 'embstr'],
      ['x'.repeat(45), 'raw'],
    ];
    for (const [v, enc] of cases) {
      t.run('SET', 'k', v);
      expect(t.run('OBJECT', 'ENCODING', 'k'), v).toBe(enc);
    }
    t.server.dbs[0]!.setKey('l', new FakeList(['a']));
    expect(t.run('OBJECT', 'encoding', 'l')).toBe('quicklist');
    expect(t.run('OBJECT', 'ENCODING', 'missing')).toBe(null);
  });

  it('a string modified in place stays raw until replaced (markRawString)', () => {
    t.run('SET', 'k', '1234');
    markRawString(t.server.dbs[0]!, 'k');
    expect(t.run('OBJECT', 'ENCODING', 'k')).toBe('raw');
    expect(t.run('OBJECT', 'REFCOUNT', 'k')).toBe(1);
    t.advance(5000);
    t.run('GET', 'k');
    expect(t.run('OBJECT', 'ENCODING', 'k')).toBe('raw');
    expect(t.run('OBJECT', 'IDLETIME', 'k')).toBe(0);
    t.advance(2000);
    expect(t.run('OBJECT', 'IDLETIME', 'k')).toBe(2);
    t.run('COPY', 'k', 'k2');
    t.run('RENAME', 'k', 'k3');
    expect(t.run('OBJECT', 'ENCODING', 'k2')).toBe('raw');
    expect(t.run('OBJECT', 'ENCODING', 'k3')).toBe('raw');
    t.run('SET', 'k3', '1234');
    expect(t.run('OBJECT', 'ENCODING', 'k3')).toBe('int');
    t.server.access.lfu = true;
    t.run('SET', 'f', 'x');
    markRawString(t.server.dbs[0]!, 'f');
    expect(t.run('OBJECT', 'FREQ', 'f')).toBe(5);
    t.run('GET', 'f');
    expect(t.run('OBJECT', 'FREQ', 'f')).toBe(6);
    expect(t.run('OBJECT', 'ENCODING', 'f')).toBe('raw');
  });

  it('REFCOUNT', () => {
    t.run('SET', 'a', '5');
    t.run('SET', 'b', '10000');
    t.run('SET', 'c', 'x');
    expect(t.run('OBJECT', 'REFCOUNT', 'a')).toBe(2147483647);
    expect(t.run('OBJECT', 'REFCOUNT', 'b')).toBe(1);
    expect(t.run('OBJECT', 'REFCOUNT', 'c')).toBe(1);
    expect(t.run('OBJECT', 'REFCOUNT', 'none')).toBe(null);
  });

  it('IDLETIME: reads do touch, TYPE/EXISTS/TTL/OBJECT do not', () => {
    t.run('SET', 'k', 'v');
    t.advance(3000);
    t.run('TTL', 'k');
    t.run('TYPE', 'k');
    t.run('EXISTS', 'k');
    t.run('OBJECT', 'ENCODING', 'k');
    expect(t.run('OBJECT', 'IDLETIME', 'k')).toBe(3);
    t.run('GET', 'k');
    expect(t.run('OBJECT', 'IDLETIME', 'k')).toBe(0);
    t.advance(5000);
    t.run('TOUCH', 'k');
    expect(t.run('OBJECT', 'IDLETIME', 'k')).toBe(0);
    t.advance(2000);
    t.run('RENAME', 'k', 'k2');
    t.advance(1000);
    expect(t.run('OBJECT', 'IDLETIME', 'k2')).toBe(1);
    expect(t.run('OBJECT', 'IDLETIME', 'nokey')).toBe(null);
  });

  it('FREQ needs an LFU policy', () => {
    t.run('SET', 'k', 'v');
    expect(t.run('OBJECT', 'FREQ', 'k')).toEqual(
      err(
        'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      ),
    );
    t.server.access.lfu = true;
    t.run('SET', 'k2', 'v');
    expect(t.run('OBJECT', 'FREQ', 'k2')).toBe(5);
    for (let i = 0; i < 50; i++) t.run('GET', 'k2');
    expect(t.run('OBJECT', 'FREQ', 'k2') as number).toBeGreaterThan(5);
    expect(t.run('OBJECT', 'IDLETIME', 'k2')).toEqual(
      err(
        'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      ),
    );
    // decay: one point per minute with lfu-decay-time 1
    const f = t.run('OBJECT', 'FREQ', 'k2') as number;
    t.advance(3 * 60000);
    expect(t.run('OBJECT', 'FREQ', 'k2')).toBe(Math.max(0, f - 3));
  });

  it('HELP and subcommand errors', () => {
    const help = t.run('OBJECT', 'HELP') as { type: string; value: string }[];
    expect(help[0]).toEqual(status('OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help.length).toBe(15);
    expect(t.run('OBJECT', 'foo', 'k')).toEqual(err("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
    expect(t.run('OBJECT', 'encoding')).toEqual(err("ERR wrong number of arguments for 'object|encoding' command"));
    expect(t.run('OBJECT')).toEqual(err("ERR wrong number of arguments for 'object' command"));
  });
});

describe('FLUSHDB / FLUSHALL', () => {
  it('FLUSHDB empties the current db only and counts removed keys as dirty', () => {
    t.run('SET', 'a', '1');
    t.run('SET', 'b', '1');
    t.run('SELECT', '1');
    t.run('SET', 'c', '1');
    t.run('SELECT', '0');
    const d = t.server.dirty;
    expect(t.run('FLUSHDB')).toEqual(ok);
    expect(t.server.dirty - d).toBe(2);
    expect(t.run('DBSIZE')).toBe(0);
    t.run('SELECT', '1');
    expect(t.run('DBSIZE')).toBe(1);
  });

  it('FLUSHALL [ASYNC|SYNC] and errors', () => {
    t.run('SET', 'a', '1');
    expect(t.run('FLUSHALL', 'async')).toEqual(ok);
    expect(t.server.stats.lazyfreedObjects).toBe(1);
    expect(t.run('FLUSHALL', 'SYNC')).toEqual(ok);
    expect(t.run('FLUSHALL', 'foo')).toEqual(err('ERR syntax error'));
    expect(t.run('FLUSHALL', 'sync', 'async')).toEqual(err('ERR syntax error'));
    expect(t.run('FLUSHDB', 'foo')).toEqual(err('ERR syntax error'));
    expect(t.run('FLUSHDB', 'ASYNC')).toEqual(ok);
  });
});

describe('FLUSH* and SWAPDB vs WATCH', () => {
  const watchedExec = (setup: () => void, touch: () => void) => {
    setup();
    t.run('WATCH', 'x');
    touch();
    t.run('MULTI');
    t.run('PING');
    return t.run('EXEC');
  };

  it('FLUSHDB / FLUSHALL fail transactions watching existing keys only', () => {
    expect(watchedExec(() => t.run('SET', 'x', '1'), () => t.run('FLUSHDB'))).toBe(null);
    expect(watchedExec(() => t.run('DEL', 'x'), () => t.run('FLUSHDB'))).toEqual([status('PONG')]);
    expect(watchedExec(() => t.run('SET', 'x', '1'), () => t.run('FLUSHALL'))).toBe(null);
    expect(watchedExec(() => t.run('SET', 'y', '1'), () => t.run('FLUSHALL'))).toEqual([status('PONG')]);
  });

  it('SWAPDB fails transactions whose watched key appears or disappears', () => {
    const other = t.newClient();
    expect(
      watchedExec(
        () => {
          other.run('SELECT', '1');
          other.run('SET', 'x', '1');
        },
        () => t.run('SWAPDB', '0', '1'),
      ),
    ).toBe(null);
    t.run('FLUSHALL');
    expect(watchedExec(() => t.run('SET', 'z', '1'), () => t.run('SWAPDB', '0', '1'))).toEqual([status('PONG')]);
  });
});
