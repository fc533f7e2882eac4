/**
 * commands/persistence.ts — persistence commands (https://redis.io/commands/?group=server and
 * generic): SAVE, BGSAVE [SCHEDULE], BGREWRITEAOF, LASTSAVE, DUMP, RESTORE, MIGRATE.
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
import net from 'node:net';
import { ClientFlag } from '../protocol/client';
import { propagateDeletion } from '../replication/feed';

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

/** BGREWRITEAOF: scheduled while a BGSAVE runs (as Redis does with its child). */
function bgrewriteaofCommand(c: CommandContext): void {
  const p = persistenceOf(c.server);
  const aof = p.aof;
  if (aof.rewriting !== null) throw new ReplyError(E.aofRewriteInProgress);
  if (p.job !== null) {
    aof.rewriteScheduled = true;
    c.reply.status('Background append only file rewriting scheduled');
    return;
  }
  aof.rewriteBackground();
  c.reply.status('Background append only file rewriting started');
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
  // DEBUG SET-SKIP-CHECKSUM-VALIDATION 1 (commands/debug.ts stores it in server.ext).
  const skipCrc = c.server.ext.get('debug:set-skip-checksum-validation');
  if (!verifyDumpPayload(payload, typeof skipCrc === 'number' && skipCrc !== 0)) throw new ReplyError(E.dumpPayload);
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

function respCommand(args: string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw]
 * [KEYS key…]. Redis does the transfer with blocking socket I/O; we can't block the event loop
 * on a socket, so the calling client is blocked instead while RESTOREs go to the target, and
 * the reply comes when the target has answered (or the timeout fired). The payloads are built
 * at call time; on success each key is deleted (without COPY) only if it still holds the value
 * that was sent, so a write that slipped in meanwhile is never lost. No connection cache:
 * INFO migrate_cached_sockets stays 0.
 */
function migrateCommand(c: CommandContext): void {
  const argv = c.argv;
  let copy = false;
  let replace = false;
  let user: string | null = null;
  let pass: string | null = null;
  let firstKey = 3;
  let numKeys = 1;
  for (let j = 6; j < argv.length; j++) {
    const a = argv[j]!;
    const more = argv.length - 1 - j;
    if (eq(a, 'copy')) copy = true;
    else if (eq(a, 'replace')) replace = true;
    else if (eq(a, 'auth')) {
      if (more < 1) throw new ReplyError(E.syntax);
      pass = argv[++j]!;
    } else if (eq(a, 'auth2')) {
      if (more < 2) throw new ReplyError(E.syntax);
      user = argv[++j]!;
      pass = argv[++j]!;
    } else if (eq(a, 'keys')) {
      if (argv[3]!.length !== 0) throw new ReplyError(E.migrateKeysArg);
      firstKey = j + 1;
      numKeys = argv.length - j - 1;
      break;
    } else throw new ReplyError(E.syntax);
  }
  let timeout = argInt(argv[5]!);
  const dbid = argInt(argv[4]!);
  if (timeout <= 0) timeout = 1000;
  const db = c.db;
  const keys: string[] = [];
  const vals: RedisValue[] = [];
  for (let j = 0; j < numKeys; j++) {
    const v = db.lookupRead(argv[firstKey + j]!);
    if (v !== undefined) {
      keys.push(argv[firstKey + j]!);
      vals.push(v);
    }
  }
  if (keys.length === 0) {
    c.reply.status('NOKEY');
    return;
  }
  if (c.flags & (ClientFlag.Multi | ClientFlag.Script | ClientFlag.DenyBlocking) || c.socket === null) throw new ReplyError(E.migrateNotHere);
  const server = c.server;
  const compress = server.config.bool('rdbcompression');
  let out = '';
  if (pass !== null) out += respCommand(user !== null ? ['AUTH', user, pass] : ['AUTH', pass]);
  out += respCommand(['SELECT', String(dbid)]);
  const sentKeys: string[] = [];
  const sentVals: RedisValue[] = [];
  const now = Date.now();
  for (let j = 0; j < keys.length; j++) {
    const at = db.getExpire(keys[j]!);
    let ttl = 0;
    if (at !== -1) {
      ttl = at - now;
      if (ttl < 0) continue;
      if (ttl < 1) ttl = 1;
    }
    let payload: string;
    try {
      payload = createDumpPayload(vals[j]!, compress);
    } catch (e) {
      if (e instanceof UnsupportedValue) throw new ReplyError(E.dumpUnsupported);
      throw e;
    }
    const cmd = ['RESTORE', keys[j]!, String(ttl), payload];
    if (replace) cmd.push('REPLACE');
    out += respCommand(cmd);
    sentKeys.push(keys[j]!);
    sentVals.push(vals[j]!);
  }
  const expected = (pass !== null ? 1 : 0) + 1 + sentKeys.length;
  c.flags |= ClientFlag.Blocked;
  const lines: string[] = [];
  let buf = '';
  let written = false;
  let finished = false;
  const sock = net.connect({ host: argv[1]!, port: Number(argv[2]) });
  const finish = (err: string | null): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    sock.destroy();
    c.flags &= ~ClientFlag.Blocked;
    if (err !== null) c.reply.error(err);
    else {
      let targetErr: string | null = null;
      for (let j = 0; j < lines.length; j++) {
        if (lines[j]!.startsWith('-')) {
          targetErr = lines[j]!.slice(1);
          break;
        }
      }
      // Keys whose RESTORE succeeded leave this server (unless COPY).
      const base = expected - sentKeys.length;
      const authOrSelectFailed = lines.slice(0, base).some((l) => l.startsWith('-'));
      if (!copy && !authOrSelectFailed) {
        for (let j = 0; j < sentKeys.length; j++) {
          const k = sentKeys[j]!;
          if (lines[base + j]?.startsWith('-') !== false) continue;
          if (db.dict.get(k) !== sentVals[j]) continue;
          db.deleteKey(k);
          propagateDeletion(server, db, k);
          server.signalModifiedKey(db, k);
          server.notify(NotifyFlags.Generic, 'del', k, db.id);
          server.dirty++;
        }
      }
      if (targetErr !== null) c.reply.error(E.migrateTargetError(targetErr));
      else c.reply.ok();
    }
    server.queueFlush(c);
    setImmediate(() => {
      if (!server.clients.has(c.id) || c.flags & ClientFlag.Blocked) return;
      server.processInput(c);
      server.flush(c);
    });
  };
  const timer = setTimeout(() => finish(written ? E.migrateIoRead : E.migrateIoWrite), timeout);
  sock.on('error', () => finish(written ? E.migrateIoRead : E.migrateIoWrite));
  sock.on('close', () => finish(written ? E.migrateIoRead : E.migrateIoWrite));
  sock.on('connect', () => {
    sock.write(Buffer.from(out, 'latin1'), () => (written = true));
  });
  sock.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    let nl: number;
    while ((nl = buf.indexOf('\r\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 2);
    }
    if (lines.length >= expected) finish(null);
  });
}

