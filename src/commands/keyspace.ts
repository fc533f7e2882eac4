/**
 * commands/keyspace.ts — generic key commands, databases and expiry
 * (https://redis.io/commands/?group=generic, plus SWAPDB/DBSIZE/FLUSHDB/FLUSHALL of the server
 * group): DEL UNLINK EXISTS TYPE RANDOMKEY RENAME RENAMENX MOVE COPY TOUCH KEYS SCAN, the EXPIRE
 * family, TTL family, PERSIST, OBJECT, SWAPDB, DBSIZE, FLUSHDB, FLUSHALL (db.c, expire.c, object.c).
 *
 * Every write does what Redis does, in Redis's order: the change, signalModifiedKey, the keyspace
 * event, dirty++, then the reply. Lookups follow Redis's flags: TYPE/EXISTS/TTL/OBJECT don't touch
 * the access stamp (LOOKUP_NOTOUCH), writes don't count keyspace hits/misses.
 * Pinned by test/commands/keyspace*.test.ts and test/diff/keyspace*.diff.test.ts.
 * Must not import protocol/ internals beyond the Reply interface (through the context).
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argBigInt, argRange, eq } from './args';
import { NotifyFlags } from '../db/notify';
import { typeOf, type Database, type RedisValue } from '../db/database';
import { globMatch, isMatchAll } from '../util/glob';
import { keyStamp, markRawString, objectEncoding, objectRefcount, RAW_STRING_FLAG, setKeyStamp } from '../db/object-info';
import { LAZYFREE_THRESHOLD, scheduleLazyReclaim } from '../db/lazyfree';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

// -------------------------------------------------------------------------------------------------
// Shared helpers
// -------------------------------------------------------------------------------------------------

/** getIntFromObjectOrReply: a C int, with Redis's two messages (or `msg` for both). */
function argDbIndex(s: string, msg?: string): number {
  return argRange(s, INT_MIN, INT_MAX, msg);
}

/** The database with that index, or throws "DB index is out of range" (selectDb failing). */
function dbByIndex(c: CommandContext, id: number): Database {
  const db = id >= 0 ? c.server.dbs[id] : undefined;
  if (db === undefined) throw new ReplyError(E.dbIndexOutOfRange);
  return db;
}

/**
 * lazyfreeGetFreeEffort: how many allocations freeing the value takes in Redis (1 for strings and
 * compact encodings; the element count of hashtable sets/hashes and skiplist zsets; quicklist
 * nodes for lists). A value type may define `freeEffort()` to say it exactly (streams must:
 * rax nodes + consumer groups × (1 + first group's PEL size)).
 */
function freeEffort(v: RedisValue): number {
  if (typeof v === 'string') return 1;
  const any = v as { freeEffort?: () => number; size?: number; length?: number };
  if (typeof any.freeEffort === 'function') return any.freeEffort();
  switch (v.type) {
    case 'set':
    case 'hash':
      return v.encoding() === 'hashtable' ? (any.size ?? 1) : 1;
    case 'zset':
      return v.encoding() === 'skiplist' ? (any.size ?? 1) : 1;
    case 'list':
      // Quicklist nodes hold up to 8 kB of entries (list-max-listpack-size -2): an estimate.
      return Math.max(1, Math.ceil((any.length ?? 1) / 128));
    case 'stream': {
      // Redis: rax nodes + groups × (1 + first group's PEL size). Our macro nodes stand for the
      // rax's listpacks (a lower bound of its node count).
      const st = v as { nodes?: readonly unknown[]; groups?: Map<string, { pel?: { size: number } }> | null };
      let effort = st.nodes?.length ?? 1;
      if (st.groups && st.groups.size > 0) {
        const first = st.groups.values().next().value;
        effort += st.groups.size * (1 + (first?.pel?.size ?? 0));
      }
      return effort;
    }
    default:
      return 1;
  }
}

