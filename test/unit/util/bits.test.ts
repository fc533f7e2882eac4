import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bitposIn,
  checkSignedOverflow,
  checkUnsignedOverflow,
  firstBitInByte,
  getSignedBits,
  getUnsignedBits,
  Overflow,
  popcount,
  popcountByte,
  setBits,
  type OverflowCheck,
} from '../../../src/util/bits';
import { addLongDouble, formatLongDoubleHuman, incrByFloatText, parseLongDouble } from '../../../src/util/long-double';

/** Reference model: the bitmap as an array of 0/1, bit 0 = MSB of byte 0. */
function toBits(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const b of bytes) for (let j = 7; j >= 0; j--) out.push((b >> j) & 1);
  return out;
}

describe('popcount / bitpos', () => {
  it('popcount matches a bit-by-bit count', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.nat(), (arr, x, y) => {
        const s = Buffer.from(arr).toString('latin1');
        if (s.length === 0) return;
        const a = x % s.length;
        const b = y % s.length;
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const ref = toBits(arr.subarray(lo, hi + 1)).reduce((p, q) => p + q, 0);
        expect(popcount(s, lo, hi)).toBe(ref);
      }),
    );
    for (let i = 0; i < 256; i++) expect(popcountByte(i)).toBe(toBits(new Uint8Array([i])).reduce((p, q) => p + q, 0));
  });

  it('bitposIn finds the first matching bit, with Redis conventions when absent', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 0, max: 1 }), (arr, bit) => {
        const s = Buffer.from(arr).toString('latin1');
        const bits = toBits(arr);
        const idx = bits.indexOf(bit);
        const expected = idx >= 0 ? idx : bit ? -1 : arr.length * 8;
        expect(bitposIn(s, 0, s.length, bit)).toBe(expected);
      }),
    );
    expect(bitposIn('\xff\x0f', 1, 1, 1)).toBe(4);
    expect(firstBitInByte(0xff, 0)).toBe(8);
    expect(firstBitInByte(0x01, 1)).toBe(7);
  });
});

describe('bitfield integers', () => {
  it('set then get round-trips at any offset and width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 100 }), fc.bigInt(), (bits, offset, v) => {
        const buf = new Uint8Array(30).fill(0xa5);
        const before = toBits(buf);
        setBits(buf, offset, bits, v);
        expect(getUnsignedBits(buf, offset, bits)).toBe(BigInt.asUintN(bits, v));
        expect(getSignedBits(buf, offset, bits)).toBe(BigInt.asIntN(bits, v));
        // Bits outside the field are untouched.
        const after = toBits(buf);
        for (let i = 0; i < after.length; i++) if (i < offset || i >= offset + bits) expect(after[i]).toBe(before[i]);
      }),
    );
  });

  it('reads past the end as zeros', () => {
    const buf = new Uint8Array([0xff]);
    expect(getUnsignedBits(buf, 4, 8)).toBe(0xf0n);
    expect(getUnsignedBits(buf, 100, 64)).toBe(0n);
  });

  it('overflow checks: wrap, sat, and in-range', () => {
    const o: OverflowCheck = { dir: 0, limit: 0n };
    checkUnsignedOverflow(3n, 1n, 2, Overflow.Wrap, o);
    expect(o).toEqual({ dir: 1, limit: 0n });
    checkUnsignedOverflow(3n, 1n, 2, Overflow.Sat, o);
    expect(o).toEqual({ dir: 1, limit: 3n });
    checkUnsignedOverflow(1n, -2n, 2, Overflow.Sat, o);
    expect(o).toEqual({ dir: -1, limit: 0n });
    checkUnsignedOverflow(1n, -2n, 2, Overflow.Wrap, o);
    expect(o).toEqual({ dir: -1, limit: 3n });
    checkUnsignedOverflow(1n, 2n, 2, Overflow.Wrap, o);
    expect(o.dir).toBe(0);
    checkSignedOverflow(7n, 1n, 4, Overflow.Wrap, o);
    expect(o).toEqual({ dir: 1, limit: -8n });
    checkSignedOverflow(-8n, -1n, 4, Overflow.Sat, o);
    expect(o).toEqual({ dir: -1, limit: -8n });
    checkSignedOverflow(9223372036854775807n, 1n, 64, Overflow.Wrap, o);
    expect(o).toEqual({ dir: 1, limit: -9223372036854775808n });
    checkSignedOverflow(-5n, 9223372036854775807n, 64, Overflow.Sat, o);
    expect(o.dir).toBe(0);
    // Redis's wrapped int64 intermediate: SET i1 INT64_MIN reads as an overflow (saturates to 0).
    checkSignedOverflow(-9223372036854775808n, 0n, 1, Overflow.Sat, o);
    expect(o).toEqual({ dir: 1, limit: 0n });
  });

  it('signed checks agree with plain arithmetic inside the int64 range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 63 }), fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }), (bits, incr) => {
        const max = (1n << BigInt(bits - 1)) - 1n;
        const min = -max - 1n;
        const value = incr % (max + 1n); // any in-range value
        const o: OverflowCheck = { dir: 0, limit: 0n };
        checkSignedOverflow(value, incr, bits, Overflow.Sat, o);
        const sum = value + incr;
        expect(o.dir).toBe(sum > max ? 1 : sum < min ? -1 : 0);
      }),
    );
  });
});

