/**
 * io-threads/bridge.ts — the main-thread side of the I/O thread (io-threads > 1).
 *
 * Design (Redis 6's threaded I/O, adapted to Node's threads):
 * - `io-threads N` (N > 1) starts ONE worker (worker.ts) that binds, accepts, reads and writes
 *   every TCP connection. The unix socket stays on the main thread.
 * - Why one, whatever N: Redis's I/O threads never decide the order in which connections are
 *   served. Its main thread waits in one epoll for all sockets and runs (or, with
 *   io-threads-do-reads, hands out and then runs) the ready ones in readiness order, so a client
 *   that sends on connection A and then, without waiting, on connection B gets A's command run
 *   first; the Redis suite relies on it (a deferred SUBSCRIBE or XREADGROUP BLOCK followed by a
 *   PUBLISH or SET from another client). Several workers would be several event loops: the one
 *   woken second often reads first, and no stamp taken at read time can repair that (measured:
 *   ~10-20% of such pairs ran B first with 3 workers, however main merged their batches). Node
 *   cannot share readiness or move a socket between threads, so the sockets stay on one loop.
 *   On the way out the same worker writes the replies in the order main produced them, one batch
 *   per main turn, so all output of a command (a PUBLISH's messages, an unblocked client's reply,
 *   tracking invalidations) reaches the kernel in the order Redis writes it, as without threads.
 * - Every connection still has a main-thread Client. Its `socket` is a RemoteSocket: a small
 *   stand-in for net.Socket that forwards writes/end/destroy to the owning worker and emits
 *   'data'/'close' when the worker reports them. So the parser, dispatcher, MULTI, blocking,
 *   pub/sub pushes, MONITOR, CLIENT LIST/KILL/PAUSE and output-buffer limits are the same code
 *   as without threads, and commands run on the main thread one at a time in arrival order.
 * - io-threads-do-reads no (the default, as Redis): reads are forwarded as raw bytes and parsed
 *   on main, so everything behaves exactly as single-threaded; the threads save the main thread
 *   the accept/read/write syscalls.
 * - io-threads-do-reads yes: the worker parses RESP too and ships argv arrays; the Client's parser
 *   is then an ArgvQueue the bridge fills. A protocol error found by the worker is queued after
 *   the commands before it, and main replies and closes as usual (same bytes, same order).
 *   The worker's parser settings (proto-max-bulk-len, client-query-buffer-limit, whether new
 *   connections start unauthenticated) follow main's: a 'settings' message goes to the worker
 *   whenever one changes, before the reply of the command that changed it. A connection's own
 *   auth state is sent per change (DownOp.Auth).
 * - Output-buffer limits: a RemoteSocket's writableLength is the bytes main handed to the worker
 *   and the worker has not yet reported taking, plus its socket's last reported backlog.
 * - Both directions send one batch message per event-loop turn (protocol.ts). On main a turn is
 *   one batch from the worker plus the setImmediate work it caused (see Turns in WorkerLink).
 * - A worker that dies is logged; its connections are closed on main and a new worker listens on
 *   the same addresses.
 *
 * With io-threads 1 (the default) none of this is loaded and server.ts is unchanged.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import fs from 'node:fs';
import type net from 'node:net';
import { Worker } from 'node:worker_threads';
import { RequestParser } from '../protocol/parser';
import { UpOp, DownOp, OutBuffer, type Batch, type Control, type OpenInfo, type WorkerInit, type WorkerSettings } from './protocol';

/** What the bridge needs from the Server (kept narrow so server.ts stays the owner). */
export interface IoHost {
  accept(socket: net.Socket, unix: boolean): void;
  log: { warn(msg: string): void };
  // The worker's parser settings, read after every batch and on config changes.
  readonly protoLimits: { maxBulkLen: number };
  readonly queryBufferLimit: number;
  authRequired(): boolean;
  readonly config: { onChange(name: string, fn: () => void): void };
}

/** Counters for INFO (io_threaded_reads_processed / io_threaded_writes_processed). */
export interface IoStats {
  reads: number;
  writes: number;
}

/**
 * A main-thread stand-in for a socket owned by a worker. Implements the part of net.Socket the
 * server and commands use (write, cork, end, destroy, writableLength, addresses, events).
 */
