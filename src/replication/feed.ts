/**
 * replication/feed.ts — turns executed write commands into the command stream sent to replicas
 * (replication.c's replicationFeedSlaves, fed from call()'s propagation).
 *
 * What is propagated, per write command that changed server.dirty:
 *  - commands that replay to the same effect (SET without a relative TTL, RPUSH, HSET, ZADD…):
 *    their argv as is;
 *  - relative TTLs (SET EX/PX, SETEX, PSETEX, EXPIRE, PEXPIRE, EXPIREAT, GETEX): the resulting
 *    state with an absolute time (SET key v PXAT ms, PEXPIREAT key ms, PERSIST, DEL), as Redis
 *    rewrites them;
 *  - XADD with an automatic id: the same XADD with the id it produced;
 *  - anything else with keys (SPOP, blocking pops, RESTORE, SORT STORE…): each key's resulting
 *    state, `RESTORE key ttl payload REPLACE [ABSTTL]` or `DEL key`;
 *  - keys that expire (lazily or actively) or are evicted: `DEL key`.
 * Writes made by a transaction or a script are wrapped in MULTI … EXEC (Redis 7.0 does the same
 * for EXEC and for scripts whose effects are replicated).
 * Only imports the server types and the DUMP encoder; the Replication class owns the stream.
 */
import type { Server } from '../server';
import type { Client } from '../protocol/client';
import type { Command } from '../commands/registry';
import type { Database } from '../db/database';
import { createDumpPayload } from '../commands/persistence';
import { NotifyFlags } from '../db/notify';

const VERBATIM = new Set([
  'set', 'setnx', 'mset', 'msetnx', 'append', 'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat', 'setrange', 'getset', 'getdel',
  'del', 'unlink', 'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'lset', 'linsert', 'lrem', 'ltrim', 'lmove', 'rpoplpush', 'lmpop',
  'hset', 'hmset', 'hsetnx', 'hdel', 'hincrby', 'hincrbyfloat', 'sadd', 'srem', 'smove', 'sinterstore', 'sunionstore', 'sdiffstore',
  'zadd', 'zincrby', 'zrem', 'zremrangebyscore', 'zremrangebyrank', 'zremrangebylex', 'zpopmin', 'zpopmax', 'zmpop', 'zunionstore',
  'zinterstore', 'zdiffstore', 'zrangestore', 'setbit', 'bitop', 'bitfield', 'pfadd', 'pfmerge', 'rename', 'renamenx', 'copy', 'move',
  'persist', 'flushdb', 'flushall', 'swapdb', 'xdel', 'xtrim', 'xgroup', 'xack', 'geoadd', 'geosearchstore',
  'function', 'pexpireat', 'hincrby',
]);

const TTL_REWRITE = new Set(['expire', 'pexpire', 'expireat', 'getex', 'set', 'setex', 'psetex']);

/** RESP multibulk encoding of argv (latin1 strings, so lengths are byte counts). */
export function respArgv(args: readonly string[]): string {
  let out = '*' + args.length + '\r\n';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    out += '$' + a.length + '\r\n' + a + '\r\n';
  }
  return out;
}

function hasRelativeTtl(argv: readonly string[]): boolean {
  for (let i = 3; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'ex' || a === 'px' || a === 'exat') return true;
  }
  return false;
}

/** Where the feed delivers: `emit(dbid, resp)`; dbid -1 means "no SELECT needed". */
export interface FeedSink {
  /** True when anything listens (a backlog exists): otherwise nothing is built. */
  active(): boolean;
  emit(dbid: number, resp: string): void;
  /** `c`'s command was propagated (WAIT waits for the offset of the client's last write). */
  wrote(c: Client): void;
}

/**
 * Installs the feed on the server: a beforeWrite wrapper (remembers server.dirty), a call
 * observer (propagates), a keyExpired wrapper (DEL) and an afterCommand hook (closes MULTI).
 */
