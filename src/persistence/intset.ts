/**
 * persistence/intset.ts — the intset blob (intset.c): <encoding u32le: 2, 4 or 8> <length u32le>
 * then `length` sorted little-endian integers of that width. Used for RDB_TYPE_SET_INTSET.
 * Pure.
 */
import { CorruptError } from './listpack';
import { ByteBuf, int64ToString } from './bytes';

export function intsetDecode(b: Buffer): string[] {
  if (b.length < 8) throw new CorruptError('intset too short');
  const enc = b.readUInt32LE(0);
  const n = b.readUInt32LE(4);
  if ((enc !== 2 && enc !== 4 && enc !== 8) || 8 + enc * n !== b.length) throw new CorruptError('bad intset');
  const out = new Array<string>(n);
  for (let i = 0, p = 8; i < n; i++, p += enc) {
    out[i] = enc === 2 ? String(b.readInt16LE(p)) : enc === 4 ? String(b.readInt32LE(p)) : int64ToString(b, p);
  }
  return out;
}

/** Encodes decimal int64 strings (any order) as an intset of the smallest width that fits. */
export function intsetEncode(members: readonly string[]): Buffer {
  const vals = members.map((m) => BigInt(m)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let enc = 2;
  for (const v of vals) {
    if (v < -2147483648n || v > 2147483647n) enc = 8;
    else if ((v < -32768n || v > 32767n) && enc < 4) enc = 4;
  }
  const o = new ByteBuf(8 + enc * vals.length);
  o.u32le(enc);
  o.u32le(vals.length);
  for (const v of vals) {
    if (enc === 8) o.i64le(v);
    else {
      o.ensure(enc);
      if (enc === 2) o.buf.writeInt16LE(Number(v), o.len);
      else o.buf.writeInt32LE(Number(v), o.len);
      o.len += enc;
    }
  }
  return Buffer.from(o.view());
}
