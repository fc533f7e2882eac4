/**
 * commands/hash.ts — hash commands (https://redis.io/commands/?group=hash), the "Hash type
 * commands" half of t_hash.c.
 *
 * Encoding rules (hashTypeTryConversion / hashTypeSet): a new hash is "listpack"; it becomes
 * "hashtable" before the write when any field or value given to HSET/HSETNX/HMSET is longer than
 * hash-max-listpack-value (default 64), and after an insert that takes it past
 * hash-max-listpack-entries (default 512 in 7.0.15, checked with CONFIG GET). Every set also
 * checks the field and value lengths (HINCRBY* results included). Never converts back.
 * Listpack order is insertion order, which HGETALL/HKEYS/HVALS/HSCAN show.
 */
import type { CommandSpec } from './registry';
import { lhDocs } from './list-hash-docs';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, eq } from './args';
import { lookupTyped, type TypedValue } from '../db/database';
import { NotifyFlags } from '../db/notify';
import { HashValue } from '../ds/hash';
import { Dict } from '../ds/dict';
import { formatHumanDouble, parseDouble, parseInt64, parseInt64Big } from '../util/numbers';
import { globMatch } from '../util/glob';
import type { Server } from '../server';

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

function lookupHash(c: CommandContext, key: string, read: boolean): HashValue | undefined {
  return lookupTyped<HashValue & TypedValue>(c.db, key, 'hash', read);
}

/** A config number, or the default when the directive is not (yet) in the table. */
function configNum(server: Server, name: string, dflt: number): number {
  return server.config.spec(name) ? server.config.num(name) : dflt;
}

function maxEntries(server: Server): number {
  return configNum(server, 'hash-max-listpack-entries', 512);
}

function maxValue(server: Server): number {
  return configNum(server, 'hash-max-listpack-value', 64);
}

/** hashTypeLookupWriteOrCreate: the hash at key, created (listpack, empty) when absent. */
function lookupOrCreate(c: CommandContext, key: string): HashValue {
  let h = lookupHash(c, key, false);
  if (h === undefined) {
    h = new HashValue();
    c.db.setKey(key, h);
  }
  return h;
}

/** hashTypeTryConversion: any argument in argv[start..end] longer than the listpack limit. */
function tryConversion(c: CommandContext, h: HashValue, start: number, end: number): void {
  if (!h.listpack) return;
  const max = maxValue(c.server);
  const argv = c.argv;
  for (let i = start; i <= end; i++) {
    if (argv[i]!.length > max) {
      h.convert();
      return;
    }
  }
}

/** hashTypeSet: set, then the entries check. Returns true when the field was updated (not new). */
function hashSet(c: CommandContext, h: HashValue, field: string, value: string): boolean {
  // Too long for a listpack entry: convert first (matters for HINCRBY*, whose arguments
  // hashTypeTryConversion never saw).
  if (h.listpack) {
    const max = maxValue(c.server);
    if (field.length > max || value.length > max) h.convert();
  }
  const isNew = h.set(field, value);
  if (isNew && h.listpack) h.checkEntries(maxEntries(c.server));
  return !isNew;
}

/** HSETNX key field value */
function hsetnxCommand(c: CommandContext): void {
  const argv = c.argv;
  const key = argv[1]!;
  const h = lookupOrCreate(c, key);
  if (h.has(argv[2]!)) {
    c.reply.int(0);
    return;
  }
  tryConversion(c, h, 2, 3);
  hashSet(c, h, argv[2]!, argv[3]!);
  c.reply.int(1);
  c.server.signalModifiedKey(c.db, key);
  c.server.notify(NotifyFlags.Hash, 'hset', key, c.db.id);
  c.server.dirty++;
}

/** HSET key field value [field value …] and HMSET (which replies OK). */
function hsetCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length % 2 === 1) throw new ReplyError(E.wrongArity(c.cmd!.fullName));
  const key = argv[1]!;
  const h = lookupOrCreate(c, key);
  tryConversion(c, h, 2, argv.length - 1);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (!hashSet(c, h, argv[i]!, argv[i + 1]!)) created++;
  const name = argv[0]!;
  if (name.charCodeAt(1) === 115 || name.charCodeAt(1) === 83) c.reply.int(created);
  else c.reply.ok();
  c.server.signalModifiedKey(c.db, key);
  c.server.notify(NotifyFlags.Hash, 'hset', key, c.db.id);
  c.server.dirty += (argv.length - 2) / 2;
}

