/**
 * replication/feed.ts — the server's one propagation stream (call()'s propagate and
 * propagatePendingCommands): turns executed write commands into the RESP commands that the
 * AOF (persistence/aof.ts) and the replicas (replication.ts) receive. Each is a FeedSink; a
 * command is encoded once and handed to every active sink, which adds its own SELECTs.
 *
 * What is propagated, per write command that changed server.dirty:
 *  - commands that replay to the same effect (SET without a relative TTL, RPUSH, HSET, ZADD…):
 *    their argv as is;
 *  - relative TTLs (SET EX/PX, SETEX, PSETEX, EXPIRE, PEXPIRE, EXPIREAT, GETEX): the resulting
 *    state with an absolute time (SET key v PXAT ms, PEXPIREAT key ms, PERSIST, DEL), as Redis
 *    rewrites them;
 *  - XADD with an automatic id: the same XADD with the id it produced;
 *  - blocking pops served at once: their non-blocking form (LMPOP, ZMPOP, LMOVE, RPOPLPUSH);
 *    XREADGROUP: an XCLAIM per delivered entry;
 *  - what a handler names in server.propagateAs instead of its argv (SPOP: SREM key member;
 *    XCLAIM / XAUTOCLAIM: XCLAIM … FORCE JUSTID LASTID per entry);
 *  - anything else with keys (SORT STORE, GEORADIUS STORE…): each key's resulting state,
 *    `RESTORE key ttl payload REPLACE [ABSTTL]` or `DEL key`;
 *  - keys that expire (lazily or actively) or are evicted: `DEL key`;
 *  - blocked clients served by a later write: the command they ran, in the form Redis writes
 *    (BLPOP → LPOP key, BZPOPMIN → ZPOPMIN key, BLMOVE → LMOVE, XREADGROUP → XCLAIMs), after
 *    the command that woke them; other served commands: each changed key's resulting state.
 * Writes made by a transaction or a script are wrapped in MULTI … EXEC (Redis 7.0 does the same
 * for EXEC and for scripts, in the AOF and towards replicas).
 * Only imports the server types and the DUMP encoder.
 */
import type { Server } from '../server';
import type { Client } from '../protocol/client';
import type { Command } from '../commands/registry';
import type { Database } from '../db/database';
import { createDumpPayload } from '../commands/persistence';
import { HashValue } from '../ds/hash';
import { Stream, StreamIterator } from '../ds/stream';
import { compareIds, formatId, incrId, type StreamID } from '../ds/stream-id';

const VERBATIM = new Set([
  'set', 'setnx', 'mset', 'msetnx', 'append', 'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat', 'setrange', 'getset', 'getdel',
  'del', 'unlink', 'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'lset', 'linsert', 'lrem', 'ltrim', 'lmove', 'rpoplpush', 'lmpop',
  'hset', 'hmset', 'hsetnx', 'hdel', 'hincrby', 'hincrbyfloat', 'sadd', 'srem', 'smove', 'sinterstore', 'sunionstore', 'sdiffstore',
  'zadd', 'zincrby', 'zrem', 'zremrangebyscore', 'zremrangebyrank', 'zremrangebylex', 'zpopmin', 'zpopmax', 'zmpop', 'zunionstore',
  'zinterstore', 'zdiffstore', 'zrangestore', 'setbit', 'bitop', 'bitfield', 'pfadd', 'pfmerge', 'rename', 'renamenx', 'copy', 'move',
  'persist', 'flushdb', 'flushall', 'swapdb', 'xdel', 'xtrim', 'xgroup', 'xack', 'xsetid', 'geoadd', 'geosearchstore',
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
    // PXAT too: Redis rewrites every SET with an expiry to `SET key value PXAT ms`.
    if (a === 'ex' || a === 'px' || a === 'exat' || a === 'pxat') return true;
  }
  return false;
}

/**
 * Where the feed delivers (the AOF, the replication backlog): `emit(dbid, resp)`, where dbid -1
 * means "no SELECT needed"; each sink keeps its own selected db and emits SELECT itself
 * (feedAppendOnlyFile and replicationFeedSlaves each track theirs).
 */
