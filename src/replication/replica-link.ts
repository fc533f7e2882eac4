/**
 * replication/replica-link.ts — the replica side (replication.c's connectWithMaster /
 * syncWithMaster / readSyncBulkPayload and the master client): handshake with a primary (real
 * Redis or respite), the RDB transfer (`$<len>` or `$EOF:<mark>`) loaded with the persistence
 * reader, then the command stream applied by a master client whose replies are discarded.
 * Acknowledges its offset every second (REPLCONF ACK) and on GETACK; reconnects after a lost
 * link and asks for a partial resync (PSYNC <replid> <offset+1>). repl-diskless-load decides
 * whether the payload goes through temp-<time>.<pid>.rdb (renamed over dbfilename) or is
 * loaded from memory (swapdb keeping the old data set until the load succeeded). A link made
 * by FAILOVER sends PSYNC … FAILOVER so that the target promotes itself.
 */
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from '../server';
import { Client, ClientFlag } from '../protocol/client';
import { CaptureWriter } from '../protocol/writer';
import { lookupForCall, call } from '../commands/dispatch';
import type { Command } from '../commands/registry';
import { loadRdbBuffer } from '../persistence/snapshot';
import type { Replication } from './replication';
import { respArgv } from './feed';
import { readStreamDb } from './rdb-aux';
import { Database } from '../db/database';
import { scriptingState } from '../scripting/state';

type LinkState = 'connect' | 'connecting' | 'handshake' | 'transfer' | 'connected';

/** Handshake steps, each waiting for one reply line. */
const enum Step {
  Ping,
  Auth,
  Port,
  Ip,
  Capa,
  Psync,
}

export class ReplicaLink {
  state: LinkState = 'connect';
  private socket: net.Socket | null = null;
  private buf: Buffer = Buffer.alloc(0);
  /** Received chunks not yet appended to `buf`, their total size, and the size worth gathering. */
  private chunks: Buffer[] = [];
  private chunksLen = 0;
  private need = 0;
  /** Bytes the partial command at the start of `buf` needs at least (0: unknown). */
  private streamNeed = 0;
  private step = Step.Ping;
  private bulkLen = -1;
  private eofMark: string | null = null;
  private master: Client | null = null;
  private stopped = false;
  private retryAt = 0;
  lastIo = Date.now();
  /** repl-stream-db of the RDB just loaded (-1: none); the db the last master client had. */
  private initialDb = -1;
  private lastDb = 0;
  /** Commands of an open MULTI block of the stream, applied at EXEC. */
  private tx: string[][] | null = null;
  downSince = Date.now();
  everConnected = false;
  private lastAck = 0;
  /**
   * repl-diskless-load: the payload of this full sync goes to a temp file (disabled, or
   * on-empty-db with data present) and is renamed over dbfilename when complete, as Redis does;
   * otherwise it is loaded from memory (swapdb keeps the old data until the load succeeded).
   */
  private tmpFile: string | null = null;
  private tmpFd = -1;
  private tmpWritten = 0;
  private tmpTail = '';
  /** This link is a FAILOVER hand-over: PSYNC carries FAILOVER (the target promotes itself). */
  failover = false;
  /** The offset after the last full command (slave_repl_offset). */


  constructor(
    readonly server: Server,
    readonly repl: Replication,
    readonly host: string,
    readonly port: number,
  ) {}

  start(): void {
    this.connect();
  }

  stop(): void {
    this.discardTmp();
    this.stopped = true;
    this.socket?.destroy();
    this.socket = null;
    this.freeMaster();
  }

  /** The db the master client has selected (repl-stream-db for our own replicas' RDB). */
  streamDb(): number {
    return this.master !== null ? this.master.db.id : this.lastDb;
  }

  private freeMaster(): void {
    this.tx = null;
    const m = this.master;
    if (m !== null) {
      this.lastDb = m.db.id;
      this.master = null;
      this.server.freeClient(m);
    }
  }

  /** The master client was freed (CLIENT KILL): drop the link, reconnect with PSYNC. */
  clientGone(c: Client): void {
    if (c === this.master) {
      this.master = null;
      this.lastDb = c.db.id;
      this.drop();
    }
  }