/** HINCRBY key field increment */
function hincrbyCommand(c: CommandContext): void {
  const argv = c.argv;
  const incr = parseInt64Big(argv[3]!);
  if (incr === null) throw new ReplyError(E.notInteger);
  const key = argv[1]!;
  const field = argv[2]!;
  const h = lookupOrCreate(c, key);
  const cur = h.get(field);
  let value = 0n;
  if (cur !== undefined) {
    const v = parseInt64Big(cur);
    if (v === null) throw new ReplyError(E.hashNotInteger);
    value = v;
  }
  const next = value + incr;
  if (next > LONG_MAX || next < LONG_MIN) throw new ReplyError(E.incrOverflow);
  hashSet(c, h, field, next.toString());
  c.reply.int(next >= -9007199254740991n && next <= 9007199254740991n ? Number(next) : next);
  c.server.signalModifiedKey(c.db, key);
  c.server.notify(NotifyFlags.Hash, 'hincrby', key, c.db.id);
  c.server.dirty++;
}

/** HINCRBYFLOAT key field increment */
function hincrbyfloatCommand(c: CommandContext): void {
  const argv = c.argv;
  const incr = parseDouble(argv[3]!);
  if (incr === null) throw new ReplyError(E.notFloat);
  if (!Number.isFinite(incr)) throw new ReplyError(E.valueNaNOrInf);
  const key = argv[1]!;
  const field = argv[2]!;
  const h = lookupOrCreate(c, key);
  const cur = h.get(field);
  let value = 0;
  if (cur !== undefined) {
    const v = parseDouble(cur);
    // string2ld accepts "inf" (then the sum check fails) but not "nan" or spaces.
    if (v === null) throw new ReplyError(E.hashNotFloat);
    value = v;
  }
  const next = value + incr;
  if (!Number.isFinite(next)) throw new ReplyError(E.incrFloatNaN);
  const text = formatHumanDouble(next);
  hashSet(c, h, field, text);
  c.reply.bulk(text);
  c.server.signalModifiedKey(c.db, key);
  c.server.notify(NotifyFlags.Hash, 'hincrbyfloat', key, c.db.id);
  c.server.dirty++;
}

/** HGET key field */
function hgetCommand(c: CommandContext): void {
  const h = lookupHash(c, c.argv[1]!, true);
  const v = h === undefined ? undefined : h.get(c.argv[2]!);
  if (v === undefined) c.reply.nil();
  else c.reply.bulk(v);
}

/** HMGET key field [field …] — a missing key is an empty hash. */
function hmgetCommand(c: CommandContext): void {
  const argv = c.argv;
  const h = lookupHash(c, argv[1]!, true);
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const v = h === undefined ? undefined : h.get(argv[i]!);
    if (v === undefined) c.reply.nil();
    else c.reply.bulk(v);
  }
}

/** HDEL key field [field …] */
function hdelCommand(c: CommandContext): void {
  const argv = c.argv;
  const key = argv[1]!;
  const h = lookupHash(c, key, false);
  if (h === undefined) {
    c.reply.int(0);
    return;
  }
  let deleted = 0;
  let keyremoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (h.delete(argv[j]!)) {
      deleted++;
      if (h.size === 0) {
        c.db.deleteKey(key);
        keyremoved = true;
        break;
      }
    }
  }
  if (deleted) {
    const server = c.server;
    server.signalModifiedKey(c.db, key);
    server.notify(NotifyFlags.Hash, 'hdel', key, c.db.id);
    if (keyremoved) server.notify(NotifyFlags.Generic, 'del', key, c.db.id);
    server.dirty += deleted;
  }
  c.reply.int(deleted);
}

function hlenCommand(c: CommandContext): void {
  const h = lookupHash(c, c.argv[1]!, true);
  c.reply.int(h === undefined ? 0 : h.size);
}

function hstrlenCommand(c: CommandContext): void {
  const h = lookupHash(c, c.argv[1]!, true);
  const v = h === undefined ? undefined : h.get(c.argv[2]!);
  c.reply.int(v === undefined ? 0 : v.length);
}

function hexistsCommand(c: CommandContext): void {
  const h = lookupHash(c, c.argv[1]!, true);
  c.reply.int(h !== undefined && h.has(c.argv[2]!) ? 1 : 0);
}

