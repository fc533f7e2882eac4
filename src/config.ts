/**
 * config.ts — the one config table (the standardConfig table of Redis 7.0.15's config.c): every
 * parameter CONFIG GET * prints, with its alias, type, default, bounds and flags (immutable,
 * protected, multi-arg, hidden, sensitive). The same table backs redis.conf parsing
 * (config-file.ts), command-line flags (cli.ts), CONFIG GET/SET/REWRITE (commands/config-cmd.ts)
 * and the server's own settings.
 *
 * Values are kept parsed: number for int/memory configs, boolean for bool configs, the printed
 * name for enums, the text for strings and special configs (in the normalized form CONFIG GET
 * prints, e.g. save "3600 1 300 100 60 10000"). `get()` renders a value exactly as CONFIG GET
 * does. onChange() listeners apply a value to the running server; a listener that throws makes a
 * CONFIG SET fail and roll back (Redis's apply functions).
 *
 * Error texts are Redis's, they reach clients inside "CONFIG SET failed (possibly related to
 * argument '...') - <text>" (pinned by test/diff/config.diff.test.ts).
 * Imports nothing from the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseNotifyFlags, formatNotifyFlags } from './db/notify';
import { parseDouble } from './util/numbers';

export type ConfigType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';
export type ConfigValue = string | number | boolean;

/** Loading state shared by the lines of one config file (the `save` lines accumulate). */
export interface LoadState {
  saveLoaded: boolean;
}

/** How a special config parses, prints and rewrites itself. */
export interface SpecialOps {
  /** argv → the normalized value; throws Error(Redis's message). */
  parse(argv: readonly string[], prev: string, loading: LoadState | null): string;
  /** The value as CONFIG GET prints it (default: the stored text). */
  get?(stored: string): string;
  /** CONFIG REWRITE lines: [line, force]. An empty list removes the option from the file. */
  rewrite(name: string, value: string): [string, boolean][];
  /** Undo a side effect of parse() when CONFIG SET rolls back (dir: chdir back). */
  restore?(value: string): void;
}

export interface ConfigSpec {
  readonly name: string;
  readonly alias?: string;
  readonly type: ConfigType;
  /** The default, written as CONFIG GET prints it. */
  readonly default: string;
  /** False: only at start-up (CONFIG SET replies "can't set immutable config"). */
  readonly mutable: boolean;
  /** PROTECTED_CONFIG: CONFIG SET only when enable-protected-configs allows it. */
  readonly protected?: boolean;
  /** MULTI_ARG_CONFIG: several words (save, bind, client-output-buffer-limit …). */
  readonly multiArg?: boolean;
  /** HIDDEN_CONFIG: only an exact CONFIG GET name shows it, never a pattern. */
  readonly hidden?: boolean;
  /** SENSITIVE_CONFIG: the value is redacted from SLOWLOG/MONITOR. */
  readonly sensitive?: boolean;
  /** DENY_LOADING_CONFIG: refused with -LOADING while a dataset loads. */
  readonly denyLoading?: boolean;
  /** Numeric bounds (as numbers; exact ones in lo/hi). */
  readonly min?: number;
  readonly max?: number;
  readonly lo?: bigint;
  readonly hi?: bigint;
  /** Unsigned C type: bounds compared and printed as unsigned (UINT, ULL, SIZE_T). */
  readonly unsigned?: boolean;
  readonly percent?: boolean;
  readonly octal?: boolean;
  /** Clamp after a successful set (hz: 1..500, updateHZ). */
  readonly clamp?: readonly [number, number];
  /** Allowed words for 'enum' configs, in Redis's order (for the error message). */
  readonly values?: readonly string[];
  /** Enum word → value (several words may share a value; the first one prints). */
  readonly enumValues?: readonly (readonly [string, number])[];
  /** Strings: an empty value means "unset" (not written by CONFIG REWRITE). */
  readonly emptyIsNull?: boolean;
  /** Strings: the default is NULL (so a set value is always rewritten). */
  readonly nullDefault?: boolean;
  /** Extra validation; returns an error text or null. */
  readonly validate?: (value: string | number) => string | null;
  readonly special?: SpecialOps;
}

export type ChangeListener = (value: ConfigValue) => void;

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const LLONG_MAX = LONG_MAX;
const ULLONG_MAX = 18446744073709551615n;
const SSIZE_MAX = LONG_MAX;

const SHUTDOWN_SAVE = 1;
const SHUTDOWN_NOSAVE = 2;

// ---------------------------------------------------------------------------------------------
// Table builders (one per Redis create*Config macro family)
// ---------------------------------------------------------------------------------------------

interface Opts {
  alias?: string;
  immutable?: boolean;
  protected?: boolean;
  hidden?: boolean;
  sensitive?: boolean;
  denyLoading?: boolean;
  validate?: (value: string | number) => string | null;
}

function common(o: Opts): { mutable: boolean } & Record<string, unknown> {
  const r: { mutable: boolean } & Record<string, unknown> = { mutable: !o.immutable };
  if (o.alias) r.alias = o.alias;
  if (o.protected) r.protected = true;
  if (o.hidden) r.hidden = true;
  if (o.sensitive) r.sensitive = true;
  if (o.denyLoading) r.denyLoading = true;
  if (o.validate) r.validate = o.validate;
  return r;
}

function bool(name: string, def: boolean, o: Opts = {}): ConfigSpec {
  return { name, type: 'bool', default: def ? 'yes' : 'no', ...common(o) } as ConfigSpec;
}

/** String config; `def` null means NULL (EMPTY_STRING_IS_NULL configs with no default). */
function str(name: string, def: string | null, emptyIsNull: boolean, o: Opts = {}): ConfigSpec {
  return { name, type: 'string', default: def ?? '', emptyIsNull, nullDefault: def === null, ...common(o) } as ConfigSpec;
}

function enm(name: string, words: [string, number][], def: string, o: Opts & { multiArg?: boolean } = {}): ConfigSpec {
  return {
    name, type: 'enum', default: def, values: words.map((w) => w[0]), enumValues: words,
    ...(o.multiArg ? { multiArg: true } : {}), ...common(o),
  } as ConfigSpec;
}

type NumKind = 'int' | 'uint' | 'long' | 'ulong' | 'll' | 'ull' | 'size' | 'ssize' | 'off' | 'time';

