import { describe, expect, it } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';

const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');

describe('hash commands (in-process)', () => {
  it('HSET/HMSET/HSETNX/HGET/HMGET/HLEN/HSTRLEN/HEXISTS', () => {
    const t = new InProcess();
    expect(t.run('HSET', 'h', 'a', '1', 'b', '2')).toBe(2);
    expect(t.run('HSET', 'h', 'a', '10', 'c', '3')).toBe(1);
    expect(t.run('HSET', 'h', 'a')).toEqual(err("ERR wrong number of arguments for 'hset' command"));
    expect(t.run('HMSET', 'h', 'd', '4', 'e')).toEqual(err("ERR wrong number of arguments for 'hmset' command"));
    expect(t.run('HMSET', 'h', 'd', '4')).toEqual(ok);
    expect(t.run('HSETNX', 'h', 'a', 'x')).toBe(0);
    expect(t.run('HSETNX', 'h', 'z', 'x')).toBe(1);
    expect(t.run('HGET', 'h', 'a')).toBe('10');
    expect(t.run('HGET', 'h', 'nope')).toBe(null);
    expect(t.run('HGET', 'nokey', 'a')).toBe(null);
    expect(t.run('HMGET', 'h', 'a', 'nope', 'b')).toEqual(['10', null, '2']);
    expect(t.run('HMGET', 'nokey', 'a')).toEqual([null]);
    expect(t.run('HLEN', 'h')).toBe(5);
    expect(t.run('HSTRLEN', 'h', 'a')).toBe(2);
    expect(t.run('HSTRLEN', 'h', 'nope')).toBe(0);
    expect(t.run('HEXISTS', 'h', 'z')).toBe(1);
    expect(t.run('HEXISTS', 'h', 'y')).toBe(0);
    t.run('SET', 's', 'v');
    for (const cmd of [['HSET', 's', 'a', 'b'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'], ['HLEN', 's'], ['HGETALL', 's'], ['HDEL', 's', 'a']]) {
      expect(t.run(...cmd)).toEqual(WRONGTYPE);
    }
  });

  it('HKEYS/HVALS/HGETALL keep insertion order while listpack', () => {
    const t = new InProcess();
    t.run('HSET', 'h', 'z', '1', 'a', '2', 'm', '3');
    t.run('HDEL', 'h', 'a');
    t.run('HSET', 'h', 'a', '4', 'z', '5');
    expect(t.run('HKEYS', 'h')).toEqual(['z', 'm', 'a']);
    expect(t.run('HVALS', 'h')).toEqual(['5', '3', '4']);
    expect(t.run('HGETALL', 'h')).toEqual({ type: 'map', value: ['z', '5', 'm', '3', 'a', '4'] });
    expect(t.run('HGETALL', 'nokey')).toEqual({ type: 'map', value: [] });
    expect(t.run('HKEYS', 'nokey')).toEqual([]);
  });

  it('HDEL deletes the key when empty', () => {
    const t = new InProcess();
    t.run('HSET', 'h', 'a', '1', 'b', '2');
    expect(t.run('HDEL', 'h', 'a', 'a', 'x')).toBe(1);
    expect(t.run('HDEL', 'h', 'b', 'c')).toBe(1);
    expect(t.run('EXISTS', 'h')).toBe(0);
    expect(t.run('HDEL', 'h', 'b')).toBe(0);
  });

  it('encoding conversion thresholds', () => {
    const t = new InProcess();
    t.run('HSET', 'h', 'a', 'x'.repeat(64));
    expect(t.run('OBJECT', 'ENCODING', 'h')).toBe('listpack');
    t.run('HSET', 'h', 'b', 'x'.repeat(65));
    expect(t.run('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
    for (let i = 0; i < 512; i++) t.run('HSET', 'big', 'f' + i, 'v');
    expect(t.run('OBJECT', 'ENCODING', 'big')).toBe('listpack');
    t.run('HSET', 'big', 'f512', 'v');
    expect(t.run('OBJECT', 'ENCODING', 'big')).toBe('hashtable');
    t.run('HDEL', 'big', 'f0', 'f1', 'f2');
    expect(t.run('OBJECT', 'ENCODING', 'big')).toBe('hashtable');
    t.run('CONFIG', 'SET', 'hash-max-listpack-value', '8');
    t.run('HINCRBYFLOAT', 'f1', 'tmp', '0.000005');
    t.run('HINCRBYFLOAT', 'f2', 'tmp', '0.0000005');
    t.run('HINCRBY', 'f3', 'abcdefghi', 1);
    expect(t.run('OBJECT', 'ENCODING', 'f1')).toBe('listpack');
    expect(t.run('OBJECT', 'ENCODING', 'f2')).toBe('hashtable');
    expect(t.run('OBJECT', 'ENCODING', 'f3')).toBe('hashtable');
  });

  it('HINCRBY / HINCRBYFLOAT', () => {
    const t = new InProcess();
    expect(t.run('HINCRBY', 'h', 'n', 5)).toBe(5);
    expect(t.run('HINCRBY', 'h', 'n', -10)).toBe(-5);
    expect(t.run('HINCRBY', 'h', 'n', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    t.run('HSET', 'h', 's', 'abc', 'big', '9223372036854775807', 'f', '1.5');
    expect(t.run('HINCRBY', 'h', 's', 1)).toEqual(err('ERR hash value is not an integer'));
    expect(t.run('HINCRBY', 'h', 'big', 1)).toEqual(err('ERR increment or decrement would overflow'));
    expect(t.run('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('1.6');
    expect(t.run('HINCRBYFLOAT', 'h', 'new', '3')).toBe('3');
    expect(t.run('HINCRBYFLOAT', 'h', 's', '1')).toEqual(err('ERR hash value is not a float'));
    expect(t.run('HINCRBYFLOAT', 'h', 'f', 'x')).toEqual(err('ERR value is not a valid float'));
    expect(t.run('HINCRBYFLOAT', 'h', 'f', 'inf')).toEqual(err('ERR value is NaN or Infinity'));
    t.run('HSET', 'h', 'inf', 'inf');
    expect(t.run('HINCRBYFLOAT', 'h', 'inf', '1')).toEqual(err('ERR increment would produce NaN or Infinity'));
  });

  it('HRANDFIELD shapes and errors', () => {
    const t = new InProcess();
    expect(t.run('HRANDFIELD', 'nokey')).toBe(null);
    expect(t.run('HRANDFIELD', 'nokey', 3)).toEqual([]);
    t.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(['a', 'b', 'c']).toContain(t.run('HRANDFIELD', 'h'));
    expect(t.run('HRANDFIELD', 'h', 0)).toEqual([]);
    expect((t.run('HRANDFIELD', 'h', 10) as string[]).sort()).toEqual(['a', 'b', 'c']);
    expect((t.run('HRANDFIELD', 'h', 2) as string[]).length).toBe(2);
    expect(new Set(t.run('HRANDFIELD', 'h', 2) as string[]).size).toBe(2);
    expect((t.run('HRANDFIELD', 'h', -10) as string[]).length).toBe(10);
    const wv = t.run('HRANDFIELD', 'h', -4, 'WITHVALUES') as string[];
    expect(wv.length).toBe(8);
    for (let i = 0; i < 8; i += 2) expect(t.run('HGET', 'h', wv[i]!)).toBe(wv[i + 1]);
    expect(t.run('HRANDFIELD', 'h', 1, 'WITHSCORES')).toEqual(err('ERR syntax error'));
    expect(t.run('HRANDFIELD', 'h', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('HRANDFIELD', 'h', '-9223372036854775808')).toEqual(
      err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(t.run('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES')).toEqual(err('ERR value is out of range'));
  });

  it('HRANDFIELD RESP3 WITHVALUES gives pairs', () => {
    const t = new InProcess({}, 3);
    t.run('HSET', 'h', 'a', '1', 'b', '2');
    const r = t.run('HRANDFIELD', 'h', 2, 'WITHVALUES') as string[][];
    expect(r.length).toBe(2);
    expect(r.map((p) => p.join('=')).sort()).toEqual(['a=1', 'b=2']);
  });

  it('HSCAN: listpack whole, hashtable by cursor, MATCH, COUNT errors', () => {
    const t = new InProcess();
    t.run('HSET', 'h', 'a1', '1', 'b1', '2', 'a2', '3');
    expect(t.run('HSCAN', 'h', 0)).toEqual(['0', ['a1', '1', 'b1', '2', 'a2', '3']]);
    expect(t.run('HSCAN', 'h', 0, 'MATCH', 'a*')).toEqual(['0', ['a1', '1', 'a2', '3']]);
    expect(t.run('HSCAN', 'h', 0, 'COUNT', 0)).toEqual(err('ERR syntax error'));
    expect(t.run('HSCAN', 'h', 0, 'COUNT', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('HSCAN', 'h', 0, 'FOO')).toEqual(err('ERR syntax error'));
    expect(t.run('HSCAN', 'h', 'x')).toEqual(err('ERR invalid cursor'));
    expect(t.run('HSCAN', 'nokey', 0)).toEqual(['0', []]);
    for (let i = 0; i < 700; i++) t.run('HSET', 'big', 'f' + i, String(i));
    const seen = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, items] = t.run('HSCAN', 'big', cursor, 'COUNT', 20) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(700);
    expect(seen.get('f42')).toBe('42');
  });

  it('notifications and dirty', () => {
    const t = new InProcess();
    const events: string[] = [];
    t.server.notifyFlags = 0xffff;
    t.server.hooks.publish = (ch, msg) => {
      if (ch.startsWith('__keyevent')) events.push(`${ch.slice(ch.indexOf(':') + 1)} ${msg}`);
      return 0;
    };
    const d0 = t.server.dirty;
    t.run('HSET', 'h', 'a', '1', 'b', '2');
    t.run('HINCRBY', 'h', 'c', 1);
    t.run('HINCRBYFLOAT', 'h', 'c', 1);
    t.run('HDEL', 'h', 'a', 'b', 'c');
    expect(t.server.dirty - d0).toBe(2 + 1 + 1 + 3);
    expect(events.filter((e) => !e.startsWith('new'))).toEqual(['hset h', 'hincrby h', 'hincrbyfloat h', 'hdel h', 'del h']);
  });
});
