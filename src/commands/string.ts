/**
 * commands/string.ts — the string commands (https://redis.io/commands/?group=string; t_string.c):
 * GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET MSETNX APPEND STRLEN GETRANGE SUBSTR
 * SETRANGE INCR DECR INCRBY DECRBY INCRBYFLOAT LCS.
 *
 * A string value is a JS string with one char per byte (latin1). Integers are stored as their
 * decimal text (Redis's OBJ_ENCODING_INT is an encoding detail that OBJECT ENCODING derives).
 * GET, SET and INCR are on the benchmarked hot path: they parse options only when there are
 * some, and look a key up once.
 *
 * Must not import protocol/ or server internals beyond the command context.
 */
import { constants as bufferConstants } from 'node:buffer';
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { NotifyFlags } from '../db/notify';
import type { Database } from '../db/database';
import { markRawString } from '../db/object-info';
import { ClientFlag } from '../protocol/client';
import { parseInt64, INT64_MAX, INT64_MIN } from '../util/numbers';
import { incrByFloatText } from '../util/long-double';
import { ROPE_MIN, sharedRopes, type ByteRope } from '../ds/bitmap-rope';

/** The longest string V8 can hold (just under 512 MB); Redis's own limit is proto-max-bulk-len. */
export const MAX_JS_STRING = bufferConstants.MAX_STRING_LENGTH;

// ---------------------------------------------------------------------------------------------
// String API (shared with bitmap.ts)
// ---------------------------------------------------------------------------------------------

/**
 * Redis's setKey for a string value: adds or overwrites `key`, drops its TTL unless `keepTtl`,
 * and signals the modification (WATCH, tracking). Database.setKey sends dbAdd's 'new' event.
 * Unless the caller already looked the key up (`found` given), a key with a TTL is looked up
 * first, so that a logically expired key is expired (and notified) before being replaced.
 */
export function setStringKey(c: CommandContext, db: Database, key: string, val: string, keepTtl: boolean, found?: boolean): void {
  if (found === undefined && db.expires.size !== 0) db.lookupWrite(key);
  db.setKey(key, val, keepTtl);
  c.server.signalModifiedKey(db, key);
}

/** dbAdd for a key known to be absent (Database.setKey sends the 'new' event); no signal. */
export function addStringKey(c: CommandContext, db: Database, key: string, val: string): void {
  void c;
  db.setKey(key, val);
}

/**
 * checkStringLength: throws "string exceeds maximum allowed size" when size+append goes over
 * proto-max-bulk-len (not checked for the master link). Also refuses, with the same text,
 * lengths a JS string cannot hold.
 */
export function checkStringLength(c: CommandContext, size: number, append: number): void {
  const total = size + append;
  if ((c.flags & ClientFlag.Master) === 0 && total > c.server.protoLimits.maxBulkLen) throw new ReplyError(E.stringTooLong);
  if (total > MAX_JS_STRING) throw new ReplyError(E.stringTooLong);
}

/** Servers whose keyModified hook drops stale ropes (so a DEL'd big bitmap frees its chunks). */
const ropeHooked = new WeakSet<object>();

/**
 * The rope of a big string value being written (ds/bitmap-rope.ts): the cached one when `value`
 * is its root, else a new one. Installs, once per server, the hook that forgets a key's rope
 * when another command replaces or deletes the value.
 */
export function openRope(c: CommandContext, key: string, value: string): ByteRope {
  const server = c.server;
  if (!ropeHooked.has(server)) {
    ropeHooked.add(server);
    server.hooks.keyModified.push((db, k) => {
      if (sharedRopes.size !== 0) sharedRopes.invalidate(k, db.dict.get(k));
    });
  }
  return sharedRopes.open(key, value);
}

/** The string at key for a read (counts hit/miss); undefined when absent; WRONGTYPE otherwise. */
function readString(c: CommandContext, key: string): string | undefined {
  const v = c.db.lookupRead(key);
  if (v === undefined || typeof v === 'string') return v;
  throw new ReplyError(E.wrongType);
}

/** An int64 argument, as a number when it is a safe integer and as a bigint beyond 2^53. */
function int64(s: string, msg: string = E.notInteger): number | bigint {
  const v = parseInt64(s);
  if (v === null) throw new ReplyError(msg);
  return Number.isSafeInteger(v) ? v : BigInt(s);
}