export class RemoteSocket extends EventEmitter {
  destroyed = false;
  writableEnded = false;
  /** io-threads-do-reads: the parser the Client uses (protocol/client.ts picks it up). */
  queue: ArgvQueue | null = null;
  /** Bytes the worker's socket still had to write (its writableLength) at its last report. */
  backlog = 0;
  /** Bytes written here that the worker has not yet reported taking. */
  inFlight = 0;
  /** write() copies the bytes: the caller may reuse its buffer at once (Server.flush). */
  readonly copiesWrites = true;
  /** The link's turn in which this connection last got a reply to its own input (WorkerLink.ran). */
  ranTurn = -1;
  private corked = false;
  /** What CLIENT LIST prints as fd= (the worker's socket). */
  readonly _handle: { fd: number };
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;

  constructor(
    private readonly link: WorkerLink,
    readonly id: number,
    info: OpenInfo,
  ) {
    super();
    this.remoteAddress = info.ra;
    this.remotePort = info.rp;
    this.localAddress = info.la;
    this.localPort = info.lp;
    this._handle = { fd: info.fd };
  }

  /** Reply bytes not yet written to the kernel (output-buffer limits, CLIENT LIST omem). */
  get writableLength(): number {
    return this.backlog + this.inFlight;
  }

  /** Copies the bytes into the worker's next batch (the caller may reuse its buffer at once). */
  write(data: Buffer | string, cb?: () => void): boolean {
    if (this.destroyed || this.writableEnded) return false;
    const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    if (b.length > 0) {
      this.link.write(this, b);
      this.inFlight += b.length;
      if (!this.corked) this.link.stats.writes++;
    }
    if (cb) queueMicrotask(cb);
    return true;
  }

  end(data?: Buffer | string | (() => void), cb?: () => void): this {
    if (typeof data === 'function') {
      cb = data;
      data = undefined;
    }
    if (data !== undefined) this.write(data);
    if (!this.writableEnded && !this.destroyed) {
      this.writableEnded = true;
      this.link.op(DownOp.End, this);
    }
    if (cb) queueMicrotask(cb);
    return this;
  }

  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.link.op(DownOp.Destroy, this);
    process.nextTick(() => this.emit('close', false));
    return this;
  }

  destroySoon(): void {
    this.destroy();
  }

  /** The worker's socket closed. */
  remoteClosed(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close', false);
  }

  cork(): void {
    this.corked = true;
  }
  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.link.stats.writes++;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  isPaused(): boolean {
    return false;
  }
}

/**
 * The Client's parser under io-threads-do-reads: commands come parsed from the worker. Main's
 * read loop (Server.onData → processInput) uses it exactly like a RequestParser.
 */
export class ArgvQueue extends RequestParser {
  private q: string[][] = [];
  private head = 0;
  private protoError: string | null = null;
  private overflow = false;
  /** The command just returned was parsed as unauthenticated: the worker waits for word. */
  private releaseDue = false;
  constructor(
    private readonly link: WorkerLink,
    private readonly id: number,
    /** The auth state the worker's parser has for this connection. */
    private sentAuth: boolean,
  ) {
    super({ maxBulkLen: 0 });
  }

  /**
   * Bytes of the commands waiting here (their RESP size, near enough): what Redis's query
   * buffer would hold, so client-query-buffer-limit bounds a client that pipelines faster than
   * it is served (a blocked client, a slow main thread) as it does without threads.
   */
  private queued = 0;

  /** Queues a command the worker parsed; `bytes` is its approximate RESP size. */
  push(argv: string[], bytes: number): void {
    this.q.push(argv);
    this.queued += bytes;
  }

  failWith(error: string): void {
    this.protoError = error;
  }

  setOverflow(): void {
    this.overflow = true;
  }

  override get pending(): number {
    return this.overflow ? Infinity : this.queued;
  }

  override get capacity(): number {
    return 0;
  }

  override feed(): void {}

  override next(): string[] | null {
    // The worker holds a connection after each command it parsed as unauthenticated, until main
    // ran it (this call comes after it ran) and says whether the limits still apply.
    if (this.authRequired !== this.sentAuth || this.releaseDue) {
      this.releaseDue = false;
      this.sentAuth = this.authRequired;
      this.link.auth(this.id, this.authRequired);
    }
    if (this.head < this.q.length) {
      const argv = this.q[this.head]!;
      if (this.sentAuth) this.releaseDue = true;
      this.q[this.head++] = EMPTY;
      if (this.head === this.q.length) {
        this.q = [];
        this.head = 0;
        this.queued = 0;
      } else this.queued -= commandBytes(argv);
      return argv;
    }
    if (this.protoError !== null) this.error = this.protoError;
    return null;
  }

