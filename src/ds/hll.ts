/**
 * ds/hll.ts — HyperLogLog sketches in Redis's exact byte format (hyperloglog.c), so that a value
 * written here reads back byte for byte like one written by Redis 7.0 and vice versa.
 *
 * Layout (16-byte header, then registers):
 *   "HYLL" | encoding (0 dense, 1 sparse) | 3 zero bytes | cached cardinality, 8 bytes LE
 *   (bit 7 of the last byte set = cache invalid) | registers.
 * Dense: 16384 registers of 6 bits packed LSB first (12288 bytes). Sparse: run-length opcodes
 *   00xxxxxx ZERO (1..64 zero registers), 01xxxxxx yyyyyyyy XZERO (1..16384 zero registers),
 *   1vvvvvxx VAL (1..4 registers of value 1..32).
 * Each element is hashed with MurmurHash64A (seed 0xadc83b19); the low 14 bits choose the
 * register, the run of zeros in the rest (+1) is the candidate value. The cardinality estimator
 * is Ertl's "improved raw estimator" over the register histogram (what 7.0 uses).
 *
 * An HllImage is a mutable copy of the value (a Buffer with spare capacity, as sds has), edited
 * in place exactly where Redis edits the sds; the command layer turns it back into a latin1
 * string. Pure data structure: imports nothing from the server.
 */

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
const HLL_P_MASK = HLL_REGISTERS - 1;
export const HLL_BITS = 6;
const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * HLL_BITS + 7) >> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_MAX_ENCODING = 1;

const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;
/** 0.5/ln(2): the estimator's alpha for m → ∞. */
const HLL_ALPHA_INF = 0.72134752044448170368;

// ---------------------------------------------------------------------------------------------
// MurmurHash64A on 32-bit halves (no BigInt on the hot path)
// ---------------------------------------------------------------------------------------------

/** Result of the last mul64/hash: high and low 32-bit words (unsigned). */
let rh = 0;
let rl = 0;