/**
 * After deleting a value: one Redis would free in the background (`lazy`) is counted in
 * lazyfreed_objects, as INFO reports it; either way a big value's memory is reclaimed soon
 * (db/lazyfree.ts), as Redis returns it at once (sync) or shortly (async).
 */
function afterFree(c: CommandContext, v: RedisValue, lazy: boolean): void {
  if (typeof v === 'string' || freeEffort(v) <= LAZYFREE_THRESHOLD) return;
  if (lazy) c.server.stats.lazyfreedObjects++;
  scheduleLazyReclaim();
}

/** Config lookup that tolerates a config table that doesn't have the name (yet). */
function configBool(c: CommandContext, name: string): boolean {
  return c.server.config.spec(name) ? c.server.config.bool(name) : false;
}

// -------------------------------------------------------------------------------------------------
// DEL, UNLINK, EXISTS, TYPE, TOUCH, RANDOMKEY, DBSIZE
// -------------------------------------------------------------------------------------------------

/** DEL / UNLINK key [key ...]: replies with the number of keys removed (expired ones don't count). */
function delGenericCommand(c: CommandContext, lazy: boolean): void {
  const db = c.db;
  const argv = c.argv;
  let deleted = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j]!;
    db.expireIfNeeded(key);
    const v = db.dict.get(key);
    if (v === undefined || !db.deleteKey(key)) continue;
    afterFree(c, v, lazy);
    c.server.signalModifiedKey(db, key);
    c.server.notify(NotifyFlags.Generic, 'del', key, db.id);
    c.server.dirty++;
    deleted++;
  }
  c.reply.int(deleted);
}

function delCommand(c: CommandContext): void {
  delGenericCommand(c, configBool(c, 'lazyfree-lazy-user-del'));
}

function unlinkCommand(c: CommandContext): void {
  delGenericCommand(c, true);
}

/** EXISTS key [key ...]: counts repeated keys each time; doesn't touch the access time. */
function existsCommand(c: CommandContext): void {
  const db = c.db;
  const argv = c.argv;
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (db.lookupRead(argv[j]!, false) !== undefined) count++;
  c.reply.int(count);
}

function typeCommand(c: CommandContext): void {
  const v = c.db.lookupRead(c.argv[1]!, false);
  c.reply.status(v === undefined ? 'none' : typeOf(v));
}

/** TOUCH key [key ...]: a read lookup per key (updates the access time). */
function touchCommand(c: CommandContext): void {
  const db = c.db;
  const argv = c.argv;
  let touched = 0;
  for (let j = 1; j < argv.length; j++) if (db.lookupRead(argv[j]!) !== undefined) touched++;
  c.reply.int(touched);
}

function randomkeyCommand(c: CommandContext): void {
  const key = c.db.randomKey();
  if (key === undefined) c.reply.nil();
  else c.reply.bulk(key);
}

/** DBSIZE counts keys that are logically expired but not yet reclaimed, as Redis does. */
function dbsizeCommand(c: CommandContext): void {
  c.reply.int(c.db.size);
}

// -------------------------------------------------------------------------------------------------
// KEYS, SCAN
// -------------------------------------------------------------------------------------------------

/** KEYS pattern: matching keys that are not expired (expired ones are skipped, not deleted). */
function keysCommand(c: CommandContext): void {
  const db = c.db;
  const pattern = c.argv[1]!;
  const all = isMatchAll(pattern);
  const keys = db.dict.keys();
  const out: string[] = [];
  const checkTtl = db.expires.size !== 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!all && !globMatch(pattern, key)) continue;
    if (checkTtl && db.isExpired(key)) continue;
    out.push(key);
  }
  c.reply.bulkArray(out);
}

/**
 * parseScanCursorOrReply: the cursor as strtoul reads it (optional sign, digits, the whole
 * string, no leading space, at most 2^64-1; "" is 0). Throws "ERR invalid cursor".
 * Exported for SSCAN/HSCAN/ZSCAN.
 */
