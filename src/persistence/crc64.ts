/**
 * persistence/crc64.ts — the CRC-64 Redis puts at the end of RDB files and DUMP payloads
 * (crc64.c: the "Jones" polynomial, reflected, init 0, no final xor; check value
 * crc64("123456789") = 0xe9c6d914c4b8d9ca).
 *
 * Table-driven, one byte per step, with the 64-bit register kept as two uint32 halves so the
 * hot loop stays in small integers (no BigInt). Pure: imports nothing.
 */

/** The reflected Jones polynomial 0xad93d23594c935a9, bit-reversed, as hi/lo halves. */
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

/** Slicing-by-8 tables: T[k][i] is the CRC of byte i followed by k zero bytes (lo/hi halves). */
const TL: Uint32Array[] = [];
const TH: Uint32Array[] = [];
for (let k = 0; k < 8; k++) {
  TL.push(new Uint32Array(256));
  TH.push(new Uint32Array(256));
}
const T_LO = TL[0]!;
const T_HI = TH[0]!;
for (let i = 0; i < 256; i++) {
  let lo = i;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    const lsb = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (lsb) {
      lo = (lo ^ POLY_LO) >>> 0;
      hi = (hi ^ POLY_HI) >>> 0;
    }
  }
  T_LO[i] = lo;
  T_HI[i] = hi;
}
for (let k = 1; k < 8; k++) {
  const pl = TL[k - 1]!;
  const ph = TH[k - 1]!;
  const cl = TL[k]!;
  const ch = TH[k]!;
  for (let i = 0; i < 256; i++) {
    const lo = pl[i]!;
    const hi = ph[i]!;
    const idx = lo & 0xff;
    cl[i] = (T_LO[idx]! ^ ((lo >>> 8) | (hi << 24))) >>> 0;
    ch[i] = (T_HI[idx]! ^ (hi >>> 8)) >>> 0;
  }
}
const [L0, L1, L2, L3, L4, L5, L6, L7] = TL as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
const [H0, H1, H2, H3, H4, H5, H6, H7] = TH as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** A running CRC-64 state: feed bytes with update(), read the 8 little-endian bytes with digest(). */
export class Crc64 {
  lo = 0;
  hi = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): void {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    // Eight bytes per step (slicing-by-8), then the tail one byte at a time.
    for (; i + 8 <= end; i += 8) {
      const a = (lo ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24))) >>> 0;
      const b = (hi ^ (buf[i + 4]! | (buf[i + 5]! << 8) | (buf[i + 6]! << 16) | (buf[i + 7]! << 24))) >>> 0;
      lo = (L7[a & 0xff]! ^ L6[(a >>> 8) & 0xff]! ^ L5[(a >>> 16) & 0xff]! ^ L4[a >>> 24]! ^ L3[b & 0xff]! ^ L2[(b >>> 8) & 0xff]! ^ L1[(b >>> 16) & 0xff]! ^ L0[b >>> 24]!) >>> 0;
      hi = (H7[a & 0xff]! ^ H6[(a >>> 8) & 0xff]! ^ H5[(a >>> 16) & 0xff]! ^ H4[a >>> 24]! ^ H3[b & 0xff]! ^ H2[(b >>> 8) & 0xff]! ^ H1[(b >>> 16) & 0xff]! ^ H0[b >>> 24]!) >>> 0;
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      lo = (T_LO[idx]! ^ ((lo >>> 8) | (hi << 24))) >>> 0;
      hi = (T_HI[idx]! ^ (hi >>> 8)) >>> 0;
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** The checksum as Redis stores it on disk (little-endian, 8 bytes). */
  digest(): Buffer {
    const b = Buffer.allocUnsafe(8);
    b.writeUInt32LE(this.lo, 0);
    b.writeUInt32LE(this.hi, 4);
    return b;
  }

  /** The checksum as a bigint (tests). */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** CRC-64 of buf[start, end) as 8 little-endian bytes. */
export function crc64(buf: Uint8Array, start = 0, end = buf.length): Buffer {
  const c = new Crc64();
  c.update(buf, start, end);
  return c.digest();
}