// ---------------------------------------------------------------------------------------------
// GET / SET family
// ---------------------------------------------------------------------------------------------

const OBJ_SET_NX = 1 << 0;
const OBJ_SET_XX = 1 << 1;
const OBJ_EX = 1 << 2;
const OBJ_PX = 1 << 3;
const OBJ_KEEPTTL = 1 << 4;
const OBJ_SET_GET = 1 << 5;
const OBJ_EXAT = 1 << 6;
const OBJ_PXAT = 1 << 7;
const OBJ_PERSIST = 1 << 8;
const ANY_EXPIRE = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT;

/** Parsed SET / GETEX options: flags and the index of the expire argument (0 = none). */
let optFlags = 0;
let optExpireIdx = 0;

/**
 * parseExtendedStringArgumentsOrReply: the SET options (NX XX GET KEEPTTL EX PX EXAT PXAT) or
 * the GETEX ones (EX PX EXAT PXAT PERSIST), with Redis's conflict rules: any repeated or
 * incompatible option, and an EX/PX/… without a value, is a syntax error. Leaves the result in
 * optFlags / optExpireIdx.
 */
function parseStringOptions(argv: readonly string[], isSet: boolean): void {
  let flags = 0;
  let expireIdx = 0;
  const n = argv.length;
  for (let j = isSet ? 3 : 2; j < n; j++) {
    const opt = argv[j]!.toLowerCase();
    const hasNext = j < n - 1;
    if (opt === 'nx' && isSet && !(flags & OBJ_SET_XX)) {
      flags |= OBJ_SET_NX;
    } else if (opt === 'xx' && isSet && !(flags & OBJ_SET_NX)) {
      flags |= OBJ_SET_XX;
    } else if (opt === 'get' && isSet) {
      flags |= OBJ_SET_GET;
    } else if (opt === 'keepttl' && isSet && !(flags & (OBJ_PERSIST | ANY_EXPIRE))) {
      flags |= OBJ_KEEPTTL;
    } else if (opt === 'persist' && !isSet && !(flags & (ANY_EXPIRE | OBJ_KEEPTTL))) {
      flags |= OBJ_PERSIST;
    } else if (opt === 'ex' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT))) {
      flags |= OBJ_EX;
      expireIdx = ++j;
    } else if (opt === 'px' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT))) {
      flags |= OBJ_PX;
      expireIdx = ++j;
    } else if (opt === 'exat' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT))) {
      flags |= OBJ_EXAT;
      expireIdx = ++j;
    } else if (opt === 'pxat' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX))) {
      flags |= OBJ_PXAT;
      expireIdx = ++j;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  optFlags = flags;
  optExpireIdx = expireIdx;
}

/**
 * getExpireMillisecondsOrReply: the absolute expire time (ms) for an EX/PX/EXAT/PXAT argument.
 * Zero, negative and overflowing values are "invalid expire time in '<cmd>' command".
 */
function expireMs(c: CommandContext, arg: string, flags: number): number {
  const v = parseInt64(arg);
  if (v === null) throw new ReplyError(E.notInteger);
  const seconds = (flags & (OBJ_EX | OBJ_EXAT)) !== 0;
  const relative = (flags & (OBJ_EX | OBJ_PX)) !== 0;
  if (v <= 0) throw new ReplyError(E.invalidExpire(c.cmd!.fullName));
  if (Number.isSafeInteger(v) && v < 2 ** 43) {
    // The common case: exact in doubles, no int64 overflow possible.
    let ms = seconds ? v * 1000 : v;
    if (relative) ms += c.now;
    return ms;
  }
  let ms = BigInt(arg);
  if (seconds) {
    if (ms > INT64_MAX / 1000n) throw new ReplyError(E.invalidExpire(c.cmd!.fullName));
    ms *= 1000n;
  }
  if (relative) ms += BigInt(c.now);
  if (ms > INT64_MAX) throw new ReplyError(E.invalidExpire(c.cmd!.fullName));
  return Number(ms);
}

