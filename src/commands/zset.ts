/**
 * commands/zset.ts — sorted set commands (https://redis.io/commands/?group=sorted-set), after
 * t_zset.c. Values are ds/zset.ts SortedSet objects; empty sorted sets are deleted.
 *
 * Encoding: a zset is "listpack" until it holds more than zset-max-listpack-entries members or a
 * member longer than zset-max-listpack-value bytes, then "skiplist" for good; the *STORE forms of
 * ZUNION/ZINTER/ZDIFF convert small results back (zsetConvertToListpackIfNeeded).
 * Scores are replied with c.reply.double (%.17g, a RESP3 double); WITHSCORES replies are flat
 * under RESP2 and [member, score] pairs under RESP3 (pinned by test/diff/zset.diff.test.ts).
 */
import type { CommandSpec } from './registry';
import { docs } from './set-zset-docs';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argDouble, argInt, argPositive, argTimeout, eq } from './args';
import { lookupTyped, type TypedValue } from '../db/database';
import { SortedSet } from '../ds/zset';
import { RedisSet } from '../ds/set';
import type { ScoreRange, LexRange, LexBound } from '../ds/zset-btree';
import { scoreGteMin, scoreLteMax, lexGteMin, lexLteMax } from '../ds/zset-btree';
import { NotifyFlags } from '../db/notify';
import { globMatch } from '../util/glob';
import { formatDouble17, parseDouble, parseInt64 } from '../util/numbers';
import { argLongNoMin, argPositiveNumkeys, numkeysKeys, parseScanCursor, parseScanOptions, replyEmptyScan } from './set';
import type { Client } from '../protocol/client';
import { blockingOf, type BlockHandler } from '../blocking';

// ---------------------------------------------------------------------------------------------
// Config and helpers

export function zsetMaxEntries(c: CommandContext): number {
  const cfg = c.server.config;
  if (cfg.spec('zset-max-listpack-entries')) return cfg.num('zset-max-listpack-entries');
  if (cfg.spec('zset-max-ziplist-entries')) return cfg.num('zset-max-ziplist-entries');
  return 128;
}
export function zsetMaxValue(c: CommandContext): number {
  const cfg = c.server.config;
  if (cfg.spec('zset-max-listpack-value')) return cfg.num('zset-max-listpack-value');
  if (cfg.spec('zset-max-ziplist-value')) return cfg.num('zset-max-ziplist-value');
  return 64;
}

function lookupZsetRead(c: CommandContext, key: string): SortedSet | undefined {
  return lookupTyped<SortedSet>(c.db, key, 'zset', true);
}
function lookupZsetWrite(c: CommandContext, key: string): SortedSet | undefined {
  return lookupTyped<SortedSet>(c.db, key, 'zset', false);
}

/** Adds a member known to be absent, converting listpack → skiplist as zsetAdd does. */
function addNew(zs: SortedSet, score: number, member: string, maxEntries: number, maxValue: number): void {
  if (zs.listpack && (zs.size + 1 > maxEntries || member.length > maxValue)) zs.listpack = false;
  zs.insertNew(score, member);
}

/** Stores a new zset at key (dbAdd/setKey) and wakes clients blocked on it. */
function storeZset(c: CommandContext, key: string, zs: SortedSet): void {
  c.db.setKey(key, zs);
  c.server.signalKeyAsReady(c.db, key);
}

/** strtod over the whole string, as zslParseRange uses it: spaces first, overflow → ±inf, NaN refused. */
function strtodFull(s: string): number | null {
  let i = 0;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch === 32 || (ch >= 9 && ch <= 13)) i++;
    else break;
  }
  const t = i === 0 ? s : s.slice(i);
  if (t.length === 0) return i === 0 ? 0 : null;
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?(?:inf|infinity)$/i.test(t)) return t.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (/^[+-]?0[xX]/.test(t)) return parseDouble(t); // C99 hex floats, as strtod reads them
  return null;
}

/** zslParseRange: "[(]score" bounds; throws "min or max is not a float". */
export function parseScoreRange(minS: string, maxS: string): ScoreRange {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  let m = minS;
  if (m.charCodeAt(0) === 40) {
    r.minex = true;
    m = m.slice(1);
  }
  let x = maxS;
  if (x.charCodeAt(0) === 40) {
    r.maxex = true;
    x = x.slice(1);
  }
  const a = strtodFull(m);
  const b = strtodFull(x);
  if (a === null || b === null) throw new ReplyError(E.minMaxNotFloat);
  r.min = a;
  r.max = b;
  return r;
}

function parseLexItem(s: string): LexBound | null {
  const c0 = s.charCodeAt(0);
  if (c0 === 43) return s.length === 1 ? { kind: 1, value: '', excl: true } : null; // '+'
  if (c0 === 45) return s.length === 1 ? { kind: -1, value: '', excl: true } : null; // '-'
  if (c0 === 40) return { kind: 0, value: s.slice(1), excl: true }; // '('
  if (c0 === 91) return { kind: 0, value: s.slice(1), excl: false }; // '['
  return null;
}

/** zslParseLexRange: '-', '+', '(x', '[x'; throws "min or max not valid string range item". */
export function parseLexRange(minS: string, maxS: string): LexRange {
  const min = parseLexItem(minS);
  const max = parseLexItem(maxS);
  if (min === null || max === null) throw new ReplyError(E.minMaxNotLex);
  return { min, max };
}

/** Emits member (and score) pairs: flat under RESP2, [m, s] arrays under RESP3. */
function emitPair(c: CommandContext, member: string, score: number, withScores: boolean): void {
  if (withScores && c.resp > 2) c.reply.array(2);
  c.reply.bulk(member);
  if (withScores) c.reply.double(score);
}

function arrayLenFor(c: CommandContext, n: number, withScores: boolean): void {
  c.reply.array(withScores && c.resp === 2 ? n * 2 : n);
}

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY

