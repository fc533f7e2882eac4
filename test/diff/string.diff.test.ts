import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('string commands match redis-server', () => {
  const d = useDiff();

  /** A list at key on both servers (injected on ours while LPUSH/RPUSH are not there yet). */
  async function mkList(key: string): Promise<void> {
    const [ours] = await d.both('RPUSH', key, 'x');
    if (ours.startsWith('-ERR unknown command')) {
      d.oursServer().dbs[0]!.setKey(key, { type: 'list', encoding: () => 'listpack', clone() { return this; } });
    }
  }

  it('GET / SET basics and arity', async () => {
    await d.same('GET', 'k');
    await d.same('SET', 'k', 'v');
    await d.same('GET', 'k');
    await d.same('SET', 'k', '\x00\xff\r\nbinary');
    await d.same('GET', 'k');
    await d.same('SET', 'e', '');
    await d.same('GET', 'e');
    await d.same('GET');
    await d.same('SET', 'k');
    await d.same('GET', 'k', 'x');
    await mkList('h');
    await d.same('GET', 'h');
  });

  it('SET options and their conflicts', async () => {
    const cases: string[][] = [
      ['NX'], ['XX'], ['nx', 'nx'], ['NX', 'XX'], ['XX', 'NX'], ['GET'], ['GET', 'GET'], ['KEEPTTL'],
      ['EX', '10'], ['PX', '100'], ['EXAT', '4000000000'], ['PXAT', '4000000000000'], ['EX'], ['PX'],
      ['EX', '10', 'PX', '10'], ['PX', '10', 'EX', '10'], ['EX', '10', 'EXAT', '10'], ['PXAT', '10', 'PX', '1'],
      ['EX', '10', 'KEEPTTL'], ['KEEPTTL', 'EX', '10'], ['KEEPTTL', 'KEEPTTL'], ['EX', '10', 'EX', '20'],
      ['PERSIST'], ['foo'], ['EX', '0'], ['EX', '-1'], ['PX', '0'], ['EXAT', '0'], ['PXAT', '-5'], ['EX', 'abc'],
      ['EX', '1.5'], ['EX', '9223372036854775807'], ['PX', '9223372036854775807'], ['EX', '9223372036854775'],
      ['EX', '9223372036854776'], ['PXAT', '9223372036854775807'], ['EXAT', '9223372036854775'],
      ['EXAT', '9223372036854776'], ['EX', '99999999999999999999'], ['NX', 'GET'], ['XX', 'GET', 'KEEPTTL'],
      ['GET', 'EX', '5'], ['nX', 'Ex', '5'], ['EX', 'NX'],
    ];
    for (const opts of cases) {
      await d.both('DEL', 'k');
      await d.same('SET', 'k', 'v1', ...opts);
      await d.same('SET', 'k', 'v2', ...opts);
      await d.same('GET', 'k');
      await d.same('SET', 'k', 'v3', 'KEEPTTL', ...opts);
    }
  });

  it('SET GET on wrong type does not write', async () => {
    await mkList('l');
    await d.same('SET', 'l', 'v', 'GET');
    await d.same('SET', 'l', 'v', 'GET', 'NX');
    await d.same('TYPE', 'l');
    await d.same('SET', 'l', 'v', 'GET', 'EX', '0');
  });

  it('SET with past absolute times, TTL bookkeeping', async () => {
    await d.same('SET', 'k', 'v', 'PXAT', '1');
    await d.same('GET', 'k');
    await d.same('EXISTS', 'k');
    await d.same('SET', 'k', 'v', 'EXAT', '1');
    await d.same('GET', 'k');
    await d.same('SET', 'k', 'v', 'EX', '100');
    await d.same('TTL', 'k');
    await d.same('SET', 'k', 'w', 'KEEPTTL');
    await d.same('TTL', 'k');
    await d.same('SET', 'k', 'x');
    await d.same('TTL', 'k');
    await d.same('SET', 'k', 'v', 'PXAT', '9223372036854775807');
    await d.same('GET', 'k');
  });

  it('SETNX / SETEX / PSETEX / GETSET', async () => {
    await d.same('SETNX', 'k', '1');
    await d.same('SETNX', 'k', '2');
    await d.same('GET', 'k');
    await d.same('SETEX', 'k', '100', 'v');
    await d.same('TTL', 'k');
    await d.same('SETEX', 'k', '0', 'v');
    await d.same('SETEX', 'k', '-1', 'v');
    await d.same('SETEX', 'k', 'x', 'v');
    await d.same('SETEX', 'k', '9223372036854775807', 'v');
    await d.same('PSETEX', 'k', '100000', 'v');
    await d.same('PSETEX', 'k', '0', 'v');
    await d.same('PSETEX', 'k', '9223372036854775807', 'v');
    await d.same('GETSET', 'k', 'new');
    await d.same('TTL', 'k');
    await d.same('GETSET', 'm', 'x');
    await mkList('l');
    await d.same('GETSET', 'l', 'x');
    await d.same('SETNX', 'l', 'x');
    await d.same('SETEX', 'l', '10', 'x');
    await d.same('TYPE', 'l');
    await d.same('SETNX', 'k');
    await d.same('SETEX', 'k', '10');
  });

  it('GETDEL / GETEX', async () => {
    await d.same('GETDEL', 'k');
    await d.both('SET', 'k', 'v');
    await d.same('GETDEL', 'k');
    await d.same('EXISTS', 'k');
    await mkList('l');
    await d.same('GETDEL', 'l');
    await d.same('GETEX', 'l');
    await d.same('GETEX', 'l', 'EX', '10');
    await d.same('GETEX', 'nokey', 'EX', '0');
    await d.same('GETEX', 'nokey', 'FOO');
    await d.same('GETEX');
    await d.both('SET', 'k', 'v');
    for (const opts of [
      [], ['EX', '100'], ['PX', '100000'], ['EXAT', '4000000000'], ['PXAT', '4000000000000'], ['PERSIST'],
      ['EX'], ['EX', '0'], ['EX', '-1'], ['PX', 'x'], ['EX', '10', 'PX', '10'], ['PERSIST', 'EX', '10'],
      ['EX', '10', 'PERSIST'], ['PERSIST', 'PERSIST'], ['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['EX', '9223372036854775807'],
    ]) {
      await d.same('GETEX', 'k', ...opts);
      await d.same('TTL', 'k');
    }
    await d.same('GETEX', 'k', 'PXAT', '1');
    await d.same('EXISTS', 'k');
    await d.both('SET', 'k', 'v');
    await d.same('GETEX', 'k', 'EXAT', '1');
    await d.same('EXISTS', 'k');
  });

  it('MGET / MSET / MSETNX', async () => {
    await d.same('MSET', 'a', '1', 'b', '2', 'c', '3');
    await d.same('MGET', 'a', 'b', 'nokey', 'c');
    await mkList('l');
    await d.same('MGET', 'l', 'a');
    await d.same('MSET', 'a');
    await d.same('MSET', 'a', '1', 'b');
    await d.same('MSETNX', 'a', '1', 'b');
    await d.same('MSETNX', 'x', '1', 'a', '2');
    await d.same('MGET', 'x', 'a');
    await d.same('MSETNX', 'x', '1', 'y', '2');
    await d.same('MSETNX', 'z', '1', 'z', '2');
    await d.same('MGET', 'x', 'y', 'z');
    await d.same('MSETNX', 'l', '1');
    await d.same('MSET', 'l', 'now-string');
    await d.same('GET', 'l');
    await d.same('MGET');
  });

  it('APPEND / STRLEN', async () => {
    await d.same('STRLEN', 'k');
    await d.same('APPEND', 'k', 'hello');
    await d.same('APPEND', 'k', ' world\x00');
    await d.same('GET', 'k');
    await d.same('STRLEN', 'k');
    await d.both('SET', 'n', '12345');
    await d.same('STRLEN', 'n');
    await d.same('APPEND', 'n', '6');
    await d.same('GET', 'n');
    await mkList('l');
    await d.same('APPEND', 'l', 'x');
    await d.same('STRLEN', 'l');
    await d.both('SET', 't', 'v', 'EX', '100');
    await d.same('APPEND', 't', 'x');
    await d.same('TTL', 't');
  });

  it('GETRANGE / SUBSTR', async () => {
    await d.same('GETRANGE', 'k', '0', '-1');
    await d.both('SET', 'k', 'This is a string');
    const idx = ['0', '1', '3', '-1', '-3', '-16', '-17', '-100', '15', '16', '100', '4294967297', '-4294967297',
      '9223372036854775807', '-9223372036854775808'];
    for (const a of idx) for (const b of idx) await d.same('GETRANGE', 'k', a, b);
    await d.same('SUBSTR', 'k', '2', '7');
    await d.same('GETRANGE', 'k', 'x', '1');
    await d.same('GETRANGE', 'k', '1', '1.5');
    await d.same('GETRANGE', 'nokey', 'x', '1');
    await d.both('SET', 'n', '1234');
    await d.same('GETRANGE', 'n', '1', '2');
    await d.both('SET', 'e', '');
    await d.same('GETRANGE', 'e', '0', '-1');
    await d.same('GETRANGE', 'e', '-1', '0');
    await mkList('l');
    await d.same('GETRANGE', 'l', '0', '1');
    await d.same('GETRANGE', 'l', 'x', '1');
    await d.same('GETRANGE', 'k', '0');
  });

  it('SETRANGE', async () => {
    await d.same('SETRANGE', 'k', '0', '');
    await d.same('EXISTS', 'k');
    await d.same('SETRANGE', 'k', '5', '');
    await d.same('SETRANGE', 'k', '3', 'abc');
    await d.same('GET', 'k');
    await d.same('SETRANGE', 'k', '0', 'X');
    await d.same('SETRANGE', 'k', '5', 'YZW');
    await d.same('SETRANGE', 'k', '10', 'Q');
    await d.same('SETRANGE', 'k', '2', '');
    await d.same('GET', 'k');
    await d.same('SETRANGE', 'k', '-1', 'x');
    await d.same('SETRANGE', 'k', 'x', 'x');
    await d.same('SETRANGE', 'k', '536870911', 'xx');
    await d.same('SETRANGE', 'k', '536870912', 'x');
    await d.same('SETRANGE', 'k', '9223372036854775807', 'x');
    await d.same('SETRANGE', 'k', '2147483647', 'x');
    await d.same('SETRANGE', 'k', '9223372036854775808', 'x');
    await d.both('SET', 'n', '1234');
    await d.same('SETRANGE', 'n', '1', '9');
    await d.same('GET', 'n');
    await mkList('l');
    await d.same('SETRANGE', 'l', '0', 'x');
    await d.same('SETRANGE', 'l', '0', '');
    await d.same('SETRANGE', 'l', '-1', '');
    await d.both('SET', 't', 'v', 'EX', '100');
    await d.same('SETRANGE', 't', '3', 'x');
    await d.same('TTL', 't');
  });

  it('INCR / DECR / INCRBY / DECRBY', async () => {
    await d.same('INCR', 'n');
    await d.same('INCR', 'n');
    await d.same('DECR', 'n');
    await d.same('DECR', 'm');
    await d.same('INCRBY', 'n', '17179869184');
    await d.same('DECRBY', 'n', '34359738368');
    await d.same('INCRBY', 'n', 'x');
    await d.same('INCRBY', 'n', '1.0');
    await d.same('DECRBY', 'n', '-9223372036854775808');
    await d.same('DECRBY', 'n', '9223372036854775808');
    for (const v of ['9223372036854775806', '9223372036854775807', '-9223372036854775807', '-9223372036854775808',
      '9007199254740991', '9007199254740992', '-9007199254740993', '0', '-0', '01', ' 1', '1 ', '+1', '1e3', '',
      '18446744073709551616', 'abc', '12345678901234567890']) {
      await d.both('SET', 'v', v);
      await d.same('INCR', 'v');
      await d.same('GET', 'v');
      await d.both('SET', 'v', v);
      await d.same('DECR', 'v');
      await d.both('SET', 'v', v);
      await d.same('INCRBY', 'v', '9223372036854775807');
      await d.both('SET', 'v', v);
      await d.same('DECRBY', 'v', '9223372036854775807');
      await d.both('SET', 'v', v);
      await d.same('INCRBY', 'v', '-9223372036854775808');
      await d.same('GET', 'v');
    }
    await mkList('l');
    await d.same('INCR', 'l');
    await d.same('INCRBY', 'l', 'x');
    await d.same('DECRBY', 'l', '1');
    await d.both('SET', 't', '10', 'EX', '100');
    await d.same('INCR', 't');
    await d.same('TTL', 't');
  });

  it('INCRBYFLOAT', async () => {
    await d.same('INCRBYFLOAT', 'f', '10.5');
    await d.same('INCRBYFLOAT', 'f', '0.1');
    await d.same('INCRBYFLOAT', 'f', '-0.1');
    await d.same('INCRBYFLOAT', 'f', '-10.5');
    await d.same('INCRBYFLOAT', 'f', '5.0e3');
    await d.same('INCRBYFLOAT', 'f', '1.5e-3');
    await d.same('INCRBYFLOAT', 'f', '17179869184');
    await d.same('INCRBYFLOAT', 'f', '-3.0000000000000004');
    await d.same('INCRBYFLOAT', 'f', 'x');
    await d.same('INCRBYFLOAT', 'f', '+inf');
    await d.same('INCRBYFLOAT', 'f', '-inf');
    await d.same('INCRBYFLOAT', 'f', 'nan');
    await d.same('INCRBYFLOAT', 'f', ' 1');
    await d.same('INCRBYFLOAT', 'f', '1 ');
    await d.same('INCRBYFLOAT', 'f', '');
    await d.same('GET', 'f');
    for (const v of ['1', '-1', '1.5', ' 1', '1 ', '0x10', 'abc', '1e5', '.5', '5.', '-0', '1\x002', '100000000000000000000']) {
      await d.both('SET', 'v', v);
      await d.same('INCRBYFLOAT', 'v', '1.25');
      await d.same('GET', 'v');
    }
    await d.both('SET', 'v', '0.024390243902439025');
    await d.same('INCRBYFLOAT', 'v', '-0.024390243902439025');
    await mkList('l');
    await d.same('INCRBYFLOAT', 'l', '1');
    await d.same('INCRBYFLOAT', 'l', 'x');
    await d.both('SET', 't', '1', 'EX', '100');
    await d.same('INCRBYFLOAT', 't', '1.5');
    await d.same('TTL', 't');
  });

  it('INCRBYFLOAT chains and odd operands (80-bit long double results)', async () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const ops = ['0.1', '0.2', '-0.3', '1e-10', '3.14159', '-2.5e5', '1e17', '-1e17', '0.000001', '7', '1.5e-300',
      '1e400', '-1e400', '0x1p-3', '0X10', '1E2', '.5', '5.', '+3', '123456789.123456789', '1e-4940', '1e-5000'];
    for (let i = 0; i < 150; i++) {
      const op = rnd() < 0.6 ? ops[Math.floor(rnd() * ops.length)]! : (rnd() * 2000 - 1000).toFixed(Math.floor(rnd() * 8));
      await d.same('INCRBYFLOAT', 'chain', op);
    }
    await d.same('GET', 'chain');
    for (const v of ['1e4932', '1.18973149535723176502e+4932', '1e-4951', '3.6e-4951', '1e-4940', '-1e-4950', '1e-320',
      '0.1e-4950', '1' + '0'.repeat(5200), 'inf', '-Infinity', 'INF', 'nan', '0x', '0x1p', '1e', '1e+', '--1', '\t1', '1\n']) {
      await d.both('SET', 'v', v);
      await d.same('INCRBYFLOAT', 'v', '0');
      await d.both('SET', 'v', '1');
      await d.same('INCRBYFLOAT', 'v', v);
    }
  });

  it('LCS', async () => {
    await d.both('MSET', 'a', 'ohmytext', 'b', 'mynewtext', 'r1', 'CACCTTCCCAGGTAACAAACCAACCAACTTTCGATCTCTTGTAGATCT',
      'r2', 'ATTAAAGGTTTATACCTTCCCAGGTAACAAACCAACCAACTTTCGATCTCTTG');
    const opts: string[][] = [[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', '4'],
      ['IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', '-5'], ['LEN', 'IDX'], ['IDX', 'LEN'],
      ['MINMATCHLEN'], ['MINMATCHLEN', 'x'], ['FOO'], ['WITHMATCHLEN'], ['LEN', 'MINMATCHLEN', '3']];
    for (const [x, y] of [['a', 'b'], ['b', 'a'], ['r1', 'r2'], ['a', 'nokey'], ['nokey', 'nokey2'], ['a', 'a']]) {
      for (const o of opts) await d.same('LCS', x!, y!, ...o);
    }
    await mkList('l');
    await d.same('LCS', 'a', 'l');
    await d.same('LCS', 'l', 'a', 'FOO');
    await d.same('LCS', 'a');
  });

  it('LCS IDX under RESP3', async () => {
    await d.both('HELLO', '3');
    await d.both('MSET', 'a', 'ohmytext', 'b', 'mynewtext');
    await d.same('LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN');
    await d.same('INCRBYFLOAT', 'f', '1.5');
    await d.same('GET', 'nokey');
    await d.same('MGET', 'a', 'nokey');
    await d.reconnect();
  });

  it('OBJECT ENCODING after in-place writes (raw) and plain sets', async () => {
    const steps: string[][] = [
      ['SET', 'k', '1'], ['SETBIT', 'k', '0', '0'], ['SET', 'k', '1'], ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '9'],
      ['SET', 'k', '1'], ['BITFIELD', 'k', 'GET', 'u2', '0'], ['SET', 'k', '1'], ['SETRANGE', 'k', '0', ''],
      ['SET', 'k', '1'], ['APPEND', 'k', ''], ['DEL', 'k'], ['APPEND', 'k', '12'], ['BITOP', 'OR', 'd', 'k'],
      ['SET', 'k', 'abc'], ['SETRANGE', 'k', '1', 'b'], ['SET', 'k', '123'], ['GETSET', 'k', '456'], ['SETRANGE', 'n', '2', 'x'],
      ['SETBIT', 'b', '9', '1'], ['SET', 'k', 'x'.repeat(44)], ['SET', 'k', 'x'.repeat(45)], ['SET', 'k', '12345678901234567890'],
      ['SET', 'k', '-9223372036854775808'], ['SET', 'k', '01'], ['INCR', 'k'], ['SET', 'k', '5'], ['APPEND', 'k', '5'], ['INCR', 'k'],
      ['MSET', 'a', '1', 'b', 'xyz'], ['SETRANGE', 'k', '0', '7'], ['RENAME', 'k', 'k2'],
    ];
    for (const st of steps) {
      await d.same(...st);
      for (const key of ['k', 'k2', 'd', 'n', 'b', 'a']) await d.same('OBJECT', 'ENCODING', key);
    }
  });

  it('COMMAND INFO of every string command', async () => {
    for (const c of ['get', 'set', 'setnx', 'setex', 'psetex', 'getset', 'getdel', 'getex', 'mget', 'mset', 'msetnx',
      'append', 'strlen', 'getrange', 'substr', 'setrange', 'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat', 'lcs']) {
      const [ours, theirs] = await d.both('COMMAND', 'INFO', c);
      // Compare the first 8 fields (name … tips); key specs and subcommands are the registry's business.
      const { parseReply } = await import('../helpers/raw-client');
      const po = parseReply(ours) as unknown[][];
      const pt = parseReply(theirs) as unknown[][];
      const { expect } = await import('vitest');
      expect(po[0]!.slice(0, 8), c).toEqual(pt[0]!.slice(0, 8));
    }
  });
});