export interface FeedSink {
  /** True when this sink listens now (AOF open, backlog exists): otherwise it is skipped. */
  active(): boolean;
  emit(dbid: number, resp: string): void;
  /** `c`'s command was propagated (WAIT waits for the offset of the client's last write). */
  wrote(c: Client): void;
  /** Receives PUBLISH/SPUBLISH (replicas do: PROPAGATE_REPL only; the AOF does not). Default true. */
  publish?: boolean;
  /**
   * Receives what the replication master client writes (a replica's AOF records its primary's
   * stream; chained replicas are fed by the proxy instead). Default false.
   */
  masterWrites?: boolean;
  /** Around a transaction's block of writes (the AOF syncs once at its end). */
  beginBatch?(): void;
  endBatch?(): void;
}

const MULTI = '*1\r\n$5\r\nMULTI\r\n';
const EXEC = '*1\r\n$4\r\nEXEC\r\n';

/** A write made inside EXEC / EVAL / FCALL, held until the top-level command ends. */
interface PendingOp {
  dbid: number;
  r: string;
  /** Bit i set: sink i receives it. */
  mask: number;
}

/**
 * The one propagation stream of a server (call()'s alsoPropagate + propagatePendingCommands):
 * every executed write becomes RESP once and goes to each active sink in order (AOF first, then
 * the replicas, as propagateNow does). Writes of a transaction or script are held until its
 * top-level command ends; a sink that receives more than one of them gets them wrapped in
 * MULTI … EXEC, the MULTI carrying the first write's db (so its SELECT precedes the MULTI) and
 * the EXEC the last one's, byte for byte what Redis 7.0 writes.
 */
export class Feed {
  readonly sinks: FeedSink[] = [];
  /** The sinks the current command goes to, one bit per index in `sinks`. */
  private targets = 0;
  private dirtyBefore = 0;
  private pending: PendingOp[] = [];
  /** The client whose command produced the pending writes (WAIT's woff). */
  private pendingClient: Client | null = null;
  private touched: [Database, string][] = [];
  private flushScheduled = false;
  private readonly flushTouchedFn = (): void => this.flushTouched();

  constructor(private readonly s: Server) {}

  add(sink: FeedSink): void {
    if (this.sinks.length >= 30) throw new Error('too many propagation sinks');
    this.sinks.push(sink);
  }

  anyActive(): boolean {
    const k = this.sinks;
    for (let i = 0; i < k.length; i++) if (k[i]!.active()) return true;
    return false;
  }

  /** Collects the active sinks that accept a command from `c` into `targets`; returns it. */
  private collect(c: Client | null, pubsub: boolean): number {
    let t = 0;
    const master = c !== null && (c.flags & 2) !== 0; /* ClientFlag.Master */
    const k = this.sinks;
    for (let i = 0; i < k.length; i++) {
      const sk = k[i]!;
      if (master && sk.masterWrites !== true) continue;
      if (pubsub && sk.publish === false) continue;
      if (sk.active()) t |= 1 << i;
    }
    return (this.targets = t);
  }

  /**
   * Emits to the collected targets, or, inside EXEC / EVAL / FCALL (call() restored
   * server.current to the outer command's client before the observers ran), holds the write
   * until the top-level command ends.
   */
  readonly emit = (db: Database | number, r: string): void => {
    const dbid = typeof db === 'number' ? db : db.id;
    const t = this.targets;
    if (this.s.current !== null || this.hold) {
      this.pending.push({ dbid, r, mask: t });
      return;
    }
    const k = this.sinks;
    for (let i = 0; i < k.length; i++) if ((t & (1 << i)) !== 0) k[i]!.emit(dbid, r);
  };

  /** Emits to every active sink (expired and evicted keys, served blocked clients). */
  private emitAll(dbid: number, r: string): void {
    const k = this.sinks;
    if (this.pending.length !== 0) {
      // Inside a transaction or script: keep the order of the block.
      let mask = 0;
      for (let i = 0; i < k.length; i++) if (k[i]!.active()) mask |= 1 << i;
      this.pending.push({ dbid, r, mask });
      return;
    }
    for (let i = 0; i < k.length; i++) {
      const sk = k[i]!;
      if (sk.active()) sk.emit(dbid, r);
    }
  }

  beforeWrite(c: Client, cmd: Command): void {
    this.dirtyBefore = this.s.dirty;
    this.s.propagateAs = null;
    if (cmd.name === 'xreadgroup' && this.anyActive()) this.xrg = captureXreadgroup(c);
  }

  /** True while a top-level command's several effects are collected (see afterCall). */
  private hold = false;

