/**
 * blocking.ts — clients blocked on keys (blocked.c): BLPOP & co. for lists, and the same
 * machinery for sorted sets (BZPOPMIN/BZPOPMAX/BZMPOP) and streams (XREAD/XREADGROUP BLOCK).
 *
 * How it works (the Redis 7.0 model):
 *  - A blocking command that finds no data calls `block(c, keys, deadline, handler, state)`: the
 *    client gets ClientFlag.Blocked (Server.processInput then stops running its pipelined
 *    commands) and is appended to `db.blockingKeys[key]` for every key (FIFO queues).
 *  - A write that adds data to a list/zset/stream key calls `server.signalKeyAsReady(db, key)`
 *    (and Database.setKey does it for a new key of those types, like Redis's dbAdd): the key is
 *    queued once in the ready list.
 *  - After the current top-level command finishes (a whole MULTI/EXEC or script counts as one),
 *    `handleClientsBlockedOnKeys()` walks the ready keys. For each, the waiters are offered the
 *    key's value in the order they blocked; a waiter whose handler type matches the value's type
 *    gets `handler.serve()` called, which does the command's work and replies (or returns false to
 *    keep waiting, e.g. a stream that has no entries newer than the requested id). Serving can
 *    make other keys ready (BLMOVE pushes): the loop runs until no key is ready.
 *  - A served client is unblocked: its reply is flushed and its pipelined input is processed on
 *    the next turn of the event loop (processUnblockedClients in beforeSleep).
 *  - Deadlines (fractional seconds; 0 = forever) are checked by a timer armed for the earliest
 *    one; a timed-out client gets the handler's timeout reply (null array by default).
 *  - CLIENT UNBLOCK (server.hooks.unblockClient), disconnects (hooks.clientClosed) and
 *    blocked_clients for INFO (`blockedClients`) are handled here too.
 *
 * Commands refuse to block when `mayBlock(c)` is false (inside MULTI/EXEC or a script): they then
 * reply as on timeout, immediately.
 */
import { performance } from 'node:perf_hooks';
import { slowlogPushUnblocked } from './slowlog';
import { E, ReplyError } from './errors';
import { ClientFlag, type Client } from './protocol/client';
import type { Database, TypedValue } from './db/database';
import type { Command } from './commands/registry';
import type { Server } from './server';

/** The value type a waiter can be served from. */
export type BlockedType = 'list' | 'zset' | 'stream';

/**
 * What a blocking command registers: how to serve a waiter when one of its keys is ready.
 * One handler object per command (module-level constant), the per-call data goes in `state`.
 */
export interface BlockHandler<S = unknown> {
  readonly type: BlockedType;
  /**
   * Called with the key's current value (its type is `type`, and it is not empty unless the
   * type allows that, e.g. streams). Does the command's work against it and replies, returning
   * true; or returns false to keep waiting. `c` is the blocked client (its db, resp…). May throw
   * ReplyError: the error becomes the reply and the client is unblocked.
   */
  serve(c: Client, key: string, value: TypedValue, state: S): boolean;
  /**
   * Optional: called when a ready key no longer exists or has another type (XREADGROUP unblocks
   * with an error then). Return true after replying to unblock the client.
   */
  keyGone?(c: Client, key: string, state: S): boolean;
  /** Optional: the reply on timeout / CLIENT UNBLOCK TIMEOUT. Default: null array. */
  timeout?(c: Client, state: S): void;
}

/** Per-client blocking state (c.blockState while ClientFlag.Blocked is set). */
export interface BlockState {
  readonly db: Database;
  readonly keys: readonly string[];
  /** Absolute deadline in ms (server clock), 0 = forever. */
  readonly deadline: number;
  readonly handler: BlockHandler<unknown>;
  readonly state: unknown;
  /** The command that blocked (for commandstats on unblock). */
  readonly cmd: Command | null;
}

interface ReadyKey {
  db: Database;
  key: string;
}

export class Blocking {
  /** Clients currently blocked on keys (INFO clients blocked_clients). */
  blockedClients = 0;
  private readyKeys: ReadyKey[] = [];
  private readonly readySets = new Map<Database, Set<string>>();
  /** Blocked clients that have a deadline (INFO clients_in_timeout_table). */
  private readonly withDeadline = new Set<Client>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private unblocked: Client[] = [];
  private reprocessScheduled = false;
  private handleScheduled = false;
  private handling = false;