const kfMigrate = (argv: readonly string[], pos: number): readonly string[] => (pos === 3 && argv[3] !== '' ? ['RW', 'access', 'delete'] : ['RW', 'access', 'delete', 'incomplete']);

function migrateKeys(argv: readonly string[]): number[] {
  for (let j = 6; j < argv.length; j++) {
    if (eq(argv[j]!, 'keys')) {
      if (argv[3] !== '') return [3];
      const out: number[] = [];
      for (let k = j + 1; k < argv.length; k++) out.push(k);
      return out;
    }
  }
  return [3];
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
    name: 'bgrewriteaof', arity: 1, flags: ['admin', 'noscript', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0, acl: ['dangerous'], group: 'server',
    since: '1.0.0', summary: 'Asynchronously rewrite the append-only file', complexity: 'O(1)', handler: bgrewriteaofCommand,
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
  {
    name: 'migrate', arity: -6, flags: ['write', 'movablekeys'], firstKey: 3, lastKey: 3, step: 1, acl: ['keyspace', 'dangerous'], group: 'generic',
    since: '2.6.0', summary: 'Atomically transfer a key from a Redis instance to another one.',
    complexity: 'This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.',
    tips: ['nondeterministic_output'], keys: migrateKeys, keyFlags: kfMigrate, handler: migrateCommand,
  },
];
