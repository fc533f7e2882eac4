import { expect, it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('hash commands match redis-server', () => {
  const d = useDiff();

  it('HSET family, HGET, HMGET, HLEN, HSTRLEN, HEXISTS', async () => {
    await d.same('HSET', 'h', 'a', '1', 'b', '2');
    await d.same('HSET', 'h', 'a', '10', 'c', '3');
    await d.same('HSET', 'h', 'a');
    await d.same('HSET', 'h', 'a', '1', 'b');
    await d.same('HMSET', 'h', 'd', '4');
    await d.same('HMSET', 'h', 'd', '4', 'e');
    await d.same('HSETNX', 'h', 'a', 'x');
    await d.same('HSETNX', 'h', 'z', 'x');
    await d.same('HGET', 'h', 'a');
    await d.same('HGET', 'h', 'nope');
    await d.same('HGET', 'nokey', 'a');
    await d.same('HMGET', 'h', 'a', 'nope', 'b');
    await d.same('HMGET', 'nokey', 'a', 'b');
    await d.same('HLEN', 'h');
    await d.same('HLEN', 'nokey');
    await d.same('HSTRLEN', 'h', 'a');
    await d.same('HSTRLEN', 'h', 'nope');
    await d.same('HEXISTS', 'h', 'z');
    await d.same('HEXISTS', 'h', 'y');
    await d.same('HEXISTS', 'nokey', 'y');
    await d.same('SET', 's', 'v');
    for (const c of [['HSET', 's', 'a', 'b'], ['HSETNX', 's', 'a', 'b'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'], ['HLEN', 's'], ['HSTRLEN', 's', 'a'],
      ['HEXISTS', 's', 'a'], ['HKEYS', 's'], ['HVALS', 's'], ['HGETALL', 's'], ['HDEL', 's', 'a'], ['HINCRBY', 's', 'a', 1], ['HINCRBYFLOAT', 's', 'a', 1],
      ['HRANDFIELD', 's'], ['HRANDFIELD', 's', 1], ['HSCAN', 's', 0]]) {
      await d.same(...c);
    }
  });

  it('HKEYS/HVALS/HGETALL order while listpack; RESP3 map', async () => {
    for (const resp of ['2', '3']) {
      await d.both('HELLO', resp);
      await d.same('DEL', 'h');
      await d.same('HSET', 'h', 'z', '1', 'a', '2', 'm', '3', 'q', '4');
      await d.same('HDEL', 'h', 'a');
      await d.same('HSET', 'h', 'a', '4', 'z', '5');
      await d.same('HKEYS', 'h');
      await d.same('HVALS', 'h');
      await d.same('HGETALL', 'h');
      await d.same('HGETALL', 'nokey');
      await d.same('HKEYS', 'nokey');
      await d.same('HSCAN', 'h', 0);
      await d.same('HSCAN', 'h', 0, 'MATCH', '[az]');
      await d.same('HSCAN', 'nokey', 0);
    }
  });

  it('HDEL and encodings', async () => {
    await d.same('HSET', 'h', 'a', '1', 'b', '2');
    await d.same('HDEL', 'h', 'a', 'a', 'x');
    await d.same('HDEL', 'h', 'b', 'c');
    await d.same('EXISTS', 'h');
    await d.same('HDEL', 'h', 'b');
    await d.same('HSET', 'e', 'a', 'x'.repeat(64));
    await d.same('OBJECT', 'ENCODING', 'e');
    await d.same('HSETNX', 'e', 'b', 'x'.repeat(65));
    await d.same('OBJECT', 'ENCODING', 'e');
    const args: string[] = [];
    for (let i = 0; i < 512; i++) args.push('f' + i, 'v');
    await d.same('HSET', 'big', ...args);
    await d.same('OBJECT', 'ENCODING', 'big');
    await d.same('HSET', 'big', 'f512', 'v');
    await d.same('OBJECT', 'ENCODING', 'big');
    await d.same('HDEL', 'big', 'f0', 'f1');
    await d.same('OBJECT', 'ENCODING', 'big');
    await d.sameSorted('HKEYS', 'big');
    await d.same('CONFIG', 'SET', 'hash-max-listpack-value', '3');
    await d.same('HSET', 'small', 'abcd', '1');
    await d.same('OBJECT', 'ENCODING', 'small');
    await d.same('HINCRBYFLOAT', 'inc1', 'a', '0.5');
    await d.same('HINCRBYFLOAT', 'inc1', 'a', '0.0005');
    await d.same('OBJECT', 'ENCODING', 'inc1');
    await d.same('HINCRBY', 'inc2', 'abcd', '1');
    await d.same('OBJECT', 'ENCODING', 'inc2');
    await d.same('CONFIG', 'SET', 'hash-max-listpack-value', '64');
  });

  it('HINCRBY and HINCRBYFLOAT', async () => {
    await d.same('HINCRBY', 'h', 'n', 5);
    await d.same('HINCRBY', 'h', 'n', -10);
    await d.same('HINCRBY', 'h', 'n', 'x');
    await d.same('HSET', 'h', 's', 'abc', 'big', '9223372036854775807', 'neg', '-9223372036854775808', 'f', '1.5', 'sp', ' 1', 'inf', 'inf', 'nan', 'nan');
    await d.same('HINCRBY', 'h', 's', 1);
    await d.same('HINCRBY', 'h', 'big', 1);
    await d.same('HINCRBY', 'h', 'neg', -1);
    await d.same('HINCRBY', 'h', 'neg', 9223372036854775807);
    await d.same('HINCRBY', 'h', 'f', 1);
    for (const [f, inc] of [['f', '0.1'], ['f', '-1.6'], ['new', '3'], ['new', '1e3'], ['n', '2.5'], ['f', '5.0e3'], ['s', '1'], ['sp', '1'], ['inf', '1'],
      ['nan', '1'], ['f', 'x'], ['f', 'inf'], ['f', 'nan'], ['f', '-inf'], ['x', '0.0000001'], ['y', '10.5'], ['y', '1e-5'], ['z', '3.0e-2']]) {
      await d.same('HINCRBYFLOAT', 'h', f!, inc!);
    }
    await d.same('HGETALL', 'h');
  });

  it('HRANDFIELD errors and shapes', async () => {
    await d.same('HRANDFIELD', 'nokey');
    await d.same('HRANDFIELD', 'nokey', 5);
    await d.same('HRANDFIELD', 'nokey', 5, 'WITHVALUES');
    await d.same('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    await d.sameType('HRANDFIELD', 'h');
    await d.same('HRANDFIELD', 'h', 0);
    await d.same('HRANDFIELD', 'h', 0, 'WITHVALUES');
    await d.sameSorted('HRANDFIELD', 'h', 3);
    await d.sameSorted('HRANDFIELD', 'h', 10);
    await d.sameSorted('HRANDFIELD', 'h', 10, 'WITHVALUES');
    await d.same('HRANDFIELD', 'h', 'x');
    await d.same('HRANDFIELD', 'h', 1, 'WITHSCORES');
    await d.same('HRANDFIELD', 'h', 1, 'WITHVALUES', 'x');
    await d.same('HRANDFIELD', 'h', '-9223372036854775808');
    await d.same('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES');
    await d.same('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES');
    for (const resp of ['2', '3']) {
      await d.both('HELLO', resp);
      for (const n of [-5, 2, 1, -1]) {
        const [x, y] = await d.both('HRANDFIELD', 'h', n, 'WITHVALUES');
        const px = parseReply(x) as unknown[];
        const py = parseReply(y) as unknown[];
        expect(px.length, `HRANDFIELD h ${n} WITHVALUES (RESP${resp})`).toBe(py.length);
        expect(Array.isArray(px[0]), 'pairs under RESP3').toBe(Array.isArray(py[0]));
      }
    }
  });

  it('HSCAN cursor, MATCH, COUNT, errors', async () => {
    const args: string[] = [];
    for (let i = 0; i < 600; i++) args.push('f' + i, String(i));
    await d.same('HSET', 'big', ...args);
    for (const c of [['x'], [' 1'], ['1x'], ['-1x'], ['18446744073709551616']]) await d.same('HSCAN', 'big', ...c);
    await d.same('HSCAN', 'big', 0, 'COUNT', 0);
    await d.same('HSCAN', 'big', 0, 'COUNT', 'x');
    await d.same('HSCAN', 'big', 0, 'FOO', 1);
    await d.same('HSCAN', 'big', 0, 'MATCH');
    await d.same('HSCAN', 'big', 0, 'TYPE', 'string');
    await d.same('HSCAN', 'nokey', 'x');
    await d.same('HSCAN', 'nokey', 0, 'COUNT', 0);
    // A full iteration returns every field once (order and cursors differ from Redis's).
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [raw] = await d.both('HSCAN', 'big', cursor, 'COUNT', 50, 'MATCH', 'f1*');
      const [next, items] = parseReply(raw) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(111);
  });

  it('COMMAND INFO of every hash command', async () => {
    for (const c of ['hset', 'hsetnx', 'hget', 'hmget', 'hmset', 'hdel', 'hlen', 'hstrlen', 'hexists', 'hkeys', 'hvals', 'hgetall', 'hincrby',
      'hincrbyfloat', 'hrandfield', 'hscan']) {
      const [x, y] = await d.both('COMMAND', 'INFO', c);
      const head = (s: string) => JSON.stringify(((parseReply(s) as unknown[][])[0] as unknown[]).slice(0, 8));
      expect(head(x), `COMMAND INFO ${c}`).toBe(head(y));
      // COMMAND DOCS: summary, since, group, complexity (arguments are not modelled).
      const [dx, dy] = await d.both('COMMAND', 'DOCS', c);
      const docHead = (s: string) => JSON.stringify(((parseReply(s) as unknown[][])[1] as unknown[]).slice(0, 8));
      expect(docHead(dx), `COMMAND DOCS ${c}`).toBe(docHead(dy));
    }
  });
});
