/**
 * persistence/aof.ts — the append-only file, Redis 7.0's multi-part layout (aof.c):
 *   <dir>/<appenddirname>/<appendfilename>.manifest   lines "file <name> seq <n> type <b|h|i>"
 *   <appendfilename>.<n>.base.rdb   a snapshot in RDB format (aof-use-rdb-preamble yes)
 *   <appendfilename>.<n>.incr.aof   the write commands since that snapshot, as RESP
 * Real Redis 7.0 loads our directories and we load its.
 *
 * Propagation. call() tells us, through Server.beforeWrite and a call observer, when a write
 * command changed server.dirty. Commands whose argv replays identically (SET without a relative
 * TTL, RPUSH, HSET, ZADD, INCR, DEL…) are appended as they are. For everything else (relative
 * TTLs, random or time-dependent effects: SET EX, EXPIRE, GETEX, SPOP, XADD *, XREADGROUP,
 * blocking pops, RESTORE…) we append the resulting state of each key the command names instead:
 * `RESTORE key <abs-ms> <payload> REPLACE ABSTTL`, or `DEL key` when it is gone. Keys that expire
 * are appended as DEL (Redis propagates expiries the same way). Replay runs with the command
 * clock at 0, so nothing expires while the file is loading (Redis: no expiry while loading).
 *
 * BGREWRITEAOF writes a new base with the time-sliced snapshot job (snapshot.ts) while new
 * writes go to a new incr file opened at the same instant, then swaps the manifest.
 * MULTI/EXEC blocks are not wrapped in MULTI/EXEC in the file (each command is appended as it
 * runs).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from '../server';
import type { Client } from '../protocol/client';
import type { Command } from '../commands/registry';
import type { Database } from '../db/database';
import { SaveJob, loadRdbBuffer } from './snapshot';
import { createDumpPayload } from '../commands/persistence';
import { Client as ClientCtor } from '../protocol/client';
import { CaptureWriter } from '../protocol/writer';
import { lookupForCall, call } from '../commands/dispatch';

/** Commands whose argv replays to the same effect (when they carry no relative TTL). */
const VERBATIM = new Set([
  'set', 'setnx', 'mset', 'msetnx', 'append', 'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat', 'setrange', 'getset', 'getdel',
  'del', 'unlink', 'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'lset', 'linsert', 'lrem', 'ltrim', 'lmove', 'rpoplpush', 'lmpop',
  'hset', 'hmset', 'hsetnx', 'hdel', 'hincrby', 'hincrbyfloat', 'sadd', 'srem', 'smove', 'sinterstore', 'sunionstore', 'sdiffstore',
  'zadd', 'zincrby', 'zrem', 'zremrangebyscore', 'zremrangebyrank', 'zremrangebylex', 'zpopmin', 'zpopmax', 'zmpop', 'zunionstore',
  'zinterstore', 'zdiffstore', 'zrangestore', 'setbit', 'bitop', 'bitfield', 'pfadd', 'pfmerge', 'rename', 'renamenx', 'copy', 'move',
  'persist', 'flushdb', 'flushall', 'swapdb', 'sort', 'xdel', 'xtrim', 'xgroup', 'xack', 'geoadd', 'georadius', 'georadiusbymember', 'geosearchstore',
  'function', 'pexpireat',
]);

function resp(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

/** Commands whose effect is "the key's TTL (and value) is now X" (see appendTtlState). */
const TTL_REWRITE = new Set(['expire', 'pexpire', 'expireat', 'getex', 'set', 'setex', 'psetex']);

/** True when a SET carries a relative expiry (EX/PX) — it is replayed as state instead. */
function hasRelativeTtl(argv: readonly string[]): boolean {
  for (let i = 3; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'ex' || a === 'px') return true;
  }
  return false;
}

export class Aof {
  private fd = -1;
  private buf = '';
  private selected = -1;
  private dirtyBefore = 0;
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

  /** Server.beforeWrite part: remember dirty so the observer can tell whether the command wrote. */
  beforeWrite(): void {
    this.dirtyBefore = this.server.dirty;
  }

  /** Call observer: append what the command changed. */
  afterCall(c: Client, cmd: Command): void {
    if (this.fd < 0 || this.loading || !cmd.isWrite || this.server.dirty === this.dirtyBefore) return;
    const argv = c.argv;
    const name = cmd.parent ? cmd.parent.name : cmd.name;
    if (name === 'flushall' || name === 'swapdb') this.selected = -1;
    else this.select(c.db.id);
    const pos = cmd.keyPositions(argv);
    if (pos.length === 0 || (VERBATIM.has(name) && !(name === 'set' && hasRelativeTtl(argv)))) {
      this.append(resp(argv));
    } else if (TTL_REWRITE.has(name)) {
      this.appendTtlState(c.db, argv[1]!, name !== 'expire' && name !== 'pexpire' && name !== 'expireat' && name !== 'getex');
    } else if (name === 'xadd') {
      this.appendXadd(c.db, argv);
    } else {
      for (const p of pos) this.appendKeyState(c.db, argv[p]!);
    }
    if (name === 'flushall' || name === 'swapdb' || name === 'move' || name === 'copy') this.selected = -1;
  }

  /** A key expired (or MIGRATE moved it away): DEL. */
  keyGone(db: Database, key: string): void {
    if (this.fd < 0 || this.loading) return;
    this.select(db.id);
    this.append(resp(['DEL', key]));
  }