describeDiff('string and bitmap keyspace notifications match redis-server', () => {
  const d = useDiff();

  /** Runs cmds on both servers with notify-keyspace-events KEA and a PSUBSCRIBE * listener; compares the messages. */
  async function sameEvents(cmds: string[][]): Promise<void> {
    const { RawClient, parseReply } = await import('../helpers/raw-client');
    const { expect } = await import('vitest');
    await d.both('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    const ports = [d.oursServer().port, Number((d.theirs() as unknown as { sock: { remotePort: number } }).sock.remotePort)];
    const subs = await Promise.all(ports.map((p) => RawClient.connect(p)));
    try {
      await Promise.all(subs.map((s) => s.call('PSUBSCRIBE', '*')));
      for (const c of cmds) await d.both(...c);
      await d.both('PUBLISH', 'zz-end', 'x');
      const got: string[][] = [[], []];
      for (let i = 0; i < 2; i++) {
        for (;;) {
          const m = parseReply(await subs[i]!.read()) as string[];
          if (m[2] === 'zz-end') break;
          got[i]!.push(`${m[2]} ${m[3]}`);
        }
      }
      expect(got[1]!.length, 'redis sent events').toBeGreaterThan(cmds.length / 2);
      expect(got[0], 'events').toEqual(got[1]);
    } finally {
      for (const s of subs) s.close();
      await d.both('CONFIG', 'SET', 'notify-keyspace-events', '');
    }
  }

  it('string commands', async () => {
    await sameEvents([
      ['SET', 'k', 'v'], ['SET', 'k', 'v', 'EX', '100'], ['SET', 'k', 'w', 'KEEPTTL', 'GET'], ['SET', 'k', 'x', 'NX'],
      ['SETNX', 'n', '1'], ['SETEX', 'k', '10', 'v'], ['PSETEX', 'k', '10000', 'v'], ['GETSET', 'k', 'z'], ['GETDEL', 'k'],
      ['GETDEL', 'k'], ['GET', 'missing'], ['MGET', 'n', 'missing'], ['MSET', 'a', '1', 'b', '2'], ['MSETNX', 'a', '1'],
      ['MSETNX', 'c', '1', 'd', '2'], ['APPEND', 'a', 'x'], ['APPEND', 'new', 'x'], ['SETRANGE', 'a', '5', 'y'],
      ['SETRANGE', 'sr', '0', ''], ['SETRANGE', 'sr', '2', 'q'], ['INCR', 'i'], ['DECRBY', 'i', '5'], ['INCRBYFLOAT', 'i', '1.5'],
      ['INCRBYFLOAT', 'f', '1.5'], ['GETEX', 'a', 'EX', '100'], ['GETEX', 'a', 'PERSIST'], ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'PXAT', '1'], ['GETEX', 'missing'], ['STRLEN', 'missing'], ['GETRANGE', 'missing', '0', '1'],
      ['LCS', 'b', 'missing'], ['SET', 'p', 'v', 'PXAT', '1'], ['SET', 'p', 'v'],
    ]);
  });

  it('bitmap commands', async () => {
    await sameEvents([
      ['SETBIT', 'b', '3', '1'], ['SETBIT', 'b', '3', '1'], ['SETBIT', 'b', '100', '0'], ['GETBIT', 'missing', '0'],
      ['BITCOUNT', 'missing'], ['BITPOS', 'missing', '1'], ['BITOP', 'NOT', 'd', 'b'], ['BITOP', 'AND', 'd', 'missing'],
      ['BITOP', 'AND', 'd', 'missing'], ['BITFIELD', 'f', 'SET', 'u8', '0', '1', 'GET', 'u8', '0'], ['BITFIELD', 'f', 'SET', 'u8', '0', '1'],
      ['BITFIELD', 'g', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '9'], ['BITFIELD', 'missing2', 'GET', 'u2', '0'],
      ['BITFIELD_RO', 'missing3', 'GET', 'u2', '0'],
    ]);
  });
});