const enum ZaddFlag {
  Incr = 1,
  Nx = 2,
  Xx = 4,
  Gt = 8,
  Lt = 16,
}

/**
 * A score argument (argDouble), with a fast path for the common case of a plain integer of up
 * to 15 digits (exact in a double; '-0' stays -0 as strtod reads it).
 */
function scoreArg(s: string): number {
  const n = s.length;
  if (n <= 15) {
    const neg = s.charCodeAt(0) === 45;
    let i = neg ? 1 : 0;
    if (i < n) {
      let v = 0;
      for (; i < n; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === n) return neg ? -v : v;
    }
  }
  return argDouble(s);
}

/** ZADD's parsed scores (reused: handlers run one at a time and this one calls no other). */
let zaddScores = new Float64Array(8);

/** ZADD and ZINCRBY (zaddGenericCommand). */
function zaddGeneric(c: CommandContext, incrCmd: boolean): void {
  const argv = c.argv;
  const key = argv[1]!;
  let flags = incrCmd ? ZaddFlag.Incr : 0;
  let ch = false;
  let scoreIdx = 2;
  for (; scoreIdx < argv.length; scoreIdx++) {
    const o = argv[scoreIdx]!;
    // Options are 2 or 4 letters; anything else (the first score, usually) ends them.
    if (o.length !== 2 && o.length !== 4) break;
    if (eq(o, 'nx')) flags |= ZaddFlag.Nx;
    else if (eq(o, 'xx')) flags |= ZaddFlag.Xx;
    else if (eq(o, 'ch')) ch = true;
    else if (eq(o, 'incr')) flags |= ZaddFlag.Incr;
    else if (eq(o, 'gt')) flags |= ZaddFlag.Gt;
    else if (eq(o, 'lt')) flags |= ZaddFlag.Lt;
    else break;
  }
  const incr = (flags & ZaddFlag.Incr) !== 0;
  const nx = (flags & ZaddFlag.Nx) !== 0;
  const xx = (flags & ZaddFlag.Xx) !== 0;
  const gt = (flags & ZaddFlag.Gt) !== 0;
  const lt = (flags & ZaddFlag.Lt) !== 0;
  let elements = argv.length - scoreIdx;
  if (elements % 2 !== 0 || elements === 0) throw new ReplyError(E.syntax);
  elements /= 2;
  if (nx && xx) throw new ReplyError(E.zaddNxXx);
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw new ReplyError(E.zaddGtLtNx);
  if (incr && elements > 1) throw new ReplyError(E.zaddIncrPair);
  // All scores are parsed before the first change (a bad one rejects the whole command).
  if (elements > zaddScores.length) zaddScores = new Float64Array(elements);
  const scores = zaddScores;
  for (let j = 0; j < elements; j++) scores[j] = scoreArg(argv[scoreIdx + j * 2]!);

  let zs = lookupZsetWrite(c, key);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (zs === undefined) {
    if (xx) {
      replyZadd(c, incr, ch, 0, 0, 0, 0);
      return;
    }
    zs = new SortedSet(true);
    storeZset(c, key, zs);
  }
  // The listpack limits only matter while the zset is a listpack (config lookups cost ~2% of a ZADD).
  const maxE = zs.listpack ? zsetMaxEntries(c) : 0;
  const maxV = zs.listpack ? zsetMaxValue(c) : 0;
  let nanError = false;
  for (let j = 0; j < elements; j++) {
    const member = argv[scoreIdx + 1 + j * 2]!;
    let s = scores[j]!;
    const cur = zs.score(member);
    if (cur !== undefined) {
      if (nx) continue;
      if (incr) {
        s += cur;
        if (Number.isNaN(s)) {
          nanError = true;
          break;
        }
      }
      if ((lt && s >= cur) || (gt && s <= cur)) continue;
      score = s;
      processed++;
      if (s !== cur) {
        zs.update(cur, s, member);
        updated++;
      }
    } else {
      if (xx) continue;
      addNew(zs, s, member, maxE, maxV);
      score = s;
      added++;
      processed++;
    }
  }
  c.server.dirty += added + updated;
  if (nanError) c.reply.error(E.zaddNaN);
  else replyZadd(c, incr, ch, added, updated, processed, score);
  if (added || updated) {
    c.server.signalModifiedKey(c.db, key);
    c.server.notify(NotifyFlags.Zset, incr ? 'zincr' : 'zadd', key, c.db.id);
  }
}

function replyZadd(c: CommandContext, incr: boolean, ch: boolean, added: number, updated: number, processed: number, score: number): void {
  if (incr) {
    if (processed) c.reply.double(score);
    else c.reply.nil();
  } else {
    c.reply.int(ch ? added + updated : added);
  }
}

function zaddCommand(c: CommandContext): void {
  zaddGeneric(c, false);
}
function zincrbyCommand(c: CommandContext): void {
  zaddGeneric(c, true);
}

// ---------------------------------------------------------------------------------------------
// Simple reads and removals