  private connect(): void {
    if (this.stopped) return;
    this.state = 'connecting';
    this.buf = Buffer.alloc(0);
    this.chunks = [];
    this.chunksLen = 0;
    this.need = 0;
    this.server.log.warn(`Connecting to MASTER ${this.host}:${this.port}`);
    const sock = net.connect({ host: this.host, port: this.port });
    this.socket = sock;
    sock.setNoDelay(true);
    sock.on('connect', () => {
      if (this.socket !== sock) return;
      this.server.log.warn('MASTER <-> REPLICA sync started');
      this.state = 'handshake';
      this.step = Step.Ping;
      this.send(['PING']);
    });
    sock.on('data', (d: Buffer) => {
      if (this.socket !== sock) return;
      this.lastIo = Date.now();
      this.repl.replInputBytes += d.length;
      if (this.tmpFd >= 0 && this.state === 'transfer' && (this.bulkLen >= 0 || this.eofMark !== null)) {
        this.guard(() => this.toDisk(d));
        return;
      }
      // Chunks are gathered only when enough may be there (a big RDB or value would otherwise
      // be re-copied on every chunk: quadratic).
      this.chunks.push(d);
      this.chunksLen += d.length;
      if (this.state === 'transfer' && this.eofMark !== null) {
        if (!this.endsWith(this.eofMark)) return;
      } else if (this.buf.length + this.chunksLen < this.need) return;
      this.buf = this.buf.length === 0 && this.chunks.length === 1 ? d : Buffer.concat([this.buf, ...this.chunks]);
      this.chunks = [];
      this.chunksLen = 0;
      this.guard(() => this.process());
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      if (this.socket !== sock) return;
      this.drop();
    });
  }

  /** Runs `fn` on received data; a failure drops the link (it is retried in a second). */
  private guard(fn: () => void): void {
    try {
      fn();
      if (this.state === 'transfer' && this.bulkLen >= 0 && this.tmpFd < 0) this.need = this.bulkLen;
      else this.need = this.state === 'connected' ? this.streamNeed : 0;
    } catch (e) {
      this.server.log.warn(`Replication error: ${(e as Error).message}`);
      this.drop();
    }
  }

  /** The link is gone: free the master client, try again in a second. */
  private drop(): void {
    this.discardTmp();
    if (this.state === 'connected') {
      this.server.log.warn('Connection with master lost.');
      this.downSince = Date.now();
    }
    this.socket?.destroy();
    this.socket = null;
    this.freeMaster();
    this.state = 'connect';
    this.retryAt = Date.now() + 1000;
  }

  private send(argv: string[]): void {
    this.socket?.write(Buffer.from(respArgv(argv), 'latin1'));
  }

  /** True when the bytes received so far (buf + chunks) end with `mark`. */
  private endsWith(mark: string): boolean {
    const m = mark.length;
    let tail = '';
    for (let i = this.chunks.length - 1; i >= 0 && tail.length < m; i--) {
      const c = this.chunks[i]!;
      tail = c.toString('latin1', Math.max(0, c.length - (m - tail.length))) + tail;
    }
    if (tail.length < m) tail = this.buf.toString('latin1', Math.max(0, this.buf.length - (m - tail.length))) + tail;
    return tail === mark;
  }

  private line(): string | null {
    const i = this.buf.indexOf('\r\n');
    if (i < 0) return null;
    const l = this.buf.toString('latin1', 0, i);
    this.buf = this.buf.subarray(i + 2);
    return l;
  }

  private process(): void {
    while (this.socket !== null) {
      if (this.state === 'handshake') {
        // Primaries send bare newlines as keep-alives while preparing the RDB.
        while (this.buf.length > 0 && this.buf[0] === 0x0a) this.buf = this.buf.subarray(1);
        const l = this.line();
        if (l === null) return;
        // Handshake replies are not replication traffic (total_net_repl_input_bytes).
        this.repl.replInputBytes -= l.length + 2;
        if (l === '') continue;
        this.handshakeReply(l);
      } else if (this.state === 'transfer') {
        if (!this.transfer()) return;
      } else if (this.state === 'connected') {
        this.stream();
        return;
      } else return;
    }
  }