export function installFeed(s: Server, sink: FeedSink): void {
  let dirtyBefore = 0;
  let inTx = false;
  const prevBefore = s.beforeWrite;
  s.beforeWrite = (c, cmd) => {
    if (prevBefore !== null) prevBefore(c, cmd);
    dirtyBefore = s.dirty;
  };
  const emit = (db: Database | number, r: string): void => {
    // A nested call (inside EXEC / EVAL / FCALL: call() restored server.current to the outer
    // command's client before the observers run): wrap the block in MULTI … EXEC.
    if (!inTx && s.current !== null) {
      inTx = true;
      sink.emit(-1, '*1\r\n$5\r\nMULTI\r\n');
    }
    sink.emit(typeof db === 'number' ? db : db.id, r);
  };
  s.callObservers.push((c: Client, cmd: Command) => {
    if (!cmd.isWrite) {
      // PUBLISH reaches the replicas' subscribers too (it is not a write: no dirty change).
      if (cmd.isPubsub && sink.active() && (c.flags & 2) === 0) {
        const n = cmd.name;
        if (n === 'publish' || n === 'spublish') emit(-1, respArgv(c.argv));
      }
      return;
    }
    if (s.dirty === dirtyBefore || !sink.active()) return;
    if (c.flags & 2 /* ClientFlag.Master: chained replicas are fed by the proxy */) return;
    dirtyBefore = s.dirty;
    propagateCommand(c, cmd, emit);
    sink.wrote(s.topClient ?? c);
  });
  // Writes made outside call(): clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, XREADGROUP…)
  // are served by blocking.ts after the command that fed the key, with server.current set to
  // the served client and no top-level call running. Their keys' resulting state is sent.
  // (Both the modified-key signal and the keyspace event are watched: serving code sends one
  // or the other.)
  let touched: [Database, string][] = [];
  let flushScheduled = false;
  const flushTouched = (): void => {
    flushScheduled = false;
    if (touched.length === 0) return;
    const t = touched;
    touched = [];
    if (!sink.active()) return;
    const seen = new Set<string>();
    for (const [db, key] of t) {
      const id = db.id + ':' + key;
      if (seen.has(id)) continue;
      seen.add(id);
      sink.emit(db.id, keyState(db, key));
    }
  };
  const touch = (db: Database | undefined, key: string): void => {
    if (db === undefined || s.topClient !== null || s.current === null || !sink.active()) return;
    touched.push([db, key]);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushTouched);
    }
  };
  s.hooks.keyModified.push(touch);
  s.hooks.afterCommand.push(() => {
    if (inTx) {
      inTx = false;
      sink.emit(-1, '*1\r\n$4\r\nEXEC\r\n');
    }
    if (touched.length !== 0) flushTouched();
  });
  // Evicted keys (maxmemory) reach replicas as DEL too (the 'evicted' notification marks them).
  const notify = s.notify.bind(s);
  s.notify = (type, event, key, dbid) => {
    notify(type, event, key, dbid);
    if (type === NotifyFlags.Evicted) {
      if (sink.active()) sink.emit(dbid, respArgv(['DEL', key]));
    } else if (s.topClient === null && s.current !== null) touch(s.dbs[dbid], key);
  };
  const keyExpired = s.keyExpired.bind(s);
  s.keyExpired = (db, key) => {
    keyExpired(db, key);
    if (sink.active()) sink.emit(db.id, respArgv(['DEL', key]));
  };
}

function propagateCommand(c: Client, cmd: Command, emit: (db: Database | number, r: string) => void): void {
  const argv = c.argv;
  const name = cmd.parent ? cmd.parent.name : cmd.name;
  const db = c.db;
  const pos = cmd.keyPositions(argv);
  if (pos.length === 0 || (VERBATIM.has(name) && !(name === 'set' && hasRelativeTtl(argv)))) {
    emit(db, respArgv(argv));
  } else if (TTL_REWRITE.has(name)) {
    emit(db, ttlState(db, argv[1]!, name === 'set' || name === 'setex' || name === 'psetex'));
  } else if (name === 'xadd') {
    emit(db, xaddExplicit(db, argv));
  } else {
    for (const p of pos) emit(db, keyState(db, argv[p]!));
  }
}

function ttlState(db: Database, key: string, withValue: boolean): string {
  const v = db.dict.get(key);
  if (v === undefined) return respArgv(['DEL', key]);
  const at = db.getExpire(key);
  if (withValue && typeof v === 'string') return respArgv(at === -1 ? ['SET', key, v] : ['SET', key, v, 'PXAT', String(at)]);
  if (withValue) return keyState(db, key);
  return respArgv(at === -1 ? ['PERSIST', key] : ['PEXPIREAT', key, String(at)]);
}

function xaddExplicit(db: Database, argv: readonly string[]): string {
  let i = 2;
  while (i < argv.length) {
    const a = argv[i]!.toLowerCase();
    if (a === 'nomkstream') i++;
    else if (a === 'maxlen' || a === 'minid') {
      i++;
      if (argv[i] === '=' || argv[i] === '~') i++;
      i++;
      if (i < argv.length && argv[i]!.toLowerCase() === 'limit') i += 2;
    } else break;
  }
  const v = db.dict.get(argv[1]!);
  if (i >= argv.length || v === undefined || typeof v === 'string' || v.type !== 'stream') return keyState(db, argv[1]!);
  const out = argv.slice();
  const last = (v as unknown as { lastId: { ms: bigint; seq: bigint } }).lastId;
  out[i] = `${last.ms}-${last.seq}`;
  return respArgv(out);
}

function keyState(db: Database, key: string): string {
  const v = db.dict.get(key);
  if (v === undefined) return respArgv(['DEL', key]);
  const at = db.getExpire(key);
  const args = ['RESTORE', key, String(at === -1 ? 0 : at), createDumpPayload(v, false), 'REPLACE'];
  if (at !== -1) args.push('ABSTTL');
  return respArgv(args);
}