function zremCommand(c: CommandContext): void {
  const key = c.argv[1]!;
  const zs = lookupZsetWrite(c, key);
  if (zs === undefined) return c.reply.int(0);
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < c.argv.length; j++) {
    if (zs.delete(c.argv[j]!)) deleted++;
    if (zs.size === 0) {
      c.db.deleteKey(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted) {
    c.server.notify(NotifyFlags.Zset, 'zrem', key, c.db.id);
    if (keyRemoved) c.server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
    c.server.signalModifiedKey(c.db, key);
    c.server.dirty += deleted;
  }
  c.reply.int(deleted);
}

function zcardCommand(c: CommandContext): void {
  const zs = lookupZsetRead(c, c.argv[1]!);
  c.reply.int(zs === undefined ? 0 : zs.size);
}

function zscoreCommand(c: CommandContext): void {
  const zs = lookupZsetRead(c, c.argv[1]!);
  const s = zs?.score(c.argv[2]!);
  if (s === undefined) c.reply.nil();
  else c.reply.double(s);
}

function zmscoreCommand(c: CommandContext): void {
  const zs = lookupZsetRead(c, c.argv[1]!);
  c.reply.array(c.argv.length - 2);
  for (let j = 2; j < c.argv.length; j++) {
    const s = zs?.score(c.argv[j]!);
    if (s === undefined) c.reply.nil();
    else c.reply.double(s);
  }
}

function zrankGeneric(c: CommandContext, reverse: boolean): void {
  const zs = lookupZsetRead(c, c.argv[1]!);
  if (zs === undefined) return c.reply.nil();
  const r = zs.rank(c.argv[2]!, reverse);
  if (r >= 0) c.reply.int(r);
  else c.reply.nil();
}
function zrankCommand(c: CommandContext): void {
  zrankGeneric(c, false);
}
function zrevrankCommand(c: CommandContext): void {
  zrankGeneric(c, true);
}

/** Number of elements from position `first` to position `last` inclusive (by rank). */
function countBetween(zs: SortedSet, first: number, last: number): number {
  if (first < 0 || last < 0) return 0;
  const a = zs.tree.rankAt(first);
  const b = zs.tree.rankAt(last);
  return b >= a ? b - a + 1 : 0;
}

function zcountCommand(c: CommandContext): void {
  const range = parseScoreRange(c.argv[2]!, c.argv[3]!);
  const zs = lookupZsetRead(c, c.argv[1]!);
  if (zs === undefined) return c.reply.int(0);
  c.reply.int(countBetween(zs, zs.tree.firstInRange(range), zs.tree.lastInRange(range)));
}

function zlexcountCommand(c: CommandContext): void {
  const range = parseLexRange(c.argv[2]!, c.argv[3]!);
  const zs = lookupZsetRead(c, c.argv[1]!);
  if (zs === undefined) return c.reply.int(0);
  if (zs.listpack) {
    // zzl: count forward from the first member in range while members stay <= max.
    const t = zs.tree;
    let n = 0;
    for (let p = zs.firstInLexRangePos(range); p >= 0 && lexLteMax(t.ele(p), range); p = t.next(p)) n++;
    return c.reply.int(n);
  }
  c.reply.int(countBetween(zs, zs.firstInLexRangePos(range), zs.lastInLexRangePos(range)));
}

// ---------------------------------------------------------------------------------------------
// ZRANGE family

const enum RangeType {
  Auto,
  Rank,
  Score,
  Lex,
}
const enum Direction {
  Auto,
  Forward,
  Reverse,
}

// A range selects `selCount` elements starting at position `selStart`, walked forward (or
// backward when reversed) in reply order. The selection is read right away, before any change to
// the zset (positions are only valid until then); module state avoids an allocation per call.
let selStart = -1;
let selCount = 0;

/** Rank ranges are sanitized like genericZrangebyrankCommand. */
function selectRank(zs: SortedSet, start: number, end: number, reverse: boolean): void {
  selStart = -1;
  selCount = 0;
  const llen = zs.size;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return;
  if (end >= llen) end = llen - 1;
  selStart = zs.tree.at(reverse ? llen - 1 - start : start);
  selCount = end - start + 1;
}

function selectScore(zs: SortedSet, r: ScoreRange, offset: number, limit: number, reverse: boolean): void {
  selStart = -1;
  selCount = 0;
  if (offset < 0 || (offset > 0 && offset >= zs.size)) return;
  const t = zs.tree;
  let p = reverse ? t.lastInRange(r) : t.firstInRange(r);
  while (p >= 0 && offset > 0) {
    p = reverse ? t.prev(p) : t.next(p);
    offset--;
  }
  selStart = p;
  let n = 0;
  while (p >= 0 && limit !== 0) {
    if (reverse ? !scoreGteMin(t.score(p), r) : !scoreLteMax(t.score(p), r)) break;
    n++;
    limit--;
    p = reverse ? t.prev(p) : t.next(p);
  }
  selCount = n;
}

function selectLex(zs: SortedSet, r: LexRange, offset: number, limit: number, reverse: boolean): void {
  selStart = -1;
  selCount = 0;
  const t = zs.tree;
  let p = reverse ? zs.lastInLexRangePos(r) : zs.firstInLexRangePos(r);
  if (offset < 0) return;
  while (p >= 0 && offset > 0) {
    p = reverse ? t.prev(p) : t.next(p);
    offset--;
  }
  selStart = p;
  let n = 0;
  while (p >= 0 && limit !== 0) {
    if (reverse ? !lexGteMin(t.ele(p), r) : !lexLteMax(t.ele(p), r)) break;
    n++;
    limit--;
    p = reverse ? t.prev(p) : t.next(p);
  }
  selCount = n;
}

/**
 * zrangeGenericCommand: ZRANGE, ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX.
 * `argStart` is the index of the source key; `dst` the destination for ZRANGESTORE.
 */
function zrangeGeneric(c: CommandContext, argStart: number, dst: string | null, rangeType: RangeType, direction: Direction): void {
  const argv = c.argv;
  const key = argv[argStart]!;
  let minIdx = argStart + 1;
  let maxIdx = argStart + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argStart + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j]!;
    if (dst === null && eq(a, 'withscores')) withScores = true;
    else if (eq(a, 'limit') && left >= 2) {
      offset = argInt(argv[j + 1]!);
      limit = argInt(argv[j + 2]!);
      j += 2;
    } else if (direction === Direction.Auto && eq(a, 'rev')) direction = Direction.Reverse;
    else if (rangeType === RangeType.Auto && eq(a, 'bylex')) rangeType = RangeType.Lex;
    else if (rangeType === RangeType.Auto && eq(a, 'byscore')) rangeType = RangeType.Score;
    else throw new ReplyError(E.syntax);
  }
  if (direction === Direction.Auto) direction = Direction.Forward;
  if (rangeType === RangeType.Auto) rangeType = RangeType.Rank;
  if (limit !== -1 && rangeType === RangeType.Rank) throw new ReplyError(E.zrangeLimit);
  if (withScores && rangeType === RangeType.Lex) throw new ReplyError(E.zrangeWithscoresLex);
  const reverse = direction === Direction.Reverse;
  if (reverse && rangeType !== RangeType.Rank) {
    const t = maxIdx;
    maxIdx = minIdx;
    minIdx = t;
  }
  let start = 0;
  let end = 0;
  let srange: ScoreRange | null = null;
  let lrange: LexRange | null = null;
  if (rangeType === RangeType.Rank) {
    start = argInt(argv[minIdx]!);
    end = argInt(argv[maxIdx]!);
  } else if (rangeType === RangeType.Score) {
    srange = parseScoreRange(argv[minIdx]!, argv[maxIdx]!);
  } else {
    lrange = parseLexRange(argv[minIdx]!, argv[maxIdx]!);
  }
  const zs = lookupZsetRead(c, key);
  selStart = -1;
  selCount = 0;
  if (zs !== undefined) {
    if (rangeType === RangeType.Rank) selectRank(zs, start, end, reverse);
    else if (rangeType === RangeType.Score) selectScore(zs, srange!, offset, limit, reverse);
    else selectLex(zs, lrange!, offset, limit, reverse);
  }
  if (dst !== null) {
    storeRangeResult(c, dst, zs, reverse);
    return;
  }
  const n = selCount;
  arrayLenFor(c, n, withScores);
  if (n === 0) return;
  const t = zs!.tree;
  for (let i = 0, p = selStart; i < n; i++) {
    emitPair(c, t.ele(p), t.score(p), withScores);
    p = reverse ? t.prev(p) : t.next(p);
  }
}

