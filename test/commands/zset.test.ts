/** In-process tests of the sorted-set commands: options, errors, notifications, dirty, encodings. */
import { describe, it, expect, beforeEach } from 'vitest';
import { InProcess, err } from '../helpers/run';
import { formatDouble17 } from '../../src/util/numbers';

/** RESP2 view of a captured value: doubles as their %.17g text, sets as arrays. */
function r2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(r2);
  if (v !== null && typeof v === 'object') {
    const o = v as { type: string; value: unknown };
    if (o.type === 'double') return formatDouble17(o.value as number);
    if (o.type === 'set') return (o.value as unknown[]).map(r2);
  }
  return v;
}

function events(t: InProcess): string[] {
  const out: string[] = [];
  t.server.notifyFlags = ((1 << 30) - 1) & ~(1 << 14) & ~(1 << 11); // all but 'new' and keymiss
  t.server.hooks.publish = (ch: string, msg: string) => {
    if (ch.startsWith('__keyevent')) out.push(`${ch.slice(ch.indexOf(':') + 1)} ${msg}`);
    return 0;
  };
  return out;
}

describe('sorted-set commands (in-process)', () => {
  let t: InProcess;
  beforeEach(() => {
    t = new InProcess();
  });

  it('ZADD flags and errors', () => {
    expect(r2(t.run('ZADD', 'z', '1', 'a', '2', 'b'))).toBe(2);
    expect(r2(t.run('ZADD', 'z', 'CH', '5', 'a', '2', 'b', '3', 'c'))).toBe(2);
    expect(r2(t.run('ZADD', 'z', 'NX', 'XX', '1', 'a'))).toEqual(err('ERR XX and NX options at the same time are not compatible'));
    expect(r2(t.run('ZADD', 'z', 'GT', 'LT', '1', 'a'))).toEqual(err('ERR GT, LT, and/or NX options at the same time are not compatible'));
    expect(r2(t.run('ZADD', 'z', 'INCR', '1', 'a', '1', 'b'))).toEqual(err('ERR INCR option supports a single increment-element pair'));
    expect(r2(t.run('ZADD', 'z', 'NX', '1'))).toEqual(err('ERR syntax error'));
    expect(r2(t.run('ZADD', 'z', 'x', 'a'))).toEqual(err('ERR value is not a valid float'));
    expect(r2(t.run('ZADD', 'z', 'GT', '1', 'a'))).toBe(0);
    expect(r2(t.run('ZADD', 'z', 'INCR', '1', 'a'))).toBe('6');
    expect(r2(t.run('ZADD', 'z', 'inf', 'i'))).toBe(1);
    expect(r2(t.run('ZADD', 'z', 'INCR', '-inf', 'i'))).toEqual(err('ERR resulting score is not a number (NaN)'));
    expect(r2(t.run('ZADD', 'n', 'XX', '1', 'a'))).toBe(0);
    expect(r2(t.run('EXISTS', 'n'))).toBe(0);
    t.run('SET', 's', 'x');
    expect(r2(t.run('ZADD', 's', '1', 'a'))).toEqual(err('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });

  it('prints 17 significant digits', () => {
    t.run('ZADD', 'z', '1.1', 'a');
    expect(r2(t.run('ZSCORE', 'z', 'a'))).toBe('1.1000000000000001');
    expect(r2(t.run('ZINCRBY', 'z', '1', 'a'))).toBe('2.1000000000000001');
  });

  it('ZRANGE options', () => {
    t.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(r2(t.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES'))).toEqual(['a', '1', 'b', '2', 'c', '3']);
    expect(r2(t.run('ZRANGE', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '1'))).toEqual(['c']);
    expect(r2(t.run('ZRANGE', 'z', '+', '-', 'BYLEX', 'REV'))).toEqual(['c', 'b', 'a']);
    expect(r2(t.run('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'))).toEqual(
      err('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'),
    );
    expect(r2(t.run('ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'))).toEqual(err('ERR syntax error, WITHSCORES not supported in combination with BYLEX'));
    expect(r2(t.run('ZRANGEBYSCORE', 'z', 'x', '1'))).toEqual(err('ERR min or max is not a float'));
    expect(r2(t.run('ZRANGEBYLEX', 'z', 'x', '+'))).toEqual(err('ERR min or max not valid string range item'));
  });

  it('RESP3 pairs', () => {
    const t3 = new InProcess({}, 3);
    t3.run('ZADD', 'z', '1', 'a', '2', 'b');
    expect(t3.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toEqual([
      ['a', { type: 'double', value: 1 }],
      ['b', { type: 'double', value: 2 }],
    ]);
    expect(t3.run('ZPOPMIN', 'z')).toEqual(['a', { type: 'double', value: 1 }]);
    expect(t3.run('ZPOPMIN', 'z', '1')).toEqual([['b', { type: 'double', value: 2 }]]);
  });

  it('notifications, dirty and deletion of empty zsets', () => {
    const ev = events(t);
    const d0 = t.server.dirty;
    t.run('ZADD', 'z', '1', 'a', '2', 'b');
    t.run('ZINCRBY', 'z', '1', 'a');
    t.run('ZREM', 'z', 'a', 'b');
    expect(r2(t.run('EXISTS', 'z'))).toBe(0);
    t.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    t.run('ZREMRANGEBYSCORE', 'z', '3', '3');
    t.run('ZPOPMIN', 'z', '5');
    t.run('ZADD', 'z', '1', 'a');
    t.run('ZUNIONSTORE', 'u', '1', 'z');
    t.run('ZINTERSTORE', 'u', '1', 'nokey');
    expect(ev).toEqual([
      'zadd z', 'zincr z', 'zrem z', 'del z', 'zadd z', 'zremrangebyscore z', 'zpopmin z', 'del z', 'zadd z',
      'zunionstore u', 'del u',
    ]);
    expect(t.server.dirty - d0).toBe(2 + 1 + 2 + 3 + 1 + 2 + 1 + 1 + 1);
  });

  it('encodings', () => {
    t.run('ZADD', 'z', '1', 'a');
    expect(r2(t.run('OBJECT', 'ENCODING', 'z'))).toBe('listpack');
    t.run('ZADD', 'z', '1', 'x'.repeat(65));
    expect(r2(t.run('OBJECT', 'ENCODING', 'z'))).toBe('skiplist');
    t.run('ZREM', 'z', 'x'.repeat(65));
    expect(r2(t.run('OBJECT', 'ENCODING', 'z'))).toBe('skiplist');
    t.run('ZUNIONSTORE', 'u', '1', 'z');
    expect(r2(t.run('OBJECT', 'ENCODING', 'u'))).toBe('listpack');
  });

  it('ZMPOP / BZMPOP arguments', () => {
    t.run('ZADD', 'z', '1', 'a', '2', 'b');
    expect(r2(t.run('ZMPOP', '0', 'z', 'MIN'))).toEqual(err('ERR numkeys should be greater than 0'));
    expect(r2(t.run('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'))).toEqual(err('ERR count should be greater than 0'));
    expect(r2(t.run('ZMPOP', '1', 'z', 'MAX', 'COUNT', '5'))).toEqual(['z', [['b', '2'], ['a', '1']]]);
    expect(r2(t.run('ZMPOP', '1', 'z', 'MAX'))).toBe(null);
    t.run('MULTI');
    t.run('BZPOPMIN', 'z', '0');
    expect(r2(t.run('EXEC'))).toEqual([null]);
  });

  it('ZUNION/ZINTER weights and aggregates', () => {
    t.run('ZADD', 'a', '1', 'x', '2', 'y');
    t.run('SADD', 's', 'x', 'z');
    expect(r2(t.run('ZUNION', '2', 'a', 's', 'WITHSCORES'))).toEqual(['z', '1', 'x', '2', 'y', '2']);
    expect(r2(t.run('ZINTER', '2', 'a', 's', 'WEIGHTS', '3', '1', 'AGGREGATE', 'MAX', 'WITHSCORES'))).toEqual(['x', '3']);
    expect(r2(t.run('ZINTER', '2', 'a', 's', 'WEIGHTS', 'x', '1'))).toEqual(err('ERR weight value is not a float'));
    expect(r2(t.run('ZUNION', '0', 'a'))).toEqual(err("ERR at least 1 input key is needed for 'zunion' command"));
    expect(r2(t.run('ZINTERCARD', '2', 'a', 's', 'LIMIT', '-1'))).toEqual(err("ERR LIMIT can't be negative"));
  });

  it('ZSCAN returns every member present for the whole scan, despite concurrent changes', () => {
    for (let i = 0; i < 500; i++) t.run('ZADD', 'big', String(i), `m${i}`);
    const seen = new Set<string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, items] = t.run('ZSCAN', 'big', cursor, 'COUNT', '7') as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      // Churn: delete some members that are not "stable" and add new ones.
      t.run('ZREM', 'big', `m${400 + (round % 100)}`);
      t.run('ZADD', 'big', '1', `new${round}`);
      cursor = next;
      round++;
    } while (cursor !== '0' && round < 10_000);
    for (let i = 0; i < 400; i++) expect(seen.has(`m${i}`)).toBe(true);
  });

  it('lex ranges on a listpack with mixed scores are scanned linearly, like Redis', () => {
    t.run('ZADD', 'mix', '1', 'b', '2', 'a', '3', 'c');
    // Linear scan from the head: first member >= "a" is "b"; then members while <= "c".
    expect(t.run('ZRANGEBYLEX', 'mix', '[a', '[c')).toEqual(['b', 'a', 'c']);
    expect(t.run('ZLEXCOUNT', 'mix', '[a', '[b')).toBe(2);
  });
});

