/**
 * util/glob.ts — Redis's glob-style matcher (the rules of util.c stringmatchlen), used by KEYS,
 * SCAN MATCH, PSUBSCRIBE, CONFIG GET and ACL key patterns.
 *
 * Rules, as Redis applies them to bytes (strings here are latin1, one char per byte):
 *  - `*` any run of bytes (runs of `*` collapse), `?` exactly one byte;
 *  - `[abc]` one of the set, `[^abc]` none of it, `[a-z]` a range (a reversed range `[z-a]`
 *    is swapped), `\x` inside a set is a literal x (compared case-sensitively even in nocase mode);
 *    a set left open at the end of the pattern ends there;
 *  - `\x` outside a set matches x literally; a trailing lone `\` matches a `\`.
 * Quirk kept on purpose: range bounds and the tested byte are compared as C `char`s, which are
 * signed, so bytes >= 0x80 sort below ASCII inside `[a-b]` ranges (pinned by test/unit/util/glob).
 * Backtracking on `*` stops early once a suffix failed everywhere (skipLongerMatches), so a pattern
 * of many stars cannot take exponential time.
 * Pure: imports nothing.
 */

const STAR = 42; // *
const QMARK = 63; // ?
const LBRACKET = 91; // [
const RBRACKET = 93; // ]
const BACKSLASH = 92; // \
const CARET = 94; // ^
const DASH = 45; // -

/** A byte as a signed C char (for range comparisons). */
function sc(c: number): number {
  return c >= 128 ? c - 256 : c;
}

/** ASCII tolower on a byte (C locale). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Shared early-exit flag of one top-level match (stringmatchlen's skipLongerMatches). */
let skipLonger = false;

function matchImpl(p: string, pi: number, pend: number, s: string, si: number, send: number, nocase: boolean): boolean {
  while (pi < pend && si < send) {
    const pc = p.charCodeAt(pi);
    switch (pc) {
      case STAR: {
        while (pi + 1 < pend && p.charCodeAt(pi + 1) === STAR) pi++;
        if (pi + 1 === pend) return true;
        while (si < send) {
          if (matchImpl(p, pi + 1, pend, s, si, send, nocase)) return true;
          if (skipLonger) return false;
          si++;
        }
        skipLonger = true;
        return false;
      }
      case QMARK:
        si++;
        break;
      case LBRACKET: {
        pi++;
        const not = pi < pend && p.charCodeAt(pi) === CARET;
        if (not) pi++;
        let match = false;
        const c = s.charCodeAt(si);
        for (;;) {
          if (pi >= pend) {
            // Unterminated set: stop on its last byte so the step below leaves the pattern.
            pi--;
            break;
          }
          const x = p.charCodeAt(pi);
          if (x === BACKSLASH && pend - pi >= 2) {
            pi++;
            if (p.charCodeAt(pi) === c) match = true;
          } else if (x === RBRACKET) {
            break;
          } else if (pend - pi >= 3 && p.charCodeAt(pi + 1) === DASH) {
            let start = sc(x);
            let end = sc(p.charCodeAt(pi + 2));
            let t = sc(c);
            if (start > end) {
              const tmp = start;
              start = end;
              end = tmp;
            }
            if (nocase) {
              start = lower(start);
              end = lower(end);
              t = lower(t);
            }
            pi += 2;
            if (t >= start && t <= end) match = true;
          } else if (nocase ? lower(x) === lower(c) : x === c) {
            match = true;
          }
          pi++;
        }
        if (not) match = !match;
        if (!match) return false;
        si++;
        break;
      }
      default: {
        // A backslash escapes the next byte (a trailing one stands for itself).
        if (pc === BACKSLASH && pend - pi >= 2) pi++;
        const x = p.charCodeAt(pi);
        const c = s.charCodeAt(si);
        if (nocase ? lower(x) !== lower(c) : x !== c) return false;
        si++;
        break;
      }
    }
    pi++;
    if (si === send) {
      while (pi < pend && p.charCodeAt(pi) === STAR) pi++;
      break;
    }
  }
  return pi === pend && si === send;
}

/**
 * True when `str` matches the glob `pattern` (stringmatchlen). `nocase` folds ASCII letters.
 * Both are byte strings (latin1).
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  skipLonger = false;
  return matchImpl(pattern, 0, pattern.length, str, 0, str.length, nocase);
}

/** True when the pattern matches everything ("*"), so callers can skip matching. */
export function isMatchAll(pattern: string): boolean {
  return pattern.length === 1 && pattern.charCodeAt(0) === STAR;
}