/** getGenericCommand: replies with the string at argv[1] or nil; WRONGTYPE for other types. */
function getGeneric(c: CommandContext): string | undefined {
  const v = readString(c, c.argv[1]!);
  if (v === undefined) c.reply.nil();
  else c.reply.bulk(v);
  return v;
}

/**
 * setGenericCommand: SET and its variants. `flags` are OBJ_* bits, `expireArg` the EX/PX/…
 * argument text (or undefined). Replies `okReply`/`abortReply` (1/0 for SETNX) unless GET was
 * given, in which case the old value is the reply. Dirty, 'set' and 'expire' events as Redis.
 */
function setGeneric(c: CommandContext, flags: number, key: string, val: string, expireArg: string | undefined, intReply: boolean): void {
  let when = 0;
  if (expireArg !== undefined) when = expireMs(c, expireArg, flags);
  if (flags & OBJ_SET_GET) getGeneric(c);
  const db = c.db;
  const found = db.lookupWrite(key) !== undefined;
  if ((flags & OBJ_SET_NX && found) || (flags & OBJ_SET_XX && !found)) {
    if (!(flags & OBJ_SET_GET)) {
      if (intReply) c.reply.int(0);
      else c.reply.nil();
    }
    return;
  }
  setStringKey(c, db, key, val, (flags & OBJ_KEEPTTL) !== 0, found);
  const server = c.server;
  server.dirty++;
  server.notify(NotifyFlags.String, 'set', key, db.id);
  if (expireArg !== undefined) {
    db.setExpire(key, when);
    server.notify(NotifyFlags.Generic, 'expire', key, db.id);
  }
  if (!(flags & OBJ_SET_GET)) {
    if (intReply) c.reply.int(1);
    else c.reply.ok();
  }
}

/** GET key */
function getCommand(c: CommandContext): void {
  const v = c.db.lookupRead(c.argv[1]!);
  if (v === undefined) c.reply.nil();
  else if (typeof v !== 'string') throw new ReplyError(E.wrongType);
  else c.reply.bulk(v);
}

/** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ms-ts|KEEPTTL] */
function setCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length === 3) {
    // Fast path: a plain SET.
    const server = c.server;
    const db = c.db;
    const key = argv[1]!;
    setStringKey(c, db, key, argv[2]!, false);
    server.dirty++;
    if (server.notifyFlags !== 0) server.notify(NotifyFlags.String, 'set', key, db.id);
    c.reply.ok();
    return;
  }
  parseStringOptions(argv, true);
  const flags = optFlags;
  setGeneric(c, flags, argv[1]!, argv[2]!, optExpireIdx ? argv[optExpireIdx] : undefined, false);
}

/** SETNX key value */
function setnxCommand(c: CommandContext): void {
  setGeneric(c, OBJ_SET_NX, c.argv[1]!, c.argv[2]!, undefined, true);
}

/** SETEX key seconds value */
function setexCommand(c: CommandContext): void {
  setGeneric(c, OBJ_EX, c.argv[1]!, c.argv[3]!, c.argv[2]!, false);
}

/** PSETEX key milliseconds value */
function psetexCommand(c: CommandContext): void {
  setGeneric(c, OBJ_PX, c.argv[1]!, c.argv[3]!, c.argv[2]!, false);
}

/** GETSET key value: SET that replies with the old value. */
function getsetCommand(c: CommandContext): void {
  getGeneric(c);
  const key = c.argv[1]!;
  const db = c.db;
  setStringKey(c, db, key, c.argv[2]!, false);
  c.server.notify(NotifyFlags.String, 'set', key, db.id);
  c.server.dirty++;
}

/** GETDEL key */
function getdelCommand(c: CommandContext): void {
  const v = getGeneric(c);
  if (v === undefined) return;
  const key = c.argv[1]!;
  const db = c.db;
  if (db.deleteKey(key)) {
    c.server.signalModifiedKey(db, key);
    c.server.notify(NotifyFlags.Generic, 'del', key, db.id);
    c.server.dirty++;
  }
}

