/**
 * protocol/client.ts — per-connection state (Redis's `client` struct) and the command context
 * handlers receive. A Client may have no socket: scripts and in-process tests use such clients.
 *
 * Owns: the request parser, the reply writer, selected db, protocol version, name, auth state,
 * flags (MULTI, blocked, pubsub, close-after-reply…), and per-client statistics.
 */
import type { Socket } from 'node:net';
import type { Database } from '../db/database';
import type { Command } from '../commands/registry';
import type { Server } from '../server';
import { RequestParser } from './parser';
import { RespWriter, type Reply } from './writer';
import type { WatchedKey } from '../multi';
import type { PubsubState } from '../pubsub';
import type { TrackingState } from '../tracking';
import type { DirectOutput } from '../util/socket-write';

export const enum ClientFlag {
  Replica = 1 << 0,
  Master = 1 << 1,
  Monitor = 1 << 2,
  Multi = 1 << 3,
  Blocked = 1 << 4,
  DirtyCas = 1 << 5,
  CloseAfterReply = 1 << 6,
  Script = 1 << 8,
  CloseAsap = 1 << 10,
  UnixSocket = 1 << 11,
  DirtyExec = 1 << 12,
  Pubsub = 1 << 18,
  ReplyOff = 1 << 22,
  ReplySkipNext = 1 << 23,
  ReplySkip = 1 << 24,
  Tracking = 1 << 25,
  NoEvict = 1 << 26,
  NoTouch = 1 << 27,
  ProtocolError = 1 << 28,
  DenyBlocking = 1 << 29,
}

export class Client {
  readonly id: number;
  argv: string[] = [];
  /** The command being executed (or last executed). */
  cmd: Command | null = null;
  lastCmd: Command | null = null;
  db: Database;
  reply: Reply;
  readonly writer: RespWriter | null;
  readonly parser: RequestParser | null;
  flags = 0;
  resp = 2;
  name = '';
  libName = '';
  libVer = '';
  user = 'default';
  authenticated: boolean;
  readonly createdAt: number;
  lastInteraction: number;
  /** "ip:port" of the peer and of the local end, or the unix socket path. */
  addr = '';
  laddr = '';
  /** Output-buffer soft-limit bookkeeping: when the soft limit was first exceeded (ms), or 0. */
  obufSoftLimitReachedAt = 0;
  /** Total bytes read from / written to this client. */
  netInput = 0;
  netOutput = 0;
  /** Commands executed by this client. */
  commandsProcessed = 0;
  /** Arbitrary per-feature state (multi queue, blocking state, subscriptions, tracking…). */
  multiState: { commands: { cmd: Command; argv: string[] }[] } | null = null;
  blockState: unknown = null;
  /** WATCHed keys, in WATCH order (multi.ts). */
  watchedKeys: WatchedKey[] | null = null;
  /** Channel/pattern subscriptions (pubsub.ts). */
  pubsub: PubsubState | null = null;
  /** Client-side caching state (tracking.ts). */
  tracking: TrackingState | null = null;
  /** Pending flush registered with the server. */
  flushQueued = false;
  /** Writes straight to the socket's handle (util/socket-write.ts), or null: socket.write(). */
  out: DirectOutput | null = null;
  /** Query-buffer peak since the last cron check (CLIENT LIST qbuf). */
  queryPeak = 0;

  constructor(
    readonly server: Server,
    readonly socket: Socket | null,
    id: number,
    reply?: Reply,
  ) {
    this.id = id;
    this.db = server.dbs[0]!;
    if (reply) {
      this.reply = reply;
      this.writer = null;
      this.parser = null;
    } else {
      this.writer = new RespWriter();
      this.reply = this.writer;
      // io-threads-do-reads: a worker parses; its socket stand-in carries the argv queue.
      this.parser = (socket as { queue?: RequestParser | null } | null)?.queue ?? new RequestParser(server.protoLimits);
    }
    this.reply.onError = (line) => server.stats.countError(line);
    this.authenticated = !server.authRequired();
    this.createdAt = Date.now();
    this.lastInteraction = this.createdAt;
  }

  /** The frozen command time (ms) of the server. */
  get now(): number {
    return this.server.now;
  }

  /** Reply bytes handed to the socket and not yet written (CLIENT LIST omem, output limits). */
  get outputPending(): number {
    if (this.out !== null) return this.out.pending;
    return this.socket !== null ? this.socket.writableLength : 0;
  }

  /** Switches the protocol version for this client's replies. */
  setResp(v: number): void {
    this.resp = v;
    this.reply.resp = v;
  }

  selectDb(index: number): boolean {
    const db = this.server.dbs[index];
    if (db === undefined) return false;
    this.db = db;
    return true;
  }

  /** Convenience for handlers: the client itself (contexts are clients). */
  get client(): Client {
    return this;
  }

  hasFlag(f: ClientFlag): boolean {
    return (this.flags & f) !== 0;
  }
}
