import { describe, expect, it } from 'vitest';
import { InProcess, err, ok } from '../helpers/run';

const SYNTAX = err('ERR syntax error');
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const NOTINT = err('ERR value is not an integer or out of range');

/** Puts a non-string value at key (a stand-in TypedValue) to exercise WRONGTYPE paths. */
function putList(t: InProcess, key: string): void {
  t.client.db.setKey(key, { type: 'list', encoding: () => 'listpack', clone() { return this; } });
}

describe('GET / SET', () => {
  it('sets and gets, binary safe', () => {
    const t = new InProcess();
    expect(t.run('GET', 'k')).toBe(null);
    expect(t.run('SET', 'k', 'v')).toEqual(ok);
    expect(t.run('GET', 'k')).toBe('v');
    expect(t.run('SET', 'k', '\x00\xff\r\n')).toEqual(ok);
    expect(t.run('GET', 'k')).toBe('\x00\xff\r\n');
    expect(t.run('SET', 'k', '')).toEqual(ok);
    expect(t.run('GET', 'k')).toBe('');
  });

  it('GET against a wrong type', () => {
    const t = new InProcess();
    putList(t, 'l');
    expect(t.run('GET', 'l')).toEqual(WRONGTYPE);
  });

  it('counts dirty per write', () => {
    const t = new InProcess();
    const d = t.server.dirty;
    t.run('SET', 'a', '1');
    t.run('SET', 'a', '2', 'NX');
    t.run('SET', 'b', '1', 'XX');
    expect(t.server.dirty).toBe(d + 1);
  });

  it('NX and XX', () => {
    const t = new InProcess();
    expect(t.run('SET', 'k', '1', 'XX')).toBe(null);
    expect(t.run('SET', 'k', '1', 'nx')).toEqual(ok);
    expect(t.run('SET', 'k', '2', 'NX')).toBe(null);
    expect(t.run('SET', 'k', '3', 'xX')).toEqual(ok);
    expect(t.run('GET', 'k')).toBe('3');
    expect(t.run('SET', 'k', '3', 'NX', 'XX')).toEqual(SYNTAX);
    expect(t.run('SET', 'k', '3', 'XX', 'NX')).toEqual(SYNTAX);
    expect(t.run('SET', 'k', '3', 'NX', 'NX')).toBe(null);
  });

  it('GET option', () => {
    const t = new InProcess();
    expect(t.run('SET', 'k', '1', 'GET')).toBe(null);
    expect(t.run('SET', 'k', '2', 'GET')).toBe('1');
    expect(t.run('SET', 'k', '3', 'GET', 'NX')).toBe('2');
    expect(t.run('GET', 'k')).toBe('2');
    expect(t.run('SET', 'x', '3', 'GET', 'XX')).toBe(null);
    expect(t.run('GET', 'x')).toBe(null);
    putList(t, 'l');
    expect(t.run('SET', 'l', 'v', 'GET')).toEqual(WRONGTYPE);
    expect(t.client.db.lookup('l')).not.toBeTypeOf('string');
  });

  it('EX / PX / EXAT / PXAT and expiry', () => {
    const t = new InProcess();
    expect(t.run('SET', 'k', 'v', 'EX', '10')).toEqual(ok);
    expect(t.client.db.getExpire('k')).toBe(t.time + 10_000);
    expect(t.run('SET', 'k', 'v', 'PX', '100')).toEqual(ok);
    expect(t.client.db.getExpire('k')).toBe(t.time + 100);
    t.advance(100);
    expect(t.run('GET', 'k')).toBe('v'); // alive through its last millisecond
    t.advance(1);
    expect(t.run('GET', 'k')).toBe(null);
    expect(t.run('SET', 'k', 'v', 'EXAT', String(Math.floor(t.time / 1000) + 5))).toEqual(ok);
    expect(t.client.db.getExpire('k')).toBe((Math.floor(t.time / 1000) + 5) * 1000);
    expect(t.run('SET', 'k', 'v', 'PXAT', String(t.time + 7))).toEqual(ok);
    expect(t.client.db.getExpire('k')).toBe(t.time + 7);
    // A past absolute time is accepted; the key is then gone.
    expect(t.run('SET', 'k', 'v', 'PXAT', '1')).toEqual(ok);
    expect(t.run('GET', 'k')).toBe(null);
    // A plain SET drops the TTL, KEEPTTL keeps it.
    t.run('SET', 'k', 'v', 'EX', '100');
    t.run('SET', 'k', 'w', 'KEEPTTL');
    expect(t.client.db.getExpire('k')).toBe(t.time + 100_000);
    t.run('SET', 'k', 'w');
    expect(t.client.db.getExpire('k')).toBe(-1);
  });

  it('expire errors', () => {
    const t = new InProcess();
    for (const opt of ['EX', 'PX', 'EXAT', 'PXAT']) {
      expect(t.run('SET', 'k', 'v', opt, '0')).toEqual(err("ERR invalid expire time in 'set' command"));
      expect(t.run('SET', 'k', 'v', opt, '-1')).toEqual(err("ERR invalid expire time in 'set' command"));
      expect(t.run('SET', 'k', 'v', opt, 'x')).toEqual(NOTINT);
      expect(t.run('SET', 'k', 'v', opt)).toEqual(SYNTAX);
    }
    expect(t.run('SET', 'k', 'v', 'EX', '9223372036854775807')).toEqual(err("ERR invalid expire time in 'set' command"));
    expect(t.run('SET', 'k', 'v', 'PX', '9223372036854775807')).toEqual(err("ERR invalid expire time in 'set' command"));
    expect(t.run('SET', 'k', 'v', 'EX', '10', 'PX', '10')).toEqual(SYNTAX);
    expect(t.run('SET', 'k', 'v', 'EX', '10', 'KEEPTTL')).toEqual(SYNTAX);
    expect(t.run('SET', 'k', 'v', 'KEEPTTL', 'PXAT', '10')).toEqual(SYNTAX);
    expect(t.run('SET', 'k', 'v', 'PERSIST')).toEqual(SYNTAX);
    expect(t.run('SET', 'k', 'v', 'foo')).toEqual(SYNTAX);
    expect(t.run('GET', 'k')).toBe(null);
    expect(t.run('SETEX', 'k', '0', 'v')).toEqual(err("ERR invalid expire time in 'setex' command"));
    expect(t.run('PSETEX', 'k', '-5', 'v')).toEqual(err("ERR invalid expire time in 'psetex' command"));
    expect(t.run('SETEX', 'k', 'a', 'v')).toEqual(NOTINT);
  });

  it('SETNX, SETEX, PSETEX, GETSET', () => {
    const t = new InProcess();
    expect(t.run('SETNX', 'k', '1')).toBe(1);
    expect(t.run('SETNX', 'k', '2')).toBe(0);
    expect(t.run('SETEX', 'k', '10', 'v')).toEqual(ok);
    expect(t.client.db.getExpire('k')).toBe(t.time + 10_000);
    expect(t.run('PSETEX', 'k', '10', 'w')).toEqual(ok);
    expect(t.client.db.getExpire('k')).toBe(t.time + 10);
    expect(t.run('GETSET', 'k', 'x')).toBe('w');
    expect(t.client.db.getExpire('k')).toBe(-1);
    expect(t.run('GETSET', 'n', 'x')).toBe(null);
    expect(t.run('GET', 'n')).toBe('x');
    putList(t, 'l');
    expect(t.run('GETSET', 'l', 'x')).toEqual(WRONGTYPE);
  });

  it('SETNX against an expired key', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'a', 'PX', '10');
    t.advance(20);
    expect(t.run('SETNX', 'k', 'b')).toBe(1);
    expect(t.run('GET', 'k')).toBe('b');
  });
});