/** GETEX key [EX s|PX ms|EXAT ts|PXAT ms-ts|PERSIST] */
function getexCommand(c: CommandContext): void {
  const argv = c.argv;
  let flags = 0;
  let expireIdx = 0;
  if (argv.length > 2) {
    parseStringOptions(argv, false);
    flags = optFlags;
    expireIdx = optExpireIdx;
  }
  const key = argv[1]!;
  const v = readString(c, key);
  if (v === undefined) {
    c.reply.nil();
    return;
  }
  // The expire time is validated only once the key is known to exist (as Redis does).
  const when = expireIdx ? expireMs(c, argv[expireIdx]!, flags) : 0;
  c.reply.bulk(v);
  const db = c.db;
  const server = c.server;
  if (flags & (OBJ_PXAT | OBJ_EXAT) && when <= c.now && !server.isReplica) {
    // checkAlreadyExpired: an absolute time in the past deletes the key.
    db.deleteKey(key);
    server.signalModifiedKey(db, key);
    server.notify(NotifyFlags.Generic, 'del', key, db.id);
    server.dirty++;
  } else if (expireIdx) {
    db.setExpire(key, when);
    server.signalModifiedKey(db, key);
    server.notify(NotifyFlags.Generic, 'expire', key, db.id);
    server.dirty++;
  } else if (flags & OBJ_PERSIST) {
    if (db.removeExpire(key)) {
      server.signalModifiedKey(db, key);
      server.notify(NotifyFlags.Generic, 'persist', key, db.id);
      server.dirty++;
    }
  }
}

/** MGET key [key ...]: nil for missing keys and keys of other types. */
function mgetCommand(c: CommandContext): void {
  const argv = c.argv;
  const db = c.db;
  const reply = c.reply;
  reply.array(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    const v = db.lookupRead(argv[j]!);
    if (v === undefined || typeof v !== 'string') reply.nil();
    else reply.bulk(v);
  }
}

/** msetGenericCommand: MSET (nx=false) and MSETNX (nx=true). */
function msetGeneric(c: CommandContext, nx: boolean): void {
  const argv = c.argv;
  if (argv.length % 2 === 0) throw new ReplyError(E.wrongArity(c.cmd!.fullName));
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.lookupWrite(argv[j]!) !== undefined) {
        c.reply.int(0);
        return;
      }
    }
  }
  const server = c.server;
  for (let j = 1; j < argv.length; j += 2) {
    const key = argv[j]!;
    setStringKey(c, db, key, argv[j + 1]!, false);
    server.notify(NotifyFlags.String, 'set', key, db.id);
  }
  server.dirty += (argv.length - 1) / 2;
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function msetCommand(c: CommandContext): void {
  msetGeneric(c, false);
}

function msetnxCommand(c: CommandContext): void {
  msetGeneric(c, true);
}

// ---------------------------------------------------------------------------------------------
// APPEND / STRLEN / GETRANGE / SETRANGE
// ---------------------------------------------------------------------------------------------

/** APPEND key value: replies with the new length. */
function appendCommand(c: CommandContext): void {
  const key = c.argv[1]!;
  const append = c.argv[2]!;
  const db = c.db;
  const o = db.lookupWrite(key);
  let total: number;
  if (o === undefined) {
    addStringKey(c, db, key, append);
    total = append.length;
  } else {
    if (typeof o !== 'string') throw new ReplyError(E.wrongType);
    checkStringLength(c, o.length, append.length);
    const s = o + append;
    db.overwrite(key, s);
    markRawString(db, key); // modified in place: OBJECT ENCODING says raw, as Redis
    total = s.length;
  }
  const server = c.server;
  server.signalModifiedKey(db, key);
  server.notify(NotifyFlags.String, 'append', key, db.id);
  server.dirty++;
  c.reply.int(total);
}

/** STRLEN key */
function strlenCommand(c: CommandContext): void {
  const v = readString(c, c.argv[1]!);
  c.reply.int(v === undefined ? 0 : v.length);
}

/** GETRANGE key start end (and SUBSTR): inclusive, negative indexes count from the end. */
function getrangeCommand(c: CommandContext): void {
  const argv = c.argv;
  let start = int64(argv[2]!);
  let end = int64(argv[3]!);
  const s = readString(c, argv[1]!);
  if (s === undefined) {
    c.reply.bulk('');
    return;
  }
  // Beyond 2^53 only the sign and magnitude matter: clamp to doubles.
  if (typeof start === 'bigint') start = Number(start);
  if (typeof end === 'bigint') end = Number(end);
  const len = s.length;
  if (start < 0 && end < 0 && start > end) {
    c.reply.bulk('');
    return;
  }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.reply.bulk('');
  else c.reply.bulk(start === 0 && end === len - 1 ? s : s.slice(start, end + 1));
}

