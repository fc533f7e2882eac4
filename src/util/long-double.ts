/**
 * util/long-double.ts — exact emulation of the x86 80-bit `long double` arithmetic that
 * INCRBYFLOAT (and HINCRBYFLOAT) use in Redis: string2ld (strtold with Redis's extra rules),
 * one addition rounded to a 64-bit mantissa, and ld2string(LD_STR_HUMAN) ("%.17Lf" with the
 * trailing zeros removed). Doubles cannot reproduce these replies: 5000 + 0.0015 prints
 * "5000.00150000000000006" in Redis.
 *
 * Values are kept as sign, 64-bit mantissa and binary exponent (bigint arithmetic, exact);
 * rounding is to nearest, ties to even, as the x87 unit does by default.
 * Pure: imports nothing from the server.
 */

/** A finite long double: (-1)^neg * mant * 2^exp, with mant < 2^64 (0 for zero). */
export interface LongDouble {
  neg: boolean;
  mant: bigint;
  exp: number;
  /** True for ±infinity (mant and exp are then meaningless). */
  inf: boolean;
}

const MANT_BITS = 64;
const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;
/** Smallest exponent of the mantissa LSB (denormals): 2^-16382 is the smallest normal, 2^-16445 the smallest denormal. */
const EXP_MIN = -16445;
/** Largest exponent of the mantissa LSB for a finite value (max ~1.19e4932). */
const EXP_MAX = 16384 - MANT_BITS;
/** Redis refuses longer inputs (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024;

const ZERO: LongDouble = { neg: false, mant: 0n, exp: 0, inf: false };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * Rounds num/den * 2^e2 (num >= 0, den > 0) to the nearest long double (ties to even),
 * denormals and overflow to infinity included.
 */
function roundTo(neg: boolean, num: bigint, den: bigint, e2: number): LongDouble {
  if (num === 0n) return { neg, mant: 0n, exp: 0, inf: false };
  // Choose the exponent so that the quotient has exactly 64 bits.
  let e = bitLength(num) - bitLength(den) + e2 - MANT_BITS;
  let q: bigint;
  let r: bigint;
  let d: bigint;
  for (;;) {
    if (e < EXP_MIN) e = EXP_MIN;
    const shift = e2 - e;
    let n = num;
    d = den;
    if (shift >= 0) n <<= BigInt(shift);
    else d <<= BigInt(-shift);
    q = n / d;
    r = n - q * d;
    if (q >= TWO64) {
      e++;
      continue;
    }
    if (q < TWO63 && e > EXP_MIN) {
      e--;
      continue;
    }
    break;
  }
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) {
    q += 1n;
    if (q === TWO64) {
      q = TWO63;
      e++;
    }
  }
  if (e > EXP_MAX) return { neg, mant: 0n, exp: 0, inf: true };
  return { neg, mant: q, exp: e, inf: false };
}

const DEC_RE = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/**
 * string2ld: the long double strtold reads from s, refusing what Redis refuses: empty or
 * 5k+ input, leading space, trailing garbage (a NUL byte included), NaN, overflow to
 * infinity, and underflow to zero. "inf" / "infinity" (any case, signed) are accepted.
 */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_CHARS) return null;
  let m = DEC_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    let exp10 = m[5] !== undefined ? Number(m[5]) : 0;
    let digits = (intPart + frac).replace(/^0+/, '');
    if (digits === '') return { neg, mant: 0n, exp: 0, inf: false };
    exp10 -= frac.length;
    // Trailing zeros only scale the exponent.
    const tz = digits.length - digits.replace(/0+$/, '').length;
    if (tz > 0) {
      digits = digits.slice(0, digits.length - tz);
      exp10 += tz;
    }
    const magnitude = exp10 + digits.length; // value is in [10^(magnitude-1), 10^magnitude)
    if (magnitude > 4934) return null; // overflow (ERANGE, HUGE_VAL)
    if (magnitude < -4952) return null; // underflow to zero (ERANGE)
    const D = BigInt(digits);
    const v = exp10 >= 0 ? roundTo(neg, D * 10n ** BigInt(exp10), 1n, 0) : roundTo(neg, D, 10n ** BigInt(-exp10), 0);
    if (v.inf || v.mant === 0n) return null;
    return v;
  }
  m = HEX_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    const hex = (intPart + frac).replace(/^0+/, '');
    if (hex === '') return { neg, mant: 0n, exp: 0, inf: false };
    const p = m[5] !== undefined ? Number(m[5]) : 0;
    const e2 = p - 4 * frac.length;
    if (e2 + 4 * hex.length > 16400) return null;
    if (e2 + 4 * hex.length < -16500) return null;
    const v = roundTo(neg, BigInt('0x' + hex), 1n, e2);
    if (v.inf || v.mant === 0n) return null;
    return v;
  }
  m = INF_RE.exec(s);
  if (m !== null) return { neg: m[1] === '-', mant: 0n, exp: 0, inf: true };
  return null;
}

/** a + b rounded to a long double. Returns null for NaN (inf + -inf). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return null;
    return { neg: a.inf ? a.neg : b.neg, mant: 0n, exp: 0, inf: true };
  }
  if (a.mant === 0n) return b.mant === 0n ? { ...ZERO, neg: a.neg && b.neg } : b;
  if (b.mant === 0n) return a;
  const e0 = Math.min(a.exp, b.exp);
  const va = a.mant << BigInt(a.exp - e0);
  const vb = b.mant << BigInt(b.exp - e0);
  const sum = (a.neg ? -va : va) + (b.neg ? -vb : vb);
  if (sum === 0n) return ZERO;
  const neg = sum < 0n;
  return roundTo(neg, neg ? -sum : sum, 1n, e0);
}

/** True for infinities (what INCRBYFLOAT refuses, with NaN). */
export function isInfinite(v: LongDouble): boolean {
  return v.inf;
}

/**
 * ld2string(LD_STR_HUMAN): "%.17Lf" of the exact binary value (rounded half to even at the
 * 17th decimal, as glibc does), then trailing zeros and a bare '.' removed; "-0" becomes "0".
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  const SCALE = 10n ** 17n;
  let q: bigint;
  if (v.exp >= 0) {
    q = (v.mant << BigInt(v.exp)) * SCALE;
  } else {
    const num = v.mant * SCALE;
    const sh = BigInt(-v.exp);
    q = num >> sh;
    const r = num - (q << sh);
    const half = 1n << (sh - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
  }
  let digits = q.toString();
  if (digits.length < 18) digits = '0'.repeat(18 - digits.length) + digits;
  const intPart = digits.slice(0, digits.length - 17);
  const frac = digits.slice(digits.length - 17).replace(/0+$/, '');
  let out = frac.length > 0 ? `${intPart}.${frac}` : intPart;
  if (v.neg && out !== '0') out = '-' + out;
  return out;
}

/**
 * What INCRBYFLOAT computes: the current text (undefined = 0) plus the increment text.
 * Returns the new text, 'value' or 'incr' when that operand is not a valid float, or 'nan'
 * when the result is NaN or infinite.
 */
export function incrByFloatText(current: string | undefined, incr: string): string | 'value' | 'incr' | 'nan' {
  const a = current === undefined ? ZERO : parseLongDouble(current);
  if (a === null) return 'value';
  const b = parseLongDouble(incr);
  if (b === null) return 'incr';
  const sum = addLongDouble(a, b);
  if (sum === null || sum.inf) return 'nan';
  return formatLongDoubleHuman(sum);
}