export function parseScanCursor(s: string): number {
  let i = 0;
  const n = s.length;
  let neg = false;
  if (n > 0) {
    const ch = s.charCodeAt(0);
    if (ch === 43 || ch === 45) {
      neg = ch === 45;
      i = 1;
    }
  }
  if (i === n) {
    // strtoul with no digits consumes nothing: valid only for the empty string.
    if (n === 0) return 0;
    throw new ReplyError(E.invalidCursor);
  }
  let v = 0n;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) throw new ReplyError(E.invalidCursor);
    v = v * 10n + BigInt(ch - 48);
    if (v > 0xffffffffffffffffn) throw new ReplyError(E.invalidCursor);
  }
  if (neg && v !== 0n) v = (1n << 64n) - v; // strtoul wraps negative input
  return Number(v);
}

/** The options of SCAN-like commands (COUNT, MATCH, and TYPE for SCAN). */
export interface ScanOptions {
  count: number;
  /** null: no pattern (absent, or exactly "*"). */
  pattern: string | null;
  type: string | null;
}

/**
 * Parses [MATCH pattern] [COUNT count] [TYPE type] from argv[from] on (scanGenericCommand step 1).
 * TYPE is accepted only when `allowType` (SCAN). Throws Redis's errors.
 */
export function parseScanOptions(argv: readonly string[], from: number, allowType: boolean): ScanOptions {
  const opts: ScanOptions = { count: 10, pattern: null, type: null };
  for (let i = from; i < argv.length; ) {
    const more = argv.length - i >= 2;
    const a = argv[i]!;
    if (more && eq(a, 'count')) {
      const n = argBigInt(argv[i + 1]!);
      if (n < 1n) throw new ReplyError(E.syntax);
      opts.count = n > 0x7fffffffn ? 0x7fffffff : Number(n);
      i += 2;
    } else if (more && eq(a, 'match')) {
      const p = argv[i + 1]!;
      opts.pattern = isMatchAll(p) ? null : p;
      i += 2;
    } else if (more && allowType && eq(a, 'type')) {
      opts.type = argv[i + 1]!;
      i += 2;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  return opts;
}

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (scanGenericCommand on the keyspace). */
function scanCommand(c: CommandContext): void {
  const cursor = parseScanCursor(c.argv[1]!);
  const opts = parseScanOptions(c.argv, 2, true);
  const db = c.db;
  const found: string[] = [];
  // Collect first, filter after: filtering may delete expired keys, which must not happen while
  // the dict is being walked.
  const next = db.dict.scanKeys(cursor, opts.count, found);
  const out: string[] = [];
  const pattern = opts.pattern;
  const type = opts.type === null ? null : opts.type.toLowerCase();
  for (let i = 0; i < found.length; i++) {
    const key = found[i]!;
    if (pattern !== null && !globMatch(pattern, key)) continue;
    if (type !== null) {
      const v = db.lookupRead(key, false);
      if ((v === undefined ? 'none' : typeOf(v)) !== type) continue;
    }
    if (db.expireIfNeeded(key)) continue;
    out.push(key);
  }
  c.reply.array(2);
  c.reply.bulkInt(next);
  c.reply.bulkArray(out);
}

// -------------------------------------------------------------------------------------------------
// RENAME, RENAMENX, MOVE, COPY
// -------------------------------------------------------------------------------------------------

/** RENAME / RENAMENX: the value, its TTL and its access stamp move to the new name. */
function renameGenericCommand(c: CommandContext, nx: boolean): void {
  const db = c.db;
  const src = c.argv[1]!;
  const dst = c.argv[2]!;
  const v = db.lookupWrite(src);
  if (v === undefined) throw new ReplyError(E.noKey);
  if (src === dst) {
    if (nx) c.reply.int(0);
    else c.reply.ok();
    return;
  }
  const expire = db.getExpire(src);
  if (db.lookupWrite(dst) !== undefined) {
    if (nx) {
      c.reply.int(0);
      return;
    }
    db.deleteKey(dst);
  }
  const stamp = keyStamp(db, src);
  db.setKey(dst, v);
  setKeyStamp(db, dst, stamp);
  if (expire !== -1) db.setExpire(dst, expire);
  db.deleteKey(src);
  const server = c.server;
  server.signalModifiedKey(db, src);
  server.signalModifiedKey(db, dst);
  server.notify(NotifyFlags.Generic, 'rename_from', src, db.id);
  server.notify(NotifyFlags.Generic, 'rename_to', dst, db.id);
  server.dirty++;
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function renameCommand(c: CommandContext): void {
  renameGenericCommand(c, false);
}

function renamenxCommand(c: CommandContext): void {
  renameGenericCommand(c, true);
}

/** MOVE key db: 1 when moved; 0 when the key is missing or already exists in the target. */
function moveCommand(c: CommandContext): void {
  const src = c.db;
  const key = c.argv[1]!;
  const dst = dbByIndex(c, argDbIndex(c.argv[2]!));
  if (dst === src) throw new ReplyError(E.sameObject);
  const v = src.lookupWrite(key);
  if (v === undefined) {
    c.reply.int(0);
    return;
  }
  const expire = src.getExpire(key);
  if (dst.lookupWrite(key) !== undefined) {
    c.reply.int(0);
    return;
  }
  const stamp = keyStamp(src, key);
  dst.setKey(key, v);
  setKeyStamp(dst, key, stamp);
  if (expire !== -1) dst.setExpire(key, expire);
  src.deleteKey(key);
  const server = c.server;
  server.signalModifiedKey(src, key);
  server.signalModifiedKey(dst, key);
  server.notify(NotifyFlags.Generic, 'move_from', key, src.id);
  server.notify(NotifyFlags.Generic, 'move_to', key, dst.id);
  server.dirty++;
  c.reply.int(1);
}

/** COPY source destination [DB destination-db] [REPLACE]: a deep copy with the source's TTL. */
function copyCommand(c: CommandContext): void {
  const argv = c.argv;
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const a = argv[j]!;
    if (eq(a, 'replace')) {
      replace = true;
    } else if (eq(a, 'db') && j + 1 < argv.length) {
      dst = dbByIndex(c, argDbIndex(argv[j + 1]!));
      j++;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const key = argv[1]!;
  const newkey = argv[2]!;
  if (src === dst && key === newkey) throw new ReplyError(E.sameObject);
  const v = src.lookupRead(key);
  if (v === undefined) {
    c.reply.int(0);
    return;
  }
  const expire = src.getExpire(key);
  let del = false;
  if (dst.lookupWrite(newkey) !== undefined) {
    if (!replace) {
      c.reply.int(0);
      return;
    }
    del = true;
  }
  // Strings are immutable JS strings: sharing them is a copy.
  const copy = typeof v === 'string' ? v : v.clone();
  const raw = keyStamp(src, key) & RAW_STRING_FLAG; // dupStringObject keeps the encoding
  if (del) dst.deleteKey(newkey);
  dst.setKey(newkey, copy);
  if (raw) markRawString(dst, newkey);
  if (expire !== -1) dst.setExpire(newkey, expire);
  c.server.signalModifiedKey(dst, newkey);
  c.server.notify(NotifyFlags.Generic, 'copy_to', newkey, dst.id);
  c.server.dirty++;
  c.reply.int(1);
}

// -------------------------------------------------------------------------------------------------
// EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST
// -------------------------------------------------------------------------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;
const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

/** parseExtendedExpireArgumentsOrReply: NX | XX | GT | LT from argv[3] on. */
function parseExpireFlags(argv: readonly string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j]!;
    if (eq(o, 'nx')) flags |= EXPIRE_NX;
    else if (eq(o, 'xx')) flags |= EXPIRE_XX;
    else if (eq(o, 'gt')) flags |= EXPIRE_GT;
    else if (eq(o, 'lt')) flags |= EXPIRE_LT;
    else throw new ReplyError(E.unsupportedOption(o));
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) throw new ReplyError(E.expireNxConflict);
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) throw new ReplyError(E.expireGtLt);
  return flags;
}

/**
 * expireGenericCommand: `basetime` is 0 for the *AT forms, else the command time; `seconds` when
 * argv[2] is in seconds. Replies 1 when the TTL was set (or the key deleted because the time is
 * already past: 'del' event), 0 when the key is missing or a flag condition failed.
 */
function expireGenericCommand(c: CommandContext, relative: boolean, seconds: boolean): void {
  const argv = c.argv;
  const key = argv[1]!;
  const flags = parseExpireFlags(argv);
  let when = argBigInt(argv[2]!);
  const cmdName = c.cmd!.name;
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw new ReplyError(E.invalidExpire(cmdName));
    when *= 1000n;
  }
  const now = c.now;
  const base = relative ? BigInt(now) : 0n;
  if (when > LLONG_MAX - base) throw new ReplyError(E.invalidExpire(cmdName));
  when += base;
  const whenMs = Number(when);
  const db = c.db;
  if (db.lookupWrite(key) === undefined) {
    c.reply.int(0);
    return;
  }
  if (flags !== 0) {
    const current = db.getExpire(key);
    if (flags & EXPIRE_NX && current !== -1) return c.reply.int(0);
    if (flags & EXPIRE_XX && current === -1) return c.reply.int(0);
    // GT: no TTL counts as infinite, so GT always fails on a persistent key.
    if (flags & EXPIRE_GT && (current === -1 || when <= BigInt(current))) return c.reply.int(0);
    if (flags & EXPIRE_LT && current !== -1 && when >= BigInt(current)) return c.reply.int(0);
  }
  const server = c.server;
  if (when <= BigInt(now) && !server.isReplica) {
    // checkAlreadyExpired: the key is deleted now (propagated as DEL/UNLINK in Redis).
    const v = db.dict.get(key)!;
    db.deleteKey(key);
    afterFree(c, v, configBool(c, 'lazyfree-lazy-expire'));
    server.dirty++;
    server.signalModifiedKey(db, key);
    server.notify(NotifyFlags.Generic, 'del', key, db.id);
    c.reply.int(1);
    return;
  }
  db.setExpire(key, whenMs);
  c.reply.int(1);
  server.signalModifiedKey(db, key);
  server.notify(NotifyFlags.Generic, 'expire', key, db.id);
  server.dirty++;
}

