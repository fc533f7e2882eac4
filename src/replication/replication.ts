/**
 * replication/replication.ts — the primary side of replication (replication.c): replication ids
 * and offsets, the backlog, attached replicas (full and partial resynchronisation, ACKs, PINGs),
 * WAIT bookkeeping, and the INFO replication fields. The replica side (the link to a primary)
 * lives in replica-link.ts; both share this state object (server.ext 'replication').
 *
 * Full sync: the RDB is produced by a time-sliced, copy-on-write snapshot job
 * (persistence/snapshot.ts SaveJob) taken at the offset announced in +FULLRESYNC; the stream
 * written meanwhile waits in the replica's `buffered` list. It is sent as `$<len>\r\n<rdb>`,
 * or as `$EOF:<40 bytes>\r\n<rdb><40 bytes>` when the replica said `capa eof` and
 * repl-diskless-sync is yes (as Redis 7.0 does); diskless transfers first wait
 * repl-diskless-sync-delay for more replicas (repl-diskless-sync-max-replicas).
 *
 * Also here: FAILOVER (coordinated hand-over to a replica: writes paused, PSYNC … FAILOVER),
 * the processCommand checks replication adds (NOREPLICAS, READONLY, MASTERDOWN, judged by a
 * script's declared flags), and the repl byte counters / rates of INFO.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { FilterRank, type Server } from '../server';
import type { Client } from '../protocol/client';
import { ClientFlag } from '../protocol/client';
import { SaveJob, scheduleJobTick } from '../persistence/snapshot';
import { E } from '../errors';
import { installFeed, respArgv } from './feed';
import { ReplicaLink } from './replica-link';
import type { Command } from '../commands/registry';
import { ScriptFlag } from '../scripting/lua';
import { parseShebang, type ScriptingState } from '../scripting/state';
import { withStreamDb } from './rdb-aux';
import { pauseClients, unpauseClients, PAUSE_WRITE, PAUSE_OFF } from '../pause';
import { Metric } from '../stats';

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
  /** While the RDB is being produced: the stream written since its snapshot point. */
  buffered: string[] | null;
  /** The time-sliced snapshot job producing this replica's RDB. */
  job: SaveJob | null;
  /** The client's netOutput when it became a replica (what follows is replication output). */
  outBase: number;
  /** PSYNC (gets +FULLRESYNC) rather than SYNC. */
  psync: boolean;
}

let tmpSeq = 0;