  /** XREADGROUP's groups as they were before it ran (see xreadgroupEffects). */
  private xrg: XrgBefore | null = null;

  afterCall(c: Client, cmd: Command): void {
    const s = this.s;
    const as = s.propagateAs;
    s.propagateAs = null;
    // The end of a top-level command: its transaction's or script's writes go out now.
    if (s.current === null && this.pending.length !== 0) this.flushPending();
    if (!cmd.isWrite) {
      // PUBLISH reaches the replicas' subscribers too (it is not a write: no dirty change).
      // With the client's db, as call() propagates it (a SELECT may precede it).
      if (cmd.isPubsub) {
        const n = cmd.name;
        if ((n === 'publish' || n === 'spublish') && this.collect(c, true) !== 0) this.emit(c.db, respArgv(c.argv));
      }
      return;
    }
    // FLUSHALL / FLUSHDB are propagated even when they emptied nothing (forceCommandPropagation).
    if (s.dirty === this.dirtyBefore && !forcedFlush(cmd, c.argv)) return;
    this.dirtyBefore = s.dirty;
    if (this.collect(c, false) === 0) return;
    const xrg = this.xrg;
    this.xrg = null;
    if ((xrg !== null && cmd.name === 'xreadgroup') || (as !== null && as.length > 1)) {
      // Several effects of one command are one transaction (propagatePendingCommands).
      const top = s.current === null;
      if (top) this.hold = true;
      if (as !== null) for (let i = 0; i < as.length; i++) this.emit(c.db, respArgv(as[i]!));
      else xreadgroupEffects(c, xrg!, this.emit);
      if (top) {
        this.hold = false;
        this.pendingClient = c;
        if (this.pending.length !== 0) this.flushPending();
        return;
      }
    } else if (as !== null) {
      if (as.length === 1) this.emit(c.db, respArgv(as[0]!));
    } else propagateCommand(c, cmd, this.emit);
    if (s.current !== null) {
      this.pendingClient = s.topClient ?? c;
      return;
    }
    const t = this.targets;
    const k = this.sinks;
    for (let i = 0; i < k.length; i++) if ((t & (1 << i)) !== 0) k[i]!.wrote(c);
  }

  /** propagatePendingCommands: per sink, one write as is, several wrapped in MULTI … EXEC. */
  private flushPending(): void {
    const ops = this.pending;
    this.pending = [];
    const w = this.pendingClient;
    this.pendingClient = null;
    const k = this.sinks;
    for (let i = 0; i < k.length; i++) {
      const bit = 1 << i;
      let n = 0;
      let first = -1;
      let last = -1;
      for (let j = 0; j < ops.length; j++) {
        if ((ops[j]!.mask & bit) === 0) continue;
        if (first < 0) first = j;
        last = j;
        n++;
      }
      if (n === 0) continue;
      const sk = k[i]!;
      sk.beginBatch?.();
      if (n > 1) sk.emit(ops[first]!.dbid, MULTI);
      for (let j = first; j <= last; j++) {
        const op = ops[j]!;
        if ((op.mask & bit) !== 0) sk.emit(op.dbid, op.r);
      }
      if (n > 1) sk.emit(ops[last]!.dbid, EXEC);
      sk.endBatch?.();
      if (w !== null) sk.wrote(w);
    }
  }

  /** After each top-level command: anything still held, then served clients' keys. */
  afterCommand(): void {
    if (this.pending.length !== 0) this.flushPending();
    if (this.touched.length !== 0) this.flushTouched();
  }