function expireCommand(c: CommandContext): void {
  expireGenericCommand(c, true, true);
}
function pexpireCommand(c: CommandContext): void {
  expireGenericCommand(c, true, false);
}
function expireatCommand(c: CommandContext): void {
  expireGenericCommand(c, false, true);
}
function pexpireatCommand(c: CommandContext): void {
  expireGenericCommand(c, false, false);
}

/** ttlGenericCommand: -2 missing, -1 no TTL; seconds are rounded ((ms+500)/1000). */
function ttlGenericCommand(c: CommandContext, ms: boolean, abs: boolean): void {
  const db = c.db;
  const key = c.argv[1]!;
  if (db.lookupRead(key, false) === undefined) {
    c.reply.int(-2);
    return;
  }
  const expire = db.getExpire(key);
  if (expire === -1) {
    c.reply.int(-1);
    return;
  }
  let ttl = abs ? expire : expire - c.now;
  if (ttl < 0) ttl = 0;
  c.reply.int(ms ? ttl : Math.trunc((ttl + 500) / 1000));
}

function ttlCommand(c: CommandContext): void {
  ttlGenericCommand(c, false, false);
}
function pttlCommand(c: CommandContext): void {
  ttlGenericCommand(c, true, false);
}
function expiretimeCommand(c: CommandContext): void {
  ttlGenericCommand(c, false, true);
}
function pexpiretimeCommand(c: CommandContext): void {
  ttlGenericCommand(c, true, true);
}

