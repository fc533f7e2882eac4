import { describe, expect, it } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';

const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const NOTINT = err('ERR value is not an integer or out of range');
const SYNTAX = err('ERR syntax error');

describe('list commands (in-process)', () => {
  it('LPUSH/RPUSH/LPUSHX/RPUSHX, LLEN, LRANGE', () => {
    const t = new InProcess();
    expect(t.run('LPUSHX', 'l', 'a')).toBe(0);
    expect(t.run('EXISTS', 'l')).toBe(0);
    expect(t.run('RPUSH', 'l', 'a', 'b')).toBe(2);
    expect(t.run('LPUSH', 'l', 'x', 'y')).toBe(4);
    expect(t.run('RPUSHX', 'l', 'z')).toBe(5);
    expect(t.run('LRANGE', 'l', 0, -1)).toEqual(['y', 'x', 'a', 'b', 'z']);
    expect(t.run('LRANGE', 'l', -2, 100)).toEqual(['b', 'z']);
    expect(t.run('LRANGE', 'l', 3, 1)).toEqual([]);
    expect(t.run('LRANGE', 'l', 'x', 1)).toEqual(NOTINT);
    expect(t.run('LRANGE', 'nokey', 0, -1)).toEqual([]);
    expect(t.run('LLEN', 'l')).toBe(5);
    expect(t.run('LLEN', 'nokey')).toBe(0);
    t.run('SET', 's', 'v');
    expect(t.run('LPUSH', 's', 'a')).toEqual(WRONGTYPE);
    expect(t.run('LLEN', 's')).toEqual(WRONGTYPE);
    expect(t.run('LPUSH', 'l')).toEqual(err("ERR wrong number of arguments for 'lpush' command"));
  });

  it('LPOP/RPOP with and without count', () => {
    const t = new InProcess();
    t.run('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(t.run('LPOP', 'l')).toBe('a');
    expect(t.run('RPOP', 'l')).toBe('d');
    expect(t.run('LPOP', 'l', 0)).toEqual([]);
    expect(t.run('LPOP', 'l', -1)).toEqual(err('ERR value is out of range, must be positive'));
    expect(t.run('LPOP', 'l', 'x')).toEqual(err('ERR value is out of range, must be positive'));
    expect(t.run('RPOP', 'l', 10)).toEqual(['c', 'b']);
    expect(t.run('EXISTS', 'l')).toBe(0);
    expect(t.run('LPOP', 'l')).toBe(null);
    expect(t.run('LPOP', 'l', 1)).toBe(null);
    expect(t.run('LPOP', 'l', 1, 2)).toEqual(err("ERR wrong number of arguments for 'lpop' command"));
  });

  it('LINDEX, LSET, LINSERT', () => {
    const t = new InProcess();
    t.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(t.run('LINDEX', 'l', -1)).toBe('c');
    expect(t.run('LINDEX', 'l', 3)).toBe(null);
    expect(t.run('LINDEX', 'nokey', 'x')).toBe(null);
    expect(t.run('LINDEX', 'l', 'x')).toEqual(NOTINT);
    expect(t.run('LSET', 'l', 1, 'B')).toEqual(ok);
    expect(t.run('LSET', 'l', 5, 'B')).toEqual(err('ERR index out of range'));
    expect(t.run('LSET', 'nokey', 0, 'B')).toEqual(err('ERR no such key'));
    expect(t.run('LINSERT', 'l', 'BEFORE', 'B', 'x')).toBe(4);
    expect(t.run('LINSERT', 'l', 'after', 'c', 'y')).toBe(5);
    expect(t.run('LINSERT', 'l', 'after', 'zz', 'y')).toBe(-1);
    expect(t.run('LINSERT', 'nokey', 'after', 'zz', 'y')).toBe(0);
    expect(t.run('LINSERT', 'l', 'middle', 'c', 'y')).toEqual(SYNTAX);
    expect(t.run('LRANGE', 'l', 0, -1)).toEqual(['a', 'x', 'B', 'c', 'y']);
  });

  it('LREM, LTRIM', () => {
    const t = new InProcess();
    t.run('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a');
    expect(t.run('LREM', 'l', -2, 'a')).toBe(2);
    expect(t.run('LRANGE', 'l', 0, -1)).toEqual(['a', 'b', 'c']);
    expect(t.run('LREM', 'l', 0, 'zz')).toBe(0);
    expect(t.run('LREM', 'l', 'x', 'a')).toEqual(NOTINT);
    expect(t.run('LTRIM', 'l', 1, -1)).toEqual(ok);
    expect(t.run('LRANGE', 'l', 0, -1)).toEqual(['b', 'c']);
    expect(t.run('LTRIM', 'l', 5, 10)).toEqual(ok);
    expect(t.run('EXISTS', 'l')).toBe(0);
    expect(t.run('LTRIM', 'l', 0, 1)).toEqual(ok);
    t.run('RPUSH', 'm', 'a', 'a');
    expect(t.run('LREM', 'm', 0, 'a')).toBe(2);
    expect(t.run('EXISTS', 'm')).toBe(0);
  });

  it('LPOS options and errors', () => {
    const t = new InProcess();
    t.run('RPUSH', 'l', 'a', 'b', 'c', '1', '2', '3', 'c', 'c');
    expect(t.run('LPOS', 'l', 'c')).toBe(2);
    expect(t.run('LPOS', 'l', 'c', 'RANK', 2)).toBe(6);
    expect(t.run('LPOS', 'l', 'c', 'RANK', -1)).toBe(7);
    expect(t.run('LPOS', 'l', 'c', 'COUNT', 0)).toEqual([2, 6, 7]);
    expect(t.run('LPOS', 'l', 'c', 'COUNT', 2, 'RANK', -1)).toEqual([7, 6]);
    expect(t.run('LPOS', 'l', 'c', 'COUNT', 0, 'MAXLEN', 7)).toEqual([2, 6]);
    expect(t.run('LPOS', 'l', 'x')).toBe(null);
    expect(t.run('LPOS', 'l', 'x', 'COUNT', 1)).toEqual([]);
    expect(t.run('LPOS', 'nokey', 'x', 'COUNT', 1)).toEqual([]);
    expect(t.run('LPOS', 'l', 'c', 'RANK', 0)).toEqual(
      err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"),
    );
    expect(t.run('LPOS', 'l', 'c', 'COUNT', -1)).toEqual(err("ERR COUNT can't be negative"));
    expect(t.run('LPOS', 'l', 'c', 'COUNT', 'x')).toEqual(err("ERR COUNT can't be negative"));
    expect(t.run('LPOS', 'l', 'c', 'MAXLEN', -1)).toEqual(err("ERR MAXLEN can't be negative"));
    expect(t.run('LPOS', 'l', 'c', 'RANK')).toEqual(SYNTAX);
    expect(t.run('LPOS', 'l', 'c', 'RANK', '-9223372036854775808', 'COUNT', 1)).toEqual([7, 6, 2]);
  });

  it('RPOPLPUSH, LMOVE (same key rotates), LMPOP', () => {
    const t = new InProcess();
    t.run('RPUSH', 'src', 'a', 'b', 'c');
    expect(t.run('RPOPLPUSH', 'src', 'dst')).toBe('c');
    expect(t.run('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe('a');
    expect(t.run('LRANGE', 'dst', 0, -1)).toEqual(['c', 'a']);
    expect(t.run('LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT')).toBe('c');
    expect(t.run('LRANGE', 'dst', 0, -1)).toEqual(['a', 'c']);
    expect(t.run('LMOVE', 'src', 'dst', 'up', 'RIGHT')).toEqual(SYNTAX);
    expect(t.run('LMOVE', 'nokey', 'dst', 'LEFT', 'RIGHT')).toBe(null);
    t.run('SET', 's', 'x');
    expect(t.run('LMOVE', 'src', 's', 'LEFT', 'RIGHT')).toEqual(WRONGTYPE);
    expect(t.run('LRANGE', 'src', 0, -1)).toEqual(['b']);
    expect(t.run('LMPOP', 2, 'nokey', 'dst', 'RIGHT', 'COUNT', 5)).toEqual(['dst', ['c', 'a']]);
    expect(t.run('LMPOP', 1, 'nokey', 'LEFT')).toBe(null);
    expect(t.run('LMPOP', 0, 'k', 'LEFT')).toEqual(err('ERR numkeys should be greater than 0'));
    expect(t.run('LMPOP', 5, 'k', 'LEFT')).toEqual(SYNTAX);
    expect(t.run('LMPOP', 1, 'k', 'LEFT', 'COUNT', 0)).toEqual(err('ERR count should be greater than 0'));
    expect(t.run('LMPOP', 1, 'k', 'LEFT', 'COUNT', 1, 'COUNT', 1)).toEqual(SYNTAX);
    expect(t.run('LMPOP', 1, 's', 'LEFT')).toEqual(WRONGTYPE);
  });

  it('blocking commands inside MULTI behave as non-blocking', () => {
    const t = new InProcess();
    t.run('MULTI');
    t.run('BLPOP', 'nokey', 0);
    t.run('BLMOVE', 'nokey', 'd', 'LEFT', 'LEFT', 0);
    t.run('BLMPOP', 0, 1, 'nokey', 'LEFT');
    expect(t.run('EXEC')).toEqual([null, null, null]);
  });

  it('timeout argument errors', () => {
    const t = new InProcess();
    expect(t.run('BLPOP', 'k', 'x')).toEqual(err('ERR timeout is not a float or out of range'));
    expect(t.run('BLPOP', 'k', -1)).toEqual(err('ERR timeout is negative'));
    expect(t.run('BLPOP', 'k', 'inf')).toEqual(err('ERR timeout is negative'));
    expect(t.run('BRPOPLPUSH', 'k', 'd', 'x')).toEqual(err('ERR timeout is not a float or out of range'));
    expect(t.run('BLMPOP', 'x', 1, 'k', 'LEFT')).toEqual(err('ERR timeout is not a float or out of range'));
    expect(t.run('BLMPOP', 0, 1, 'k', 'UP')).toEqual(SYNTAX);
  });

  it('keyspace notifications and dirty', () => {
    const t = new InProcess();
    const events: string[] = [];
    t.server.notifyFlags = 0xffff;
    t.server.hooks.publish = (ch, msg) => {
      if (ch.startsWith('__keyevent')) events.push(`${ch.slice(ch.indexOf(':') + 1)} ${msg}`);
      return 0;
    };
    const d0 = t.server.dirty;
    t.run('RPUSH', 'a', 1, 2);
    expect(t.server.dirty - d0).toBe(2);
    t.run('LMOVE', 'a', 'b', 'LEFT', 'RIGHT');
    t.run('LPOP', 'a');
    expect(events.filter((e) => !e.startsWith('new'))).toEqual(['rpush a', 'rpush b', 'lpop a', 'lpop a', 'del a']);
  });
});