  // Writes made outside call(): clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, XREADGROUP…)
  // are served by blocking.ts after the command that fed the key, with server.current set to
  // the served client and no top-level call running. Their keys' resulting state is sent.
  // (Both the modified-key signal and the keyspace event are watched: serving code sends one
  // or the other.)
  touch(db: Database | undefined, key: string): void {
    const s = this.s;
    if (db === undefined || this.serving || s.topClient !== null || s.current === null || !this.anyActive()) return;
    this.touched.push([db, key]);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushTouchedFn);
    }
  }

  private flushTouched(): void {
    this.flushScheduled = false;
    if (this.touched.length === 0) return;
    const t = this.touched;
    this.touched = [];
    if (!this.anyActive()) return;
    const seen = new Set<string>();
    for (const [db, key] of t) {
      const id = db.id + ':' + key;
      if (seen.has(id)) continue;
      seen.add(id);
      this.emitAll(db.id, keyState(db, key));
    }
  }

  /** True while a blocked client whose effect servedEffect writes is being served. */
  private serving = false;
  private servingXrg: XrgBefore | null = null;

  /**
   * A blocked client served from `key` (server.hooks.serveBlocked): its command's effect is
   * written as Redis writes it (BLPOP as LPOP key, BZPOPMIN as ZPOPMIN key, BLMOVE as LMOVE,
   * XREADGROUP as XCLAIMs…), O(what it popped or delivered), not as a RESTORE of its keys.
   * Other served commands keep the touched-keys path.
   */
  serveBlocked(r: Client, cmd: Command | null, key: string, done: boolean): void {
    const name = cmd === null ? '' : cmd.parent ? cmd.parent.name : cmd.name;
    if (!done) {
      this.serving = false;
      if (!this.anyActive()) return;
      if (name === 'xreadgroup') {
        this.servingXrg = captureXreadgroup(r);
        this.serving = this.servingXrg !== null;
      } else this.serving = BLOCKING.has(name);
      return;
    }
    if (!this.serving) return;
    this.serving = false;
    const xrg = this.servingXrg;
    this.servingXrg = null;
    const dbid = r.db.id;
    if (xrg !== null) {
      // Several effects: one transaction, as for a top-level XREADGROUP.
      const ops: string[] = [];
      xreadgroupEffects(r, xrg, (_db, resp) => ops.push(resp));
      if (ops.length > 1) this.emitAll(dbid, MULTI);
      for (const op of ops) this.emitAll(dbid, op);
      if (ops.length > 1) this.emitAll(dbid, EXEC);
      return;
    }
    // A handler that names its effect (BZMPOP: ZPOPMIN key count, as Redis clamps the count).
    const as = this.s.propagateAs;
    this.s.propagateAs = null;
    if (as !== null && as.length === 1) this.emitAll(dbid, respArgv(as[0]!));
    else this.emitAll(dbid, respArgv(servedForm(name, r.argv, key)));
  }

  /** An evicted or expired key: DEL. */
  keyGone(dbid: number, key: string): void {
    if (this.anyActive()) this.emitAll(dbid, respArgv(['DEL', key]));
  }
}

/**
 * Adds `sink` to the server's propagation stream, which is created on first use. The server
 * tells the stream about every call() (dispatch.ts: beforeWrite, afterCall, afterCommand), about
 * modified keys (touch), and about expired and evicted keys (keyGone); blocking.ts about served
 * clients (serveBlocked). Sinks receive in the order they were added.
 */
export function installFeed(s: Server, sink: FeedSink): void {
  let f = s.feed;
  if (f === null) {
    const feed = new Feed(s);
    f = s.feed = feed;
    s.hooks.serveBlocked = (r, cmd, key, done) => feed.serveBlocked(r, cmd, key, done);
  }
  f.add(sink);
}

/** Per key of an XREADGROUP … STREAMS k… >: the group's last-delivered ID and whether the consumer existed. */
interface XrgBefore {
  group: string;
  consumer: string;
  noack: boolean;
  keys: string[];
  /** Per key: the group's lastId before the read, or null (no such stream/group, or not `>`). */
  last: (StreamID | null)[];
  hadConsumer: boolean[];
}

/** The XREADGROUP arguments and the state of its groups before it runs (null: not parsable). */
function captureXreadgroup(c: Client): XrgBefore | null {
  const argv = c.argv;
  if (argv.length < 7 || argv[1]!.toLowerCase() !== 'group') return null;
  const group = argv[2]!;
  const consumer = argv[3]!;
  let noack = false;
  let i = 4;
  for (; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'streams') break;
    if (a === 'noack') noack = true;
    else if (a === 'count' || a === 'block') i++;
    else return null;
  }
  const rest = argv.length - i - 1;
  if (rest <= 0 || rest % 2 !== 0) return null;
  const n = rest / 2;
  const keys: string[] = [];
  const last: (StreamID | null)[] = [];
  const hadConsumer: boolean[] = [];
  for (let k = 0; k < n; k++) {
    const key = argv[i + 1 + k]!;
    keys.push(key);
    const v = c.db.dict.get(key);
    const g = v instanceof Stream ? v.groups?.get(group) : undefined;
    last.push(g !== undefined && argv[i + 1 + n + k] === '>' ? g.lastId : null);
    hadConsumer.push(g !== undefined && g.consumers.has(consumer));
  }
  return { group, consumer, noack, keys, last, hadConsumer };
}