/** zrangeResultFinalizeStore: store the selection (selStart/selCount of src) at dst, or delete dst when empty. */
function storeRangeResult(c: CommandContext, dst: string, src: SortedSet | undefined, reverse: boolean): void {
  const n = selCount;
  if (n > 0) {
    const maxE = zsetMaxEntries(c);
    const maxV = zsetMaxValue(c);
    const out = new SortedSet(true);
    const t = src!.tree;
    for (let i = 0, p = selStart; i < n; i++) {
      addNew(out, t.score(p), t.ele(p), maxE, maxV);
      p = reverse ? t.prev(p) : t.next(p);
    }
    storeZset(c, dst, out);
    c.server.signalModifiedKey(c.db, dst);
    c.reply.int(n);
    c.server.notify(NotifyFlags.Zset, 'zrangestore', dst, c.db.id);
    c.server.dirty++;
  } else {
    c.reply.int(0);
    if (c.db.deleteKey(dst)) {
      c.server.signalModifiedKey(c.db, dst);
      c.server.notify(NotifyFlags.Generic, 'del', dst, c.db.id);
      c.server.dirty++;
    }
  }
}

function zrangeCommand(c: CommandContext): void {
  zrangeGeneric(c, 1, null, RangeType.Auto, Direction.Auto);
}
function zrangestoreCommand(c: CommandContext): void {
  zrangeGeneric(c, 2, c.argv[1]!, RangeType.Auto, Direction.Auto);
}
function zrevrangeCommand(c: CommandContext): void {
  zrangeGeneric(c, 1, null, RangeType.Rank, Direction.Reverse);
}
function zrangebyscoreCommand(c: CommandContext): void {
  zrangeGeneric(c, 1, null, RangeType.Score, Direction.Forward);
}
function zrevrangebyscoreCommand(c: CommandContext): void {
  zrangeGeneric(c, 1, null, RangeType.Score, Direction.Reverse);
}
function zrangebylexCommand(c: CommandContext): void {
  zrangeGeneric(c, 1, null, RangeType.Lex, Direction.Forward);
}
function zrevrangebylexCommand(c: CommandContext): void {
  zrangeGeneric(c, 1, null, RangeType.Lex, Direction.Reverse);
}

// ---------------------------------------------------------------------------------------------
// ZREMRANGEBY*

function zremrangeGeneric(c: CommandContext, type: RangeType): void {
  const key = c.argv[1]!;
  let event: string;
  let start = 0;
  let end = 0;
  let srange: ScoreRange | null = null;
  let lrange: LexRange | null = null;
  if (type === RangeType.Rank) {
    event = 'zremrangebyrank';
    start = argInt(c.argv[2]!);
    end = argInt(c.argv[3]!);
  } else if (type === RangeType.Score) {
    event = 'zremrangebyscore';
    srange = parseScoreRange(c.argv[2]!, c.argv[3]!);
  } else {
    event = 'zremrangebylex';
    lrange = parseLexRange(c.argv[2]!, c.argv[3]!);
  }
  const zs = lookupZsetWrite(c, key);
  if (zs === undefined) return c.reply.int(0);
  let deleted = 0;
  if (type === RangeType.Rank) {
    const llen = zs.size;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return c.reply.int(0);
    if (end >= llen) end = llen - 1;
    deleted = zs.deleteRangeByIndex(start, end);
  } else {
    // The run of elements from the first in range while they stay in range (zslDeleteRangeBy*).
    if (srange !== null) selectScore(zs, srange, 0, -1, false);
    else selectLex(zs, lrange!, 0, -1, false);
    if (selCount > 0) {
      const r = zs.tree.rankAt(selStart);
      deleted = zs.deleteRangeByIndex(r, r + selCount - 1);
    }
  }
  let keyRemoved = false;
  if (zs.size === 0) {
    c.db.deleteKey(key);
    keyRemoved = true;
  }
  if (deleted) {
    c.server.signalModifiedKey(c.db, key);
    c.server.notify(NotifyFlags.Zset, event, key, c.db.id);
    if (keyRemoved) c.server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
  }
  c.server.dirty += deleted;
  c.reply.int(deleted);
}

