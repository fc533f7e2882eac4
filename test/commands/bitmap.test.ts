import { describe, expect, it } from 'vitest';
import { InProcess, err } from '../helpers/run';

const SYNTAX = err('ERR syntax error');
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const NOTINT = err('ERR value is not an integer or out of range');
const BADOFFSET = err('ERR bit offset is not an integer or out of range');
const BADBIT = err('ERR bit is not an integer or out of range');

function putList(t: InProcess, key: string): void {
  t.client.db.setKey(key, { type: 'list', encoding: () => 'listpack', clone() { return this; } });
}

describe('SETBIT / GETBIT', () => {
  it('sets, grows and reads bits (MSB first)', () => {
    const t = new InProcess();
    expect(t.run('GETBIT', 'b', '0')).toBe(0);
    expect(t.run('SETBIT', 'b', '1', '1')).toBe(0);
    expect(t.run('GET', 'b')).toBe('\x40');
    expect(t.run('SETBIT', 'b', '1', '1')).toBe(1);
    expect(t.run('SETBIT', 'b', '17', '1')).toBe(0);
    expect(t.run('GET', 'b')).toBe('\x40\x00\x40');
    expect(t.run('GETBIT', 'b', '17')).toBe(1);
    expect(t.run('GETBIT', 'b', '16')).toBe(0);
    expect(t.run('GETBIT', 'b', '1000')).toBe(0);
    expect(t.run('SETBIT', 'b', '1', '0')).toBe(1);
    expect(t.run('GET', 'b')).toBe('\x00\x00\x40');
  });

  it('argument errors', () => {
    const t = new InProcess();
    expect(t.run('SETBIT', 'b', '-1', '1')).toEqual(BADOFFSET);
    expect(t.run('SETBIT', 'b', 'x', '1')).toEqual(BADOFFSET);
    expect(t.run('SETBIT', 'b', '4294967296', '1')).toEqual(BADOFFSET);
    expect(t.run('GETBIT', 'b', '4294967296')).toEqual(BADOFFSET);
    expect(t.run('GETBIT', 'b', '4294967295')).toBe(0);
    expect(t.run('SETBIT', 'b', '0', '2')).toEqual(BADBIT);
    expect(t.run('SETBIT', 'b', '0', '-1')).toEqual(BADBIT);
    expect(t.run('SETBIT', 'b', '0', 'x')).toEqual(BADBIT);
    expect(t.run('SETBIT', 'b', 'x', 'x')).toEqual(BADOFFSET);
    putList(t, 'l');
    expect(t.run('SETBIT', 'l', '0', '1')).toEqual(WRONGTYPE);
    expect(t.run('GETBIT', 'l', '0')).toEqual(WRONGTYPE);
    expect(t.run('GETBIT', 'l', 'x')).toEqual(BADOFFSET);
  });

  it('dirty only when the value or length changed', () => {
    const t = new InProcess();
    let d = t.server.dirty;
    t.run('SETBIT', 'b', '0', '0'); // created
    expect(t.server.dirty).toBe(++d);
    t.run('SETBIT', 'b', '0', '0'); // no change
    expect(t.server.dirty).toBe(d);
    t.run('SETBIT', 'b', '0', '1');
    expect(t.server.dirty).toBe(++d);
    t.run('SETBIT', 'b', '90', '0'); // grew
    expect(t.server.dirty).toBe(++d);
  });

  it('keeps the TTL', () => {
    const t = new InProcess();
    t.run('SET', 'b', 'x', 'EX', '100');
    t.run('SETBIT', 'b', '100', '1');
    expect(t.client.db.getExpire('b')).toBe(t.time + 100_000);
  });
});

