/**
 * util/numbers.ts — Redis's number parsing and formatting rules (util.c: string2ll, string2d,
 * string2ld, d2string, ld2string, and addReplyDouble's "%.17g"). Every function here is pinned by a
 * differential test, because clients see these bytes.
 * Pure: imports nothing from the server.
 */

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;
export const LONG_MAX_NUM = 9223372036854775807; // as a double (rounds to 2^63)

/**
 * string2ll: a strict base-10 int64. No spaces, no '+', no leading zeros (except "0" itself),
 * at most 20 characters. Returns a JS number (exact below 2^53), or null when the text is not a
 * valid int64. Use parseInt64Big when exactness above 2^53 matters.
 */
export function parseInt64(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (n === 1 && c === 48) return 0;
  if (c === 45) {
    if (n === 1) return null;
    neg = true;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return null; // first digit 1-9
  if (n - i <= 15) {
    let v = 0;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      v = v * 10 + (c - 48);
    }
    return neg ? -v : v;
  }
  for (let j = i; j < n; j++) {
    c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const b = BigInt(s);
  if (b > INT64_MAX || b < INT64_MIN) return null;
  return Number(b);
}

/** Like parseInt64 but exact over the whole int64 range. */
export function parseInt64Big(s: string): bigint | null {
  const v = parseInt64(s);
  if (v === null) return null;
  if (Number.isSafeInteger(v)) return BigInt(v);
  return BigInt(s);
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF_RE = /^[+-]?(?:inf|infinity)$/i;

/**
 * string2d / string2ld: a double as strtod reads it, with Redis's extra rules: no leading space,
 * the whole string consumed, no NaN, and overflow (±HUGE_VAL) or underflow to zero refused.
 * "inf", "+inf", "-inf" (any case, also "infinity") are accepted. Returns null when invalid.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || s.length > 5000) return null;
  if (FLOAT_RE.test(s)) {
    const d = Number(s);
    if (!Number.isFinite(d)) return null; // ERANGE overflow
    if (d === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return null; // ERANGE underflow
    return d;
  }
  if (INF_RE.test(s)) return s.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (/^[+-]?0[xX]/.test(s)) return parseHexFloat(s);
  return null;
}

/** strtod also reads C99 hex floats such as 0x1p-3; rare, but Redis accepts them. */
function parseHexFloat(s: string): number | null {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  let v = parseInt((m[2] || '0') + frac, 16);
  v *= Math.pow(2, -4 * frac.length + (m[4] ? parseInt(m[4], 10) : 0));
  if (!Number.isFinite(v)) return null;
  return m[1] === '-' ? -v : v;
}

/**
 * printf("%.17g", d) for finite d, "inf"/"-inf" for infinities (addReplyDouble).
 *
 * %.17g rounds the exact value to 17 significant digits (ties to even, as glibc does), prints
 * fixed notation when the rounded decimal exponent is in [-4, 16] and exponential notation
 * otherwise, then drops trailing zeros. Fast paths: a safe integer (|d| < 2^53 < 1e17) prints as
 * its digits, which is what String gives; otherwise toPrecision(17) rounds the same way except on
 * exact ties (it rounds them up, see fixTie) and uses fixed notation for exponents in [-6, 16], so
 * its output is used when it has no exponent and does not start with "0.0000" (exponent -5 or -6,
 * where %.17g switches to exponential). Tiny and huge magnitudes take formatDouble17Exp.
 * Pinned against glibc's printf by test/unit/util/numbers.test.ts.
 */
export function formatDouble17(d: number): string {
  if (Number.isSafeInteger(d)) return d === 0 && 1 / d < 0 ? '-0' : String(d);
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  // Short binary fractions (x.5, x.25, x.375…): at most 10 fractional bits, hence at most 10
  // decimal places, and under 1e5 at most 15 significant digits. A decimal that short is printed
  // exactly by %.17g, and it is also the shortest round-trip form String gives (any other decimal
  // with ≤ 15 digits is further than half an ulp away). 2^-10 is above 1e-4: fixed notation.
  if (Number.isInteger(d * 1024) && d < 1e5 && d > -1e5) return String(d);
  let s = d.toPrecision(17);
  const neg = s.charCodeAt(0) === 45 ? 1 : 0;
  const lead0 = s.charCodeAt(neg) === 48;
  if (lead0 && s.startsWith('.0000', neg + 1)) return formatDouble17Exp(d);
  if (s.indexOf('e') >= 0) return formatDouble17Exp(d);
  const dot = s.indexOf('.');
  if (dot < 0) return s; // 17 integer digits: an exact integer, nothing to round
  let n = s.length;
  let c = s.charCodeAt(n - 1);
  if ((c & 1) === 1) {
    // Decimal exponent of d: digits before the point, or minus the zeros after "0." plus one.
    let e: number;
    if (!lead0) e = dot - neg - 1;
    else {
      let i = dot + 1;
      while (s.charCodeAt(i) === 48) i++;
      e = dot - i;
    }
    if (isTie(d, e)) {
      s = s.slice(0, n - 1) + String.fromCharCode(c - 1);
      c--;
    }
  }
  while (c === 48) c = s.charCodeAt(--n - 1);
  if (c === 46) n--;
  return n === s.length ? s : s.slice(0, n);
}

/**
 * Whether d (decimal exponent e) lies exactly halfway between two 17-significant-digit decimals.
 * d = m / 2^q with m odd has exactly q digits after the decimal point, the last one a 5, so it
 * has e + 1 + q significant digits: a tie is q = 17 - e, i.e. d * 2^(17 - e) an odd integer
 * (scaling by a power of two is exact). JavaScript's toPrecision/toExponential round ties up;
 * printf rounds them to even, so the caller takes one off a last digit that came out odd.
 */
function isTie(d: number, e: number): boolean {
  const y = d * Math.pow(2, 17 - e);
  return Number.isInteger(y) && y % 2 !== 0;
}

/** formatDouble17 by way of toExponential: right for every finite non-zero d (the general path). */
export function formatDouble17Exp(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'nan' : d > 0 ? 'inf' : '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  let e = d.toExponential(16); // d.ddddddddddddddddde±X, 17 digits, ties rounded up
  const ePos = e.indexOf('e');
  const exp = parseInt(e.slice(ePos + 1), 10);
  const last = e.charCodeAt(ePos - 1);
  // A tie carried into the exponent ends in 0 (even): only odd last digits need the fix.
  if ((last & 1) === 1 && isTie(d, exp)) {
    if (exp < -4 || exp >= 17) e = e.slice(0, ePos - 1) + String.fromCharCode(last - 1) + e.slice(ePos);
    else return formatDouble17(d);
  }
  if (exp < -4 || exp >= 17) {
    let mant = e.slice(0, e.indexOf('e'));
    if (mant.indexOf('.') >= 0) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const ax = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  }
  let f = d.toFixed(16 - exp);
  if (f.indexOf('.') >= 0) f = f.replace(/0+$/, '').replace(/\.$/, '');
  return f;
}

/**
 * d2string: integers print as integers, everything else as %.17g. Used where Redis stores a
 * score or a double as text (listpack scores, ZINCRBY results inside MULTI replies of RESP2…).
 */
export function formatDoubleD2S(d: number): string {
  if (Number.isInteger(d) && Math.abs(d) < 4611686018427387904) {
    if (d === 0) return Object.is(d, -0) ? '-0' : '0';
    return Math.abs(d) < 1e21 ? d.toFixed(0) : BigInt(d).toString();
  }
  return formatDouble17(d);
}

/**
 * ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros removed, used by INCRBYFLOAT and
 * HINCRBYFLOAT. Redis computes in 80-bit long double, so sums of short decimals print as short
 * decimals (0.1+0.2 prints 0.3). We compute in double and print the shortest decimal that is
 * within a couple of ulps, which gives the same text for such inputs.
 */
export function formatHumanDouble(d: number): string {
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  if (d === 0) return '0';
  if (Number.isInteger(d)) return Math.abs(d) < 1e21 ? d.toFixed(0) : BigInt(d).toString();
  let text = String(d);
  const p15 = Number(d.toPrecision(15));
  if (p15 !== d && Math.abs(p15 - d) <= 4 * ulp(d)) text = String(p15);
  if (text.indexOf('e') >= 0) text = expandExponent(text);
  // %.17Lf keeps 17 digits after the point at most.
  const dot = text.indexOf('.');
  if (dot >= 0 && text.length - dot - 1 > 17) {
    text = Number(text).toFixed(17).replace(/0+$/, '').replace(/\.$/, '');
    if (text === '-0') text = '0';
  }
  return text;
}

function ulp(d: number): number {
  const a = Math.abs(d);
  return a === 0 ? Number.MIN_VALUE : Math.pow(2, Math.floor(Math.log2(a)) - 52);
}

/** "1.5e-7" → "0.00000015", "1e+21" → "1000000000000000000000". */
function expandExponent(t: string): string {
  const neg = t.startsWith('-');
  if (neg) t = t.slice(1);
  const [mant, expS] = t.split('e') as [string, string];
  const exp = parseInt(expS, 10);
  const digits = mant.replace('.', '');
  const intLen = (mant.indexOf('.') >= 0 ? mant.indexOf('.') : mant.length) + exp;
  let out: string;
  if (intLen <= 0) out = '0.' + '0'.repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return neg ? '-' + out : out;
}

/** Length in bytes of the decimal representation of a non-negative integer. */
export function digits10(v: number): number {
  if (v < 10) return 1;
  if (v < 100) return 2;
  if (v < 1000) return 3;
  if (v < 10000) return 4;
  return String(v).length;
}
