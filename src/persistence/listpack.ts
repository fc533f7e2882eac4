/**
 * persistence/listpack.ts — the listpack blob format (listpack.c) as RDB files carry it for small
 * hashes, sorted sets, quicklist-2 list nodes and stream nodes:
 *   <total-bytes u32le> <num-elements u16le> <entry>* 0xFF
 * Each entry is <encoding+data> <backlen>, where integers use 7/13/16/24/32/64-bit encodings and
 * strings 6/12/32-bit lengths. Elements are returned as latin1 strings (integers in decimal).
 * Pure: imports nothing but ./bytes and util/numbers.
 */
import { ByteBuf, int64ToString } from './bytes';
import { parseInt64 } from '../util/numbers';

export class CorruptError extends Error {
  /** Byte offset in the RDB image where the problem was found (-1: unknown). */
  offset = -1;
  /** The short reason Redis's rdbReportError prints after "->" (default: the message). */
  reason: string | null = null;
}

function fail(what: string): never {
  throw new CorruptError(what);
}

/** Decodes every element of a listpack. Throws CorruptError on malformed input. */
export function listpackDecode(b: Buffer): string[] {
  if (b.length < 7) fail('listpack too short');
  const total = b.readUInt32LE(0);
  if (total !== b.length) fail('listpack size mismatch');
  const count = b.readUInt16LE(4);
  const out: string[] = [];
  let p = 6;
  const end = b.length - 1;
  while (p < end) {
    const start = p;
    const c = b[p]!;
    let v: string;
    if ((c & 0x80) === 0) {
      v = String(c);
      p += 1;
    } else if ((c & 0xc0) === 0x80) {
      const len = c & 0x3f;
      p += 1;
      if (p + len > end) fail('listpack string overflow');
      v = b.toString('latin1', p, p + len);
      p += len;
    } else if ((c & 0xe0) === 0xc0) {
      if (p + 2 > end) fail('listpack overflow');
      let x = ((c & 0x1f) << 8) | b[p + 1]!;
      if (x >= 4096) x -= 8192;
      v = String(x);
      p += 2;
    } else if ((c & 0xf0) === 0xe0) {
      if (p + 2 > end) fail('listpack overflow');
      const len = ((c & 0x0f) << 8) | b[p + 1]!;
      p += 2;
      if (p + len > end) fail('listpack string overflow');
      v = b.toString('latin1', p, p + len);
      p += len;
    } else {
      switch (c) {
        case 0xf1:
          if (p + 3 > end) fail('listpack overflow');
          v = String(b.readInt16LE(p + 1));
          p += 3;
          break;
        case 0xf2:
          if (p + 4 > end) fail('listpack overflow');
          v = String(b.readIntLE(p + 1, 3));
          p += 4;
          break;
        case 0xf3:
          if (p + 5 > end) fail('listpack overflow');
          v = String(b.readInt32LE(p + 1));
          p += 5;
          break;
        case 0xf4:
          if (p + 9 > end) fail('listpack overflow');
          v = int64ToString(b, p + 1);
          p += 9;
          break;
        case 0xf0: {
          if (p + 5 > end) fail('listpack overflow');
          const len = b.readUInt32LE(p + 1);
          p += 5;
          if (p + len > end) fail('listpack string overflow');
          v = b.toString('latin1', p, p + len);
          p += len;
          break;
        }
        default:
          fail('bad listpack encoding');
      }
    }
    p += backlenSize(p - start);
    if (p > end) fail('listpack entry overflow');
    out.push(v);
  }
  if (b[end] !== 0xff) fail('listpack without terminator');
  if (count !== 65535 && count !== out.length) fail('listpack count mismatch');
  return out;
}

function backlenSize(l: number): number {
  return l < 128 ? 1 : l < 16384 ? 2 : l < 2097152 ? 3 : l < 268435456 ? 4 : 5;
}

function writeBacklen(o: ByteBuf, l: number): void {
  // Big-endian groups of 7 bits; every byte but the first written carries the 0x80 flag.
  const n = backlenSize(l);
  for (let i = n - 1; i >= 0; i--) {
    const part = Math.floor(l / 2 ** (7 * i)) & 127;
    o.byte(i === n - 1 ? part : part | 128);
  }
}

/** Appends one entry: integers (string2ll-valid text) in the smallest integer encoding. */
function writeEntry(o: ByteBuf, s: string): void {
  const iv = s.length <= 20 ? parseInt64(s) : null;
  const start = o.len;
  if (iv !== null) {
    if (iv >= 0 && iv <= 127) o.byte(iv);
    else if (iv >= -4096 && iv <= 4095) {
      const x = iv < 0 ? iv + 8192 : iv;
      o.byte(0xc0 | (x >> 8));
      o.byte(x & 0xff);
    } else if (iv >= -32768 && iv <= 32767) {
      o.byte(0xf1);
      o.ensure(2);
      o.buf.writeInt16LE(iv, o.len);
      o.len += 2;
    } else if (iv >= -8388608 && iv <= 8388607) {
      o.byte(0xf2);
      o.ensure(3);
      o.buf.writeIntLE(iv, o.len, 3);
      o.len += 3;
    } else if (iv >= -2147483648 && iv <= 2147483647) {
      o.byte(0xf3);
      o.ensure(4);
      o.buf.writeInt32LE(iv, o.len);
      o.len += 4;
    } else {
      o.byte(0xf4);
      o.i64le(BigInt(s));
    }
  } else {
    const len = s.length;
    if (len < 64) o.byte(0x80 | len);
    else if (len < 4096) {
      o.byte(0xe0 | (len >> 8));
      o.byte(len & 0xff);
    } else {
      o.byte(0xf0);
      o.u32le(len);
    }
    o.latin1(s);
  }
  writeBacklen(o, o.len - start);
}

/** Builds a listpack holding `items` in order. */
export function listpackEncode(items: readonly string[], from = 0, to = items.length): Buffer {
  const o = new ByteBuf(64);
  o.u32le(0);
  o.u16le(0);
  for (let i = from; i < to; i++) writeEntry(o, items[i]!);
  o.byte(0xff);
  o.buf.writeUInt32LE(o.len, 0);
  const n = to - from;
  o.buf.writeUInt16LE(n < 65535 ? n : 65535, 4);
  return Buffer.from(o.view());
}

/** Builds a listpack from a generator of entries (the writer's field/value or member/score pairs). */
export class ListpackBuilder {
  private o = new ByteBuf(64);
  private n = 0;

  constructor() {
    this.o.u32le(0);
    this.o.u16le(0);
  }

  add(s: string): void {
    writeEntry(this.o, s);
    this.n++;
  }

  /** Bytes written so far (to decide when a quicklist node is full). */
  get size(): number {
    return this.o.len;
  }

  get count(): number {
    return this.n;
  }

  finish(): Buffer {
    const o = this.o;
    o.byte(0xff);
    o.buf.writeUInt32LE(o.len, 0);
    o.buf.writeUInt16LE(this.n < 65535 ? this.n : 65535, 4);
    return o.view();
  }
}