/** SETRANGE key offset value: replies with the new length. */
function setrangeCommand(c: CommandContext): void {
  const argv = c.argv;
  const key = argv[1]!;
  const value = argv[3]!;
  let offset = int64(argv[2]!);
  if (offset < 0) throw new ReplyError(E.offsetOutOfRange);
  if (typeof offset === 'bigint') offset = Number(offset);
  const db = c.db;
  const o = db.lookupWrite(key);
  let s: string;
  if (o === undefined) {
    if (value.length === 0) {
      c.reply.int(0);
      return;
    }
    checkStringLength(c, offset, value.length);
    if (offset + value.length >= ROPE_MIN) {
      // Big and mostly zeros: a rope shares one zero chunk for the padding.
      const rope = openRope(c, key, '');
      rope.write(offset, value);
      s = rope.commit();
      sharedRopes.evict();
    } else {
      s = '\0'.repeat(offset) + value;
    }
    addStringKey(c, db, key, s);
  } else {
    if (typeof o !== 'string') throw new ReplyError(E.wrongType);
    if (value.length === 0) {
      c.reply.int(o.length);
      return;
    }
    checkStringLength(c, offset, value.length);
    if (Math.max(o.length, offset + value.length) >= ROPE_MIN) {
      // Big string: rewrite only the touched chunks of its rope (ds/bitmap-rope.ts).
      const rope = openRope(c, key, o);
      rope.write(offset, value);
      s = rope.commit();
      sharedRopes.evict();
    } else if (offset >= o.length) s = o + '\0'.repeat(offset - o.length) + value;
    else if (offset + value.length >= o.length) s = o.slice(0, offset) + value;
    else s = o.slice(0, offset) + value + o.slice(offset + value.length);
    db.overwrite(key, s);
  }
  markRawString(db, key); // Redis builds or unshares a raw sds here
  const server = c.server;
  server.signalModifiedKey(db, key);
  server.notify(NotifyFlags.String, 'setrange', key, db.id);
  server.dirty++;
  c.reply.int(s.length);
}

// ---------------------------------------------------------------------------------------------
// INCR family
// ---------------------------------------------------------------------------------------------

/**
 * incrDecrCommand: adds `incr` to the int64 at argv[1] (0 when absent). The TTL is kept.
 * "increment or decrement would overflow" when the result leaves int64. Event 'incrby'.
 */
function incrDecr(c: CommandContext, incr: number | bigint): void {
  const key = c.argv[1]!;
  const db = c.db;
  const o = db.lookupWrite(key);
  let value: number | bigint = 0;
  if (o !== undefined) {
    if (typeof o !== 'string') throw new ReplyError(E.wrongType);
    value = int64(o);
  }
  let result: number | bigint;
  if (typeof value === 'number' && typeof incr === 'number' && Number.isSafeInteger((result = value + incr))) {
    // Exact: both operands and the sum are below 2^53.
  } else {
    const r = BigInt(value) + BigInt(incr);
    if (r > INT64_MAX || r < INT64_MIN) throw new ReplyError(E.incrOverflow);
    result = r <= 9007199254740991n && r >= -9007199254740991n ? Number(r) : r;
  }
  const text = String(result);
  if (o === undefined) addStringKey(c, db, key, text);
  else db.overwrite(key, text);
  const server = c.server;
  server.signalModifiedKey(db, key);
  if (server.notifyFlags !== 0) server.notify(NotifyFlags.String, 'incrby', key, db.id);
  server.dirty++;
  c.reply.int(result);
}

function incrCommand(c: CommandContext): void {
  incrDecr(c, 1);
}

function decrCommand(c: CommandContext): void {
  incrDecr(c, -1);
}

function incrbyCommand(c: CommandContext): void {
  incrDecr(c, int64(c.argv[2]!));
}

function decrbyCommand(c: CommandContext): void {
  const incr = int64(c.argv[2]!);
  if (incr === INT64_MIN) throw new ReplyError(E.decrOverflow);
  incrDecr(c, -incr);
}