  /**
   * EXPIRE/PEXPIRE/EXPIREAT/GETEX: PEXPIREAT with the absolute time (PERSIST, DEL when the key
   * is gone). SET EX/PX, SETEX, PSETEX (`withValue`): SET key value PXAT abs.
   */
  private appendTtlState(db: Database, key: string, withValue: boolean): void {
    const v = db.dict.get(key);
    if (v === undefined) {
      this.append(resp(['DEL', key]));
      return;
    }
    const at = db.getExpire(key);
    if (withValue && typeof v === 'string') {
      this.append(resp(at === -1 ? ['SET', key, v] : ['SET', key, v, 'PXAT', String(at)]));
    } else if (withValue) {
      this.appendKeyState(db, key);
    } else {
      this.append(resp(at === -1 ? ['PERSIST', key] : ['PEXPIREAT', key, String(at)]));
    }
  }

  /** XADD with an automatic ID (`*`, `ms-*`): the same XADD with the ID it produced. */
  private appendXadd(db: Database, argv: readonly string[]): void {
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
    if (i >= argv.length || v === undefined || typeof v === 'string' || v.type !== 'stream') {
      this.appendKeyState(db, argv[1]!);
      return;
    }
    const out = argv.slice();
    const last = (v as unknown as { lastId: { ms: bigint; seq: bigint } }).lastId;
    out[i] = `${last.ms}-${last.seq}`;
    this.append(resp(out));
  }

  private appendKeyState(db: Database, key: string): void {
    const v = db.dict.get(key);
    if (v === undefined) {
      this.append(resp(['DEL', key]));
      return;
    }
    const at = db.getExpire(key);
    const args = ['RESTORE', key, String(at === -1 ? 0 : at), createDumpPayload(v, false), 'REPLACE'];
    if (at !== -1) args.push('ABSTTL');
    this.append(resp(args));
  }

  private select(id: number): void {
    if (this.selected === id) return;
    this.selected = id;
    this.append(resp(['SELECT', String(id)]));
  }

  private append(s: string): void {
    this.buf += s;
    if (this.server.config.str('appendfsync') === 'always') {
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
      if (base !== null) {
        const buf = fs.readFileSync(path.join(this.dir(), base));
        if (buf.length >= 5 && buf.toString('latin1', 0, 5) === 'REDIS') loadRdbBuffer(s, buf);
        else this.truncatedTail(base, this.replay(buf), incr.length === 0);
      }
      // Replay with the clock at 0: keys do not expire while the file loads.
      s.clock = () => 0;
      for (let i = 0; i < incr.length; i++) this.truncatedTail(incr[i]!, this.replay(fs.readFileSync(path.join(this.dir(), incr[i]!))), i === incr.length - 1);
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
    s.log.warn(`!!! Warning: short read while loading the AOF file ${file}!!!`);
    if (!s.config.bool('aof-load-truncated')) {
      throw new Error(`Unexpected end of file reading the append only file ${file}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`);
    }
    if (!last) throw new Error(`Fatal error: the truncated file is not the last file`);
    fs.truncateSync(path.join(this.dir(), file), valid);
    s.log.warn(`AOF ${file} loaded anyway because aof-load-truncated is enabled`);
  }

  /** Runs the RESP commands of an AOF file through the dispatcher's call(); returns the valid length of a truncated file, else -1. */
  private replay(buf: Buffer): number {
    const s = this.server;
    const c = new ClientCtor(s, null, 0, new CaptureWriter(2));
    c.authenticated = true;
    let p = 0;
    const n = buf.length;
    const readLine = (): string | null => {
      const e = buf.indexOf('\r\n', p, 'latin1');
      if (e < 0) return null;
      const l = buf.toString('latin1', p, e);
      p = e + 2;
      return l;
    };
    while (p < n) {
      const start = p;
      const head = readLine();
      if (head === null || head[0] !== '*') {
        if (head === null) return start; // truncated tail
        throw new Error(`Bad file format reading the append only file at offset ${start}`);
      }
      const argc = Number(head.slice(1));
      const argv: string[] = [];
      let ok = true;
      for (let i = 0; i < argc; i++) {
        const l = readLine();
        if (l === null || l[0] !== '$') {
          ok = false;
          break;
        }
        const len = Number(l.slice(1));
        if (p + len + 2 > n) {
          ok = false;
          break;
        }
        argv.push(buf.toString('latin1', p, p + len));
        p += len + 2;
      }
      if (!ok) return start;
      const cmd = lookupForCall(c, argv);
      if (cmd === null) throw new Error(`Unknown command '${argv[0]}' reading the append only file`);
      c.argv = argv;
      c.cmd = cmd;
      if (cmd.name === 'multi' || cmd.name === 'exec') continue;
      call(c, cmd);
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
        if (!job.step(1)) {
          setImmediate(tick);
          return;
        }
        job.finish();
        this.rewriting = null;
        this.baseSeq = seq;
        this.writeManifest();
        this.deleteOld(oldBase, this.fd >= 0 ? oldIncrs : []);
        this.lastRewriteOk = true;
        s.log.warn('Background AOF rewrite finished successfully');
        onDone?.(true);
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

  disable(): void {
    if (this.fd < 0) return;
    this.flush(true);
    fs.closeSync(this.fd);
    this.fd = -1;
    if (this.fsyncTimer !== null) clearInterval(this.fsyncTimer);
    this.fsyncTimer = null;
  }
}
