/**
 * ds/stream-id.ts — stream entry IDs (`<ms>-<seq>`, two unsigned 64-bit halves) as Redis's
 * t_stream.c handles them: parsing (streamGenericParseIDOrReply with string2ull), ordering,
 * successor/predecessor, formatting, and a fixed-width key whose string order is the ID order
 * (for the pending-entries lists). Pure: imports nothing from the server.
 */

/** A stream ID. Both parts are uint64 (0 … 2^64-1), hence bigint. */
export interface StreamID {
  readonly ms: bigint;
  readonly seq: bigint;
}

export const U64_MAX = 0xffffffffffffffffn;
export const ZERO_ID: StreamID = Object.freeze({ ms: 0n, seq: 0n });
export const MAX_ID: StreamID = Object.freeze({ ms: U64_MAX, seq: U64_MAX });

/** -1, 0 or 1 (streamCompareID). */
export function compareIds(a: StreamID, b: StreamID): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

export function idIsZero(id: StreamID): boolean {
  return id.ms === 0n && id.seq === 0n;
}

/** The successor (streamIncrID), or null when `id` is the maximum ID. */
export function incrId(id: StreamID): StreamID | null {
  if (id.seq === U64_MAX) {
    if (id.ms === U64_MAX) return null;
    return { ms: id.ms + 1n, seq: 0n };
  }
  return { ms: id.ms, seq: id.seq + 1n };
}

/** The predecessor (streamDecrID), or null when `id` is 0-0. */
export function decrId(id: StreamID): StreamID | null {
  if (id.seq === 0n) {
    if (id.ms === 0n) return null;
    return { ms: id.ms - 1n, seq: U64_MAX };
  }
  return { ms: id.ms, seq: id.seq - 1n };
}

export function formatId(id: StreamID): string {
  return `${id.ms}-${id.seq}`;
}

/** A 32-hex-digit key: string order equals ID order (used as PEL keys). */
export function idKey(id: StreamID): string {
  return hex16(id.ms) + hex16(id.seq);
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** 16 hex digits; Number's toString is much faster than BigInt's for the common small values. */
function hex16(v: bigint): string {
  const h = v <= SAFE ? Number(v).toString(16) : v.toString(16);
  return h.length === 16 ? h : '0000000000000000'.slice(h.length) + h;
}

const INT64_MAX = 0x7fffffffffffffffn;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * string2ull: a strict int64 ≥ 0, or else what strtoull(…, 10) accepts over the whole string
 * (leading blanks, a sign — a minus wraps around modulo 2^64 — and at least one digit; a value
 * past 2^64-1 is refused). Returns null when refused.
 */
export function parseU64(s: string): bigint | null {
  const n = s.length;
  if (n === 0) return null;
  // Fast path: plain digits without a leading zero (what string2ll accepts, non-negative).
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s[i] === '+' || s[i] === '-')) {
    neg = s[i] === '-';
    i++;
  }
  const start = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    i++;
  }
  if (i === start) return null;
  let v = BigInt(s.slice(start));
  if (v > U64_MAX) return null;
  if (neg) {
    // string2ll accepts "-N" for N ≤ 2^63 (canonical form) and string2ull then refuses it as
    // negative; anything else with a minus goes to strtoull, which negates modulo 2^64.
    const digits = s.slice(start);
    const canonical = start === 1 && (digits === '0' ? false : digits[0] !== '0');
    if (canonical && v <= INT64_MAX + 1n) return null;
    v = (0x10000000000000000n - v) & U64_MAX;
  }
  return v;
}

/**
 * streamGenericParseIDOrReply without the reply: `-`/`+` (unless strict), `<ms>`, `<ms>-<seq>`
 * and, when `allowSeqStar`, `<ms>-*` (then `seqGiven` is false in the result). A missing
 * sequence part becomes `missingSeq`. Returns null for an invalid ID.
 */
export function parseStreamId(
  s: string,
  missingSeq: bigint,
  strict: boolean,
  allowSeqStar = false,
): { id: StreamID; seqGiven: boolean } | null {
  if (s.length > 127) return null;
  // C strings end at the first NUL byte.
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  if (s === '-' || s === '+') {
    if (strict) return null;
    return { id: s === '-' ? ZERO_ID : MAX_ID, seqGiven: true };
  }
  const dash = s.indexOf('-');
  const ms = parseU64(dash >= 0 ? s.slice(0, dash) : s);
  if (ms === null) return null;
  let seq = missingSeq;
  let seqGiven = true;
  if (dash >= 0) {
    const rest = s.slice(dash + 1);
    if (allowSeqStar && rest === '*') {
      seq = 0n;
      seqGiven = false;
    } else {
      const v = parseU64(rest);
      if (v === null) return null;
      seq = v;
    }
  }
  return { id: { ms, seq }, seqGiven };
}