function zremrangebyrankCommand(c: CommandContext): void {
  zremrangeGeneric(c, RangeType.Rank);
}
function zremrangebyscoreCommand(c: CommandContext): void {
  zremrangeGeneric(c, RangeType.Score);
}
function zremrangebylexCommand(c: CommandContext): void {
  zremrangeGeneric(c, RangeType.Lex);
}

// ---------------------------------------------------------------------------------------------
// ZPOPMIN / ZPOPMAX / ZMPOP and the blocking forms

/**
 * genericZpopCommand's work on one non-empty zset: pops up to `count` elements (-1: a single
 * plain pop) from the min or max end and replies in the requested shape. The forms that name
 * their key in the reply (ZMPOP and the blocking pops) are propagated as ZPOPMIN/ZPOPMAX key
 * [count], as Redis rewrites them.
 */
function zpopFrom(c: Client, key: string, zs: SortedSet, max: boolean, emitKey: boolean, count: number, nested: boolean): void {
  const llen = zs.size;
  if (emitKey) {
    const pop = [max ? 'ZPOPMAX' : 'ZPOPMIN', key];
    if (count !== -1) pop.push(String(count > llen ? llen : count));
    c.server.propagateAs = [pop];
  }
  if (count === -1) count = 1;
  let rangelen = count > llen ? llen : count;
  if (!nested && !emitKey) c.reply.array(rangelen * 2);
  else if (nested && !emitKey) c.reply.array(rangelen);
  else if (!nested && emitKey) {
    c.reply.array(rangelen * 2 + 1);
    c.reply.bulk(key);
  } else {
    c.reply.array(2);
    c.reply.bulk(key);
    c.reply.array(rangelen);
  }
  let first = true;
  const t = zs.tree;
  while (rangelen-- > 0) {
    const p = max ? t.last() : t.first();
    const ele = t.ele(p);
    const score = t.score(p);
    zs.delete(ele);
    c.server.dirty++;
    if (first) {
      c.server.notify(NotifyFlags.Zset, max ? 'zpopmax' : 'zpopmin', key, c.db.id);
      c.server.signalModifiedKey(c.db, key);
      first = false;
    }
    if (nested) c.reply.array(2);
    c.reply.bulk(ele);
    c.reply.double(score);
  }
  if (zs.size === 0) {
    c.db.deleteKey(key);
    c.server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
  }
}

/** genericZpopCommand over a list of keys: the first existing key is popped from. */
function genericZpop(c: CommandContext, keys: readonly string[], max: boolean, emitKey: boolean, count: number, nested: boolean, nilWhenEmpty: boolean): void {
  let zs: SortedSet | undefined;
  let key = '';
  for (let i = 0; i < keys.length; i++) {
    key = keys[i]!;
    zs = lookupZsetWrite(c, key);
    if (zs !== undefined) break;
  }
  if (zs === undefined) {
    if (nilWhenEmpty) c.reply.nullArray();
    else c.reply.array(0);
    return;
  }
  if (count === 0) {
    c.reply.array(0);
    return;
  }
  zpopFrom(c, key, zs, max, emitKey, count, nested);
}

function zpopMinMax(c: CommandContext, max: boolean): void {
  if (c.argv.length > 3) throw new ReplyError(E.syntax);
  let count = -1;
  if (c.argv.length === 3) count = argPositive(c.argv[2]!);
  const nested = c.resp > 2 && count !== -1;
  genericZpop(c, [c.argv[1]!], max, false, count, nested, false);
}
function zpopminCommand(c: CommandContext): void {
  zpopMinMax(c, false);
}
function zpopmaxCommand(c: CommandContext): void {
  zpopMinMax(c, true);
}

interface ZpopBlockState {
  max: boolean;
  count: number;
  nested: boolean;
}

/** How BZPOPMIN/BZPOPMAX/BZMPOP waiters are served when a zset key gets elements. */
const zsetBlockHandler: BlockHandler<ZpopBlockState> = {
  type: 'zset',
  serve(c: Client, key: string, value: TypedValue, st: ZpopBlockState): boolean {
    const zs = value as SortedSet;
    if (zs.size === 0) return false;
    zpopFrom(c, key, zs, st.max, true, st.count, st.nested);
    return true;
  },
};

/** blockingGenericZpopCommand. */
function blockingGenericZpop(c: CommandContext, keyFrom: number, numkeys: number, max: boolean, timeoutIdx: number, count: number, nested: boolean, nilWhenEmpty: boolean): void {
  const deadline = argTimeout(c.argv[timeoutIdx]!, c.now);
  for (let j = 0; j < numkeys; j++) {
    const key = c.argv[keyFrom + j]!;
    const zs = lookupZsetWrite(c, key);
    if (zs === undefined || zs.size === 0) continue;
    genericZpop(c, [key], max, true, count, nested, nilWhenEmpty);
    return;
  }
  const b = blockingOf(c.server);
  if (!b.mayBlock(c)) {
    c.reply.nullArray();
    return;
  }
  b.block(c, c.argv.slice(keyFrom, keyFrom + numkeys), deadline, zsetBlockHandler, { max, count, nested });
}

function bzpopminCommand(c: CommandContext): void {
  blockingGenericZpop(c, 1, c.argv.length - 2, false, c.argv.length - 1, -1, false, false);
}
function bzpopmaxCommand(c: CommandContext): void {
  blockingGenericZpop(c, 1, c.argv.length - 2, true, c.argv.length - 1, -1, false, false);
}

