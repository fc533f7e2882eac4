/**
 * persistence/snapshot.ts — RDB files: SAVE, BGSAVE, save points, loading at start-up, saving on
 * shutdown, and the INFO persistence fields (rdb.c's rdbSave/rdbSaveBackground/rdbLoad and the
 * save-point half of serverCron).
 *
 * BGSAVE without fork. Node cannot fork, and a synchronous save of a big dataset would stall
 * every client. A background save here is a job that the event loop runs in slices of about
 * half a millisecond (setImmediate), so clients keep being served between slices, and that still writes
 * the dataset exactly as it was when BGSAVE started (a point-in-time snapshot), without copying
 * the values first:
 *  - At start the job only notes each database's size; it then walks each keyspace Dict's dense
 *    key array from the top slot down, slice by slice, serialising each key's current value and
 *    TTL. Dict.delete moves the last slot into the hole, i.e. an already visited key (or one
 *    created since the start, which is tombstoned, see below) moves down; so the unvisited
 *    prefix always holds exactly the unvisited keys, and a visited key met again is skipped via
 *    the written-keys set. Nothing is copied at the start.
 *  - Copy-on-write at the command layer: call() (commands/dispatch.ts) invokes
 *    `server.beforeWrite` for every key position of a write command *before* the handler runs.
 *    If the job has not yet written that key, it serialises the key's value now (its value as of
 *    BGSAVE start, since nothing changed it yet) and marks it written; a key that did not exist
 *    is marked too (a tombstone), so a key created later is never saved. Keys the walk reaches
 *    afterwards are skipped when marked. RDB lets keys of a database come in any order, so
 *    copied-out keys of the database being walked go straight into the output; those of a later
 *    database wait in a per-database buffer that is written when its SELECTDB section opens.
 *  - FLUSHDB/FLUSHALL/SWAPDB (hooks.dbEmptied, called before the change) make the job write the
 *    rest of that database's snapshot synchronously and then seal it: a rare, bounded stall.
 *  - Lazy/active expiry deletes keys without the hook: the walk then finds them missing and
 *    skips them, which is what the loader would have done with an expired key anyway.
 * Known limits: one huge value is serialised in one go (a stall proportional to its size);
 * writes that reach a key outside the command's key positions (MOVE/COPY into another db) are
 * not copied out first, and such a key created during the save may end up in the file.
 * Measured (1M short string keys, 2-core box under heavy load): a GET waits a median of ~0.6 ms
 * during BGSAVE (the rest of a slice); the tail is GC and CPU contention. SAVE/BGSAVE encode
 * ~1M keys/s of CPU time. rdb-key-save-delay paces the job on timers (scheduleJobTick).
 *
 * The file is written to temp-<pid>.rdb and renamed over dbfilename when complete (as Redis);
 * a background job's final fsync runs on the thread pool (finishAsync).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FilterRank, type Server } from '../server';
import type { Client } from '../protocol/client';
import type { Command } from '../commands/registry';
import type { Database, RedisValue } from '../db/database';
import { RdbWriter } from './rdb-writer';
import { ByteBuf } from './bytes';
import { Crc64 } from './crc64';
import * as K from './rdb-constants';
import { parseRdbSteps, CorruptError, type LoadLimits } from './rdb-reader';
import { parseSaveParams } from '../config';
import { scriptingState, loadLibrary } from '../scripting/state';
import { E } from '../errors';
import { Aof } from './aof';
import { installFeed } from '../replication/feed';

/** CONFIG_BGSAVE_RETRY_DELAY: seconds between save-point retries after a failed BGSAVE. */
const BGSAVE_RETRY_DELAY = 5;
/**
 * Output is written to the file whenever this many bytes are buffered. Small enough that one
 * flush (CRC64 of the chunk, ~2.5 ms per MB in JS, plus the write) stays well inside a slice.
 */
const FLUSH_BYTES = 1 << 17;
/**
 * Time budget of one BGSAVE slice, ms. A client's request that arrives during a slice waits
 * for its end, so this bounds the added latency; one event-loop turn between slices costs a few
 * µs, ~1-2 % of the job's time.
 */
export const SLICE_MS = 0.5;

export function loadLimits(server: Server): LoadLimits {
  const cfg = server.config;
  return {
    hashMaxEntries: cfg.num('hash-max-listpack-entries'),
    hashMaxValue: cfg.num('hash-max-listpack-value'),
    zsetMaxEntries: cfg.num('zset-max-listpack-entries'),
    zsetMaxValue: cfg.num('zset-max-listpack-value'),
    setMaxIntset: cfg.num('set-max-intset-entries'),
  };
}