/**
 * INCRBYFLOAT key increment: computed in emulated 80-bit long double like Redis, stored and
 * replied as its "%.17Lf" human text (util/long-double.ts); NaN or infinite results are
 * refused. The TTL is kept.
 */
function incrbyfloatCommand(c: CommandContext): void {
  const key = c.argv[1]!;
  const db = c.db;
  const o = db.lookupWrite(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.wrongType);
  const text = incrByFloatText(o, c.argv[2]!);
  if (text === 'value' || text === 'incr') throw new ReplyError(E.notFloat);
  if (text === 'nan') throw new ReplyError(E.incrFloatNaN);
  if (o === undefined) addStringKey(c, db, key, text);
  else db.overwrite(key, text);
  const server = c.server;
  server.signalModifiedKey(db, key);
  server.notify(NotifyFlags.String, 'incrbyfloat', key, db.id);
  server.dirty++;
  c.reply.bulk(text);
}

// ---------------------------------------------------------------------------------------------
// LCS
// ---------------------------------------------------------------------------------------------

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence
 * by the classic dynamic-programming table. IDX replies a map {matches, len}; the matches are
 * the contiguous ranges found while walking the table back from the end, so their order and
 * boundaries are Redis's.
 */
function lcsCommand(c: CommandContext): void {
  const argv = c.argv;
  const db = c.db;
  const oa = db.lookupRead(argv[1]!);
  const ob = db.lookupRead(argv[2]!);
  if ((oa !== undefined && typeof oa !== 'string') || (ob !== undefined && typeof ob !== 'string')) {
    throw new ReplyError(E.lcsWrongType);
  }
  const a = oa ?? '';
  const b = ob ?? '';
  let getlen = false;
  let getidx = false;
  let withmatchlen = false;
  let minmatchlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const moreargs = argv.length - 1 - j;
    if (opt === 'idx') getidx = true;
    else if (opt === 'len') getlen = true;
    else if (opt === 'withmatchlen') withmatchlen = true;
    else if (opt === 'minmatchlen' && moreargs > 0) {
      const v = int64(argv[++j]!);
      minmatchlen = v < 0 ? 0 : Number(v);
    } else throw new ReplyError(E.syntax);
  }
  if (getlen && getidx) throw new ReplyError(E.lcsLenAndIdx);
  if (a.length >= 0xfffffffe || b.length >= 0xfffffffe) throw new ReplyError(E.lcsTooLong);
  const alen = a.length;
  const blen = b.length;
  const w = blen + 1;
  const cells = (alen + 1) * w;
  if (cells * 4 > c.server.protoLimits.maxBulkLen) throw new ReplyError(E.lcsMemory);

  // table[i*w + j] = LCS length of a[0..i) and b[0..j).
  let table: Uint32Array;
  try {
    table = new Uint32Array(cells);
  } catch {
    throw new ReplyError(E.lcsAllocFailed); // ztrymalloc failed
  }
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) table[row + j] = table[prev + j - 1]! + 1;
      else {
        const up = table[prev + j]!;
        const left = table[row + j - 1]!;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const total = table[alen * w + blen]!;
  const reply = c.reply;
  if (getlen) {
    reply.int(total);
    return;
  }

  // Walk back from the end, building the LCS text and (for IDX) the matching ranges.
  const out = getidx ? null : new Array<number>(total);
  const ranges: number[] = []; // flat: astart, aend, bstart, bend
  let idx = total;
  let i = alen;
  let j = blen;
  let aStart = -1;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      if (out !== null) out[idx - 1] = a.charCodeAt(i - 1);
      if (aStart === -1) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        // Contiguous with the current range: extend it backwards.
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const up = table[(i - 1) * w + j]!;
      const left = table[i * w + j - 1]!;
      if (up > left) i--;
      else j--;
      if (aStart !== -1) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (getidx && (minmatchlen === 0 || matchLen >= minmatchlen)) ranges.push(aStart, aEnd, bStart, bEnd);
      aStart = -1;
    }
  }
  if (!getidx) {
    reply.bulk(latin1FromCodes(out!));
    return;
  }
  reply.map(2);
  reply.bulk('matches');
  reply.array(ranges.length / 4);
  for (let k = 0; k < ranges.length; k += 4) {
    reply.array(withmatchlen ? 3 : 2);
    reply.array(2);
    reply.int(ranges[k]!);
    reply.int(ranges[k + 1]!);
    reply.array(2);
    reply.int(ranges[k + 2]!);
    reply.int(ranges[k + 3]!);
    if (withmatchlen) reply.int(ranges[k + 1]! - ranges[k]! + 1);
  }
  reply.bulk('len');
  reply.int(total);
}