function randomHex(n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

function removeDir(d: string): void {
  fs.rmSync(d, { recursive: true, force: true });
}

export class Replication {
  replid = randomHex(40);
  replid2 = '0'.repeat(40);
  /** master_repl_offset: bytes of stream produced (primary) or processed (replica). */
  offset = 0;
  secondReplOffset = -1;
  /** The backlog: null until the first replica attaches (createReplicationBacklog). */
  private backlog: string[] | null = null;
  /** Index of the oldest live chunk in `backlog` (trimmed chunks are compacted in batches). */
  private head = 0;
  backlogHist = 0;
  /** The db the stream last SELECTed (-1: the next command re-selects). */
  private seldb = -1;
  readonly replicas: ReplicaInfo[] = [];
  /** Per-client state before PSYNC (REPLCONF listening-port / capa). */
  readonly pending = new Map<Client, { port: number; ip: string; capaEof: boolean; capaPsync2: boolean }>();
  private replicaLink: ReplicaLink | null = null;
  /** Re-arms the dispatcher check (NOREPLICAS, READONLY, MASTERDOWN); set by install(). */
  private armFilter: () => void = () => {};
  private pingTimer: NodeJS.Timeout | null = null;
  /** FAILOVER (coordinated failover): INFO master_failover_state and its target. */
  failoverState: 'no-failover' | 'waiting-for-sync' | 'failover-in-progress' = 'no-failover';
  private failoverEnd = 0;
  private failoverForce = false;
  private failoverHost: string | null = null;
  private failoverPort = 0;
  /** The pending start of the diskless transfers waiting out repl-diskless-sync-delay. */
  private disklessTimer: NodeJS.Timeout | null = null;
  lastPing = Date.now();
  /** Per client: the stream offset after its last propagated write (client->woff). */
  readonly woff = new WeakMap<Client, number>();
  /** INFO stats: sync_full / sync_partial_ok / sync_partial_err, replication bytes. */
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  replInputBytes = 0;
  /** Bytes written to replicas that are gone (the live ones are counted by their clients). */
  private replOutputRetired = 0;
  private readonly inputRate = new Metric();
  private readonly outputRate = new Metric();
  private lastRateSample = 0;
  /** WAIT clients: resolved from the cron/ACKs. */
  readonly waiters: { c: Client; num: number; offset: number; deadline: number }[] = [];

  constructor(readonly server: Server) {}

  /** The link to our primary while we are a replica. */
  get link(): ReplicaLink | null {
    return this.replicaLink;
  }

  set link(l: ReplicaLink | null) {
    this.replicaLink = l;
    this.armFilter();
  }

  install(): void {
    const s = this.server;
    installFeed(s, {
      active: () => this.backlog !== null && this.link === null,
      emit: (dbid, r) => this.feed(dbid, r),
      wrote: (c) => this.woff.set(c, this.offset),
    });
    // Copy-on-write and FLUSH/SWAPDB sealing for the replicas' snapshot jobs.
    const prevBefore = s.beforeWrite;
    s.beforeWrite = (c, cmd) => {
      if (prevBefore !== null) prevBefore(c, cmd);
      if (this.syncing()) this.copyOut(c, cmd.keyPositions(c.argv));
    };
    s.hooks.dbEmptied.push((db) => {
      for (const rep of this.replicas) rep.job?.seal(db);
    });
    const iv = s.hooks.infoValues;
    iv.set('connected_slaves', () => this.connectedLines());
    iv.set('master_failover_state', () => this.failoverState);
    iv.set('master_replid', () => this.replid);
    iv.set('master_replid2', () => this.replid2);
    iv.set('master_repl_offset', () => this.offset);
    iv.set('second_repl_offset', () => this.secondReplOffset);
    iv.set('repl_backlog_active', () => (this.backlog !== null ? 1 : 0));
    iv.set('repl_backlog_first_byte_offset', () => (this.backlog !== null ? this.offset - this.backlogHist + 1 : 0));
    iv.set('repl_backlog_histlen', () => this.backlogHist);
    iv.set('mem_replication_backlog', () => (this.backlog !== null ? this.backlogHist : 0));
    iv.set('sync_full', () => this.syncFull);
    iv.set('sync_partial_ok', () => this.syncPartialOk);
    iv.set('sync_partial_err', () => this.syncPartialErr);
    iv.set('total_net_repl_input_bytes', () => this.replInputBytes);
    iv.set('total_net_repl_output_bytes', () => this.replOutputBytes);
    iv.set('instantaneous_input_repl_kbps', () => (this.inputRate.value / 1024).toFixed(2));
    iv.set('instantaneous_output_repl_kbps', () => (this.outputRate.value / 1024).toFixed(2));
    iv.set('slave_expires_tracked_keys', () => 0);
    iv.set('role', () => (this.link !== null ? 'slave' + this.link.infoLines() : 'master'));
    s.hooks.clientClosed.push((c) => this.clientGone(c));
    // CLIENT UNBLOCK of a client in WAIT: it replies as on timeout (the replicas that have
    // acknowledged so far), or -UNBLOCKED; other blocked clients are the blocking layer's.
    const prevUnblock = s.hooks.unblockClient;
    s.hooks.unblockClient = (c, error) => {
      const i = this.waiters.findIndex((w) => w.c === c);
      if (i < 0) return prevUnblock !== null ? prevUnblock(c, error) : false;
      const wt = this.waiters.splice(i, 1)[0]!;
      this.finishWait(c, error ? null : this.countAcks(wt.offset));
      return true;
    };
    // processCommand's replication checks, in its order: NOREPLICAS, READONLY, MASTERDOWN.
    // Scripts and functions that declare flags are judged by them (getCommandFlags).
    // min-replicas-to-write / min-replicas-max-lag are kept here, read on change.
    let min = 0;
    let lag = 0;
    const readMin = (): void => {
      min = s.config.num('min-replicas-to-write');
      lag = s.config.num('min-replicas-max-lag');
      this.armFilter();
    };
    // The check is armed while it can reject something: as a replica, or with min-replicas set.
    const filter = (c: Client, cmd: Command): string | null => {
      const link = this.link;
      if (link === null && (min <= 0 || lag <= 0)) return null;
      if ((c.flags & ClientFlag.Master) !== 0) return null;
      let f = commandReplFlags(c, cmd, c.argv);
      // EXEC: a write when a queued command is, deny-stale when a queued command is.
      if (cmd.name === 'exec' && cmd.parent === null && c.multiState !== null) {
        for (const q of c.multiState.commands) {
          const qf = commandReplFlags(c, q.cmd, q.argv);
          f |= qf & F_WRITE;
          if ((qf & F_STALE) === 0) f &= ~F_STALE;
        }
      }
      if (link === null) return (f & F_WRITE) !== 0 && this.goodReplicas(lag) < min ? E.noReplicas : null;
      if ((f & F_WRITE) !== 0 && s.config.bool('replica-read-only')) return E.readonlyReplica;
      // (Scripts without a shebang keep EVAL's stale flag: scriptPrepareForRun refuses them.)
      if ((f & F_STALE) === 0 && link.state !== 'connected' && !s.config.bool('replica-serve-stale-data')) return E.masterDown;
      return null;
    };
    this.armFilter = () => s.setCommandFilter(FilterRank.Replication, filter, this.link !== null || (min > 0 && lag > 0));
    s.config.onChange('min-replicas-to-write', readMin);
    s.config.onChange('min-replicas-max-lag', readMin);
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
      if (this.disklessTimer !== null) clearTimeout(this.disklessTimer);
      this.disklessTimer = null;
      this.link?.stop();
    });
  }

  /** Points the server at a new primary (replicationSetMaster). */
  startLink(host: string, port: number): void {
    const s = this.server;
    this.link?.stop();
    // Our own replicas must resync with the new history: drop them (disconnectSlaves).
    this.dropReplicas();
    s.isReplica = true;
    // CONFIG GET replicaof (and CONFIG REWRITE) reflect the current primary, as in Redis.
    this.setConfig(`${host} ${port}`);
    this.link = new ReplicaLink(s, this, host, port);
    this.link.start();
  }

  /**
   * REPLICAOF NO ONE (replicationUnsetMaster): the link goes, the history continues under a new
   * replid (the old one stays valid for PSYNC up to this offset as replid2), and our replicas
   * reconnect and continue.
   */
  unsetMaster(why: string): void {
    const s = this.server;
    if (this.link === null) return;
    this.link.stop();
    this.link = null;
    this.setConfig('no one');
    s.isReplica = false;
    this.replid2 = this.replid;
    this.secondReplOffset = this.offset + 1;
    this.replid = randomHex(40);
    this.dropReplicas();
    s.log.warn(`MASTER MODE enabled (${why})`);
  }

  /** The attached replica listening on host:port (findReplica). */
  private findReplica(host: string, port: number): ReplicaInfo | undefined {
    return this.replicas.find((r) => r.ip.toLowerCase() === host.toLowerCase() && r.listeningPort === port);
  }

  /**
   * FAILOVER [TO host port [FORCE]] [TIMEOUT ms]: writes are paused until a replica (the
   * target, or any) acknowledged the whole stream; then this primary becomes a replica of it
   * with PSYNC … FAILOVER, which makes the target the primary. Returns an error text or null.
   */
  startFailover(host: string | null, port: number, timeoutMs: number, force: boolean): string | null {
    const s = this.server;
    if (this.failoverState !== 'no-failover') return 'ERR FAILOVER already in progress.';
    if (this.link !== null) return 'ERR FAILOVER is not valid when server is a replica.';
    if (this.replicas.length === 0) return 'ERR FAILOVER requires connected replicas.';
    if (force && (timeoutMs === 0 || host === null)) return 'ERR FAILOVER with force option requires both a timeout and target HOST and IP.';
    if (host !== null) {
      const r = this.findReplica(host, port);
      if (r === undefined) return 'ERR FAILOVER target HOST and PORT is not a replica.';
      if (r.state !== ReplState.Online) return 'ERR FAILOVER target replica is not online.';
      this.failoverHost = host;
      this.failoverPort = port;
      s.log.warn(`FAILOVER requested to ${host}:${port}.`);
    } else {
      s.log.warn('FAILOVER requested to any replica.');
    }
    this.failoverEnd = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    this.failoverForce = force;
    this.failoverState = 'waiting-for-sync';
    pauseClients(s, Number.MAX_SAFE_INTEGER, PAUSE_WRITE, 'failover');
    this.requestAcks();
    return null;
  }

  /** updateFailoverStatus (cron): hands over once the target caught up, or times out. */
  private updateFailover(now: number): void {
    if (this.failoverState !== 'waiting-for-sync') return;
    if (this.failoverEnd !== 0 && this.failoverEnd <= now) {
      if (this.failoverForce) {
        this.server.log.warn(`FAILOVER to ${this.failoverHost}:${this.failoverPort} time out exceeded, failing over.`);
        this.handOver();
      } else {
        this.abortFailover('Replica never caught up before timeout');
      }
      return;
    }
    let target: ReplicaInfo | undefined;
    if (this.failoverHost !== null) {
      target = this.findReplica(this.failoverHost, this.failoverPort);
    } else {
      target = this.replicas.find((r) => r.ackOffset === this.offset);
      if (target !== undefined) {
        this.failoverHost = target.ip;
        this.failoverPort = target.listeningPort;
      }
    }
    if (target !== undefined && target.ackOffset === this.offset) {
      this.server.log.warn(`Failover target ${this.failoverHost}:${this.failoverPort} is synced, failing over.`);
      this.handOver();
    }
  }

  private handOver(): void {
    this.failoverState = 'failover-in-progress';
    this.startLink(this.failoverHost!, this.failoverPort);
    this.link!.failover = true;
  }

  /** The target answered our PSYNC FAILOVER: it is the primary now (clearFailoverState). */
  failoverDone(): void {
    this.clearFailover();
  }

  /** abortFailover: back to being a primary if we had started following the target. */
  abortFailover(why: string): void {
    if (this.failoverState === 'no-failover') return;
    const to = this.failoverHost !== null ? `${this.failoverHost}:${this.failoverPort}` : 'any replica';
    this.server.log.warn(`FAILOVER to ${to} aborted: ${why}`);
    if (this.failoverState === 'failover-in-progress') this.unsetMaster('failover aborted');
    this.clearFailover();
  }

  private clearFailover(): void {
    this.failoverState = 'no-failover';
    this.failoverEnd = 0;
    this.failoverForce = false;
    this.failoverHost = null;
    this.failoverPort = 0;
    unpauseClients(this.server, 'failover');
  }

  /** Stores the replicaof config value ('no one' clears it); a bad host leaves it unchanged. */
  setConfig(v: string): void {
    try {
      this.server.config.set('replicaof', v);
    } catch {
      /* e.g. a host with spaces: CONFIG GET keeps the previous value */
    }
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
    // min_slaves_good_slaves when min-replicas-to-write is active.
    const min = this.server.config.num('min-replicas-to-write');
    const lag = this.server.config.num('min-replicas-max-lag');
    if (min > 0 && lag > 0) lines = `\r\nmin_slaves_good_slaves:${this.goodReplicas(lag)}` + lines;
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
    let h = this.head;
    while (bl.length - h > 1 && this.backlogHist - bl[h]!.length >= size) {
      this.backlogHist -= bl[h]!.length;
      bl[h++] = '';
    }
    if (h > 1024 && h * 2 > bl.length) {
      bl.splice(0, h);
      h = 0;
    }
    this.head = h;
    for (const rep of this.replicas) {
      if (rep.state !== ReplState.Online) {
        if (rep.buffered !== null) rep.buffered.push(r);
        continue;
      }
      rep.c.writer?.raw(r);
      this.server.queueFlush(rep.c);
    }
  }

  /** A replica: its primary's stream bytes, applied already; kept and passed on to our replicas. */
  proxy(r: string): void {
    if (this.backlog === null) this.createBacklog();
    this.append(r);
  }

  /**
   * A replica after a full sync: the history restarts at the primary's offset (our own replicas
   * must resync: they are dropped).
   */
  resetBacklog(offset: number): void {
    this.dropReplicas();
    this.backlog = [];
    this.head = 0;
    this.backlogHist = 0;
    this.offset = offset;
  }

  /** Disconnects every replica (they reconnect and PSYNC). */
  dropReplicas(): void {
    for (const rep of [...this.replicas]) this.server.freeClient(rep.c);
  }

  private createBacklog(): void {
    if (this.backlog !== null) return;
    this.backlog = [];
    this.head = 0;
    this.backlogHist = 0;
    this.seldb = -1;
    // A new history: a fresh replid (changeReplicationId + clearReplicationId2), as Redis when
    // it creates the backlog with no replicas ever attached.
    if (this.offset === 0 && this.link === null) {
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
    const bl = this.backlog;
    for (let i = this.head; i < bl.length; i++) {
      const chunk = bl[i]!;
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

  /** True while some replica's RDB is being produced. */
  private syncing(): boolean {
    for (const rep of this.replicas) if (rep.job !== null) return true;
    return false;
  }

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
    if (r.state === ReplState.SendBulk) this.putOnline(r);
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
      buffered: null,
      job: null,
      outBase: c.netOutput,
      psync: replid !== null,
    };
    c.flags |= ClientFlag.Replica;
    const w = c.writer;
    if (w === null) return;
    // Partial resynchronisation (masterTryPartialResynchronization).
    if (replid !== null && this.backlog !== null) {
      const idOk = replid === this.replid || (replid === this.replid2 && from <= this.secondReplOffset);
      const tail = idOk ? this.backlogFrom(from) : null;
      if (tail === null) {
        if (replid !== '') this.syncPartialErr++;
      } else {
        this.syncPartialOk++;
        w.raw(p.capaPsync2 ? `+CONTINUE ${this.replid}\r\n` : '+CONTINUE\r\n');
        w.raw(tail);
        info.state = ReplState.Online;
        info.ackOffset = from - 1;
        this.replicas.push(info);
        s.log.warn(`Partial resynchronization request from ${c.addr} accepted. Sending ${tail.length} bytes of backlog starting from offset ${from}.`);
        return;
      }
    }
    if (replid !== null && replid !== '' && this.backlog === null) this.syncPartialErr++;
    this.syncFull++;
    this.createBacklog();
    this.replicas.push(info);
    // A diskless transfer waits repl-diskless-sync-delay seconds for more replicas to arrive
    // (or until repl-diskless-sync-max-replicas are waiting), as Redis does; meanwhile the
    // replica is in wait_bgsave and receives nothing.
    const delay = s.config.num('repl-diskless-sync-delay');
    if (!(info.capaEof && s.config.bool('repl-diskless-sync')) || delay <= 0) {
      this.startFullSync(info);
      return;
    }
    const max = s.config.num('repl-diskless-sync-max-replicas');
    if (max > 0 && this.waitingStart().length >= max) {
      this.startWaiting();
      return;
    }
    if (this.disklessTimer === null) {
      this.disklessTimer = setTimeout(() => this.startWaiting(), delay * 1000);
      this.disklessTimer.unref();
    }
  }

  /** Replicas that wait for their full sync to start (diskless sync delay). */
  private waitingStart(): ReplicaInfo[] {
    return this.replicas.filter((r) => r.state === ReplState.WaitBgsave && r.job === null && r.buffered === null);
  }

  private startWaiting(): void {
    if (this.disklessTimer !== null) clearTimeout(this.disklessTimer);
    this.disklessTimer = null;
    for (const r of this.waitingStart()) this.startFullSync(r);
  }

  /**
   * Starts a replica's full sync: +FULLRESYNC with the current offset, and the snapshot taken
   * at this point (time-sliced, copy-on-write: see persistence/snapshot.ts); the stream from
   * here on waits in `buffered` until the RDB is sent.
   */
  private startFullSync(info: ReplicaInfo): void {
    const s = this.server;
    const c = info.c;
    const w = c.writer;
    if (w === null || c.socket === null || c.socket.destroyed) return;
    // SYNC (old protocol) gets no +FULLRESYNC line.
    if (info.psync) w.raw(`+FULLRESYNC ${this.replid} ${this.offset}\r\n`);
    s.queueFlush(c);
    // The db the stream has selected at this point: written into the RDB (repl-stream-db). A
    // primary re-selects on its next write anyway; a replica proxies its primary's stream.
    const streamDb = this.link !== null ? this.link.streamDb() : 0;
    this.seldb = -1;
    info.buffered = [];
    // A directory per transfer: SaveJob names its temp file after the pid, and transfers to
    // several replicas run at the same time.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `respite-repl-${process.pid}-${++tmpSeq}-`));
    const file = path.join(dir, 'sync.rdb');
    const job = new SaveJob(s, file, true);
    info.job = job;
    try {
      job.begin();
    } catch (e) {
      job.abort();
      removeDir(dir);
      s.log.warn(`Can't produce the RDB for replica ${c.addr}: ${(e as Error).message}`);
      s.freeClient(c);
      return;
    }
    s.log.warn(`Starting BGSAVE for SYNC with target: replicas sockets`);
    const tick = (): void => {
      if (info.job !== job) {
        removeDir(dir); // aborted (the replica went away)
        return;
      }
      let rdb: Buffer;
      try {
        if (!job.step(1)) {
          // Paced by rdb-key-save-delay on a timer, as BGSAVE is (never a busy loop).
          scheduleJobTick(job, tick);
          return;
        }
        job.finish();
        rdb = withStreamDb(fs.readFileSync(file), streamDb);
        removeDir(dir);
      } catch (e) {
        job.abort();
        info.job = null;
        s.log.warn(`RDB for replica ${c.addr} failed: ${(e as Error).message}`);
        removeDir(dir);
        s.freeClient(c);
        return;
      }
      info.job = null;
      this.sendRdb(info, rdb);
    };
    setImmediate(tick);
  }

  /** Sends the finished RDB and the stream buffered meanwhile; the replica is online. */
  private sendRdb(info: ReplicaInfo, rdb: Buffer): void {
    const s = this.server;
    const w = info.c.writer;
    if (w === null || info.c.socket === null || info.c.socket.destroyed) return;
    info.state = ReplState.SendBulk;
    if (info.capaEof && s.config.bool('repl-diskless-sync')) {
      // The replica finds the end of an EOF-marked payload by the mark being the last bytes
      // it read: the stream waits for its first REPLCONF ACK (repl_start_cmd_stream_on_ack).
      const mark = randomHex(40);
      w.raw(`$EOF:${mark}\r\n`);
      w.rawBuffer(rdb);
      w.raw(mark);
      s.queueFlush(info.c);
      return;
    }
    w.raw(`$${rdb.length}\r\n`);
    w.rawBuffer(rdb);
    this.putOnline(info);
  }

  /** Sends the buffered stream; the replica is online from now on (replicaPutOnline). */
  private putOnline(info: ReplicaInfo): void {
    const s = this.server;
    const w = info.c.writer;
    if (w === null) return;
    for (const r of info.buffered ?? []) w.raw(r);
    info.buffered = null;
    info.state = ReplState.Online;
    info.ackTime = Date.now();
    s.queueFlush(info.c);
    s.log.warn(`Synchronization with replica ${info.c.addr} succeeded`);
  }

  /** Copy-on-write for the replicas' snapshot jobs (call()'s beforeWrite). */
  private copyOut(c: Client, keys: number[]): void {
    for (const rep of this.replicas) {
      const job = rep.job;
      if (job === null) continue;
      for (const p of keys) job.copyOut(c.db, c.argv[p]!);
    }
  }

  private clientGone(c: Client): void {
    if (c.flags & ClientFlag.Master) {
      this.link?.clientGone(c);
      return;
    }
    this.pending.delete(c);
    const i = this.replicas.findIndex((x) => x.c === c);
    if (i >= 0) {
      this.replOutputRetired += c.netOutput - this.replicas[i]!.outBase;
      const job = this.replicas[i]!.job;
      if (job !== null) job.abort();
      this.replicas[i]!.job = null; // its tick sees this and removes the transfer's directory
      this.replicas.splice(i, 1);
      this.server.log.warn(`Connection with replica ${c.addr} lost.`);
    }
    for (let j = this.waiters.length - 1; j >= 0; j--) if (this.waiters[j]!.c === c) this.waiters.splice(j, 1);
  }

  /** total_net_repl_output_bytes: what the replicas' sockets were given since they attached. */
  get replOutputBytes(): number {
    let n = this.replOutputRetired;
    for (const r of this.replicas) n += r.c.netOutput - r.outBase;
    return n;
  }

  /** Online replicas whose last ACK is at most `lag` seconds old. */
  goodReplicas(lag: number): number {
    const now = Date.now();
    let n = 0;
    for (const r of this.replicas) if (r.state === ReplState.Online && Math.floor((now - r.ackTime) / 1000) <= lag) n++;
    return n;
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

  /** Set by commands/replication.ts: replies to an unblocked WAIT client (null: -UNBLOCKED). */
  finishWait: (c: Client, n: number | null) => void = () => {};

  private cron(): void {
    const now = Date.now();
    if (now - this.lastRateSample >= 100) {
      this.lastRateSample = now;
      this.inputRate.sample(now, this.replInputBytes);
      this.outputRate.sample(now, this.replOutputBytes);
    }
    const period = this.server.config.num('repl-ping-replica-period') * 1000;
    this.updateFailover(now);
    // No PINGs while a FAILOVER with a timeout holds writes (the offset must stay put).
    const holding = this.failoverEnd !== 0 && this.server.pauseType !== PAUSE_OFF;
    if (this.replicas.length > 0 && now - this.lastPing >= period && !holding) {
      this.lastPing = now;
      this.append(respArgv(['PING']));
    }
    if (this.waiters.length > 0) this.checkWaiters();
    // Replicas that stopped acknowledging (they ACK every second) time out.
    const timeout = this.server.config.num('repl-timeout') * 1000;
    for (const r of [...this.replicas]) {
      if (r.state === ReplState.Online && now - r.ackTime > timeout) {
        this.server.log.warn(`Disconnecting timedout replica: ${r.c.addr}`);
        this.server.freeClient(r.c);
      }
    }
    this.link?.cron(now);
  }
}

/** commandReplFlags bits: may write, may run on a stale replica. */
const F_WRITE = 1;
const F_STALE = 2;
const SCRIPT_RUNNERS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/**
 * The write / stale flags processCommand sees for a command (getCommandFlags): a script or
 * function that declares flags replaces EVAL/FCALL's own (no-writes clears write, allow-stale
 * sets stale: scriptFlagsToCmdFlags); a script without a shebang keeps the command's flags.
 */
function commandReplFlags(c: Client, cmd: Command, argv: readonly string[]): number {
  let f = (cmd.isWrite ? F_WRITE : 0) | (cmd.stale ? F_STALE : 0);
  if (cmd.parent !== null || !SCRIPT_RUNNERS.has(cmd.name)) return f;
  const st = c.server.ext.get('scripting') as ScriptingState | undefined;
  let flags: number | undefined;
  if (cmd.name.startsWith('fcall')) {
    flags = st?.functions.get(argv[1] ?? '')?.flags;
  } else {
    const sha = cmd.name.startsWith('evalsha');
    const arg = argv[1] ?? '';
    flags = sha ? (arg.length === 40 ? st?.scripts.get(arg.toLowerCase())?.flags : undefined) : undefined;
    if (flags === undefined && !sha) {
      if (!arg.startsWith('#!')) return f;
      try {
        flags = parseShebang(arg).flags;
      } catch {
        return f; // EVAL itself replies with the shebang error
      }
    }
  }
  if (flags === undefined) return f;
  if (flags & ScriptFlag.EvalCompat) return f;
  f = 0;
  if ((flags & ScriptFlag.NoWrites) === 0) f |= F_WRITE;
  if (flags & ScriptFlag.AllowStale) f |= F_STALE;
  return f;
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