/** The state of RDB persistence on one server (server.ext 'persistence'). */
export class Persistence {
  job: SaveJob | null = null;
  private bgsaveOk = true;
  lastBgsaveTimeSec = -1;
  lastBgsaveTry = 0;
  rdbSaves = 0;
  private isLoading = false;
  loadKeysLoaded = 0;
  loadKeysExpired = 0;
  bgsaveScheduled = false;
  /** A FLUSHALL ran with save points configured: SAVE once it has finished. */
  private saveAfterFlush = false;
  /**
   * flushAllDataAndResetRDB: after FLUSHALL (its propagation already ran in call()), rdbSave
   * when save points are configured, which also resets rdb_changes_since_last_save. A call
   * observer while armed, so that the end of the top-level command is seen.
   */
  private readonly saveAfterFlushFn = (): void => {
    const s = this.server;
    if (s.current !== null) return;
    s.callObservers.splice(s.callObservers.indexOf(this.saveAfterFlushFn), 1);
    this.saveAfterFlush = false;
    this.save();
  };
  /** Whether listen() loads dbfilename (the embedding API, src/index.ts, starts empty unless asked). */
  loadOnStartup = true;
  private timer: NodeJS.Timeout | null = null;

  readonly aof: Aof;
  /** The dispatcher check (LOADING, MISCONF), armed while it can reject something. */
  private readonly filterFn = (_c: Client, cmd: Command): string | null => this.filter(cmd);

  /** rdb_last_bgsave_status: a failed save refuses writes (MISCONF) until one succeeds. */
  get lastBgsaveOk(): boolean {
    return this.bgsaveOk;
  }

  set lastBgsaveOk(ok: boolean) {
    this.bgsaveOk = ok;
    this.armFilter();
  }

  /** A dataset is being loaded: commands without allow-loading get -LOADING. */
  get loading(): boolean {
    return this.isLoading;
  }

  set loading(on: boolean) {
    this.isLoading = on;
    this.armFilter();
  }

  private armFilter(): void {
    this.server.setCommandFilter(FilterRank.Persistence, this.filterFn, this.isLoading || !this.bgsaveOk);
  }

  constructor(readonly server: Server) {
    this.aof = new Aof(server);
  }

  /** Installs the hooks, INFO fields, command filters, cron and start-up loading. */
  install(): void {
    const s = this.server;
    s.beforeWrite = (c, cmd) => this.beforeWrite(c, cmd);
    const iv = s.hooks.infoValues;
    s.hooks.dbEmptied.push((db) => {
      this.job?.seal(db);
      this.aof.rewriting?.seal(db);
    });
    // FLUSHALL kills a running BGSAVE (flushAllDataAndResetRDB → killRDBChild): the save is
    // dropped, rdb_last_bgsave_status stays as it was and the changes still count as unsaved.
    s.hooks.flushed.push((dbid) => {
      const job = this.job;
      // With save points, FLUSHALL then saves the empty dataset synchronously (saveAfterFlushFn).
      // (Only for the command: a replica's full sync empties the dbs through the same hook.)
      const cur = s.current;
      if (dbid === -1 && cur !== null && cur.cmd?.name === 'flushall' && s.config.str('save') !== '' && !this.saveAfterFlush) {
        this.saveAfterFlush = true;
        s.callObservers.push(this.saveAfterFlushFn);
      }
      if (dbid !== -1 || job === null) return;
      s.log.warn('Background saving terminated by FLUSHALL');
      job.abort();
      this.job = null;
      this.lastBgsaveTimeSec = Math.floor((Date.now() - job.startedAt) / 1000);
      for (const w of this.bgsaveWaiters.splice(0)) w(false);
    });
    const aof = this.aof;
    // The AOF is the first sink of the propagation stream (propagateNow: AOF, then replicas).
    installFeed(s, aof.sink());
    // onChange calls back once at registration: the start-up state is loadAtStartup's business.
    let registering = true;
    s.config.onChange('appendonly', (v) => {
      if (registering) return;
      try {
        if (v) aof.enable();
        else aof.disable();
      } catch (e) {
        s.log.warn(`AOF: ${(e as Error).message}`);
      }
    });
    registering = false;
    s.config.onChange('rdb-key-save-delay', () => {
      this.job?.wake();
      aof.rewriting?.wake();
    });
    iv.set('aof_enabled', () => (aof.enabled ? 1 : 0));
    iv.set('aof_rewrite_in_progress', () => (aof.rewriting !== null ? 1 : 0));
    iv.set('aof_rewrite_scheduled', () => (aof.rewriteScheduled ? 1 : 0));
    iv.set('aof_last_rewrite_time_sec', () => -1);
    iv.set('aof_current_rewrite_time_sec', () => -1);
    iv.set('aof_last_bgrewrite_status', () => (aof.lastRewriteOk ? 'ok' : 'err'));
    iv.set('aof_rewrites', () => aof.rewrites);
    iv.set('aof_rewrites_consecutive_failures', () => 0);
    iv.set('aof_last_write_status', () => (aof.lastWriteOk ? 'ok' : 'err'));
    iv.set('aof_last_cow_size', () => 0);
    iv.set('loading', () => (this.loading ? 1 : 0));
    iv.set('rdb_changes_since_last_save', () => s.dirty);
    iv.set('rdb_bgsave_in_progress', () => (this.job !== null ? 1 : 0));
    iv.set('rdb_last_save_time', () => s.lastSave);
    iv.set('rdb_last_bgsave_status', () => (this.lastBgsaveOk ? 'ok' : 'err'));
    iv.set('rdb_last_bgsave_time_sec', () => this.lastBgsaveTimeSec);
    iv.set('rdb_current_bgsave_time_sec', () => (this.job !== null ? Math.floor((Date.now() - this.job.startedAt) / 1000) : -1));
    iv.set('rdb_saves', () => this.rdbSaves);
    iv.set('rdb_last_cow_size', () => 0);
    iv.set('rdb_last_load_keys_expired', () => this.loadKeysExpired);
    iv.set('rdb_last_load_keys_loaded', () => this.loadKeysLoaded);
    // MIGRATE keeps no cached connections (commands/persistence.ts connects per call).
    iv.set('migrate_cached_sockets', () => 0);
    s.beforeShutdown.push((opts) => this.onShutdown(opts));
    s.shutdownHooks.push(() => this.stopTimer());
    s.startupTasks.push(() => this.loadAtStartup());
  }

