import { describe, it, expect } from 'vitest';
import { crc64 } from '../../../src/persistence/crc64';
import { lzfCompress, lzfDecompress } from '../../../src/persistence/lzf';
import { listpackEncode, listpackDecode } from '../../../src/persistence/listpack';
import { intsetEncode, intsetDecode } from '../../../src/persistence/intset';

function rnd(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

describe('crc64', () => {
  it('matches Redis check value', () => {
    expect(crc64(Buffer.from('123456789')).readBigUInt64LE(0)).toBe(0xe9c6d914c4b8d9can);
  });
  it('crc of empty input is 0', () => {
    expect(crc64(Buffer.alloc(0)).readBigUInt64LE(0)).toBe(0n);
  });
});

describe('lzf', () => {
  it('round-trips compressible and random data', () => {
    const r = rnd(7);
    for (let t = 0; t < 200; t++) {
      const n = 4 + Math.floor(r() * 3000);
      const alpha = 1 + Math.floor(r() * 255);
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = Math.floor(r() * alpha);
      const c = lzfCompress(b, n - 1);
      if (c === null) continue;
      expect(c.length).toBeLessThan(n);
      expect(lzfDecompress(c, n)!.equals(b)).toBe(true);
    }
  });
  it('compresses repetitive data well', () => {
    const b = Buffer.from('a'.repeat(1000));
    const c = lzfCompress(b, 996)!;
    expect(c.length).toBeLessThan(40);
    expect(lzfDecompress(c, 1000)!.toString()).toBe('a'.repeat(1000));
  });
  it('rejects corrupt streams', () => {
    expect(lzfDecompress(Buffer.from([0x20, 0x05]), 10)).toBeNull();
    expect(lzfDecompress(Buffer.from([0x05, 1]), 6)).toBeNull();
  });
});

describe('listpack', () => {
  it('round-trips strings and every integer width', () => {
    const items = ['', 'a', '0', '127', '128', '-1', '4095', '-4096', '4096', '32767', '-32768', '8388607', '-8388608', '2147483647',
      '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808', '01', '-0', '+1', 'x'.repeat(63), 'y'.repeat(64),
      'z'.repeat(4095), 'w'.repeat(4096), 'é\u00ff\u0000'];
    const lp = listpackEncode(items);
    expect(lp.readUInt32LE(0)).toBe(lp.length);
    expect(listpackDecode(lp)).toEqual(items);
  });
  it('matches the bytes Redis writes for a small hash', () => {
    // HSET h a 1 (listpack of "a", 1): from redis-server 7.0.15 DUMP.
    const lp = listpackEncode(['a', '1']);
    expect(lp.toString('hex')).toBe('0c00000002008161020101ff');
  });
});

describe('intset', () => {
  it('round-trips with width upgrades', () => {
    for (const set of [['1', '2', '3'], ['-40000', '5'], ['9223372036854775807', '-3']]) {
      const b = intsetEncode(set);
      expect(intsetDecode(b)).toEqual([...set].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)));
    }
  });
});

describe('crc64 slicing', () => {
  it('agrees with a bytewise BigInt reference at every length and offset', () => {
    const ref = (b: Uint8Array): bigint => {
      let crc = 0n;
      const poly = 0x95ac9329ac4bc9b5n;
      for (const x of b) {
        crc ^= BigInt(x);
        for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
      }
      return crc;
    };
    const r = rnd(3);
    for (let n = 0; n < 70; n++) {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
      expect(crc64(b).readBigUInt64LE(0)).toBe(ref(b));
      if (n > 3) expect(crc64(b, 1, n - 2).readBigUInt64LE(0)).toBe(ref(b.subarray(1, n - 2)));
    }
  });
});
