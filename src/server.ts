/**
 * server.ts — the server: listening sockets, the client table, the per-connection read →
 * parse → dispatch → write loop, one flush per client per event-loop turn, the cron (hz), and
 * shutdown. This is Redis's networking.c + the event-loop half of server.c.
 *
 * All commands run on this one thread, to completion, in arrival order per client.
 */
import { performance } from 'node:perf_hooks';
import net from 'node:net';
import { useReadBuffer, readView } from './util/socket-read';
import { directOutput } from './util/socket-write';
import fs from 'node:fs';
import { Config } from './config';
import { Database, type KeyspaceHost } from './db/database';
import { Client, ClientFlag } from './protocol/client';
import { Registry, type Command } from './commands/registry';
import { allCommands } from './commands/index';
import { processCommand } from './commands/dispatch';
import { pubsubTables } from './pubsub';
import { registerTrackingInfo } from './tracking';
import { activeExpireCycle } from './db/expire';
import { AccessClock, installAccessTracking } from './db/object-info';
import { E } from './errors';
import { createLogger, type Logger } from './util/log';
import { Stats } from './stats';
import { NotifyFlags, notifyKeyspaceEvent } from './db/notify';
import { applyConfigHooks } from './config-hooks';
import { installAcl } from './acl/install';
import { Slowlog } from './slowlog';
import { LatencyMonitor } from './latency';
import { installModuleProtection } from './commands/module';
import { replicationOf } from './replication/replication';
import { installLatencyTracking } from './commands/info';
import { luaReady } from './scripting/lua';
import { installDebugProtection } from './commands/debug';
import { blockingOf } from './blocking';
import { installMemory, reestimateKey } from './memory/accounting';
import type { Feed } from './replication/feed';
import type { Blocking } from './blocking';
import { installPersistence } from './persistence/snapshot';

export const RESPITE_VERSION = '0.1.0';
/** The Redis release whose behaviour respite matches (INFO redis_version). */
export const REDIS_VERSION = '7.0.15';

export interface ServerOptions {
  /** Config directives (name → value as in redis.conf), applied over the defaults. */
  config?: Record<string, string | number | boolean>;
  /** Pre-built config (the CLI parses redis.conf into one). Takes precedence over `config`. */
  configObject?: Config;
  /** Path of the config file, for CONFIG REWRITE and INFO config_file. */
  configFile?: string;
  logger?: Logger;
}