  private filter(cmd: Command): string | null {
    if (this.loading && !cmd.allowLoading) return E.loading;
    if (!this.lastBgsaveOk && (cmd.isWrite || cmd.name === 'ping')) {
      const cfg = this.server.config;
      if (cfg.bool('stop-writes-on-bgsave-error') && cfg.str('save') !== '') return E.misconf;
    }
    return null;
  }

  private beforeWrite(c: Client, cmd: Command): void {
    const job = this.job;
    const rw = this.aof.rewriting;
    if (job === null && rw === null) return;
    const pos = cmd.keyPositions(c.argv);
    for (let i = 0; i < pos.length; i++) {
      job?.copyOut(c.db, c.argv[pos[i]!]!);
      rw?.copyOut(c.db, c.argv[pos[i]!]!);
    }
  }

  /** The save-point check of serverCron, run every 100 ms once listening. */
  startTimer(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.cron(), 100);
    this.timer.unref();
  }

  stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.job?.abort();
  }

  cron(): void {
    const s = this.server;
    if (this.job !== null) return;
    if (this.aof.rewriteScheduled && this.aof.rewriting === null) {
      this.aof.rewriteScheduled = false;
      this.aof.rewriteBackground();
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    if (this.bgsaveScheduled) {
      this.bgsaveScheduled = false;
      this.bgsave();
      return;
    }
    const points = parseSaveParams(s.config.str('save'));
    for (const [secs, changes] of points) {
      if (s.dirty >= changes && now - s.lastSave > secs && (now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY || this.lastBgsaveOk)) {
        s.log.warn(`${changes} changes in ${secs} seconds. Saving...`);
        this.bgsave();
        break;
      }
    }
  }

  /** The path of the RDB file (dir is the process's working directory, as in Redis). */
  filePath(): string {
    const cfg = this.server.config;
    return path.resolve(cfg.str('dir') || '.', cfg.str('dbfilename'));
  }

  /** SAVE: a synchronous save. Returns true on success. */
  save(): boolean {
    const s = this.server;
    const job = new SaveJob(s, this.filePath(), false);
    try {
      job.begin();
      while (!job.step(Infinity));
      job.finish();
    } catch (e) {
      job.abort();
      s.log.warn(`Failed saving the DB: ${(e as Error).message}`);
      return false;
    }
    s.dirty = 0;
    s.lastSave = Math.floor(Date.now() / 1000);
    this.lastBgsaveOk = true;
    this.rdbSaves++;
    s.log.warn('DB saved on disk');
    return true;
  }

  /** BGSAVE: starts a background save job. Returns false when one is already running. */
  bgsave(): boolean {
    if (this.job !== null) return false;
    const s = this.server;
    this.lastBgsaveTry = Math.floor(Date.now() / 1000);
    const job = new SaveJob(s, this.filePath(), true);
    try {
      job.begin();
    } catch (e) {
      job.abort();
      this.bgsaveDone(false, e as Error, job);
      return true;
    }
    this.job = job;
    this.rdbSaves++;
    s.log.warn('Background saving started');
    const tick = (): void => {
      if (this.job !== job) return;
      try {
        if (job.step(SLICE_MS)) {
          job.finishAsync((err) => {
            if (this.job !== job) return;
            this.job = null;
            this.bgsaveDone(err === null, err, job);
          });
          return;
        }
      } catch (e) {
        job.abort();
        this.job = null;
        this.bgsaveDone(false, e as Error, job);
        return;
      }
      scheduleJobTick(job, tick);
    };
    setImmediate(tick);
    return true;
  }

  private bgsaveDone(ok: boolean, err: Error | null, job: SaveJob): void {
    const s = this.server;
    this.lastBgsaveTimeSec = Math.floor((Date.now() - job.startedAt) / 1000);
    this.lastBgsaveOk = ok;
    if (ok) {
      s.dirty -= job.dirtyAtStart;
      if (s.dirty < 0) s.dirty = 0;
      s.lastSave = Math.floor(Date.now() / 1000);
      s.log.warn('Background saving terminated with success');
    } else {
      s.log.warn(`Background saving error: ${err?.message ?? 'unknown'}`);
    }
    for (const w of this.bgsaveWaiters.splice(0)) w(ok);
  }

  /** Callbacks run when the current BGSAVE ends (tests, SHUTDOWN). */
  readonly bgsaveWaiters: ((ok: boolean) => void)[] = [];

  /** Resolves when no BGSAVE is running. */
  waitBgsave(): Promise<boolean> {
    if (this.job === null) return Promise.resolve(this.lastBgsaveOk);
    return new Promise((r) => this.bgsaveWaiters.push(r));
  }

  private onShutdown(opts: { save: boolean | undefined; now: boolean; force: boolean }): boolean {
    const s = this.server;
    this.stopTimer();
    if (this.job !== null) {
      s.log.warn('There is a child saving an .rdb. Killing it!');
      this.job.abort();
      this.job = null;
    }
    if (this.aof.rewriting !== null) {
      s.log.warn('There is a child rewriting the AOF. Killing it!');
      this.aof.rewriting.abort();
      this.aof.rewriting = null;
    }
    if (this.aof.enabled) {
      s.log.warn('Calling fsync() on the AOF file.');
      this.aof.flush(true);
    }
    const want = opts.save === true || (opts.save === undefined && s.config.str('save') !== '');
    if (!want) return true;
    s.log.warn('Saving the final RDB snapshot before exiting.');
    if (this.save()) return true;
    s.log.warn('Error trying to save the DB, can\'t exit.');
    return false;
  }

  /**
   * Start-up load (loadDataFromDisk). The file is parsed in slices: the first 100 ms run before
   * the server binds (so small files are simply loaded, and a bad file makes listen() fail);
   * a bigger file goes on loading in 10 ms slices while the server accepts connections, which
   * get "-LOADING" for every command not flagged `loading` (INFO shows loading:1), as Redis does
   * while it serves events during a long load. A bad file found later stops the process.
   */
  private loadAtStartup(): void {
    const s = this.server;
    this.startTimer();
    if (!this.loadOnStartup) return;
    if (s.config.bool('appendonly')) {
      const t = Date.now();
      try {
        if (this.aof.startup()) s.log.warn(`DB loaded from append only file: ${((Date.now() - t) / 1000).toFixed(3)} seconds`);
      } catch (e) {
        throw new StartupLoadError(e instanceof CorruptError ? rdbFailureLines(e) : [(e as Error).message]);
      }
      return;
    }
    const file = this.filePath();
    let buf: Buffer;
    try {
      if (!fs.existsSync(file)) return;
      buf = fs.readFileSync(file);
    } catch (e) {
      throw new StartupLoadError([`Fatal error loading the DB: ${errnoText(e)}. Exiting.`]);
    }
    const t0 = Date.now();
    const steps = loadRdbSteps(s, buf, this);
    this.loading = true;
    const slice = (budget: number): boolean => {
      const end = performance.now() + budget;
      for (;;) {
        const r = steps.next();
        if (r.done) return true;
        if (performance.now() > end) return false;
      }
    };
    const done = (): void => {
      this.loading = false;
      s.log.warn(`DB loaded from disk: ${((Date.now() - t0) / 1000).toFixed(3)} seconds`);
    };
    try {
      if (slice(100)) {
        done();
        return;
      }
    } catch (e) {
      this.loading = false;
      throw new StartupLoadError(rdbFailureLines(e));
    }
    const tick = (): void => {
      try {
        if (slice(10)) done();
        else setImmediate(tick);
      } catch (e) {
        this.loading = false;
        for (const l of rdbFailureLines(e)) s.log.warn(l);
        if (process.env.NODE_ENV !== 'test') process.exit(1);
      }
    };
    setImmediate(tick);
  }

  /**
   * DEBUG RELOAD [NOSAVE]: saves (unless nosave) and loads the file back synchronously, for
   * commands/debug.ts to call. Returns an error line or null.
   */
  debugReload(opts: { save: boolean; flush: boolean; merge: boolean }): string | null {
    if (opts.save && !this.save()) return E.bareErr;
    if (opts.flush) this.server.signalFlushedDb(-1);
    try {
      this.loadFile(this.filePath(), { flush: opts.flush, merge: opts.merge });
    } catch (e) {
      this.server.log.warn(`Error trying to load the RDB dump: ${(e as Error).message}`);
      return E.rdbLoadFailed;
    }
    return null;
  }

  /** Loads an RDB file into the (emptied) databases, synchronously. Throws on a bad file. */
  loadFile(file: string, opts?: LoadOptions): void {
    const buf = fs.readFileSync(file);
    this.loading = true;
    try {
      loadRdbBuffer(this.server, buf, this, opts);
    } finally {
      this.loading = false;
    }
  }
}

