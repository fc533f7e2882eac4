/**
 * commands/set.ts — set commands (https://redis.io/commands/?group=set), after t_set.c.
 * Values are ds/set.ts RedisSet objects; empty sets are deleted. Also exports the small SCAN
 * option parser shared by SSCAN and ZSCAN (db.c scanGenericCommand's option rules).
 */
import type { CommandSpec } from './registry';
import { docs } from './set-zset-docs';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, argPositive, eq } from './args';
import { lookupTyped } from '../db/database';
import { RedisSet } from '../ds/set';
import { NotifyFlags } from '../db/notify';
import { globMatch } from '../util/glob';
import { parseInt64 } from '../util/numbers';

/** set-max-intset-entries (512 when the config table doesn't have it yet). */
export function maxIntsetEntries(c: CommandContext): number {
  const cfg = c.server.config;
  return cfg.spec('set-max-intset-entries') ? cfg.num('set-max-intset-entries') : 512;
}

function lookupSetRead(c: CommandContext, key: string): RedisSet | undefined {
  return lookupTyped<RedisSet>(c.db, key, 'set', true);
}
function lookupSetWrite(c: CommandContext, key: string): RedisSet | undefined {
  return lookupTyped<RedisSet>(c.db, key, 'set', false);
}

// ---------------------------------------------------------------------------------------------
// SCAN helpers (shared with zset.ts)

export interface ScanOpts {
  cursor: number;
  count: number;
  pattern: string | null;
}

/**
 * Parses "<cursor> [MATCH p] [COUNT n]" starting at argv[cursorIdx] (parseScanCursorOrReply +
 * scanGenericCommand option parsing). The cursor is read like strtoul: digits with an optional
 * sign, no leading space; "invalid cursor" otherwise.
 */
export function parseScanCursor(argv: readonly string[], cursorIdx: number): number {
  const cs = argv[cursorIdx]!;
  if (!/^[+-]?\d*$/.test(cs) || (cs.length > 0 && !/\d/.test(cs))) throw new ReplyError(E.invalidCursor);
  const digits = cs.replace(/^[+-]/, '');
  let cursor = 0;
  if (digits.length > 0) {
    const big = BigInt(digits);
    if (big > 18446744073709551615n) throw new ReplyError(E.invalidCursor);
    cursor = cs.startsWith('-') && big !== 0n ? Number.MAX_SAFE_INTEGER : Number(big);
  }
  return cursor;
}

/**
 * The [MATCH p] [COUNT n] options after the cursor. Redis parses them only once the key was found
 * and type-checked (scanGenericCommand), so a missing key answers an empty scan whatever follows.
 */