function num(
  name: string, kind: NumKind, lo: bigint, hi: bigint, def: number,
  o: Opts & { memory?: boolean; percent?: boolean; octal?: boolean; clamp?: [number, number] } = {},
): ConfigSpec {
  const unsigned = kind === 'uint' || kind === 'ull' || kind === 'size';
  const r: Record<string, unknown> = {
    name, type: o.memory ? 'memory' : 'int', default: o.octal ? def.toString(8) : String(def),
    lo, hi, min: Number(lo), max: Number(hi), ...common(o),
  };
  if (unsigned) r.unsigned = true;
  if (o.percent) r.percent = true;
  if (o.octal) r.octal = true;
  if (o.clamp) r.clamp = o.clamp;
  return r as unknown as ConfigSpec;
}

function special(name: string, def: string, ops: SpecialOps, o: Opts & { multiArg?: boolean } = {}): ConfigSpec {
  return { name, type: 'special', default: def, special: ops, ...(o.multiArg ? { multiArg: true } : {}), ...common(o) } as ConfigSpec;
}

const yesNo = (a: string, b: string): [string, number][] => [[a, 0], [b, 1]];

// ---------------------------------------------------------------------------------------------
// Small C-library lookalikes used by the special configs
// ---------------------------------------------------------------------------------------------

/** strtoll(s, &end, 10): leading space, sign, digits; `ok` when the whole string was consumed. */
export function strtoll(s: string): { value: number; ok: boolean } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s)!;
  if (m[2] === '') return { value: 0, ok: s.length === 0 };
  let v = BigInt(m[2]!);
  if (m[1] === '-') v = -v;
  if (v > LLONG_MAX) v = LLONG_MAX;
  if (v < -LLONG_MAX - 1n) v = -LLONG_MAX - 1n;
  return { value: Number(v), ok: m[0].length === s.length };
}

/**
 * memtoull: "1gb" → 1073741824, "1k" → 1000, "" → 0; null when invalid (a sign, spaces, a
 * fraction, an unknown unit). Returns a bigint (values may exceed 2^53).
 */
export function memtoull(text: string): bigint | null {
  if (text.startsWith('-')) return null;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const unit = text.slice(i).toLowerCase();
  const MUL: Record<string, bigint> = { '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  const mul = MUL[unit];
  if (mul === undefined) return null;
  if (i >= 128) return null;
  const digits = text.slice(0, i);
  let v = digits === '' ? 0n : BigInt(digits);
  if (v > ULLONG_MAX) v = ULLONG_MAX; // strtoull saturates
  return BigInt.asUintN(64, v * mul);
}

/** Parses a memory size (memtoull) as a number; null when invalid. Kept for older callers. */
export function parseMemory(text: string): number | null {
  const v = memtoull(text);
  return v === null ? null : Number(v);
}

/** string2ll: no spaces, no '+', no leading zeros, int64 range. */
function string2ll(s: string): bigint | null {
  if (s.length === 0 || s.length > 20) return null;
  if (!/^(-?[1-9]\d*|0)$/.test(s)) return null;
  const v = BigInt(s);
  if (v > LLONG_MAX || v < -LLONG_MAX - 1n) return null;
  return v;
}

/** rewriteConfigFormatMemory: 1gb / 1mb / 1kb when exact, else the byte count. */
export function formatMemory(bytes: number | bigint): string {
  const b = BigInt(bytes);
  const GB = 1073741824n;
  const MB = 1048576n;
  const KB = 1024n;
  if (b !== 0n && b % GB === 0n) return `${b / GB}gb`;
  if (b !== 0n && b % MB === 0n) return `${b / MB}mb`;
  if (b !== 0n && b % KB === 0n) return `${b / KB}kb`;
  return String(b);
}

/** sdscatrepr: a double-quoted string with C escapes, as CONFIG REWRITE writes strings. */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c >= 32 && c < 127) out += ch;
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

/** printf("%f") then trimDoubleString (latency-tracking-info-percentiles). */
function formatPercentile(d: number): string {
  let s = d.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

// ---------------------------------------------------------------------------------------------
// Special configs
// ---------------------------------------------------------------------------------------------

/** The working directory as `dir` reports it (a virtual one where chdir is not allowed). */
let virtualDir: string | null = null;

function currentDir(): string {
  return virtualDir ?? process.cwd();
}

function changeDir(target: string): void {
  try {
    process.chdir(target);
    virtualDir = null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_WORKER_UNSUPPORTED_OPERATION') {
      // Worker threads (vitest) can't chdir: keep a per-process virtual directory instead.
      const abs = path.resolve(currentDir(), target);
      let st: fs.Stats;
      try {
        st = fs.statSync(abs);
      } catch (e2) {
        throw new Error(strerror(e2 as NodeJS.ErrnoException));
      }
      if (!st.isDirectory()) throw new Error('Not a directory');
      virtualDir = abs;
      return;
    }
    throw new Error(strerror(err));
  }
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
};

/** C strerror() text for a Node errno error. */
export function strerror(e: NodeJS.ErrnoException): string {
  return (e.code && STRERROR[e.code]) ?? e.message;
}

const dirOps: SpecialOps = {
  parse(argv) {
    if (argv.length !== 1) throw new Error('wrong number of arguments');
    changeDir(argv[0]!);
    return currentDir();
  },
  get: () => currentDir(),
  rewrite: (name) => [[`${name} ${quoteRepr(currentDir())}`, true]],
  restore: (value) => {
    try {
      changeDir(value);
    } catch {
      /* the old directory vanished: nothing better to do */
    }
  },
};

const saveOps: SpecialOps = {
  parse(argv, prev, loading) {
    let args = argv;
    let reset = false;
    if (args.length === 1 && args[0] === '') {
      args = [];
      reset = true;
    }
    if (args.length & 1) throw new Error('Invalid save parameters');
    const nums: number[] = [];
    for (let j = 0; j < args.length; j++) {
      const r = strtoll(args[j]!);
      if (!r.ok || ((j & 1) === 0 && r.value < 1) || ((j & 1) === 1 && r.value < 0)) throw new Error('Invalid save parameters');
      nums.push((j & 1) === 1 ? Number(BigInt.asIntN(32, BigInt(r.value))) : r.value);
    }
    let base: number[] = [];
    if (loading) {
      if (!loading.saveLoaded) loading.saveLoaded = true;
      else if (!reset) base = prev === '' ? [] : prev.split(' ').map(Number);
    }
    return [...base, ...nums].join(' ');
  },
  rewrite(name, value) {
    if (value === '') return [[`${name} ""`, true]];
    const p = value.split(' ');
    const out: [string, boolean][] = [];
    for (let j = 0; j + 1 < p.length; j += 2) out.push([`${name} ${p[j]} ${p[j + 1]}`, true]);
    return out;
  },
};