/**
 * A dataset that could not be loaded at start-up (loadDataFromDisk): `lines` are what Redis logs
 * before it exits with status 1; cli.ts logs them and exits 1.
 */
export class StartupLoadError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join(' '));
  }
}

/** "No such file or directory" style text of a Node fs error (strerror), else its message. */
function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  if (code === 'ENOENT') return 'No such file or directory';
  return (e as Error).message;
}

/** What Redis logs for a bad RDB file (rdbLoadRioWithLoadingCtx, rdbReportError). */
export function rdbFailureLines(e: unknown): string[] {
  if (!(e instanceof CorruptError)) return [`Fatal error loading the DB: ${errnoText(e)}. Exiting.`];
  const msg = e.message;
  const at = `Internal error in RDB reading offset ${Math.max(e.offset, 0)}, function at rdb.c:0 -> `;
  const end = 'Terminating server after rdb file reading failure.';
  if (msg.startsWith('Wrong signature') || msg.startsWith("Can't handle RDB format version")) {
    return [msg, 'Fatal error loading the DB: Invalid argument. Exiting.'];
  }
  if (msg.startsWith('FATAL:')) return [msg];
  if (msg === 'unexpected end') return ['Short read or OOM loading DB. Unrecoverable error, aborting now.', at + 'Unexpected EOF reading RDB file', end];
  if (e.reason !== null) return [msg, at + e.reason, end];
  return [at + msg, end];
}