describe('long double emulation (INCRBYFLOAT)', () => {
  it('prints what Redis prints', () => {
    // Values pinned against redis-server 7.0.15 (see test/diff/string.diff.test.ts).
    expect(incrByFloatText('5000', '1.5e-3')).toBe('5000.00150000000000006');
    expect(incrByFloatText(undefined, '10.5')).toBe('10.5');
    expect(incrByFloatText('10.5', '0.1')).toBe('10.6');
    expect(incrByFloatText('0.024390243902439025', '-0.024390243902439025')).toBe('0');
    expect(incrByFloatText('1', '1e20')).toBe('100000000000000000000'); // 67 bits: rounded
    expect(incrByFloatText('1', '1e18')).toBe('1000000000000000001');
    expect(incrByFloatText('1', '+inf')).toBe('nan');
    expect(incrByFloatText(' 1', '1')).toBe('value');
    expect(incrByFloatText('1', 'nan')).toBe('incr');
    expect(incrByFloatText('1\x002', '1')).toBe('value');
  });

  it('parses like strtold with Redis rules', () => {
    expect(parseLongDouble('1e400')).not.toBe(null); // finite in 80-bit
    expect(parseLongDouble('1e5000')).toBe(null); // overflow
    expect(parseLongDouble('1e-5000')).toBe(null); // underflow to zero
    expect(parseLongDouble('0e-5000')).not.toBe(null);
    expect(parseLongDouble('0x1p-3')).toEqual(parseLongDouble('0.125'));
    expect(parseLongDouble('.5')).toEqual(parseLongDouble('5e-1'));
    for (const bad of ['', ' 1', '1 ', '1e', '0x', '--1', 'nan', '1.2.3', 'x'.repeat(5200)]) expect(parseLongDouble(bad), bad).toBe(null);
    expect(formatLongDoubleHuman(parseLongDouble('-0.000000000000000001')!)).toBe('0');
    expect(formatLongDoubleHuman(parseLongDouble('-1.5')!)).toBe('-1.5');
    expect(addLongDouble(parseLongDouble('inf')!, parseLongDouble('-inf')!)).toBe(null);
  });

  it('integers below 2^64 are exact', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: 1n << 63n }), fc.bigInt({ min: -(1n << 62n), max: 1n << 62n }), (a, b) => {
        const sum = a + b;
        if (sum >= 1n << 64n || sum <= -(1n << 64n)) return;
        expect(incrByFloatText(String(a), String(b))).toBe(String(sum));
      }),
    );
  });
});