export function parseScanOptions(argv: readonly string[], from: number, cursor: number): ScanOpts {
  let count = 10;
  let pattern: string | null = null;
  for (let i = from; i < argv.length; ) {
    const left = argv.length - i;
    const a = argv[i]!;
    if (eq(a, 'count') && left >= 2) {
      count = argInt(argv[i + 1]!);
      if (count < 1) throw new ReplyError(E.syntax);
      i += 2;
    } else if (eq(a, 'match') && left >= 2) {
      const p = argv[i + 1]!;
      pattern = p === '*' ? null : p;
      i += 2;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  return { cursor, count, pattern };
}

/** The empty SCAN reply: ["0", []]. */
export function replyEmptyScan(c: CommandContext): void {
  c.reply.array(2);
  c.reply.bulk('0');
  c.reply.array(0);
}

// ---------------------------------------------------------------------------------------------
// Commands

function saddCommand(c: CommandContext): void {
  const key = c.argv[1]!;
  let set = lookupSetWrite(c, key);
  const max = maxIntsetEntries(c);
  if (set === undefined) {
    set = new RedisSet();
    c.db.setKey(key, set);
  }
  let added = 0;
  for (let j = 2; j < c.argv.length; j++) if (set.add(c.argv[j]!, max)) added++;
  if (added) {
    c.server.signalModifiedKey(c.db, key);
    c.server.notify(NotifyFlags.Set, 'sadd', key, c.db.id);
  }
  c.server.dirty += added;
  c.reply.int(added);
}

function sremCommand(c: CommandContext): void {
  const key = c.argv[1]!;
  const set = lookupSetWrite(c, key);
  if (set === undefined) return c.reply.int(0);
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < c.argv.length; j++) {
    if (set.delete(c.argv[j]!)) {
      deleted++;
      if (set.size === 0) {
        c.db.deleteKey(key);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted) {
    c.server.signalModifiedKey(c.db, key);
    c.server.notify(NotifyFlags.Set, 'srem', key, c.db.id);
    if (keyRemoved) c.server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.reply.int(deleted);
}

function smoveCommand(c: CommandContext): void {
  const srcKey = c.argv[1]!;
  const dstKey = c.argv[2]!;
  const ele = c.argv[3]!;
  const src = c.db.lookupWrite(srcKey);
  const dst = c.db.lookupWrite(dstKey);
  if (src === undefined) return c.reply.int(0);
  if (typeof src === 'string' || src.type !== 'set') throw new ReplyError(E.wrongType);
  if (dst !== undefined && (typeof dst === 'string' || dst.type !== 'set')) throw new ReplyError(E.wrongType);
  const srcSet = src as RedisSet;
  if (src === dst) return c.reply.int(srcSet.has(ele) ? 1 : 0);
  if (!srcSet.delete(ele)) return c.reply.int(0);
  c.server.notify(NotifyFlags.Set, 'srem', srcKey, c.db.id);
  if (srcSet.size === 0) {
    c.db.deleteKey(srcKey);
    c.server.notify(NotifyFlags.Generic, 'del', srcKey, c.db.id);
  }
  let dstSet = dst as RedisSet | undefined;
  if (dstSet === undefined) {
    dstSet = new RedisSet();
    c.db.setKey(dstKey, dstSet);
  }
  c.server.signalModifiedKey(c.db, srcKey);
  c.server.dirty++;
  if (dstSet.add(ele, maxIntsetEntries(c))) {
    c.server.dirty++;
    c.server.signalModifiedKey(c.db, dstKey);
    c.server.notify(NotifyFlags.Set, 'sadd', dstKey, c.db.id);
  }
  c.reply.int(1);
}

function sismemberCommand(c: CommandContext): void {
  const set = lookupSetRead(c, c.argv[1]!);
  c.reply.int(set !== undefined && set.has(c.argv[2]!) ? 1 : 0);
}

function smismemberCommand(c: CommandContext): void {
  const set = lookupSetRead(c, c.argv[1]!);
  c.reply.array(c.argv.length - 2);
  for (let j = 2; j < c.argv.length; j++) c.reply.int(set !== undefined && set.has(c.argv[j]!) ? 1 : 0);
}

function scardCommand(c: CommandContext): void {
  const set = lookupSetRead(c, c.argv[1]!);
  c.reply.int(set === undefined ? 0 : set.size);
}

/** Replies with every member of the set, as a RESP3 set. */
function replySetMembers(c: CommandContext, set: RedisSet): void {
  const m = set.members();
  c.reply.set(m.length);
  for (let i = 0; i < m.length; i++) c.reply.bulk(m[i]!);
}

function spopWithCountCommand(c: CommandContext): void {
  const key = c.argv[1]!;
  const count = argPositive(c.argv[2]!);
  const set = lookupSetWrite(c, key);
  if (set === undefined || count === 0) {
    c.reply.set(0);
    return;
  }
  const size = set.size;
  c.server.notify(NotifyFlags.Set, 'spop', key, c.db.id);
  c.server.dirty += count >= size ? size : count;
  if (count >= size) {
    replySetMembers(c, set);
    c.db.deleteKey(key);
    c.server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
    c.server.signalModifiedKey(c.db, key);
    return;
  }
  c.reply.set(count);
  // Propagated as one SREM per popped member (spopWithCountCommand's alsoPropagate).
  const as = new Array<string[]>(count);
  for (let i = 0; i < count; i++) {
    const m = set.randomMember()!;
    set.delete(m);
    c.reply.bulk(m);
    as[i] = ['SREM', key, m];
  }
  c.server.propagateAs = as;
  c.server.signalModifiedKey(c.db, key);
}

function spopCommand(c: CommandContext): void {
  if (c.argv.length === 3) return spopWithCountCommand(c);
  if (c.argv.length > 3) throw new ReplyError(E.syntax);
  const key = c.argv[1]!;
  const set = lookupSetWrite(c, key);
  if (set === undefined) return c.reply.nil();
  const m = set.randomMember()!;
  set.delete(m);
  c.server.notify(NotifyFlags.Set, 'spop', key, c.db.id);
  c.reply.bulk(m);
  c.server.propagateAs = [['SREM', key, m]];
  if (set.size === 0) {
    c.db.deleteKey(key);
    c.server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
  }
  c.server.signalModifiedKey(c.db, key);
  c.server.dirty++;
}

/** A count in [-LONG_MAX, LONG_MAX] (getRangeLongFromObjectOrReply), as a bigint-free number. */
export function argLongNoMin(s: string): number {
  const v = parseInt64(s);
  if (v === null) throw new ReplyError(E.notInteger);
  if (s === '-9223372036854775808') {
    throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  }
  return v;
}

function srandmemberWithCountCommand(c: CommandContext): void {
  const l = argLongNoMin(c.argv[2]!);
  const set = lookupSetRead(c, c.argv[1]!);
  if (set === undefined || l === 0) {
    c.reply.array(0);
    return;
  }
  const size = set.size;
  if (l < 0 || l === 1) {
    const count = l < 0 ? -l : 1;
    c.reply.array(count);
    for (let i = 0; i < count; i++) c.reply.bulk(set.randomMember()!);
    return;
  }
  if (l >= size) {
    const m = set.members();
    c.reply.array(m.length);
    for (let i = 0; i < m.length; i++) c.reply.bulk(m[i]!);
    return;
  }
  if (l * 3 <= size) {
    // Few members out of many (Redis's CASE 4): random picks, duplicates skipped; O(count).
    const seen = new Set<string>();
    c.reply.array(l);
    while (seen.size < l) {
      const m = set.randomMember()!;
      if (seen.has(m)) continue;
      seen.add(m);
      c.reply.bulk(m);
    }
    return;
  }
  // Distinct random members: a partial Fisher-Yates shuffle of a copy of the member array.
  const arr = set.dict.keys().slice();
  c.reply.array(l);
  for (let i = 0; i < l; i++) {
    const j = i + Math.floor(Math.random() * (arr.length - i));
    const t = arr[j]!;
    arr[j] = arr[i]!;
    arr[i] = t;
    c.reply.bulk(t);
  }
}

function srandmemberCommand(c: CommandContext): void {
  if (c.argv.length === 3) return srandmemberWithCountCommand(c);
  if (c.argv.length > 3) throw new ReplyError(E.syntax);
  const set = lookupSetRead(c, c.argv[1]!);
  if (set === undefined) return c.reply.nil();
  c.reply.bulk(set.randomMember()!);
}

/** Looks up every key as a set (absent → null), throwing WRONGTYPE for other types. */
function lookupSets(c: CommandContext, from: number, n: number): (RedisSet | null)[] {
  const sets: (RedisSet | null)[] = new Array(n);
  for (let j = 0; j < n; j++) sets[j] = lookupSetRead(c, c.argv[from + j]!) ?? null;
  return sets;
}

/** Stores `result` at dstKey (or deletes dstKey when empty) and replies with its size. */
function storeSetResult(c: CommandContext, dstKey: string, result: RedisSet, event: string): void {
  if (result.size > 0) {
    c.db.setKey(dstKey, result);
    c.server.signalModifiedKey(c.db, dstKey);
    c.reply.int(result.size);
    c.server.notify(NotifyFlags.Set, event, dstKey, c.db.id);
    c.server.dirty++;
  } else {
    c.reply.int(0);
    if (c.db.deleteKey(dstKey)) {
      c.server.dirty++;
      c.server.signalModifiedKey(c.db, dstKey);
      c.server.notify(NotifyFlags.Generic, 'del', dstKey, c.db.id);
    }
  }
}

/**
 * SINTER / SMEMBERS / SINTERSTORE / SINTERCARD (sinterGenericCommand). Iterates the smallest set
 * and keeps the members found in all the others. `limit` 0 means no limit (SINTERCARD only).
 */
function sinterGeneric(c: CommandContext, from: number, n: number, dstKey: string | null, cardOnly: boolean, limit: number): void {
  const sets = lookupSets(c, from, n);
  let empty = false;
  for (let j = 0; j < n; j++) if (sets[j] === null) empty = true;
  if (empty) {
    if (dstKey !== null) {
      if (c.db.deleteKey(dstKey)) {
        c.server.signalModifiedKey(c.db, dstKey);
        c.server.notify(NotifyFlags.Generic, 'del', dstKey, c.db.id);
        c.server.dirty++;
      }
      c.reply.int(0);
    } else if (cardOnly) c.reply.int(0);
    else c.reply.set(0);
    return;
  }
  const list = sets as RedisSet[];
  list.sort((a, b) => a.size - b.size);
  const first = list[0]!;
  const members = first.members();
  const dst = dstKey !== null ? new RedisSet() : null;
  const max = dst !== null ? maxIntsetEntries(c) : 0;
  const out: string[] = [];
  let card = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    let j = 1;
    for (; j < n; j++) {
      const s = list[j]!;
      if (s === first) continue;
      if (!s.has(m)) break;
    }
    if (j !== n) continue;
    if (cardOnly) {
      card++;
      if (limit && card >= limit) break;
    } else if (dst !== null) dst.add(m, max);
    else out.push(m);
  }
  if (cardOnly) c.reply.int(card);
  else if (dst !== null) storeSetResult(c, dstKey!, dst, 'sinterstore');
  else {
    c.reply.set(out.length);
    for (let i = 0; i < out.length; i++) c.reply.bulk(out[i]!);
  }
}

function sinterCommand(c: CommandContext): void {
  sinterGeneric(c, 1, c.argv.length - 1, null, false, 0);
}

function sinterstoreCommand(c: CommandContext): void {
  sinterGeneric(c, 2, c.argv.length - 2, c.argv[1]!, false, 0);
}

/** Parses "numkeys key... " as SINTERCARD/ZINTERCARD do. */
function sintercardCommand(c: CommandContext): void {
  const argv = c.argv;
  const numkeys = argPositiveNumkeys(argv[1]!);
  if (numkeys > argv.length - 2) throw new ReplyError(E.numkeysTooMany);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (eq(argv[j]!, 'limit') && more) {
      j++;
      limit = argPositive(argv[j]!, E.limitNegative);
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  sinterGeneric(c, 2, numkeys, null, true, limit);
}

/** numkeys in [1, LONG_MAX] with "numkeys should be greater than 0" for any bad value. */
export function argPositiveNumkeys(s: string): number {
  const v = parseInt64(s);
  if (v === null || v < 1) throw new ReplyError(E.numkeysPositive);
  return v;
}

/** SUNION/SDIFF and their STORE forms (sunionDiffGenericCommand). */
function sunionDiffGeneric(c: CommandContext, from: number, n: number, dstKey: string | null, diff: boolean): void {
  const sets = lookupSets(c, from, n);
  const max = maxIntsetEntries(c);
  const dst = new RedisSet();
  const first = sets[0] ?? null;
  if (!diff) {
    for (let j = 0; j < n; j++) {
      const s = sets[j];
      if (!s) continue;
      const m = s.members();
      for (let i = 0; i < m.length; i++) dst.add(m[i]!, max);
    }
  } else if (first !== null) {
    let same = false;
    for (let j = 1; j < n; j++) if (sets[j] === first) same = true;
    if (!same) {
      const m = first.members();
      for (let i = 0; i < m.length; i++) {
        const e = m[i]!;
        let j = 1;
        for (; j < n; j++) {
          const s = sets[j];
          if (s && s.has(e)) break;
        }
        if (j === n) dst.add(e, max);
      }
    }
  }
  if (dstKey === null) {
    replySetMembers(c, dst);
    return;
  }
  storeSetResult(c, dstKey, dst, diff ? 'sdiffstore' : 'sunionstore');
}

function sunionCommand(c: CommandContext): void {
  sunionDiffGeneric(c, 1, c.argv.length - 1, null, false);
}
function sunionstoreCommand(c: CommandContext): void {
  sunionDiffGeneric(c, 2, c.argv.length - 2, c.argv[1]!, false);
}
function sdiffCommand(c: CommandContext): void {
  sunionDiffGeneric(c, 1, c.argv.length - 1, null, true);
}
function sdiffstoreCommand(c: CommandContext): void {
  sunionDiffGeneric(c, 2, c.argv.length - 2, c.argv[1]!, true);
}

function sscanCommand(c: CommandContext): void {
  const cursor = parseScanCursor(c.argv, 2);
  const set = lookupSetRead(c, c.argv[1]!);
  if (set === undefined) return replyEmptyScan(c);
  const opts = parseScanOptions(c.argv, 3, cursor);
  const out: string[] = [];
  let next = 0;
  if (set.intset) {
    const m = set.members();
    for (let i = 0; i < m.length; i++) out.push(m[i]!);
  } else {
    next = set.dict.scan(opts.cursor, opts.count, (k) => {
      out.push(k);
    });
  }
  const pat = opts.pattern;
  c.reply.array(2);
  c.reply.bulk(String(next));
  if (pat === null) {
    c.reply.bulkArray(out);
    return;
  }
  const kept = out.filter((k) => globMatch(pat, k));
  c.reply.bulkArray(kept);
}

/** Key positions for "numkeys key..." commands (SINTERCARD, ZINTERCARD, ZUNION, …). */
export function numkeysKeys(numkeysIdx: number) {
  return (argv: readonly string[]): number[] => {
    const n = parseInt64(argv[numkeysIdx] ?? '');
    // More keys than arguments: Redis's key-spec extraction fails ("Invalid arguments").
    if (n === null || n < 1 || numkeysIdx + n >= argv.length) return [];
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(numkeysIdx + 1 + i);
    return out;
  };
}

const S = { group: 'set', acl: ['set'] } as const;

export const setCommands: readonly CommandSpec[] = [
  { name: 'sadd', arity: -3, ...docs('sadd'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, handler: saddCommand },
  { name: 'srem', arity: -3, ...docs('srem'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, handler: sremCommand },
  { name: 'smove', arity: 4, ...docs('smove'), flags: ['write', 'fast'], firstKey: 1, lastKey: 2, step: 1, ...S, handler: smoveCommand },
  { name: 'sismember', arity: 3, ...docs('sismember'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, handler: sismemberCommand },
  { name: 'smismember', arity: -3, ...docs('smismember'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, handler: smismemberCommand },
  { name: 'scard', arity: 2, ...docs('scard'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, handler: scardCommand },
  { name: 'spop', arity: -2, ...docs('spop'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, tips: ['nondeterministic_output'], handler: spopCommand },
  { name: 'srandmember', arity: -2, ...docs('srandmember'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...S, tips: ['nondeterministic_output'], handler: srandmemberCommand },
  { name: 'sinter', arity: -2, ...docs('sinter'), flags: ['readonly'], firstKey: 1, lastKey: -1, step: 1, ...S, tips: ['nondeterministic_output_order'], handler: sinterCommand },
  { name: 'sintercard', arity: -3, ...docs('sintercard'), flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, ...S, keys: numkeysKeys(1), handler: sintercardCommand },
  { name: 'sinterstore', arity: -3, ...docs('sinterstore'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 1, ...S, handler: sinterstoreCommand },
  { name: 'sunion', arity: -2, ...docs('sunion'), flags: ['readonly'], firstKey: 1, lastKey: -1, step: 1, ...S, tips: ['nondeterministic_output_order'], handler: sunionCommand },
  { name: 'sunionstore', arity: -3, ...docs('sunionstore'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 1, ...S, handler: sunionstoreCommand },
  { name: 'sdiff', arity: -2, ...docs('sdiff'), flags: ['readonly'], firstKey: 1, lastKey: -1, step: 1, ...S, tips: ['nondeterministic_output_order'], handler: sdiffCommand },
  { name: 'sdiffstore', arity: -3, ...docs('sdiffstore'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 1, ...S, handler: sdiffstoreCommand },
  { name: 'smembers', arity: 2, ...docs('smembers'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...S, tips: ['nondeterministic_output_order'], handler: sinterCommand },
  { name: 'sscan', arity: -3, ...docs('sscan'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...S, tips: ['nondeterministic_output'], handler: sscanCommand },
];
