/**
 * replication/replication.ts — the primary side of replication (replication.c): replication ids
 * and offsets, the backlog, attached replicas (full and partial resynchronisation, ACKs, PINGs),
 * WAIT bookkeeping, and the INFO replication fields. The replica side (the link to a primary)
 * lives in replica-link.ts; both share this state object (server.ext 'replication').
 *
 * Full sync is "diskless" from the replica's point of view only in framing: the RDB is produced
 * synchronously with the snapshot writer (persistence/snapshot.ts SaveJob) at the current
 * offset, so the stream that follows it needs no buffering. It is sent as `$<len>\r\n<rdb>`,
 * or as `$EOF:<40 bytes>\r\n<rdb><40 bytes>` when the replica said `capa eof` and
 * repl-diskless-sync is yes (as Redis 7.0 does).
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Server } from '../server';
import type { Client } from '../protocol/client';
import { ClientFlag } from '../protocol/client';
import { SaveJob } from '../persistence/snapshot';
import { installFeed, respArgv } from './feed';
import { ReplicaLink } from './replica-link';

export const enum ReplState {
  WaitBgsave = 'wait_bgsave',
  SendBulk = 'send_bulk',
  Online = 'online',
}

/** An attached replica (a client that sent SYNC/PSYNC). */
export interface ReplicaInfo {
  c: Client;
  listeningPort: number;
  ip: string;
  capaEof: boolean;
  capaPsync2: boolean;
  state: ReplState;
  ackOffset: number;
  ackTime: number;
}

let tmpSeq = 0;