/** Output buffer limits per client class (client-output-buffer-limit). */
export interface ObufLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export class Server implements KeyspaceHost {
  readonly config: Config;
  readonly configFile: string;
  readonly registry: Registry;
  dbs: Database[] = [];
  readonly clients = new Map<number, Client>();
  readonly stats = new Stats();
  /** Per-key LRU/LFU access stamps policy (OBJECT IDLETIME/FREQ; db/object-info.ts). */
  readonly access = new AccessClock();
  readonly log: Logger;
  readonly startedAt = Date.now();
  readonly runId: string;
  /** The command-time snapshot (ms since epoch). */
  now = Date.now();
  /** Where command time comes from; tests replace it to move time forward. */
  clock: () => number = Date.now;
  /**
   * While processInput runs a client's pipelined commands: the performance.now() at which the
   * last top-level call() ended (or the batch began), else -1. Each call() of the batch starts
   * its timing there, so a command costs one clock read instead of three; its duration then
   * includes its own parsing. `clockAt` is when `now` was last read from clock(): within a
   * batch the command time is re-read once a millisecond has passed, so it lags by < 1 ms.
   */
  batchClock = -1;
  clockAt = 0;
  /** Writes since the last save (Redis's server.dirty). */
  dirty = 0;
  lastSave = Math.floor(Date.now() / 1000);
  isReplica = false;
  /** Set by replication while the primary's stream is applied (see Database.expireIfNeeded). */
  applyingMaster = false;
  expiryPaused = false;
  /** DEBUG SET-ACTIVE-EXPIRE 0 turns the cron's active expiry off (lazy expiry still works). */
  activeExpireEnabled = true;
  /** The client whose command is running, if any. */
  current: Client | null = null;
  /**
   * The client whose top-level command is running (Redis's server.current_client): unlike
   * `current`, it stays the EVAL/EXEC caller during the script's or transaction's inner calls.
   */
  topClient: Client | null = null;
  protoLimits = { maxBulkLen: 512 * 1024 * 1024 };
  queryBufferLimit = 1024 * 1024 * 1024;
  obufLimits: { normal: ObufLimit; replica: ObufLimit; pubsub: ObufLimit } = {
    normal: { hard: 0, soft: 0, softSeconds: 0 },
    replica: { hard: 256 * 1024 * 1024, soft: 64 * 1024 * 1024, softSeconds: 60 },
    pubsub: { hard: 32 * 1024 * 1024, soft: 8 * 1024 * 1024, softSeconds: 60 },
  };
  /** notify-keyspace-events, parsed into NotifyFlags bits; 0 means off. */
  notifyFlags = 0;
  /** Hooks filled in by feature modules (blocking, transactions, tracking, pub/sub). */
  readonly hooks: ServerHooks = {
    keyModified: [],
    keyReady: null,
    publish: null,
    afterCommand: [],
    clientClosed: [],
    clientReset: [],
    unblockClient: null,
    authenticate: null,
    defaultUserNoPass: null,
    userExists: null,
    subscriptionCounts: null,
    trackingRedirect: null,
    infoValues: new Map(),
    dbEmptied: [],
    flushed: [],
    serveBlocked: null,
  };
  /**
   * CLIENT PAUSE in force (pause.ts): 0 none, 1 WRITE, 2 ALL. The dispatcher postpones matching
   * commands while it is non-zero.
   */
  pauseType = 0;
  /**
   * Protected-command checks (DEBUG, MODULE LOAD…: enable-*-command). The dispatcher runs them
   * for commands flagged `protected` only, right after the arity check, before AUTH and ACL, as
   * processCommand does.
   */
  readonly protectedFilters: ((c: Client, cmd: Command) => string | null)[] = [];
  /**
   * Checks run by the dispatcher after auth and ACL, before MULTI queueing (OOM, loading,
   * BUSY…), in rank order. Each returns an error line to reject the command, or null. A feature
   * arms its check (setCommandFilter) only while it can reject something, so that an idle
   * feature costs the dispatcher nothing.
   */
  readonly commandFilters: CommandFilter[] = [];
  private readonly filterRanks: number[] = [];
  /** stat_total_error_replies when the last outermost call() ended (dispatch.ts call()). */
  prevErrCount = 0;
  /**
   * Set by a write handler whose argv does not replay to the same effect (SPOP): the commands
   * that do (SREM key members…), Redis's alsoPropagate. The propagation stream (feed.ts) clears
   * it before each write and writes these instead of the command.
   */
  propagateAs: string[][] | null = null;
  /**
   * Called after every executed command by features that are in use (client tracking, the save
   * after FLUSHALL). call() itself does what every command needs: statistics, the slow log, the
   * latency monitor and propagation.
   */
  readonly callObservers: ((c: Client, cmd: Command) => void)[] = [];
  /** latency-tracking: call() records each command's duration in its histogram (INFO latencystats). */
  latencyTracking = true;
  /** SLOWLOG (slowlog-log-slower-than…), fed by call(). */
  readonly slowlog: Slowlog;
  /** LATENCY (latency-monitor-threshold, events), fed by call() and by the features it times. */
  readonly latency: LatencyMonitor;
  /**
   * The propagation stream to the AOF and the replicas (replication/feed.ts), told about every
   * call() and modified key; set up once its first sink is added.
   */
  feed: Feed | null = null;
  /** Clients blocked on keys (blocking.ts); served after each command that readied a key. */
  readonly blocking: Blocking;
  /** ACL permission check (src/acl/install.ts): the NOPERM line, or null when allowed. */
  aclCheck: ((c: Client, cmd: Command) => string | null) | null = null;
  /** ACL: whether the default user needs AUTH (has a password or is disabled). */
  aclAuthRequired: (() => boolean) | null = null;
  /** Under NODE_ENV=test: the last non-ReplyError exception a handler threw (a bug). */
  lastUnexpectedError: unknown = null;
  /** Extension state for feature modules, keyed by module name. */
  readonly ext = new Map<string, unknown>();

  private readonly listeners: net.Server[] = [];
  private cronTimer: NodeJS.Timeout | null = null;
  private nextClientId = 1;
  /**
   * Clients with output to write at the end of this turn: the first flushCount slots. Two
   * arrays take turns, so that queueing allocates nothing (a client queued while the queue is
   * being written goes out next turn, as before).
   */
  private flushQueue: (Client | null)[] = [];
  private flushCount = 0;
  private flushSpare: (Client | null)[] = [];
  private readonly flushPendingFn = (): void => this.flushPending();
  private flushScheduled = false;
  private closing = false;
  private closedPromise: Promise<void> | null = null;
  /** The TCP port actually bound (useful with port 0). */
  port = 0;
  host = '127.0.0.1';
  unixSocketPath: string | null = null;