  override reset(): void {
    this.queued = 0;
    this.q = [];
    this.head = 0;
  }
}

const EMPTY: string[] = [];

/** The approximate RESP size of a command (each argument's $<len> header counted as 8 bytes). */
function commandBytes(argv: string[]): number {
  let n = 8;
  for (let i = 0; i < argv.length; i++) n += argv[i]!.length + 8;
  return n;
}
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };
/** Zeros handed to Server.onData for a worker-parsed read: only its length (stats) is used. */
let zeros = Buffer.alloc(64 * 1024);

/** One worker and its connections. */
class WorkerLink {
  readonly conns = new Map<number, RemoteSocket>();
  /**
   * The turn's output ops, in two lists: `ran` for the connections that got a reply to their own
   * input this turn (from their first write made while that input ran, on), `m` for everything
   * else (pub/sub messages, unblocked clients' replies, invalidations, CLIENT KILL). The worker
   * gets `m` first: whatever a command did to other connections is written before its own reply
   * (the worker writes one batch in one go). A connection moves from `m` to `ran` at most once
   * per turn, never back, so its own order holds.
   */
  private m: number[] = [];
  private ran: number[] = [];
  /** The connection whose input is running (its 'data' event), else null. */
  private running: RemoteSocket | null = null;
  /** Turns ended so far (RemoteSocket.ranTurn). */
  turn = 0;
  private readonly out = new OutBuffer();
  exited: Promise<void>;
  private byeResolve: (() => void) | null = null;
  /**
   * A turn is open: a batch from the worker ran in this event-loop iteration and its end (a
   * setImmediate, after the ones its commands scheduled) has not come yet.
   */
  private inTurn = false;
  /** Batches that arrived while a turn was open: they run together when it ends. */
  private deferred: Batch[] = [];
  /** The pending end of the turn, which posts its output. */
  private endTimer: NodeJS.Immediate | null = null;
  /** close() was called: the worker's exit is expected. */
  closed = false;

  constructor(
    readonly worker: Worker,
    private readonly host: IoHost,
    private readonly doReads: boolean,
    readonly stats: IoStats,
    /** Called after each batch from the worker (settings may have changed). */
    private readonly afterBatch: () => void,
  ) {
    this.exited = new Promise((r) => worker.once('exit', () => r()));
    worker.on('message', (msg: Batch | Control) => {
      if (msg.t === 'b') {
        if (this.inTurn) this.deferred.push(msg);
        else {
          this.inTurn = true;
          this.runBatch(msg);
          this.endTurnLater(true);
        }
      } else if (msg.t === 'bye') this.byeResolve?.();
    });
  }

  /*
   * Turns. Redis runs what one epoll_wait reported, then beforeSleep (blocked clients served,
   * BCAST invalidations, pending writes), then polls again; the suite relies on a client's next
   * command, sent after it read a reply, landing in a later iteration than the one that replied
   * (e.g. "Tracking NOLOOP mode in BCAST mode" expects two invalidation messages). The worker's
   * batch is one of its poll results; main's setImmediate work is beforeSleep. But Node's
   * MessagePort keeps dispatching messages that arrive while it drains its queue, so a batch
   * caused by this turn's replies could run before this turn's setImmediates. Hence: one batch
   * per turn; batches arriving meanwhile run together at the turn's end. The end also posts the
   * turn's output as one batch, after the setImmediates, so the worker writes everything one turn
   * produced (replies, pub/sub messages, unblocked clients' replies) in one go, as beforeSleep's
   * handleClientsWithPendingWrites does.
   */

  private runBatch(b: Batch): void {
    this.onBatch(b);
    this.afterBatch();
  }

  /**
   * Makes sure the turn's end is scheduled; `last`: (re)schedule it after every setImmediate
   * registered so far (after a batch ran: the ones its commands registered).
   */
  private endTurnLater(last: boolean): void {
    if (this.endTimer !== null) {
      if (!last) return;
      clearImmediate(this.endTimer);
    }
    this.endTimer = setImmediate(this.endTurn);
  }