describe('BITCOUNT', () => {
  it('whole string, byte and bit ranges', () => {
    const t = new InProcess();
    expect(t.run('BITCOUNT', 'no')).toBe(0);
    expect(t.run('BITCOUNT', 'no', 'x', 'y')).toBe(0);
    t.run('SET', 's', 'foobar');
    expect(t.run('BITCOUNT', 's')).toBe(26);
    expect(t.run('BITCOUNT', 's', '0', '0')).toBe(4);
    expect(t.run('BITCOUNT', 's', '1', '1')).toBe(6);
    expect(t.run('BITCOUNT', 's', '1', '1', 'BYTE')).toBe(6);
    expect(t.run('BITCOUNT', 's', '5', '30', 'BIT')).toBe(17);
    expect(t.run('BITCOUNT', 's', '-2', '-1')).toBe(7);
    expect(t.run('BITCOUNT', 's', '-1', '-2')).toBe(0);
    expect(t.run('BITCOUNT', 's', '-1', '-2', 'FOO')).toBe(0); // the early exit precedes the unit check
    expect(t.run('BITCOUNT', 's', '0', '1000')).toBe(26);
    expect(t.run('BITCOUNT', 's', '100', '1000')).toBe(0);
  });

  it('errors', () => {
    const t = new InProcess();
    t.run('SET', 's', 'foobar');
    expect(t.run('BITCOUNT', 's', '0')).toEqual(SYNTAX);
    expect(t.run('BITCOUNT', 's', '0', '1', 'bits')).toEqual(SYNTAX);
    expect(t.run('BITCOUNT', 's', '0', '1', 'BIT', 'x')).toEqual(SYNTAX);
    expect(t.run('BITCOUNT', 's', 'a', '1')).toEqual(NOTINT);
    putList(t, 'l');
    expect(t.run('BITCOUNT', 'l')).toEqual(WRONGTYPE);
  });
});

describe('BITPOS', () => {
  it('finds set and clear bits', () => {
    const t = new InProcess();
    expect(t.run('BITPOS', 'no', '0')).toBe(0);
    expect(t.run('BITPOS', 'no', '1')).toBe(-1);
    t.run('SET', 's', '\xff\xf0\x00');
    expect(t.run('BITPOS', 's', '0')).toBe(12);
    expect(t.run('BITPOS', 's', '1')).toBe(0);
    expect(t.run('BITPOS', 's', '1', '2')).toBe(-1);
    expect(t.run('BITPOS', 's', '0', '2')).toBe(16);
    expect(t.run('BITPOS', 's', '1', '7', '15', 'BIT')).toBe(7);
    expect(t.run('BITPOS', 's', '0', '7', '15', 'BIT')).toBe(12);
    t.run('SET', 's', '\xff\xff\xff');
    expect(t.run('BITPOS', 's', '0')).toBe(24); // no end given: zero padded on the right
    expect(t.run('BITPOS', 's', '0', '0')).toBe(24);
    expect(t.run('BITPOS', 's', '0', '0', '-1')).toBe(-1); // explicit end
    expect(t.run('BITPOS', 's', '0', '0', '-1', 'BIT')).toBe(-1);
    t.run('SET', 's', '\x00\x00\x00');
    expect(t.run('BITPOS', 's', '1')).toBe(-1);
    expect(t.run('BITPOS', 's', '1', '3', '1')).toBe(-1);
  });

  it('errors', () => {
    const t = new InProcess();
    t.run('SET', 's', 'abc');
    expect(t.run('BITPOS', 's', '2')).toEqual(err('ERR The bit argument must be 1 or 0.'));
    expect(t.run('BITPOS', 's', 'x')).toEqual(NOTINT);
    expect(t.run('BITPOS', 's', '1', '0', '1', 'FOO')).toEqual(SYNTAX);
    expect(t.run('BITPOS', 's', '1', '0', 'x', 'FOO')).toEqual(SYNTAX); // unit is checked before end
    expect(t.run('BITPOS', 's', '1', '0', 'x')).toEqual(NOTINT);
    expect(t.run('BITPOS', 's', '1', '0', '1', 'BIT', 'x')).toEqual(SYNTAX);
    expect(t.run('BITPOS', 'no', '1', '0', '1', 'BIT', 'x')).toBe(-1);
    putList(t, 'l');
    expect(t.run('BITPOS', 'l', '1')).toEqual(WRONGTYPE);
  });
});