function persistCommand(c: CommandContext): void {
  const db = c.db;
  const key = c.argv[1]!;
  if (db.lookupWrite(key) === undefined || !db.removeExpire(key)) {
    c.reply.int(0);
    return;
  }
  c.server.signalModifiedKey(db, key);
  c.server.notify(NotifyFlags.Generic, 'persist', key, db.id);
  c.reply.int(1);
  c.server.dirty++;
}

// -------------------------------------------------------------------------------------------------
// OBJECT
// -------------------------------------------------------------------------------------------------

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

function objectHelpCommand(c: CommandContext): void {
  c.reply.array(OBJECT_HELP.length);
  for (const l of OBJECT_HELP) c.reply.status(l);
}

/** objectCommandLookup (LOOKUP_NOTOUCH|LOOKUP_NONOTIFY): hits/misses counted, no keymiss event. */
function objectLookup(c: CommandContext): RedisValue | undefined {
  const v = c.db.lookup(c.argv[2]!, false);
  if (v === undefined) c.server.stats.keyspaceMisses++;
  else c.server.stats.keyspaceHits++;
  return v;
}

function objectEncodingCommand(c: CommandContext): void {
  const v = objectLookup(c);
  if (v === undefined) c.reply.nil();
  else c.reply.bulk(objectEncoding(v, keyStamp(c.db, c.argv[2]!)));
}

