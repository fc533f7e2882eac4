/**
 * persistence/lzf.ts — LZF compression as RDB files use it for long strings (lzf_c.c/lzf_d.c
 * format): a stream of literal runs (control byte 0..31 = run of ctrl+1 literal bytes) and back
 * references (control byte bits 7..5 = length-2, 7 meaning "add the next byte"; 13-bit offset-1
 * split over the control byte's low 5 bits and the next byte).
 *
 * Our compressor is a plain greedy hash-of-3-bytes matcher; any valid LZF stream loads in Redis,
 * so the exact bytes need not match lzf_c.c. Pure: imports nothing.
 */

const HLOG = 14;
const HSIZE = 1 << HLOG;
const MAX_LIT = 32;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
/**
 * Hash of 3-byte prefixes → position. Instead of clearing it for every call (64 KB per string
 * is far more work than compressing a short value), positions are stored offset by `base`,
 * which grows with every call: an entry below the current base is stale.
 */
const htab = new Int32Array(HSIZE);
let base = 1;

/**
 * Compresses src into at most `maxOut` bytes. Returns the compressed bytes, or null when the
 * output would not fit (the caller then stores the string uncompressed, as lzf_compress's 0).
 */
export function lzfCompress(src: Uint8Array, maxOut: number): Buffer | null {
  const out = Buffer.allocUnsafe(maxOut + MAX_LIT + 2);
  const len = lzfCompressInto(src, src.length, maxOut, out);
  return len === 0 ? null : out.subarray(0, len);
}

/**
 * Compresses src[0, n) into `out` (which must hold maxOut + 34 bytes). Returns the compressed
 * length, or 0 when it would exceed maxOut. No allocation: the RDB writer's hot path.
 */
export function lzfCompressInto(src: Uint8Array, n: number, maxOut: number, out: Uint8Array): number {
  if (n < 4 || maxOut <= 0) return 0;
  if (base + n + 1 >= 0x7fffffff) {
    htab.fill(0);
    base = 1;
  }
  const b0 = base;
  base += n + 1;
  let op = 1; // out[0] is the first literal run's control byte
  let lit = 0;
  let ip = 0;
  while (ip < n - 2) {
    const h = Math.imul((src[ip]! << 16) | (src[ip + 1]! << 8) | src[ip + 2]!, 0x9e3779b1);
    const slot = (h >>> (32 - HLOG)) & (HSIZE - 1);
    const stored = htab[slot]!;
    const ref = stored >= b0 ? stored - b0 : -1;
    htab[slot] = ip + b0;
    const off = ip - ref - 1;
    if (ref >= 0 && off < MAX_OFF && src[ref] === src[ip] && src[ref + 1] === src[ip + 1] && src[ref + 2] === src[ip + 2]) {
      let len = 3;
      const maxLen = Math.min(MAX_REF, n - ip);
      while (len < maxLen && src[ref + len] === src[ip + len]) len++;
      // Close the current literal run.
      if (lit > 0) out[op - lit - 1] = lit - 1;
      else op--; // no literal run: drop its reserved control byte
      const l = len - 2;
      if (op + 3 + 1 > maxOut) return 0;
      if (l < 7) {
        out[op++] = (off >> 8) + (l << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = l - 7;
      }
      out[op++] = off & 0xff;
      // Hash the positions inside the match so later data can refer into it.
      for (let k = ip + 1; k < ip + len && k < n - 2; k++) {
        const hh = Math.imul((src[k]! << 16) | (src[k + 1]! << 8) | src[k + 2]!, 0x9e3779b1);
        htab[(hh >>> (32 - HLOG)) & (HSIZE - 1)] = k + b0;
      }
      ip += len;
      lit = 0;
      op++; // reserve the next literal run's control byte
      continue;
    }
    if (op + 1 > maxOut) return 0;
    out[op++] = src[ip++]!;
    if (++lit === MAX_LIT) {
      out[op - lit - 1] = MAX_LIT - 1;
      lit = 0;
      op++;
    }
  }
  while (ip < n) {
    if (op + 1 > maxOut) return 0;
    out[op++] = src[ip++]!;
    if (++lit === MAX_LIT) {
      out[op - lit - 1] = MAX_LIT - 1;
      lit = 0;
      op++;
    }
  }
  if (lit > 0) out[op - lit - 1] = lit - 1;
  else op--;
  if (op > maxOut || op <= 0) return 0;
  return op;
}

/**
 * Decompresses src[start, end) into out[0, outLen). Returns false on a corrupt stream.
 */
export function lzfDecompressInto(src: Uint8Array, start: number, end: number, out: Uint8Array, outLen: number): boolean {
  let ip = start;
  let op = 0;
  while (ip < end) {
    const ctrl = src[ip++]!;
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (op + len > outLen || ip + len > end) return false;
      for (let k = 0; k < len; k++) out[op++] = src[ip++]!;
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= end) return false;
        len += src[ip++]!;
      }
      if (ip >= end) return false;
      const ref = op - ((ctrl & 0x1f) << 8) - src[ip++]! - 1;
      len += 2;
      if (ref < 0 || op + len > outLen) return false;
      for (let k = 0; k < len; k++) out[op++] = out[ref + k]!;
    }
  }
  return op === outLen;
}

/**
 * Decompresses an LZF stream into exactly `outLen` bytes. Returns null on a corrupt stream (a
 * reference before the start, a run past either end, or a length mismatch).
 */
export function lzfDecompress(src: Uint8Array, outLen: number): Buffer | null {
  const out = Buffer.allocUnsafe(outLen);
  return lzfDecompressInto(src, 0, src.length, out, outLen) ? out : null;
}