  private readonly endTurn = (): void => {
    this.endTimer = null;
    if (this.closed) return;
    this.send();
    // Every turn, also one without output (a BLPOP that blocked must not count as having run in
    // the turn that unblocks it).
    this.turn++;
    this.inTurn = false;
    if (this.deferred.length === 0) return;
    const q = this.deferred;
    this.deferred = [];
    this.inTurn = true;
    for (let i = 0; i < q.length; i++) this.runBatch(q[i]!);
    this.endTurnLater(true);
  };

  /** Posts new parser settings (ahead of the batch under construction). */
  settings(settings: WorkerSettings): void {
    this.worker.postMessage({ t: 'settings', settings } satisfies Control);
  }

  /** The list the connection's next op goes to (see `ran`). */
  private listFor(s: RemoteSocket): number[] {
    if (s === this.running) s.ranTurn = this.turn;
    return s.ranTurn === this.turn ? this.ran : this.m;
  }

  write(s: RemoteSocket, b: Buffer): void {
    const at = this.out.reserve(b.length);
    b.copy(this.out.buf!, at);
    this.listFor(s).push(DownOp.Write, s.id, at, b.length);
    this.schedule();
  }

  auth(id: number, required: boolean): void {
    const s = this.conns.get(id);
    (s !== undefined ? this.listFor(s) : this.m).push(DownOp.Auth, id, required ? 1 : 0);
    this.schedule();
  }

  op(op: DownOp, s: RemoteSocket): void {
    this.listFor(s).push(op, s.id);
    this.schedule();
  }

  // Output is posted at the end of the turn (see Turns), also when it comes from a timer or a
  // unix-socket client.
  private schedule(): void {
    if (this.endTimer === null) this.endTurnLater(false);
  }

  send(): void {
    const a = this.m;
    const b = this.ran;
    if (a.length === 0 && b.length === 0) return;
    const d = this.out.take();
    let m: Int32Array<ArrayBuffer>;
    if (a.length === 0) m = Int32Array.from(b);
    else if (b.length === 0) m = Int32Array.from(a);
    else {
      m = new Int32Array(a.length + b.length);
      m.set(a);
      m.set(b, a.length);
    }
    const msg: Batch = { t: 'b', m, d };
    a.length = 0;
    b.length = 0;
    this.worker.postMessage(msg, d ? [d, m.buffer] : [m.buffer]);
  }

  private onBatch(b: Batch): void {
    const ops = b.m;
    const data = b.d ? Buffer.from(b.d) : null;
    for (let i = 0; i < ops.length; ) {
      const op = ops[i]!;
      const id = ops[i + 1]!;
      if (op === UpOp.Data) {
        const off = ops[i + 2]!;
        const len = ops[i + 3]!;
        i += 4;
        const s = this.conns.get(id);
        this.stats.reads++;
        if (s !== undefined && !s.destroyed) {
          this.running = s;
          try {
            s.emit('data', data!.subarray(off, off + len));
          } finally {
            this.running = null;
          }
        }
      } else if (op === UpOp.Open) {
        const info = b.o![ops[i + 2]!]!;
        i += 3;
        const s = new RemoteSocket(this, id, info);
        if (this.doReads) s.queue = new ArgvQueue(this, id, info.au);
        this.conns.set(id, s);
        this.host.accept(s as unknown as net.Socket, false);
      } else if (op === UpOp.Argv) {
        const off = ops[i + 2]!;
        const argc = ops[i + 3]!;
        i += 4;
        const s = this.conns.get(id);
        if (s === undefined || s.destroyed) {
          i += argc;
          continue;
        }
        const argv = new Array<string>(argc);
        let p = off;
        for (let k = 0; k < argc; k++) {
          const len = ops[i++]!;
          argv[k] = (data as Latin1Buffer).latin1Slice(p, p + len);
          p += len;
        }
        s.queue!.push(argv, p - off + 8 * argc + 8);
      } else if (op === UpOp.Read) {
        const n = ops[i + 2]!;
        i += 3;
        const s = this.conns.get(id);
        this.stats.reads++;
        if (s === undefined || s.destroyed) continue;
        if (n > zeros.length) zeros = Buffer.alloc(n);
        this.running = s;
        try {
          s.emit('data', zeros.subarray(0, n));
        } finally {
          this.running = null;
        }
      } else if (op === UpOp.ProtoError) {
        const text = b.s![ops[i + 2]!]!;
        i += 3;
        this.conns.get(id)?.queue?.failWith(text);
      } else if (op === UpOp.QueryOverflow) {
        i += 2;
        this.conns.get(id)?.queue?.setOverflow();
      } else if (op === UpOp.Close) {
        i += 2;
        const s = this.conns.get(id);
        if (s !== undefined) {
          this.conns.delete(id);
          s.remoteClosed();
        }
      } else {
        const n = ops[i + 2]!;
        const acked = ops[i + 3]!;
        i += 4;
        const s = this.conns.get(id);
        if (s !== undefined) {
          s.backlog = n;
          s.inFlight -= acked;
        }
      }
    }
  }