describe('BITOP', () => {
  it('AND / OR / XOR / NOT with zero padding', () => {
    const t = new InProcess();
    t.run('MSET', 'a', '\xff\x0f', 'b', '\x0f');
    expect(t.run('BITOP', 'AND', 'd', 'a', 'b')).toBe(2);
    expect(t.run('GET', 'd')).toBe('\x0f\x00');
    expect(t.run('BITOP', 'or', 'd', 'a', 'b', 'missing')).toBe(2);
    expect(t.run('GET', 'd')).toBe('\xff\x0f');
    expect(t.run('BITOP', 'XOR', 'd', 'a', 'b')).toBe(2);
    expect(t.run('GET', 'd')).toBe('\xf0\x0f');
    expect(t.run('BITOP', 'NOT', 'd', 'a')).toBe(2);
    expect(t.run('GET', 'd')).toBe('\x00\xf0');
    expect(t.run('BITOP', 'NOT', 'a', 'a')).toBe(2);
    expect(t.run('GET', 'a')).toBe('\x00\xf0');
  });

  it('empty result deletes the destination', () => {
    const t = new InProcess();
    t.run('SET', 'd', 'x');
    expect(t.run('BITOP', 'AND', 'd', 'no1', 'no2')).toBe(0);
    expect(t.run('GET', 'd')).toBe(null);
  });

  it('errors', () => {
    const t = new InProcess();
    expect(t.run('BITOP', 'NAND', 'd', 'a')).toEqual(SYNTAX);
    expect(t.run('BITOP', 'NOT', 'd', 'a', 'b')).toEqual(err('ERR BITOP NOT must be called with a single source key.'));
    putList(t, 'l');
    expect(t.run('BITOP', 'AND', 'd', 'l')).toEqual(WRONGTYPE);
    t.run('SET', 'a', 'x');
    expect(t.run('BITOP', 'OR', 'l', 'a')).toBe(1);
    expect(t.run('GET', 'l')).toBe('x');
  });
});