describe('GETDEL / GETEX', () => {
  it('GETDEL', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'v');
    expect(t.run('GETDEL', 'k')).toBe('v');
    expect(t.run('GETDEL', 'k')).toBe(null);
    expect(t.run('GET', 'k')).toBe(null);
    putList(t, 'l');
    expect(t.run('GETDEL', 'l')).toEqual(WRONGTYPE);
  });

  it('GETEX options', () => {
    const t = new InProcess();
    expect(t.run('GETEX', 'k')).toBe(null);
    expect(t.run('GETEX', 'k', 'EX', '0')).toBe(null); // missing key: no validation
    t.run('SET', 'k', 'v');
    expect(t.run('GETEX', 'k')).toBe('v');
    expect(t.run('GETEX', 'k', 'EX', '10')).toBe('v');
    expect(t.client.db.getExpire('k')).toBe(t.time + 10_000);
    expect(t.run('GETEX', 'k', 'PX', '10')).toBe('v');
    expect(t.client.db.getExpire('k')).toBe(t.time + 10);
    expect(t.run('GETEX', 'k', 'PERSIST')).toBe('v');
    expect(t.client.db.getExpire('k')).toBe(-1);
    expect(t.run('GETEX', 'k', 'EXAT', String(Math.floor(t.time / 1000) + 100))).toBe('v');
    expect(t.run('GETEX', 'k', 'PXAT', String(t.time + 50))).toBe('v');
    expect(t.client.db.getExpire('k')).toBe(t.time + 50);
    // An absolute time in the past deletes the key after replying.
    expect(t.run('GETEX', 'k', 'PXAT', String(t.time - 1))).toBe('v');
    expect(t.run('GET', 'k')).toBe(null);
  });

  it('GETEX errors', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'v');
    expect(t.run('GETEX', 'k', 'EX', '0')).toEqual(err("ERR invalid expire time in 'getex' command"));
    expect(t.run('GETEX', 'k', 'EX', 'x')).toEqual(NOTINT);
    expect(t.run('GETEX', 'k', 'EX')).toEqual(SYNTAX);
    expect(t.run('GETEX', 'k', 'NX')).toEqual(SYNTAX);
    expect(t.run('GETEX', 'k', 'KEEPTTL')).toEqual(SYNTAX);
    expect(t.run('GETEX', 'k', 'GET')).toEqual(SYNTAX);
    expect(t.run('GETEX', 'k', 'EX', '1', 'PERSIST')).toEqual(SYNTAX);
    expect(t.run('GETEX', 'k', 'PERSIST', 'PX', '1')).toEqual(SYNTAX);
    expect(t.run('GETEX')).toEqual(err("ERR wrong number of arguments for 'getex' command"));
    putList(t, 'l');
    expect(t.run('GETEX', 'l', 'EX', '5')).toEqual(WRONGTYPE);
  });
});