  private handshakeReply(l: string): void {
    const s = this.server;
    switch (this.step) {
      case Step.Ping:
        // -NOAUTH / -NOPERM are accepted here as Redis does; other errors abort.
        if (l[0] === '-' && !l.startsWith('-NOAUTH') && !l.startsWith('-NOPERM') && !l.startsWith('-ERR operation not permitted')) {
          throw new Error(`Error reply to PING from master: '${l}'`);
        }
        if (s.config.str('masterauth')) {
          this.step = Step.Auth;
          const user = s.config.str('masteruser');
          this.send(user ? ['AUTH', user, s.config.str('masterauth')] : ['AUTH', s.config.str('masterauth')]);
          return;
        }
        this.step = Step.Port;
        this.send(['REPLCONF', 'listening-port', String(s.config.num('replica-announce-port') || s.port)]);
        return;
      case Step.Auth:
        if (l[0] === '-') throw new Error(`Unable to AUTH to MASTER: ${l}`);
        this.step = Step.Port;
        this.send(['REPLCONF', 'listening-port', String(s.config.num('replica-announce-port') || s.port)]);
        return;
      case Step.Port: {
        const ip = s.config.str('replica-announce-ip');
        if (ip) {
          this.step = Step.Ip;
          this.send(['REPLCONF', 'ip-address', ip]);
          return;
        }
        this.step = Step.Capa;
        this.send(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
        return;
      }
      case Step.Ip:
        this.step = Step.Capa;
        this.send(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
        return;
      case Step.Capa: {
        this.step = Step.Psync;
        const r = this.repl;
        const psync = this.everConnected || r.offset > 0 ? ['PSYNC', r.replid, String(r.offset + 1)] : ['PSYNC', '?', '-1'];
        // A primary handing over (FAILOVER) asks the target to become the primary.
        if (this.failover) psync.push('FAILOVER');
        this.send(psync);
        return;
      }
      case Step.Psync: {
        if (l.startsWith('+FULLRESYNC')) {
          const parts = l.split(' ');
          this.repl.replid = parts[1] ?? this.repl.replid;
          this.repl.resetBacklog(Number(parts[2] ?? 0));
          this.repl.replid2 = '0'.repeat(40);
          this.repl.secondReplOffset = -1;
          this.state = 'transfer';
          this.bulkLen = -1;
          this.eofMark = null;
          if (!this.disklessLoad()) this.openTmp();
          s.log.warn(`Full resync from master: ${parts[1]}:${parts[2]}`);
        } else if (l.startsWith('+CONTINUE')) {
          const id = l.slice(10).trim();
          if (id !== '' && id !== this.repl.replid) {
            // The primary changed history: our old id becomes the secondary one.
            this.repl.replid2 = this.repl.replid;
            this.repl.secondReplOffset = this.repl.offset + 1;
            this.repl.replid = id;
            this.repl.dropReplicas();
          }
          s.log.warn('Successful partial resynchronization with master.');
          this.online();
        } else {
          if (this.failover) {
            this.repl.abortFailover('Failover target rejected psync request');
            return;
          }
          throw new Error(`Unexpected reply to PSYNC from master: ${l}`);
        }
        if (this.failover) {
          this.failover = false;
          this.repl.failoverDone();
        }
        return;
      }
    }
  }

  /** Reads the RDB payload; returns true when done (state moved on). */
  private transfer(): boolean {
    if (this.bulkLen < 0 && this.eofMark === null) {
      while (this.buf.length > 0 && this.buf[0] === 0x0a) this.buf = this.buf.subarray(1);
      const l = this.line();
      if (l === null) return false;
      if (l[0] === '-') throw new Error(`MASTER aborted replication with an error: ${l}`);
      if (l.startsWith('$EOF:')) this.eofMark = l.slice(5);
      else this.bulkLen = Number(l.slice(1));
    }
    if (this.tmpFd >= 0) {
      // To disk from here on: what is buffered already, then every chunk as it arrives.
      const rest = this.buf;
      this.buf = Buffer.alloc(0);
      if (rest.length > 0) this.toDisk(rest);
      return this.state !== 'transfer';
    }
    let rdb: Buffer;
    if (this.eofMark !== null) {
      // The payload ends where the mark is the last thing read (the primary sends nothing more
      // until our first ACK).
      const m = this.eofMark.length;
      if (this.buf.length < m || this.buf.toString('latin1', this.buf.length - m) !== this.eofMark) return false;
      rdb = this.buf.subarray(0, this.buf.length - m);
      this.buf = Buffer.alloc(0);
    } else {
      if (this.buf.length < this.bulkLen) return false;
      rdb = this.buf.subarray(0, this.bulkLen);
      this.buf = this.buf.subarray(this.bulkLen);
    }
    const s = this.server;
    const payload = Buffer.from(rdb);
    this.initialDb = readStreamDb(payload);
    if (s.config.str('repl-diskless-load') === 'swapdb') {
      // The old data set waits aside until the new one loaded (swapMainDbWithTempDb); a
      // failed load puts it back.
      s.signalFlushedDb(-1);
      const old = s.dbs.map((db, i) => {
        const t = new Database(i, s);
        db.swapWith(t);
        return t;
      });
      const st = scriptingState(s);
      const oldLibs = [...st.libraries];
      const oldFuncs = [...st.functions];
      st.flushFunctions();
      s.log.warn('MASTER <-> REPLICA sync: Loading DB in memory');
      try {
        loadRdbBuffer(s, payload);
      } catch (e) {
        s.log.warn('MASTER <-> REPLICA sync: Discarding temporary DB in background');
        s.dbs.forEach((db, i) => {
          db.flush();
          db.swapWith(old[i]!);
        });
        st.flushFunctions();
        for (const [k, v] of oldLibs) st.libraries.set(k, v);
        for (const [k, v] of oldFuncs) st.functions.set(k, v);
        throw e;
      }
      s.log.warn('MASTER <-> REPLICA sync: Swapping active DB with loaded DB');
    } else {
      s.log.warn('MASTER <-> REPLICA sync: Flushing old data');
      this.emptyData();
      s.log.warn('MASTER <-> REPLICA sync: Loading DB in memory');
      loadRdbBuffer(s, payload);
    }
    // Diskless: nothing on disk reflects the new data set.
    s.dirty++;
    s.log.warn('MASTER <-> REPLICA sync: Finished with success');
    this.online();
    return true;
  }

  /** emptyData before a full sync: every db and the functions. */
  private emptyData(): void {
    // WATCHers of the old keys fail their EXEC, tracking clients are invalidated.
    this.server.signalFlushedDb(-1);
    for (const db of this.server.dbs) db.flush();
    scriptingState(this.server).flushFunctions();
  }

  /** useDisklessLoad: swapdb, or on-empty-db while the data set is empty. */
  private disklessLoad(): boolean {
    const s = this.server;
    const mode = s.config.str('repl-diskless-load');
    if (mode === 'swapdb') return true;
    if (mode !== 'on-empty-db') return false;
    for (const db of s.dbs) if (db.size > 0) return false;
    return true;
  }

  /** The temp file the payload is written to (temp-<unixtime>.<pid>.rdb in dir). */
  private openTmp(): void {
    const s = this.server;
    const dir = path.resolve(s.config.str('dir') || '.');
    for (let n = 0; n < 5 && this.tmpFd < 0; n++) {
      const f = path.join(dir, `temp-${Math.floor(Date.now() / 1000) + n}.${process.pid}.rdb`);
      try {
        this.tmpFd = fs.openSync(f, 'wx', 0o644);
        this.tmpFile = f;
      } catch {
        /* exists: try the next name */
      }
    }
    if (this.tmpFd < 0) throw new Error('Opening the temp file needed for MASTER <-> REPLICA synchronization failed');
    this.tmpWritten = 0;
    this.tmpTail = '';
  }

  private discardTmp(): void {
    if (this.tmpFd >= 0) {
      try {
        fs.closeSync(this.tmpFd);
      } catch {
        /* closed */
      }
      this.tmpFd = -1;
    }
    if (this.tmpFile !== null) {
      try {
        fs.unlinkSync(this.tmpFile);
      } catch {
        /* gone */
      }
      this.tmpFile = null;
    }
  }

  /** Appends received payload bytes to the temp file; loads it when the payload is complete. */
  private toDisk(d: Buffer): void {
    const fd = this.tmpFd;
    let rest: Buffer | null = null;
    let done = false;
    if (this.eofMark === null) {
      const left = this.bulkLen - this.tmpWritten;
      if (d.length >= left) {
        rest = d.subarray(left);
        d = d.subarray(0, left);
        done = true;
      }
      fs.writeSync(fd, d);
      this.tmpWritten += d.length;
    } else {
      fs.writeSync(fd, d);
      this.tmpWritten += d.length;
      const m = this.eofMark.length;
      this.tmpTail = (this.tmpTail + d.toString('latin1', Math.max(0, d.length - m))).slice(-m);
      if (this.tmpTail === this.eofMark) {
        this.tmpWritten -= m;
        fs.ftruncateSync(fd, this.tmpWritten);
        done = true;
      }
    }
    if (!done) return;
    this.loadTmp();
    if (rest !== null && rest.length > 0) {
      this.buf = Buffer.from(rest);
      this.process();
    }
  }

  /** The payload is on disk: rename it over dbfilename and load it (readSyncBulkPayload). */
  private loadTmp(): void {
    const s = this.server;
    fs.fsyncSync(this.tmpFd);
    fs.closeSync(this.tmpFd);
    this.tmpFd = -1;
    const tmp = this.tmpFile!;
    this.tmpFile = null;
    const target = path.resolve(s.config.str('dir') || '.', s.config.str('dbfilename'));
    s.log.warn('MASTER <-> REPLICA sync: Flushing old data');
    this.emptyData();
    fs.renameSync(tmp, target);
    s.log.warn('MASTER <-> REPLICA sync: Loading DB in memory');
    const payload = fs.readFileSync(target);
    const delSync = s.config.bool('rdb-del-sync-files') && s.config.str('save') === '' && !s.config.bool('appendonly');
    try {
      this.initialDb = readStreamDb(payload);
      loadRdbBuffer(s, payload);
    } finally {
      // A replica without persistence does not keep the master's RDB (rdb-del-sync-files).
      if (delSync) {
        s.log.warn('Removing the RDB file obtained from the master. This replica has persistence disabled');
        fs.rmSync(target, { force: true });
      }
    }
    s.log.warn('MASTER <-> REPLICA sync: Finished with success');
    this.online();
  }

  /** The link is up: create the master client, acknowledge. */
  private online(): void {
    const s = this.server;
    this.state = 'connected';
    this.everConnected = true;

    const c = new Client(s, null, s.allocClientId(), new CaptureWriter(2));
    c.flags |= ClientFlag.Master;
    c.authenticated = true;
    c.addr = `${this.host}:${this.port}`;
    if (this.initialDb > 0) c.selectDb(this.initialDb);
    else if (this.lastDb > 0) c.selectDb(this.lastDb);
    this.initialDb = -1;
    c.laddr = this.socket !== null ? `${this.socket.localAddress ?? '?'}:${this.socket.localPort ?? 0}`.replace('::ffff:', '') : '';
    this.master = c;
    // Listed by CLIENT LIST (flags=M); CLIENT KILL TYPE master drops the link (clientGone).
    s.clients.set(c.id, c);
    this.sendAck();
  }

  sendAck(): void {
    this.lastAck = Date.now();
    this.send(['REPLCONF', 'ACK', String(this.repl.offset)]);
  }

  /** Applies every complete command in the buffer (the master client's processInputBuffer). */
  private stream(): void {
    const buf = this.buf;
    const n = buf.length;
    let p = 0;
    const c = this.master!;
    const w = c.reply as CaptureWriter;
    this.streamNeed = 0;
    for (;;) {
      const start = p;
      if (p >= n) break;
      if (buf[p] === 0x0a) {
        // A bare newline (keep-alive) counts in the offset like any byte.
        p++;
        this.repl.proxy('\n');
        continue;
      }
      if (buf[p] !== 0x2a) throw new Error('Protocol error in the master stream');
      const e = buf.indexOf('\r\n', p);
      if (e < 0) break;
      const argc = Number(buf.toString('latin1', p + 1, e));
      p = e + 2;
      const argv: string[] = [];
      let ok = true;
      for (let i = 0; i < argc; i++) {
        const e2 = p < n ? buf.indexOf('\r\n', p) : -1;
        if (e2 < 0) {
          ok = false;
          break;
        }
        const len = Number(buf.toString('latin1', p + 1, e2));
        if (e2 + 2 + len + 2 > n) {
          // This much of the command must arrive before it is worth looking again.
          this.streamNeed = e2 + 2 + len + 2 - start;
          ok = false;
          break;
        }
        argv.push(buf.toString('latin1', e2 + 2, e2 + 2 + len));
        p = e2 + 2 + len + 2;
      }
      if (!ok) {
        p = start;
        break;
      }
      this.execute(c, argv);
      c.lastInteraction = Date.now();
      this.repl.proxy(buf.toString('latin1', start, p));
      w.values.length = 0;
    }
    this.buf = p >= n ? Buffer.alloc(0) : Buffer.from(buf.subarray(p));
  }

  private execute(c: Client, argv: string[]): void {
    const name = argv[0]!.toLowerCase();
    if (name === 'ping') return;
    // A MULTI … EXEC block is applied at EXEC, in one go (no client sees half of it).
    if (name === 'multi') {
      this.tx = [];
      return;
    }
    if (name === 'exec') {
      const q = this.tx;
      this.tx = null;
      if (q === null || q.length === 0) return;
      // Run as a real transaction (EXEC of the queued commands), so that the replica's own AOF
      // and sub-replicas get the block wrapped in MULTI … EXEC, as on a Redis replica.
      const commands: { cmd: Command; argv: string[] }[] = [];
      for (const a of q) {
        const cmd = lookupForCall(c, a);
        if (cmd !== null) commands.push({ cmd, argv: a });
      }
      c.multiState = { commands };
      c.flags |= ClientFlag.Multi;
      this.run(c, ['EXEC']);
      return;
    }
    if (name === 'discard') {
      this.tx = null;
      return;
    }
    if (this.tx !== null && name !== 'replconf') {
      this.tx.push(argv);
      return;
    }
    this.run(c, argv);
  }

  private run(c: Client, argv: string[]): void {
    const name = argv[0]!.toLowerCase();
    if (name === 'replconf') {
      if (argv[1]?.toLowerCase() === 'getack') this.sendAck();
      return;
    }
    const cmd = lookupForCall(c, argv);
    if (cmd === null) return;
    c.argv = argv;
    c.cmd = cmd;
    // The master client sees keys the replica's clock reports expired (the primary DELs them).
    const s = this.server;
    s.applyingMaster = true;
    try {
      call(c, cmd);
    } finally {
      s.applyingMaster = false;
    }
  }

  cron(now: number): void {
    if (this.state === 'connect') {
      if (now >= this.retryAt && !this.stopped) this.connect();
      return;
    }
    const timeout = this.server.config.num('repl-timeout') * 1000;
    if (now - this.lastIo > timeout) {
      this.server.log.warn('MASTER timeout: no data nor PING received...');
      this.drop();
      return;
    }
    if (this.state === 'connected' && now - this.lastAck >= 1000) this.sendAck();
  }

  /** INFO replication lines after "role:slave" (leading CRLF, as the value continues the field). */
  infoLines(): string {
    const s = this.server;
    const up = this.state === 'connected';
    let out = `\r\nmaster_host:${this.host}\r\nmaster_port:${this.port}\r\nmaster_link_status:${up ? 'up' : 'down'}`;
    out += `\r\nmaster_last_io_seconds_ago:${up ? Math.floor((Date.now() - this.lastIo) / 1000) : -1}`;
    out += `\r\nmaster_sync_in_progress:${this.state === 'transfer' ? 1 : 0}`;
    out += `\r\nslave_read_repl_offset:${this.repl.offset}\r\nslave_repl_offset:${this.repl.offset}`;
    if (this.state === 'transfer') {
      // repl_transfer_size: -1 until the payload header, 0 for an EOF-marked payload.
      const size = this.eofMark !== null ? 0 : this.bulkLen;
      const read = this.tmpFd >= 0 ? this.tmpWritten : this.buf.length + this.chunksLen;
      const perc = size > 0 ? (read / size) * 100 : 0;
      out += `\r\nmaster_sync_total_bytes:${size}\r\nmaster_sync_read_bytes:${read}\r\nmaster_sync_left_bytes:${size - read}`;
      out += `\r\nmaster_sync_perc:${perc.toFixed(2)}\r\nmaster_sync_last_io_seconds_ago:${Math.floor((Date.now() - this.lastIo) / 1000)}`;
    }
    if (!up) out += `\r\nmaster_link_down_since_seconds:${this.everConnected ? Math.floor((Date.now() - this.downSince) / 1000) : -1}`;
    out += `\r\nslave_priority:${s.config.num('replica-priority')}\r\nslave_read_only:${s.config.bool('replica-read-only') ? 1 : 0}`;
    out += `\r\nreplica_announced:${s.config.bool('replica-announced') ? 1 : 0}`;
    return out;
  }

  /** ROLE's link state word. */
  roleState(): string {
    switch (this.state) {
      case 'connect':
        return 'connect';
      case 'connecting':
        return 'connecting';
      case 'handshake':
        return 'handshake';
      case 'transfer':
        return 'sync';
      default:
        return 'connected';
    }
  }
}
