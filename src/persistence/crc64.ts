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

const T_LO = new Uint32Array(256);
const T_HI = new Uint32Array(256);
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

/** A running CRC-64 state: feed bytes with update(), read the 8 little-endian bytes with digest(). */
export class Crc64 {
  lo = 0;
  hi = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): void {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = start; i < end; i++) {
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
