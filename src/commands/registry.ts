/**
 * commands/registry.ts — the command table: one CommandSpec per command and subcommand
 * (Redis's struct redisCommand, filled from src/commands/*.json there). Group files export
 * readonly arrays of specs; commands/index.ts concatenates them and builds the Registry here,
 * which validates them once at start-up and answers lookups on the hot path.
 *
 * Arity follows Redis: N means exactly N arguments, -N at least N, argv[0] counted. For a
 * subcommand, argv[0] is the container name and argv[1] the subcommand.
 */
import type { CommandContext } from './context';

export type Flag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'module'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'sentinel'
  | 'only_sentinel'
  | 'no_mandatory_keys'
  | 'protected'
  | 'module_getkeys'
  | 'module_no_cluster'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy'
  | 'module_getchannels';

/** ACL categories that Redis sets explicitly in a command's JSON (the rest come from flags). */
export type AclCategory =
  | 'keyspace'
  | 'read'
  | 'write'
  | 'set'
  | 'sortedset'
  | 'list'
  | 'hash'
  | 'string'
  | 'bitmap'
  | 'hyperloglog'
  | 'geo'
  | 'stream'
  | 'pubsub'
  | 'admin'
  | 'fast'
  | 'slow'
  | 'blocking'
  | 'dangerous'
  | 'connection'
  | 'transaction'
  | 'scripting';

export type Handler = (ctx: CommandContext) => void;

export interface CommandSpec {
  /** Lower-case, as COMMAND prints it. Subcommands: the subcommand alone ('list' for CLIENT LIST). */
  readonly name: string;
  readonly arity: number;
  readonly flags: readonly Flag[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  /** Explicit ACL categories; @read/@write/@fast/@slow/@admin/@dangerous/@blocking/@pubsub are added from flags. */
  readonly acl?: readonly AclCategory[];
  /** Command group, as COMMAND DOCS prints it (string, list, generic, server, connection, …). */
  readonly group: string;
  readonly since?: string;
  readonly summary?: string;
  readonly complexity?: string;
  /** Request/response policy tips (COMMAND INFO's 8th field), e.g. 'nondeterministic_output'. */
  readonly tips?: readonly string[];
  /** For movablekeys commands: the key positions in argv. */
  readonly keys?: (argv: readonly string[]) => number[];
  /**
   * Key-spec access flags of the key at argv[pos] (the index-th key), as COMMAND GETKEYSANDFLAGS
   * prints them: e.g. ['OW', 'update'] for SET, ['RW', 'access', 'delete'] for LMOVE's source.
   * Without it, GETKEYSANDFLAGS derives RO/RW flags from the command flags.
   */
  readonly keyFlags?: (argv: readonly string[], pos: number, index: number) => readonly string[];
  readonly subcommands?: readonly CommandSpec[];
  /** Absent only on containers whose every call goes to a subcommand. */
  readonly handler?: Handler;
}

/** A spec bound into the table, with the run-time statistics INFO commandstats reports. */
export class Command {
  readonly fullName: string;
  readonly isWrite: boolean;
  readonly isReadonly: boolean;
  readonly denyOom: boolean;
  readonly noScript: boolean;
  readonly allowLoading: boolean;
  readonly stale: boolean;
  readonly noAuth: boolean;
  readonly noMulti: boolean;
  /** CMD_PROTECTED (DEBUG, MODULE LOAD…): Server.protectedFilters decide whether it may run. */
  readonly isProtected: boolean;
  readonly isBlocking: boolean;
  readonly isPubsub: boolean;
  readonly isAdmin: boolean;
  readonly skipMonitor: boolean;
  readonly skipSlowlog: boolean;
  readonly mayReplicate: boolean;
  readonly categories: readonly string[];
  readonly subcommands: Map<string, Command> | null;
  calls = 0;
  usec = 0;
  rejectedCalls = 0;
  failedCalls = 0;
  /** INFO latencystats: call durations by histogram bucket (commands/info.ts), once it has any. */
  latencyHist: Uint32Array | null = null;
  /** Stable id, used by ACL bitmaps. */
  readonly id: number;