  /** Asks the worker to listen again (IoThreads.rebind); resolves with its 'listening' report. */
  rebind(binds: WorkerInit['binds']): Promise<{ port: number; host: string }> {
    return new Promise((resolve, reject) => {
      const onMsg = (msg: Batch | Control): void => {
        if (msg.t === 'listening') {
          this.worker.off('message', onMsg);
          resolve(msg);
        } else if (msg.t === 'error') {
          this.worker.off('message', onMsg);
          const err = new Error(msg.message) as NodeJS.ErrnoException;
          if (msg.code) err.code = msg.code;
          reject(err);
        }
      };
      this.worker.on('message', onMsg);
      this.worker.postMessage({ t: 'rebind', binds } satisfies Control);
    });
  }

  /**
   * The worker died (an uncaught exception, out of memory): its sockets are gone with it, so every
   * connection is closed on main too (the clients are freed, as when a peer disconnects).
   */
  lost(): void {
    this.closed = true;
    if (this.endTimer !== null) clearImmediate(this.endTimer);
    this.deferred = [];
    const socks = [...this.conns.values()];
    this.conns.clear();
    for (const s of socks) s.remoteClosed();
  }

  /** Sends what is pending, asks the worker to close its sockets, and waits for it to exit. */
  async close(): Promise<void> {
    this.send();
    this.closed = true;
    if (this.endTimer !== null) clearImmediate(this.endTimer);
    const bye = new Promise<void>((r) => (this.byeResolve = r));
    this.worker.postMessage({ t: 'shutdown' } satisfies Control);
    const timer = new Promise<void>((r) => setTimeout(r, 1500).unref());
    await Promise.race([bye, timer, this.exited]);
    await this.worker.terminate();
    for (const s of this.conns.values()) s.remoteClosed();
    this.conns.clear();
  }
}

/** The running I/O thread. */
export class IoThreads {
  private readonly links: WorkerLink[] = [];
  port = 0;
  host = '127.0.0.1';
  /** INFO io_threaded_reads_processed / io_threaded_writes_processed. */
  readonly stats: IoStats = { reads: 0, writes: 0 };
  private settings: WorkerSettings;
  private closed = false;
  private readonly afterBatch = (): void => this.syncSettings();

  private constructor(private readonly server: IoHost) {
    this.settings = currentSettings(server);
  }

  /**
   * Starts the worker listening on `binds` ('*', '-::*', addresses, as the bind config) and
   * `port` (0: ephemeral). Resolves once it listens; rejects like listen() would. `workers` (N-1
   * of io-threads N) is not used: one worker owns every socket (see the top of this file).
   */
  static async start(server: IoHost, workers: number, binds: string[], port: number, opts: { keepAliveMs: number; doReads: boolean }): Promise<IoThreads> {
    void workers;
    const io = new IoThreads(server);
    const spec = bindSpec(binds.length === 0 ? ['*', '-::*'] : binds, port);
    const first = await io.spawn({ binds: spec, settings: io.settings, ...opts });
    io.port = first.port;
    io.host = first.host;
    // CONFIG SET from outside a worker's batch (unix socket, embedding API); requirepass and ACL
    // changes from worker connections are caught after their batch.
    for (const name of ['proto-max-bulk-len', 'client-query-buffer-limit', 'requirepass']) server.config.onChange(name, io.afterBatch);
    return io;
  }

  /**
   * Sends the parser settings to every worker if one changed. Runs after each batch, i.e. before
   * the batch's replies go out (they are posted from a microtask), so a client that saw CONFIG
   * SET's +OK never reaches a worker with the old limits.
   */
  syncSettings(): void {
    if (this.closed) return;
    const s = this.settings;
    const h = this.server;
    const auth = h.authRequired();
    if (s.maxBulkLen === h.protoLimits.maxBulkLen && s.queryBufferLimit === h.queryBufferLimit && s.authRequired === auth) return;
    this.settings = { maxBulkLen: h.protoLimits.maxBulkLen, queryBufferLimit: h.queryBufferLimit, authRequired: auth };
    for (const l of this.links) l.settings(this.settings);
  }