/** ZMPOP numkeys key... MIN|MAX [COUNT n] and BZMPOP timeout numkeys ... */
function zmpopGeneric(c: CommandContext, numkeysIdx: number, block: boolean): void {
  const argv = c.argv;
  const v = parseInt64(argv[numkeysIdx]!);
  if (v === null || v < 1) throw new ReplyError(E.numkeysPositive);
  const numkeys = v;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new ReplyError(E.syntax);
  let max: boolean;
  if (eq(argv[whereIdx]!, 'min')) max = false;
  else if (eq(argv[whereIdx]!, 'max')) max = true;
  else throw new ReplyError(E.syntax);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && eq(argv[j]!, 'count') && more) {
      j++;
      const n = parseInt64(argv[j]!);
      if (n === null || n < 1) throw new ReplyError(E.countPositive);
      count = n;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  if (count === -1) count = 1;
  if (block) blockingGenericZpop(c, numkeysIdx + 1, numkeys, max, 1, count, true, true);
  else genericZpop(c, argv.slice(numkeysIdx + 1, numkeysIdx + 1 + numkeys), max, true, count, true, true);
}

function zmpopCommand(c: CommandContext): void {
  zmpopGeneric(c, 1, false);
}
function bzmpopCommand(c: CommandContext): void {
  zmpopGeneric(c, 2, true);
}

// ---------------------------------------------------------------------------------------------
// ZUNION / ZINTER / ZDIFF (+STORE), ZINTERCARD

const enum Aggregate {
  Sum,
  Min,
  Max,
}
const enum SetOp {
  Union,
  Inter,
  Diff,
}

/** One input of a zset operation: a zset, a plain set (scores 1), or nothing. */
interface OpSource {
  zs: SortedSet | null;
  set: RedisSet | null;
  weight: number;
}

function srcSize(s: OpSource): number {
  return s.zs !== null ? s.zs.size : s.set !== null ? s.set.size : 0;
}
function srcScore(s: OpSource, member: string): number | undefined {
  if (s.zs !== null) return s.zs.score(member);
  if (s.set !== null) return s.set.has(member) ? 1 : undefined;
  return undefined;
}
/** Calls fn for every (member, score) of the source, in its natural order. */
function srcEach(s: OpSource, fn: (member: string, score: number) => boolean | void): void {
  if (s.zs !== null) {
    const t = s.zs.tree;
    for (let p = t.first(); p >= 0; p = t.next(p)) if (fn(t.ele(p), t.score(p)) === false) return;
  } else if (s.set !== null) {
    const m = s.set.members();
    for (let i = 0; i < m.length; i++) if (fn(m[i]!, 1) === false) return;
  }
}

function aggregate(target: number, val: number, agg: Aggregate): number {
  if (agg === Aggregate.Sum) {
    const r = target + val;
    return Number.isNaN(r) ? 0 : r;
  }
  if (agg === Aggregate.Min) return val < target ? val : target;
  return val > target ? val : target;
}

/** zunionInterDiffGenericCommand. */
function zsetOpGeneric(c: CommandContext, dstKey: string | null, numkeysIdx: number, op: SetOp, cardOnly: boolean): void {
  const argv = c.argv;
  const setnum = argInt(argv[numkeysIdx]!);
  if (setnum < 1) throw new ReplyError(E.atLeastOneKey(c.cmd?.fullName ?? argv[0]!.toLowerCase()));
  if (setnum > argv.length - (numkeysIdx + 1)) throw new ReplyError(E.syntax);
  const src: OpSource[] = new Array(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.lookupRead(argv[j]!);
    const s: OpSource = { zs: null, set: null, weight: 1 };
    if (v !== undefined) {
      if (typeof v === 'string' || (v.type !== 'zset' && v.type !== 'set')) throw new ReplyError(E.wrongType);
      if (v.type === 'zset') s.zs = v as SortedSet;
      else s.set = v as RedisSet;
    }
    src[i] = s;
  }
  let agg = Aggregate.Sum;
  let withScores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const a = argv[j]!;
    if (op !== SetOp.Diff && !cardOnly && remaining >= setnum + 1 && eq(a, 'weights')) {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) src[i]!.weight = argDouble(argv[j]!, E.weightNotFloat);
    } else if (op !== SetOp.Diff && !cardOnly && remaining >= 2 && eq(a, 'aggregate')) {
      j++;
      remaining--;
      const w = argv[j]!;
      if (eq(w, 'sum')) agg = Aggregate.Sum;
      else if (eq(w, 'min')) agg = Aggregate.Min;
      else if (eq(w, 'max')) agg = Aggregate.Max;
      else throw new ReplyError(E.syntax);
      j++;
      remaining--;
    } else if (remaining >= 1 && dstKey === null && !cardOnly && eq(a, 'withscores')) {
      j++;
      remaining--;
      withScores = true;
    } else if (cardOnly && remaining >= 2 && eq(a, 'limit')) {
      j++;
      remaining--;
      limit = argPositive(argv[j]!, E.limitNegative);
      j++;
      remaining--;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  if (op !== SetOp.Diff) src.sort((a, b) => srcSize(a) - srcSize(b));

  const maxE = zsetMaxEntries(c);
  const maxV = zsetMaxValue(c);
  const dst = new SortedSet(false);
  let maxLen = 0;
  let card = 0;
  if (op === SetOp.Inter) {
    const s0 = src[0]!;
    if (srcSize(s0) > 0) {
      srcEach(s0, (member, sc) => {
        let score = s0.weight * sc;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const sk = src[k]!;
          const v = srcScore(sk, member);
          if (v === undefined) break;
          score = aggregate(score, v * sk.weight, agg);
        }
        if (k !== setnum) return;
        if (cardOnly) {
          card++;
          if (limit && card >= limit) return false;
        } else {
          dst.insertNew(score, member);
          if (member.length > maxLen) maxLen = member.length;
        }
      });
    }
  } else if (op === SetOp.Union) {
    const acc = new Map<string, number>();
    for (let i = 0; i < setnum; i++) {
      const s = src[i]!;
      if (srcSize(s) === 0) continue;
      srcEach(s, (member, sc) => {
        let score = s.weight * sc;
        if (Number.isNaN(score)) score = 0;
        const cur = acc.get(member);
        if (cur === undefined) {
          acc.set(member, score);
          if (member.length > maxLen) maxLen = member.length;
        } else {
          acc.set(member, aggregate(cur, score, agg));
        }
      });
    }
    for (const [m, s] of acc) dst.insertNew(s, m);
  } else {
    const s0 = src[0]!;
    srcEach(s0, (member, sc) => {
      for (let k = 1; k < setnum; k++) if (srcScore(src[k]!, member) !== undefined) return;
      dst.insertNew(sc, member);
      if (member.length > maxLen) maxLen = member.length;
    });
  }

  if (dstKey !== null) {
    if (dst.size > 0) {
      if (dst.size <= maxE && maxLen <= maxV) dst.toListpack();
      storeZset(c, dstKey, dst);
      c.server.signalModifiedKey(c.db, dstKey);
      c.reply.int(dst.size);
      c.server.notify(NotifyFlags.Zset, op === SetOp.Union ? 'zunionstore' : op === SetOp.Inter ? 'zinterstore' : 'zdiffstore', dstKey, c.db.id);
      c.server.dirty++;
    } else {
      c.reply.int(0);
      if (c.db.deleteKey(dstKey)) {
        c.server.signalModifiedKey(c.db, dstKey);
        c.server.notify(NotifyFlags.Generic, 'del', dstKey, c.db.id);
        c.server.dirty++;
      }
    }
  } else if (cardOnly) {
    c.reply.int(card);
  } else {
    arrayLenFor(c, dst.size, withScores);
    const t = dst.tree;
    for (let p = t.first(); p >= 0; p = t.next(p)) emitPair(c, t.ele(p), t.score(p), withScores);
  }
}