function objectRefcountCommand(c: CommandContext): void {
  const v = objectLookup(c);
  if (v === undefined) c.reply.nil();
  else c.reply.int(objectRefcount(v, c.server.access, keyStamp(c.db, c.argv[2]!)));
}

function objectIdletimeCommand(c: CommandContext): void {
  const v = objectLookup(c);
  if (v === undefined) return c.reply.nil();
  const access = c.server.access;
  if (access.lfu) throw new ReplyError(E.objectIdleLfu);
  c.reply.int(Math.floor(access.idleMs(keyStamp(c.db, c.argv[2]!), c.now) / 1000));
}

function objectFreqCommand(c: CommandContext): void {
  const v = objectLookup(c);
  if (v === undefined) return c.reply.nil();
  const access = c.server.access;
  if (!access.lfu) throw new ReplyError(E.objectFreqNoLfu);
  c.reply.int(access.decayed(keyStamp(c.db, c.argv[2]!), c.now));
}

// -------------------------------------------------------------------------------------------------
// SWAPDB, FLUSHDB, FLUSHALL
// -------------------------------------------------------------------------------------------------

/** scanDatabaseForReadyKeys: after SWAPDB, keys waited on by blocked clients may now exist. */
function signalReadyKeys(c: CommandContext, db: Database): void {
  if (db.blockingKeys.size === 0) return;
  for (const key of [...db.blockingKeys.keys()]) if (db.dict.has(key)) c.server.signalKeyAsReady(db, key);
}

/**
 * scanDatabaseForDeletedStreams: clients blocked (XREADGROUP) on a stream that is about to vanish
 * from `emptied` (flushed, or swapped for `replacedWith` where the key is not a stream) are woken,
 * so they can fail instead of waiting forever.
 */
function signalDeletedStreams(c: CommandContext, emptied: Database, replacedWith: Database | null): void {
  if (emptied.blockingKeys.size === 0) return;
  for (const key of [...emptied.blockingKeys.keys()]) {
    const was = emptied.dict.get(key);
    if (was === undefined || typeof was === 'string' || was.type !== 'stream') continue;
    const now = replacedWith === null ? undefined : replacedWith.dict.get(key);
    if (now !== undefined && typeof now !== 'string' && now.type === 'stream') continue;
    c.server.signalKeyAsReady(emptied, key);
  }
}

