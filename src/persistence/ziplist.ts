/**
 * persistence/ziplist.ts — decoder for the ziplist blob format (ziplist.c), which RDB files from
 * Redis < 7.0 use for small lists, hashes and sorted sets, and quicklist v1 nodes:
 *   <zlbytes u32le> <zltail u32le> <zllen u16le> <entry>* 0xFF
 * entry = <prevlen: 1 byte, or 0xFE + u32le> <encoding> <data>. Read-only: Redis 7.0 never
 * writes ziplists. Pure.
 */
import { CorruptError } from './listpack';
import { int64ToString } from './bytes';

function fail(what: string): never {
  throw new CorruptError(what);
}

export function ziplistDecode(b: Buffer): string[] {
  if (b.length < 11) fail('ziplist too short');
  if (b.readUInt32LE(0) !== b.length) fail('ziplist size mismatch');
  const count = b.readUInt16LE(8);
  const out: string[] = [];
  let p = 10;
  const end = b.length - 1;
  while (p < end) {
    p += b[p] === 0xfe ? 5 : 1;
    if (p >= end) fail('ziplist overflow');
    const c = b[p]!;
    let v: string;
    const top = c >> 6;
    if (top === 0) {
      const len = c & 0x3f;
      p += 1;
      if (p + len > end) fail('ziplist overflow');
      v = b.toString('latin1', p, p + len);
      p += len;
    } else if (top === 1) {
      if (p + 2 > end) fail('ziplist overflow');
      const len = ((c & 0x3f) << 8) | b[p + 1]!;
      p += 2;
      if (p + len > end) fail('ziplist overflow');
      v = b.toString('latin1', p, p + len);
      p += len;
    } else if (top === 2) {
      if (p + 5 > end) fail('ziplist overflow');
      const len = b.readUInt32BE(p + 1);
      p += 5;
      if (p + len > end) fail('ziplist overflow');
      v = b.toString('latin1', p, p + len);
      p += len;
    } else {
      p += 1;
      if (c === 0xc0) {
        v = String(b.readInt16LE(p));
        p += 2;
      } else if (c === 0xd0) {
        v = String(b.readInt32LE(p));
        p += 4;
      } else if (c === 0xe0) {
        v = int64ToString(b, p);
        p += 8;
      } else if (c === 0xf0) {
        v = String(b.readIntLE(p, 3));
        p += 3;
      } else if (c === 0xfe) {
        v = String(b.readInt8(p));
        p += 1;
      } else if (c >= 0xf1 && c <= 0xfd) {
        v = String((c & 0x0f) - 1);
      } else fail('bad ziplist encoding');
      if (p > end) fail('ziplist overflow');
    }
    out.push(v);
  }
  if (b[end] !== 0xff) fail('ziplist without terminator');
  if (count !== 65535 && count !== out.length) fail('ziplist count mismatch');
  return out;
}