describe('MGET / MSET / MSETNX', () => {
  it('MGET returns nil for missing and non-string keys', () => {
    const t = new InProcess();
    t.run('MSET', 'a', '1', 'b', '2');
    putList(t, 'l');
    expect(t.run('MGET', 'a', 'x', 'b', 'l')).toEqual(['1', null, '2', null]);
  });

  it('MSET arity and MSETNX semantics', () => {
    const t = new InProcess();
    expect(t.run('MSET', 'a', '1', 'b')).toEqual(err("ERR wrong number of arguments for 'mset' command"));
    expect(t.run('MSETNX', 'a', '1', 'b')).toEqual(err("ERR wrong number of arguments for 'msetnx' command"));
    expect(t.run('MSETNX', 'a', '1', 'b', '2')).toBe(1);
    expect(t.run('MSETNX', 'c', '1', 'b', '3')).toBe(0);
    expect(t.run('GET', 'c')).toBe(null);
    expect(t.run('MSETNX', 'x', '1', 'x', '2')).toBe(1);
    expect(t.run('GET', 'x')).toBe('2');
    const d = t.server.dirty;
    expect(t.run('MSET', 'a', '5', 'b', '6', 'c', '7')).toEqual(ok);
    expect(t.server.dirty).toBe(d + 3);
    expect(t.run('MGET', 'a', 'b', 'c')).toEqual(['5', '6', '7']);
  });
});

