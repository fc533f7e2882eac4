/**
 * commands/stream.ts — stream commands (https://redis.io/commands/?group=stream), after
 * t_stream.c of Redis 7.0: XADD XRANGE XREVRANGE XLEN XDEL XTRIM XSETID XREAD XREADGROUP XGROUP
 * XACK XPENDING XCLAIM XAUTOCLAIM XINFO. Values are ds/stream.ts Stream objects. Unlike other
 * types, an empty stream is kept (XDEL/XTRIM never delete the key).
 *
 * Blocking XREAD/XREADGROUP go through src/blocking.ts (streamBlockHandler). Times (ID
 * generation, delivery times, seen times) use the command's frozen clock `c.now`.
 * Pinned by test/commands/stream.test.ts and test/diff/stream.diff.test.ts.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import type { Client } from '../protocol/client';
import { E, ReplyError } from '../errors';
import { argInt, eq } from './args';
import { lookupTyped, type TypedValue } from '../db/database';
import { NotifyFlags } from '../db/notify';
import { replyHelp } from './help-reply';
import { blockingOf, type BlockHandler } from '../blocking';
import { ClientFlag } from '../protocol/client';
import { parseInt64 } from '../util/numbers';
import {
  Stream,
  INVALID_ENTRIES_READ,
  type ConsumerGroup,
  type StreamConsumer,
  type StreamNack,
  type TrimStrategy,
} from '../ds/stream';
import {
  compareIds,
  decrId,
  formatId,
  idKey,
  incrId,
  parseStreamId,
  MAX_ID,
  ZERO_ID,
  U64_MAX,
  type StreamID,
} from '../ds/stream-id';

// ---------------------------------------------------------------------------------------------
// Helpers

function lookupStreamRead(c: CommandContext, key: string): Stream | undefined {
  return lookupTyped<Stream>(c.db, key, 'stream', true);
}
function lookupStreamWrite(c: CommandContext, key: string): Stream | undefined {
  return lookupTyped<Stream>(c.db, key, 'stream', false);
}

/** streamParseIDOrReply (strict: `-`/`+` refused). Throws the invalid-ID error. */
function parseId(s: string, missingSeq: bigint, strict: boolean): StreamID {
  const r = parseStreamId(s, missingSeq, strict);
  if (r === null) throw new ReplyError(E.streamInvalidId);
  return r.id;
}

/** streamParseIntervalIDOrReply + the `(` increment/decrement of XRANGE/XPENDING/XAUTOCLAIM. */
function parseRangeStart(s: string): StreamID {
  if (s.length > 1 && s[0] === '(') {
    const id = incrId(parseId(s.slice(1), 0n, true));
    if (id === null) throw new ReplyError(E.streamInvalidStart);
    return id;
  }
  return parseId(s, 0n, false);
}
function parseRangeEnd(s: string): StreamID {
  if (s.length > 1 && s[0] === '(') {
    const id = decrId(parseId(s.slice(1), U64_MAX, true));
    if (id === null) throw new ReplyError(E.streamInvalidEnd);
    return id;
  }
  return parseId(s, U64_MAX, false);
}

function replyId(c: Client, id: StreamID): void {
  c.reply.bulk(formatId(id));
}

function replyEntry(c: Client, id: StreamID, fields: readonly string[]): void {
  c.reply.array(2);
  c.reply.bulk(formatId(id));
  c.reply.array(fields.length);
  for (let i = 0; i < fields.length; i++) c.reply.bulk(fields[i]!);
}

function nodeLimits(c: Client): { maxBytes: number; maxEntries: number } {
  const cfg = c.server.config;
  return { maxBytes: cfg.num('stream-node-max-bytes'), maxEntries: cfg.num('stream-node-max-entries') };
}

const RWR_NOACK = 1;
const RWR_RAWENTRIES = 2;
const RWR_HISTORY = 4;

/**
 * streamReplyWithRange: replies the live entries in [start, end] (at most `count`, 0 = all).
 * With a group: advances its last-delivered ID / read counter and, unless NOACK, records the
 * entries as pending for `consumer`. RAWENTRIES omits the enclosing array. Returns the count.
 */
function replyRange(
  c: Client,
  s: Stream,
  start: StreamID,
  end: StreamID,
  count: number,
  rev: boolean,
  group: ConsumerGroup | null,
  consumer: StreamConsumer | null,
  flags: number,
): number {
  if (group !== null && flags & RWR_HISTORY) return replyRangeFromConsumerPel(c, s, start, count, consumer!);
  const h = flags & RWR_RAWENTRIES ? -1 : c.reply.deferLen();
  let n = 0;
  const it = s.iterate(start, end, rev);
  const now = c.now;
  for (let id = it.next(); id !== null; id = it.next()) {
    if (group !== null) s.advanceGroup(group, id);
    replyEntry(c, id, it.fields());
    if (group !== null && (flags & RWR_NOACK) === 0) {
      const k = idKey(id);
      const nack = group.pel.getByKey(k);
      if (nack === undefined) {
        const fresh: StreamNack = { id, consumer, deliveryTime: now, deliveryCount: 1 };
        group.pel.tryInsertKey(k, fresh);
        consumer!.pel.tryInsertKey(k, fresh);
      } else {
        nack.consumer?.pel.delete(id);
        nack.consumer = consumer;
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
        consumer!.pel.tryInsertKey(k, nack);
      }
    }
    n++;
    if (count && count === n) break;
  }
  if (h >= 0) c.reply.setDeferredLen(h, n);
  return n;
}

/** streamReplyWithRangeFromConsumerPEL: a consumer's history (XREADGROUP with an ID). */
function replyRangeFromConsumerPel(c: Client, s: Stream, start: StreamID, count: number, consumer: StreamConsumer): number {
  const h = c.reply.deferLen();
  let n = 0;
  const pel = consumer.pel;
  const now = c.now;
  for (let nack = pel.ceil(start); nack !== undefined && (!count || n < count); nack = pel.higher(nack.id)) {
    const fields = s.get(nack.id);
    if (fields === null) {
      // Pending, but deleted from the stream meanwhile: the ID with a null entry.
      c.reply.array(2);
      replyId(c, nack.id);
      c.reply.nullArray();
    } else {
      replyEntry(c, nack.id, fields);
      nack.deliveryTime = now;
      nack.deliveryCount++;
    }
    n++;
  }
  c.reply.setDeferredLen(h, n);
  return n;
}

/** streamLookupConsumer (refreshing seen-time unless noRefresh). */
function lookupConsumer(g: ConsumerGroup, name: string, now: number, noRefresh = false): StreamConsumer | null {
  const cons = g.consumers.get(name);
  if (cons === undefined) return null;
  if (!noRefresh) cons.seenTime = now;
  return cons;
}

