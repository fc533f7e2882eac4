/**
 * util/bits.ts — bit-level helpers behind the bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS,
 * BITOP, BITFIELD): population count and first-bit search over latin1 strings (one char per
 * byte), and BITFIELD's arbitrary-width integer access on byte buffers with Redis's overflow
 * rules (WRAP / SAT / FAIL).
 *
 * Bit numbering follows Redis: bit 0 is the most significant bit of byte 0.
 * Pure: imports nothing from the server.
 */

/** Number of set bits of every byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/** Set bits in bytes [start, end] (inclusive) of the latin1 string s. */
export function popcount(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i <= end; i++) n += POPCOUNT[s.charCodeAt(i) & 0xff]!;
  return n;
}

/** Set bits of one byte value. */
export function popcountByte(b: number): number {
  return POPCOUNT[b & 0xff]!;
}

/**
 * Position (in bits, relative to byte `start`) of the first bit equal to `bit` in bytes
 * [start, start+count) of s. When no such bit exists: -1 when looking for a 1, and count*8 when
 * looking for a 0 (the string is considered zero-padded on the right), as redisBitpos does.
 */
export function bitposIn(s: string, start: number, count: number, bit: number): number {
  const skip = bit ? 0 : 0xff;
  const end = start + count;
  for (let i = start; i < end; i++) {
    const b = s.charCodeAt(i);
    if (b !== skip) return (i - start) * 8 + firstBitInByte(b, bit);
  }
  return bit ? -1 : count * 8;
}

/** Index (0 = MSB) of the first bit equal to `bit` in byte b; 8 when there is none. */
export function firstBitInByte(b: number, bit: number): number {
  for (let j = 0; j < 8; j++) {
    if (((b >> (7 - j)) & 1) === bit) return j;
  }
  return 8;
}

// ---------------------------------------------------------------------------------------------
// BITFIELD integers
// ---------------------------------------------------------------------------------------------

export const enum Overflow {
  Wrap = 0,
  Sat = 1,
  Fail = 2,
}

/**
 * Reads `bits` (1..64) bits at bit `offset` of buf as an unsigned integer. Bytes past the end
 * of buf read as zero.
 */
export function getUnsignedBits(buf: Uint8Array, offset: number, bits: number): bigint {
  const first = Math.floor(offset / 8);
  const shift = offset & 7;
  const nbytes = (shift + bits + 7) >> 3;
  // Up to 9 bytes: accumulate the first 6 in a number (48 bits, exact), the rest in a bigint.
  let acc = 0;
  const k = nbytes < 6 ? nbytes : 6;
  for (let i = 0; i < k; i++) {
    const idx = first + i;
    acc = acc * 256 + (idx < buf.length ? buf[idx]! : 0);
  }
  if (nbytes <= 6) {
    // Fits in a double: extract with arithmetic.
    const total = nbytes * 8;
    const v = Math.floor(acc / 2 ** (total - shift - bits)) % 2 ** bits;
    return BigInt(v);
  }
  let v = BigInt(acc);
  for (let i = 6; i < nbytes; i++) {
    const idx = first + i;
    v = (v << 8n) | BigInt(idx < buf.length ? buf[idx]! : 0);
  }
  const total = nbytes * 8;
  return BigInt.asUintN(bits, v >> BigInt(total - shift - bits));
}

/** Reads `bits` bits at `offset` as a two's complement signed integer. */
export function getSignedBits(buf: Uint8Array, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsignedBits(buf, offset, bits));
}

/**
 * Writes the low `bits` bits of value (any bigint; negative values in two's complement) at bit
 * `offset` of buf. The buffer must be long enough.
 */
export function setBits(buf: Uint8Array, offset: number, bits: number, value: bigint): void {
  let v = BigInt.asUintN(bits, value);
  // Walk from the last bit backwards, a byte-aligned chunk at a time.
  let end = offset + bits; // exclusive
  while (end > offset) {
    const byte = Math.floor((end - 1) / 8);
    const byteStart = byte * 8;
    const lo = Math.max(offset, byteStart); // first bit of this chunk
    const n = end - lo; // bits in this chunk (1..8)
    const bitShift = byteStart + 8 - end; // position of the chunk's last bit from the LSB
    const mask = ((1 << n) - 1) << bitShift;
    const chunk = Number(v & BigInt((1 << n) - 1));
    buf[byte] = (buf[byte]! & ~mask) | (chunk << bitShift);
    v >>= BigInt(n);
    end = lo;
  }
}

/** Result of an overflow check: 0 none, 1 overflow, -1 underflow; `limit` per the policy. */
export interface OverflowCheck {
  dir: number;
  limit: bigint;
}

/**
 * checkUnsignedBitfieldOverflow: value (uint64) + incr (int64) stored in `bits` bits. On
 * overflow (dir 1) or underflow (dir -1), `limit` is the wrapped value (WRAP) or the saturated
 * bound (SAT). The comparisons use Redis's int64 intermediate values, wrap-arounds included.
 */
export function checkUnsignedOverflow(value: bigint, incr: bigint, bits: number, ow: Overflow, out: OverflowCheck): void {
  const max = bits === 64 ? 0xffffffffffffffffn : (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  if (value > max || (incr > 0n && incr > maxincr)) {
    out.dir = 1;
    out.limit = ow === Overflow.Wrap ? BigInt.asUintN(bits, value + incr) : max;
  } else if (incr < 0n && incr < minincr) {
    out.dir = -1;
    out.limit = ow === Overflow.Wrap ? BigInt.asUintN(bits, value + incr) : 0n;
  } else {
    out.dir = 0;
    out.limit = 0n;
  }
}

/**
 * checkSignedBitfieldOverflow: value (int64) + incr (int64) stored in `bits` signed bits.
 * Reproduces Redis's int64 arithmetic exactly, including its wrapped intermediate limits
 * (e.g. SET i1 with INT64_MIN saturates to 0, not -1: diff-tested).
 */
export function checkSignedOverflow(value: bigint, incr: bigint, bits: number, ow: Overflow, out: OverflowCheck): void {
  const max = bits === 64 ? 0x7fffffffffffffffn : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    out.dir = 1;
    out.limit = ow === Overflow.Wrap ? BigInt.asIntN(bits, value + incr) : max;
  } else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    out.dir = -1;
    out.limit = ow === Overflow.Wrap ? BigInt.asIntN(bits, value + incr) : min;
  } else {
    out.dir = 0;
    out.limit = 0n;
  }
}