describe('APPEND / STRLEN / GETRANGE / SETRANGE', () => {
  it('APPEND and STRLEN', () => {
    const t = new InProcess();
    expect(t.run('STRLEN', 'k')).toBe(0);
    expect(t.run('APPEND', 'k', 'ab')).toBe(2);
    expect(t.run('APPEND', 'k', '\x00c')).toBe(4);
    expect(t.run('GET', 'k')).toBe('ab\x00c');
    expect(t.run('STRLEN', 'k')).toBe(4);
    t.run('SET', 'k', 'v', 'EX', '100');
    t.run('APPEND', 'k', 'w');
    expect(t.client.db.getExpire('k')).toBe(t.time + 100_000);
    putList(t, 'l');
    expect(t.run('APPEND', 'l', 'x')).toEqual(WRONGTYPE);
    expect(t.run('STRLEN', 'l')).toEqual(WRONGTYPE);
  });

  it('APPEND beyond proto-max-bulk-len', () => {
    const t = new InProcess();
    t.server.protoLimits.maxBulkLen = 4;
    t.run('SET', 'k', 'abc');
    expect(t.run('APPEND', 'k', 'de')).toEqual(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
    expect(t.run('APPEND', 'k', 'd')).toBe(4);
  });

  it('GETRANGE / SUBSTR', () => {
    const t = new InProcess();
    expect(t.run('GETRANGE', 'k', '0', '-1')).toBe('');
    t.run('SET', 'k', 'Hello World');
    expect(t.run('GETRANGE', 'k', '0', '3')).toBe('Hell');
    expect(t.run('GETRANGE', 'k', '-3', '-1')).toBe('rld');
    expect(t.run('GETRANGE', 'k', '0', '-1')).toBe('Hello World');
    expect(t.run('GETRANGE', 'k', '10', '100')).toBe('d');
    expect(t.run('GETRANGE', 'k', '5', '3')).toBe('');
    expect(t.run('GETRANGE', 'k', '-1', '-5')).toBe('');
    expect(t.run('GETRANGE', 'k', '-100', '-50')).toBe('H');
    expect(t.run('GETRANGE', 'k', '0', '4294967297')).toBe('Hello World');
    expect(t.run('GETRANGE', 'k', '-9223372036854775808', '9223372036854775807')).toBe('Hello World');
    expect(t.run('SUBSTR', 'k', '6', '-1')).toBe('World');
    expect(t.run('GETRANGE', 'k', 'a', '1')).toEqual(NOTINT);
    expect(t.run('GETRANGE', 'nokey', '1', 'b')).toEqual(NOTINT);
    t.run('SET', 'e', '');
    expect(t.run('GETRANGE', 'e', '0', '-1')).toBe('');
    putList(t, 'l');
    expect(t.run('GETRANGE', 'l', '0', '1')).toEqual(WRONGTYPE);
  });

  it('SETRANGE', () => {
    const t = new InProcess();
    expect(t.run('SETRANGE', 'k', '0', '')).toBe(0);
    expect(t.client.db.lookup('k')).toBe(undefined);
    expect(t.run('SETRANGE', 'k', '3', 'ab')).toBe(5);
    expect(t.run('GET', 'k')).toBe('\x00\x00\x00ab');
    expect(t.run('SETRANGE', 'k', '1', 'X')).toBe(5);
    expect(t.run('GET', 'k')).toBe('\x00X\x00ab');
    expect(t.run('SETRANGE', 'k', '4', 'YZ')).toBe(6);
    expect(t.run('GET', 'k')).toBe('\x00X\x00aYZ');
    expect(t.run('SETRANGE', 'k', '8', 'Q')).toBe(9);
    expect(t.run('GET', 'k')).toBe('\x00X\x00aYZ\x00\x00Q');
    expect(t.run('SETRANGE', 'k', '0', '')).toBe(9);
    expect(t.run('SETRANGE', 'k', '-1', 'x')).toEqual(err('ERR offset is out of range'));
    expect(t.run('SETRANGE', 'k', 'x', 'x')).toEqual(NOTINT);
    expect(t.run('SETRANGE', 'k', '536870911', 'xx')).toEqual(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
    expect(t.run('SETRANGE', 'k', '9223372036854775807', 'x')).toEqual(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
    putList(t, 'l');
    expect(t.run('SETRANGE', 'l', '0', 'x')).toEqual(WRONGTYPE);
    expect(t.run('SETRANGE', 'l', '0', '')).toEqual(WRONGTYPE);
  });
});

describe('INCR family', () => {
  it('INCR / DECR / INCRBY / DECRBY', () => {
    const t = new InProcess();
    expect(t.run('INCR', 'n')).toBe(1);
    expect(t.run('INCR', 'n')).toBe(2);
    expect(t.run('DECR', 'n')).toBe(1);
    expect(t.run('INCRBY', 'n', '100')).toBe(101);
    expect(t.run('DECRBY', 'n', '1000')).toBe(-899);
    expect(t.run('GET', 'n')).toBe('-899');
    expect(t.run('INCRBY', 'n', 'x')).toEqual(NOTINT);
    expect(t.run('INCRBY', 'n', '1.5')).toEqual(NOTINT);
    expect(t.run('INCRBY', 'n', ' 1')).toEqual(NOTINT);
  });

  it('keeps the TTL', () => {
    const t = new InProcess();
    t.run('SET', 'n', '5', 'EX', '100');
    t.run('INCR', 'n');
    expect(t.client.db.getExpire('n')).toBe(t.time + 100_000);
  });

  it('refuses values that are not int64 text', () => {
    const t = new InProcess();
    for (const v of [' 1', '1 ', '01', '-0', '+1', '1.0', '', '9223372036854775808', 'abc']) {
      t.run('SET', 'n', v);
      expect(t.run('INCR', 'n'), JSON.stringify(v)).toEqual(NOTINT);
    }
    putList(t, 'l');
    expect(t.run('INCR', 'l')).toEqual(WRONGTYPE);
    expect(t.run('INCRBY', 'l', 'x')).toEqual(NOTINT);
  });

  it('exact int64 arithmetic and overflow', () => {
    const t = new InProcess();
    t.run('SET', 'n', '9223372036854775806');
    expect(t.run('INCR', 'n')).toBe(9223372036854775807n);
    expect(t.run('GET', 'n')).toBe('9223372036854775807');
    expect(t.run('INCR', 'n')).toEqual(err('ERR increment or decrement would overflow'));
    t.run('SET', 'n', '-9223372036854775808');
    expect(t.run('DECR', 'n')).toEqual(err('ERR increment or decrement would overflow'));
    expect(t.run('INCRBY', 'n', '9223372036854775807')).toBe(-1);
    t.run('SET', 'n', '9007199254740992');
    expect(t.run('INCR', 'n')).toBe(9007199254740993n);
    expect(t.run('GET', 'n')).toBe('9007199254740993');
    expect(t.run('DECRBY', 'n', '-9223372036854775808')).toEqual(err('ERR decrement would overflow'));
    expect(t.run('DECRBY', 'z', '-9223372036854775807')).toBe(9223372036854775807n);
  });

  it('INCRBYFLOAT', () => {
    const t = new InProcess();
    expect(t.run('INCRBYFLOAT', 'f', '10.5')).toBe('10.5');
    expect(t.run('INCRBYFLOAT', 'f', '0.1')).toBe('10.6');
    expect(t.run('INCRBYFLOAT', 'f', '-10.6')).toBe('0');
    expect(t.run('INCRBYFLOAT', 'f', '5.0e3')).toBe('5000');
    expect(t.run('INCRBYFLOAT', 'f', '2.0e2')).toBe('5200');
    expect(t.run('INCRBYFLOAT', 'f', 'x')).toEqual(err('ERR value is not a valid float'));
    expect(t.run('INCRBYFLOAT', 'f', '+inf')).toEqual(err('ERR increment would produce NaN or Infinity'));
    expect(t.run('INCRBYFLOAT', 'f', 'nan')).toEqual(err('ERR value is not a valid float'));
    t.run('SET', 'f', ' 1');
    expect(t.run('INCRBYFLOAT', 'f', '1')).toEqual(err('ERR value is not a valid float'));
    t.run('SET', 'f', '1\x002');
    expect(t.run('INCRBYFLOAT', 'f', '1')).toEqual(err('ERR value is not a valid float'));
    t.run('SET', 'f', '3', 'PX', '500');
    expect(t.run('INCRBYFLOAT', 'f', '1.5')).toBe('4.5');
    expect(t.client.db.getExpire('f')).toBe(t.time + 500);
    putList(t, 'l');
    expect(t.run('INCRBYFLOAT', 'l', '1')).toEqual(WRONGTYPE);
  });
});

describe('LCS', () => {
  it('string, LEN, IDX, WITHMATCHLEN, MINMATCHLEN', () => {
    const t = new InProcess();
    t.run('MSET', 'a', 'ohmytext', 'b', 'mynewtext');
    expect(t.run('LCS', 'a', 'b')).toBe('mytext');
    expect(t.run('LCS', 'a', 'b', 'LEN')).toBe(6);
    expect(t.run('LCS', 'a', 'b', 'IDX')).toEqual({
      type: 'map',
      value: [
        'matches',
        [
          [[4, 7], [5, 8]],
          [[2, 3], [0, 1]],
        ],
        'len',
        6,
      ],
    });
    expect(t.run('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toEqual({ type: 'map', value: ['matches', [[[4, 7], [5, 8], 4]], 'len', 6] });
    expect(t.run('LCS', 'a', 'missing')).toBe('');
    expect(t.run('LCS', 'a', 'b', 'LEN', 'IDX')).toEqual(err('ERR If you want both the length and indexes, please just use IDX.'));
    expect(t.run('LCS', 'a', 'b', 'MINMATCHLEN')).toEqual(SYNTAX);
    expect(t.run('LCS', 'a', 'b', 'MINMATCHLEN', 'x')).toEqual(NOTINT);
    expect(t.run('LCS', 'a', 'b', 'FOO')).toEqual(SYNTAX);
    putList(t, 'l');
    expect(t.run('LCS', 'a', 'l', 'FOO')).toEqual(err('ERR The specified keys must contain string values'));
  });

  it('IDX as a RESP3 map', () => {
    const t = new InProcess({}, 3);
    t.run('MSET', 'a', 'abc', 'b', 'abc');
    expect(t.run('LCS', 'a', 'b', 'IDX')).toEqual({ type: 'map', value: ['matches', [[[0, 2], [0, 2]]], 'len', 3] });
  });
});

describe('keyspace notifications', () => {
  it('sends the events Redis sends', () => {
    const t = new InProcess({ 'notify-keyspace-events': 'KEA' });
    t.server.notifyFlags = 0xffff; // every class, keyspace and keyevent
    const got: string[] = [];
    t.server.hooks.publish = (ch, msg) => {
      if (ch.startsWith('__keyevent')) got.push(`${ch.slice(ch.indexOf(':') + 1)}:${msg}`);
      return 0;
    };
    t.run('SET', 'k', 'v');
    t.run('SET', 'k', 'v', 'EX', '10');
    t.run('INCR', 'n');
    t.run('INCRBYFLOAT', 'n', '1');
    t.run('APPEND', 'k', 'x');
    t.run('SETRANGE', 'k', '0', 'y');
    t.run('GETDEL', 'k');
    t.run('MSET', 'a', '1', 'b', '2');
    t.run('GETEX', 'a', 'PX', '5');
    t.run('GETEX', 'a', 'PERSIST');
    expect(got).toEqual([
      'new:k', 'set:k', 'set:k', 'expire:k', 'new:n', 'incrby:n', 'incrbyfloat:n', 'append:k', 'setrange:k', 'del:k',
      'new:a', 'set:a', 'new:b', 'set:b', 'expire:a', 'persist:a',
    ]);
  });
});