const KEYS = 1;
const VALUES = 2;

/** HKEYS / HVALS / HGETALL (genericHgetallCommand): a map reply for HGETALL. */
function genericHgetallCommand(c: CommandContext, what: number): void {
  const h = lookupHash(c, c.argv[1]!, true);
  const both = what === (KEYS | VALUES);
  if (h === undefined) {
    if (both) c.reply.map(0);
    else c.reply.array(0);
    return;
  }
  const keys = h.dict.keys();
  const vals = h.dict.values();
  const n = keys.length;
  if (both) {
    c.reply.map(n);
    for (let i = 0; i < n; i++) {
      c.reply.bulk(keys[i]!);
      c.reply.bulk(vals[i]!);
    }
  } else if (what === KEYS) {
    c.reply.bulkArray(keys);
  } else {
    c.reply.bulkArray(vals);
  }
}

function hkeysCommand(c: CommandContext): void {
  genericHgetallCommand(c, KEYS);
}
function hvalsCommand(c: CommandContext): void {
  genericHgetallCommand(c, VALUES);
}
function hgetallCommand(c: CommandContext): void {
  genericHgetallCommand(c, KEYS | VALUES);
}

/**
 * A SCAN cursor as strtoul reads it (parseScanCursorOrReply): optional sign, digits, no leading
 * space, nothing after; an empty string is 0; a negative value wraps, which only makes it huge.
 */
function parseScanCursor(s: string): number {
  if (s.length === 0) return 0;
  const m = /^[+-]?\d+$/.exec(s);
  if (m === null) throw new ReplyError(E.invalidCursor);
  let v = BigInt(s);
  if (v > 18446744073709551615n || v < -18446744073709551615n) throw new ReplyError(E.invalidCursor);
  if (v < 0n) v += 18446744073709551616n;
  return Number(v);
}

/** HSCAN key cursor [MATCH pattern] [COUNT count] */
function hscanCommand(c: CommandContext): void {
  const argv = c.argv;
  const cursor = parseScanCursor(argv[2]!);
  const h = lookupHash(c, argv[1]!, true);
  if (h === undefined) {
    c.reply.array(2);
    c.reply.bulk('0');
    c.reply.array(0);
    return;
  }
  let count = 10;
  let pat: string | null = null;
  for (let i = 3; i < argv.length; ) {
    const more = argv.length - i;
    if (eq(argv[i]!, 'count') && more >= 2) {
      count = argInt(argv[i + 1]!);
      if (count < 1) throw new ReplyError(E.syntax);
      i += 2;
    } else if (eq(argv[i]!, 'match') && more >= 2) {
      const p = argv[i + 1]!;
      pat = p === '*' ? null : p;
      i += 2;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const out: string[] = [];
  let next = 0;
  if (h.listpack) {
    // Small encodings are returned whole, cursor 0 (scanGenericCommand).
    const keys = h.dict.keys();
    const vals = h.dict.values();
    for (let i = 0; i < keys.length; i++) {
      if (pat !== null && !globMatch(pat, keys[i]!)) continue;
      out.push(keys[i]!, vals[i]!);
    }
  } else {
    next = h.dict.scan(cursor, count, (k, v) => {
      if (pat !== null && !globMatch(pat, k)) return;
      out.push(k, v);
    });
  }
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.bulkArray(out);
}

/** HRANDFIELD key [count [WITHVALUES]] */
function hrandfieldCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length >= 3) {
    const l = parseInt64(argv[2]!);
    // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): LONG_MIN is out of range.
    if (l === null) throw new ReplyError(E.notInteger);
    if (l === -9223372036854775808 && parseInt64Big(argv[2]!) === LONG_MIN) {
      throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    }
    let withvalues = false;
    if (argv.length > 4 || (argv.length === 4 && !eq(argv[3]!, 'withvalues'))) throw new ReplyError(E.syntax);
    if (argv.length === 4) {
      withvalues = true;
      // |count| ≤ LONG_MAX/2, compared exactly (doubles cannot tell 2^62-1 from 2^62).
      const big = parseInt64Big(argv[2]!)!;
      if (big < -4611686018427387903n || big > 4611686018427387903n) throw new ReplyError(E.outOfRangeValue);
    }
    hrandfieldWithCountCommand(c, l, withvalues);
    return;
  }
  const h = lookupHash(c, argv[1]!, true);
  if (h === undefined) {
    c.reply.nil();
    return;
  }
  c.reply.bulk(h.dict.randomKey()!);
}