/** SWAPDB index1 index2: the contents swap; clients, WATCHes and blocked clients stay. */
function swapdbCommand(c: CommandContext): void {
  const id1 = argDbIndex(c.argv[1]!, E.invalidFirstDbIndex);
  const id2 = argDbIndex(c.argv[2]!, E.invalidSecondDbIndex);
  const dbs = c.server.dbs;
  if (id1 < 0 || id1 >= dbs.length || id2 < 0 || id2 >= dbs.length) throw new ReplyError(E.dbIndexOutOfRange);
  if (id1 !== id2) {
    const a = dbs[id1]!;
    const b = dbs[id2]!;
    // WATCHers of keys that appear or disappear lose their transaction (touchAllWatchedKeysInDb).
    c.server.signalSwapDb(a, b);
    signalDeletedStreams(c, a, b);
    signalDeletedStreams(c, b, a);
    a.swapWith(b);
    signalReadyKeys(c, a);
    signalReadyKeys(c, b);
  }
  c.server.dirty++;
  c.reply.ok();
}

/** getFlushCommandFlags: true for ASYNC (or lazyfree-lazy-user-flush without an argument). */
function flushIsAsync(c: CommandContext): boolean {
  const argv = c.argv;
  if (argv.length === 1) return configBool(c, 'lazyfree-lazy-user-flush');
  if (argv.length === 2) {
    if (eq(argv[1]!, 'sync')) return false;
    if (eq(argv[1]!, 'async')) return true;
  }
  throw new ReplyError(E.syntax);
}

/** Empties one database (emptyDbStructure). Returns the number of keys removed. */
function emptyDb(c: CommandContext, db: Database, async: boolean): number {
  const n = db.flush();
  if (async) c.server.stats.lazyfreedObjects += n;
  if (n > 0) scheduleLazyReclaim();
  return n;
}

function flushdbCommand(c: CommandContext): void {
  const async = flushIsAsync(c);
  // signalFlushedDb: WATCHes of existing keys fail, tracking clients get a null invalidation.
  signalDeletedStreams(c, c.db, null);
  c.server.signalFlushedDb(c.db.id);
  c.server.dirty += emptyDb(c, c.db, async);
  c.reply.ok();
}

function flushallCommand(c: CommandContext): void {
  const async = flushIsAsync(c);
  for (const db of c.server.dbs) signalDeletedStreams(c, db, null);
  c.server.signalFlushedDb(-1);
  let removed = 0;
  for (const db of c.server.dbs) removed += emptyDb(c, db, async);
  c.server.dirty += removed;
  c.reply.ok();
}

// -------------------------------------------------------------------------------------------------
// The table (flags/ACL as COMMAND INFO of redis-server 7.0.15 prints them)
// -------------------------------------------------------------------------------------------------

const K = ['keyspace'] as const;
const G = 'generic';

// Key-argument flags as COMMAND GETKEYSANDFLAGS prints them (the commands' key specs).
const RM_DELETE = ['RM', 'delete'] as const;
const RO = ['RO'] as const;
const RO_ACCESS = ['RO', 'access'] as const;
const RW_UPDATE = ['RW', 'update'] as const;
const RW_ACCESS_UPDATE = ['RW', 'access', 'update'] as const;
const kfRmDelete = () => RM_DELETE;
const kfRo = () => RO;
const kfRoAccess = () => RO_ACCESS;
const kfRwUpdate = () => RW_UPDATE;
const kfRwAccessUpdate = () => RW_ACCESS_UPDATE;
const RENAME_SRC = ['RW', 'access', 'delete'] as const;
const RENAME_DST = ['OW', 'update'] as const;
const RENAMENX_DST = ['OW', 'insert'] as const;
const kfRename = (_a: readonly string[], _p: number, index: number) => (index === 0 ? RENAME_SRC : RENAME_DST);
const kfRenamenx = (_a: readonly string[], _p: number, index: number) => (index === 0 ? RENAME_SRC : RENAMENX_DST);
const kfCopy = (_a: readonly string[], _p: number, index: number) => (index === 0 ? RO_ACCESS : RENAME_DST);