describe('BITFIELD', () => {
  it('GET / SET / INCRBY, signed and unsigned, # offsets', () => {
    const t = new InProcess();
    expect(t.run('BITFIELD', 'bf', 'SET', 'i8', '0', '-100', 'GET', 'i8', '0', 'GET', 'u8', '0')).toEqual([0, -100, 156]);
    expect(t.run('BITFIELD', 'bf', 'SET', 'u8', '#1', '255', 'GET', 'u8', '8', 'INCRBY', 'u8', '#1', '10')).toEqual([0, 255, 9]);
    expect(t.run('BITFIELD', 'bf', 'SET', 'u2', '100', '1', 'GET', 'u2', '100')).toEqual([0, 1]);
    expect(t.run('BITFIELD', 'bf', 'SET', 'i64', '0', '-9223372036854775808', 'GET', 'i64', '0')).toEqual([
      -7203226129002397696n, // the previous 64 bits (9c 09 00 ...) as i64
      -9223372036854775808n,
    ]);
    expect(t.run('BITFIELD', 'bf2', 'SET', 'u63', '0', '9223372036854775807', 'GET', 'u63', '0')).toEqual([0, 9223372036854775807n]);
    expect(t.run('BITFIELD', 'bf')).toEqual([]);
    expect(t.run('BITFIELD_RO', 'bf', 'GET', 'u4', '0')).toEqual([8]);
    expect(t.run('BITFIELD', 'missing', 'GET', 'u4', '0')).toEqual([0]);
    expect(t.client.db.lookup('missing')).toBe(undefined);
  });

  it('overflow policies', () => {
    const t = new InProcess();
    expect(t.run('BITFIELD', 'o', 'SET', 'u2', '0', '3', 'INCRBY', 'u2', '0', '1')).toEqual([0, 0]);
    expect(t.run('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '0', '10', 'INCRBY', 'u2', '0', '-10')).toEqual([3, 0]);
    expect(t.run('BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10', 'GET', 'u2', '0')).toEqual([null, 0]);
    expect(t.run('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i4', '0', '100', 'GET', 'i4', '0')).toEqual([0, 7]);
    expect(t.run('BITFIELD', 'o', 'OVERFLOW', 'WRAP', 'INCRBY', 'i4', '0', '1')).toEqual([-8]);
    expect(t.run('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'INCRBY', 'i4', '0', '-1')).toEqual([-8]);
    expect(t.run('BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i1', '0', '-9223372036854775808')).toEqual([-1]);
    expect(t.run('BITFIELD', 'o', 'GET', 'i1', '0')).toEqual([0]); // Redis's wrapped int64 limit
  });

  it('errors and BITFIELD_RO', () => {
    const t = new InProcess();
    const TYPE = err('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.');
    expect(t.run('BITFIELD', 'bf', 'GET', 'u64', '0')).toEqual(TYPE);
    expect(t.run('BITFIELD', 'bf', 'GET', 'i65', '0')).toEqual(TYPE);
    expect(t.run('BITFIELD', 'bf', 'GET', 'I8', '0')).toEqual(TYPE);
    expect(t.run('BITFIELD', 'bf', 'GET', 'u8', '-1')).toEqual(BADOFFSET);
    expect(t.run('BITFIELD', 'bf', 'GET', 'u8', '#x')).toEqual(BADOFFSET);
    expect(t.run('BITFIELD', 'bf', 'SET', 'u8', '0', 'x')).toEqual(NOTINT);
    expect(t.run('BITFIELD', 'bf', 'GET', 'u8')).toEqual(SYNTAX);
    expect(t.run('BITFIELD', 'bf', 'FOO')).toEqual(SYNTAX);
    expect(t.run('BITFIELD', 'bf', 'OVERFLOW', 'X')).toEqual(err('ERR Invalid OVERFLOW type specified'));
    expect(t.run('BITFIELD_RO', 'bf', 'SET', 'u8', '0', '1')).toEqual(err('ERR BITFIELD_RO only supports the GET subcommand'));
    expect(t.run('BITFIELD_RO', 'bf', 'OVERFLOW', 'SAT', 'GET', 'u8', '0')).toEqual([0]);
    expect(t.client.db.lookup('bf')).toBe(undefined);
    putList(t, 'l');
    expect(t.run('BITFIELD', 'l', 'GET', 'u8', '0')).toEqual(WRONGTYPE);
    expect(t.run('BITFIELD', 'l', 'SET', 'u8', '0', '1')).toEqual(WRONGTYPE);
    expect(t.run('BITFIELD_RO', 'l', 'GET', 'u8', '0')).toEqual(WRONGTYPE);
  });

  it('dirty: changes only, every op when the string grew; FAIL still creates the key', () => {
    const t = new InProcess();
    let d = t.server.dirty;
    t.run('BITFIELD', 'f', 'SET', 'i5', '0', '0');
    expect(t.server.dirty).toBe(++d);
    t.run('BITFIELD', 'f', 'SET', 'i5', '0', '0');
    expect(t.server.dirty).toBe(d);
    t.run('BITFIELD', 'f', 'INCRBY', 'i5', '0', '1');
    expect(t.server.dirty).toBe(++d);
    t.run('BITFIELD', 'f', 'SET', 'i5', '90', '0', 'SET', 'i5', '0', '1');
    expect(t.server.dirty).toBe(d + 2);
    d = t.server.dirty;
    t.run('BITFIELD', 'g', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '5');
    expect(t.server.dirty).toBe(d);
    expect(t.run('GET', 'g')).toBe('\x00');
  });
});

describe('keyspace notifications', () => {
  it('setbit / set / del events', () => {
    const t = new InProcess();
    t.server.notifyFlags = 0xffff;
    const got: string[] = [];
    t.server.hooks.publish = (ch, msg) => {
      if (ch.startsWith('__keyevent')) got.push(`${ch.slice(ch.indexOf(':') + 1)}:${msg}`);
      return 0;
    };
    t.run('SETBIT', 'b', '3', '1');
    t.run('SETBIT', 'b', '3', '1');
    t.run('BITFIELD', 'b', 'SET', 'u8', '0', '7');
    t.run('BITFIELD', 'c', 'GET', 'u8', '0');
    t.run('BITOP', 'NOT', 'd', 'b');
    t.run('BITOP', 'AND', 'd', 'nokey');
    expect(got).toEqual(['new:b', 'setbit:b', 'setbit:b', 'keymiss:c', 'new:d', 'set:d', 'keymiss:nokey', 'del:d']);
  });
});

describe('big bitmaps (ropes)', () => {
  it('SETBIT on a big bitmap keeps a rope that DEL or SET forgets', async () => {
    const { sharedRopes } = await import('../../src/ds/bitmap-rope');
    const t = new InProcess();
    const key = `rope-${Math.random()}`;
    expect(t.run('SETBIT', key, String(8 * 200_000), '1')).toBe(0);
    expect(t.run('SETBIT', key, '7', '1')).toBe(0);
    expect(t.run('GETBIT', key, '7')).toBe(1);
    expect(t.run('BITCOUNT', key)).toBe(2);
    const v = t.client.db.lookup(key) as string;
    expect(sharedRopes.get(key, v)).toBeDefined();
    t.run('DEL', key);
    expect(sharedRopes.get(key, v)).toBe(undefined);
    expect(t.run('SETBIT', key, String(8 * 200_000), '1')).toBe(0);
    t.run('SET', key, 'small');
    expect(t.run('SETBIT', key, '0', '1')).toBe(0);
    expect(t.run('GET', key)).toBe('\xf3mall');
  });
});