/** (ah:al) * (bh:bl) mod 2^64 into rh:rl. */
function mul64(ah: number, al: number, bh: number, bl: number): void {
  // Low word: imul is the product mod 2^32. High word: the high half of al*bl (from 16-bit
  // limbs, all intermediate values exact in doubles) plus the cross terms mod 2^32.
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const t = a0 * b0;
  const w1 = a1 * b0 + (t >>> 16);
  const w2 = a0 * b1 + (w1 & 0xffff);
  const hi = a1 * b1 + ((w1 / 65536) | 0) + ((w2 / 65536) | 0);
  rl = Math.imul(al, bl) >>> 0;
  rh = (hi + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

const M_H = 0xc6a4a793;
const M_L = 0x5bd1e995;
const HLL_SEED = 0xadc83b19;

/** MurmurHash64A(s, seed 0xadc83b19) of a latin1 string, result in rh:rl. */
function murmur64a(s: string): void {
  const len = s.length;
  // h = seed ^ (len * m)
  mul64(0, len, M_H, M_L);
  let hh = rh;
  let hl = (rl ^ HLL_SEED) >>> 0;
  const nblocks = len - (len & 7);
  let i = 0;
  for (; i < nblocks; i += 8) {
    let kl =
      (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    let kh =
      (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mul64(kh, kl, M_H, M_L);
    kh = rh;
    kl = rl;
    // k ^= k >> 47
    kl = (kl ^ (kh >>> 15)) >>> 0;
    mul64(kh, kl, M_H, M_L);
    hh = (hh ^ rh) >>> 0;
    hl = (hl ^ rl) >>> 0;
    mul64(hh, hl, M_H, M_L);
    hh = rh;
    hl = rl;
  }
  const rem = len & 7;
  if (rem !== 0) {
    // Tail bytes go to bit positions 8*j of h.
    for (let j = rem - 1; j >= 0; j--) {
      const b = s.charCodeAt(i + j);
      if (j < 4) hl = (hl ^ (b << (8 * j))) >>> 0;
      else hh = (hh ^ (b << (8 * (j - 4)))) >>> 0;
    }
    mul64(hh, hl, M_H, M_L);
    hh = rh;
    hl = rl;
  }
  hl = (hl ^ (hh >>> 15)) >>> 0;
  mul64(hh, hl, M_H, M_L);
  hh = rh;
  hl = rl;
  hl = (hl ^ (hh >>> 15)) >>> 0;
  rh = hh;
  rl = hl;
}

/** MurmurHash64A(s, seed 0xadc83b19) as a bigint (tests). */
export function murmurHash64A(s: string): bigint {
  murmur64a(s);
  return (BigInt(rh) << 32n) | BigInt(rl);
}

/** Register chosen by the last hllPatLen call. */
export let patIndex = 0;

/**
 * hllPatLen: hashes ele, sets `patIndex` to its register (low 14 bits) and returns the length
 * of the 00..1 pattern in the remaining 50 bits (1..51).
 */
export function hllPatLen(ele: string): number {
  murmur64a(ele);
  patIndex = rl & HLL_P_MASK;
  const low = rl >>> HLL_P; // bits 14..31: 18 bits
  if (low !== 0) return 32 - Math.clz32(low & -low);
  if (rh !== 0) return 18 + 32 - Math.clz32(rh & -rh);
  return HLL_Q + 1;
}

/** hllPatLen of the 8-byte little-endian element lo:hi (PFSELFTEST's integers), without a string. */
export function hllPatLen8(lo: number, hi: number): number {
  mul64(0, 8, M_H, M_L);
  let hh = rh;
  let hl = (rl ^ HLL_SEED) >>> 0;
  mul64(hi >>> 0, lo >>> 0, M_H, M_L);
  let kh = rh;
  let kl = rl;
  kl = (kl ^ (kh >>> 15)) >>> 0;
  mul64(kh, kl, M_H, M_L);
  kh = rh;
  kl = rl;
  hh = (hh ^ kh) >>> 0;
  hl = (hl ^ kl) >>> 0;
  mul64(hh, hl, M_H, M_L);
  hh = rh;
  hl = rl;
  hl = (hl ^ (hh >>> 15)) >>> 0;
  mul64(hh, hl, M_H, M_L);
  hh = rh;
  hl = rl;
  hl = (hl ^ (hh >>> 15)) >>> 0;
  rh = hh;
  rl = hl;
  patIndex = rl & HLL_P_MASK;
  const low = rl >>> HLL_P;
  if (low !== 0) return 32 - Math.clz32(low & -low);
  if (rh !== 0) return 18 + 32 - Math.clz32(rh & -rh);
  return HLL_Q + 1;
}

// ---------------------------------------------------------------------------------------------
// Dense registers
// ---------------------------------------------------------------------------------------------

/** Register i of the dense array starting at byte `off` (the byte after the array must exist or read 0). */
export function denseGet(b: Uint8Array, off: number, i: number): number {
  const bit = i * 6;
  const byte = off + (bit >>> 3);
  const fb = bit & 7;
  const b1 = byte + 1 < b.length ? b[byte + 1]! : 0;
  return ((b[byte]! >>> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}

/** Sets register i (the buffer needs one byte past the array when i is the last register). */
export function denseSetReg(b: Uint8Array, off: number, i: number, v: number): void {
  const bit = i * 6;
  const byte = off + (bit >>> 3);
  const fb = bit & 7;
  const fb8 = 8 - fb;
  b[byte] = (b[byte]! & ~(HLL_REGISTER_MAX << fb)) | (v << fb);
  if (byte + 1 < b.length) b[byte + 1] = (b[byte + 1]! & ~(HLL_REGISTER_MAX >>> fb8)) | (v >>> fb8);
}

/** hllDenseSet: raises register i to v when v is larger; returns 1 when it changed. */
export function denseSet(b: Uint8Array, off: number, i: number, v: number): number {
  if (v > denseGet(b, off, i)) {
    denseSetReg(b, off, i, v);
    return 1;
  }
  return 0;
}

/** Register histogram of a dense array (counts per value 0..63) into `h`. */
export function denseHisto(b: Uint8Array, off: number, h: Int32Array): void {
  let p = off;
  for (let j = 0; j < HLL_REGISTERS / 4; j++) {
    const x = b[p]!;
    const y = b[p + 1]!;
    const z = b[p + 2]!;
    h[x & 63]!++;
    h[((x >>> 6) | (y << 2)) & 63]!++;
    h[((y >>> 4) | (z << 4)) & 63]!++;
    h[z >>> 2]!++;
    p += 3;
  }
}

/** max[i] = MAX(max[i], register i) over a dense array. */
function denseMergeInto(max: Uint8Array, b: Uint8Array, off: number): void {
  let p = off;
  for (let i = 0; i < HLL_REGISTERS; i += 4) {
    const x = b[p]!;
    const y = b[p + 1]!;
    const z = b[p + 2]!;
    const r0 = x & 63;
    const r1 = ((x >>> 6) | (y << 2)) & 63;
    const r2 = ((y >>> 4) | (z << 4)) & 63;
    const r3 = z >>> 2;
    if (r0 > max[i]!) max[i] = r0;
    if (r1 > max[i + 1]!) max[i + 1] = r1;
    if (r2 > max[i + 2]!) max[i + 2] = r2;
    if (r3 > max[i + 3]!) max[i + 3] = r3;
    p += 3;
  }
}

// ---------------------------------------------------------------------------------------------
// The mutable image
// ---------------------------------------------------------------------------------------------

/** A mutable HLL value: bytes [0, len) of buf (buf may be longer: spare room, as sds). */
export class HllImage {
  constructor(
    public buf: Buffer,
    public len: number,
  ) {}

  /** A copy of the latin1 string value with a few spare bytes. */
  static fromString(s: string): HllImage {
    // No spare room: sparse updates grow the buffer on demand (reserve), dense ones never do.
    return new HllImage(Buffer.from(s, 'latin1'), s.length);
  }

  /** createHLLObject: an empty sparse HLL (one XZERO opcode covering all registers). */
  static createSparse(): HllImage {
    const len = HLL_HDR_SIZE + Math.ceil(HLL_REGISTERS / SPARSE_XZERO_MAX_LEN) * 2;
    const buf = Buffer.alloc(len + 8);
    buf.write('HYLL', 0, 'latin1');
    buf[4] = HLL_SPARSE;
    let p = HLL_HDR_SIZE;
    let aux = HLL_REGISTERS;
    while (aux > 0) {
      const x = Math.min(SPARSE_XZERO_MAX_LEN, aux);
      buf[p] = ((x - 1) >>> 8) | 0x40;
      buf[p + 1] = (x - 1) & 0xff;
      p += 2;
      aux -= x;
    }
    return new HllImage(buf, len);
  }

  get encoding(): number {
    return this.buf[4]!;
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.len);
  }

  /** HLL_INVALIDATE_CACHE. */
  invalidateCache(): void {
    this.buf[15] = this.buf[15]! | 0x80;
  }

  /** HLL_VALID_CACHE. */
  validCache(): boolean {
    return (this.buf[15]! & 0x80) === 0;
  }

  /** The cached cardinality (valid cache only; exact below 2^53). */
  cachedCard(): number {
    let v = 0;
    for (let i = 7; i >= 0; i--) v = v * 256 + this.buf[8 + i]!;
    return v;
  }

  setCachedCard(card: number): void {
    let v = card;
    for (let i = 0; i < 8; i++) {
      this.buf[8 + i] = v % 256;
      v = Math.floor(v / 256);
    }
  }

  /** Makes room for n more bytes after len. */
  private reserve(n: number): void {
    if (this.len + n + 1 <= this.buf.length) return;
    const nb = Buffer.alloc(Math.max(this.len + n + 1, this.buf.length * 2));
    this.buf.copy(nb, 0, 0, this.len);
    this.buf = nb;
  }

  /**
   * hllSparseToDense: converts a sparse image to dense in place (no-op when dense). Returns
   * false, leaving the image unchanged, when the sparse opcodes don't cover exactly 16384
   * registers.
   */
  toDense(): boolean {
    if (this.encoding === HLL_DENSE) return true;
    const src = this.buf;
    const dense = Buffer.alloc(HLL_DENSE_SIZE + 1);
    src.copy(dense, 0, 0, HLL_HDR_SIZE);
    dense[4] = HLL_DENSE;
    const ok = forEachSparseRun(src, HLL_HDR_SIZE, this.len, (idx, n, val) => {
      if (val !== 0) for (let k = 0; k < n; k++) denseSetReg(dense, HLL_HDR_SIZE, idx + k, val);
    });
    if (!ok) return false;
    this.buf = dense;
    this.len = HLL_DENSE_SIZE;
    return true;
  }

  /**
   * hllSparseSet: raises register `index` to `count` in a sparse image, splitting and merging
   * opcodes like Redis does, or promoting to dense when the value doesn't fit a VAL opcode or
   * the value would grow past `maxBytes`. Returns 1 (changed), 0 (unchanged) or -1 (corrupt).
   */
  sparseSet(index: number, count: number, maxBytes: number): number {
    if (count > SPARSE_VAL_MAX_VALUE) return this.promote(index, count);
    this.reserve(3);
    let b = this.buf;
    const sparse = HLL_HDR_SIZE;
    let p = sparse;
    let end = this.len;
    let first = 0;
    let prev = -1;
    let span = 0;
    while (p < end) {
      const op = b[p]!;
      let oplen = 1;
      if ((op & 0xc0) === 0) span = (op & 0x3f) + 1;
      else if (op & 0x80) span = (op & 3) + 1;
      else {
        span = (((op & 0x3f) << 8) | b[p + 1]!) + 1;
        oplen = 2;
      }
      if (index <= first + span - 1) break;
      prev = p;
      p += oplen;
      first += span;
    }
    if (span === 0 || p >= end) return -1;
    const op = b[p]!;
    const isXzero = (op & 0xc0) === 0x40;
    const isZero = (op & 0xc0) === 0;
    const isVal = !isXzero && !isZero;
    let next = isXzero ? p + 2 : p + 1;
    if (next >= end) next = -1;
    const runlen = isZero ? (op & 0x3f) + 1 : isXzero ? (((op & 0x3f) << 8) | b[p + 1]!) + 1 : (op & 3) + 1;

    let simple = false;
    if (isVal) {
      const old = ((op >>> 2) & 0x1f) + 1;
      if (old >= count) return 0;
      if (runlen === 1) {
        b[p] = valOp(count, 1);
        simple = true;
      }
    }
    if (!simple && isZero && runlen === 1) {
      b[p] = valOp(count, 1);
      simple = true;
    }
    if (!simple) {
      // Split the opcode into up to three (ZERO/XZERO or VAL) around the new VAL.
      const seq: number[] = [];
      const last = first + span - 1;
      if (isZero || isXzero) {
        if (index !== first) pushZeros(seq, index - first);
        seq.push(valOp(count, 1));
        if (index !== last) pushZeros(seq, last - index);
      } else {
        const curval = ((op >>> 2) & 0x1f) + 1;
        if (index !== first) seq.push(valOp(curval, index - first));
        seq.push(valOp(count, 1));
        if (index !== last) seq.push(valOp(curval, last - index));
      }
      const oldlen = isXzero ? 2 : 1;
      const delta = seq.length - oldlen;
      if (delta > 0 && this.len + delta > maxBytes) return this.promote(index, count);
      if (delta !== 0 && next !== -1) b.copyWithin(next + delta, next, end);
      this.len += delta;
      for (let j = 0; j < seq.length; j++) b[p + j] = seq[j]!;
      end += delta;
      b = this.buf;
    }
    // Merge adjacent VAL opcodes with equal values, scanning up to 5 opcodes from prev.
    p = prev >= 0 ? prev : sparse;
    let scan = 5;
    while (p < end && scan-- > 0) {
      const o = b[p]!;
      if ((o & 0xc0) === 0x40) {
        p += 2;
        continue;
      } else if ((o & 0xc0) === 0) {
        p++;
        continue;
      }
      if (p + 1 < end && b[p + 1]! & 0x80) {
        const o2 = b[p + 1]!;
        const v1 = ((o >>> 2) & 0x1f) + 1;
        const v2 = ((o2 >>> 2) & 0x1f) + 1;
        if (v1 === v2) {
          const len = (o & 3) + 1 + (o2 & 3) + 1;
          if (len <= SPARSE_VAL_MAX_LEN) {
            b[p + 1] = valOp(v1, len);
            b.copyWithin(p, p + 1, end);
            this.len--;
            end--;
            b[end] = 0;
            continue;
          }
        }
      }
      p++;
    }
    this.invalidateCache();
    return 1;
  }

  private promote(index: number, count: number): number {
    if (!this.toDense()) return -1;
    denseSet(this.buf, HLL_HDR_SIZE, index, count);
    return 1;
  }

  /** hllAdd: adds one element. Returns 1 (a register changed), 0, or -1 (corrupt / bad encoding). */
  add(ele: string, maxBytes: number): number {
    const count = hllPatLen(ele);
    const enc = this.encoding;
    if (enc === HLL_DENSE) return denseSet(this.buf, HLL_HDR_SIZE, patIndex, count);
    if (enc === HLL_SPARSE) return this.sparseSet(patIndex, count, maxBytes);
    return -1;
  }

  /** Sets register index to at least count in either encoding (PFMERGE's write-back). */
  setAtLeast(index: number, count: number, maxBytes: number): number {
    if (this.encoding === HLL_DENSE) return denseSet(this.buf, HLL_HDR_SIZE, index, count);
    return this.sparseSet(index, count, maxBytes);
  }

  /** hllCount: the estimate, or -1 when a sparse image is corrupt. */
  count(): number {
    const h = new Int32Array(64);
    if (this.encoding === HLL_DENSE) denseHisto(this.buf, HLL_HDR_SIZE, h);
    else if (!sparseHisto(this.buf, HLL_HDR_SIZE, this.len, h)) return -1;
    return hllEstimate(h);
  }

  /** Register i (dense or sparse), for PFDEBUG GETREG on a dense image. */
  getRegister(i: number): number {
    return denseGet(this.buf, HLL_HDR_SIZE, i);
  }

  /** PFDEBUG DECODE text of a sparse image ("z:N", "Z:N", "v:V,N" separated by spaces). */
  decode(): string {
    const parts: string[] = [];
    const b = this.buf;
    let p = HLL_HDR_SIZE;
    while (p < this.len) {
      const op = b[p]!;
      if ((op & 0xc0) === 0) {
        parts.push(`z:${(op & 0x3f) + 1}`);
        p++;
      } else if ((op & 0xc0) === 0x40) {
        parts.push(`Z:${(((op & 0x3f) << 8) | (p + 1 < b.length ? b[p + 1]! : 0)) + 1}`);
        p += 2;
      } else {
        parts.push(`v:${((op >>> 2) & 0x1f) + 1},${(op & 3) + 1}`);
        p++;
      }
    }
    return parts.join(' ');
  }
}

function valOp(val: number, len: number): number {
  return (((val - 1) << 2) | (len - 1) | 0x80) & 0xff;
}

function pushZeros(seq: number[], len: number): void {
  if (len > SPARSE_ZERO_MAX_LEN) {
    seq.push((((len - 1) >>> 8) | 0x40) & 0xff, (len - 1) & 0xff);
  } else {
    seq.push(len - 1);
  }
}

/**
 * Walks the sparse opcodes in b[start, end), calling `run(idx, n, val)` for each run of n
 * registers from idx holding val (0 for ZERO and XZERO). False when an opcode runs past the last
 * register (the bounds checks of the CVE-2025-32023 fix, which the reference server carries) or
 * the runs don't cover exactly 16384 registers.
 */
function forEachSparseRun(b: Uint8Array, start: number, end: number, run: (idx: number, n: number, val: number) => void): boolean {
  let idx = 0;
  let p = start;
  while (p < end) {
    const op = b[p]!;
    let n: number;
    let val = 0;
    if ((op & 0xc0) === 0) {
      n = (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      n = (((op & 0x3f) << 8) | (p + 1 < b.length ? b[p + 1]! : 0)) + 1;
      p += 2;
    } else {
      n = (op & 3) + 1;
      val = ((op >>> 2) & 0x1f) + 1;
      p++;
    }
    if (idx + n > HLL_REGISTERS) return false;
    run(idx, n, val);
    idx += n;
  }
  return idx === HLL_REGISTERS;
}

/** Register histogram of sparse opcodes in b[start, end); false when they don't cover 16384 registers. */
export function sparseHisto(b: Uint8Array, start: number, end: number, h: Int32Array): boolean {
  return forEachSparseRun(b, start, end, (_idx, n, val) => {
    h[val]! += n;
  });
}

/** Histogram of a raw register array (one byte per register; PFCOUNT of several keys). */
export function rawHisto(max: Uint8Array, h: Int32Array): void {
  // Four partial histograms: neighbouring registers mostly hold the same value, and a single
  // histogram would make each increment wait for the previous one to the same counter.
  const p = RAW_HISTO_PARTS;
  p.fill(0);
  for (let i = 0; i < HLL_REGISTERS; i += 4) {
    p[max[i]! & 63]!++;
    p[64 + (max[i + 1]! & 63)]!++;
    p[128 + (max[i + 2]! & 63)]!++;
    p[192 + (max[i + 3]! & 63)]!++;
  }
  for (let v = 0; v < 64; v++) h[v] = h[v]! + p[v]! + p[64 + v]! + p[128 + v]! + p[192 + v]!;
}

const RAW_HISTO_PARTS = new Int32Array(256);

/**
 * hllMerge: max[i] = MAX(max[i], register i of the HLL value s). The header must already be
 * validated. Returns false when a sparse value is corrupt (max is then partially updated).
 */
export function hllMerge(max: Uint8Array, b: Uint8Array, len: number): boolean {
  if (b[4] === HLL_DENSE) {
    denseMergeInto(max, b, HLL_HDR_SIZE);
    return true;
  }
  return forEachSparseRun(b, HLL_HDR_SIZE, len, (idx, n, val) => {
    if (val !== 0) for (let k = idx; k < idx + n; k++) if (val > max[k]!) max[k] = val;
  });
}

/** Ertl's sigma(x). */
function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** Ertl's tau(x). */
function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** The cardinality estimate from a register histogram (64 buckets), same float steps as Redis. */
export function hllEstimate(h: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * hllTau((m - h[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += h[j]!;
    z *= 0.5;
  }
  z += m * hllSigma(h[0]! / m);
  // llroundl: halves away from zero (the value is never negative).
  const e = (HLL_ALPHA_INF * m * m) / z;
  return Math.round(e);
}

/**
 * isHLLObjectOrReply's checks on a string value: at least a header, "HYLL" magic, a known
 * encoding, and the exact length for dense.
 */
export function isValidHllString(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const enc = s.charCodeAt(4);
  if (enc > HLL_MAX_ENCODING) return false;
  if (enc === HLL_DENSE && s.length !== HLL_DENSE_SIZE) return false;
  return true;
}
