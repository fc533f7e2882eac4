/**
 * commands/list.ts — list commands (https://redis.io/commands/?group=list), the "List Commands"
 * half of t_list.c, including the blocking ones (BLPOP, BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP) which
 * wait through src/blocking.ts.
 *
 * Every handler validates before its first mutation or reply byte. After a change it does what
 * Redis does: server.dirty per element, signalModifiedKey, the keyspace event(s), and an emptied
 * list is deleted with a 'del' event. A newly created list signals blocked clients through
 * Database.setKey (Redis's dbAdd).
 */
import type { CommandSpec } from './registry';
import { lhDocs } from './list-hash-docs';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, argPositive, argTimeout, eq } from './args';
import { lookupTyped, type TypedValue } from '../db/database';
import { NotifyFlags } from '../db/notify';
import { ListValue } from '../ds/list';
import { parseInt64, parseInt64Big } from '../util/numbers';
import { blockingOf, type BlockHandler } from '../blocking';
import type { Client } from '../protocol/client';

const HEAD = 0;
const TAIL = 1;
type Where = typeof HEAD | typeof TAIL;

function lookupList(c: CommandContext, key: string, read: boolean): ListValue | undefined {
  return lookupTyped<ListValue & TypedValue>(c.db, key, 'list', read);
}

/** LEFT|RIGHT (getListPositionFromObjectOrReply). */
function argWhere(s: string): Where {
  if (eq(s, 'right')) return TAIL;
  if (eq(s, 'left')) return HEAD;
  throw new ReplyError(E.syntax);
}

function popEnd(l: ListValue, where: Where): string {
  return (where === HEAD ? l.popHead() : l.popTail())!;
}

// ------------------------------------------------------------------------------------------------
// Push
// ------------------------------------------------------------------------------------------------

/** LPUSH/RPUSH/LPUSHX/RPUSHX (pushGenericCommand). `xx`: only when the key exists. */
function pushGenericCommand(c: CommandContext, where: Where, xx: boolean): void {
  const argv = c.argv;
  const key = argv[1]!;
  let l = lookupList(c, key, false);
  if (l === undefined) {
    if (xx) {
      c.reply.int(0);
      return;
    }
    l = new ListValue();
    c.db.setKey(key, l);
  }
  const server = c.server;
  for (let j = 2; j < argv.length; j++) {
    if (where === HEAD) l.pushHead(argv[j]!);
    else l.pushTail(argv[j]!);
    server.dirty++;
  }
  c.reply.int(l.length);
  server.signalModifiedKey(c.db, key);
  server.notify(NotifyFlags.List, where === HEAD ? 'lpush' : 'rpush', key, c.db.id);
}

function lpushCommand(c: CommandContext): void {
  pushGenericCommand(c, HEAD, false);
}
function rpushCommand(c: CommandContext): void {
  pushGenericCommand(c, TAIL, false);
}
function lpushxCommand(c: CommandContext): void {
  pushGenericCommand(c, HEAD, true);
}
function rpushxCommand(c: CommandContext): void {
  pushGenericCommand(c, TAIL, true);
}

// ------------------------------------------------------------------------------------------------
// Read and edit in place
// ------------------------------------------------------------------------------------------------

/** LINSERT key BEFORE|AFTER pivot element */
function linsertCommand(c: CommandContext): void {
  const argv = c.argv;
  let after: boolean;
  if (eq(argv[2]!, 'after')) after = true;
  else if (eq(argv[2]!, 'before')) after = false;
  else throw new ReplyError(E.syntax);
  const key = argv[1]!;
  const l = lookupList(c, key, false);
  if (l === undefined) {
    c.reply.int(0);
    return;
  }
  const i = l.indexOf(argv[3]!);
  if (i < 0) {
    c.reply.int(-1);
    return;
  }
  l.insertAt(after ? i + 1 : i, argv[4]!);
  c.server.signalModifiedKey(c.db, key);
  c.server.notify(NotifyFlags.List, 'linsert', key, c.db.id);
  c.server.dirty++;
  c.reply.int(l.length);
}

function llenCommand(c: CommandContext): void {
  const l = lookupList(c, c.argv[1]!, true);
  c.reply.int(l === undefined ? 0 : l.length);
}

