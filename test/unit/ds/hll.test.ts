/**
 * test/unit/ds/hll.test.ts — ds/hll.ts against simple reference models: MurmurHash64A against a
 * BigInt transcription of the algorithm, register packing against a byte array, the sparse
 * encoding against a plain register array (decode after every update), and the estimator.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HLL_DENSE,
  HLL_DENSE_SIZE,
  HLL_HDR_SIZE,
  HLL_REGISTERS,
  HLL_SPARSE,
  HllImage,
  denseGet,
  denseSetReg,
  hllEstimate,
  hllMerge,
  hllPatLen,
  isValidHllString,
  murmurHash64A,
  patIndex,
  rawHisto,
  sparseHisto,
} from '../../../src/ds/hll';

const MASK = (1n << 64n) - 1n;
/** Reference MurmurHash64A in BigInt (seed 0xadc83b19). */
function refMurmur(s: string): bigint {
  const m = 0xc6a4a7935bd1e995n;
  const bytes = Buffer.from(s, 'latin1');
  const len = bytes.length;
  let h = (0xadc83b19n ^ ((BigInt(len) * m) & MASK)) & MASK;
  const n8 = len - (len & 7);
  for (let i = 0; i < n8; i += 8) {
    let k = bytes.readBigUInt64LE(i);
    k = (k * m) & MASK;
    k ^= k >> 47n;
    k = (k * m) & MASK;
    h ^= k;
    h = (h * m) & MASK;
  }
  const rem = len & 7;
  if (rem) {
    for (let j = rem - 1; j >= 0; j--) h ^= BigInt(bytes[n8 + j]!) << BigInt(8 * j);
    h = (h * m) & MASK;
  }
  h ^= h >> 47n;
  h = (h * m) & MASK;
  h ^= h >> 47n;
  return h;
}

/** Registers of an image, decoded independently of the ds code. */
function registers(img: HllImage): number[] {
  const b = img.buf;
  const out: number[] = [];
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const bit = i * 6;
      const lo = b[HLL_HDR_SIZE + (bit >> 3)]!;
      const hi = b[HLL_HDR_SIZE + (bit >> 3) + 1] ?? 0;
      out.push(((lo | (hi << 8)) >> (bit & 7)) & 63);
    }
    return out;
  }
  for (let p = HLL_HDR_SIZE; p < img.len; ) {
    const op = b[p]!;
    if ((op & 0xc0) === 0) {
      for (let k = 0; k <= (op & 63); k++) out.push(0);
      p++;
    } else if ((op & 0xc0) === 0x40) {
      const n = (((op & 63) << 8) | b[p + 1]!) + 1;
      for (let k = 0; k < n; k++) out.push(0);
      p += 2;
    } else {
      for (let k = 0; k <= (op & 3); k++) out.push(((op >> 2) & 31) + 1);
      p++;
    }
  }
  return out;
}

describe('MurmurHash64A and pattern length', () => {
  it('matches a BigInt reference for every tail length and binary input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (a) => {
        const s = Buffer.from(a).toString('latin1');
        expect(murmurHash64A(s)).toBe(refMurmur(s));
      }),
      { numRuns: 500 },
    );
  });

  it('index is the low 14 bits, count the zero run of the rest plus one', () => {
    for (const s of ['', 'a', 'hello', 'foo-1234', '\x00\xff\x80']) {
      const h = refMurmur(s);
      const count = hllPatLen(s);
      expect(patIndex).toBe(Number(h & 16383n));
      let rest = (h >> 14n) | (1n << 50n);
      let c = 1;
      while ((rest & 1n) === 0n) {
        c++;
        rest >>= 1n;
      }
      expect(count).toBe(c);
    }
  });
});

describe('dense registers', () => {
  it('set/get of random 6-bit values never disturbs neighbours', () => {
    const buf = Buffer.alloc(HLL_DENSE_SIZE + 1);
    const model = new Uint8Array(HLL_REGISTERS);
    let seed = 1;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < HLL_REGISTERS; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        model[i] = seed & 63;
        denseSetReg(buf, HLL_HDR_SIZE, i, model[i]!);
      }
      for (let i = 0; i < HLL_REGISTERS; i++) expect(denseGet(buf, HLL_HDR_SIZE, i)).toBe(model[i]);
    }
  });
});