/**
 * How an RDB image meets the data already in memory: `flush` (default) empties every db first;
 * `merge` lets a key in the file replace one in memory (DEBUG RELOAD MERGE, RDBFLAGS_ALLOW_DUP)
 * instead of failing the load as a duplicate.
 */
export interface LoadOptions {
  flush?: boolean;
  merge?: boolean;
}

/** Parses an RDB image into the server's databases (emptied first unless opts.flush is false). */
export function loadRdbBuffer(s: Server, buf: Buffer, stats?: { loadKeysLoaded: number; loadKeysExpired: number }, opts?: LoadOptions): void {
  const it = loadRdbSteps(s, buf, stats, opts);
  while (!it.next().done);
}

/** loadRdbBuffer as a generator (yields every few keys; see parseRdbSteps). */
export function* loadRdbSteps(s: Server, buf: Buffer, stats?: { loadKeysLoaded: number; loadKeysExpired: number }, opts?: LoadOptions): Generator<number, void> {
  if (opts?.flush !== false) for (const db of s.dbs) db.flush();
  const merge = opts?.merge === true;
  let db: Database | null = s.dbs[0] ?? null;
  let loaded = 0;
  let expired = 0;
  const now = s.clock();
  const access = s.access;
  yield* parseRdbSteps(buf, loadLimits(s), {
    selectDb(id) {
      if (id >= s.dbs.length) throw new CorruptError(`FATAL: Data file was created with a Redis server configured to handle more than ${s.dbs.length} databases. Exiting`);
      db = s.dbs[id]!;
    },
    key(key, value, expireMs, idle, freq) {
      const d = db!;
      if (expireMs !== -1 && expireMs < now && !s.isReplica) {
        expired++;
        return;
      }
      if (!d.dict.set(key, value)) {
        if (!merge) throw new CorruptError(`RDB has duplicated key '${key}' in DB ${d.id}`);
        d.deleteKey(key);
        d.dict.set(key, value);
      }
      let stamp = access.fresh(now);
      if (freq >= 0 && access.lfu) stamp = access.withFreq(freq, now);
      else if (idle >= 0 && !access.lfu) stamp = access.withIdle(idle, now);
      d.dict.meta![d.dict.lastSlot] = stamp;
      if (expireMs !== -1) d.expires.set(key, expireMs);
      loaded++;
    },
    function(code) {
      try {
        loadLibrary(scriptingState(s), code, true);
      } catch (e) {
        throw new CorruptError(`Failed loading library: ${(e as Error).message}`);
      }
    },
  });
  if (stats) {
    stats.loadKeysLoaded = loaded;
    stats.loadKeysExpired = expired;
  }
}