/** Builds a latin1 string from byte values, in chunks (fromCharCode takes limited arguments). */
function latin1FromCodes(codes: number[]): string {
  if (codes.length <= 8192) return String.fromCharCode.apply(null, codes);
  let s = '';
  for (let k = 0; k < codes.length; k += 8192) s += String.fromCharCode.apply(null, codes.slice(k, k + 8192));
  return s;
}

// ---------------------------------------------------------------------------------------------
// Registration (flags, arity, keys and ACL categories as `COMMAND INFO` of Redis 7.0.15)
// ---------------------------------------------------------------------------------------------

const S = { group: 'string', acl: ['string'] } as const;

export const stringCommands: readonly CommandSpec[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Get the value of a key', complexity: 'O(1)', handler: getCommand },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Set the string value of a key', complexity: 'O(1)', handler: setCommand },
  { name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Set the value of a key, only if the key does not exist', complexity: 'O(1)', handler: setnxCommand },
  { name: 'setex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '2.0.0', summary: 'Set the value and expiration of a key', complexity: 'O(1)', handler: setexCommand },
  { name: 'psetex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '2.6.0', summary: 'Set the value and expiration in milliseconds of a key', complexity: 'O(1)', handler: psetexCommand },
  { name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Set the string value of a key and return its old value', complexity: 'O(1)', handler: getsetCommand },
  { name: 'getdel', arity: 2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '6.2.0', summary: 'Get the value of a key and delete the key', complexity: 'O(1)', handler: getdelCommand },
  { name: 'getex', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '6.2.0', summary: 'Get the value of a key and optionally set its expiration', complexity: 'O(1)', handler: getexCommand },
  { name: 'mget', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1, ...S, tips: ['request_policy:multi_shard'], since: '1.0.0', summary: 'Get the values of all the given keys', complexity: 'O(N) where N is the number of keys to retrieve.', handler: mgetCommand },
  { name: 'mset', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2, ...S, tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'], since: '1.0.1', summary: 'Set multiple keys to multiple values', complexity: 'O(N) where N is the number of keys to set.', handler: msetCommand },
  { name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2, ...S, tips: ['request_policy:multi_shard', 'response_policy:agg_min'], since: '1.0.1', summary: 'Set multiple keys to multiple values, only if none of the keys exist', complexity: 'O(N) where N is the number of keys to set.', handler: msetnxCommand },
  { name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '2.0.0', summary: 'Append a value to a key', complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.', handler: appendCommand },
  { name: 'strlen', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '2.2.0', summary: 'Get the length of the value stored in a key', complexity: 'O(1)', handler: strlenCommand },
  { name: 'getrange', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '2.4.0', summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.', handler: getrangeCommand },
  { name: 'substr', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.', handler: getrangeCommand },
  { name: 'setrange', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '2.2.0', summary: 'Overwrite part of a string at key starting at the specified offset', complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.', handler: setrangeCommand },
  { name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Increment the integer value of a key by one', complexity: 'O(1)', handler: incrCommand },
  { name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Decrement the integer value of a key by one', complexity: 'O(1)', handler: decrCommand },
  { name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Increment the integer value of a key by the given amount', complexity: 'O(1)', handler: incrbyCommand },
  { name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '1.0.0', summary: 'Decrement the integer value of a key by the given number', complexity: 'O(1)', handler: decrbyCommand },
  { name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...S, since: '2.6.0', summary: 'Increment the float value of a key by the given amount', complexity: 'O(1)', handler: incrbyfloatCommand },
  { name: 'lcs', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 2, step: 1, ...S, since: '7.0.0', summary: 'Find longest common substring', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively', handler: lcsCommand },
];