  private async spawn(init: WorkerInit): Promise<{ port: number; host: string }> {
    this.init = init;
    const worker = createWorker(init);
    const link = new WorkerLink(worker, this.server, init.doReads, this.stats, this.afterBatch);
    this.links.push(link);
    let started = false;
    // After start-up an error is the worker dying (its 'exit' follows): never silent.
    worker.on('error', (err: Error) => {
      if (started) this.server.log.warn(`I/O thread failed: ${err.stack ?? err.message}`);
    });
    worker.once('exit', (code: number) => {
      if (started && !link.closed) this.replace(link, code);
    });
    return new Promise((resolve, reject) => {
      const onMsg = (msg: Batch | Control): void => {
        if (msg.t === 'listening') {
          worker.off('message', onMsg);
          started = true;
          resolve(msg);
        } else if (msg.t === 'error') {
          worker.off('message', onMsg);
          const err = new Error(msg.message) as NodeJS.ErrnoException;
          if (msg.code) err.code = msg.code;
          void link.close().then(() => reject(err));
        }
      };
      worker.on('message', onMsg);
      worker.once('error', (err) => {
        if (!started) reject(err);
      });
    });
  }

  /** The last start-up data (a replacement worker listens where the lost one did). */
  private init: WorkerInit | null = null;

  /**
   * The worker exited without being asked to: its connections are closed (their sockets died
   * with it) and a new worker listens on the same addresses, so the server stays reachable.
   */
  private replace(link: WorkerLink, code: number): void {
    this.server.log.warn(`I/O thread exited unexpectedly (exit code ${code}); closing its ${link.conns.size} connection(s) and starting a new one`);
    link.lost();
    const i = this.links.indexOf(link);
    if (i >= 0) this.links.splice(i, 1);
    if (this.closed || this.init === null) return;
    const binds = this.init.binds.map((b) => ({ ...b, port: b.port === 0 ? this.port : b.port }));
    this.spawn({ ...this.init, binds, settings: this.settings }).catch((err: Error) => this.server.log.warn(`I/O thread could not be restarted: ${err.message}`));
  }

  /**
   * CONFIG SET port/bind: the worker closes its listeners (connections stay) and listens on the
   * new addresses; no binds means no TCP listener. Resolves with the bound port.
   */
  async rebind(binds: string[], port: number): Promise<number> {
    const spec = bindSpec(binds, port);
    const first = await this.links[0]!.rebind(spec);
    if (this.init !== null) this.init = { ...this.init, binds: spec.map((b) => ({ ...b, port: b.port === 0 ? first.port : b.port })) };
    if (binds.length > 0) {
      this.port = first.port;
      this.host = first.host;
    }
    return binds.length > 0 ? first.port : port;
  }

  /** Number of connections the worker owns (for tests and INFO). */
  get connections(): number {
    let n = 0;
    for (const l of this.links) n += l.conns.size;
    return n;
  }

  /** Worker threads running (1: see the top of this file). */
  get threads(): number {
    return this.links.length;
  }

  /** Stops the worker (its connections are closed after their pending replies). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.links.map((l) => l.close()));
  }
}

function currentSettings(h: IoHost): WorkerSettings {
  return { maxBulkLen: h.protoLimits.maxBulkLen, queryBufferLimit: h.queryBufferLimit, authRequired: h.authRequired() };
}

function bindSpec(binds: string[], port: number): WorkerInit['binds'] {
  return binds.map((b) => {
    const optional = b.startsWith('-');
    let host = optional ? b.slice(1) : b;
    if (host === '*') host = '0.0.0.0';
    else if (host === '::*') host = '::';
    return { host, port, optional };
  });
}

let bundled: string | null = null;

/**
 * The worker runs dist/io-threads/worker.js. When running from the TypeScript sources (vitest),
 * there is no .js next to this file: the worker is bundled in memory with esbuild once.
 */
function createWorker(init: WorkerInit): Worker {
  const js = path.join(__dirname, 'worker.js');
  if (fs.existsSync(js)) return new Worker(js, { workerData: init });
  if (bundled === null) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    const r = esbuild.buildSync({ entryPoints: [path.join(__dirname, 'worker.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, target: 'node20' });
    bundled = r.outputFiles[0]!.text;
  }
  return new Worker(bundled, { eval: true, workerData: init });
}
