/**
 * commands/persistence.ts — persistence commands (https://redis.io/commands/?group=server and
 * generic): SAVE, BGSAVE [SCHEDULE], LASTSAVE, DUMP, RESTORE.
 * The RDB machinery lives in src/persistence/ (snapshot.ts for files, rdb-writer/-reader for the
 * encoding); DUMP payloads are createDumpPayload's format: type byte + value + RDB version (2
 * bytes LE) + CRC64 (8 bytes LE), pinned by test/diff/dump.diff.test.ts against real Redis.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, eq } from './args';
import { NotifyFlags } from '../db/notify';
import { persistenceOf, loadLimits } from '../persistence/snapshot';
import { RdbWriter } from '../persistence/rdb-writer';
import { ByteBuf } from '../persistence/bytes';
import { crc64 } from '../persistence/crc64';
import { RDB_VERSION } from '../persistence/rdb-constants';
import { UnsupportedValue } from '../persistence/stream-codec';
import { verifyDumpPayload, decodeDumpValue, EMPTY } from '../persistence/rdb-reader';
import { setKeyStamp } from '../db/object-info';
import type { RedisValue } from '../db/database';

/** SAVE: synchronous save; "-ERR" on failure (shared.err). */
function saveCommand(c: CommandContext): void {
  const p = persistenceOf(c.server);
  if (p.job !== null) throw new ReplyError(E.bgsaveInProgress);
  if (!p.save()) throw new ReplyError(E.bareErr);
  c.reply.ok();
}

/** BGSAVE [SCHEDULE]. */
function bgsaveCommand(c: CommandContext): void {
  let schedule = false;
  if (c.argv.length > 1) {
    if (c.argv.length === 2 && eq(c.argv[1]!, 'schedule')) schedule = true;
    else throw new ReplyError(E.syntax);
  }
  const p = persistenceOf(c.server);
  if (p.job !== null) {
    if (!schedule) throw new ReplyError(E.bgsaveInProgress);
    p.bgsaveScheduled = true;
    c.reply.status('Background saving scheduled');
    return;
  }
  p.bgsave();
  c.reply.status('Background saving started');
}

function lastsaveCommand(c: CommandContext): void {
  c.reply.int(c.server.lastSave);
}

/** createDumpPayload: the serialized value plus version and checksum, as a latin1 string. */
export function createDumpPayload(v: RedisValue, compress: boolean): string {
  const w = new RdbWriter(new ByteBuf(256), compress);
  w.object(v);
  const o = w.out;
  o.byte(RDB_VERSION & 0xff);
  o.byte(RDB_VERSION >> 8);
  o.bytes(crc64(o.buf, 0, o.len));
  return o.buf.toString('latin1', 0, o.len);
}

function dumpCommand(c: CommandContext): void {
  const v = c.db.lookupRead(c.argv[1]!);
  if (v === undefined) {
    c.reply.nil();
    return;
  }
  let payload: string;
  try {
    payload = createDumpPayload(v, c.server.config.bool('rdbcompression'));
  } catch (e) {
    if (e instanceof UnsupportedValue) throw new ReplyError(E.dumpUnsupported);
    throw e;
  }
  c.reply.bulk(payload);
}

/** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
function restoreCommand(c: CommandContext): void {
  const argv = c.argv;
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const a = argv[j]!;
    const more = argv.length - j - 1;
    if (eq(a, 'replace')) replace = true;
    else if (eq(a, 'absttl')) absttl = true;
    else if (eq(a, 'idletime') && more >= 1 && freq === -1) {
      idle = argInt(argv[++j]!);
      if (idle < 0) throw new ReplyError(E.invalidIdletime);
    } else if (eq(a, 'freq') && more >= 1 && idle === -1) {
      freq = argInt(argv[++j]!);
      if (freq < 0 || freq > 255) throw new ReplyError(E.invalidFreq);
    } else throw new ReplyError(E.syntax);
  }
  const key = argv[1]!;
  const db = c.db;
  if (!replace && db.lookupWrite(key) !== undefined) throw new ReplyError(E.busyKey);
  let ttl = argInt(argv[2]!);
  if (ttl < 0) throw new ReplyError(E.invalidTtl);
  const payload = Buffer.from(argv[3]!, 'latin1');
  if (!verifyDumpPayload(payload)) throw new ReplyError(E.dumpPayload);
  let v: RedisValue | typeof EMPTY;
  try {
    v = decodeDumpValue(payload, loadLimits(c.server));
  } catch {
    throw new ReplyError(E.badDataFormat);
  }
  if (v === EMPTY) throw new ReplyError(E.badDataFormat);
  const server = c.server;
  const deleted = replace ? db.deleteKey(key) : false;
  if (ttl !== 0 && !absttl) ttl += c.now;
  if (ttl !== 0 && ttl <= c.now && !server.isReplica) {
    // Already expired: the key is not created (checkAlreadyExpired); a replaced key is gone.
    if (deleted) {
      server.signalModifiedKey(db, key);
      server.notify(NotifyFlags.Generic, 'del', key, db.id);
      server.dirty++;
    }
    c.reply.ok();
    return;
  }
  db.setKey(key, v);
  if (ttl !== 0) db.setExpire(key, ttl);
  if (freq >= 0 && server.access.lfu) setKeyStamp(db, key, server.access.withFreq(freq, c.now));
  else if (idle >= 0 && !server.access.lfu) setKeyStamp(db, key, server.access.withIdle(idle, c.now));
  server.signalModifiedKey(db, key);
  server.notify(NotifyFlags.Generic, 'restore', key, db.id);
  c.reply.ok();
  server.dirty++;
}

const kfRo = (): readonly string[] => ['RO', 'access'];
const kfOw = (): readonly string[] => ['OW', 'update'];

export const persistenceCommands: readonly CommandSpec[] = [
  {
    name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, step: 0, acl: ['dangerous'], group: 'server',
    since: '1.0.0', summary: 'Synchronously save the dataset to disk', complexity: 'O(N) where N is the total number of keys in all databases', handler: saveCommand,
  },
  {
    name: 'bgsave', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0, acl: ['dangerous'], group: 'server',
    since: '1.0.0', summary: 'Asynchronously save the dataset to disk', complexity: 'O(1)', handler: bgsaveCommand,
  },
  {
    name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['admin', 'dangerous'], group: 'server',
    since: '1.0.0', summary: 'Get the UNIX time stamp of the last successful save to disk', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: lastsaveCommand,
  },
  {
    name: 'dump', arity: 2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, acl: ['keyspace'], group: 'generic',
    since: '2.6.0', summary: 'Return a serialized version of the value stored at the specified key.',
    complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).',
    tips: ['nondeterministic_output'], keyFlags: kfRo, handler: dumpCommand,
  },
  {
    name: 'restore', arity: -4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, acl: ['keyspace', 'dangerous'], group: 'generic',
    since: '2.6.0', summary: 'Create a key using the provided serialized value, previously obtained using DUMP.',
    complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
    keyFlags: kfOw, handler: restoreCommand,
  },
];