/**
 * XREADGROUP … >, as Redis 7.0 propagates it: per delivered entry `XCLAIM key group consumer 0
 * id TIME ms RETRYCOUNT n FORCE JUSTID LASTID id` (with NOACK, `XGROUP SETID key group last
 * ENTRIESREAD n`, after `XGROUP CREATECONSUMER` when the read created the consumer); as in
 * Redis, a replay of XCLAIM … LASTID does not restore the group's entries-read; reads of
 * the consumer's history (an explicit ID) are not propagated, nor is a consumer created by a
 * read that delivered nothing. O(entries delivered), where a RESTORE of the stream would cost
 * its whole size.
 */
function xreadgroupEffects(c: Client, b: XrgBefore, emit: (db: Database | number, r: string) => void): void {
  const db = c.db;
  for (let k = 0; k < b.keys.length; k++) {
    const old = b.last[k];
    if (old === null || old === undefined) continue;
    const key = b.keys[k]!;
    const v = db.dict.get(key);
    const g = v instanceof Stream ? v.groups?.get(b.group) : undefined;
    if (!(v instanceof Stream) || g === undefined) {
      emit(db, keyState(db, key));
      continue;
    }
    if (compareIds(g.lastId, old) === 0) continue;
    if (b.noack) {
      // XCLAIM creates the consumer on replay; XGROUP SETID does not.
      if (!b.hadConsumer[k]) emit(db, respArgv(['XGROUP', 'CREATECONSUMER', key, b.group, b.consumer]));
      emit(db, respArgv(['XGROUP', 'SETID', key, b.group, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]));
      continue;
    }
    const from = incrId(old);
    if (from === null) continue;
    const it = new StreamIterator(v, from, g.lastId, false);
    for (let id = it.next(); id !== null; id = it.next()) {
      const nack = g.pel.get(id);
      if (nack === undefined) continue;
      const idTxt = formatId(id);
      emit(db, respArgv(['XCLAIM', key, b.group, b.consumer, '0', idTxt, 'TIME', String(nack.deliveryTime), 'RETRYCOUNT', String(nack.deliveryCount), 'FORCE', 'JUSTID', 'LASTID', idTxt]));
    }
  }
}

/** A FLUSHALL / FLUSHDB that succeeded (no argument, or ASYNC / SYNC). */
function forcedFlush(cmd: Command, argv: readonly string[]): boolean {
  if (cmd.name !== 'flushall' && cmd.name !== 'flushdb') return false;
  if (argv.length === 1) return true;
  if (argv.length !== 2) return false;
  const a = argv[1]!.toLowerCase();
  return a === 'async' || a === 'sync';
}

function propagateCommand(c: Client, cmd: Command, emit: (db: Database | number, r: string) => void): void {
  const argv = c.argv;
  const name = cmd.parent ? cmd.parent.name : cmd.name;
  const db = c.db;
  const pos = cmd.keyPositions(argv);
  if (name === 'incrbyfloat' || name === 'hincrbyfloat') {
    // The result, not the increment (Redis: SET key value KEEPTTL / HSET key field value), so
    // that replay cannot round differently (Redis computes in long double).
    emit(db, floatResult(db, argv, name === 'hincrbyfloat'));
  } else if (name === 'restore') {
    emit(db, restoreForm(db, argv));
  } else if (name === 'set' && argv.length > 3 && !hasRelativeTtl(argv)) {
    emit(db, respArgv(setWithoutGet(argv)));
  } else if (pos.length === 0 || (VERBATIM.has(name) && !(name === 'set' && hasRelativeTtl(argv)))) {
    emit(db, respArgv(argv));
  } else if (TTL_REWRITE.has(name)) {
    emit(db, ttlState(db, argv[1]!, name === 'set' || name === 'setex' || name === 'psetex'));
  } else if (name === 'xadd') {
    emit(db, xaddExplicit(db, argv));
  } else if (BLOCKING.has(name)) {
    emit(db, respArgv(unblockedForm(name, argv)));
  } else {
    for (const p of pos) emit(db, keyState(db, argv[p]!));
  }
}

/** Blocking pops that were served at once: replayed as their non-blocking form. */
const BLOCKING = new Set(['blpop', 'brpop', 'bzpopmin', 'bzpopmax', 'blmove', 'brpoplpush', 'blmpop', 'bzmpop']);