/**
 * One save in progress: see the header for the copy-on-write protocol. Synchronous SAVE uses
 * the same job with an infinite slice.
 */
export class SaveJob {
  readonly startedAt = Date.now();
  readonly dirtyAtStart: number;
  private readonly w: RdbWriter;
  private readonly crc = new Crc64();
  private fd = -1;
  private readonly tmp: string;
  /**
   * Per db: the number of slots not yet visited. BGSAVE walks each keyspace Dict's dense key
   * array from the top down: a delete only ever moves the last (already visited, or created
   * since the start and tombstoned) slot into a hole, so the unvisited prefix [0, left) keeps
   * exactly the unvisited keys, and nothing has to be copied at the start. SAVE (no
   * interleaving writes) walks bottom-up, so a reload keeps the keys' order.
   */
  private left: number[] = [];
  private sizeAtStart: number[] = [];
  private expiresAtStart: number[] = [];
  /** Per db: keys already written (or tombstoned) during this job (sharded, see KeySet). */
  private seen: (KeySet | null)[] = [];
  /** Per db: copied-out pairs waiting for the db's section. */
  private pending: (RdbWriter | null)[] = [];
  private sealed: boolean[] = [];
  private cur = -1;
  private done = false;
  /** Background pacing of rdb-key-save-delay: performance.now() of the next key. */
  private nextKeyAt = 0;
  /** SAVE: rdb-key-save-delay microseconds not slept yet (sleeps go by whole ms). */
  private delayDebtUs = 0;

  constructor(
    private readonly server: Server,
    private readonly file: string,
    private readonly background: boolean,
    private readonly aofBase = false,
  ) {
    this.dirtyAtStart = server.dirty;
    this.tmp = path.join(path.dirname(file), `temp-${aofBase ? 'rewriteaof-' : ''}${background ? 'bg' : ''}${process.pid}.${aofBase ? 'aof' : 'rdb'}`);
    this.w = new RdbWriter(new ByteBuf(FLUSH_BYTES + 65536), server.config.bool('rdbcompression'));
    this.w.listFill = server.config.num('list-max-listpack-size');
  }

  /** Opens the temp file, writes the header, AUX fields and functions, notes each db's size. */
  begin(): void {
    const s = this.server;
    this.fd = fs.openSync(this.tmp, 'w');
    writePreamble(this.w, s, this.aofBase);
    for (const db of s.dbs) {
      const n = db.dict.size;
      this.left.push(n);
      this.sizeAtStart.push(n);
      this.expiresAtStart.push(db.expires.size);
      this.seen.push(n === 0 || !this.background ? null : new KeySet());
      this.pending.push(null);
      this.sealed.push(false);
    }
  }

  /** Writes keys for up to `budgetMs`. Returns true when every database is written. */
  step(budgetMs: number): boolean {
    const t0 = budgetMs === Infinity ? 0 : performance.now();
    const s = this.server;
    const w = this.w;
    const bg = this.background;
    let count = 0;
    // rdb-key-save-delay, read live (a fork's copy would be fixed, but a job here cannot be
    // killed: setting it back to 0 lets a slowed save finish).
    const delay = s.config.num('rdb-key-save-delay');
    while (this.cur < s.dbs.length) {
      if (delay !== 0 && bg && performance.now() < this.nextKeyAt) return false;
      const i = this.cur;
      if (i < 0 || this.sealed[i] || this.left[i]! === 0) {
        this.finishDb();
        this.cur++;
        if (this.cur >= s.dbs.length) break;
        this.openDb();
        continue;
      }
      const dict = s.dbs[i]!.dict;
      let slot: number;
      if (bg) {
        let left = this.left[i]!;
        if (left > dict.size) left = dict.size;
        if (left === 0) {
          this.left[i] = 0;
          continue;
        }
        slot = left - 1;
        this.left[i] = slot;
      } else {
        slot = this.sizeAtStart[i]! - this.left[i]!;
        this.left[i]!--;
      }
      const key = dict.keyAt(slot);
      const seen = this.seen[i];
      if (seen !== null && seen !== undefined) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      w.keyValue(key, dict.valueAt(slot), s.dbs[i]!.getExpire(key));
      if (w.out.len >= FLUSH_BYTES) this.flush();
      if (delay !== 0) {
        this.keyDelay(delay);
        if (performance.now() - t0 > budgetMs) return false;
      } else if ((++count & 31) === 0 && performance.now() - t0 > budgetMs) return false;
    }
    return true;
  }