function zunionstoreCommand(c: CommandContext): void {
  zsetOpGeneric(c, c.argv[1]!, 2, SetOp.Union, false);
}
function zinterstoreCommand(c: CommandContext): void {
  zsetOpGeneric(c, c.argv[1]!, 2, SetOp.Inter, false);
}
function zdiffstoreCommand(c: CommandContext): void {
  zsetOpGeneric(c, c.argv[1]!, 2, SetOp.Diff, false);
}
function zunionCommand(c: CommandContext): void {
  zsetOpGeneric(c, null, 1, SetOp.Union, false);
}
function zinterCommand(c: CommandContext): void {
  zsetOpGeneric(c, null, 1, SetOp.Inter, false);
}
function zintercardCommand(c: CommandContext): void {
  zsetOpGeneric(c, null, 1, SetOp.Inter, true);
}
function zdiffCommand(c: CommandContext): void {
  zsetOpGeneric(c, null, 1, SetOp.Diff, false);
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER, ZSCAN

function zrandmemberWithCount(c: CommandContext, l: number, withScores: boolean): void {
  const zs = lookupZsetRead(c, c.argv[1]!);
  if (zs === undefined) return c.reply.array(0);
  const size = zs.size;
  const uniq = l >= 0;
  const count = uniq ? l : -l;
  if (count === 0) return c.reply.array(0);
  const dict = zs.dict;
  if (!uniq || count === 1) {
    arrayLenFor(c, count, withScores);
    for (let i = 0; i < count; i++) {
      const idx = Math.floor(Math.random() * size);
      emitPair(c, dict.keyAt(idx), dict.valueAt(idx), withScores);
    }
    return;
  }
  if (count >= size) {
    // zuiNext walks sorted sets from the tail.
    arrayLenFor(c, size, withScores);
    const t = zs.tree;
    for (let p = t.last(); p >= 0; p = t.prev(p)) emitPair(c, t.ele(p), t.score(p), withScores);
    return;
  }
  if (count * 3 <= size) {
    // Few members out of many (Redis's CASE 4): random picks, duplicates skipped; O(count).
    const seen = new Set<number>();
    arrayLenFor(c, count, withScores);
    while (seen.size < count) {
      const k = Math.floor(Math.random() * size);
      if (seen.has(k)) continue;
      seen.add(k);
      emitPair(c, dict.keyAt(k), dict.valueAt(k), withScores);
    }
    return;
  }
  // Distinct members: partial Fisher-Yates over slot indexes.
  const idx = new Array<number>(size);
  for (let i = 0; i < size; i++) idx[i] = i;
  arrayLenFor(c, count, withScores);
  for (let i = 0; i < count; i++) {
    const k = i + Math.floor(Math.random() * (size - i));
    const t = idx[k]!;
    idx[k] = idx[i]!;
    idx[i] = t;
    emitPair(c, dict.keyAt(t), dict.valueAt(t), withScores);
  }
}

function zrandmemberCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length >= 3) {
    const l = argLongNoMin(argv[2]!);
    let withScores = false;
    if (argv.length > 4 || (argv.length === 4 && !eq(argv[3]!, 'withscores'))) throw new ReplyError(E.syntax);
    if (argv.length === 4) {
      withScores = true;
      if (l < -4611686018427387903 || l > 4611686018427387903) throw new ReplyError(E.outOfRangeValue);
    }
    zrandmemberWithCount(c, l, withScores);
    return;
  }
  const zs = lookupZsetRead(c, argv[1]!);
  if (zs === undefined) return c.reply.nil();
  c.reply.bulk(zs.dict.randomKey()!);
}