/** LINDEX key index — the key is looked up before the index is parsed, as in Redis. */
function lindexCommand(c: CommandContext): void {
  const l = lookupList(c, c.argv[1]!, true);
  if (l === undefined) {
    c.reply.nil();
    return;
  }
  const i = l.normalize(argInt(c.argv[2]!));
  if (i < 0) c.reply.nil();
  else c.reply.bulk(l.at(i));
}

/** LSET key index element */
function lsetCommand(c: CommandContext): void {
  const key = c.argv[1]!;
  const l = lookupList(c, key, false);
  if (l === undefined) throw new ReplyError(E.noKey);
  const i = l.normalize(argInt(c.argv[2]!));
  if (i < 0) throw new ReplyError(E.outOfRange);
  l.setAt(i, c.argv[3]!);
  c.reply.ok();
  c.server.signalModifiedKey(c.db, key);
  c.server.notify(NotifyFlags.List, 'lset', key, c.db.id);
  c.server.dirty++;
}

/**
 * Normalizes a [start, end] range like addListRangeReply / LTRIM: returns [start, end] clamped
 * into the list, or null when the range is empty.
 */
function clampRange(start: number, end: number, llen: number): [number, number] | null {
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return null;
  if (end >= llen) end = llen - 1;
  return [start, end];
}

/** Replies with elements start..end (negative indexes allowed), reversed when `reverse`. */
function addListRangeReply(c: Client, l: ListValue, start: number, end: number, reverse: boolean): void {
  const r = clampRange(start, end, l.length);
  if (r === null) {
    c.reply.array(0);
    return;
  }
  const [s, e] = r;
  c.reply.array(e - s + 1);
  if (reverse) for (let i = e; i >= s; i--) c.reply.bulk(l.at(i));
  else for (let i = s; i <= e; i++) c.reply.bulk(l.at(i));
}

/** LRANGE key start stop — indexes are parsed before the lookup. */
function lrangeCommand(c: CommandContext): void {
  const start = argInt(c.argv[2]!);
  const end = argInt(c.argv[3]!);
  const l = lookupList(c, c.argv[1]!, true);
  if (l === undefined) c.reply.array(0);
  else addListRangeReply(c, l, start, end, false);
}

/** LTRIM key start stop */
function ltrimCommand(c: CommandContext): void {
  const start = argInt(c.argv[2]!);
  const end = argInt(c.argv[3]!);
  const key = c.argv[1]!;
  const l = lookupList(c, key, false);
  if (l === undefined) {
    c.reply.ok();
    return;
  }
  const llen = l.length;
  const r = clampRange(start, end, llen);
  const ltrim = r === null ? llen : r[0];
  const rtrim = r === null ? 0 : llen - r[1] - 1;
  l.trim(ltrim, rtrim);
  const server = c.server;
  server.notify(NotifyFlags.List, 'ltrim', key, c.db.id);
  if (l.length === 0) {
    c.db.deleteKey(key);
    server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
  }
  server.signalModifiedKey(c.db, key);
  server.dirty += ltrim + rtrim;
  c.reply.ok();
}