  constructor(
    readonly spec: CommandSpec,
    readonly parent: Command | null,
    id: number,
    nextId: () => number,
  ) {
    this.id = id;
    this.fullName = parent ? `${parent.spec.name}|${spec.name}` : spec.name;
    const f = new Set(spec.flags);
    this.isWrite = f.has('write');
    this.isReadonly = f.has('readonly');
    this.denyOom = f.has('denyoom');
    this.noScript = f.has('noscript');
    this.allowLoading = f.has('loading');
    this.stale = f.has('stale');
    this.noAuth = f.has('no_auth');
    this.noMulti = f.has('no_multi');
    this.isProtected = f.has('protected');
    this.isBlocking = f.has('blocking');
    this.isPubsub = f.has('pubsub');
    this.isAdmin = f.has('admin');
    this.skipMonitor = f.has('skip_monitor');
    this.skipSlowlog = f.has('skip_slowlog');
    this.mayReplicate = f.has('may_replicate');
    this.categories = deriveCategories(spec);
    if (spec.subcommands && spec.subcommands.length > 0) {
      this.subcommands = new Map();
      for (const s of spec.subcommands) {
        const sub = new Command(s, this, nextId(), nextId);
        this.subcommands.set(s.name, sub);
      }
    } else {
      this.subcommands = null;
    }
  }

  get name(): string {
    return this.spec.name;
  }
  get arity(): number {
    return this.spec.arity;
  }
  get handler(): Handler | undefined {
    return this.spec.handler;
  }

  /** True when argc satisfies the arity (N exact, -N at least N). */
  arityOk(argc: number): boolean {
    const a = this.spec.arity;
    return a > 0 ? argc === a : argc >= -a;
  }

  /** Key positions of argv for this command (COMMAND GETKEYS, ACL key checks, tracking). */
  keyPositions(argv: readonly string[]): number[] {
    const s = this.spec;
    if (s.keys) return s.keys(argv);
    if (s.firstKey === 0) return [];
    const last = s.lastKey < 0 ? argv.length + s.lastKey : s.lastKey;
    const out: number[] = [];
    for (let i = s.firstKey; i <= last && i < argv.length; i += s.step) out.push(i);
    return out;
  }
}

/** ACL categories as Redis computes them (setImplicitACLCategories) plus the explicit ones. */
function deriveCategories(spec: CommandSpec): string[] {
  const cats = new Set<string>(spec.acl ?? []);
  const f = new Set(spec.flags);
  if (f.has('write')) cats.add('write');
  if (f.has('readonly') && !cats.has('scripting')) cats.add('read');
  if (f.has('admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (f.has('pubsub')) cats.add('pubsub');
  if (f.has('fast')) cats.add('fast');
  if (f.has('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  // Redis prints them in the order of its category table.
  const order = [
    'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap',
    'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous',
    'connection', 'transaction', 'scripting',
  ];
  return order.filter((c) => cats.has(c)).map((c) => '@' + c);
}

export class Registry {
  private readonly table = new Map<string, Command>();
  /** Commands in registration order (COMMAND's output order). */
  readonly all: Command[] = [];
  private ids = 0;

  constructor(specs: readonly CommandSpec[]) {
    const nextId = () => this.ids++;
    for (const spec of specs) {
      if (this.table.has(spec.name)) throw new Error(`duplicate command spec: ${spec.name}`);
      validate(spec);
      const cmd = new Command(spec, null, nextId(), nextId);
      this.all.push(cmd);
      this.table.set(spec.name, cmd);
    }
  }

  /** Case-insensitive lookup of a top-level command. The common spellings hit the first get. */
  lookup(name: string): Command | undefined {
    const c = this.table.get(name);
    if (c !== undefined) return c;
    const lower = name.toLowerCase();
    if (lower === name) return undefined;
    const found = this.table.get(lower);
    // Remember this spelling (GET, Get…) so the next lookup is a single Map hit.
    if (found !== undefined && this.table.size < 4096) this.table.set(name, found);
    return found;
  }

  /** Looks up "name" or "container|sub". */
  lookupFull(fullName: string): Command | undefined {
    const bar = fullName.indexOf('|');
    if (bar < 0) return this.lookup(fullName);
    const parent = this.lookup(fullName.slice(0, bar));
    return parent?.subcommands?.get(fullName.slice(bar + 1).toLowerCase());
  }

  /** Renames a command (rename-command); an empty new name removes it. */
  rename(from: string, to: string): boolean {
    const cmd = this.lookup(from);
    if (!cmd) return false;
    for (const [k, v] of this.table) if (v === cmd) this.table.delete(k);
    if (to !== '') this.table.set(to.toLowerCase(), cmd);
    return true;
  }

  get count(): number {
    return this.all.length;
  }
}

function validate(spec: CommandSpec): void {
  const f = new Set(spec.flags);
  if (f.has('movablekeys') !== (spec.keys !== undefined) && !spec.subcommands) {
    throw new Error(`command ${spec.name}: movablekeys must go with a keys() function`);
  }
  if (!spec.handler && !(spec.subcommands && spec.subcommands.length)) {
    throw new Error(`command ${spec.name}: no handler and no subcommands`);
  }
  for (const s of spec.subcommands ?? []) validate(s);
}
