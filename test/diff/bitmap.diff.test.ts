import { expect, it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('bitmap commands match redis-server', () => {
  const d = useDiff();

  /** A list at key on both servers (injected on ours while LPUSH/RPUSH are not there yet). */
  async function mkList(key: string): Promise<void> {
    const [ours] = await d.both('RPUSH', key, 'x');
    if (ours.startsWith('-ERR unknown command')) {
      d.oursServer().dbs[0]!.setKey(key, { type: 'list', encoding: () => 'listpack', clone() { return this; } });
    }
  }

  let seed = 4242;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };

  it('SETBIT / GETBIT', async () => {
    await d.same('GETBIT', 'b', '0');
    await d.same('GETBIT', 'b', '100000');
    await d.same('SETBIT', 'b', '7', '1');
    await d.same('GET', 'b');
    await d.same('SETBIT', 'b', '7', '0');
    await d.same('SETBIT', 'b', '100', '1');
    await d.same('GET', 'b');
    await d.same('GETBIT', 'b', '100');
    await d.same('GETBIT', 'b', '101');
    await d.same('GETBIT', 'b', '10000');
    for (const off of ['-1', 'x', '1.5', '', '4294967296', '9223372036854775807', '99999999999999999999']) {
      await d.same('SETBIT', 'b', off, '1');
      await d.same('GETBIT', 'b', off);
    }
    // The last addressable bit (Redis would then hold a 512 MB string; V8 strings stop just short).
    await d.same('GETBIT', 'b', '4294967295');
    await d.same('SETBIT', 'b', '80000000', '1');
    await d.same('STRLEN', 'b');
    for (const v of ['2', '-1', 'x', '', '01', '1.0', '10']) await d.same('SETBIT', 'b', '1', v);
    await d.same('SETBIT', 'b', 'x', 'y');
    await d.both('SET', 'n', '123');
    await d.same('SETBIT', 'n', '2', '1');
    await d.same('GET', 'n');
    await d.same('GETBIT', 'n', '2');
    await mkList('l');
    await d.same('SETBIT', 'l', '0', '1');
    await d.same('GETBIT', 'l', '0');
    await d.same('GETBIT', 'l', 'x');
    await d.same('SETBIT', 'l', 'x', '1');
    await d.same('SETBIT', 'l', '0', '2');
    await d.both('SET', 't', 'a', 'EX', '100');
    await d.same('SETBIT', 't', '100', '1');
    await d.same('TTL', 't');
    for (let i = 0; i < 200; i++) {
      const off = String(rnd(2000));
      const v = String(rnd(2));
      await d.same('SETBIT', 'fz', off, v);
    }
    await d.same('GET', 'fz');
  });

  it('BITCOUNT', async () => {
    await d.same('BITCOUNT', 'nokey');
    await d.same('BITCOUNT', 'nokey', 'a', 'b');
    await d.same('BITCOUNT', 'nokey', '0', '1', 'FOO');
    await d.both('SET', 's', 'foobar\x00\xff\x80\x01abcdefghijklmnopqrstuvwxyz0123456789');
    await d.same('BITCOUNT', 's');
    const idx = ['0', '1', '2', '5', '7', '8', '9', '-1', '-2', '-7', '-8', '-9', '-45', '-46', '-400', '44', '45', '46',
      '100', '359', '360', '400', '9223372036854775807', '-9223372036854775808'];
    for (const a of idx) {
      for (const b of idx) {
        await d.same('BITCOUNT', 's', a, b);
        await d.same('BITCOUNT', 's', a, b, 'BIT');
        await d.same('BITCOUNT', 's', a, b, 'byte');
      }
    }
    await d.same('BITCOUNT', 's', '0');
    await d.same('BITCOUNT', 's', '0', '1', 'FOO');
    await d.same('BITCOUNT', 's', '-1', '-2', 'FOO');
    await d.same('BITCOUNT', 's', '0', '1', 'BIT', 'x');
    await d.same('BITCOUNT', 's', 'x', '1');
    await d.same('BITCOUNT', 's', '1', 'x');
    await d.same('BITCOUNT', 's', 'x', '1', 'FOO');
    await d.both('SET', 'e', '');
    await d.same('BITCOUNT', 'e');
    await d.same('BITCOUNT', 'e', '0', '-1');
    await d.same('BITCOUNT', 'e', '0', '-1', 'BIT');
    await d.both('SET', 'n', '-1234567');
    await d.same('BITCOUNT', 'n');
    await mkList('l');
    await d.same('BITCOUNT', 'l');
    await d.same('BITCOUNT', 'l', 'x', 'y');
    await d.same('BITCOUNT');
  });

  it('BITPOS', async () => {
    await d.same('BITPOS', 'nokey', '0');
    await d.same('BITPOS', 'nokey', '1');
    await d.same('BITPOS', 'nokey', '1', 'x', 'y', 'z', 'w');
    await d.same('BITPOS', 'nokey', '2');
    await d.same('BITPOS', 'nokey', 'x');
    const strings = ['\xff\xf0\x00', '\x00\x0f\xff', '\xff\xff\xff', '\x00\x00\x00', '',
      '\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00', '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff',
      '\x10\x20\x40\x80\x01\x02\x04\x08'];
    const idx = ['0', '1', '2', '3', '7', '8', '9', '15', '16', '-1', '-2', '-3', '-8', '-9', '-100', '100',
      '9223372036854775807'];
    for (const s of strings) {
      await d.both('SET', 's', s);
      for (const bit of ['0', '1']) {
        await d.same('BITPOS', 's', bit);
        for (const a of idx) {
          await d.same('BITPOS', 's', bit, a);
          for (const b of idx) {
            await d.same('BITPOS', 's', bit, a, b);
            await d.same('BITPOS', 's', bit, a, b, 'BIT');
          }
          await d.same('BITPOS', 's', bit, a, '-1', 'BYTE');
        }
      }
    }
    await d.same('BITPOS', 's', '1', '0', '1', 'FOO');
    await d.same('BITPOS', 's', '1', '0', 'x', 'FOO');
    await d.same('BITPOS', 's', '1', 'x', '1', 'FOO');
    await d.same('BITPOS', 's', '1', '0', 'x');
    await d.same('BITPOS', 's', '1', '0', '1', 'BIT', 'x');
    await d.same('BITPOS', 's', '3');
    await d.same('BITPOS', 's', '-1');
    await mkList('l');
    await d.same('BITPOS', 'l', '1');
    await d.same('BITPOS', 'l', '3');
    await d.same('BITPOS', 's');
  });

  it('BITOP', async () => {
    await d.both('MSET', 'a', '\xff\x0f\x55abc', 'b', '\x0f\xff', 'c', 'hello world, a longer string of bytes 0123456789');
    for (const op of ['AND', 'or', 'Xor']) {
      await d.same('BITOP', op, 'dest', 'a', 'b', 'c', 'nokey');
      await d.same('GET', 'dest');
      await d.same('BITOP', op, 'dest', 'a');
      await d.same('GET', 'dest');
      await d.same('BITOP', op, 'dest', 'c', 'a');
      await d.same('GET', 'dest');
      await d.same('BITOP', op, 'a2', 'a', 'a');
      await d.same('GET', 'a2');
    }
    await d.same('BITOP', 'NOT', 'dest', 'c');
    await d.same('GET', 'dest');
    await d.same('BITOP', 'NOT', 'dest', 'a', 'b');
    await d.same('BITOP', 'NOT', 'dest', 'nokey');
    await d.same('EXISTS', 'dest');
    await d.both('SET', 'dest', 'x');
    await d.same('BITOP', 'AND', 'dest', 'nokey', 'nokey2');
    await d.same('EXISTS', 'dest');
    await d.both('SET', 'e', '');
    await d.same('BITOP', 'OR', 'dest', 'e');
    await d.same('EXISTS', 'dest');
    await d.same('BITOP', 'NAND', 'dest', 'a');
    await d.same('BITOP', 'AND', 'dest');
    await d.both('SET', 'n', '123');
    await d.same('BITOP', 'XOR', 'dest', 'n', 'a');
    await d.same('GET', 'dest');
    await mkList('l');
    await d.same('BITOP', 'AND', 'dest', 'a', 'l');
    await d.same('BITOP', 'NOT', 'dest', 'l');
    await d.same('BITOP', 'OR', 'l', 'a');
    await d.same('GET', 'l');
    await d.both('SET', 't', 'v', 'EX', '100');
    await d.same('BITOP', 'OR', 't', 'a');
    await d.same('TTL', 't');
    // Random data, every op, including the word-sized fast path of Redis.
    for (let i = 0; i < 20; i++) {
      const mk = () => Array.from({ length: rnd(80) }, () => String.fromCharCode(rnd(256))).join('');
      await d.both('MSET', 'r1', mk(), 'r2', mk(), 'r3', mk());
      for (const op of ['AND', 'OR', 'XOR']) {
        await d.same('BITOP', op, 'rd', 'r1', 'r2', 'r3');
        await d.same('GET', 'rd');
      }
      await d.same('BITOP', 'NOT', 'rd', 'r1');
      await d.same('GET', 'rd');
    }
  });

  it('BITFIELD', async () => {
    await d.same('BITFIELD', 'bf');
    await d.same('BITFIELD_RO', 'bf');
    await d.same('EXISTS', 'bf');
    await d.same('BITFIELD', 'bf', 'GET', 'u8', '0');
    await d.same('BITFIELD', 'bf', 'SET', 'i8', '0', '-100', 'GET', 'u8', '0', 'GET', 'i4', '0', 'INCRBY', 'u2', '100', '1');
    await d.same('GET', 'bf');
    await d.same('BITFIELD', 'bf', 'SET', 'u8', '#2', '255', 'GET', 'u8', '#2', 'SET', 'i64', '#1', '-9223372036854775808');
    await d.same('BITFIELD', 'bf', 'GET', 'i64', '64', 'GET', 'u63', '1', 'GET', 'i64', '3', 'GET', 'u1', '1000');
    await d.same('BITFIELD_RO', 'bf', 'GET', 'i64', '64', 'GET', 'u63', '1', 'GET', 'u1', '1000');
    // Errors, in the order Redis checks them.
    const errs: string[][] = [
      ['GET', 'u8'], ['GET'], ['SET', 'u8', '0'], ['INCRBY', 'u8', '0'], ['FOO', 'u8', '0'], ['OVERFLOW'],
      ['OVERFLOW', 'FOO'], ['OVERFLOW', 'FOO', 'GET'], ['GET', 'u64', '0'], ['GET', 'i65', '0'], ['GET', 'u0', '0'],
      ['GET', 'x8', '0'], ['GET', 'U8', '0'], ['GET', 'i', '0'], ['GET', 'i08', '0'], ['GET', 'u8', '-1'], ['GET', 'u8', 'x'],
      ['GET', 'u8', '#x'], ['GET', 'u8', '#-1'], ['GET', 'u8', '##1'], ['GET', 'u8', '4294967296'],
      ['GET', 'u8', '4294967295'], ['GET', 'u8', '#536870911'], ['GET', 'u8', '#536870912'], ['SET', 'u8', '0', 'x'],
      ['SET', 'u8', '0', '1.5'], ['INCRBY', 'u8', '0', '99999999999999999999'], ['GET', 'u8', '0', 'SET', 'u8', 'x', '1'],
      ['SET', 'u8', 'x', 'y'], ['GET', 'u8', '0', 'FOO'],
    ];
    for (const e of errs) {
      await d.same('BITFIELD', 'bf2', ...e);
      await d.same('BITFIELD_RO', 'bf2', ...e);
    }
    await d.same('EXISTS', 'bf2');
    await d.same('BITFIELD_RO', 'bf2', 'SET', 'u8', '0', '1');
    await d.same('BITFIELD_RO', 'bf2', 'INCRBY', 'u8', '0', '1');
    await d.same('BITFIELD_RO', 'bf2', 'OVERFLOW', 'SAT');
    await mkList('l');
    await d.same('BITFIELD', 'l', 'GET', 'u8', '0');
    await d.same('BITFIELD', 'l', 'SET', 'u8', '0', '1');
    await d.same('BITFIELD', 'l', 'SET', 'u8', 'x', '1');
    await d.same('BITFIELD_RO', 'l', 'GET', 'u8', '0');
    await d.same('BITFIELD_RO', 'l', 'SET', 'u8', '0', '1');
    await d.both('SET', 't', 'v', 'EX', '100');
    await d.same('BITFIELD', 't', 'SET', 'u8', '100', '1');
    await d.same('TTL', 't');
    await d.both('SET', 'n', '1234');
    await d.same('BITFIELD', 'n', 'GET', 'u16', '4', 'INCRBY', 'u4', '0', '1');
    await d.same('GET', 'n');
  });

  it('BITFIELD overflow semantics', async () => {
    const types = ['u1', 'u2', 'u7', 'u8', 'u15', 'u31', 'u32', 'u53', 'u62', 'u63', 'i1', 'i2', 'i7', 'i8', 'i16', 'i32',
      'i33', 'i53', 'i63', 'i64'];
    const vals = ['0', '1', '-1', '2', '-2', '100', '-100', '127', '128', '-128', '-129', '255', '256', '65535',
      '2147483647', '2147483648', '-2147483649', '4294967296', '9007199254740993', '4611686018427387904',
      '9223372036854775807', '-9223372036854775808', '-4611686018427387905'];
    for (const ow of ['WRAP', 'SAT', 'FAIL']) {
      for (const t of types) {
        await d.both('DEL', 'o');
        for (const v of vals) {
          await d.same('BITFIELD', 'o', 'OVERFLOW', ow, 'SET', t, '3', v, 'GET', t, '3');
          await d.same('BITFIELD', 'o', 'OVERFLOW', ow, 'INCRBY', t, '3', v, 'GET', t, '3');
        }
        await d.same('GET', 'o');
      }
    }
    // Overflow mode changes mid-command; FAIL creates the key without a change.
    await d.same('BITFIELD', 'o2', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '4');
    await d.same('GET', 'o2');
    await d.same('BITFIELD', 'o3', 'INCRBY', 'u2', '0', '5', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '0', '5',
      'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '5', 'OVERFLOW', 'wrap', 'INCRBY', 'u2', '0', '5');
  });

  it('BITFIELD random operations', async () => {
    for (let i = 0; i < 300; i++) {
      const signed = rnd(2) === 0;
      const bits = signed ? 1 + rnd(64) : 1 + rnd(63);
      const t = (signed ? 'i' : 'u') + bits;
      const off = String(rnd(200));
      const v = String(BigInt(rnd(1 << 30)) * BigInt(rnd(1 << 30)) * (rnd(2) ? 1n : -1n) >> BigInt(rnd(60)));
      const ow = ['WRAP', 'SAT', 'FAIL'][rnd(3)]!;
      const op = rnd(3);
      if (op === 0) await d.same('BITFIELD', 'rf', 'GET', t, off);
      else if (op === 1) await d.same('BITFIELD', 'rf', 'OVERFLOW', ow, 'SET', t, off, v);
      else await d.same('BITFIELD', 'rf', 'OVERFLOW', ow, 'INCRBY', t, off, v);
    }
    await d.same('GET', 'rf');
  });

  it('big bitmaps (rope path): SETBIT, GETBIT, BITFIELD, SETRANGE, reads in between', async () => {
    const size = 300_000; // bytes, above the rope threshold
    await d.same('SETBIT', 'big', String(size * 8 - 1), '1');
    for (let i = 0; i < 400; i++) {
      const off = String(rnd(size * 8 + 50_000));
      switch (rnd(8)) {
        case 0: case 1: case 2: await d.same('SETBIT', 'big', off, String(rnd(2))); break;
        case 3: await d.same('GETBIT', 'big', off); break;
        case 4: await d.same('BITFIELD', 'big', 'SET', 'i13', off, String(rnd(100000) - 50000), 'INCRBY', 'u7', off, '100', 'GET', 'i64', off); break;
        case 5: await d.same('BITFIELD_RO', 'big', 'GET', 'u32', off); break;
        case 6: await d.same('SETRANGE', 'big', String(rnd(size + 10_000)), 'chunk-boundary-' + 'x'.repeat(rnd(9000))); break;
        default: await d.same('BITCOUNT', 'big', String(rnd(size)), String(-rnd(size))); break;
      }
      if (i % 100 === 99) await d.same('GET', 'big');
    }
    await d.same('BITCOUNT', 'big');
    await d.same('BITPOS', 'big', '1', '1000');
    await d.same('STRLEN', 'big');
    await d.same('APPEND', 'big', 'tail');
    await d.same('SETBIT', 'big', '5', '1');
    await d.same('GET', 'big');
    // Overwritten by a plain SET of the same length: the cached rope must not be reused.
    await d.same('SET', 'big', 'y'.repeat(size));
    await d.same('SETBIT', 'big', '9', '1');
    await d.same('GETRANGE', 'big', '0', '3');
    // A sparse new key and SETRANGE far out (shared zero chunks).
    await d.same('SETRANGE', 'sparse', '1000000', 'end');
    await d.same('SETBIT', 'sparse2', '9000000', '1');
    await d.same('BITCOUNT', 'sparse');
    await d.same('BITPOS', 'sparse2', '1');
    await d.same('GETRANGE', 'sparse', '999990', '-1');
    await d.same('BITFIELD', 'sparse3', 'SET', 'u8', '#200000', '7', 'GET', 'u8', '#200000');
    await d.same('STRLEN', 'sparse3');
  });

  it('COMMAND INFO of every bitmap command', async () => {
    for (const c of ['setbit', 'getbit', 'bitcount', 'bitpos', 'bitop', 'bitfield', 'bitfield_ro']) {
      const [ours, theirs] = await d.both('COMMAND', 'INFO', c);
      const po = parseReply(ours) as unknown[][];
      const pt = parseReply(theirs) as unknown[][];
      expect(po[0]!.slice(0, 8), c).toEqual(pt[0]!.slice(0, 8));
    }
  });
});