  constructor(private readonly server: Server) {
    server.hooks.keyReady = (db, key) => this.signalKeyAsReady(db, key);
    server.hooks.clientClosed.push((c) => {
      if (c.flags & ClientFlag.Blocked) this.unblock(c, false);
    });
    server.hooks.unblockClient = (c, error) => this.unblockClientExternally(c, error);
    server.hooks.infoValues.set('clients_in_timeout_table', () => this.withDeadline.size);
    server.shutdownHooks.push(() => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    });
  }

  /** After a top-level command: serve the clients blocked on keys it readied. */
  afterCommand(): void {
    if (this.readyKeys.length !== 0 && this.server.current === null) this.handleClientsBlockedOnKeys();
  }

  /** Clients blocked with a deadline (INFO clients_in_timeout_table). */
  get clientsInTimeoutTable(): number {
    return this.withDeadline.size;
  }

  /** False inside MULTI/EXEC and scripts (CLIENT_DENY_BLOCKING): commands must not block there. */
  mayBlock(c: Client): boolean {
    return (c.flags & (ClientFlag.DenyBlocking | ClientFlag.Multi | ClientFlag.Script)) === 0;
  }

  /**
   * Blocks the client on the given keys (blockForKeys). The command must not have replied.
   * Duplicate keys are registered once. `deadline` is an absolute ms time or 0 for forever.
   */
  block<S>(c: Client, keys: readonly string[], deadline: number, handler: BlockHandler<S>, state: S): void {
    const db = c.db;
    const uniq: string[] = [];
    for (const k of keys) {
      if (uniq.indexOf(k) >= 0) continue;
      uniq.push(k);
      let q = db.blockingKeys.get(k);
      if (q === undefined) db.blockingKeys.set(k, (q = []));
      q.push(c);
    }
    const bs: BlockState = { db, keys: uniq, deadline, handler: handler as BlockHandler<unknown>, state, cmd: c.cmd };
    c.blockState = bs;
    c.flags |= ClientFlag.Blocked;
    this.blockedClients++;
    if (deadline > 0) {
      this.withDeadline.add(c);
      this.armTimer(deadline);
    }
  }

  /**
   * Queues a key that got data, if some client waits on it (signalKeyAsReady). Handled after the
   * current command; if no command is running (timers, expiry), on the next event-loop turn.
   */
  signalKeyAsReady(db: Database, key: string): void {
    if (!db.blockingKeys.has(key)) return;
    let set = this.readySets.get(db);
    if (set === undefined) this.readySets.set(db, (set = new Set()));
    if (set.has(key)) return;
    set.add(key);
    this.readyKeys.push({ db, key });
    if (this.server.current === null && !this.handling && !this.handleScheduled) {
      this.handleScheduled = true;
      setImmediate(() => {
        this.handleScheduled = false;
        if (this.server.current === null) this.handleClientsBlockedOnKeys();
      });
    }
  }

  /**
   * Signals every key of `db` that has waiters and holds a value (SWAPDB, FLUSHALL-style
   * mass changes: scanDatabaseForReadyKeys).
   */
  scanDatabaseForReadyKeys(db: Database): void {
    for (const key of db.blockingKeys.keys()) {
      if (db.dict.has(key)) this.signalKeyAsReady(db, key);
    }
  }

  /** Serves the clients blocked on the ready keys, until no key is ready. */
  handleClientsBlockedOnKeys(): void {
    if (this.handling) return;
    this.handling = true;
    const server = this.server;
    try {
      while (this.readyKeys.length !== 0) {
        const list = this.readyKeys;
        this.readyKeys = [];
        for (const { db, key } of list) {
          this.readySets.get(db)?.delete(key);
          server.now = server.clock();
          const waiters = db.blockingKeys.get(key) as Client[] | undefined;
          if (waiters === undefined) continue;
          let value = db.lookup(key);
          const snapshot = waiters.slice();
          for (const r of snapshot) {
            const bs = r.blockState as BlockState | null;
            if (bs === null || (r.flags & ClientFlag.Blocked) === 0 || bs.db !== db) continue;
            const h = bs.handler;
            if (value !== undefined && typeof value !== 'string' && value.type === h.type) {
              this.serveWaiter(r, bs, key, value);
              value = db.lookup(key);
              if (value === undefined) break;
            } else if (h.keyGone !== undefined) {
              // The key is gone or holds another type (XREADGROUP waiters fail then).
              this.keyGoneWaiter(r, bs, key);
            }
          }
        }
      }
    } finally {
      this.handling = false;
    }
  }

  private serveWaiter(r: Client, bs: BlockState, key: string, value: TypedValue): void {
    const server = this.server;
    const prev = server.current;
    server.current = r;
    const errorsBefore = server.stats.totalErrorReplies;
    const t0 = performance.now();
    const hook = server.hooks.serveBlocked;
    if (hook !== null) hook(r, bs.cmd, key, false);
    let served: boolean;
    try {
      served = bs.handler.serve(r, key, value, bs.state);
    } catch (e) {
      if (!(e instanceof ReplyError)) throw e;
      r.reply.error(e.line);
      served = true;
    } finally {
      if (hook !== null) hook(r, bs.cmd, key, true);
    }
    server.current = prev;
    // updateStatsOnUnblock: the served command enters the slow log with its execution time only.
    if (served && bs.cmd !== null) slowlogPushUnblocked(server, r, bs.cmd, (performance.now() - t0) * 1000);
    if (served) this.finish(r, bs, server.stats.totalErrorReplies !== errorsBefore);
  }

  private keyGoneWaiter(r: Client, bs: BlockState, key: string): void {
    const server = this.server;
    const prev = server.current;
    server.current = r;
    const errorsBefore = server.stats.totalErrorReplies;
    const served = bs.handler.keyGone!(r, key, bs.state);
    server.current = prev;
    if (served) this.finish(r, bs, server.stats.totalErrorReplies !== errorsBefore);
  }

  /** Served / timed out: stats (updateStatsOnUnblock), unblock, flush, reprocess input. */
  private finish(c: Client, bs: BlockState, hadErrors: boolean): void {
    if (hadErrors && bs.cmd !== null) bs.cmd.failedCalls++;
    this.unblock(c, true);
  }

  /** Times out every blocked client whose deadline is ≤ now (handleBlockedClientsTimeout). */
  checkTimeouts(now: number = this.server.clock()): void {
    if (this.withDeadline.size === 0) return;
    let expired: Client[] | null = null;
    for (const c of this.withDeadline) {
      const bs = c.blockState as BlockState | null;
      if (bs !== null && bs.deadline <= now) (expired ??= []).push(c);
    }
    if (expired === null) return;
    for (const c of expired) {
      const bs = c.blockState as BlockState | null;
      if (bs === null || (c.flags & ClientFlag.Blocked) === 0) continue;
      this.replyTimeout(c, bs);
      this.finish(c, bs, false);
    }
  }

  private replyTimeout(c: Client, bs: BlockState): void {
    if (bs.handler.timeout) bs.handler.timeout(c, bs.state);
    else c.reply.nullArray();
  }

  /**
   * CLIENT UNBLOCK: replies as on timeout, or with the UNBLOCKED error, and unblocks. Returns
   * false when the client is not blocked on keys.
   */
  unblockClientExternally(c: Client, error: boolean): boolean {
    const bs = c.blockState as BlockState | null;
    if ((c.flags & ClientFlag.Blocked) === 0 || bs === null) return false;
    if (error) c.reply.error(E.unblocked);
    else this.replyTimeout(c, bs);
    this.unblock(c, true);
    return true;
  }

  /**
   * Removes the client from every key queue and the timeout table, clears Blocked (unblockClient).
   * When `reprocess`, its reply is flushed and its pending input runs on the next tick.
   */
  unblock(c: Client, reprocess: boolean): void {
    const bs = c.blockState as BlockState | null;
    if (bs !== null) {
      for (const k of bs.keys) {
        const q = bs.db.blockingKeys.get(k);
        if (q === undefined) continue;
        const i = q.indexOf(c);
        if (i >= 0) q.splice(i, 1);
        if (q.length === 0) bs.db.blockingKeys.delete(k);
      }
    }
    c.blockState = null;
    if (c.flags & ClientFlag.Blocked) {
      c.flags &= ~ClientFlag.Blocked;
      this.blockedClients--;
    }
    this.withDeadline.delete(c);
    if (!reprocess) return;
    this.server.queueFlush(c);
    this.unblocked.push(c);
    if (!this.reprocessScheduled) {
      this.reprocessScheduled = true;
      setImmediate(() => this.processUnblockedClients());
    }
  }

  /** Runs the pipelined input of clients that were unblocked (processUnblockedClients). */
  private processUnblockedClients(): void {
    this.reprocessScheduled = false;
    const list = this.unblocked;
    this.unblocked = [];
    const server = this.server;
    for (const c of list) {
      if (c.parser === null || !server.clients.has(c.id)) continue;
      if (c.flags & ClientFlag.Blocked) continue;
      server.processInput(c);
      server.flush(c);
    }
  }

  private armTimer(deadline: number): void {
    if (this.timer !== null && this.timerAt <= deadline) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = deadline;
    const delay = Math.max(0, deadline - this.server.clock());
    this.timer = setTimeout(() => this.onTimer(), Math.min(delay, 2_000_000_000));
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = null;
    this.timerAt = 0;
    this.checkTimeouts(this.server.clock());
    let next = 0;
    for (const c of this.withDeadline) {
      const bs = c.blockState as BlockState | null;
      if (bs !== null && (next === 0 || bs.deadline < next)) next = bs.deadline;
    }
    if (next !== 0) {
      // With a frozen test clock the deadline may not have passed: poll again a bit later.
      const now = this.server.clock();
      this.armTimer(next <= now ? now + 1 : next);
    }
  }
}

const EXT_KEY = 'blocking';

/**
 * The server's blocking layer. The Server constructor creates it (installing its hooks); later
 * calls return the same instance.
 */
export function blockingOf(server: Server): Blocking {
  let b = server.ext.get(EXT_KEY) as Blocking | undefined;
  if (b === undefined) {
    b = new Blocking(server);
    server.ext.set(EXT_KEY, b);
  }
  return b;
}