  constructor(opts: ServerOptions = {}) {
    this.config = opts.configObject ?? new Config();
    if (opts.config && !opts.configObject) {
      for (const [k, v] of Object.entries(opts.config)) {
        this.config.set(k, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
      }
    }
    this.configFile = opts.configFile ?? '';
    this.log = opts.logger ?? createLogger(this.config);
    this.runId = randomHex(40);
    this.registry = new Registry(allCommands);
    // Pub/sub tables + keyspace-notification delivery, and the tracking INFO fields.
    pubsubTables(this);
    registerTrackingInfo(this);
    installAccessTracking(this.config, this.access);
    installLatencyTracking(this);
    installDebugProtection(this);
    // Blocked-client bookkeeping (blocking.ts): hooks, CLIENT UNBLOCK, INFO clients_in_timeout_table.
    this.blocking = blockingOf(this);
    this.slowlog = new Slowlog(this);
    this.latency = new LatencyMonitor(this);
    const n = this.config.num('databases');
    for (let i = 0; i < n; i++) this.dbs.push(new Database(i, this));
    // Memory accounting (INFO used_memory), maxmemory eviction (memory/accounting.ts, evict.ts).
    installMemory(this);
    // RDB persistence (persistence/snapshot.ts): hooks, INFO fields, start-up load, final save.
    installPersistence(this);
    this.config.onChange('proto-max-bulk-len', (v) => (this.protoLimits.maxBulkLen = v as number));
    this.config.onChange('client-query-buffer-limit', (v) => (this.queryBufferLimit = v as number));
    applyConfigHooks(this);
    // ACL (users, AUTH hooks, permission check).
    installAcl(this);
    installModuleProtection(this);
    // Replication (replication/replication.ts): the stream feed, INFO replication, READONLY.
    replicationOf(this);
  }

  // ---------------------------------------------------------------------------------------------
  // Listening
  // ---------------------------------------------------------------------------------------------

  /** Binds every configured address (and the unix socket) and starts the cron. */
  async listen(): Promise<void> {
    await luaReady;
    for (const task of this.startupTasks) await task();
    const port = this.config.num('port');
    const unix = this.config.spec('unixsocket') ? this.config.str('unixsocket') : '';
    // Redis's "port 0" means no TCP listener. We honour that when a unix socket is configured;
    // without one, port 0 keeps meaning "an ephemeral port" (embedding API, tests).
    if ((port !== 0 || !unix) && (port !== 0 || this.config.spec('bind'))) {
      const binds = this.config.str('bind').split(/\s+/).filter(Boolean);
      if (port !== 0 || binds.length > 0) {
        if (this.config.num('io-threads') > 1) await this.listenIoThreads(binds, port);
        else await this.listenTcp(binds, port);
      }
      this.boundKey = `${port}|${binds.join(' ')}`;
    }
    if (unix) await this.listenUnix(unix);
    this.startCron();
  }

  private async listenTcp(binds: string[], port: number): Promise<void> {
    if (binds.length === 0) binds = ['*', '-::*'];
    let bound = port;
    for (const b of binds) {
      const optional = b.startsWith('-');
      let host = optional ? b.slice(1) : b;
      if (host === '*') host = '0.0.0.0';
      else if (host === '::*') host = '::';
      const srv = net.createServer({ noDelay: true, pauseOnConnect: false }, (s) => this.accept(s, false));
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ host, port: bound, ipv6Only: host === '::', exclusive: true }, () => {
            srv.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        if (optional) continue;
        throw err;
      }
      srv.on('error', (e) => this.log.warn(`listener error: ${e.message}`));
      const addr = srv.address();
      if (addr && typeof addr === 'object') {
        if (bound === 0) bound = addr.port;
        if (this.listeners.length === 0) {
          this.host = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
        }
      }
      this.listeners.push(srv);
    }
    this.port = bound;
  }

  /** The I/O threads (io-threads > 1; src/io-threads/bridge.ts), or null. */
  ioThreads: import('./io-threads/bridge').IoThreads | null = null;

  /** io-threads N: N-1 worker threads accept, read and write TCP connections (bridge.ts). */
  private async listenIoThreads(binds: string[], port: number): Promise<void> {
    const { IoThreads } = await import('./io-threads/bridge');
    const ka = this.config.spec('tcp-keepalive') ? this.config.num('tcp-keepalive') : 300;
    const io = await IoThreads.start(this, this.config.num('io-threads') - 1, binds, port, {
      keepAliveMs: ka * 1000,
      doReads: this.config.bool('io-threads-do-reads'),
    });
    this.ioThreads = io;
    this.port = io.port;
    this.host = io.host;
  }