/** A non-negative long whose errors (not a number, negative) both read `msg`. */
function argNonNegative(s: string, msg: string): number {
  const v = parseInt64(s);
  if (v === null || v < 0) throw new ReplyError(msg);
  return v;
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
function lposCommand(c: CommandContext): void {
  const argv = c.argv;
  const ele = argv[2]!;
  let rank = 1;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  // RANK LONG_MIN: Redis negates it in place and it stays negative, so every match is past the
  // rank and the COUNT test overflows and never stops the scan (pinned by the diff test).
  let rankMin = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = argv.length - 1 - j;
    if (eq(opt, 'rank') && more) {
      j++;
      rank = argInt(argv[j]!);
      if (rank === 0) throw new ReplyError(E.lposRankZero);
      rankMin = rank === -9223372036854775808 && parseInt64Big(argv[j]!) === -9223372036854775808n;
    } else if (eq(opt, 'count') && more) {
      j++;
      count = argNonNegative(argv[j]!, E.lposCountNegative);
    } else if (eq(opt, 'maxlen') && more) {
      j++;
      maxlen = argNonNegative(argv[j]!, E.lposMaxlenNegative);
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  let fromTail = false;
  if (rank < 0) {
    rank = -rank;
    fromTail = true;
  }
  const l = lookupList(c, argv[1]!, true);
  if (l === undefined) {
    if (count !== -1) c.reply.array(0);
    else c.reply.nil();
    return;
  }
  const llen = l.length;
  const limit = maxlen === 0 ? llen : Math.min(maxlen, llen);
  let matches = 0;
  if (count !== -1) {
    const out: number[] = [];
    for (let index = 0; index < limit; index++) {
      const pos = fromTail ? llen - index - 1 : index;
      if (l.at(pos) !== ele) continue;
      matches++;
      if (rankMin || matches >= rank) {
        out.push(pos);
        if (count && !rankMin && matches - rank + 1 >= count) break;
      }
    }
    c.reply.array(out.length);
    for (const p of out) c.reply.int(p);
    return;
  }
  for (let index = 0; index < limit; index++) {
    const pos = fromTail ? llen - index - 1 : index;
    if (l.at(pos) !== ele) continue;
    matches++;
    if (rankMin || matches >= rank) {
      c.reply.int(pos);
      return;
    }
  }
  c.reply.nil();
}

/** LREM key count element */
function lremCommand(c: CommandContext): void {
  let toremove = argInt(c.argv[2]!);
  const key = c.argv[1]!;
  const l = lookupList(c, key, false);
  if (l === undefined) {
    c.reply.int(0);
    return;
  }
  const fromTail = toremove < 0;
  if (fromTail) toremove = -toremove;
  const removed = l.removeValue(c.argv[3]!, toremove, fromTail);
  const server = c.server;
  server.dirty += removed;
  if (removed) {
    server.signalModifiedKey(c.db, key);
    server.notify(NotifyFlags.List, 'lrem', key, c.db.id);
  }
  if (l.length === 0) {
    c.db.deleteKey(key);
    server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
  }
  c.reply.int(removed);
}

// ------------------------------------------------------------------------------------------------
// Pop
// ------------------------------------------------------------------------------------------------

/** After popping `count` elements: event, delete when empty, signal, dirty (listElementsRemoved). */
function listElementsRemoved(c: Client, key: string, where: Where, l: ListValue, count: number): boolean {
  const server = c.server;
  server.notify(NotifyFlags.List, where === HEAD ? 'lpop' : 'rpop', key, c.db.id);
  let deleted = false;
  if (l.length === 0) {
    c.db.deleteKey(key);
    server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
    deleted = true;
  }
  server.signalModifiedKey(c.db, key);
  server.dirty += count;
  return deleted;
}

/** Replies [key, [elements…]] and pops up to count elements (listPopRangeAndReplyWithKey). */
function listPopRangeAndReplyWithKey(c: Client, l: ListValue, key: string, where: Where, count: number): void {
  const llen = l.length;
  const n = count > llen ? llen : count;
  c.reply.array(2);
  c.reply.bulk(key);
  c.reply.array(n);
  for (let i = 0; i < n; i++) c.reply.bulk(popEnd(l, where));
  listElementsRemoved(c, key, where, l, n);
}

/** LPOP/RPOP key [count] */
function popGenericCommand(c: CommandContext, where: Where): void {
  const argv = c.argv;
  if (argv.length > 3) throw new ReplyError(E.wrongArity(c.cmd!.fullName));
  const hasCount = argv.length === 3;
  const count = hasCount ? argPositive(argv[2]!) : 0;
  const key = argv[1]!;
  const l = lookupList(c, key, false);
  if (l === undefined) {
    if (hasCount) c.reply.nullArray();
    else c.reply.nil();
    return;
  }
  if (hasCount && count === 0) {
    c.reply.array(0);
    return;
  }
  if (!hasCount) {
    c.reply.bulk(popEnd(l, where));
    listElementsRemoved(c, key, where, l, 1);
    return;
  }
  const n = count > l.length ? l.length : count;
  c.reply.array(n);
  for (let i = 0; i < n; i++) c.reply.bulk(popEnd(l, where));
  listElementsRemoved(c, key, where, l, n);
}

function lpopCommand(c: CommandContext): void {
  popGenericCommand(c, HEAD);
}
function rpopCommand(c: CommandContext): void {
  popGenericCommand(c, TAIL);
}

/** Pushes a moved value onto the destination, creating it (lmoveHandlePush). Replies the value. */
function lmoveHandlePush(c: Client, dstkey: string, dst: ListValue | undefined, value: string, where: Where): void {
  if (dst === undefined) {
    dst = new ListValue();
    c.db.setKey(dstkey, dst);
  }
  c.server.signalModifiedKey(c.db, dstkey);
  if (where === HEAD) dst.pushHead(value);
  else dst.pushTail(value);
  c.server.notify(NotifyFlags.List, where === HEAD ? 'lpush' : 'rpush', dstkey, c.db.id);
  c.reply.bulk(value);
}

/** LMOVE/RPOPLPUSH and the non-blocking path of BLMOVE/BRPOPLPUSH (lmoveGenericCommand). */
function lmoveGenericCommand(c: CommandContext, wherefrom: Where, whereto: Where): void {
  const src = c.argv[1]!;
  const dstkey = c.argv[2]!;
  const sl = lookupList(c, src, false);
  if (sl === undefined) {
    c.reply.nil();
    return;
  }
  const dl = lookupList(c, dstkey, false);
  const value = popEnd(sl, wherefrom);
  // Source and destination may be the same list: the pop happened first, as in Redis.
  lmoveHandlePush(c, dstkey, dl, value, whereto);
  const server = c.server;
  server.notify(NotifyFlags.List, wherefrom === HEAD ? 'lpop' : 'rpop', src, c.db.id);
  if (sl.length === 0) {
    c.db.deleteKey(src);
    server.notify(NotifyFlags.Generic, 'del', src, c.db.id);
  }
  server.signalModifiedKey(c.db, src);
  server.dirty++;
}

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
function lmoveCommand(c: CommandContext): void {
  const from = argWhere(c.argv[3]!);
  const to = argWhere(c.argv[4]!);
  lmoveGenericCommand(c, from, to);
}

/** RPOPLPUSH source destination */
function rpoplpushCommand(c: CommandContext): void {
  lmoveGenericCommand(c, TAIL, HEAD);
}

/** LMPOP/BLMPOP argument parsing: keys, where, count (lmpopGenericCommand). */
function parseMpop(c: CommandContext, numkeysIdx: number): { first: number; numkeys: number; where: Where; count: number } {
  const argv = c.argv;
  const nk = parseInt64(argv[numkeysIdx]!);
  if (nk === null || nk < 1) throw new ReplyError(E.numkeysPositive);
  const whereIdx = numkeysIdx + nk + 1;
  if (whereIdx >= argv.length) throw new ReplyError(E.syntax);
  const where = argWhere(argv[whereIdx]!);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && eq(argv[j]!, 'count') && more) {
      j++;
      const v = parseInt64(argv[j]!);
      if (v === null || v < 1) throw new ReplyError(E.countPositive);
      count = v;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  if (count === -1) count = 1;
  return { first: numkeysIdx + 1, numkeys: nk, where, count };
}

/** LMPOP numkeys key [key …] LEFT|RIGHT [COUNT count] */
function lmpopCommand(c: CommandContext): void {
  const { first, numkeys, where, count } = parseMpop(c, 1);
  const argv = c.argv;
  for (let j = first; j < first + numkeys; j++) {
    const key = argv[j]!;
    const l = lookupList(c, key, false);
    if (l === undefined || l.length === 0) continue;
    listPopRangeAndReplyWithKey(c, l, key, where, count);
    return;
  }
  c.reply.nullArray();
}

// ------------------------------------------------------------------------------------------------
// Blocking
// ------------------------------------------------------------------------------------------------

/** What a client blocked on lists waits to do (c->bpop: blockpos, target, count). */
interface ListWait {
  wherefrom: Where;
  whereto: Where;
  /** BLMOVE/BRPOPLPUSH destination, or null for pops. */
  target: string | null;
  /** BLMPOP count, or -1 for BLPOP/BRPOP. */
  count: number;
}

/**
 * Serves a client blocked on a list that now has elements (serveClientBlockedOnList). A
 * WRONGTYPE destination is the client's reply (and it is unblocked), the list is left alone.
 */
const listBlockHandler: BlockHandler<ListWait> = {
  type: 'list',
  serve(r: Client, key: string, value: TypedValue, w: ListWait): boolean {
    const l = value as unknown as ListValue;
    if (l.length === 0) return false;
    const server = r.server;
    if (w.target === null) {
      if (w.count !== -1) {
        listPopRangeAndReplyWithKey(r, l, key, w.wherefrom, w.count);
        return true;
      }
      const v = popEnd(l, w.wherefrom);
      r.reply.array(2);
      r.reply.bulk(key);
      r.reply.bulk(v);
      server.notify(NotifyFlags.List, w.wherefrom === HEAD ? 'lpop' : 'rpop', key, r.db.id);
    } else {
      const dst = lookupList(r, w.target, false); // throws WRONGTYPE: becomes the reply
      const v = popEnd(l, w.wherefrom);
      lmoveHandlePush(r, w.target, dst, v, w.whereto);
      server.notify(NotifyFlags.List, w.wherefrom === TAIL ? 'rpop' : 'lpop', key, r.db.id);
    }
    if (l.length === 0 && r.db.dict.get(key) === value) {
      r.db.deleteKey(key);
      server.notify(NotifyFlags.Generic, 'del', key, r.db.id);
    }
    return true;
  },
};

/**
 * BLPOP/BRPOP/BLMPOP core (blockingPopGenericCommand): pops like the non-blocking command when
 * one of the keys has elements, else blocks (or, where blocking is not allowed, replies a null
 * array at once).
 */
function blockingPopGenericCommand(c: CommandContext, first: number, numkeys: number, where: Where, timeoutIdx: number, count: number): void {
  const argv = c.argv;
  const deadline = argTimeout(argv[timeoutIdx]!, c.now);
  for (let j = first; j < first + numkeys; j++) {
    const key = argv[j]!;
    const l = lookupList(c, key, false);
    if (l === undefined || l.length === 0) continue;
    if (count !== -1) {
      listPopRangeAndReplyWithKey(c, l, key, where, count);
      return;
    }
    const v = popEnd(l, where);
    c.reply.array(2);
    c.reply.bulk(key);
    c.reply.bulk(v);
    listElementsRemoved(c, key, where, l, 1);
    return;
  }
  const b = blockingOf(c.server);
  if (!b.mayBlock(c)) {
    c.reply.nullArray();
    return;
  }
  b.block<ListWait>(c, argv.slice(first, first + numkeys), deadline, listBlockHandler, { wherefrom: where, whereto: HEAD, target: null, count });
}

/** BLPOP key [key …] timeout */
function blpopCommand(c: CommandContext): void {
  blockingPopGenericCommand(c, 1, c.argv.length - 2, HEAD, c.argv.length - 1, -1);
}

/** BRPOP key [key …] timeout */
function brpopCommand(c: CommandContext): void {
  blockingPopGenericCommand(c, 1, c.argv.length - 2, TAIL, c.argv.length - 1, -1);
}

/** BLMOVE/BRPOPLPUSH after argument parsing (blmoveGenericCommand). */
function blmoveGenericCommand(c: CommandContext, wherefrom: Where, whereto: Where, deadline: number): void {
  const l = lookupList(c, c.argv[1]!, false);
  if (l !== undefined) {
    lmoveGenericCommand(c, wherefrom, whereto);
    return;
  }
  const b = blockingOf(c.server);
  if (!b.mayBlock(c)) {
    // Unlike the pops, this replies a null bulk (addReplyNull).
    c.reply.nil();
    return;
  }
  b.block<ListWait>(c, [c.argv[1]!], deadline, listBlockHandler, { wherefrom, whereto, target: c.argv[2]!, count: -1 });
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
function blmoveCommand(c: CommandContext): void {
  const from = argWhere(c.argv[3]!);
  const to = argWhere(c.argv[4]!);
  const deadline = argTimeout(c.argv[5]!, c.now);
  blmoveGenericCommand(c, from, to, deadline);
}

/** BRPOPLPUSH source destination timeout */
function brpoplpushCommand(c: CommandContext): void {
  const deadline = argTimeout(c.argv[3]!, c.now);
  blmoveGenericCommand(c, TAIL, HEAD, deadline);
}

/** BLMPOP timeout numkeys key [key …] LEFT|RIGHT [COUNT count] — the timeout is parsed last. */
function blmpopCommand(c: CommandContext): void {
  const { first, numkeys, where, count } = parseMpop(c, 2);
  blockingPopGenericCommand(c, first, numkeys, where, 1, count);
}

// ------------------------------------------------------------------------------------------------
// Key positions of the movablekeys commands (keynum specs)
// ------------------------------------------------------------------------------------------------

function keynumKeys(argv: readonly string[], numkeysIdx: number): number[] {
  const n = parseInt64(argv[numkeysIdx] ?? '');
  if (n === null || n < 1 || numkeysIdx + n >= argv.length) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(numkeysIdx + 1 + i);
  return out;
}

const lmpopKeys = (argv: readonly string[]): number[] => keynumKeys(argv, 1);
const blmpopKeys = (argv: readonly string[]): number[] => keynumKeys(argv, 2);

export const listCommands: readonly CommandSpec[] = [
  { name: 'lpush', arity: -3, ...lhDocs('lpush'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lpushCommand },
  { name: 'rpush', arity: -3, ...lhDocs('rpush'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: rpushCommand },
  { name: 'lpushx', arity: -3, ...lhDocs('lpushx'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lpushxCommand },
  { name: 'rpushx', arity: -3, ...lhDocs('rpushx'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: rpushxCommand },
  { name: 'lpop', arity: -2, ...lhDocs('lpop'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lpopCommand },
  { name: 'rpop', arity: -2, ...lhDocs('rpop'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: rpopCommand },
  { name: 'llen', arity: 2, ...lhDocs('llen'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: llenCommand },
  { name: 'lrange', arity: 4, ...lhDocs('lrange'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lrangeCommand },
  { name: 'lindex', arity: 3, ...lhDocs('lindex'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lindexCommand },
  { name: 'lset', arity: 4, ...lhDocs('lset'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lsetCommand },
  { name: 'linsert', arity: 5, ...lhDocs('linsert'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: linsertCommand },
  { name: 'lrem', arity: 4, ...lhDocs('lrem'), flags: ['write'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lremCommand },
  { name: 'ltrim', arity: 4, ...lhDocs('ltrim'), flags: ['write'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: ltrimCommand },
  { name: 'lpos', arity: -3, ...lhDocs('lpos'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['list'], group: 'list', handler: lposCommand },
  { name: 'rpoplpush', arity: 3, ...lhDocs('rpoplpush'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1, acl: ['list'], group: 'list', handler: rpoplpushCommand },
  { name: 'lmove', arity: 5, ...lhDocs('lmove'), flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1, acl: ['list'], group: 'list', handler: lmoveCommand },
  { name: 'lmpop', arity: -4, ...lhDocs('lmpop'), flags: ['write', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, acl: ['list'], group: 'list', keys: lmpopKeys, handler: lmpopCommand },
  { name: 'blpop', arity: -3, ...lhDocs('blpop'), flags: ['write', 'noscript', 'blocking'], firstKey: 1, lastKey: -2, step: 1, acl: ['list'], group: 'list', handler: blpopCommand },
  { name: 'brpop', arity: -3, ...lhDocs('brpop'), flags: ['write', 'noscript', 'blocking'], firstKey: 1, lastKey: -2, step: 1, acl: ['list'], group: 'list', handler: brpopCommand },
  { name: 'brpoplpush', arity: 4, ...lhDocs('brpoplpush'), flags: ['write', 'denyoom', 'noscript', 'blocking'], firstKey: 1, lastKey: 2, step: 1, acl: ['list'], group: 'list', handler: brpoplpushCommand },
  { name: 'blmove', arity: 6, ...lhDocs('blmove'), flags: ['write', 'denyoom', 'noscript', 'blocking'], firstKey: 1, lastKey: 2, step: 1, acl: ['list'], group: 'list', handler: blmoveCommand },
  { name: 'blmpop', arity: -5, ...lhDocs('blmpop'), flags: ['write', 'blocking', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, acl: ['list'], group: 'list', keys: blmpopKeys, handler: blmpopCommand },
];
