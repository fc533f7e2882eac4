/**
 * config.ts — the one config table (Redis's standardConfig table in config.c). Each entry has a
 * name, a type, a default, and whether CONFIG SET may change it. The same table backs redis.conf
 * parsing, command-line flags, CONFIG GET/SET/RESETSTAT/REWRITE and the server's own settings.
 *
 * Values are kept parsed (numbers, booleans, strings); `get()` renders them the way CONFIG GET
 * prints them. Listeners registered with onChange() let hot-path code cache a value.
 * Imports nothing from the server.
 */

export type ConfigType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export interface ConfigSpec {
  readonly name: string;
  readonly alias?: string;
  readonly type: ConfigType;
  /** The default, written as in redis.conf. */
  readonly default: string;
  /** False: only at start-up (CONFIG SET replies "can't set immutable config"). */
  readonly mutable: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Allowed words for 'enum' configs. */
  readonly values?: readonly string[];
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** The table. Keep it sorted by name within each block. */
export const CONFIG_TABLE: readonly ConfigSpec[] = [
  { name: 'port', type: 'int', default: '6379', mutable: true, min: 0, max: 65535 },
  { name: 'bind', type: 'string', default: '* -::*', mutable: true },
  { name: 'databases', type: 'int', default: '16', mutable: false, min: 1, max: 2147483647 },
  { name: 'proto-max-bulk-len', type: 'memory', default: String(512 * MB), mutable: true, min: 1024 * 1024, max: 9007199254740991 },
  { name: 'client-query-buffer-limit', type: 'memory', default: String(1 * GB), mutable: true, min: 1024 * 1024, max: 9007199254740991 },
  { name: 'requirepass', type: 'string', default: '', mutable: true },
  { name: 'maxclients', type: 'int', default: '10000', mutable: true, min: 1, max: 2147483647 },
  { name: 'timeout', type: 'int', default: '0', mutable: true, min: 0, max: 2147483647 },
  { name: 'hz', type: 'int', default: '10', mutable: true, min: 0, max: 2147483647 },
  { name: 'protected-mode', type: 'bool', default: 'yes', mutable: true },
  { name: 'enable-debug-command', type: 'enum', default: 'no', mutable: false, values: ['no', 'yes', 'local'] },
  { name: 'loglevel', type: 'enum', default: 'notice', mutable: true, values: ['debug', 'verbose', 'notice', 'warning', 'nothing'] },
  { name: 'logfile', type: 'string', default: '', mutable: false },
  { name: 'save', type: 'special', default: '3600 1 300 100 60 10000', mutable: true },
  { name: 'appendonly', type: 'bool', default: 'no', mutable: true },
  { name: 'dir', type: 'special', default: '', mutable: true },
  { name: 'lazyfree-lazy-user-flush', type: 'bool', default: 'no', mutable: true },
];

export type ChangeListener = (value: string | number | boolean) => void;

export class Config {
  private readonly specs = new Map<string, ConfigSpec>();
  private readonly values = new Map<string, string | number | boolean>();
  private readonly listeners = new Map<string, ChangeListener[]>();

  constructor(table: readonly ConfigSpec[] = CONFIG_TABLE) {
    for (const s of table) {
      this.specs.set(s.name, s);
      if (s.alias) this.specs.set(s.alias, s);
      this.values.set(s.name, parseValue(s, s.default));
    }
  }

  spec(name: string): ConfigSpec | undefined {
    return this.specs.get(name.toLowerCase());
  }

  /** The parsed value (number for int/memory, boolean for bool, string otherwise). */
  raw(name: string): string | number | boolean {
    const s = this.specs.get(name);
    if (!s) throw new Error(`unknown config ${name}`);
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
    const v = this.values.get(s.name)!;
    if (s.type === 'bool') return v ? 'yes' : 'no';
    return String(v);
  }

  /** Sets from text; throws Error(message) on an invalid value. Runs the change listeners. */
  set(name: string, text: string): void {
    const s = this.spec(name);
    if (!s) throw new Error(`unknown config ${name}`);
    const v = parseValue(s, text);
    this.values.set(s.name, v);
    for (const l of this.listeners.get(s.name) ?? []) l(v);
  }

  onChange(name: string, fn: ChangeListener): void {
    const s = this.spec(name);
    if (!s) throw new Error(`unknown config ${name}`);
    let arr = this.listeners.get(s.name);
    if (!arr) this.listeners.set(s.name, (arr = []));
    arr.push(fn);
    fn(this.values.get(s.name)!);
  }

  names(): string[] {
    return [...new Set([...this.specs.values()].map((s) => s.name))];
  }
}

/** Parses a memory size as Redis does (memtoull): 1k=1000, 1kb=1024, 1m, 1mb, 1g, 1gb. */
export function parseMemory(text: string): number | null {
  const m = /^(-?\d+)([kmg]b?|b)?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const mul: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: MB, g: 1e9, gb: GB };
  return n * mul[unit]!;
}

function parseValue(s: ConfigSpec, text: string): string | number | boolean {
  switch (s.type) {
    case 'bool': {
      const t = text.toLowerCase();
      if (t === 'yes') return true;
      if (t === 'no') return false;
      throw new Error('argument must be \'yes\' or \'no\'');
    }
    case 'int':
    case 'memory': {
      const n = s.type === 'memory' ? parseMemory(text) : /^-?\d+$/.test(text) ? Number(text) : null;
      if (n === null || !Number.isFinite(n)) throw new Error('argument couldn\'t be parsed into an integer');
      if ((s.min !== undefined && n < s.min) || (s.max !== undefined && n > s.max)) {
        throw new Error(`argument must be between ${s.min} and ${s.max} inclusive`);
      }
      return n;
    }
    case 'enum': {
      const t = text.toLowerCase();
      if (!s.values!.includes(t)) throw new Error(`argument(s) must be one of the following: ${s.values!.join(', ')}`);
      return t;
    }
    default:
      return text;
  }
}