describe('sparse encoding', () => {
  it('a new HLL is one XZERO run per 16384 registers', () => {
    const img = HllImage.createSparse();
    expect(img.toString()).toBe('HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff');
    expect(isValidHllString(img.toString())).toBe(true);
    expect(img.count()).toBe(0);
  });

  it('random register updates match an array model (sparse, promotion, dense)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(HLL_REGISTERS - 1), fc.integer({ min: 1, max: 40 })), { maxLength: 400 }),
        fc.integer({ min: 20, max: 3000 }),
        (ops, maxBytes) => {
          const img = HllImage.createSparse();
          const model = new Array<number>(HLL_REGISTERS).fill(0);
          for (const [i, v] of ops) {
            const r = img.setAtLeast(i, v, maxBytes);
            expect(r).toBe(v > model[i]! ? 1 : 0);
            if (v > model[i]!) model[i] = v;
            if (img.encoding === HLL_SPARSE) expect(img.len).toBeLessThanOrEqual(Math.max(maxBytes, 18));
          }
          expect(registers(img)).toEqual(model);
          // A sparse image never has two adjacent mergeable VAL opcodes after an update's merge pass
          // only locally; but both encodings must count the same.
          const dense = HllImage.fromString(img.toString());
          expect(dense.toDense()).toBe(true);
          expect(registers(dense)).toEqual(model);
          expect(dense.count()).toBe(img.count());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('values above 32 promote to dense', () => {
    const img = HllImage.createSparse();
    expect(img.setAtLeast(5, 33, 3000)).toBe(1);
    expect(img.encoding).toBe(HLL_DENSE);
    expect(img.len).toBe(HLL_DENSE_SIZE);
    expect(img.getRegister(5)).toBe(33);
  });

  it('corrupt sparse data is detected by every reader', () => {
    const hdr = 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80';
    const xz = (n: number) => String.fromCharCode(((n - 1) >> 8) | 0x40, (n - 1) & 255);
    for (const body of [xz(16000), xz(16384) + '\x02', xz(16383) + '\x81', xz(16384) + '\x80']) {
      const s = hdr + body;
      const img = HllImage.fromString(s);
      expect(img.count()).toBe(-1);
      expect(HllImage.fromString(s).toDense()).toBe(false);
      expect(hllMerge(new Uint8Array(HLL_REGISTERS), Buffer.from(s, 'latin1'), s.length)).toBe(false);
    }
  });

  it('PFDEBUG DECODE text', () => {
    const img = HllImage.createSparse();
    img.setAtLeast(0, 3, 3000);
    img.setAtLeast(1, 3, 3000);
    img.setAtLeast(100, 1, 3000);
    expect(img.decode()).toBe('v:3,2 Z:98 v:1,1 Z:16283');
  });
});

describe('estimator', () => {
  it('empty is 0; small sets are exact-ish; dense and sparse agree', () => {
    const h = new Int32Array(64);
    h[0] = HLL_REGISTERS;
    expect(hllEstimate(h)).toBe(0);
    const sp = HllImage.createSparse();
    const de = HllImage.createSparse();
    de.toDense();
    for (let i = 1; i <= 20000; i++) {
      sp.add(`e${i}`, 3000);
      de.add(`e${i}`, 3000);
      if (i === 10 || i === 100 || i === 1000 || i === 20000) {
        expect(sp.count()).toBe(de.count());
        expect(Math.abs(de.count() - i)).toBeLessThanOrEqual(Math.ceil(i * 0.05) + 1);
      }
    }
    const max = new Uint8Array(HLL_REGISTERS);
    expect(hllMerge(max, de.buf, de.len)).toBe(true);
    const hist = new Int32Array(64);
    rawHisto(max, hist);
    expect(hllEstimate(hist)).toBe(de.count());
    const hist2 = new Int32Array(64);
    expect(sparseHisto(Buffer.from('\x7f\xff', 'latin1'), 0, 2, hist2)).toBe(true);
    expect(hist2[0]).toBe(HLL_REGISTERS);
  });

  it('header validation', () => {
    expect(isValidHllString('HYLL')).toBe(false);
    expect(isValidHllString('HYLX\x01' + '\0'.repeat(11))).toBe(false);
    expect(isValidHllString('HYLL\x02' + '\0'.repeat(11))).toBe(false);
    expect(isValidHllString('HYLL\x00' + '\0'.repeat(11))).toBe(false);
    expect(isValidHllString('HYLL\x00' + '\0'.repeat(HLL_DENSE_SIZE - 5))).toBe(true);
  });
});

describe('hllPatLen8', () => {
  it('equals hllPatLen of the 8-byte little-endian string', async () => {
    const { hllPatLen8 } = await import('../../../src/ds/hll');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (lo, hi) => {
        const b = Buffer.alloc(8);
        b.writeUInt32LE(lo, 0);
        b.writeUInt32LE(hi, 4);
        const c1 = hllPatLen(b.toString('latin1'));
        const i1 = patIndex;
        expect(hllPatLen8(lo, hi)).toBe(c1);
        expect(patIndex).toBe(i1);
      }),
    );
  });
});
