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
const htab = new Int32Array(HSIZE);

/**
 * Compresses src into at most `maxOut` bytes. Returns the compressed bytes, or null when the
 * output would not fit (the caller then stores the string uncompressed, as lzf_compress's 0).
 */
export function lzfCompress(src: Uint8Array, maxOut: number): Buffer | null {
  const n = src.length;
  if (n < 4 || maxOut <= 0) return null;
  const out = Buffer.allocUnsafe(maxOut + MAX_LIT + 2);
  htab.fill(-1);
  let op = 1; // out[0] is the first literal run's control byte
  let lit = 0;
  let ip = 0;
  while (ip < n - 2) {
    const h = Math.imul((src[ip]! << 16) | (src[ip + 1]! << 8) | src[ip + 2]!, 0x9e3779b1);
    const slot = (h >>> (32 - HLOG)) & (HSIZE - 1);
    const ref = htab[slot]!;
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (ref >= 0 && off < MAX_OFF && src[ref] === src[ip] && src[ref + 1] === src[ip + 1] && src[ref + 2] === src[ip + 2]) {
      let len = 3;
      const maxLen = Math.min(MAX_REF, n - ip);
      while (len < maxLen && src[ref + len] === src[ip + len]) len++;
      // Close the current literal run.
      if (lit > 0) out[op - lit - 1] = lit - 1;
      else op--; // no literal run: drop its reserved control byte
      const l = len - 2;
      if (op + 3 + 1 > maxOut) return null;
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
        htab[(hh >>> (32 - HLOG)) & (HSIZE - 1)] = k;
      }
      ip += len;
      lit = 0;
      op++; // reserve the next literal run's control byte
      continue;
    }
    if (op + 1 > maxOut) return null;
    out[op++] = src[ip++]!;
    if (++lit === MAX_LIT) {
      out[op - lit - 1] = MAX_LIT - 1;
      lit = 0;
      op++;
    }
  }
  while (ip < n) {
    if (op + 1 > maxOut) return null;
    out[op++] = src[ip++]!;
    if (++lit === MAX_LIT) {
      out[op - lit - 1] = MAX_LIT - 1;
      lit = 0;
      op++;
    }
  }
  if (lit > 0) out[op - lit - 1] = lit - 1;
  else op--;
  if (op > maxOut || op <= 0) return null;
  return out.subarray(0, op);
}

/**
 * Decompresses an LZF stream into exactly `outLen` bytes. Returns null on a corrupt stream (a
 * reference before the start, a run past either end, or a length mismatch).
 */
export function lzfDecompress(src: Uint8Array, outLen: number): Buffer | null {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  const n = src.length;
  while (ip < n) {
    const ctrl = src[ip++]!;
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (op + len > outLen || ip + len > n) return null;
      for (let k = 0; k < len; k++) out[op++] = src[ip++]!;
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= n) return null;
        len += src[ip++]!;
      }
      if (ip >= n) return null;
      const ref = op - ((ctrl & 0x1f) << 8) - src[ip++]! - 1;
      len += 2;
      if (ref < 0 || op + len > outLen) return null;
      for (let k = 0; k < len; k++) out[op++] = out[ref + k]!;
    }
  }
  return op === outLen ? out : null;
}