  /**
   * rdb-key-save-delay after one key (debugDelay): `usec` µs per key; a negative value sleeps
   * 1 µs with probability 1/-usec. SAVE sleeps (blocking, as Redis's SAVE does); a background
   * job instead moves the time before which its next key may be written, and its scheduler
   * (scheduleJobTick) waits without blocking the event loop.
   */
  private keyDelay(usec: number): void {
    if (usec < 0) usec = Math.floor(Math.random() * -usec) === 0 ? 1 : 0;
    if (usec === 0) return;
    if (this.background) {
      const now = performance.now();
      // Late timers are caught up within a slice, so the total is close to keys × delay.
      this.nextKeyAt = (this.nextKeyAt === 0 || this.nextKeyAt < now - 50 ? now : this.nextKeyAt) + usec / 1000;
      return;
    }
    this.delayDebtUs += usec;
    if (this.delayDebtUs >= 1000) {
      const ms = Math.floor(this.delayDebtUs / 1000);
      Atomics.wait(SLEEP_CELL, 0, 0, ms);
      this.delayDebtUs -= ms * 1000;
    }
  }

  /** The timer of a job held back by rdb-key-save-delay (scheduleJobTick). */
  sleeping: { timer: NodeJS.Timeout; tick: () => void } | null = null;

  /** rdb-key-save-delay changed: forget the pacing; a sleeping job runs its next slice now. */
  wake(): void {
    this.nextKeyAt = 0;
    const z = this.sleeping;
    if (z === null) return;
    this.sleeping = null;
    clearTimeout(z.timer);
    setImmediate(z.tick);
  }

  /** Milliseconds until the job may write its next key (rdb-key-save-delay pacing). */
  waitMs(): number {
    const d = this.nextKeyAt - performance.now();
    return d > 0 ? d : 0;
  }

  private openDb(): void {
    const i = this.cur;
    const p = this.pending[i];
    if (this.sizeAtStart[i] === 0 && (p === null || p === undefined)) return;
    const w = this.w;
    w.type(K.OP_SELECTDB);
    w.len(i);
    w.type(K.OP_RESIZEDB);
    w.len(this.sizeAtStart[i]!);
    w.len(this.expiresAtStart[i]!);
    if (p !== null && p !== undefined) {
      w.out.bytes(p.out.view());
      this.pending[i] = null;
    }
  }

  private finishDb(): void {
    if (this.cur < 0) return;
    this.left[this.cur] = 0;
    this.seen[this.cur] = null;
    this.sealed[this.cur] = true;
  }

  /**
   * Copy-on-write: `key` of `db` is about to change. Writes its snapshot value first unless it
   * was already written (or did not exist at start).
   */
  copyOut(db: Database, key: string): void {
    const i = db.id;
    if (this.sealed[i] || this.done) return;
    const seen = this.seen[i];
    if (seen === null || seen === undefined || seen.has(key)) return;
    seen.add(key);
    const v = db.dict.get(key);
    if (v === undefined) return;
    this.emit(i, key, v, db.getExpire(key));
  }

  private emit(i: number, key: string, v: RedisValue, expire: number): void {
    if (i === this.cur) {
      this.w.keyValue(key, v, expire);
      if (this.w.out.len >= FLUSH_BYTES) this.flush();
      return;
    }
    let p = this.pending[i];
    if (p === null || p === undefined) {
      p = new RdbWriter(new ByteBuf(4096), this.w.compress);
      p.listFill = this.w.listFill;
      this.pending[i] = p;
    }
    p.keyValue(key, v, expire);
  }

  /** The db is about to be emptied or swapped: write the rest of its snapshot now, then seal it. */
  seal(db: Database): void {
    const i = db.id;
    if (this.done || this.sealed[i]) return;
    const seen = this.seen[i];
    const dict = db.dict;
    const left = Math.min(this.left[i] ?? 0, dict.size);
    for (let j = left - 1; j >= 0; j--) {
      const key = dict.keyAt(j);
      if (seen && seen.has(key)) continue;
      this.emit(i, key, dict.valueAt(j), db.getExpire(key));
    }
    this.left[i] = 0;
    this.seen[i] = null;
    this.sealed[i] = true;
  }

