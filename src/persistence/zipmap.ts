/**
 * persistence/zipmap.ts — decoder for the zipmap blob (zipmap.c), the hash encoding of RDB files
 * written by Redis < 2.6: <zmlen u8> then <len><key><len><free u8><value><free bytes>... 0xFF,
 * where a length is one byte below 254 or 0xFE + u32le. Returns [field, value, field, value...].
 * Pure.
 */
import { CorruptError } from './listpack';

export function zipmapDecode(b: Buffer): string[] {
  const out: string[] = [];
  let p = 1;
  const readLen = (): number => {
    if (p >= b.length) throw new CorruptError('zipmap overflow');
    const c = b[p]!;
    if (c < 254) {
      p += 1;
      return c;
    }
    if (c === 254) {
      if (p + 5 > b.length) throw new CorruptError('zipmap overflow');
      const l = b.readUInt32LE(p + 1);
      p += 5;
      return l;
    }
    return -1;
  };
  for (;;) {
    const klen = readLen();
    if (klen < 0) break;
    if (p + klen > b.length) throw new CorruptError('zipmap overflow');
    const k = b.toString('latin1', p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen < 0 || p >= b.length) throw new CorruptError('zipmap overflow');
    const free = b[p++]!;
    if (p + vlen + free > b.length) throw new CorruptError('zipmap overflow');
    out.push(k, b.toString('latin1', p, p + vlen));
    p += vlen + free;
  }
  return out;
}