export const keyspaceCommands: readonly CommandSpec[] = [
  { name: 'del', arity: -2, flags: ['write'], firstKey: 1, lastKey: -1, step: 1, acl: K, group: G, tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keyFlags: kfRmDelete, handler: delCommand },
  { name: 'unlink', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: -1, step: 1, acl: K, group: G, tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keyFlags: kfRmDelete, handler: unlinkCommand },
  { name: 'exists', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1, acl: K, group: G, tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keyFlags: kfRo, handler: existsCommand },
  { name: 'type', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRo, handler: typeCommand },
  { name: 'touch', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1, acl: K, group: G, tips: ['request_policy:multi_shard', 'response_policy:agg_sum'], keyFlags: kfRo, handler: touchCommand },
  { name: 'randomkey', arity: 1, flags: ['readonly'], firstKey: 0, lastKey: 0, step: 0, acl: K, group: G, tips: ['request_policy:all_shards', 'nondeterministic_output'], handler: randomkeyCommand },
  { name: 'keys', arity: 2, flags: ['readonly'], firstKey: 0, lastKey: 0, step: 0, acl: ['keyspace', 'dangerous'], group: G, tips: ['request_policy:all_shards', 'nondeterministic_output_order'], handler: keysCommand },
  { name: 'scan', arity: -2, flags: ['readonly'], firstKey: 0, lastKey: 0, step: 0, acl: K, group: G, tips: ['nondeterministic_output', 'request_policy:special'], handler: scanCommand },
  { name: 'rename', arity: 3, flags: ['write'], firstKey: 1, lastKey: 2, step: 1, acl: K, group: G, keyFlags: kfRename, handler: renameCommand },
  { name: 'renamenx', arity: 3, flags: ['write', 'fast'], firstKey: 1, lastKey: 2, step: 1, acl: K, group: G, keyFlags: kfRenamenx, handler: renamenxCommand },
  { name: 'move', arity: 3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRwAccessUpdate, handler: moveCommand },
  { name: 'copy', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1, acl: K, group: G, keyFlags: kfCopy, handler: copyCommand },
  { name: 'expire', arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRwUpdate, handler: expireCommand },
  { name: 'pexpire', arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRwUpdate, handler: pexpireCommand },
  { name: 'expireat', arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRwUpdate, handler: expireatCommand },
  { name: 'pexpireat', arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRwUpdate, handler: pexpireatCommand },
  { name: 'ttl', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, tips: ['nondeterministic_output'], keyFlags: kfRoAccess, handler: ttlCommand },
  { name: 'pttl', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, tips: ['nondeterministic_output'], keyFlags: kfRoAccess, handler: pttlCommand },
  { name: 'expiretime', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRoAccess, handler: expiretimeCommand },
  { name: 'pexpiretime', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRoAccess, handler: pexpiretimeCommand },
  { name: 'persist', arity: 2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: K, group: G, keyFlags: kfRwUpdate, handler: persistCommand },
  {
    name: 'object', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: G,
    subcommands: [
      { name: 'encoding', arity: 3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1, acl: K, group: G, tips: ['nondeterministic_output'], keyFlags: kfRo, handler: objectEncodingCommand },
      { name: 'freq', arity: 3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1, acl: K, group: G, tips: ['nondeterministic_output'], keyFlags: kfRo, handler: objectFreqCommand },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, acl: K, group: G, handler: objectHelpCommand },
      { name: 'idletime', arity: 3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1, acl: K, group: G, tips: ['nondeterministic_output'], keyFlags: kfRo, handler: objectIdletimeCommand },
      { name: 'refcount', arity: 3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1, acl: K, group: G, tips: ['nondeterministic_output'], keyFlags: kfRo, handler: objectRefcountCommand },
    ],
  },
  { name: 'swapdb', arity: 3, flags: ['write', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['keyspace', 'dangerous'], group: 'server', handler: swapdbCommand },
  { name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: K, group: 'server', tips: ['request_policy:all_shards', 'response_policy:agg_sum'], handler: dbsizeCommand },
  { name: 'flushdb', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0, acl: ['keyspace', 'dangerous'], group: 'server', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: flushdbCommand },
  { name: 'flushall', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0, acl: ['keyspace', 'dangerous'], group: 'server', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: flushallCommand },
];