function zscanCommand(c: CommandContext): void {
  const cursor = parseScanCursor(c.argv, 2);
  const zs = lookupZsetRead(c, c.argv[1]!);
  if (zs === undefined) return replyEmptyScan(c);
  const opts = parseScanOptions(c.argv, 3, cursor);
  const members: string[] = [];
  const scores: number[] = [];
  let next = 0;
  if (zs.listpack) {
    const t = zs.tree;
    for (let p = t.first(); p >= 0; p = t.next(p)) {
      members.push(t.ele(p));
      scores.push(t.score(p));
    }
  } else {
    next = zs.dict.scan(opts.cursor, opts.count, (k, v) => {
      members.push(k);
      scores.push(v);
    });
  }
  const pat = opts.pattern;
  let n = 0;
  const keep: boolean[] = new Array(members.length);
  for (let i = 0; i < members.length; i++) {
    keep[i] = pat === null || globMatch(pat, members[i]!);
    if (keep[i]) n++;
  }
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.array(n * 2);
  for (let i = 0; i < members.length; i++) {
    if (!keep[i]) continue;
    c.reply.bulk(members[i]!);
    c.reply.bulk(formatDouble17(scores[i]!));
  }
}

// ---------------------------------------------------------------------------------------------
// Table

/** Keys of ZUNIONSTORE-like commands: the destination, then numkeys keys after argv[2]. */
const afterDstKeys = numkeysKeys(2);
function storeNumkeysKeys(argv: readonly string[]): number[] {
  const rest = afterDstKeys(argv);
  return rest.length === 0 ? [] : [1, ...rest];
}

/** BZMPOP timeout numkeys key...: keys start after argv[2]. */
const bzmpopKeys = numkeysKeys(2);

const Z = { group: 'sorted-set', acl: ['sortedset'] } as const;

export const zsetCommands: readonly CommandSpec[] = [
  { name: 'zadd', arity: -4, ...docs('zadd'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zaddCommand },
  { name: 'zincrby', arity: 4, ...docs('zincrby'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zincrbyCommand },
  { name: 'zrem', arity: -3, ...docs('zrem'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zremCommand },
  { name: 'zcard', arity: 2, ...docs('zcard'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zcardCommand },
  { name: 'zscore', arity: 3, ...docs('zscore'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zscoreCommand },
  { name: 'zmscore', arity: -3, ...docs('zmscore'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zmscoreCommand },
  { name: 'zrank', arity: 3, ...docs('zrank'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrankCommand },
  { name: 'zrevrank', arity: 3, ...docs('zrevrank'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrevrankCommand },
  { name: 'zcount', arity: 4, ...docs('zcount'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zcountCommand },
  { name: 'zlexcount', arity: 4, ...docs('zlexcount'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zlexcountCommand },
  { name: 'zrange', arity: -4, ...docs('zrange'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrangeCommand },
  { name: 'zrangestore', arity: -5, ...docs('zrangestore'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1, ...Z, handler: zrangestoreCommand },
  { name: 'zrevrange', arity: -4, ...docs('zrevrange'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrevrangeCommand },
  { name: 'zrangebyscore', arity: -4, ...docs('zrangebyscore'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrangebyscoreCommand },
  { name: 'zrevrangebyscore', arity: -4, ...docs('zrevrangebyscore'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrevrangebyscoreCommand },
  { name: 'zrangebylex', arity: -4, ...docs('zrangebylex'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrangebylexCommand },
  { name: 'zrevrangebylex', arity: -4, ...docs('zrevrangebylex'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zrevrangebylexCommand },
  { name: 'zremrangebyrank', arity: 4, ...docs('zremrangebyrank'), flags: ['write'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zremrangebyrankCommand },
  { name: 'zremrangebyscore', arity: 4, ...docs('zremrangebyscore'), flags: ['write'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zremrangebyscoreCommand },
  { name: 'zremrangebylex', arity: 4, ...docs('zremrangebylex'), flags: ['write'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zremrangebylexCommand },
  { name: 'zpopmin', arity: -2, ...docs('zpopmin'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zpopminCommand },
  { name: 'zpopmax', arity: -2, ...docs('zpopmax'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...Z, handler: zpopmaxCommand },
  { name: 'zmpop', arity: -4, ...docs('zmpop'), flags: ['write', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, ...Z, keys: numkeysKeys(1), handler: zmpopCommand },
  { name: 'bzpopmin', arity: -3, ...docs('bzpopmin'), flags: ['write', 'noscript', 'blocking', 'fast'], firstKey: 1, lastKey: -2, step: 1, ...Z, handler: bzpopminCommand },
  { name: 'bzpopmax', arity: -3, ...docs('bzpopmax'), flags: ['write', 'noscript', 'blocking', 'fast'], firstKey: 1, lastKey: -2, step: 1, ...Z, handler: bzpopmaxCommand },
  { name: 'bzmpop', arity: -5, ...docs('bzmpop'), flags: ['write', 'blocking', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, ...Z, keys: bzmpopKeys, handler: bzmpopCommand },
  { name: 'zunionstore', arity: -4, ...docs('zunionstore'), flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1, ...Z, keys: storeNumkeysKeys, handler: zunionstoreCommand },
  { name: 'zinterstore', arity: -4, ...docs('zinterstore'), flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1, ...Z, keys: storeNumkeysKeys, handler: zinterstoreCommand },
  { name: 'zdiffstore', arity: -4, ...docs('zdiffstore'), flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1, ...Z, keys: storeNumkeysKeys, handler: zdiffstoreCommand },
  { name: 'zunion', arity: -3, ...docs('zunion'), flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, ...Z, keys: numkeysKeys(1), handler: zunionCommand },
  { name: 'zinter', arity: -3, ...docs('zinter'), flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, ...Z, keys: numkeysKeys(1), handler: zinterCommand },
  { name: 'zintercard', arity: -3, ...docs('zintercard'), flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, ...Z, keys: numkeysKeys(1), handler: zintercardCommand },
  { name: 'zdiff', arity: -3, ...docs('zdiff'), flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, ...Z, keys: numkeysKeys(1), handler: zdiffCommand },
  { name: 'zrandmember', arity: -2, ...docs('zrandmember'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, tips: ['nondeterministic_output'], handler: zrandmemberCommand },
  { name: 'zscan', arity: -3, ...docs('zscan'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...Z, tips: ['nondeterministic_output'], handler: zscanCommand },
];