function randomHex(n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

export class Replication {
  replid = randomHex(40);
  replid2 = '0'.repeat(40);
  /** master_repl_offset: bytes of stream produced (primary) or processed (replica). */
  offset = 0;
  secondReplOffset = -1;
  /** The backlog: null until the first replica attaches (createReplicationBacklog). */
  private backlog: string[] | null = null;
  backlogHist = 0;
  /** The db the stream last SELECTed (-1: the next command re-selects). */
  private seldb = -1;
  readonly replicas: ReplicaInfo[] = [];
  /** Per-client state before PSYNC (REPLCONF listening-port / capa). */
  readonly pending = new Map<Client, { port: number; ip: string; capaEof: boolean; capaPsync2: boolean }>();
  link: ReplicaLink | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  lastPing = Date.now();
  /** WAIT clients: resolved from the cron/ACKs. */
  readonly waiters: { c: Client; num: number; offset: number; deadline: number }[] = [];

  constructor(readonly server: Server) {}

  install(): void {
    const s = this.server;
    installFeed(s, {
      active: () => this.backlog !== null,
      emit: (dbid, r) => this.feed(dbid, r),
    });
    const iv = s.hooks.infoValues;
    iv.set('connected_slaves', () => this.connectedLines());
    iv.set('master_replid', () => this.replid);
    iv.set('master_replid2', () => this.replid2);
    iv.set('master_repl_offset', () => this.offset);
    iv.set('second_repl_offset', () => this.secondReplOffset);
    iv.set('repl_backlog_active', () => (this.backlog !== null ? 1 : 0));
    iv.set('repl_backlog_first_byte_offset', () => (this.backlog !== null ? this.offset - this.backlogHist + 1 : 0));
    iv.set('repl_backlog_histlen', () => this.backlogHist);
    iv.set('role', () => (this.link !== null ? 'slave' + this.link.infoLines() : 'master'));
    s.hooks.clientClosed.push((c) => this.clientGone(c));
    // READONLY replicas (processCommand's check); the master client is exempt.
    s.commandFilters.push((c, cmd) => {
      if (
        this.link !== null &&
        cmd.isWrite &&
        (c.flags & ClientFlag.Master) === 0 &&
        s.config.bool('replica-read-only')
      ) {
        return "READONLY You can't write against a read only replica.";
      }
      return null;
    });
    // replicaof in the config file / command line: connect once listening.
    s.startupTasks.push(() => {
      const v = s.config.str('replicaof');
      const m = /^(\S+) (\d+)$/.exec(v);
      if (m !== null) this.startLink(m[1]!, Number(m[2]));
    });
    this.pingTimer = setInterval(() => this.cron(), 100);
    this.pingTimer.unref();
    s.shutdownHooks.push(() => {
      if (this.pingTimer !== null) clearInterval(this.pingTimer);
      this.pingTimer = null;
      this.link?.stop();
    });
  }

  /** Points the server at a new primary (replicationSetMaster). */
  startLink(host: string, port: number): void {
    const s = this.server;
    this.link?.stop();
    // Our own replicas must resync with the new history: drop them (disconnectSlaves).
    for (const rep of [...this.replicas]) s.freeClient(rep.c);
    s.isReplica = true;
    this.link = new ReplicaLink(s, this, host, port);
    this.link.start();
  }

  /** INFO: "connected_slaves:N" plus the slaveN lines (the value printed after the field name). */
  private connectedLines(): string {
    let n = 0;
    let lines = '';
    const now = Date.now();
    for (const r of this.replicas) {
      lines += `\r\nslave${n}:ip=${r.ip},port=${r.listeningPort},state=${r.state},offset=${r.ackOffset},lag=${Math.floor((now - r.ackTime) / 1000)}`;
      n++;
    }
    return String(n) + lines;
  }

  // -------------------------------------------------------------------------------------------
  // The stream

  /** Appends to the backlog and sends to online replicas (replicationFeedSlaves). */
  feed(dbid: number, r: string): void {
    if (this.backlog === null) return;
    if (dbid >= 0 && dbid !== this.seldb) {
      const sel = respArgv(['SELECT', String(dbid)]);
      this.seldb = dbid;
      this.append(sel);
    }
    this.append(r);
  }

  private append(r: string): void {
    const bl = this.backlog!;
    bl.push(r);
    this.backlogHist += r.length;
    this.offset += r.length;
    const size = this.server.config.num('repl-backlog-size');
    while (bl.length > 1 && this.backlogHist - bl[0]!.length >= size) {
      this.backlogHist -= bl.shift()!.length;
    }
    for (const rep of this.replicas) {
      if (rep.state !== ReplState.Online) continue;
      rep.c.writer?.raw(r);
      this.server.queueFlush(rep.c);
    }
  }

  private createBacklog(): void {
    if (this.backlog !== null) return;
    this.backlog = [];
    this.backlogHist = 0;
    this.seldb = -1;
    // A new history: a fresh replid (changeReplicationId + clearReplicationId2), as Redis when
    // it creates the backlog with no replicas ever attached.
    if (this.offset === 0) {
      this.replid = randomHex(40);
      this.replid2 = '0'.repeat(40);
      this.secondReplOffset = -1;
    }
  }

  /** Backlog bytes from `from` (1-based stream offset) to the end, or null if not covered. */
  private backlogFrom(from: number): string | null {
    if (this.backlog === null) return null;
    const first = this.offset - this.backlogHist + 1;
    if (from < first || from > this.offset + 1) return null;
    let skip = from - first;
    let out = '';
    for (const chunk of this.backlog) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      out += skip > 0 ? chunk.slice(skip) : chunk;
      skip = 0;
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Replicas

  replconf(c: Client, key: string, val: string): void {
    let p = this.pending.get(c);
    if (p === undefined) {
      p = { port: 0, ip: '', capaEof: false, capaPsync2: false };
      this.pending.set(c, p);
    }
    if (key === 'listening-port') p.port = Number(val);
    else if (key === 'ip-address') p.ip = val;
    else if (key === 'capa') {
      if (val.toLowerCase() === 'eof') p.capaEof = true;
      else if (val.toLowerCase() === 'psync2') p.capaPsync2 = true;
    }
  }

  /** REPLCONF ACK <offset>: no reply. */
  ack(c: Client, off: number): void {
    const r = this.replicas.find((x) => x.c === c);
    if (r === undefined) return;
    if (off > r.ackOffset) r.ackOffset = off;
    r.ackTime = Date.now();
    if (this.waiters.length > 0) this.checkWaiters();
  }

  /**
   * PSYNC replid offset (or SYNC: replid null). Tries a partial resync from the backlog, else
   * a full one. Writes everything to the client's writer.
   */
  sync(c: Client, replid: string | null, from: number): void {
    const s = this.server;
    const p = this.pending.get(c) ?? { port: 0, ip: '', capaEof: false, capaPsync2: false };
    this.pending.delete(c);
    let ip = p.ip;
    if (ip === '') {
      const a = c.addr;
      ip = a.startsWith('[') ? a.slice(1, a.lastIndexOf(']')) : a.slice(0, a.lastIndexOf(':'));
    }
    const info: ReplicaInfo = {
      c,
      listeningPort: p.port,
      ip,
      capaEof: p.capaEof,
      capaPsync2: p.capaPsync2,
      state: ReplState.WaitBgsave,
      ackOffset: 0,
      ackTime: Date.now(),
    };
    c.flags |= ClientFlag.Replica;
    const w = c.writer;
    if (w === null) return;
    // Partial resynchronisation (masterTryPartialResynchronization).
    if (replid !== null && this.backlog !== null) {
      const idOk = replid === this.replid || (replid === this.replid2 && from <= this.secondReplOffset);
      const tail = idOk ? this.backlogFrom(from) : null;
      if (tail !== null) {
        w.raw(p.capaPsync2 ? `+CONTINUE ${this.replid}\r\n` : '+CONTINUE\r\n');
        w.raw(tail);
        info.state = ReplState.Online;
        info.ackOffset = from - 1;
        this.replicas.push(info);
        s.log.warn(`Partial resynchronization request from ${c.addr} accepted. Sending ${tail.length} bytes of backlog starting from offset ${from}.`);
        return;
      }
    }
    this.createBacklog();
    // Full resync. SYNC (old protocol) gets no +FULLRESYNC line.
    if (replid !== null) w.raw(`+FULLRESYNC ${this.replid} ${this.offset}\r\n`);
    const rdb = this.snapshot();
    if (p.capaEof && s.config.bool('repl-diskless-sync')) {
      const mark = randomHex(40);
      w.raw(`$EOF:${mark}\r\n`);
      w.rawBuffer(rdb);
      w.raw(mark);
    } else {
      w.raw(`$${rdb.length}\r\n`);
      w.rawBuffer(rdb);
    }
    // The next write re-selects its db, as after a fresh sync.
    this.seldb = -1;
    info.state = ReplState.Online;
    this.replicas.push(info);
    s.log.warn(`Synchronization with replica ${c.addr} succeeded`);
  }

  /** The dataset as an RDB (the snapshot writer, run to completion). */
  private snapshot(): Buffer {
    const file = path.join(os.tmpdir(), `respite-repl-${process.pid}-${++tmpSeq}.rdb`);
    const job = new SaveJob(this.server, file, false);
    try {
      job.begin();
      while (!job.step(Infinity));
      job.finish();
      return fs.readFileSync(file);
    } catch (e) {
      job.abort();
      throw e;
    } finally {
      try {
        fs.unlinkSync(file);
      } catch {
        /* gone */
      }
    }
  }

  private clientGone(c: Client): void {
    this.pending.delete(c);
    const i = this.replicas.findIndex((x) => x.c === c);
    if (i >= 0) {
      this.replicas.splice(i, 1);
      this.server.log.warn(`Connection with replica ${c.addr} lost.`);
    }
    for (let j = this.waiters.length - 1; j >= 0; j--) if (this.waiters[j]!.c === c) this.waiters.splice(j, 1);
  }

  /** Replicas whose acknowledged offset reached `off` (replicationCountAcksByOffset). */
  countAcks(off: number): number {
    let n = 0;
    for (const r of this.replicas) if (r.state === ReplState.Online && r.ackOffset >= off) n++;
    return n;
  }

  /** Asks replicas for an ACK (REPLCONF GETACK *), as WAIT does before blocking. */
  requestAcks(): void {
    if (this.backlog === null) return;
    const r = respArgv(['REPLCONF', 'GETACK', '*']);
    // GETACK is part of the stream (it counts in the offset), with no SELECT.
    this.append(r);
  }

  checkWaiters(): void {
    const now = Date.now();
    for (let j = 0; j < this.waiters.length; j++) {
      const wt = this.waiters[j]!;
      const n = this.countAcks(wt.offset);
      if (n >= wt.num || (wt.deadline > 0 && now >= wt.deadline)) {
        this.waiters.splice(j--, 1);
        this.finishWait(wt.c, n);
      }
    }
  }

  /** Set by commands/replication.ts: replies to an unblocked WAIT client. */
  finishWait: (c: Client, n: number) => void = () => {};

  private cron(): void {
    const now = Date.now();
    const period = this.server.config.num('repl-ping-replica-period') * 1000;
    if (this.replicas.length > 0 && now - this.lastPing >= period) {
      this.lastPing = now;
      this.append(respArgv(['PING']));
    }
    if (this.waiters.length > 0) this.checkWaiters();
    this.link?.cron(now);
  }
}

/** The server's Replication state (created on first use). */
export function replicationOf(s: Server): Replication {
  let r = s.ext.get('replication') as Replication | undefined;
  if (r === undefined) {
    r = new Replication(s);
    s.ext.set('replication', r);
    r.install();
  }
  return r;
}
