/**
 * persistence/aof.ts — the append-only file, Redis 7.0's multi-part layout (aof.c):
 *   <dir>/<appenddirname>/<appendfilename>.manifest   lines "file <name> seq <n> type <b|h|i>"
 *   <appendfilename>.<n>.base.rdb   a snapshot in RDB format (aof-use-rdb-preamble yes)
 *   <appendfilename>.<n>.incr.aof   the write commands since that snapshot, as RESP
 * Real Redis 7.0 loads our directories and we load its.
 *
 * Propagation. The AOF is a sink of the server's one propagation stream (replication/feed.ts,
 * shared with the replicas): every write command arrives there already made deterministic
 * (relative TTLs as absolute times, random or time-dependent effects as the resulting key
 * state, blocked clients' wake-ups, expired and evicted keys as DEL), transactions and script
 * effects wrapped in MULTI … EXEC. This file only adds its own SELECTs and writes. Replay runs
 * with the command clock at 0, so nothing expires while the file is loading (Redis: no expiry
 * while loading); MULTI … EXEC blocks are queued and run at EXEC, and a block without its EXEC
 * at the end of the file is dropped as a truncated tail (loadSingleAppendOnlyFile).
 *
 * BGREWRITEAOF writes a new base with the time-sliced snapshot job (snapshot.ts) while new
 * writes go to a new incr file opened at the same instant, then swaps the manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from '../server';
import type { Command } from '../commands/registry';
import type { FeedSink } from '../replication/feed';
import { SaveJob, loadRdbBuffer, scheduleJobTick, SLICE_MS } from './snapshot';
import { Client as ClientCtor } from '../protocol/client';
import { CaptureWriter } from '../protocol/writer';
import { lookupForCall, call } from '../commands/dispatch';

function resp(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

export class Aof {
  private fd = -1;
  private buf = '';
  private selected = -1;
  private flushScheduled = false;
  private fsyncTimer: NodeJS.Timeout | null = null;
  private lastFsync = Date.now();
  baseSeq = 0;
  incrSeq = 0;
  rewriting: SaveJob | null = null;
  lastRewriteOk = true;
  rewrites = 0;
  lastWriteOk = true;
  rewriteScheduled = false;
  /** True while the AOF is being replayed at start-up (nothing is appended). */
  loading = false;

  constructor(readonly server: Server) {}

  get enabled(): boolean {
    return this.fd >= 0;
  }

  dir(): string {
    const cfg = this.server.config;
    return path.resolve(cfg.str('dir') || '.', cfg.str('appenddirname'));
  }

  private name(kind: 'base' | 'incr', seq: number): string {
    const f = this.server.config.str('appendfilename');
    return kind === 'base' ? `${f}.${seq}.base.rdb` : `${f}.${seq}.incr.aof`;
  }

  private manifestPath(): string {
    return path.join(this.dir(), `${this.server.config.str('appendfilename')}.manifest`);
  }

  // -------------------------------------------------------------------------------------------
  // Feeding

  /** This AOF as a sink of the propagation stream (installed by Persistence.install). */
  sink(): FeedSink {
    return {
      active: () => this.fd >= 0 && !this.loading,
      emit: (dbid, r) => {
        // SELECT and the command in one write (one fsync under appendfsync always).
        if (dbid >= 0 && dbid !== this.selected) {
          this.selected = dbid;
          this.append(resp(['SELECT', String(dbid)]) + r);
        } else this.append(r);
      },
      wrote: () => {},
      beginBatch: () => {
        this.batching = true;
      },
      endBatch: () => {
        this.batching = false;
        if (this.buf !== '' && this.server.config.str('appendfsync') === 'always') this.flush(true);
      },
      publish: false,
      masterWrites: true,
    };
  }

  /** True while the feed hands over a MULTI … EXEC block (written and synced once, at its end). */
  private batching = false;

  private append(s: string): void {
    this.buf += s;
    if (!this.batching && this.server.config.str('appendfsync') === 'always') {
      this.flush(true);
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush(false));
    }
  }

  /** Writes the buffer (and fsyncs per appendfsync). */
  flush(forceSync: boolean): void {
    this.flushScheduled = false;
    if (this.buf === '' || this.fd < 0) return;
    const b = Buffer.from(this.buf, 'latin1');
    this.buf = '';
    try {
      let off = 0;
      while (off < b.length) off += fs.writeSync(this.fd, b, off, b.length - off);
      if (forceSync) fs.fsyncSync(this.fd);
      this.lastWriteOk = true;
    } catch (e) {
      this.lastWriteOk = false;
      this.server.log.warn(`Error writing to the AOF file: ${(e as Error).message}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Files

  private readManifest(): { base: string | null; incr: { file: string; seq: number }[]; baseSeq: number } | null {
    let text: string;
    try {
      text = fs.readFileSync(this.manifestPath(), 'latin1');
    } catch {
      return null;
    }
    let base: string | null = null;
    let baseSeq = 0;
    const incr: { file: string; seq: number }[] = [];
    for (const line of text.split('\n')) {
      const t = line.trim();
      if (t === '' || t.startsWith('#')) continue;
      const parts = t.split(/\s+/);
      const kv = new Map<string, string>();
      for (let i = 0; i + 1 < parts.length; i += 2) kv.set(parts[i]!, parts[i + 1]!);
      const file = kv.get('file');
      const type = kv.get('type');
      const seq = Number(kv.get('seq'));
      if (file === undefined || type === undefined) throw new Error('Invalid AOF manifest file format');
      if (type === 'b') {
        base = file;
        baseSeq = seq;
      } else if (type === 'i') incr.push({ file, seq });
    }
    incr.sort((a, b) => a.seq - b.seq);
    return { base, incr, baseSeq };
  }

  private writeManifest(): void {
    let m = '';
    if (this.baseSeq > 0) m += `file ${this.name('base', this.baseSeq)} seq ${this.baseSeq} type b\n`;
    if (this.fd >= 0) m += `file ${this.name('incr', this.incrSeq)} seq ${this.incrSeq} type i\n`;
    const tmp = this.manifestPath() + '.tmp';
    fs.writeFileSync(tmp, m);
    fs.renameSync(tmp, this.manifestPath());
  }

  private openIncr(seq: number): void {
    if (this.fd >= 0) {
      this.flush(true);
      fs.closeSync(this.fd);
    }
    this.fd = fs.openSync(path.join(this.dir(), this.name('incr', seq)), 'a');
    this.incrSeq = seq;
    this.selected = -1;
  }

  /**
   * Start-up: loads the AOF when a manifest exists (returns true), then opens it for appending.
   * With no AOF yet, writes a base of the current dataset and an empty incr file.
   */
  startup(): boolean {
    const dir = this.dir();
    fs.mkdirSync(dir, { recursive: true });
    const m = this.readManifest();
    let loaded = false;
    if (m !== null && (m.base !== null || m.incr.length > 0)) {
      this.loadFiles(m.base, m.incr.map((x) => x.file));
      this.baseSeq = m.baseSeq;
      const last = m.incr.length > 0 ? m.incr[m.incr.length - 1]!.seq : 1;
      if (m.incr.length > 1) {
        // Keep only the newest incr in our manifest after the others were loaded: rewrite now.
        this.incrSeq = last;
        this.openIncr(last);
        this.rewriteSync();
      } else {
        this.openIncr(last);
        this.writeManifest();
      }
      loaded = true;
    } else {
      this.baseSeq = 0;
      this.rewriteSync();
    }
    this.startFsyncTimer();
    return loaded;
  }

  private startFsyncTimer(): void {
    if (this.fsyncTimer !== null) return;
    this.fsyncTimer = setInterval(() => {
      if (this.fd < 0) return;
      if (this.server.config.str('appendfsync') === 'everysec' && Date.now() - this.lastFsync >= 1000) {
        this.flush(false);
        try {
          fs.fsyncSync(this.fd);
        } catch {
          /* reported by the next write */
        }
        this.lastFsync = Date.now();
      }
    }, 1000);
    this.fsyncTimer.unref();
  }

  /** Replays base + incr files into the (empty) dataset. */
  private loadFiles(base: string | null, incr: string[]): void {
    const s = this.server;
    this.loading = true;
    const clock = s.clock;
    try {
      // Replay with the clock at 0: keys do not expire while the files load.
      s.clock = () => 0;
      if (base !== null) {
        const buf = fs.readFileSync(path.join(this.dir(), base));
        if (buf.length >= 5 && buf.toString('latin1', 0, 5) === 'REDIS') {
          try {
            loadRdbBuffer(s, buf);
          } catch (e) {
            s.log.warn(`Error reading the RDB base file ${base}, AOF loading aborted`);
            throw e;
          }
        } else this.truncatedTail(base, this.replay(buf, base), incr.length === 0);
      }
      for (let i = 0; i < incr.length; i++) {
        const f = incr[i]!;
        this.truncatedTail(f, this.replay(fs.readFileSync(path.join(this.dir(), f)), f), i === incr.length - 1);
      }
    } finally {
      s.clock = clock;
      s.now = clock();
      this.loading = false;
      // Loaded data is not "changes since the last save" (Redis resets dirty after loading).
      s.dirty = 0;
    }
  }

  /**
   * A file whose last command was cut short (valid = length of its complete commands, -1 when
   * whole): like Redis, refused unless aof-load-truncated yes and it is the last file; then the
   * file is truncated to its valid prefix so that new appends follow a complete command.
   */
  private truncatedTail(file: string, valid: number, last: boolean): void {
    if (valid < 0) return;
    const s = this.server;
    if (!s.config.bool('aof-load-truncated')) {
      throw new Error(`Unexpected end of file reading the append only file ${file}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`);
    }
    s.log.warn(`!!! Warning: short read while loading the AOF file ${file}!!!`);
    s.log.warn(`!!! Truncating the AOF ${file} at offset ${valid} !!!`);
    if (!last) throw new Error('Fatal error: the truncated file is not the last file');
    fs.truncateSync(path.join(this.dir(), file), valid);
    s.log.warn(`AOF ${file} loaded anyway because aof-load-truncated is enabled`);
  }

  /**
   * Runs the RESP commands of an AOF file through the dispatcher's call() (the fake AOF client
   * of loadSingleAppendOnlyFile). `#` annotation lines are skipped. Commands between MULTI and
   * EXEC are queued and run at EXEC; a MULTI left open at the end of the file is dropped and
   * reported as a truncated tail ending before it ("Revert incomplete MULTI/EXEC transaction").
   * Returns the valid length of a truncated file, else -1; throws on a malformed file.
   */
  private replay(buf: Buffer, file: string): number {
    const s = this.server;
    const c = new ClientCtor(s, null, 0, new CaptureWriter(2));
    c.authenticated = true;
    let p = 0;
    const n = buf.length;
    /** Offset before the open MULTI; -1 when none is open. */
    let beforeMulti = -1;
    let queued: { cmd: Command; argv: string[] }[] = [];
    const fmterr = (): Error =>
      new Error(`Bad file format reading the append only file ${file}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`);
    const readLine = (): string | null => {
      const e = buf.indexOf('\r\n', p, 'latin1');
      if (e < 0) return null;
      const l = buf.toString('latin1', p, e);
      p = e + 2;
      return l;
    };
    // A cut inside an open MULTI block: the whole block goes (its commands never ran), so new
    // appends cannot land inside a transaction that has lost its EXEC.
    const cut = (at: number): number => (beforeMulti >= 0 ? beforeMulti : at);
    while (p < n) {
      const start = p;
      const head = readLine();
      if (head === null) return cut(start);
      if (head[0] === '#') continue;
      if (head[0] !== '*') throw fmterr();
      const argc = Number.parseInt(head.slice(1), 10);
      if (!(argc >= 1)) throw fmterr();
      const argv: string[] = [];
      for (let i = 0; i < argc; i++) {
        const l = readLine();
        if (l === null) return cut(start);
        if (l[0] !== '$') throw fmterr();
        const len = Number.parseInt(l.slice(1), 10);
        if (!(len >= 0)) throw fmterr();
        if (p + len + 2 > n) return cut(start);
        argv.push(buf.toString('latin1', p, p + len));
        p += len + 2;
      }
      const cmd = lookupForCall(c, argv);
      if (cmd === null) throw new Error(`Unknown command '${argv[0]}' reading the append only file ${file}`);
      if (cmd.name === 'multi') {
        if (beforeMulti < 0) beforeMulti = start;
        continue;
      }
      if (cmd.name === 'exec') {
        beforeMulti = -1;
        const q = queued;
        queued = [];
        for (let i = 0; i < q.length; i++) {
          c.argv = q[i]!.argv;
          c.cmd = q[i]!.cmd;
          call(c, q[i]!.cmd);
        }
        continue;
      }
      if (beforeMulti >= 0) {
        queued.push({ cmd, argv });
        continue;
      }
      c.argv = argv;
      c.cmd = cmd;
      call(c, cmd);
    }
    if (beforeMulti >= 0) {
      s.log.warn(`Revert incomplete MULTI/EXEC transaction in AOF file ${file}`);
      return beforeMulti;
    }
    return -1;
  }

  /** Synchronous rewrite (start-up, enabling): new base of the dataset, fresh incr, manifest. */
  private rewriteSync(): void {
    const seq = this.baseSeq + 1;
    const oldBase = this.baseSeq > 0 ? this.name('base', this.baseSeq) : null;
    const oldIncrs = this.existingIncrs();
    const job = new SaveJob(this.server, path.join(this.dir(), this.name('base', seq)), false, true);
    job.begin();
    while (!job.step(Infinity));
    job.finish();
    this.baseSeq = seq;
    this.openIncr(Math.max(this.incrSeq, 0) + 1);
    this.writeManifest();
    this.deleteOld(oldBase, oldIncrs);
  }

  private existingIncrs(): string[] {
    const f = this.server.config.str('appendfilename');
    try {
      return fs.readdirSync(this.dir()).filter((x) => x.startsWith(`${f}.`) && x.endsWith('.incr.aof'));
    } catch {
      return [];
    }
  }

  private deleteOld(oldBase: string | null, oldIncrs: string[]): void {
    const keep = this.name('incr', this.incrSeq);
    for (const f of [oldBase, ...oldIncrs]) {
      if (f === null || f === keep || f === this.name('base', this.baseSeq)) continue;
      try {
        fs.unlinkSync(path.join(this.dir(), f));
      } catch {
        /* gone */
      }
    }
  }

  /** BGREWRITEAOF: returns false when a rewrite is already running. */
  rewriteBackground(onDone?: (ok: boolean) => void): boolean {
    if (this.rewriting !== null) return false;
    const s = this.server;
    fs.mkdirSync(this.dir(), { recursive: true });
    const seq = this.baseSeq + 1;
    const oldBase = this.baseSeq > 0 ? this.name('base', this.baseSeq) : null;
    const oldIncrs = this.existingIncrs();
    const job = new SaveJob(s, path.join(this.dir(), this.name('base', seq)), true, true);
    try {
      job.begin();
    } catch (e) {
      job.abort();
      this.lastRewriteOk = false;
      s.log.warn(`Background AOF rewrite failed: ${(e as Error).message}`);
      onDone?.(false);
      return true;
    }
    // Writes from now on belong after the new base: a new incr file starts at this instant.
    const wasOn = this.fd >= 0;
    if (wasOn) this.openIncr(this.incrSeq + 1);
    this.rewriting = job;
    this.rewrites++;
    s.log.warn('Background append only file rewriting started');
    const tick = (): void => {
      if (this.rewriting !== job) return;
      try {
        if (!job.step(SLICE_MS)) {
          scheduleJobTick(job, tick);
          return;
        }
        job.finishAsync((err) => {
          if (this.rewriting !== job) return;
          this.rewriting = null;
          if (err !== null) {
            this.lastRewriteOk = false;
            s.log.warn(`Background AOF rewrite failed: ${err.message}`);
            onDone?.(false);
            return;
          }
          this.baseSeq = seq;
          this.writeManifest();
          this.deleteOld(oldBase, this.fd >= 0 ? oldIncrs : []);
          this.lastRewriteOk = true;
          s.log.warn('Background AOF rewrite finished successfully');
          onDone?.(true);
        });
      } catch (e) {
        job.abort();
        this.rewriting = null;
        this.lastRewriteOk = false;
        s.log.warn(`Background AOF rewrite failed: ${(e as Error).message}`);
        onDone?.(false);
      }
    };
    setImmediate(tick);
    return true;
  }

  /** CONFIG SET appendonly yes at run time: start appending after a rewrite of the dataset. */
  enable(): void {
    if (this.fd >= 0) return;
    fs.mkdirSync(this.dir(), { recursive: true });
    const m = this.readManifest();
    this.baseSeq = m?.baseSeq ?? 0;
    const lastIncr = m !== null && m.incr.length > 0 ? m.incr[m.incr.length - 1]!.seq : 0;
    this.incrSeq = lastIncr;
    this.rewriteSync();
    this.startFsyncTimer();
  }

  /**
   * DEBUG LOADAOF (for commands/debug.ts): writes out what is buffered, empties the dataset and
   * loads the AOF files again (the dataset as the files hold it). Throws when they cannot be
   * loaded; Redis exits in that case.
   */
  debugLoad(): void {
    const s = this.server;
    if (this.fd >= 0) this.flush(true);
    const m = this.readManifest();
    for (const db of s.dbs) db.flush();
    if (m !== null) this.loadFiles(m.base, m.incr.map((x) => x.file));
    s.dirty = 0;
    s.log.warn('Append Only File loaded by DEBUG LOADAOF');
  }

  disable(): void {
    if (this.fd < 0) return;
    this.flush(true);
    fs.closeSync(this.fd);
    this.fd = -1;
    if (this.fsyncTimer !== null) clearInterval(this.fsyncTimer);
    this.fsyncTimer = null;
  }
}