  private async listenUnix(path: string): Promise<void> {
    try {
      fs.unlinkSync(path);
    } catch {
      /* not there */
    }
    const srv = net.createServer((s) => this.accept(s, true));
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(path, () => resolve());
    });
    const perm = this.config.spec('unixsocketperm') ? this.config.num('unixsocketperm') : 0;
    if (perm) fs.chmodSync(path, perm);
    this.unixSocketPath = path;
    this.listeners.push(srv);
  }

  // ---------------------------------------------------------------------------------------------
  // Clients
  // ---------------------------------------------------------------------------------------------

  /** True when new connections must authenticate (requirepass, or the default user has a password). */
  authRequired(): boolean {
    if (this.aclAuthRequired !== null) return this.aclAuthRequired();
    return this.config.str('requirepass') !== '';
  }

  /** A new connection (also called by the io-threads bridge with a RemoteSocket). */
  accept(socket: net.Socket, unix: boolean): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const c = new Client(this, socket, this.nextClientId++);
    if (unix) {
      c.flags |= ClientFlag.UnixSocket;
      c.addr = `${this.unixSocketPath}:0`;
      c.laddr = `${this.unixSocketPath}:0`;
    } else {
      c.addr = formatAddr(socket.remoteAddress, socket.remotePort);
      c.laddr = formatAddr(socket.localAddress, socket.localPort);
      socket.setNoDelay(true);
      const ka = this.config.spec('tcp-keepalive') ? this.config.num('tcp-keepalive') : 300;
      if (ka > 0) socket.setKeepAlive(true, ka * 1000);
    }
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      // Destroy once written: unread input would otherwise keep the half-closed socket open.
      socket.on('error', () => {});
      socket.end('-' + E.maxClients + '\r\n', () => socket.destroy());
      return;
    }
    if (!unix && this.deniedByProtectedMode(socket)) {
      this.stats.rejectedConnections++;
      socket.on('error', () => {});
      socket.end('-' + E.denied + '\r\n', () => socket.destroy());
      return;
    }
    this.stats.totalConnections++;
    this.clients.set(c.id, c);
    if (!useReadBuffer(socket, (n, buf) => this.onRead(c, n, buf))) socket.on('data', (chunk: Buffer) => this.onData(c, chunk));
    c.out = directOutput(socket);
    socket.on('error', () => {
      /* reset by peer and the like: 'close' follows */
    });
    socket.on('close', () => this.freeClient(c));
    if (c.parser) c.parser.authRequired = !c.authenticated;
  }

  /** Protected mode: while the default user has no password, only loopback clients (clientAcceptHandler). */
  private deniedByProtectedMode(socket: net.Socket): boolean {
    if (!this.config.bool('protected-mode')) return false;
    // The rule is the default user being "nopass" (even when disabled), as clientAcceptHandler.
    const nopass = this.hooks.defaultUserNoPass;
    if (nopass !== null ? !nopass() : this.authRequired()) return false;
    // islocalClient: only 127.0.0.1 and ::1 are local (not the rest of 127.0.0.0/8).
    const ip = socket.remoteAddress ?? '';
    return !(ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1');
  }

  /** A read into the shared read buffer (see useReadBuffer): the parser must not keep a view of it. */
  private onRead(c: Client, n: number, buf: Buffer): void {
    this.onData(c, readView(buf, n));
    c.parser?.ownPending();
  }

  private onData(c: Client, chunk: Buffer): void {
    c.netInput += chunk.length;
    this.stats.readsProcessed++;
    this.stats.netInputBytes += chunk.length;
    c.lastInteraction = Date.now();
    const parser = c.parser!;
    parser.feed(chunk);
    if (parser.pending > this.queryBufferLimit) {
      this.log.warn(`Closing client that reached max query buffer length: id=${c.id} addr=${c.addr}`);
      this.freeClient(c);
      return;
    }
    this.processInput(c);
    // As Redis's beforeSleep: the replies are written once every connection that was readable
    // has been read, so the writes of one event-loop turn go out back to back (fewer wake-ups
    // of the clients). An io-threads connection (no direct output) is written by its worker
    // with the turn's batch.
    if (c.out !== null) this.queueFlush(c);
    else this.flush(c);
  }

  /**
   * Runs every complete command in the client's query buffer, in order, until it blocks (CLIENT
   * PAUSE parks a client as blocked, see pause.ts) or must close (processInputBuffer in networking.c).
   */
  processInput(c: Client): void {
    const parser = c.parser!;
    const top = this.current === null;
    if (top) {
      this.clockAt = this.batchClock = performance.now();
      this.now = this.clock();
    }
    while ((c.flags & (ClientFlag.Blocked | ClientFlag.CloseAfterReply | ClientFlag.CloseAsap)) === 0) {
      const argv = parser.next();
      if (argv === null) {
        if (parser.error !== null) {
          c.reply.error('ERR ' + parser.error);
          c.flags |= ClientFlag.CloseAfterReply | ClientFlag.ProtocolError;
          this.log.debug(`Protocol error (${parser.error}) from client: id=${c.id} addr=${c.addr}`);
        }
        break;
      }
      const a0 = argv[0]!;
      if ((a0.length === 4 || a0.length === 5) && isCrossProtocolAttack(a0)) {
        this.securityWarning(c);
        break;
      }
      processCommand(c, argv);
      parser.authRequired = !c.authenticated;
      // CLIENT REPLY SKIP applies to the command after it (resetClient in networking.c).
      if (c.flags & (ClientFlag.ReplySkip | ClientFlag.ReplySkipNext)) this.advanceReplySkip(c);
    }
    if (top) this.batchClock = -1;
  }

  private lastSecurityWarning = 0;

  /**
   * "POST" or "Host:" as a command: someone is talking HTTP to us (cross protocol scripting).
   * Close the connection without a reply and log it at most once a minute (securityWarningCommand).
   */
  private securityWarning(c: Client): void {
    const now = Date.now();
    if (Math.abs(now - this.lastSecurityWarning) > 60000) {
      this.log.warn(
        'Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted.',
      );
      this.lastSecurityWarning = now;
    }
    this.freeClient(c);
  }

  /** Moves CLIENT REPLY SKIP on by one command and mutes/unmutes the writer to match. */
  private advanceReplySkip(c: Client): void {
    let f = c.flags & ~ClientFlag.ReplySkip;
    if (f & ClientFlag.ReplySkipNext) f = (f | ClientFlag.ReplySkip) & ~ClientFlag.ReplySkipNext;
    c.flags = f;
    if (c.writer !== null) c.writer.muted = (f & (ClientFlag.ReplyOff | ClientFlag.ReplySkip)) !== 0;
  }

  /** Marks a client as having output to send at the end of this event-loop turn. */
  queueFlush(c: Client): void {
    if (c.flushQueued || c.socket === null) return;
    c.flushQueued = true;
    this.flushQueue[this.flushCount++] = c;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushPendingFn);
    }
  }

  private flushPending(): void {
    this.flushScheduled = false;
    const q = this.flushQueue;
    const n = this.flushCount;
    this.flushQueue = this.flushSpare;
    this.flushCount = 0;
    for (let i = 0; i < n; i++) {
      const c = q[i]!;
      q[i] = null;
      c.flushQueued = false;
      this.flush(c);
    }
    this.flushSpare = q;
  }

  /** Writes the client's pending replies with one socket write per buffer, then checks limits. */
  flush(c: Client): void {
    const socket = c.socket;
    const w = c.writer;
    if (socket === null || w === null) return;
    if (socket.destroyed) return;
    const bufs = w.take();
    if (bufs !== null) {
      let bytes = 0;
      for (let i = 0; i < bufs.length; i++) bytes += bufs[i]!.length;
      let done: boolean;
      const out = c.out;
      if (out !== null) {
        done = out.write(bufs, bytes);
      } else {
        if (bufs.length === 1) {
          socket.write(bufs[0]!);
        } else {
          socket.cork();
          for (const b of bufs) socket.write(b);
          socket.uncork();
        }
        // An io-threads RemoteSocket copies what it is given.
        done = socket.writableLength === 0 || (socket as { copiesWrites?: boolean }).copiesWrites === true;
      }
      c.netOutput += bytes;
      this.stats.writesProcessed++;
      // Bytes to replicas count as replication output (total_net_repl_output_bytes), not here.
      if ((c.flags & ClientFlag.Replica) === 0) this.stats.netOutputBytes += bytes;
      // If the kernel took everything, nothing references the buffer any more: reuse it.
      if (done) w.recycle();
      else w.detach();
      if (this.checkOutputLimits(c)) return;
    }
    if (c.flags & (ClientFlag.CloseAfterReply | ClientFlag.CloseAsap)) {
      this.closeClient(c);
    }
  }

  /** Output buffer limits (checkClientOutputBufferLimits). Returns true when the client was closed. */
  checkOutputLimits(c: Client): boolean {
    const socket = c.socket;
    if (socket === null) return false;
    const used = c.outputPending + (c.writer ? c.writer.pending : 0);
    const lim = c.flags & ClientFlag.Pubsub ? this.obufLimits.pubsub : c.flags & ClientFlag.Replica ? this.obufLimits.replica : this.obufLimits.normal;
    let hard = lim.hard > 0 && used >= lim.hard;
    let soft = lim.soft > 0 && used >= lim.soft;
    if (soft) {
      const nowSec = Math.floor(Date.now() / 1000);
      if (c.obufSoftLimitReachedAt === 0) {
        c.obufSoftLimitReachedAt = nowSec;
        soft = false;
      } else if (nowSec - c.obufSoftLimitReachedAt <= lim.softSeconds) {
        soft = false;
      }
    } else {
      c.obufSoftLimitReachedAt = 0;
    }
    if (hard || soft) {
      this.log.warn(`Client id=${c.id} addr=${c.addr} scheduled to be closed ASAP for overcoming of output buffer limits.`);
      this.stats.clientOutputLimitDisconnections++;
      this.freeClient(c);
      hard = true;
    }
    return hard;
  }

  /** Closes after pending output is written (CLIENT_CLOSE_AFTER_REPLY). */
  private closeClient(c: Client): void {
    const s = c.socket;
    if (s && !s.destroyed) s.end();
    this.freeClient(c);
  }

  /** Removes the client from every table and destroys its socket (freeClient). */
  /** A fresh client id for a client created outside accept() (the replication master client). */
  allocClientId(): number {
    return this.nextClientId++;
  }

  freeClient(c: Client): void {
    if (!this.clients.has(c.id)) {
      if (c.socket && !c.socket.destroyed && !c.socket.writableEnded) c.socket.destroy();
      return;
    }
    this.clients.delete(c.id);
    for (const fn of this.hooks.clientClosed) fn(c);
    c.parser?.reset();
    const s = c.socket;
    if (s && !s.destroyed) {
      if (s.writableEnded) s.destroySoon();
      else s.destroy();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keyspace host
  // ---------------------------------------------------------------------------------------------

  keyExpired(db: Database, key: string): void {
    this.stats.expiredKeys++;
    this.notify(NotifyFlags.Expired, 'expired', key, db.id);
    this.signalModifiedKey(db, key);
    // An expired key is propagated as DEL.
    this.feed?.keyGone(db.id, key);
  }

  /**
   * Keyspace notification (notifyKeyspaceEvent, a no-op when notify-keyspace-events is off).
   * The propagation stream watches them too: an evicted key goes out as DEL, and a key changed
   * while a blocked client is served outside call() goes out as its resulting state.
   */
  notify(type: number, event: string, key: string, dbid: number): void {
    if ((this.notifyFlags & type) !== 0) notifyKeyspaceEvent(this, type, event, key, dbid);
    const feed = this.feed;
    if (feed === null) return;
    if (type === NotifyFlags.Evicted) feed.keyGone(dbid, key);
    else if (this.topClient === null && this.current !== null) feed.touch(this.dbs[dbid], key);
  }

  /**
   * A key's value changed (signalModifiedKey): its memory estimate, the propagation of keys
   * changed by served blocked clients, then the features in use (WATCH, client tracking…).
   */
  signalModifiedKey(db: Database, key: string): void {
    reestimateKey(db, key);
    this.feed?.touch(db, key);
    const hooks = this.hooks.keyModified;
    for (let i = 0; i < hooks.length; i++) hooks[i]!(db, key);
  }

  /** Arms (on) or disarms a dispatcher check; checks run by ascending rank (see commandFilters). */
  setCommandFilter(rank: number, fn: CommandFilter, on: boolean): void {
    const fns = this.commandFilters;
    const at = fns.indexOf(fn);
    if (on === at >= 0) return;
    if (!on) {
      fns.splice(at, 1);
      this.filterRanks.splice(at, 1);
      return;
    }
    let i = 0;
    while (i < fns.length && this.filterRanks[i]! <= rank) i++;
    fns.splice(i, 0, fn);
    this.filterRanks.splice(i, 0, rank);
  }

  /**
   * FLUSHDB (dbid) or FLUSHALL (dbid -1): call BEFORE emptying (signalFlushedDb). Dirties the
   * WATCHers of existing keys and sends tracking clients a null invalidation.
   */
  signalFlushedDb(dbid: number): void {
    const hooks = this.hooks.dbEmptied;
    if (hooks.length !== 0) {
      const from = dbid === -1 ? 0 : dbid;
      const to = dbid === -1 ? this.dbs.length - 1 : dbid;
      for (let i = from; i <= to; i++) for (const h of hooks) h(this.dbs[i]!, null);
    }
    for (const h of this.hooks.flushed) h(dbid);
  }

  /** SWAPDB: call BEFORE swapping the two databases' contents (touchAllWatchedKeysInDb both ways). */
  signalSwapDb(a: Database, b: Database): void {
    for (const h of this.hooks.dbEmptied) {
      h(a, b);
      h(b, a);
    }
  }

  /** A list/zset/stream key got elements: serve clients blocked on it (signalKeyAsReady). */
  signalKeyAsReady(db: Database, key: string): void {
    if (db.blockingKeys.size !== 0 && this.hooks.keyReady) this.hooks.keyReady(db, key);
  }

  // ---------------------------------------------------------------------------------------------
  // Cron
  // ---------------------------------------------------------------------------------------------

  /** CONFIG RESETSTAT: feature modules reset their own counters here (slowlog stays). */
  readonly resetStatHooks: (() => void)[] = [];

  /** True once listen() ran and until close(). */
  get isListening(): boolean {
    return this.cronTimer !== null && !this.closing;
  }

  /** Re-arms the cron with the current `hz` (updateHZ). */
  restartCron(): void {
    if (this.cronTimer === null || this.closing) return;
    clearInterval(this.cronTimer);
    this.startCron();
  }

  /**
   * CONFIG SET port/bind: closes the TCP listeners and binds the configured addresses again
   * (changeListenPort / changeBindAddr). A no-op when nothing changed.
   */
  async rebindTcp(): Promise<void> {
    const port = this.config.num('port');
    const binds = this.config.str('bind').split(' ').filter(Boolean);
    const key = `${port}|${binds.join(' ')}`;
    if (key === this.boundKey) return;
    const tcp = this.listeners.filter((l) => typeof l.address() !== 'string');
    for (const l of tcp) this.listeners.splice(this.listeners.indexOf(l), 1);
    // close() stops listening at once; its callback waits for the connections, which stay open.
    for (const l of tcp) l.close();
    // bind "" means no TCP listener at all (listenToPort).
    if (this.ioThreads !== null) this.port = await this.ioThreads.rebind(binds, port);
    else if (binds.length > 0) await this.listenTcp(binds, port);
    this.boundKey = key;
  }

  private boundKey = '';

  private startCron(): void {
    const hz = Math.max(1, Math.min(500, this.config.num('hz') || 10));
    this.cronTimer = setInterval(() => this.cron(), Math.floor(1000 / hz));
    this.cronTimer.unref();
  }

  /** serverCron: active expiry, idle-client timeouts, stats sampling. */
  cron(): void {
    const now = this.clock();
    this.now = now;
    this.stats.sample(now);
    if (!this.isReplica && !this.expiryPaused && this.activeExpireEnabled) activeExpireCycle(this, now);
    const timeout = this.config.num('timeout');
    if (timeout > 0) {
      for (const c of this.clients.values()) {
        if (c.flags & (ClientFlag.Replica | ClientFlag.Master | ClientFlag.Monitor | ClientFlag.Blocked | ClientFlag.Pubsub)) continue;
        if (now - c.lastInteraction > timeout * 1000) {
          this.log.debug(`Closing idle client id=${c.id}`);
          this.freeClient(c);
        }
      }
    }
    for (const c of this.clients.values()) {
      if (c.obufSoftLimitReachedAt !== 0) this.checkOutputLimits(c);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shutdown
  // ---------------------------------------------------------------------------------------------

  /** Stops accepting, flushes pending replies, closes every client. Idempotent. */
  close(): Promise<void> {
    if (this.closedPromise) return this.closedPromise;
    this.closing = true;
    if (this.cronTimer) clearInterval(this.cronTimer);
    for (const fn of this.shutdownHooks) fn();
    this.closedPromise = (async () => {
      // Stop accepting first, but wait for the listeners only after the clients are gone:
      // net.Server.close() calls back once every connection has ended.
      const closed = this.listeners.map((l) => new Promise<void>((r) => l.close(() => r())));
      for (const c of [...this.clients.values()]) {
        this.flush(c);
        c.socket?.end();
        this.freeClient(c);
      }
      await Promise.all(closed);
      if (this.ioThreads !== null) await this.ioThreads.close();
      if (this.unixSocketPath) {
        try {
          fs.unlinkSync(this.unixSocketPath);
        } catch {
          /* gone */
        }
      }
    })();
    return this.closedPromise;
  }

  readonly shutdownHooks: (() => void)[] = [];
  /** Run by listen() before binding (loading the dataset from disk). */
  readonly startupTasks: (() => Promise<void> | void)[] = [];
  /**
   * Called by call() before a write command runs (persistence's copy-on-write during BGSAVE);
   * null when nothing needs it.
   */
  beforeWrite: ((c: Client, cmd: Command) => void) | null = null;

  /**
   * SHUTDOWN / SIGTERM: runs the before-shutdown tasks (saving, when persistence registers one),
   * then closes. Returns false when a task refused and `force` was not given.
   */
  async shutdown(opts: { save: boolean | undefined; now: boolean; force: boolean }): Promise<boolean> {
    for (const task of this.beforeShutdown) {
      const ok = await task(opts);
      if (!ok && !opts.force) return false;
    }
    this.log.warn('Redis is now ready to exit, bye bye...');
    await this.close();
    return true;
  }

  /** Tasks run by shutdown() before closing (RDB save on shutdown…). Return false to refuse. */
  readonly beforeShutdown: ((opts: { save: boolean | undefined; now: boolean; force: boolean }) => Promise<boolean> | boolean)[] = [];

  get isClosing(): boolean {
    return this.closing;
  }
}

/** A dispatcher check (Server.commandFilters): the error line that rejects the command, or null. */
export type CommandFilter = (c: Client, cmd: Command) => string | null;

/**
 * Ranks of the dispatcher checks, in processCommand's order: OOM, then MISCONF and LOADING,
 * then the replication checks (NOREPLICAS, READONLY, MASTERDOWN), then BUSY.
 */
export const FilterRank = { Oom: 10, Persistence: 20, Replication: 30, Busy: 40, Tracking: 50 } as const;

export interface ServerHooks {
  keyModified: ((db: Database, key: string) => void)[];
  keyReady: ((db: Database, key: string) => void) | null;
  publish: ((channel: string, message: string) => number) | null;
  afterCommand: ((c: Client) => void)[];
  clientClosed: ((c: Client) => void)[];
  /** RESET / HELLO-less state reset: each feature drops its per-client state (MULTI, pub/sub, tracking…). */
  clientReset: ((c: Client) => void)[];
  /** CLIENT UNBLOCK: unblock `c` (timeout reply, or the -UNBLOCKED error); false if it can't be. */
  unblockClient: ((c: Client, error: boolean) => boolean) | null;
  /** ACL: checks user/password (AUTH, HELLO AUTH). Null: only "default" with requirepass. */
  authenticate: ((c: Client, user: string, pass: string) => boolean) | null;
  /** ACL: whether the default user is "nopass" (AUTH's one-argument form). */
  defaultUserNoPass: (() => boolean) | null;
  /** ACL: whether a user exists (CLIENT KILL USER). */
  userExists: ((name: string) => boolean) | null;
  /** Pub/sub: [channels, patterns, shard channels] of a client (CLIENT LIST sub/psub/ssub). */
  subscriptionCounts: ((c: Client) => [number, number, number]) | null;
  /** Tracking: the redirect client id of a tracking client (CLIENT LIST redir). */
  trackingRedirect: ((c: Client) => number) | null;
  /**
   * INFO fields filled by feature modules (pubsub_channels, rdb_*, used_memory_lua…): field name →
   * value. commands/info.ts prints Redis's fields in Redis's order; a value here wins over its own.
   */
  infoValues: Map<string, () => string | number>;
  /** A db is about to be emptied (replacedWith null) or to get another db's contents (SWAPDB). */
  dbEmptied: ((emptied: Database, replacedWith: Database | null) => void)[];
  /** FLUSHDB/FLUSHALL happened (dbid, -1 for all): tracking's null invalidation. */
  flushed: ((dbid: number) => void)[];
  /**
   * A blocked client is served from `key` (blocking.ts): called with `done` false right before
   * its command's work runs and true right after, so propagation can write the served command's
   * effect (feed.ts) instead of the keys' whole state.
   */
  serveBlocked: ((r: Client, cmd: Command | null, key: string, done: boolean) => void) | null;
}

/** processCommand's check for HTTP requests sent to the Redis port. */
function isCrossProtocolAttack(name: string): boolean {
  // The first letter rules out almost every command without lower-casing (an allocation).
  const c0 = name.charCodeAt(0) | 0x20;
  if (c0 !== 0x70 /* p */ && c0 !== 0x68 /* h */) return false;
  const l = name.toLowerCase();
  return l === 'post' || l === 'host:';
}

function formatAddr(ip: string | undefined, port: number | undefined): string {
  let a = ip ?? '?';
  if (a.startsWith('::ffff:')) a = a.slice(7);
  // anetFormatAddr: IPv6 addresses in brackets.
  return a.includes(':') ? `[${a}]:${port ?? 0}` : `${a}:${port ?? 0}`;
}

function randomHex(n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}