/**
 * The non-blocking command with the same effect, given the same data set (Redis rewrites these
 * too): BLPOP k… t pops the first non-empty key, exactly what LMPOP n k… LEFT does; BLMOVE /
 * BRPOPLPUSH / BLMPOP / BZMPOP drop their timeout. O(1) to build, unlike the keys' RESTORE.
 */
function unblockedForm(name: string, argv: readonly string[]): string[] {
  switch (name) {
    case 'blpop':
    case 'brpop':
    case 'bzpopmin':
    case 'bzpopmax': {
      const keys = argv.slice(1, argv.length - 1);
      const where = name === 'blpop' ? 'LEFT' : name === 'brpop' ? 'RIGHT' : name === 'bzpopmin' ? 'MIN' : 'MAX';
      return [name[1] === 'z' ? 'ZMPOP' : 'LMPOP', String(keys.length), ...keys, where];
    }
    case 'blmove':
      return ['LMOVE', ...argv.slice(1, 5)];
    case 'brpoplpush':
      return ['RPOPLPUSH', argv[1]!, argv[2]!];
    default:
      // BLMPOP / BZMPOP timeout numkeys key… where [COUNT n]
      return [name === 'blmpop' ? 'LMPOP' : 'ZMPOP', ...argv.slice(2)];
  }
}

/**
 * What a blocked client served later from `key` did, as a non-blocking command (Redis rewrites
 * the served command the same way): BLPOP → LPOP key, BZPOPMAX → ZPOPMAX key, BLMPOP … → LMPOP 1
 * key where [COUNT n], BLMOVE / BRPOPLPUSH without their timeout.
 */
function servedForm(name: string, argv: readonly string[], key: string): string[] {
  switch (name) {
    case 'blpop':
      return ['LPOP', key];
    case 'brpop':
      return ['RPOP', key];
    case 'bzpopmin':
      return ['ZPOPMIN', key];
    case 'bzpopmax':
      return ['ZPOPMAX', key];
    case 'blmpop':
    case 'bzmpop': {
      // BLMPOP timeout numkeys key… where [COUNT n]
      const numkeys = Number(argv[2]);
      return [name === 'blmpop' ? 'LMPOP' : 'ZMPOP', '1', key, ...argv.slice(3 + numkeys)];
    }
    default:
      return unblockedForm(name, argv);
  }
}

/**
 * RESTORE as restoreCommand propagates it: as is with a 0 or ABSTTL time, else with the absolute
 * expire time in place of the relative one and ABSTTL appended; DEL when it left no key.
 */
function restoreForm(db: Database, argv: readonly string[]): string {
  const key = argv[1]!;
  if (!db.dict.has(key)) return respArgv(['DEL', key]);
  if (argv[2] === '0') return respArgv(argv);
  for (let i = 4; i < argv.length; i++) if (argv[i]!.toLowerCase() === 'absttl') return respArgv(argv);
  const out = argv.slice();
  out[2] = String(db.getExpire(key));
  out.push('ABSTTL');
  return respArgv(out);
}

/** SET … GET propagates without its GET (setCommand removes it: the reply is not replayed). */
function setWithoutGet(argv: readonly string[]): readonly string[] {
  let at = -1;
  for (let i = 3; i < argv.length; i++) if (argv[i]!.toLowerCase() === 'get') at = i;
  if (at < 0) return argv;
  const out = argv.slice();
  out.splice(at, 1);
  return out;
}

/** INCRBYFLOAT / HINCRBYFLOAT: the value they produced. */
function floatResult(db: Database, argv: readonly string[], hash: boolean): string {
  const key = argv[1]!;
  const v = db.dict.get(key);
  if (!hash) return typeof v === 'string' ? respArgv(['SET', key, v, 'KEEPTTL']) : keyState(db, key);
  const fv = v instanceof HashValue ? v.get(argv[2]!) : undefined;
  return fv !== undefined ? respArgv(['HSET', key, argv[2]!, fv]) : keyState(db, key);
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

/**
 * A key deleted outside call() (MIGRATE removes the moved keys when the target answers):
 * propagated as DEL to the AOF and the replicas (propagateDeletion).
 */
export function propagateDeletion(s: Server, db: Database, key: string): void {
  s.feed?.keyGone(db.id, key);
}