/** streamCreateConsumer with notification and dirty. */
function createConsumer(c: Client, g: ConsumerGroup, name: string, key: string, dbId: number): StreamConsumer | null {
  const cons = g.createConsumer(name, c.now);
  if (cons === null) return null;
  c.server.dirty++;
  c.server.notify(NotifyFlags.Stream, 'xgroup-createconsumer', key, dbId);
  return cons;
}

function lookupOrCreateConsumer(c: Client, g: ConsumerGroup, name: string, key: string, dbId: number): StreamConsumer {
  return lookupConsumer(g, name, c.now) ?? createConsumer(c, g, name, key, dbId)!;
}

// ---------------------------------------------------------------------------------------------
// XADD / XTRIM

interface AddTrimArgs {
  id: StreamID | null;
  seqGiven: boolean;
  noMkstream: boolean;
  strategy: TrimStrategy | null;
  approx: boolean;
  limit: number;
  maxlen: number;
  minid: StreamID;
  /** Position of the ID (XADD). */
  idPos: number;
}

/** streamParseAddOrTrimArgsOrReply. */
function parseAddTrimArgs(c: CommandContext, xadd: boolean): AddTrimArgs {
  const argv = c.argv;
  const argc = argv.length;
  const a: AddTrimArgs = { id: null, seqGiven: true, noMkstream: false, strategy: null, approx: false, limit: 0, maxlen: 0, minid: ZERO_ID, idPos: 0 };
  let limitGiven = false;
  let i = 2;
  for (; i < argc; i++) {
    const moreargs = argc - 1 - i;
    const opt = argv[i]!;
    if (xadd && opt === '*') break;
    if (eq(opt, 'maxlen') && moreargs) {
      if (a.strategy !== null) throw new ReplyError(E.xtrimBothStrategies);
      a.approx = false;
      const next = argv[i + 1]!;
      if (moreargs >= 2 && next === '~') {
        a.approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') i++;
      const v = argInt(argv[i + 1]!);
      if (v < 0) throw new ReplyError(E.xtrimMaxlenNegative);
      a.maxlen = v;
      i++;
      a.strategy = 'maxlen';
    } else if (eq(opt, 'minid') && moreargs) {
      if (a.strategy !== null) throw new ReplyError(E.xtrimBothStrategies);
      a.approx = false;
      const next = argv[i + 1]!;
      if (moreargs >= 2 && next === '~') {
        a.approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') i++;
      a.minid = parseId(argv[i + 1]!, 0n, true);
      i++;
      a.strategy = 'minid';
    } else if (eq(opt, 'limit') && moreargs) {
      const v = argInt(argv[i + 1]!);
      if (v < 0) throw new ReplyError(E.xtrimLimitNegative);
      a.limit = v;
      limitGiven = true;
      i++;
    } else if (xadd && eq(opt, 'nomkstream')) {
      a.noMkstream = true;
    } else if (xadd) {
      const r = parseStreamId(opt, 0n, true, true);
      if (r === null) throw new ReplyError(E.streamInvalidId);
      a.id = r.id;
      a.seqGiven = r.seqGiven;
      break;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  a.idPos = i;
  if (a.limit && a.strategy === null) throw new ReplyError(E.xtrimLimitNoStrategy);
  if (!xadd && a.strategy === null) throw new ReplyError(E.xtrimNoStrategy);
  if (limitGiven) {
    if (!a.approx) throw new ReplyError(E.xtrimLimitNoApprox);
  } else if (a.approx) {
    let limit = 100 * c.server.config.num('stream-node-max-entries');
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
    a.limit = limit;
  } else {
    a.limit = 0;
  }
  return a;
}

/** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value … */
function xaddCommand(c: CommandContext): void {
  const argv = c.argv;
  const a = parseAddTrimArgs(c, true);
  const fieldPos = a.idPos + 1;
  const nargs = argv.length - fieldPos;
  if (nargs < 2 || nargs % 2 === 1) throw new ReplyError(E.wrongArity('xadd'));
  if (a.id !== null && a.seqGiven && a.id.ms === 0n && a.id.seq === 0n) throw new ReplyError(E.xaddIdZero);
  const key = argv[1]!;
  let s = lookupStreamWrite(c, key);
  let created = false;
  if (s === undefined) {
    if (a.noMkstream) {
      c.reply.nil();
      return;
    }
    s = new Stream();
    created = true;
  }
  if (s.lastId.ms === U64_MAX && s.lastId.seq === U64_MAX) throw new ReplyError(E.xaddExhausted);
  if (a.id !== null && !a.seqGiven && s.lastId.ms === a.id.ms && s.lastId.seq === U64_MAX) {
    // streamAppendItem fails without setting errno: Redis then reports ERANGE's text.
    throw new ReplyError(E.xaddTooLarge);
  }
  const id = s.nextId(c.now, a.id, a.seqGiven);
  if (id === null) throw new ReplyError(E.xaddIdTooSmall);
  let tot = 0;
  for (let i = fieldPos; i < argv.length; i++) tot += argv[i]!.length;
  if (tot > 1 << 30) throw new ReplyError(E.xaddTooLarge);
  // The key is added only now that nothing can fail (Redis adds it first, but every failure
  // after its dbAdd is impossible on a new stream).
  if (created) c.db.setKey(key, s);
  s.append(id, argv, fieldPos, nargs / 2, nodeLimits(c));
  c.reply.bulk(formatId(id));
  c.server.signalModifiedKey(c.db, key);
  c.server.notify(NotifyFlags.Stream, 'xadd', key, c.db.id);
  c.server.dirty++;
  if (a.strategy !== null) {
    if (s.trim(a.strategy, a.maxlen, a.minid, a.approx, a.limit)) {
      c.server.notify(NotifyFlags.Stream, 'xtrim', key, c.db.id);
    }
  }
  c.server.signalKeyAsReady(c.db, key);
}

/** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
function xtrimCommand(c: CommandContext): void {
  const a = parseAddTrimArgs(c, false);
  const key = c.argv[1]!;
  const s = lookupStreamWrite(c, key);
  if (s === undefined) {
    c.reply.int(0);
    return;
  }
  const deleted = s.trim(a.strategy!, a.maxlen, a.minid, a.approx, a.limit);
  if (deleted) {
    c.server.notify(NotifyFlags.Stream, 'xtrim', key, c.db.id);
    c.server.signalModifiedKey(c.db, key);
    c.server.dirty += deleted;
  }
  c.reply.int(deleted);
}

// ---------------------------------------------------------------------------------------------
// XRANGE / XREVRANGE / XLEN / XDEL / XSETID

function xrangeGeneric(c: CommandContext, rev: boolean): void {
  const argv = c.argv;
  const start = parseRangeStart(rev ? argv[3]! : argv[2]!);
  const end = parseRangeEnd(rev ? argv[2]! : argv[3]!);
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    const additional = argv.length - j - 1;
    if (eq(argv[j]!, 'count') && additional >= 1) {
      count = argInt(argv[j + 1]!);
      if (count < 0) count = 0;
      j++;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const s = lookupStreamRead(c, argv[1]!);
  if (s === undefined) {
    c.reply.array(0);
    return;
  }
  if (count === 0) {
    c.reply.nullArray();
    return;
  }
  replyRange(c, s, start, end, count === -1 ? 0 : count, rev, null, null, 0);
}

function xrangeCommand(c: CommandContext): void {
  xrangeGeneric(c, false);
}
function xrevrangeCommand(c: CommandContext): void {
  xrangeGeneric(c, true);
}

function xlenCommand(c: CommandContext): void {
  const s = lookupStreamRead(c, c.argv[1]!);
  c.reply.int(s === undefined ? 0 : s.length);
}

function xdelCommand(c: CommandContext): void {
  const argv = c.argv;
  const key = argv[1]!;
  const s = lookupStreamWrite(c, key);
  if (s === undefined) {
    c.reply.int(0);
    return;
  }
  const ids: StreamID[] = [];
  for (let j = 2; j < argv.length; j++) ids.push(parseId(argv[j]!, 0n, true));
  let deleted = 0;
  for (const id of ids) if (s.delete(id)) deleted++;
  if (deleted) {
    c.server.signalModifiedKey(c.db, key);
    c.server.notify(NotifyFlags.Stream, 'xdel', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.reply.int(deleted);
}

/** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id] */
function xsetidCommand(c: CommandContext): void {
  const argv = c.argv;
  const id = parseId(argv[2]!, 0n, true);
  let entriesAdded = -1;
  let maxDeleted = ZERO_ID;
  let i = 3;
  while (i < argv.length) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!;
    if (eq(opt, 'entriesadded') && moreargs) {
      entriesAdded = argInt(argv[i + 1]!);
      if (entriesAdded < 0) throw new ReplyError(E.xsetidEntriesAddedNegative);
      i += 2;
    } else if (eq(opt, 'maxdeletedid') && moreargs) {
      maxDeleted = parseId(argv[i + 1]!, 0n, true);
      if (compareIds(id, maxDeleted) < 0) throw new ReplyError(E.xsetidMaxDeletedTooBig);
      i += 2;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const key = argv[1]!;
  const s = lookupStreamWrite(c, key);
  if (s === undefined) throw new ReplyError(E.noKey);
  if (s.length > 0) {
    if (compareIds(id, s.lastValidId()) < 0) throw new ReplyError(E.xsetidTooSmall);
    if (entriesAdded !== -1 && s.length > entriesAdded) throw new ReplyError(E.xsetidEntriesAddedTooSmall);
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDeleted.ms !== 0n || maxDeleted.seq !== 0n) s.maxDeletedId = maxDeleted;
  c.reply.ok();
  c.server.dirty++;
  c.server.notify(NotifyFlags.Stream, 'xsetid', key, c.db.id);
}

// ---------------------------------------------------------------------------------------------
// XREAD / XREADGROUP

/** XREAD_BLOCKED_DEFAULT_COUNT */
const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

interface StreamBlockState {
  /** Per blocked key: the ID entries must be greater than. */
  readonly gt: Map<string, StreamID>;
  readonly count: number;
  readonly group: string | null;
  readonly consumer: string;
  readonly noack: boolean;
}

/** serveClientsBlockedOnStreamKey for one waiter. */
const streamBlockHandler: BlockHandler<StreamBlockState> = {
  type: 'stream',
  serve(c: Client, key: string, value: TypedValue, st: StreamBlockState): boolean {
    const s = value as Stream;
    let gt = st.gt.get(key) ?? ZERO_ID;
    let group: ConsumerGroup | null = null;
    if (st.group !== null) {
      group = s.getGroup(st.group) ?? null;
      if (group === null) throw new ReplyError(E.xreadgroupGroupGone);
      gt = group.lastId;
    }
    if (compareIds(s.lastId, gt) <= 0) return false;
    const start = incrId(gt) ?? MAX_ID;
    let consumer: StreamConsumer | null = null;
    if (group !== null) consumer = lookupOrCreateConsumer(c, group, st.consumer, key, c.db.id);
    if (c.resp === 2) {
      c.reply.array(1);
      c.reply.array(2);
    } else {
      c.reply.map(1);
    }
    c.reply.bulk(key);
    replyRange(c, s, start, MAX_ID, st.count, false, group, consumer, st.noack ? RWR_NOACK : 0);
    return true;
  },
  keyGone(c: Client, _key: string, st: StreamBlockState): boolean {
    if (st.group === null) return false;
    c.reply.error(E.xreadgroupKeyGone);
    return true;
  },
};

/** XREAD [COUNT n] [BLOCK ms] STREAMS key… id… and XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS … */
function xreadGeneric(c: CommandContext, xreadgroup: boolean): void {
  const argv = c.argv;
  const argc = argv.length;
  let timeout = -1;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupName: string | null = null;
  let consumerName = '';
  for (let i = 1; i < argc; i++) {
    const moreargs = argc - i - 1;
    const o = argv[i]!;
    if (eq(o, 'block') && moreargs) {
      if (c.flags & ClientFlag.Script) throw new ReplyError(E.xreadBlockInScript(argv[0]!));
      i++;
      const v = parseInt64(argv[i]!);
      if (v === null) throw new ReplyError(E.timeoutNotInteger);
      if (v < 0) throw new ReplyError(E.timeoutNegative);
      timeout = v > 0 ? c.now + v : 0;
    } else if (eq(o, 'count') && moreargs) {
      i++;
      count = argInt(argv[i]!);
      if (count < 0) count = 0;
    } else if (eq(o, 'streams') && moreargs) {
      streamsArg = i + 1;
      streamsCount = argc - streamsArg;
      if (streamsCount % 2 !== 0) throw new ReplyError(E.xreadUnbalanced);
      streamsCount /= 2;
      break;
    } else if (eq(o, 'group') && moreargs >= 2) {
      if (!xreadgroup) throw new ReplyError(E.xreadGroupOnlyXreadgroup);
      groupName = argv[i + 1]!;
      consumerName = argv[i + 2]!;
      i += 2;
    } else if (eq(o, 'noack')) {
      if (!xreadgroup) throw new ReplyError(E.xreadNoackOnlyXreadgroup);
      noack = true;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  if (streamsArg === 0) throw new ReplyError(E.syntax);
  if (xreadgroup && groupName === null) throw new ReplyError(E.xreadgroupMissingGroup);

  const ids: StreamID[] = new Array(streamsCount);
  const groups: (ConsumerGroup | null)[] = new Array(streamsCount).fill(null);
  const isGt: boolean[] = new Array(streamsCount).fill(false);
  for (let k = 0; k < streamsCount; k++) {
    const key = argv[streamsArg + k]!;
    const idArg = argv[streamsArg + streamsCount + k]!;
    const s = lookupStreamRead(c, key);
    if (groupName !== null) {
      const g = s === undefined ? undefined : s.getGroup(groupName);
      if (g === undefined) throw new ReplyError(E.xreadgroupNoGroup(key, groupName));
      groups[k] = g;
    }
    if (idArg === '$') {
      if (xreadgroup) throw new ReplyError(E.xreadgroupDollar);
      ids[k] = s === undefined ? ZERO_ID : s.lastId;
      continue;
    } else if (idArg === '>') {
      if (!xreadgroup) throw new ReplyError(E.xreadGtOnlyGroup);
      ids[k] = MAX_ID;
      isGt[k] = true;
      continue;
    }
    ids[k] = parseId(idArg, 0n, true);
  }

  // Serve synchronously what can be served.
  let arraylen = 0;
  let h = -1;
  for (let k = 0; k < streamsCount; k++) {
    const key = argv[streamsArg + k]!;
    const s = lookupStreamRead(c, key);
    if (s === undefined) continue;
    let gt = ids[k]!;
    let serve = false;
    let history = false;
    const g = groups[k]!;
    if (groupName !== null) {
      if (gt.ms !== U64_MAX || gt.seq !== U64_MAX) {
        serve = true;
        history = true;
      } else if (s.length) {
        if (compareIds(s.lastValidId(), g.lastId) > 0) {
          serve = true;
          gt = g.lastId;
        }
      }
    } else if (s.length) {
      if (compareIds(s.lastValidId(), gt) > 0) serve = true;
    }
    if (!serve) continue;
    arraylen++;
    if (arraylen === 1) h = c.reply.deferLen();
    const start = incrId(gt) ?? ZERO_ID;
    if (c.resp === 2) c.reply.array(2);
    c.reply.bulk(key);
    let consumer: StreamConsumer | null = null;
    if (groupName !== null) consumer = lookupOrCreateConsumer(c, g, consumerName, key, c.db.id);
    let flags = 0;
    if (noack) flags |= RWR_NOACK;
    if (history) flags |= RWR_HISTORY;
    replyRange(c, s, start, MAX_ID, count, false, groupName !== null ? g : null, consumer, flags);
    if (groupName !== null) c.server.dirty++;
  }
  if (arraylen) {
    c.reply.setDeferredLen(h, arraylen, c.resp === 2 ? 'array' : 'map');
    return;
  }
  if (timeout !== -1) {
    const b = blockingOf(c.server);
    if (!b.mayBlock(c)) {
      c.reply.nullArray();
      return;
    }
    const keys: string[] = [];
    const gt = new Map<string, StreamID>();
    for (let k = 0; k < streamsCount; k++) {
      const key = argv[streamsArg + k]!;
      keys.push(key);
      if (!gt.has(key)) gt.set(key, ids[k]!);
    }
    b.block(c, keys, timeout, streamBlockHandler, {
      gt,
      count: count ? count : XREAD_BLOCKED_DEFAULT_COUNT,
      group: groupName,
      consumer: consumerName,
      noack,
    });
    return;
  }
  c.reply.nullArray();
}

function xreadCommand(c: CommandContext): void {
  xreadGeneric(c, false);
}
function xreadgroupCommand(c: CommandContext): void {
  xreadGeneric(c, true);
}

/**
 * Key positions of XREAD/XREADGROUP as their key specs give them (COMMAND GETKEYS uses the
 * specs): the first STREAMS keyword from argv[1] (XREADGROUP: argv[4]), then half of the
 * remaining arguments.
 */
function xreadKeys(argv: readonly string[]): number[] {
  const startFrom = argv[0]!.length === 10 ? 4 : 1;
  let pos = -1;
  for (let i = startFrom; i < argv.length; i++) {
    if (eq(argv[i]!, 'streams')) {
      pos = i;
      break;
    }
  }
  if (pos < 0) return [];
  const n = Math.floor((argv.length - pos - 1) / 2);
  const out: number[] = [];
  for (let i = pos + 1; i < pos + 1 + n; i++) out.push(i);
  return out;
}

// ---------------------------------------------------------------------------------------------
// XGROUP

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

/** xgroupCommand: every subcommand goes through here, as in Redis (shared checks first). */
function xgroupCommand(c: CommandContext): void {
  const argv = c.argv;
  const argc = argv.length;
  const opt = argv[1]!;
  let s: Stream | undefined;
  let cg: ConsumerGroup | undefined;
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  let grpname = '';
  if (argc >= 4) {
    let i = 5;
    const create = eq(opt, 'create');
    const setid = eq(opt, 'setid');
    while (i < argc) {
      if (create && eq(argv[i]!, 'mkstream')) {
        mkstream = true;
        i++;
      } else if ((create || setid) && eq(argv[i]!, 'entriesread') && i + 1 < argc) {
        entriesRead = argInt(argv[i + 1]!);
        if (entriesRead < 0 && entriesRead !== INVALID_ENTRIES_READ) throw new ReplyError(E.xgroupEntriesRead);
        i += 2;
      } else {
        throw new ReplyError(E.subcommandSyntax(opt, 'XGROUP'));
      }
    }
    s = lookupStreamWrite(c, argv[2]!);
    grpname = argv[3]!;
  }
  if (argc >= 4 && !mkstream) {
    if (s === undefined) throw new ReplyError(E.xgroupNoKey);
    cg = s.getGroup(grpname);
    if (cg === undefined && (eq(opt, 'setid') || eq(opt, 'createconsumer') || eq(opt, 'delconsumer'))) {
      throw new ReplyError(E.xgroupNoGroup(grpname, argv[2]!));
    }
  }
  const key = argv[2]!;
  if (argc === 2 && eq(opt, 'help')) {
    replyHelp(c, XGROUP_HELP);
  } else if (eq(opt, 'create') && argc >= 5 && argc <= 8) {
    let id: StreamID;
    if (argv[4] === '$') id = s === undefined ? ZERO_ID : s.lastId;
    else id = parseId(argv[4]!, 0n, true);
    if (s === undefined) {
      s = new Stream();
      c.db.setKey(key, s);
      c.server.signalModifiedKey(c.db, key);
    }
    if (s.createGroup(grpname, id, entriesRead) !== null) {
      c.reply.ok();
      c.server.dirty++;
      c.server.notify(NotifyFlags.Stream, 'xgroup-create', key, c.db.id);
    } else {
      throw new ReplyError(E.busyGroup);
    }
  } else if (eq(opt, 'setid') && (argc === 5 || argc === 7)) {
    let id: StreamID;
    if (argv[4] === '$') id = s!.lastId;
    else id = parseId(argv[4]!, 0n, false);
    cg!.lastId = id;
    cg!.entriesRead = entriesRead;
    c.reply.ok();
    c.server.dirty++;
    c.server.notify(NotifyFlags.Stream, 'xgroup-setid', key, c.db.id);
  } else if (eq(opt, 'destroy') && argc === 4) {
    if (cg !== undefined) {
      s!.destroyGroup(grpname);
      c.reply.int(1);
      c.server.dirty++;
      c.server.notify(NotifyFlags.Stream, 'xgroup-destroy', key, c.db.id);
      // Unblocks XREADGROUP waiters of this group with -NOGROUP.
      c.server.signalKeyAsReady(c.db, key);
    } else {
      c.reply.int(0);
    }
  } else if (eq(opt, 'createconsumer') && argc === 5) {
    const created = createConsumer(c, cg!, argv[4]!, key, c.db.id);
    c.reply.int(created !== null ? 1 : 0);
  } else if (eq(opt, 'delconsumer') && argc === 5) {
    let pending = 0;
    const cons = lookupConsumer(cg!, argv[4]!, c.now, true);
    if (cons !== null) {
      pending = cons.pel.size;
      cg!.deleteConsumer(cons);
      c.server.dirty++;
      c.server.notify(NotifyFlags.Stream, 'xgroup-delconsumer', key, c.db.id);
    }
    c.reply.int(pending);
  } else {
    throw new ReplyError(E.subcommandSyntax(opt, 'XGROUP'));
  }
}

// ---------------------------------------------------------------------------------------------
// XACK / XPENDING / XCLAIM / XAUTOCLAIM

function xackCommand(c: CommandContext): void {
  const argv = c.argv;
  const s = lookupStreamRead(c, argv[1]!);
  const group = s?.getGroup(argv[2]!);
  if (s === undefined || group === undefined) {
    c.reply.int(0);
    return;
  }
  const ids: StreamID[] = [];
  for (let j = 3; j < argv.length; j++) ids.push(parseId(argv[j]!, 0n, true));
  let acknowledged = 0;
  for (const id of ids) {
    const nack = group.pel.get(id);
    if (nack !== undefined) {
      group.ack(nack);
      acknowledged++;
      c.server.dirty++;
    }
  }
  c.reply.int(acknowledged);
}

/** XPENDING key group [[IDLE min-idle] start end count [consumer]] */
function xpendingCommand(c: CommandContext): void {
  const argv = c.argv;
  const argc = argv.length;
  const justinfo = argc === 3;
  const key = argv[1]!;
  const groupname = argv[2]!;
  let start = ZERO_ID;
  let end = MAX_ID;
  let count = 0;
  let minidle = 0;
  let consumername: string | null = null;
  if (argc !== 3 && (argc < 6 || argc > 9)) throw new ReplyError(E.syntax);
  if (argc >= 6) {
    let startidx = 3;
    if (eq(argv[3]!, 'idle')) {
      minidle = argInt(argv[4]!);
      if (argc < 8) throw new ReplyError(E.syntax);
      startidx += 2;
    }
    count = argInt(argv[startidx + 2]!);
    if (count < 0) count = 0;
    start = parseRangeStart(argv[startidx]!);
    end = parseRangeEnd(argv[startidx + 1]!);
    if (startidx + 3 < argc) consumername = argv[startidx + 3]!;
  }
  const s = lookupStreamRead(c, key);
  const group = s?.getGroup(groupname);
  if (s === undefined || group === undefined) throw new ReplyError(E.streamNoGroup(key, groupname));
  if (justinfo) {
    c.reply.array(4);
    c.reply.int(group.pel.size);
    if (group.pel.size === 0) {
      c.reply.nil();
      c.reply.nil();
      c.reply.nullArray();
      return;
    }
    replyId(c, group.pel.first()!.id);
    replyId(c, group.pel.last()!.id);
    const consumers = group.sortedConsumers().filter((x) => x.pel.size !== 0);
    c.reply.array(consumers.length);
    for (const cons of consumers) {
      c.reply.array(2);
      c.reply.bulk(cons.name);
      c.reply.bulk(String(cons.pel.size));
    }
    return;
  }
  let pel = group.pel;
  if (consumername !== null) {
    const cons = lookupConsumer(group, consumername, c.now, true);
    if (cons === null) {
      c.reply.array(0);
      return;
    }
    pel = cons.pel;
  }
  const now = c.now;
  const h = c.reply.deferLen();
  let n = 0;
  for (let nack = pel.ceil(start); count && nack !== undefined; nack = pel.higher(nack.id)) {
    if (compareIds(nack.id, end) > 0) break;
    if (minidle) {
      if (now - nack.deliveryTime < minidle) continue;
    }
    n++;
    count--;
    c.reply.array(4);
    replyId(c, nack.id);
    c.reply.bulk(nack.consumer!.name);
    let elapsed = now - nack.deliveryTime;
    if (elapsed < 0) elapsed = 0;
    c.reply.int(elapsed);
    c.reply.int(nack.deliveryCount);
  }
  c.reply.setDeferredLen(h, n);
}

/** XCLAIM key group consumer min-idle-time id… [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id] */
/**
 * streamPropagateXCLAIM: the idempotent form a claim (or the removal of a deleted entry's NACK)
 * is written in for the AOF and replicas, `XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n
 * FORCE JUSTID LASTID last`.
 */
function xclaimEffect(key: string, groupName: string, g: ConsumerGroup, id: StreamID, nack: StreamNack, consumer: string): string[] {
  const idTxt = formatId(id);
  return ['XCLAIM', key, groupName, consumer, '0', idTxt, 'TIME', String(nack.deliveryTime), 'RETRYCOUNT', String(nack.deliveryCount), 'FORCE', 'JUSTID', 'LASTID', formatId(g.lastId)];
}

function xclaimCommand(c: CommandContext): void {
  const argv = c.argv;
  const argc = argv.length;
  const key = argv[1]!;
  const s = lookupStreamRead(c, key);
  const group = s?.getGroup(argv[2]!);
  if (s === undefined || group === undefined) throw new ReplyError(E.streamNoGroup(key, argv[2]!));
  let minidle = argInt(argv[4]!, E.xclaimMinIdle);
  if (minidle < 0) minidle = 0;
  const ids: StreamID[] = [];
  let j = 5;
  for (; j < argc; j++) {
    const r = parseStreamId(argv[j]!, 0n, true);
    if (r === null) break;
    ids.push(r.id);
  }
  const now = c.now;
  let retrycount = -1;
  let deliverytime = -1;
  let force = false;
  let justid = false;
  let lastId = ZERO_ID;
  for (; j < argc; j++) {
    const moreargs = argc - 1 - j;
    const opt = argv[j]!;
    if (eq(opt, 'force')) force = true;
    else if (eq(opt, 'justid')) justid = true;
    else if (eq(opt, 'idle') && moreargs) {
      j++;
      deliverytime = now - argInt(argv[j]!, E.xclaimIdle);
    } else if (eq(opt, 'time') && moreargs) {
      j++;
      deliverytime = argInt(argv[j]!, E.xclaimTime);
    } else if (eq(opt, 'retrycount') && moreargs) {
      j++;
      retrycount = argInt(argv[j]!, E.xclaimRetryCount);
    } else if (eq(opt, 'lastid') && moreargs) {
      j++;
      lastId = parseId(argv[j]!, 0n, true);
    } else {
      throw new ReplyError(E.xclaimUnknownOption(opt));
    }
  }
  // A LASTID change counts as one change unless some claim is propagated (streamPropagateGroupID).
  let propagateLastId = false;
  if (compareIds(lastId, group.lastId) > 0) {
    group.lastId = lastId;
    propagateLastId = true;
  }
  if (deliverytime !== -1) {
    if (deliverytime < 0 || deliverytime > now) deliverytime = now;
  } else {
    deliverytime = now;
  }
  let consumer: StreamConsumer | null = null;
  const h = c.reply.deferLen();
  let n = 0;
  const name = argv[3]!;
  const effects: string[][] = [];
  for (const id of ids) {
    let nack = group.pel.get(id);
    const fields = s.get(id);
    if (fields === null) {
      if (nack !== undefined) {
        c.server.dirty++;
        propagateLastId = false;
        effects.push(xclaimEffect(key, argv[2]!, group, id, nack, nack.consumer?.name ?? name));
        group.ack(nack);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = { id, consumer: null, deliveryTime: now, deliveryCount: 1 };
      group.pel.tryInsert(id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle) {
      if (now - nack.deliveryTime < minidle) continue;
    }
    if (consumer === null) consumer = lookupOrCreateConsumer(c, group, name, key, c.db.id);
    if (nack.consumer !== consumer) nack.consumer?.pel.delete(id);
    nack.deliveryTime = deliverytime;
    if (retrycount >= 0) nack.deliveryCount = retrycount;
    else if (!justid) nack.deliveryCount++;
    if (nack.consumer !== consumer) {
      consumer.pel.tryInsert(id, nack);
      nack.consumer = consumer;
    }
    if (justid) replyId(c, id);
    else replyEntry(c, id, fields);
    n++;
    c.server.dirty++;
    propagateLastId = false;
    effects.push(xclaimEffect(key, argv[2]!, group, id, nack, name));
  }
  if (propagateLastId) {
    c.server.dirty++;
    effects.push(['XGROUP', 'SETID', key, argv[2]!, formatId(group.lastId), 'ENTRIESREAD', String(group.entriesRead)]);
  }
  if (effects.length !== 0) c.server.propagateAs = effects;
  c.reply.setDeferredLen(h, n);
}

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
function xautoclaimCommand(c: CommandContext): void {
  const argv = c.argv;
  const argc = argv.length;
  const key = argv[1]!;
  let minidle = argInt(argv[4]!, E.xautoclaimMinIdle);
  if (minidle < 0) minidle = 0;
  const start = parseRangeStart(argv[5]!);
  let count = 100;
  let justid = false;
  const maxCount = Math.floor(9223372036854775807 / 16);
  for (let j = 6; j < argc; j++) {
    const moreargs = argc - 1 - j;
    const opt = argv[j]!;
    if (eq(opt, 'count') && moreargs) {
      const v = parseInt64(argv[j + 1]!);
      if (v === null || v < 1 || v > maxCount) throw new ReplyError(E.xautoclaimCount);
      count = v;
      j++;
    } else if (eq(opt, 'justid')) {
      justid = true;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const s = lookupStreamRead(c, key);
  const group = s?.getGroup(argv[2]!);
  if (s === undefined || group === undefined) throw new ReplyError(E.streamNoGroup(key, argv[2]!));
  let attempts = count * 10;
  const now = c.now;
  const name = argv[3]!;
  let consumer: StreamConsumer | null = null;
  // Claims first, then the reply (its first element, the cursor, is known only at the end).
  const claimed: { id: StreamID; fields: string[] }[] = [];
  const deleted: StreamID[] = [];
  const effects: string[][] = [];
  const pel = group.pel;
  let nack = pel.ceil(start);
  while (attempts-- && count && nack !== undefined) {
    const id = nack.id;
    const fields = s.get(id);
    if (fields === null) {
      c.server.dirty++;
      effects.push(xclaimEffect(key, argv[2]!, group, id, nack, nack.consumer?.name ?? name));
      group.ack(nack);
      deleted.push(id);
      count--;
      nack = pel.higher(id);
      continue;
    }
    const cur = nack;
    nack = pel.higher(id);
    if (minidle && now - cur.deliveryTime < minidle) continue;
    if (consumer === null) consumer = lookupOrCreateConsumer(c, group, name, key, c.db.id);
    if (cur.consumer !== consumer) cur.consumer?.pel.delete(id);
    cur.deliveryTime = now;
    if (!justid) cur.deliveryCount++;
    if (cur.consumer !== consumer) {
      consumer.pel.tryInsert(id, cur);
      cur.consumer = consumer;
    }
    claimed.push({ id, fields });
    effects.push(xclaimEffect(key, argv[2]!, group, id, cur, name));
    count--;
    c.server.dirty++;
  }
  if (effects.length !== 0) c.server.propagateAs = effects;
  const next = nack;
  c.reply.array(3);
  replyId(c, next === undefined ? ZERO_ID : next.id);
  c.reply.array(claimed.length);
  for (const e of claimed) {
    if (justid) replyId(c, e.id);
    else replyEntry(c, e.id, e.fields);
  }
  c.reply.array(deleted.length);
  for (const id of deleted) replyId(c, id);
}

// ---------------------------------------------------------------------------------------------
// XINFO

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

function replyLag(c: Client, s: Stream, g: ConsumerGroup): void {
  const lag = s.groupLag(g);
  if (lag === null) c.reply.nil();
  else c.reply.int(lag);
}

function replyEntriesRead(c: Client, g: ConsumerGroup): void {
  if (g.entriesRead !== INVALID_ENTRIES_READ) c.reply.int(g.entriesRead);
  else c.reply.nil();
}

function xinfoStream(c: CommandContext, s: Stream): void {
  const argv = c.argv;
  const optc = argv.length - 3;
  let full = true;
  let count = 10;
  if (optc === 0) full = false;
  else {
    if (optc !== 1 && optc !== 3) throw new ReplyError(E.subcommandSyntax(argv[1]!, 'XINFO'));
    if (!eq(argv[3]!, 'full')) throw new ReplyError(E.subcommandSyntax(argv[1]!, 'XINFO'));
    if (optc === 3) {
      if (!eq(argv[4]!, 'count')) throw new ReplyError(E.subcommandSyntax(argv[1]!, 'XINFO'));
      count = argInt(argv[5]!);
      if (count < 0) count = 10;
    }
  }
  c.reply.map(full ? 9 : 10);
  c.reply.bulk('length');
  c.reply.int(s.length);
  c.reply.bulk('radix-tree-keys');
  c.reply.int(s.nodes.length);
  c.reply.bulk('radix-tree-nodes');
  c.reply.int(s.raxNodes());
  c.reply.bulk('last-generated-id');
  replyId(c, s.lastId);
  c.reply.bulk('max-deleted-entry-id');
  replyId(c, s.maxDeletedId);
  c.reply.bulk('entries-added');
  c.reply.int(s.entriesAdded);
  c.reply.bulk('recorded-first-entry-id');
  replyId(c, s.firstId);
  if (!full) {
    c.reply.bulk('groups');
    c.reply.int(s.groups === null ? 0 : s.groups.size);
    c.reply.bulk('first-entry');
    if (replyRange(c, s, ZERO_ID, MAX_ID, 1, false, null, null, RWR_RAWENTRIES) === 0) c.reply.nil();
    c.reply.bulk('last-entry');
    if (replyRange(c, s, ZERO_ID, MAX_ID, 1, true, null, null, RWR_RAWENTRIES) === 0) c.reply.nil();
    return;
  }
  c.reply.bulk('entries');
  replyRange(c, s, ZERO_ID, MAX_ID, count, false, null, null, 0);
  c.reply.bulk('groups');
  const groups = s.sortedGroups();
  c.reply.array(groups.length);
  for (const cg of groups) {
    c.reply.map(7);
    c.reply.bulk('name');
    c.reply.bulk(cg.name);
    c.reply.bulk('last-delivered-id');
    replyId(c, cg.lastId);
    c.reply.bulk('entries-read');
    replyEntriesRead(c, cg);
    c.reply.bulk('lag');
    replyLag(c, s, cg);
    c.reply.bulk('pel-count');
    c.reply.int(cg.pel.size);
    c.reply.bulk('pending');
    let n = 0;
    const h = c.reply.deferLen();
    for (const nack of cg.pel.values()) {
      if (count && n >= count) break;
      c.reply.array(4);
      replyId(c, nack.id);
      c.reply.bulk(nack.consumer!.name);
      c.reply.int(nack.deliveryTime);
      c.reply.int(nack.deliveryCount);
      n++;
    }
    c.reply.setDeferredLen(h, n);
    c.reply.bulk('consumers');
    const consumers = cg.sortedConsumers();
    c.reply.array(consumers.length);
    for (const cons of consumers) {
      c.reply.map(4);
      c.reply.bulk('name');
      c.reply.bulk(cons.name);
      c.reply.bulk('seen-time');
      c.reply.int(cons.seenTime);
      c.reply.bulk('pel-count');
      c.reply.int(cons.pel.size);
      c.reply.bulk('pending');
      let m = 0;
      const h2 = c.reply.deferLen();
      for (const nack of cons.pel.values()) {
        if (count && m >= count) break;
        c.reply.array(3);
        replyId(c, nack.id);
        c.reply.int(nack.deliveryTime);
        c.reply.int(nack.deliveryCount);
        m++;
      }
      c.reply.setDeferredLen(h2, m);
    }
  }
}

function xinfoCommand(c: CommandContext): void {
  const argv = c.argv;
  const opt = argv[1]!;
  if (eq(opt, 'help')) {
    if (argv.length !== 2) throw new ReplyError(E.subcommandSyntax(opt, 'XINFO'));
    replyHelp(c, XINFO_HELP);
    return;
  }
  if (argv.length < 3) throw new ReplyError(E.subcommandSyntax(opt, 'XINFO'));
  const key = argv[2]!;
  const s = lookupStreamRead(c, key);
  if (s === undefined) throw new ReplyError(E.noKey);
  if (eq(opt, 'consumers') && argv.length === 4) {
    const cg = s.getGroup(argv[3]!);
    if (cg === undefined) throw new ReplyError(E.xgroupNoGroup(argv[3]!, key));
    const consumers = cg.sortedConsumers();
    c.reply.array(consumers.length);
    const now = c.now;
    for (const cons of consumers) {
      let idle = now - cons.seenTime;
      if (idle < 0) idle = 0;
      c.reply.map(3);
      c.reply.bulk('name');
      c.reply.bulk(cons.name);
      c.reply.bulk('pending');
      c.reply.int(cons.pel.size);
      c.reply.bulk('idle');
      c.reply.int(idle);
    }
  } else if (eq(opt, 'groups') && argv.length === 3) {
    const groups = s.sortedGroups();
    c.reply.array(groups.length);
    for (const cg of groups) {
      c.reply.map(6);
      c.reply.bulk('name');
      c.reply.bulk(cg.name);
      c.reply.bulk('consumers');
      c.reply.int(cg.consumers.size);
      c.reply.bulk('pending');
      c.reply.int(cg.pel.size);
      c.reply.bulk('last-delivered-id');
      replyId(c, cg.lastId);
      c.reply.bulk('entries-read');
      replyEntriesRead(c, cg);
      c.reply.bulk('lag');
      replyLag(c, s, cg);
    }
  } else if (eq(opt, 'stream')) {
    xinfoStream(c, s);
  } else {
    throw new ReplyError(E.subcommandSyntax(opt, 'XINFO'));
  }
}

// ---------------------------------------------------------------------------------------------
// Table

const DOCS: Readonly<Record<string, { since: string; summary: string; complexity: string }>> = {
  "xadd": { since: "5.0.0", summary: "Appends a new entry to a stream", complexity: "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted." },
  "xrange": { since: "5.0.0", summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval", complexity: "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1)." },
  "xrevrange": { since: "5.0.0", summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", complexity: "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1)." },
  "xlen": { since: "5.0.0", summary: "Return the number of entries in a stream", complexity: "O(1)" },
  "xdel": { since: "5.0.0", summary: "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.", complexity: "O(1) for each single item to delete in the stream, regardless of the stream size." },
  "xtrim": { since: "5.0.0", summary: "Trims the stream to (approximately if '~' is passed) a certain size", complexity: "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation." },
  "xsetid": { since: "5.0.0", summary: "An internal command for replicating stream values", complexity: "O(1)" },
  "xread": { since: "5.0.0", summary: "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.", complexity: "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data." },
  "xreadgroup": { since: "5.0.0", summary: "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.", complexity: "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data." },
  "xgroup": { since: "5.0.0", summary: "A container for consumer groups commands", complexity: "Depends on subcommand." },
  "xgroup|delconsumer": { since: "5.0.0", summary: "Delete a consumer from a consumer group.", complexity: "O(1)" },
  "xgroup|createconsumer": { since: "6.2.0", summary: "Create a consumer in a consumer group.", complexity: "O(1)" },
  "xgroup|destroy": { since: "5.0.0", summary: "Destroy a consumer group.", complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL)." },
  "xgroup|create": { since: "5.0.0", summary: "Create a consumer group.", complexity: "O(1)" },
  "xgroup|help": { since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)" },
  "xgroup|setid": { since: "5.0.0", summary: "Set a consumer group to an arbitrary last delivered ID value.", complexity: "O(1)" },
  "xack": { since: "5.0.0", summary: "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.", complexity: "O(1) for each message ID processed." },
  "xpending": { since: "5.0.0", summary: "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.", complexity: "O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer." },
  "xclaim": { since: "5.0.0", summary: "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.", complexity: "O(log N) with N being the number of messages in the PEL of the consumer group." },
  "xautoclaim": { since: "6.2.0", summary: "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.", complexity: "O(1) if COUNT is small." },
  "xinfo": { since: "5.0.0", summary: "A container for stream introspection commands", complexity: "Depends on subcommand." },
  "xinfo|help": { since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)" },
  "xinfo|consumers": { since: "5.0.0", summary: "List the consumers in a consumer group", complexity: "O(1)" },
  "xinfo|stream": { since: "5.0.0", summary: "Get information about a stream", complexity: "O(1)" },
  "xinfo|groups": { since: "5.0.0", summary: "List the consumer groups of a stream", complexity: "O(1)" },
};

const X = { group: 'stream', acl: ['stream'] } as const;
const ND = ['nondeterministic_output'] as const;

function spec(name: string, arity: number, flags: CommandSpec['flags'], keys: [number, number, number], handler: (c: CommandContext) => void, extra: Partial<CommandSpec> = {}): CommandSpec {
  const d = DOCS[name]!;
  const short = name.includes('|') ? name.slice(name.indexOf('|') + 1) : name;
  return { name: short, arity, flags, firstKey: keys[0], lastKey: keys[1], step: keys[2], ...X, ...d, handler, ...extra };
}

/** Key-spec flags as COMMAND GETKEYSANDFLAGS prints them. */
const RO = (): readonly string[] => ['RO'];
const RO_ACCESS = (): readonly string[] => ['RO', 'access'];
const RW_UPDATE = (): readonly string[] => ['RW', 'update'];
const RW_DELETE = (): readonly string[] => ['RW', 'delete'];
const RW_INSERT = (): readonly string[] => ['RW', 'insert'];

export const streamCommands: readonly CommandSpec[] = [
  spec('xadd', -5, ['write', 'denyoom', 'fast'], [1, 1, 1], xaddCommand, { tips: ND, keyFlags: RW_UPDATE }),
  spec('xrange', -4, ['readonly'], [1, 1, 1], xrangeCommand, { keyFlags: RO_ACCESS }),
  spec('xrevrange', -4, ['readonly'], [1, 1, 1], xrevrangeCommand, { keyFlags: RO_ACCESS }),
  spec('xlen', 2, ['readonly', 'fast'], [1, 1, 1], xlenCommand, { keyFlags: RO }),
  spec('xdel', -3, ['write', 'fast'], [1, 1, 1], xdelCommand, { keyFlags: RW_DELETE }),
  spec('xtrim', -4, ['write'], [1, 1, 1], xtrimCommand, { tips: ND, keyFlags: RW_DELETE }),
  spec('xsetid', -3, ['write', 'denyoom', 'fast'], [1, 1, 1], xsetidCommand, { keyFlags: RW_UPDATE }),
  spec('xread', -4, ['readonly', 'blocking', 'movablekeys'], [0, 0, 0], xreadCommand, { keys: xreadKeys, keyFlags: RO_ACCESS }),
  spec('xreadgroup', -7, ['write', 'blocking', 'movablekeys'], [0, 0, 0], xreadgroupCommand, { keys: xreadKeys, keyFlags: RO_ACCESS }),
  spec('xack', -4, ['write', 'fast'], [1, 1, 1], xackCommand, { keyFlags: RW_UPDATE }),
  spec('xpending', -3, ['readonly'], [1, 1, 1], xpendingCommand, { tips: ND, keyFlags: RO_ACCESS }),
  spec('xclaim', -6, ['write', 'fast'], [1, 1, 1], xclaimCommand, { tips: ND, keyFlags: RW_UPDATE }),
  spec('xautoclaim', -6, ['write', 'fast'], [1, 1, 1], xautoclaimCommand, { tips: ND, keyFlags: RW_DELETE }),
  {
    name: 'xgroup', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'stream', ...DOCS['xgroup']!,
    subcommands: [
      spec('xgroup|delconsumer', 5, ['write'], [2, 2, 1], xgroupCommand, { keyFlags: RW_DELETE }),
      spec('xgroup|createconsumer', 5, ['write', 'denyoom'], [2, 2, 1], xgroupCommand, { keyFlags: RW_INSERT }),
      spec('xgroup|destroy', 4, ['write'], [2, 2, 1], xgroupCommand, { keyFlags: RW_DELETE }),
      spec('xgroup|create', -5, ['write', 'denyoom'], [2, 2, 1], xgroupCommand, { keyFlags: RW_INSERT }),
      spec('xgroup|help', 2, ['loading', 'stale'], [0, 0, 0], xgroupCommand),
      spec('xgroup|setid', -5, ['write'], [2, 2, 1], xgroupCommand, { keyFlags: RW_UPDATE }),
    ],
  },
  {
    name: 'xinfo', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'stream', ...DOCS['xinfo']!,
    subcommands: [
      spec('xinfo|help', 2, ['loading', 'stale'], [0, 0, 0], xinfoCommand),
      spec('xinfo|consumers', 4, ['readonly'], [2, 2, 1], xinfoCommand, { tips: ND, keyFlags: RO_ACCESS }),
      spec('xinfo|stream', -3, ['readonly'], [2, 2, 1], xinfoCommand, { keyFlags: RO_ACCESS }),
      spec('xinfo|groups', 3, ['readonly'], [2, 2, 1], xinfoCommand, { keyFlags: RO_ACCESS }),
    ],
  },
];