  private flush(): void {
    const out = this.w.out;
    if (out.len === 0) return;
    this.crc.update(out.buf, 0, out.len);
    let off = 0;
    while (off < out.len) off += fs.writeSync(this.fd, out.buf, off, out.len - off);
    out.reset();
  }

  /** Writes EOF and the checksum, syncs, closes and renames over the target. */
  finish(): void {
    const w = this.w;
    w.type(K.OP_EOF);
    this.flush();
    const sum = this.server.config.bool('rdbchecksum') ? this.crc.digest() : Buffer.alloc(8);
    fs.writeSync(this.fd, sum);
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = -1;
    fs.renameSync(this.tmp, this.file);
    this.done = true;
  }

  /**
   * finish() for a background job: the fsync (which can take hundreds of ms for a big file on
   * a busy disk) runs on libuv's thread pool, not on the event loop; then close and rename.
   * `cb` is not called when the job was aborted meanwhile.
   */
  finishAsync(cb: (err: Error | null) => void): void {
    const w = this.w;
    w.type(K.OP_EOF);
    this.flush();
    const sum = this.server.config.bool('rdbchecksum') ? this.crc.digest() : Buffer.alloc(8);
    fs.writeSync(this.fd, sum);
    const fd = this.fd;
    fs.fsync(fd, (err) => {
      if (this.done) return; // aborted (its abort closed the fd)
      try {
        if (err) throw err;
        fs.closeSync(fd);
        this.fd = -1;
        fs.renameSync(this.tmp, this.file);
        this.done = true;
      } catch (e) {
        this.abort();
        cb(e as Error);
        return;
      }
      cb(null);
    });
  }

  abort(): void {
    this.done = true;
    if (this.fd >= 0) {
      try {
        fs.closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = -1;
    }
    try {
      fs.unlinkSync(this.tmp);
    } catch {
      /* not there */
    }
  }
}

const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));

/**
 * Schedules a background job's next slice: at once (setImmediate, so clients are served in
 * between), or, while rdb-key-save-delay holds the next key back, on a timer.
 */
export function scheduleJobTick(job: SaveJob, tick: () => void): void {
  const ms = job.waitMs();
  if (ms < 1) {
    setImmediate(tick);
    return;
  }
  const t = setTimeout(() => {
    job.sleeping = null;
    tick();
  }, Math.ceil(ms));
  t.unref();
  job.sleeping = { timer: t, tick };
}

/**
 * A set of keys split over many small Sets: one big Set rehashes all its entries at once when it
 * grows (a stall of tens of ms at a million keys); small shards rehash a few hundred each.
 */
class KeySet {
  private readonly shards: Set<string>[] = [];

  constructor() {
    for (let i = 0; i < 4096; i++) this.shards.push(new Set());
  }

  private shard(k: string): Set<string> {
    const n = k.length;
    let h = n * 2654435761;
    if (n > 0) h ^= k.charCodeAt(n - 1) | (k.charCodeAt(0) << 7);
    if (n > 1) h ^= k.charCodeAt(n - 2) << 4;
    if (n > 2) h ^= k.charCodeAt(n - 3) << 8;
    if (n > 3) h ^= k.charCodeAt(n >> 1) << 2;
    return this.shards[(h ^ (h >>> 12)) & 4095]!;
  }

  has(k: string): boolean {
    return this.shard(k).has(k);
  }

  add(k: string): void {
    this.shard(k).add(k);
  }
}

/** Header, AUX fields and FUNCTION2 records (rdbSaveInfoAuxFields + rdbSaveFunctions). */
export function writePreamble(w: RdbWriter, s: Server, aofBase = false): void {
  w.out.latin1('REDIS' + String(K.RDB_VERSION).padStart(4, '0'));
  w.aux('redis-ver', K.REDIS_VER);
  w.aux('redis-bits', '64');
  w.aux('ctime', String(Math.floor(Date.now() / 1000)));
  w.aux('used-mem', String(process.memoryUsage().heapUsed));
  w.aux('aof-base', aofBase ? '1' : '0');
  const st = s.ext.get('scripting') as ReturnType<typeof scriptingState> | undefined;
  if (st !== undefined) {
    for (const lib of st.libraries.values()) {
      w.type(K.OP_FUNCTION2);
      w.string(lib.code0);
    }
  }
}

/** The server's Persistence (created on first use). */
export function persistenceOf(s: Server): Persistence {
  let p = s.ext.get('persistence') as Persistence | undefined;
  if (p === undefined) {
    p = new Persistence(s);
    s.ext.set('persistence', p);
  }
  return p;
}

/** Called by the Server constructor. */
export function installPersistence(s: Server): void {
  persistenceOf(s).install();
}
