/**
 * persistence/bytes.ts — a growable byte buffer used by the encoders (RDB writer, listpack and
 * intset builders). Strings are latin1 (one char per byte), as everywhere in respite.
 * Pure: imports nothing.
 */
export class ByteBuf {
  buf: Buffer;
  len = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  ensure(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const nb = Buffer.allocUnsafe(cap);
    this.buf.copy(nb, 0, 0, this.len);
    this.buf = nb;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  latin1(s: string): void {
    this.ensure(s.length);
    this.len += this.buf.write(s, this.len, s.length, 'latin1');
  }

  u16le(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(v, this.len);
    this.len += 2;
  }

  u32le(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.len);
    this.len += 4;
  }

  u32be(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
  }

  i64le(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(v, this.len);
    this.len += 8;
  }

  f64le(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.len);
    this.len += 8;
  }

  /** The bytes written so far (a view; copy it if the buffer keeps being written). */
  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  reset(): void {
    this.len = 0;
  }
}

/** Reads a 64-bit integer as the shortest decimal string (exact over the whole int64 range). */
export function int64ToString(b: Buffer, off: number): string {
  const hi = b.readInt32LE(off + 4);
  const lo = b.readUInt32LE(off);
  const v = hi * 4294967296 + lo;
  if (Number.isSafeInteger(v)) return String(v);
  return b.readBigInt64LE(off).toString();
}