/** The save points of a `save` value: [[seconds, changes], ...] (empty: no snapshots). */
export function parseSaveParams(value: string): [number, number][] {
  if (value === '') return [];
  const p = value.split(' ').map(Number);
  const out: [number, number][] = [];
  for (let j = 0; j + 1 < p.length; j += 2) out.push([p[j]!, p[j + 1]!]);
  return out;
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;
const OBUF_DEFAULT = 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60';

/** client-output-buffer-limit as numbers, per class (normal, replica, pubsub). */
export function parseObufLimits(value: string): { normal: ObufTriple; replica: ObufTriple; pubsub: ObufTriple } {
  const p = value.split(' ');
  const t = (i: number): ObufTriple => ({ hard: Number(p[i * 4 + 1]), soft: Number(p[i * 4 + 2]), softSeconds: Number(p[i * 4 + 3]) });
  return { normal: t(0), replica: t(1), pubsub: t(2) };
}
export interface ObufTriple {
  hard: number;
  soft: number;
  softSeconds: number;
}

function obufClass(name: string): number {
  const n = name.toLowerCase();
  if (n === 'normal') return 0;
  if (n === 'slave' || n === 'replica') return 1;
  if (n === 'pubsub') return 2;
  if (n === 'master') return 3;
  return -1;
}

const obufOps: SpecialOps = {
  parse(argv, prev) {
    if (argv.length % 4) throw new Error('Wrong number of arguments in buffer limit configuration.');
    const cur = prev.split(' ');
    const next = cur.slice();
    for (let j = 0; j < argv.length; j += 4) {
      const cls = obufClass(argv[j]!);
      if (cls === -1 || cls === 3) throw new Error('Invalid client class specified in buffer limit configuration.');
      const hard = memtoull(argv[j + 1]!);
      const soft = memtoull(argv[j + 2]!);
      const secs = strtoll(argv[j + 3]!);
      if (hard === null || soft === null || secs.value < 0 || !secs.ok) {
        throw new Error('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
      }
      next[cls * 4 + 1] = String(hard);
      next[cls * 4 + 2] = String(soft);
      next[cls * 4 + 3] = String(secs.value);
    }
    return next.join(' ');
  },
  rewrite(name, value) {
    const cur = value.split(' ');
    const def = OBUF_DEFAULT.split(' ');
    const out: [string, boolean][] = [];
    for (let j = 0; j < 3; j++) {
      const force = cur[j * 4 + 1] !== def[j * 4 + 1] || cur[j * 4 + 2] !== def[j * 4 + 2] || cur[j * 4 + 3] !== def[j * 4 + 3];
      const cls = OBUF_CLASSES[j] === 'slave' ? 'replica' : OBUF_CLASSES[j];
      out.push([`${name} ${cls} ${formatMemory(BigInt(cur[j * 4 + 1]!))} ${formatMemory(BigInt(cur[j * 4 + 2]!))} ${cur[j * 4 + 3]}`, force]);
    }
    return out;
  },
};

const oomValuesOps: SpecialOps = {
  parse(argv) {
    if (argv.length !== 3) throw new Error('wrong number of arguments');
    const v: number[] = [];
    for (const a of argv) {
      const r = strtoll(a);
      if (!r.ok || r.value < -2000 || r.value > 2000) throw new Error('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
      v.push(r.value);
    }
    return v.join(' ');
  },
  rewrite: (name, value) => [[`${name} ${value}`, value !== '0 200 800']],
};

/**
 * The flags of the last parsed notify-keyspace-events value. Its text drops 'n' when 'A' is
 * present (keyspaceEventsFlagsToString), yet Redis keeps sending 'new' events, so the config hook
 * takes the 'n' bit from here.
 */
export let lastParsedNotifyFlags = 0;

const notifyOps: SpecialOps = {
  parse(argv) {
    if (argv.length !== 1) throw new Error('wrong number of arguments');
    const f = parseNotifyFlags(argv[0]!);
    if (f === null) throw new Error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    lastParsedNotifyFlags = f;
    return formatNotifyFlags(f);
  },
  rewrite: (name, value) => [[`${name} ${quoteRepr(value)}`, value !== '']],
};

const bindOps: SpecialOps = {
  parse(argv) {
    if (argv.length > 16) throw new Error('Too many bind addresses specified.');
    if (argv.length === 1 && argv[0] === '') return '';
    return argv.join(' ');
  },
  rewrite(name, value) {
    if (value === '* -::*') return [];
    return [[`${name} ${value === '' ? '""' : value}`, true]];
  },
};

const replicaofOps: SpecialOps = {
  parse(argv) {
    if (argv.length !== 2) throw new Error('wrong number of arguments');
    if (argv[0]!.toLowerCase() === 'no' && argv[1]!.toLowerCase() === 'one') return '';
    const m = /^[ \t\n\v\f\r]*[+-]?\d*/.exec(argv[1]!)!;
    const port = m[0].trim() === '' || m[0].trim() === '+' || m[0].trim() === '-' ? 0 : Number(m[0].trim());
    if (port < 0 || port > 65535 || m[0].length !== argv[1]!.length) throw new Error('Invalid master port');
    return `${argv[0]} ${port}`;
  },
  rewrite: (name, value) => (value === '' ? [] : [[`${name} ${value}`, true]]),
};

const percentilesOps: SpecialOps = {
  parse(argv) {
    if (argv.length === 1 && argv[0] === '') return '';
    const out: string[] = [];
    for (const a of argv) {
      const d = parseDouble(a);
      if (d === null) throw new Error('Invalid latency-tracking-info-percentiles parameters');
      if (d > 100 || d < 0) throw new Error('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
      out.push(formatPercentile(d));
    }
    return out.join(' ');
  },
  rewrite: (name, value) => [[`${name} ${value === '' ? '""' : value}`, true]],
};

// ---------------------------------------------------------------------------------------------
// String validators
// ---------------------------------------------------------------------------------------------

const isBaseName = (v: string) => !v.includes('/');
const validDbFilename = (v: string | number) => (isBaseName(String(v)) ? null : "dbfilename can't be a path, just a filename");
const validAofFilename = (v: string | number) =>
  v === '' ? "appendfilename can't be empty" : isBaseName(String(v)) ? null : "appendfilename can't be a path, just a filename";
const validAofDirname = (v: string | number) =>
  v === '' ? "appenddirname can't be empty" : isBaseName(String(v)) ? null : "appenddirname can't be a path, just a dirname";
const validHostname = (v: string | number) => {
  const s = String(v);
  if (s.length >= 256) return 'Hostnames must be less than 256 characters';
  return /^[A-Za-z0-9.-]*$/.test(s) ? null : 'Hostnames may only contain alphanumeric characters, hyphens or dots';
};
const PROC_TITLE_VARS: Record<string, string> = {
  title: '', 'listen-addr': '*:6379', 'server-mode': '', port: '6379', 'tls-port': '0', unixsocket: '', 'config-file': '',
};
const validProcTitle = (v: string | number) => {
  const s = String(v);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '{') {
      if (s[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const end = s.indexOf('}', i);
      if (end < 0) return 'template format is invalid or contains unknown variables';
      const name = s.slice(i + 1, end);
      if (!(name in PROC_TITLE_VARS)) return 'template format is invalid or contains unknown variables';
      out += PROC_TITLE_VARS[name];
      i = end;
    } else if (ch === '}') {
      if (s[i + 1] !== '}') return 'template format is invalid or contains unknown variables';
      out += '}';
      i++;
    } else out += ch;
  }
  return out.trim() === '' ? 'template format is invalid or contains unknown variables' : null;
};

// ---------------------------------------------------------------------------------------------
// The table (same order as config.c's static_configs)
// ---------------------------------------------------------------------------------------------

const I = { immutable: true } as const;

export const CONFIG_TABLE: readonly ConfigSpec[] = [
  // Bool configs
  bool('rdbchecksum', true, I),
  bool('daemonize', false, I),
  bool('io-threads-do-reads', false, I),
  bool('always-show-logo', false, I),
  bool('protected-mode', true),
  bool('rdbcompression', true),
  bool('rdb-del-sync-files', false),
  bool('activerehashing', true),
  bool('stop-writes-on-bgsave-error', true),
  bool('set-proc-title', true, I),
  bool('dynamic-hz', true),
  bool('lazyfree-lazy-eviction', false),
  bool('lazyfree-lazy-expire', false),
  bool('lazyfree-lazy-server-del', false),
  bool('lazyfree-lazy-user-del', false),
  bool('lazyfree-lazy-user-flush', false),
  bool('repl-disable-tcp-nodelay', false),
  bool('repl-diskless-sync', true),
  bool('aof-rewrite-incremental-fsync', true),
  bool('no-appendfsync-on-rewrite', false),
  bool('cluster-require-full-coverage', true),
  bool('rdb-save-incremental-fsync', true),
  bool('aof-load-truncated', true),
  bool('aof-use-rdb-preamble', true),
  bool('aof-timestamp-enabled', false),
  bool('cluster-replica-no-failover', false, { alias: 'cluster-slave-no-failover' }),
  bool('replica-lazy-flush', false, { alias: 'slave-lazy-flush' }),
  bool('replica-serve-stale-data', true, { alias: 'slave-serve-stale-data' }),
  bool('replica-read-only', true, { alias: 'slave-read-only' }),
  bool('replica-ignore-maxmemory', true, { alias: 'slave-ignore-maxmemory' }),
  bool('jemalloc-bg-thread', true),
  // respite has no active defragmentation: refused as by a Redis built without jemalloc.
  bool('activedefrag', false, {
    validate: (v) =>
      v
        ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
        : null,
  }),
  bool('syslog-enabled', false, I),
  bool('cluster-enabled', false, I),
  bool('appendonly', false, { denyLoading: true }),
  bool('cluster-allow-reads-when-down', false),
  bool('cluster-allow-pubsubshard-when-down', true),
  bool('crash-log-enabled', true),
  bool('crash-memcheck-enabled', true),
  bool('use-exit-on-panic', false, { hidden: true }),
  bool('disable-thp', true, I),
  bool('cluster-allow-replica-migration', true),
  bool('replica-announced', true),
  bool('latency-tracking', true),
  bool('aof-disable-auto-gc', false),
  bool('replica-ignore-disk-write-errors', false),
  // Debian's redis-server 7.0.15 (the reference build) adds this hidden, immutable switch.
  bool('lua-enable-deprecated-api', false, { immutable: true, hidden: true }),

  // String configs
  str('aclfile', '', false, I),
  str('unixsocket', null, true, I),
  str('pidfile', null, true, I),
  str('replica-announce-ip', null, true, { alias: 'slave-announce-ip' }),
  str('masteruser', null, true, { sensitive: true }),
  str('cluster-announce-ip', null, true),
  str('cluster-config-file', 'nodes.conf', false, I),
  str('cluster-announce-hostname', null, true, { validate: validHostname }),
  str('syslog-ident', 'redis', false, I),
  str('dbfilename', 'dump.rdb', false, { protected: true, validate: validDbFilename }),
  str('appendfilename', 'appendonly.aof', false, { immutable: true, validate: validAofFilename }),
  str('appenddirname', 'appendonlydir', false, { immutable: true, validate: validAofDirname }),
  str('server_cpulist', null, true, I),
  str('bio_cpulist', null, true, I),
  str('aof_rewrite_cpulist', null, true, I),
  str('bgsave_cpulist', null, true, I),
  str('ignore-warnings', '', false),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', false, { validate: validProcTitle }),
  str('bind-source-addr', null, true),
  str('logfile', '', false, I),
  str('masterauth', null, true, { sensitive: true }),
  str('requirepass', null, true, { sensitive: true }),

  // Enum configs
  enm('supervised', [['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]], 'no', I),
  enm('syslog-facility', [['user', 8], ['local0', 128], ['local1', 136], ['local2', 144], ['local3', 152], ['local4', 160], ['local5', 168], ['local6', 176], ['local7', 184]], 'local0', I),
  enm('repl-diskless-load', [['disabled', 0], ['on-empty-db', 1], ['swapdb', 2]], 'disabled', { denyLoading: true }),
  enm('loglevel', [['debug', 0], ['verbose', 1], ['notice', 2], ['warning', 3]], 'notice'),
  enm('maxmemory-policy', [['volatile-lru', 1], ['volatile-lfu', 2], ['volatile-random', 3], ['volatile-ttl', 4], ['allkeys-lru', 5], ['allkeys-lfu', 6], ['allkeys-random', 7], ['noeviction', 8]], 'noeviction'),
  enm('appendfsync', [['everysec', 2], ['always', 1], ['no', 0]], 'everysec'),
  enm('oom-score-adj', [['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]], 'no'),
  enm('acl-pubsub-default', [['allchannels', 1], ['resetchannels', 0]], 'resetchannels'),
  enm('sanitize-dump-payload', [['no', 0], ['yes', 1], ['clients', 2]], 'no'),
  enm('enable-protected-configs', [['no', 0], ['yes', 1], ['local', 2]], 'no', I),
  enm('enable-debug-command', [['no', 0], ['yes', 1], ['local', 2]], 'no', I),
  enm('enable-module-command', [['no', 0], ['yes', 1], ['local', 2]], 'no', I),
  enm('cluster-preferred-endpoint-type', [['ip', 0], ['hostname', 1], ['unknown-endpoint', 2]], 'ip'),
  enm('propagation-error-behavior', [['ignore', 0], ['panic', 1], ['panic-on-replicas', 2]], 'ignore'),
  enm('shutdown-on-sigint', [['default', 0], ['save', 1], ['nosave', 2], ['now', 4], ['force', 8]], 'default', { multiArg: true }),
  enm('shutdown-on-sigterm', [['default', 0], ['save', 1], ['nosave', 2], ['now', 4], ['force', 8]], 'default', { multiArg: true }),

  // Integer configs
  num('databases', 'int', 1n, INT_MAX, 16, I),
  num('port', 'int', 0n, 65535n, 6379),
  num('io-threads', 'int', 1n, 128n, 1, I),
  num('auto-aof-rewrite-percentage', 'int', 0n, INT_MAX, 100),
  num('cluster-replica-validity-factor', 'int', 0n, INT_MAX, 10, { alias: 'cluster-slave-validity-factor' }),
  num('list-max-listpack-size', 'int', INT_MIN, INT_MAX, -2, { alias: 'list-max-ziplist-size' }),
  num('tcp-keepalive', 'int', 0n, INT_MAX, 300),
  num('cluster-migration-barrier', 'int', 0n, INT_MAX, 1),
  num('active-defrag-cycle-min', 'int', 1n, 99n, 1),
  num('active-defrag-cycle-max', 'int', 1n, 99n, 25),
  num('active-defrag-threshold-lower', 'int', 0n, 1000n, 10),
  num('active-defrag-threshold-upper', 'int', 0n, 1000n, 100),
  num('lfu-log-factor', 'int', 0n, INT_MAX, 10),
  num('lfu-decay-time', 'int', 0n, INT_MAX, 1),
  num('replica-priority', 'int', 0n, INT_MAX, 100, { alias: 'slave-priority' }),
  num('repl-diskless-sync-delay', 'int', 0n, INT_MAX, 5),
  num('maxmemory-samples', 'int', 1n, INT_MAX, 5),
  num('maxmemory-eviction-tenacity', 'int', 0n, 100n, 10),
  num('timeout', 'int', 0n, INT_MAX, 0),
  num('replica-announce-port', 'int', 0n, 65535n, 0, { alias: 'slave-announce-port' }),
  num('tcp-backlog', 'int', 0n, INT_MAX, 511, I),
  num('cluster-port', 'int', 0n, 65535n, 0, I),
  num('cluster-announce-bus-port', 'int', 0n, 65535n, 0),
  num('cluster-announce-port', 'int', 0n, 65535n, 0),
  num('cluster-announce-tls-port', 'int', 0n, 65535n, 0),
  num('repl-timeout', 'int', 1n, INT_MAX, 60),
  num('repl-ping-replica-period', 'int', 1n, INT_MAX, 10, { alias: 'repl-ping-slave-period' }),
  num('list-compress-depth', 'int', 0n, INT_MAX, 0),
  num('rdb-key-save-delay', 'int', INT_MIN, INT_MAX, 0, { hidden: true }),
  num('key-load-delay', 'int', INT_MIN, INT_MAX, 0, { hidden: true }),
  num('active-expire-effort', 'int', 1n, 10n, 1),
  num('hz', 'int', 0n, INT_MAX, 10, { clamp: [1, 500] }),
  num('min-replicas-to-write', 'int', 0n, INT_MAX, 0, { alias: 'min-slaves-to-write' }),
  num('min-replicas-max-lag', 'int', 0n, INT_MAX, 10, { alias: 'min-slaves-max-lag' }),
  num('watchdog-period', 'int', 0n, INT_MAX, 0, { hidden: true }),
  num('shutdown-timeout', 'int', 0n, INT_MAX, 10),
  num('repl-diskless-sync-max-replicas', 'int', 0n, INT_MAX, 0),
  // Unsigned int configs
  num('maxclients', 'uint', 1n, UINT_MAX, 10000),
  num('unixsocketperm', 'uint', 0n, 0o777n, 0, { immutable: true, octal: true }),
  num('socket-mark-id', 'uint', 0n, UINT_MAX, 0, I),
  // Unsigned long configs
  num('active-defrag-max-scan-fields', 'ulong', 1n, LONG_MAX, 1000),
  num('slowlog-max-len', 'ulong', 0n, LONG_MAX, 128),
  num('acllog-max-len', 'ulong', 0n, LONG_MAX, 128),
  // Long long configs
  num('busy-reply-threshold', 'll', 0n, LONG_MAX, 5000, { alias: 'lua-time-limit' }),
  num('cluster-node-timeout', 'll', 0n, LLONG_MAX, 15000),
  num('slowlog-log-slower-than', 'll', -1n, LLONG_MAX, 10000),
  num('latency-monitor-threshold', 'll', 0n, LLONG_MAX, 0),
  num('proto-max-bulk-len', 'll', 1048576n, LONG_MAX, 512 * 1024 * 1024, { memory: true }),
  num('stream-node-max-entries', 'll', 0n, LLONG_MAX, 100),
  num('repl-backlog-size', 'll', 1n, LLONG_MAX, 1024 * 1024, { memory: true }),
  // Unsigned long long configs
  num('maxmemory', 'ull', 0n, ULLONG_MAX, 0, { memory: true }),
  num('cluster-link-sendbuf-limit', 'ull', 0n, ULLONG_MAX, 0, { memory: true }),
  // size_t configs
  num('hash-max-listpack-entries', 'size', 0n, LONG_MAX, 512, { alias: 'hash-max-ziplist-entries' }),
  num('set-max-intset-entries', 'size', 0n, LONG_MAX, 512),
  num('zset-max-listpack-entries', 'size', 0n, LONG_MAX, 128, { alias: 'zset-max-ziplist-entries' }),
  num('active-defrag-ignore-bytes', 'size', 1n, LLONG_MAX, 100 * 1024 * 1024, { memory: true }),
  num('hash-max-listpack-value', 'size', 0n, LONG_MAX, 64, { alias: 'hash-max-ziplist-value', memory: true }),
  num('stream-node-max-bytes', 'size', 0n, LONG_MAX, 4096, { memory: true }),
  num('zset-max-listpack-value', 'size', 0n, LONG_MAX, 64, { alias: 'zset-max-ziplist-value', memory: true }),
  num('hll-sparse-max-bytes', 'size', 0n, LONG_MAX, 3000, { memory: true }),
  num('tracking-table-max-keys', 'size', 0n, LONG_MAX, 1000000),
  num('client-query-buffer-limit', 'size', 1048576n, LONG_MAX, 1024 * 1024 * 1024, { memory: true }),
  num('maxmemory-clients', 'ssize', -100n, SSIZE_MAX, 0, { memory: true, percent: true }),
  // Other numeric configs
  num('repl-backlog-ttl', 'time', 0n, LONG_MAX, 3600),
  num('auto-aof-rewrite-min-size', 'off', 0n, LLONG_MAX, 64 * 1024 * 1024, { memory: true }),
  num('loading-process-events-interval-bytes', 'off', 1024n, INT_MAX, 2 * 1024 * 1024, { hidden: true }),

  // TLS configs (Redis built with TLS prints them; respite has no TLS, they are stored only)
  num('tls-port', 'int', 0n, 65535n, 0),
  num('tls-session-cache-size', 'int', 0n, INT_MAX, 20 * 1024),
  num('tls-session-cache-timeout', 'int', 0n, INT_MAX, 300),
  bool('tls-cluster', false),
  bool('tls-replication', false),
  enm('tls-auth-clients', [['no', 0], ['yes', 1], ['optional', 2]], 'yes'),
  bool('tls-prefer-server-ciphers', false),
  bool('tls-session-caching', true),
  str('tls-cert-file', null, true),
  str('tls-key-file', null, true),
  str('tls-key-file-pass', null, true),
  str('tls-client-cert-file', null, true),
  str('tls-client-key-file', null, true),
  str('tls-client-key-file-pass', null, true),
  str('tls-dh-params-file', null, true),
  str('tls-ca-cert-file', null, true),
  str('tls-ca-cert-dir', null, true),
  str('tls-protocols', null, true),
  str('tls-ciphers', null, true),
  str('tls-ciphersuites', null, true),

  // Special configs
  special('dir', '', dirOps, { protected: true, denyLoading: true }),
  special('save', '3600 1 300 100 60 10000', saveOps, { multiArg: true }),
  special('client-output-buffer-limit', OBUF_DEFAULT, obufOps, { multiArg: true }),
  special('oom-score-adj-values', '0 200 800', oomValuesOps, { multiArg: true }),
  special('notify-keyspace-events', '', notifyOps),
  special('bind', '* -::*', bindOps, { multiArg: true }),
  special('replicaof', '', replicaofOps, { alias: 'slaveof', immutable: true, multiArg: true }),
  special('latency-tracking-info-percentiles', '50 99 99.9', percentilesOps, { multiArg: true }),
];

// ---------------------------------------------------------------------------------------------
// Parsing one value
// ---------------------------------------------------------------------------------------------

/** A numeric value parsed and bounds-checked; `exact` is set when it is beyond 2^53. */
interface Parsed {
  value: ConfigValue;
  exact?: string;
}

function enumError(s: ConfigSpec): Error {
  const msg = `argument(s) must be one of the following: ${s.values!.join(', ')}`;
  return new Error(msg.slice(0, 255));
}

/** configEnumGetName: the word(s) CONFIG GET prints for an enum value. */
function enumName(s: ConfigSpec, val: number): string {
  const ev = s.enumValues!;
  let names: string[] = [];
  let unmatched = val;
  for (const [name, v] of ev) {
    if (v === val) return name;
    if (s.multiArg && v !== 0 && v === (unmatched & v)) {
      names.push(name);
      unmatched &= ~v;
    }
  }
  if (names.length === 0 || unmatched) names = ['unknown'];
  return names.join(' ');
}

/**
 * Parses the argument words of one config (already split) into its stored form. Throws
 * Error(Redis's text). `prev` is the current stored value (special configs merge into it).
 */
function parseArgs(s: ConfigSpec, argv: readonly string[], prev: ConfigValue, loading: LoadState | null): Parsed {
  if (s.type === 'special') return { value: s.special!.parse(argv, String(prev), loading) };
  if (s.type === 'enum') {
    if (argv.length === 0 || (!s.multiArg && argv.length !== 1)) throw enumError(s);
    let val = 0;
    for (const a of argv) {
      const l = a.toLowerCase();
      let matched = false;
      for (const [name, v] of s.enumValues!) {
        if (name === l) {
          val |= v;
          matched = true;
        }
      }
      if (!matched) throw enumError(s);
    }
    if (s.multiArg && val & SHUTDOWN_SAVE && val & SHUTDOWN_NOSAVE) {
      throw new Error("shutdown options SAVE and NOSAVE can't be used simultaneously");
    }
    return { value: enumName(s, val) };
  }
  const text = argv[0] ?? '';
  switch (s.type) {
    case 'bool': {
      const t = text.toLowerCase();
      if (t !== 'yes' && t !== 'no') throw new Error("argument must be 'yes' or 'no'");
      const err = s.validate?.(t === 'yes' ? 1 : 0);
      if (err) throw new Error(err);
      return { value: t === 'yes' };
    }
    case 'string': {
      if (s.validate) {
        const err = s.validate(text);
        if (err) throw new Error(err);
      }
      return { value: text };
    }
    default:
      return parseNumeric(s, text);
  }
}

function parseNumeric(s: ConfigSpec, text: string): Parsed {
  let ll: bigint | null = null;
  if (s.type === 'memory') {
    const m = memtoull(text);
    if (m !== null) ll = BigInt.asIntN(64, m);
  }
  if (ll === null && s.percent && text.length > 1 && text.endsWith('%')) {
    const p = string2ll(text.slice(0, -1));
    if (p !== null && p >= 0n) ll = -p;
  }
  if (ll === null && s.octal) {
    if (/^[ \t\n\v\f\r]*[+-]?[0-7]+$/.test(text)) ll = BigInt.asIntN(64, BigInt('0o' + text.trim().replace(/^[+-]/, '')) * (text.trim().startsWith('-') ? -1n : 1n));
  }
  if (ll === null && s.type === 'int' && !s.octal) ll = string2ll(text);
  if (ll === null) {
    if (s.type === 'memory' && s.percent) throw new Error('argument must be a memory or percent value');
    if (s.type === 'memory') throw new Error('argument must be a memory value');
    if (s.octal) throw new Error("argument couldn't be parsed as an octal number");
    throw new Error("argument couldn't be parsed into an integer");
  }
  const lo = s.lo!;
  const hi = s.hi!;
  if (s.unsigned) {
    const ull = BigInt.asUintN(64, ll);
    const ulo = BigInt.asUintN(64, lo);
    const uhi = BigInt.asUintN(64, hi);
    if (ull > uhi || ull < ulo) {
      if (s.octal) throw new Error(`argument must be between ${ulo.toString(8)} and ${uhi.toString(8)} inclusive`);
      throw new Error(`argument must be between ${ulo} and ${uhi} inclusive`);
    }
    ll = ull;
  } else if (s.percent && ll < 0n) {
    if (ll < lo) throw new Error(`percentage argument must be less or equal to ${-lo}`);
  } else if (ll > hi || ll < lo) {
    throw new Error(`argument must be between ${lo} and ${hi} inclusive`);
  }
  if (s.validate) {
    const err = s.validate(Number(ll));
    if (err) throw new Error(err);
  }
  if (s.clamp) {
    if (ll < BigInt(s.clamp[0])) ll = BigInt(s.clamp[0]);
    if (ll > BigInt(s.clamp[1])) ll = BigInt(s.clamp[1]);
  }
  const n = Number(ll);
  return Number.isSafeInteger(n) ? { value: n } : { value: n, exact: String(ll) };
}

/** Splits a CONFIG SET value of a multi-arg config on single spaces (sdssplitlen, empties kept). */
function splitSetValue(s: ConfigSpec, text: string): string[] {
  if (!s.multiArg) return [text];
  if (text === '') return [];
  return text.split(' ');
}

/** A failed CONFIG SET: `name` is the config entry's name (the alias when set by its alias). */
export class ConfigSetError extends Error {
  constructor(
    readonly configName: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// The live configuration
// ---------------------------------------------------------------------------------------------

export class Config {
  private readonly specs = new Map<string, ConfigSpec>();
  /** Lower-case name or alias → the name by which it was looked up (alias names stay aliases). */
  private readonly values = new Map<string, ConfigValue>();
  private readonly exact = new Map<string, string>();
  private readonly listeners = new Map<string, ChangeListener[]>();
  readonly table: readonly ConfigSpec[];
  /** `user` directives read from the config file (full argv after "user"), for ACL. */
  readonly userDirectives: string[][] = [];
  /** `rename-command` directives, in file order: [from, to] (to '' removes the command). */
  readonly renameCommands: [string, string][] = [];
  /** `loadmodule` directives (respite loads no modules; kept for CONFIG REWRITE). */
  readonly loadModules: string[][] = [];
  /** Lines CONFIG REWRITE writes for `user`; ACL may replace this (rewriteConfigUserOption). */
  userRewriteLines: (() => string[]) | null = null;

  constructor(table: readonly ConfigSpec[] = CONFIG_TABLE) {
    this.table = table;
    for (const s of table) {
      this.specs.set(s.name, s);
      if (s.alias) this.specs.set(s.alias, s);
      this.values.set(s.name, initialValue(s));
    }
  }

  /** The spec of a name or alias (case-insensitive), or undefined. */
  spec(name: string): ConfigSpec | undefined {
    return this.specs.get(name) ?? this.specs.get(name.toLowerCase());
  }

  /** Every name and alias, in table order (primary name first), as CONFIG GET * lists them. */
  allNames(): string[] {
    const out: string[] = [];
    for (const s of this.table) {
      out.push(s.name);
      if (s.alias) out.push(s.alias);
    }
    return out;
  }

  /** The parsed value (number for int/memory, boolean for bool, string otherwise). */
  raw(name: string): ConfigValue {
    const s = this.spec(name);
    if (!s) throw new Error(`unknown config ${name}`);
    if (s.special?.get) return s.special.get(this.values.get(s.name) as string);
    return this.values.get(s.name)!;
  }

  num(name: string): number {
    return this.raw(name) as number;
  }
  bool(name: string): boolean {
    return this.raw(name) as boolean;
  }
  str(name: string): string {
    return String(this.raw(name));
  }

  /** The value as CONFIG GET prints it. */
  get(name: string): string {
    const s = this.spec(name);
    if (!s) throw new Error(`unknown config ${name}`);
    const v = this.raw(s.name);
    switch (s.type) {
      case 'bool':
        return v ? 'yes' : 'no';
      case 'int':
      case 'memory': {
        const n = v as number;
        if (s.percent && n < 0) return `${-n}%`;
        const ex = this.exact.get(s.name);
        if (ex !== undefined) return ex;
        if (s.octal) return n.toString(8);
        return String(n);
      }
      default:
        return String(v);
    }
  }

  /**
   * Sets one config from CONFIG SET-style text (multi-arg values split on spaces). Throws
   * Error(Redis's text) when invalid; runs the change listeners; rolls back if one throws.
   * Immutability is not enforced here (start-up code may set anything).
   */
  set(name: string, text: string): void {
    const s = this.spec(name);
    if (!s) throw new Error(`unknown config ${name}`);
    try {
      this.setMany([[s.name, text]]);
    } catch (e) {
      throw new Error((e as Error).message);
    }
  }

  /**
   * Sets configs from argument words as the config file gives them (loadServerConfigFromString):
   * a multi-arg config given a single non-empty word splits it with quoting rules.
   */
  setArgs(name: string, argv: readonly string[], loading: LoadState | null, split?: (s: string) => string[] | null): void {
    const s = this.spec(name);
    if (!s) throw new Error(`unknown config ${name}`);
    let args = argv;
    if (s.multiArg && args.length === 1 && args[0] !== '' && split) {
      args = split(args[0]!) ?? args;
    }
    const prev = this.values.get(s.name)!;
    const p = parseArgs(s, args, prev, loading);
    this.store(s, p);
    if (!sameValue(prev, p.value) || s.type === 'special') this.fire(s.name);
  }

  /**
   * CONFIG SET of several configs, all or nothing: every value is parsed first (nothing changes
   * when one is invalid), then all are stored, then the listeners run; when a listener throws,
   * every config goes back to its old value. Throws ConfigSetError naming the failing config.
   */
  setMany(pairs: readonly (readonly [string, string])[]): void {
    const specs: ConfigSpec[] = [];
    const parsed: Parsed[] = [];
    const old: ConfigValue[] = [];
    const oldExact: (string | undefined)[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const [name, text] = pairs[i]!;
      const s = this.spec(name)!;
      specs.push(s);
      old.push(this.values.get(s.name)!);
      oldExact.push(this.exact.get(s.name));
      try {
        parsed.push(parseArgs(s, splitSetValue(s, text), this.values.get(s.name)!, null));
      } catch (e) {
        // dir's parse has a side effect (chdir): undo the ones already done.
        for (let j = 0; j < i; j++) specs[j]!.special?.restore?.(String(old[j]));
        throw new ConfigSetError(name.toLowerCase() === s.name ? s.name : (s.alias ?? s.name), (e as Error).message);
      }
    }
    const changed: number[] = [];
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i]!;
      if (!sameValue(old[i]!, parsed[i]!.value) || s.type === 'special') changed.push(i);
      this.store(s, parsed[i]!);
    }
    const fired = new Set<string>();
    for (const i of changed) {
      const s = specs[i]!;
      if (fired.has(s.name)) continue;
      fired.add(s.name);
      try {
        this.fire(s.name);
      } catch (e) {
        for (let j = 0; j < specs.length; j++) {
          const sj = specs[j]!;
          sj.special?.restore?.(String(old[j]));
          this.values.set(sj.name, old[j]!);
          if (oldExact[j] === undefined) this.exact.delete(sj.name);
          else this.exact.set(sj.name, oldExact[j]!);
        }
        for (const n of fired) {
          try {
            this.fire(n);
          } catch {
            /* restoring: Redis logs and carries on */
          }
        }
        const name = pairs[i]![0];
        throw new ConfigSetError(name.toLowerCase() === s.name ? s.name : (s.alias ?? s.name), (e as Error).message);
      }
    }
  }

  private store(s: ConfigSpec, p: Parsed): void {
    this.values.set(s.name, p.value);
    if (p.exact !== undefined) this.exact.set(s.name, p.exact);
    else this.exact.delete(s.name);
  }

  private fire(name: string): void {
    const arr = this.listeners.get(name);
    if (!arr) return;
    const v = this.raw(name);
    for (const l of arr) l(v);
  }

  /** Calls fn now with the current value and again after every change. */
  onChange(name: string, fn: ChangeListener): void {
    const s = this.spec(name);
    if (!s) throw new Error(`unknown config ${name}`);
    let arr = this.listeners.get(s.name);
    if (!arr) this.listeners.set(s.name, (arr = []));
    arr.push(fn);
    fn(this.raw(s.name));
  }

  /** Primary names, in table order. */
  names(): string[] {
    return this.table.map((s) => s.name);
  }

  /** True when the config still has its CONFIG GET default (dir never does). */
  isDefault(name: string): boolean {
    const s = this.spec(name)!;
    return this.get(s.name) === s.default;
  }

  /**
   * The CONFIG REWRITE lines of one config: [line, force] pairs (force: write it even when the
   * file doesn't mention it). An empty list means "remove it from the file".
   */
  rewriteLines(name: string): [string, boolean][] {
    const s = this.spec(name)!;
    const n = s.name;
    const v = this.raw(n);
    switch (s.type) {
      case 'bool':
        return [[`${n} ${v ? 'yes' : 'no'}`, (v ? 'yes' : 'no') !== s.default]];
      case 'enum':
        return [[`${n} ${v}`, v !== s.default]];
      case 'string': {
        const t = String(v);
        if (s.emptyIsNull && t === '') return [];
        return [[`${n} ${quoteRepr(t)}`, s.nullDefault ? true : t !== s.default]];
      }
      case 'special':
        return s.special!.rewrite(n, String(this.values.get(n)));
      default: {
        const x = v as number;
        const printed = this.get(n);
        const force = printed !== s.default && !(s.percent && x < 0 && printed === s.default);
        if (s.percent && x < 0) return [[`${n} ${-x}%`, force]];
        if (s.type === 'memory') return [[`${n} ${formatMemory(BigInt(this.exact.get(n) ?? x))}`, force]];
        return [[`${n} ${printed}`, force]];
      }
    }
  }
}

function initialValue(s: ConfigSpec): ConfigValue {
  switch (s.type) {
    case 'bool':
      return s.default === 'yes';
    case 'int':
    case 'memory':
      return s.octal ? parseInt(s.default, 8) : Number(s.default);
    default:
      return s.default;
  }
}

function sameValue(a: ConfigValue, b: ConfigValue): boolean {
  return a === b;
}
