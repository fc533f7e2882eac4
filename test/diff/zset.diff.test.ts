/**
 * Differential tests: sorted-set commands against a real redis-server, byte for byte, under
 * RESP2 and RESP3 (scores as RESP3 doubles, WITHSCORES as pairs).
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('sorted-set commands match redis-server', () => {
  const d = useDiff();

  const seed = async () => {
    await d.both('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '1.1', 'd', '-inf', 'm', '+inf', 'M', '2', 'bb');
    await d.both('ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'foo', '0', 'zap');
  };

  it('ZADD options, conflicts and errors', async () => {
    await d.same('ZADD', 'z', '1', 'a');
    await d.same('ZADD', 'z', 'NX', '5', 'a', '2', 'b');
    await d.same('ZADD', 'z', 'XX', 'CH', '6', 'a', '3', 'c');
    await d.same('ZADD', 'z', 'GT', 'CH', '1', 'a', '10', 'b');
    await d.same('ZADD', 'z', 'LT', 'CH', '1', 'a', '100', 'b');
    await d.same('ZADD', 'z', 'XX', 'GT', 'CH', '7', 'a');
    await d.same('ZADD', 'z', 'INCR', '2.5', 'a');
    await d.same('ZADD', 'z', 'NX', 'INCR', '2.5', 'a');
    await d.same('ZADD', 'z', 'XX', 'INCR', '2.5', 'nosuch');
    await d.same('ZADD', 'z', 'GT', 'INCR', '-1', 'a');
    await d.same('ZADD', 'z', 'NX', 'XX', '1', 'a');
    await d.same('ZADD', 'z', 'GT', 'LT', '1', 'a');
    await d.same('ZADD', 'z', 'GT', 'NX', '1', 'a');
    await d.same('ZADD', 'z', 'INCR', '1', 'a', '2', 'b');
    await d.same('ZADD', 'z', '1', 'a', '2');
    await d.same('ZADD', 'z', 'NX');
    await d.same('ZADD', 'z', 'abc', 'a');
    await d.same('ZADD', 'z', 'nan', 'a');
    await d.same('ZADD', 'z', 'inf', 'x', '-inf', 'y');
    await d.same('ZADD', 'z', 'INCR', '-inf', 'x');
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES');
    await d.same('ZADD', 'nokey', 'XX', '1', 'a');
    await d.same('EXISTS', 'nokey');
    await d.both('SET', 'str', 'x');
    await d.same('ZADD', 'str', '1', 'a');
    await d.same('ZADD', 'z2', '1.5', 'a', '0x10', 'b', '1e3', 'c', '-0', 'd');
    await d.same('ZRANGE', 'z2', '0', '-1', 'WITHSCORES');
    // Integer-looking scores (a fast path) and near misses.
    await d.same('ZADD', 'z3', '007', 'a', '-12', 'b', '123456789012345', 'c', '-123456789012345', 'd', '1234567890123456789', 'e');
    await d.same('ZRANGE', 'z3', '0', '-1', 'WITHSCORES');
    for (const bad of ['-', '+', '--1', '1-', ' 5', '5 ', '1a', '']) await d.same('ZADD', 'z3', bad, 'x');
    await d.same('ZADD', 'z3', '+5', 'p', '-0', 'q');
    await d.same('ZRANGE', 'z3', '0', '-1', 'WITHSCORES');
    await d.same('ZINCRBY', 'z3', '-0', 'q');
    await d.same('ZSCORE', 'z3', 'q');
  });

  it('ZINCRBY, ZSCORE, ZMSCORE, ZCARD, ZRANK', async () => {
    await seed();
    await d.same('ZINCRBY', 'z', '1.5', 'a');
    await d.same('ZINCRBY', 'z', '1', 'new');
    await d.same('ZINCRBY', 'z', 'x', 'a');
    await d.same('ZINCRBY', 'z', 'nx', 'a');
    await d.same('ZSCORE', 'z', 'd');
    await d.same('ZSCORE', 'z', 'm');
    await d.same('ZSCORE', 'z', 'nosuch');
    await d.same('ZSCORE', 'nokey', 'a');
    await d.same('ZMSCORE', 'z', 'a', 'nosuch', 'M');
    await d.same('ZMSCORE', 'nokey', 'a', 'b');
    await d.same('ZCARD', 'z');
    await d.same('ZCARD', 'nokey');
    for (const m of ['a', 'b', 'bb', 'm', 'M', 'nosuch']) {
      await d.same('ZRANK', 'z', m);
      await d.same('ZREVRANK', 'z', m);
    }
    await d.same('ZRANK', 'nokey', 'a');
    await d.both('SET', 'str', 'x');
    await d.same('ZSCORE', 'str', 'a');
    await d.same('ZCARD', 'str');
  });

  it('ZRANGE by rank, score and lex, with REV, LIMIT, WITHSCORES', async () => {
    await seed();
    const ranks = [['0', '-1'], ['1', '2'], ['-3', '-1'], ['5', '1'], ['-100', '100'], ['10', '20']];
    for (const [a, b] of ranks) {
      await d.same('ZRANGE', 'z', a!, b!);
      await d.same('ZRANGE', 'z', a!, b!, 'WITHSCORES');
      await d.same('ZRANGE', 'z', a!, b!, 'REV', 'WITHSCORES');
      await d.same('ZREVRANGE', 'z', a!, b!, 'WITHSCORES');
    }
    const scores = [['-inf', '+inf'], ['1', '2'], ['(1', '2'], ['1', '(2'], ['(1', '(1'], ['2', '1'], ['-inf', '(1.1'], ['', '']];
    for (const [a, b] of scores) {
      await d.same('ZRANGEBYSCORE', 'z', a!, b!);
      await d.same('ZRANGEBYSCORE', 'z', a!, b!, 'WITHSCORES', 'LIMIT', '1', '2');
      await d.same('ZREVRANGEBYSCORE', 'z', b!, a!, 'WITHSCORES');
      await d.same('ZRANGE', 'z', a!, b!, 'BYSCORE', 'LIMIT', '0', '-1');
      await d.same('ZRANGE', 'z', b!, a!, 'BYSCORE', 'REV', 'LIMIT', '1', '1', 'WITHSCORES');
      await d.same('ZCOUNT', 'z', a!, b!);
    }
    await d.same('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '-1', '2');
    await d.same('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '100', '2');
    await d.same('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '2', '0');
    const lex = [['-', '+'], ['[b', '[d'], ['(b', '(d'], ['[c', '+'], ['-', '(c'], ['+', '-'], ['[foo', '[foo'], ['(a', '[z']];
    for (const [a, b] of lex) {
      await d.same('ZRANGEBYLEX', 'lex', a!, b!);
      await d.same('ZRANGEBYLEX', 'lex', a!, b!, 'LIMIT', '1', '2');
      await d.same('ZREVRANGEBYLEX', 'lex', b!, a!);
      await d.same('ZRANGE', 'lex', a!, b!, 'BYLEX');
      await d.same('ZRANGE', 'lex', b!, a!, 'BYLEX', 'REV', 'LIMIT', '0', '3');
      await d.same('ZLEXCOUNT', 'lex', a!, b!);
    }
  });

  it('ZRANGE errors', async () => {
    await seed();
    await d.same('ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1');
    await d.same('ZRANGE', 'lex', '-', '+', 'BYLEX', 'WITHSCORES');
    await d.same('ZRANGE', 'z', 'a', '1');
    await d.same('ZRANGE', 'z', '0', '1', 'FOO');
    await d.same('ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX');
    await d.same('ZRANGEBYSCORE', 'z', 'a', '1');
    await d.same('ZRANGEBYSCORE', 'z', '(', '1');
    await d.same('ZRANGEBYSCORE', 'z', 'nan', '1');
    await d.same('ZRANGEBYSCORE', 'z', '0', '1', 'REV');
    await d.same('ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', 'x', '1');
    await d.same('ZRANGEBYLEX', 'lex', 'a', '+');
    await d.same('ZRANGEBYLEX', 'lex', '-x', '+');
    await d.same('ZRANGEBYLEX', 'lex', '-', '+', 'WITHSCORES');
    await d.same('ZRANGEBYSCORE', 'nokey', 'a', '1');
    await d.same('ZCOUNT', 'z', 'x', '1');
    await d.same('ZCOUNT', 'z', '0x1', '(0x2');
    await d.same('ZCOUNT', 'z', ' 1', '1e400');
    await d.same('ZCOUNT', 'z', '1 ', '2');
    await d.same('ZLEXCOUNT', 'lex', 'x', '+');
    await d.same('ZRANGE', 'nokey', '0', '-1');
    await d.both('SET', 'str', 'x');
    await d.same('ZRANGE', 'str', '0', '-1');
  });

  it('ZRANGESTORE', async () => {
    await seed();
    await d.same('ZRANGESTORE', 'dst', 'z', '0', '2');
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES');
    await d.same('OBJECT', 'ENCODING', 'dst');
    await d.same('ZRANGESTORE', 'dst', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '2');
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES');
    await d.same('ZRANGESTORE', 'dst', 'lex', '[b', '[e', 'BYLEX', 'REV');
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES');
    await d.same('ZRANGESTORE', 'dst', 'z', '5', '1');
    await d.same('EXISTS', 'dst');
    await d.same('ZRANGESTORE', 'dst', 'nokey', '0', '-1');
    await d.same('ZRANGESTORE', 'dst', 'z', '0', '-1', 'WITHSCORES');
  });

  it('ZREM and ZREMRANGEBY*', async () => {
    await seed();
    await d.same('ZREM', 'z', 'a', 'nosuch', 'b');
    await d.same('ZREM', 'nokey', 'a');
    await d.same('ZREMRANGEBYRANK', 'z', '0', '1');
    await d.same('ZREMRANGEBYRANK', 'z', '10', '20');
    await d.same('ZREMRANGEBYRANK', 'z', 'x', '1');
    await d.same('ZREMRANGEBYSCORE', 'z', '(2', '+inf');
    await d.same('ZREMRANGEBYSCORE', 'z', 'x', '1');
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES');
    await d.same('ZREMRANGEBYLEX', 'lex', '[b', '(e');
    await d.same('ZREMRANGEBYLEX', 'lex', 'b', '(e');
    await d.same('ZRANGE', 'lex', '0', '-1');
    await d.same('ZREMRANGEBYLEX', 'lex', '-', '+');
    await d.same('EXISTS', 'lex');
    await d.same('ZREM', 'z', 'bb', 'c', 'd', 'M');
    await d.same('EXISTS', 'z');
  });

  it('ZPOPMIN, ZPOPMAX, ZMPOP', async () => {
    await seed();
    await d.same('ZPOPMIN', 'z');
    await d.same('ZPOPMAX', 'z');
    await d.same('ZPOPMIN', 'z', '2');
    await d.same('ZPOPMAX', 'z', '0');
    await d.same('ZPOPMIN', 'z', '-1');
    await d.same('ZPOPMIN', 'z', 'x');
    await d.same('ZPOPMIN', 'z', '1', '2');
    await d.same('ZPOPMIN', 'nokey');
    await d.same('ZPOPMIN', 'nokey', '3');
    await d.same('ZMPOP', '2', 'nokey', 'z', 'MIN');
    await d.same('ZMPOP', '2', 'nokey', 'z', 'MAX', 'COUNT', '10');
    await d.same('ZMPOP', '1', 'nokey', 'MAX');
    await d.same('ZMPOP', '0', 'z', 'MIN');
    await d.same('ZMPOP', 'x', 'z', 'MIN');
    await d.same('ZMPOP', '3', 'z', 'MIN');
    await d.same('ZMPOP', '1', 'z', 'MIDDLE');
    await d.same('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0');
    await d.same('ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1');
    await d.same('ZMPOP', '1', 'lex', 'MIN', 'COUNT');
    await d.same('BZPOPMIN', 'nokey', 'lex', '0');
    await d.same('BZPOPMAX', 'lex', '1');
    await d.same('BZMPOP', '0', '1', 'lex', 'MAX', 'COUNT', '2');
    await d.same('BZPOPMIN', 'lex', '-1');
    await d.same('BZPOPMIN', 'lex', 'x');
  });

  it('ZUNION, ZINTER, ZDIFF and STORE forms', async () => {
    await d.both('ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c');
    await d.both('ZADD', 'z2', '10', 'b', '20', 'c', '30', 'd');
    await d.both('SADD', 's1', 'a', 'd', 'x');
    await d.both('ZADD', 'zi', 'inf', 'a', '-inf', 'b');
    for (const op of ['ZUNION', 'ZINTER']) {
      await d.same(op, '2', 'z1', 'z2', 'WITHSCORES');
      await d.same(op, '3', 'z1', 'z2', 's1', 'WITHSCORES');
      await d.same(op, '2', 'z1', 'z2', 'WEIGHTS', '2', '0.5', 'WITHSCORES');
      await d.same(op, '2', 'z1', 'z2', 'AGGREGATE', 'MIN', 'WITHSCORES');
      await d.same(op, '2', 'z1', 'z2', 'AGGREGATE', 'MAX', 'WEIGHTS', '1', '-1', 'WITHSCORES');
      await d.same(op, '2', 'zi', 'zi', 'WITHSCORES');
      await d.same(op, '2', 'zi', 'z1', 'WEIGHTS', '0', '1', 'WITHSCORES');
      await d.same(op, '2', 'zi', 'z1', 'WEIGHTS', 'nan', '1');
      await d.same(op, '2', 'z1', 'z2', 'WEIGHTS', '1');
      await d.same(op, '2', 'z1', 'z2', 'AGGREGATE', 'AVG');
      await d.same(op, '0', 'z1');
      await d.same(op, '3', 'z1', 'z2');
      await d.same(op, 'x', 'z1');
      await d.same(op, '2', 'z1', 'nokey');
    }
    await d.same('ZDIFF', '2', 'z1', 'z2', 'WITHSCORES');
    await d.same('ZDIFF', '3', 'z1', 's1', 'nokey', 'WITHSCORES');
    await d.same('ZDIFF', '2', 'z1', 'z2', 'WEIGHTS', '1', '2');
    await d.same('ZDIFF', '1', 'nokey');
    for (const op of ['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']) {
      await d.same(op, 'dst', '2', 'z1', 'z2');
      await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES');
      await d.same('OBJECT', 'ENCODING', 'dst');
      await d.same(op, 'dst', '2', 'z1', 'z2', 'WITHSCORES');
      await d.same(op, 'dst', '1', 'nokey');
      await d.same('EXISTS', 'dst');
      await d.same(op, 'dst', '0', 'z1');
    }
    await d.same('ZINTERCARD', '2', 'z1', 'z2');
    await d.same('ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '1');
    await d.same('ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '-1');
    await d.same('ZINTERCARD', '0', 'z1');
    await d.same('ZINTERCARD', '2', 'z1', 'z2', 'WITHSCORES');
    await d.both('SET', 'str', 'x');
    await d.same('ZUNION', '2', 'z1', 'str');
    await d.same('ZUNIONSTORE', 'dst', '2', 'z1', 'str');
  });

  it('ZRANDMEMBER and ZSCAN', async () => {
    await seed();
    await d.sameType('ZRANDMEMBER', 'z');
    await d.same('ZRANDMEMBER', 'nokey');
    await d.same('ZRANDMEMBER', 'nokey', '5');
    await d.same('ZRANDMEMBER', 'z', '0');
    await d.same('ZRANDMEMBER', 'z', '100', 'WITHSCORES');
    await d.same('ZRANDMEMBER', 'z', '100');
    await d.same('ZRANDMEMBER', 'z', '1', 'FOO');
    await d.same('ZRANDMEMBER', 'z', 'x');
    await d.same('ZRANDMEMBER', 'z', '-9223372036854775808');
    await d.same('ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES');
    await d.same('ZSCAN', 'z', '0');
    await d.same('ZSCAN', 'z', '0', 'MATCH', 'b*');
    await d.same('ZSCAN', 'z', '0', 'COUNT', '0');
    await d.same('ZSCAN', 'z', 'x');
    await d.same('ZSCAN', 'nokey', '0');
    await d.same('ZSCAN', 'nokey', '0', 'COUNT', '0');
    await d.both('SET', 'str', 'x');
    await d.same('ZSCAN', 'str', '0', 'COUNT', '0');
  });

  it('RESP3 shapes', async () => {
    await seed();
    await d.both('HELLO', '3');
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES');
    await d.same('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES');
    await d.same('ZSCORE', 'z', 'd');
    await d.same('ZSCORE', 'z', 'nosuch');
    await d.same('ZMSCORE', 'z', 'd', 'nosuch');
    await d.same('ZINCRBY', 'z', '1', 'a');
    await d.same('ZADD', 'z', 'INCR', '1', 'a');
    await d.same('ZPOPMIN', 'z');
    await d.same('ZPOPMIN', 'z', '1');
    await d.same('ZPOPMAX', 'z', '2');
    await d.same('ZMPOP', '1', 'z', 'MIN', 'COUNT', '2');
    await d.same('ZMPOP', '1', 'nokey', 'MIN');
    await d.same('BZPOPMIN', 'z', '0');
    await d.same('ZUNION', '1', 'z', 'WITHSCORES');
    await d.same('ZRANDMEMBER', 'z', '100', 'WITHSCORES');
    await d.same('ZRANK', 'z', 'nosuch');
    await d.same('ZSCAN', 'z', '0');
    await d.both('HELLO', '2');
  });

  it('encodings follow zset-max-listpack-*', async () => {
    await d.both('ZADD', 'big', '1', 'x'.repeat(65));
    await d.same('OBJECT', 'ENCODING', 'big');
    for (let i = 0; i < 129; i++) await d.both('ZADD', 'many', String(i), `m${i}`);
    await d.same('OBJECT', 'ENCODING', 'many');
    await d.both('ZREMRANGEBYRANK', 'many', '0', '100');
    await d.same('OBJECT', 'ENCODING', 'many');
    await d.same('ZUNIONSTORE', 'u', '1', 'many');
    await d.same('OBJECT', 'ENCODING', 'u');
  });

  it('COMMAND GETKEYS for the movablekeys commands', async () => {
    const cases = [
      ['zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'], ['zunionstore', 'd', '5', 'a'], ['zinterstore', 'd', '1', 'a'],
      ['zdiffstore', 'd', '0', 'a'], ['zunion', '2', 'a', 'b'], ['zinter', '3', 'a', 'b'], ['zdiff', 'x', 'a'],
      ['zintercard', '2', 'a', 'b', 'LIMIT', '1'], ['zmpop', '2', 'a', 'b', 'MIN'], ['zmpop', '3', 'a', 'MIN'],
      ['bzmpop', '0', '2', 'a', 'b', 'MAX'], ['sintercard', '1', 'a'], ['sort', 'l', 'BY', 'w', 'STORE', 'x'],
      ['sort_ro', 'l', 'GET', 'x'], ['zrangestore', 'd', 's', '0', '1'], ['smove', 'a', 'b', 'm'],
    ];
    for (const c of cases) await d.same('COMMAND', 'GETKEYS', ...c);
  });

  it('large zsets (a multi-level tree): updates, ranks, ranges and range deletes', async () => {
    // Seeded LCG: 6000 members over 300 scores (many ties), then score moves and deletions.
    let x = 99;
    const rnd = (n: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
    for (let i = 0; i < 6000; i += 500) {
      const args: string[] = [];
      for (let j = i; j < i + 500; j++) args.push(String(rnd(300)), `m${rnd(8000)}`);
      await d.same('ZADD', 'big', ...args);
      const lex: string[] = [];
      for (let j = i; j < i + 500; j++) lex.push('0', `k${rnd(9000)}`);
      await d.same('ZADD', 'biglex', ...lex);
    }
    for (let i = 0; i < 300; i++) await d.same('ZADD', 'big', 'CH', String(rnd(300) + (i % 2 ? 0.5 : 0)), `m${rnd(8000)}`);
    await d.same('ZINCRBY', 'big', '-7.25', `m${rnd(8000)}`);
    for (let i = 0; i < 20; i++) {
      await d.same('ZRANK', 'big', `m${rnd(8000)}`);
      await d.same('ZREVRANK', 'big', `m${rnd(8000)}`);
      const a = rnd(6000);
      await d.same('ZRANGE', 'big', String(a), String(a + rnd(100)), 'WITHSCORES');
      await d.same('ZRANGE', 'big', String(-a), String(-a + rnd(100)), 'REV');
      const lo = rnd(300);
      await d.same('ZRANGEBYSCORE', 'big', `(${lo}`, String(lo + rnd(5)), 'WITHSCORES', 'LIMIT', String(rnd(10)), '30');
      await d.same('ZREVRANGEBYSCORE', 'big', String(lo + rnd(5)), String(lo), 'LIMIT', '0', '25');
      await d.same('ZCOUNT', 'big', String(lo), `(${lo + rnd(50)}`);
      const k = `k${rnd(9000)}`;
      await d.same('ZRANGEBYLEX', 'biglex', `[${k}`, '+', 'LIMIT', '0', '20');
      await d.same('ZREVRANGEBYLEX', 'biglex', `(${k}`, '-', 'LIMIT', '3', '20');
      await d.same('ZLEXCOUNT', 'biglex', `[${k}`, `(k${rnd(9000)}`);
    }
    await d.same('ZREMRANGEBYRANK', 'big', '100', '1700');
    await d.same('ZREMRANGEBYSCORE', 'big', '(50', '120.5');
    await d.same('ZREMRANGEBYLEX', 'biglex', '[k2', '(k6');
    await d.same('ZREMRANGEBYRANK', 'big', '-30', '-1');
    await d.same('ZCARD', 'big');
    await d.same('ZRANGE', 'big', '0', '-1', 'WITHSCORES');
    await d.same('ZRANGE', 'biglex', '0', '-1');
    await d.same('ZPOPMIN', 'big', '40');
    await d.same('ZPOPMAX', 'big', '40');
    await d.same('ZRANGE', 'big', '0', '-1', 'WITHSCORES');
  });

  it('binary members order as bytes', async () => {
    await d.same('ZADD', 'bin', '0', 'a', '0', '\x80', '0', '\xff', '0', '\x00', '0', 'A', '0', 'a\x00b');
    await d.same('ZRANGE', 'bin', '0', '-1');
    await d.same('ZRANGEBYLEX', 'bin', '(a', '+');
    await d.same('ZRANGEBYLEX', 'bin', '[\x7f', '[\xff');
    await d.same('SADD', 'sb', '\xff', '\x00', 'x');
    await d.same('SORT', 'sb', 'ALPHA');
    await d.same('SORT', 'sb', 'ALPHA', 'DESC');
  });
});