function replyPair(c: CommandContext, h: HashValue, i: number, withvalues: boolean): void {
  if (withvalues && c.resp > 2) c.reply.array(2);
  c.reply.bulk(h.dict.keyAt(i));
  if (withvalues) c.reply.bulk(h.dict.valueAt(i));
}

/** HRANDFIELD with a count (hrandfieldWithCountCommand): the four cases of t_hash.c. */
function hrandfieldWithCountCommand(c: CommandContext, l: number, withvalues: boolean): void {
  const h = lookupHash(c, c.argv[1]!, true);
  if (h === undefined) {
    c.reply.array(0);
    return;
  }
  const size = h.size;
  const uniq = l >= 0;
  let count = Math.abs(l);
  if (count === 0) {
    c.reply.array(0);
    return;
  }
  // Case 1: negative count (repeats allowed), or a single element.
  if (!uniq || count === 1) {
    c.reply.array(withvalues && c.resp === 2 ? count * 2 : count);
    while (count-- > 0) replyPair(c, h, Math.floor(Math.random() * size), withvalues);
    return;
  }
  const n = count < size ? count : size;
  c.reply.array(withvalues && c.resp === 2 ? n * 2 : n);
  // Case 2: the whole hash.
  if (count >= size) {
    for (let i = 0; i < size; i++) replyPair(c, h, i, withvalues);
    return;
  }
  // Case 3: count close to size: drop random slots from a full index set.
  if (count * 3 > size) {
    const picked = new Dict<number>();
    for (let i = 0; i < size; i++) picked.set(h.dict.keyAt(i), i);
    let left = size;
    while (left > count) {
      picked.delete(picked.randomKey()!);
      left--;
    }
    const idx = picked.values();
    for (let i = 0; i < idx.length; i++) replyPair(c, h, idx[i]!, withvalues);
    return;
  }
  // Case 4: few elements from a big hash: random picks, skipping repeats.
  const seen = new Set<number>();
  while (seen.size < count) {
    const i = Math.floor(Math.random() * size);
    if (seen.has(i)) continue;
    seen.add(i);
    replyPair(c, h, i, withvalues);
  }
}

export const hashCommands: readonly CommandSpec[] = [
  { name: 'hset', arity: -4, ...lhDocs('hset'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hsetCommand },
  { name: 'hsetnx', arity: 4, ...lhDocs('hsetnx'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hsetnxCommand },
  { name: 'hget', arity: 3, ...lhDocs('hget'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hgetCommand },
  { name: 'hmget', arity: -3, ...lhDocs('hmget'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hmgetCommand },
  { name: 'hmset', arity: -4, ...lhDocs('hmset'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hsetCommand },
  { name: 'hdel', arity: -3, ...lhDocs('hdel'), flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hdelCommand },
  { name: 'hlen', arity: 2, ...lhDocs('hlen'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hlenCommand },
  { name: 'hstrlen', arity: 3, ...lhDocs('hstrlen'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hstrlenCommand },
  { name: 'hexists', arity: 3, ...lhDocs('hexists'), flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hexistsCommand },
  { name: 'hkeys', arity: 2, ...lhDocs('hkeys'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', tips: ['nondeterministic_output_order'], handler: hkeysCommand },
  { name: 'hvals', arity: 2, ...lhDocs('hvals'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', tips: ['nondeterministic_output_order'], handler: hvalsCommand },
  { name: 'hgetall', arity: 2, ...lhDocs('hgetall'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', tips: ['nondeterministic_output_order'], handler: hgetallCommand },
  { name: 'hincrby', arity: 4, ...lhDocs('hincrby'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hincrbyCommand },
  { name: 'hincrbyfloat', arity: 4, ...lhDocs('hincrbyfloat'), flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', handler: hincrbyfloatCommand },
  { name: 'hrandfield', arity: -2, ...lhDocs('hrandfield'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', tips: ['nondeterministic_output'], handler: hrandfieldCommand },
  { name: 'hscan', arity: -3, ...lhDocs('hscan'), flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['hash'], group: 'hash', tips: ['nondeterministic_output'], handler: hscanCommand },
];
