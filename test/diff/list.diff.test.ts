import { expect, it } from 'vitest';
import { parseReply } from '../helpers/raw-client';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('list commands match redis-server', () => {
  const d = useDiff();

  it('push family, LLEN, LRANGE, wrong type, arity', async () => {
    await d.same('LPUSHX', 'l', 'a');
    await d.same('RPUSHX', 'l', 'a');
    await d.same('RPUSH', 'l', 'a', 'b', 'c');
    await d.same('LPUSH', 'l', 'x', 'y');
    await d.same('LPUSHX', 'l', 'p');
    await d.same('RPUSHX', 'l', 'q', 'r');
    await d.same('LLEN', 'l');
    await d.same('LLEN', 'nokey');
    for (const [s, e] of [[0, -1], [-3, -1], [2, 1], [100, 200], [-100, 100], [1, 'x']]) await d.same('LRANGE', 'l', s!, e!);
    await d.same('LRANGE', 'nokey', 0, -1);
    await d.same('OBJECT', 'ENCODING', 'l');
    await d.same('SET', 's', 'v');
    for (const c of [['LPUSH', 's', 'a'], ['RPUSHX', 's', 'a'], ['LLEN', 's'], ['LRANGE', 's', 0, 1], ['LINDEX', 's', 0], ['LPOP', 's'], ['LPOS', 's', 'a']]) await d.same(...c);
    await d.same('LPUSH', 'l');
    await d.same('LRANGE', 'l', 0);
  });

  it('LPOP/RPOP with count, RESP2 and RESP3', async () => {
    for (const resp of ['2', '3']) {
      await d.both('HELLO', resp);
      await d.same('DEL', 'l');
      await d.same('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
      await d.same('LPOP', 'l');
      await d.same('RPOP', 'l');
      await d.same('LPOP', 'l', 0);
      await d.same('LPOP', 'l', 2);
      await d.same('RPOP', 'l', 5);
      await d.same('LPOP', 'l');
      await d.same('LPOP', 'l', 1);
      await d.same('RPOP', 'l', -1);
      await d.same('RPOP', 'l', 'x');
      await d.same('RPOP', 'l', 1, 2);
      await d.same('LINDEX', 'l', 0);
      await d.same('LPOS', 'l', 'x');
      await d.same('LMPOP', 1, 'l', 'LEFT');
      await d.same('BLPOP', 'l', '0.01');
      await d.same('BLMOVE', 'l', 'm', 'LEFT', 'LEFT', '0.01');
    }
  });

  it('LINDEX, LSET, LINSERT', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'c');
    for (const i of [0, 2, 3, -1, -3, -4, 'x']) await d.same('LINDEX', 'l', i);
    await d.same('LINDEX', 'nokey', 'x');
    await d.same('LSET', 'l', 1, 'B');
    await d.same('LSET', 'l', -1, 'C');
    await d.same('LSET', 'l', 3, 'X');
    await d.same('LSET', 'l', 'x', 'X');
    await d.same('LSET', 'nokey', 0, 'X');
    await d.same('LINSERT', 'l', 'BEFORE', 'B', 'x');
    await d.same('LINSERT', 'l', 'after', 'C', 'y');
    await d.same('LINSERT', 'l', 'after', 'zz', 'y');
    await d.same('LINSERT', 'l', 'middle', 'zz', 'y');
    await d.same('LINSERT', 'nokey', 'before', 'zz', 'y');
    await d.same('LINSERT', 'nokey', 'middle', 'zz', 'y');
    await d.same('LRANGE', 'l', 0, -1);
  });

  it('LREM, LTRIM', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'a');
    await d.same('LREM', 'l', -2, 'a');
    await d.same('LREM', 'l', 1, 'a');
    await d.same('LREM', 'l', 'x', 'a');
    await d.same('LRANGE', 'l', 0, -1);
    await d.same('LREM', 'l', 0, 'a');
    await d.same('LREM', 'nokey', 0, 'a');
    await d.same('RPUSH', 't', 1, 2, 3, 4, 5, 6);
    await d.same('LTRIM', 't', 1, -2);
    await d.same('LRANGE', 't', 0, -1);
    await d.same('LTRIM', 't', -100, 100);
    await d.same('LTRIM', 't', 'x', 1);
    await d.same('LTRIM', 't', 3, 1);
    await d.same('EXISTS', 't');
    await d.same('LTRIM', 'nokey', 0, 1);
  });

  it('LPOS', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'c', '1', '2', '3', 'c', 'c');
    const cases: (string | number)[][] = [
      ['c'], ['c', 'RANK', 2], ['c', 'RANK', -1], ['c', 'RANK', -2], ['c', 'RANK', 4], ['c', 'RANK', 0],
      ['c', 'COUNT', 0], ['c', 'COUNT', 2], ['c', 'COUNT', 0, 'RANK', 2], ['c', 'COUNT', 2, 'RANK', -1],
      ['c', 'COUNT', 0, 'MAXLEN', 7], ['c', 'MAXLEN', 1], ['c', 'COUNT', -1], ['c', 'COUNT', 'x'],
      ['c', 'MAXLEN', -1], ['c', 'RANK', 'x'], ['c', 'RANK'], ['c', 'FOO', 1], ['x'], ['x', 'COUNT', 1],
      ['c', 'RANK', '-9223372036854775808'], ['c', 'RANK', '-9223372036854775808', 'COUNT', 1],
      ['c', 'RANK', '-9223372036854775807', 'COUNT', 1], ['c', 'RANK', '9223372036854775807'],
    ];
    for (const c of cases) await d.same('LPOS', 'l', ...c);
    await d.same('LPOS', 'nokey', 'x');
    await d.same('LPOS', 'nokey', 'x', 'COUNT', 0);
    await d.same('LPOS', 'nokey', 'x', 'RANK', 0);
  });

  it('RPOPLPUSH, LMOVE, LMPOP', async () => {
    await d.same('RPUSH', 'src', 'a', 'b', 'c', 'd');
    await d.same('RPOPLPUSH', 'src', 'dst');
    await d.same('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT');
    await d.same('LMOVE', 'src', 'src', 'RIGHT', 'LEFT');
    await d.same('LMOVE', 'src', 'dst', 'up', 'LEFT');
    await d.same('LMOVE', 'nokey', 'dst', 'LEFT', 'LEFT');
    await d.same('RPOPLPUSH', 'nokey', 'dst');
    await d.same('SET', 'str', 'x');
    await d.same('LMOVE', 'src', 'str', 'LEFT', 'LEFT');
    await d.same('RPOPLPUSH', 'str', 'dst');
    await d.same('LRANGE', 'src', 0, -1);
    await d.same('LRANGE', 'dst', 0, -1);
    await d.same('LMPOP', 2, 'nokey', 'dst', 'RIGHT', 'COUNT', 1);
    await d.same('LMPOP', 2, 'nokey', 'dst', 'LEFT', 'COUNT', 10);
    await d.same('LMPOP', 1, 'dst', 'LEFT');
    for (const c of [[0, 'k', 'LEFT'], [-1, 'k', 'LEFT'], ['x', 'k', 'LEFT'], [3, 'k', 'LEFT'], [1, 'k', 'UP'], [1, 'k', 'LEFT', 'COUNT'],
      [1, 'k', 'LEFT', 'COUNT', 0], [1, 'k', 'LEFT', 'COUNT', 'x'], [1, 'k', 'LEFT', 'COUNT', 1, 'COUNT', 2], [1, 'str', 'LEFT']]) {
      await d.same('LMPOP', ...c);
    }
    await d.same('LMPOP', 1, 'k');
  });

  it('blocking commands: immediate paths, argument errors, short timeouts', async () => {
    await d.same('RPUSH', 'a', '1', '2', '3');
    await d.same('BLPOP', 'nokey', 'a', 0);
    await d.same('BRPOP', 'a', 0);
    await d.same('BRPOPLPUSH', 'a', 'b', 0);
    await d.same('BLMOVE', 'b', 'a', 'LEFT', 'RIGHT', 0);
    await d.same('BLMPOP', 0, 2, 'nokey', 'a', 'LEFT', 'COUNT', 10);
    for (const t of ['x', '-1', 'inf', '-inf', '1e20', '', 'nan']) await d.same('BLPOP', 'nokey', t);
    await d.same('BLMPOP', 'x', 1, 'k', 'LEFT');
    await d.same('BLMPOP', 0, 0, 'k', 'LEFT');
    await d.same('BLMPOP', 0, 1, 'k', 'UP');
    await d.same('BLMOVE', 'k', 'd', 'UP', 'LEFT', 0);
    await d.same('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 'x');
    await d.same('BRPOPLPUSH', 'k', 'd', '-1');
    await d.same('SET', 'str', 'x');
    await d.same('BLPOP', 'str', 0);
    await d.same('BLMOVE', 'str', 'd', 'LEFT', 'LEFT', 0);
    await d.same('BLPOP', 'nokey', '0.01');
    await d.same('BRPOPLPUSH', 'nokey', 'd', '0.01');
    await d.same('BLMPOP', '0.01', 1, 'nokey', 'LEFT');
    await d.same('MULTI');
    await d.same('BLPOP', 'nokey', 0);
    await d.same('BRPOPLPUSH', 'nokey', 'd', 0);
    await d.same('BLMOVE', 'nokey', 'd', 'LEFT', 'LEFT', 0);
    await d.same('BLMPOP', 0, 1, 'nokey', 'LEFT');
    await d.same('EXEC');
  });

  it('COMMAND INFO of every list command', async () => {
    for (const c of ['lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'llen', 'lrange', 'lindex', 'lset', 'linsert', 'lrem', 'ltrim', 'lpos',
      'rpoplpush', 'lmove', 'lmpop', 'blpop', 'brpop', 'brpoplpush', 'blmove', 'blmpop']) {
      const [x, y] = await d.both('COMMAND', 'INFO', c);
      // Compare name, arity, flags, key range, ACL categories and tips; key specs are not modelled.
      const head = (s: string) => JSON.stringify(((parseReply(s) as unknown[][])[0] as unknown[]).slice(0, 8));
      expect(head(x), `COMMAND INFO ${c}`).toBe(head(y));
      // COMMAND DOCS: summary, since, group, complexity (arguments are not modelled).
      const [dx, dy] = await d.both('COMMAND', 'DOCS', c);
      const docHead = (s: string) => JSON.stringify(((parseReply(s) as unknown[][])[1] as unknown[]).slice(0, 8));
      expect(docHead(dx), `COMMAND DOCS ${c}`).toBe(docHead(dy));
    }
  });
});
