/**
 * commands/args.ts — argument readers for handlers (object.c's get*FromObjectOrReply family).
 * Each throws a ReplyError carrying Redis's exact text; the dispatcher writes it.
 */
import { E, ReplyError } from '../errors';
import { parseDouble, parseInt64, parseInt64Big } from '../util/numbers';

/** An int64 argument (getLongLongFromObjectOrReply). Exact below 2^53. */
export function argInt(s: string, msg: string = E.notInteger): number {
  const v = parseInt64(s);
  if (v === null) throw new ReplyError(msg);
  return v;
}

/** An int64 argument as bigint, exact over the whole range. */
export function argBigInt(s: string, msg: string = E.notInteger): bigint {
  const v = parseInt64Big(s);
  if (v === null) throw new ReplyError(msg);
  return v;
}

/** A long in [min, max] (getRangeLongFromObjectOrReply). */
export function argRange(s: string, min: number, max: number, msg?: string): number {
  const v = parseInt64(s);
  if (v === null || v < min || v > max) {
    throw new ReplyError(msg ?? (v === null ? E.notInteger : `ERR value is out of range, value must between ${min} and ${max}`));
  }
  return v;
}

/** A non-negative long (getPositiveLongFromObjectOrReply). */
export function argPositive(s: string, msg: string = E.mustBePositive): number {
  // getPositiveLongFromObjectOrReply: a non-integer gets the same message as a negative value.
  const v = parseInt64(s);
  if (v === null || v < 0) throw new ReplyError(msg);
  return v;
}

/** A double (getDoubleFromObjectOrReply): inf accepted, NaN refused. */
export function argDouble(s: string, msg: string = E.notFloat): number {
  const v = parseDouble(s);
  if (v === null) throw new ReplyError(msg);
  return v;
}

/**
 * A blocking timeout in seconds, possibly fractional (getTimeoutFromObjectOrReply with
 * UNIT_SECONDS). Returns the absolute deadline in ms, or 0 for "forever".
 */
export function argTimeout(s: string, now: number): number {
  const v = parseDouble(s);
  if (v === null) throw new ReplyError(E.timeout);
  // Redis: (long long)ceill(v*1000). -0.0001 rounds to 0 (forever); ±inf and values past
  // LLONG_MAX convert to LLONG_MIN on x86, hence "timeout is negative" (diff-tested).
  const ms = Math.ceil(v * 1000);
  if (!(ms >= 0) || ms >= 9223372036854775808) throw new ReplyError(E.timeoutNegative);
  if (ms === 0) return 0;
  // A deadline past the representable range never comes: clamp it.
  return ms > Number.MAX_SAFE_INTEGER - now ? Number.MAX_SAFE_INTEGER : now + ms;
}

/** Case-insensitive comparison with a lower-case keyword (strcasecmp). */
export function eq(arg: string, lowerKeyword: string): boolean {
  return arg.length === lowerKeyword.length && (arg === lowerKeyword || arg.toLowerCase() === lowerKeyword);
}
