/**
 * scripting/state.ts — per-server scripting state: the EVAL script cache (sha → compiled chunk),
 * the FUNCTION libraries and their functions (functions.c's librariesCtx), the script client
 * that redis.call runs commands as, and the running script (FUNCTION STATS).
 *
 * Also parses shebangs (`#!lua flags=...` for EVAL, `#!lua name=...` for libraries) and loads
 * libraries (functionsCreateWithLibraryCtx), with Redis 7.0's error texts.
 */
import { ReplyError } from '../errors';
import { Client, ClientFlag } from '../protocol/client';
import { CaptureWriter } from '../protocol/writer';
import type { Server } from '../server';
import { luaMemory, runRaw, libLoadChunk, ScriptFlag, FLAG_NAMES, type RunCtx } from './lua';

export const FLAG_ORDER = FLAG_NAMES;

export interface CachedScript {
  sha: string;
  body: string;
  flags: number;
  chunk: string;
}

export interface FunctionInfo {
  name: string;
  desc: string | null;
  flags: number;
  lib: Library;
  /** The FCALL chunk, built on first call. */
  chunk?: string;
}

export interface Library {
  name: string;
  /** The full payload as given to FUNCTION LOAD (FUNCTION LIST WITHCODE, DUMP). */
  code0: string;
  /** The code after the shebang line (keeps the line feed, so line numbers match). */
  code: string;
  functions: FunctionInfo[];
  calls: number;
}

export class ScriptingState {
  readonly scripts = new Map<string, CachedScript>();
  scriptsBytes = 0;
  readonly libraries = new Map<string, Library>();
  readonly functions = new Map<string, FunctionInfo>();
  running: { ctx: RunCtx; name: string; argv: string[] } | null = null;
  private client: Client | null = null;

  /** The fake client scripts run commands as (flags SCRIPT + DENY_BLOCKING). */
  scriptClient(server: Server): Client {
    if (this.client === null) {
      const c = new Client(server, null, 0, new CaptureWriter(2));
      c.flags |= ClientFlag.Script | ClientFlag.DenyBlocking;
      c.authenticated = true;
      c.name = '';
      this.client = c;
    }
    return this.client;
  }

  removeLibrary(lib: Library): void {
    for (const f of lib.functions) this.functions.delete(f.name.toLowerCase());
    this.libraries.delete(lib.name);
  }

  addLibrary(lib: Library): void {
    this.libraries.set(lib.name, lib);
    for (const f of lib.functions) this.functions.set(f.name.toLowerCase(), f);
  }

  flushFunctions(): void {
    this.libraries.clear();
    this.functions.clear();
  }
}

export function scriptingState(server: Server): ScriptingState {
  let st = server.ext.get('scripting') as ScriptingState | undefined;
  if (st === undefined) {
    st = new ScriptingState();
    server.ext.set('scripting', st);
    registerInfo(server, st);
  }
  return st;
}

/** sdssplitargs-lite: space separated, with "..." and '...' quoting. */
function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    let cur = '';
    let q = '';
    for (; i < line.length; i++) {
      const ch = line[i]!;
      if (q !== '') {
        if (q === '"' && ch === '\\' && i + 1 < line.length) cur += line[++i]!;
        else if (ch === q) {
          q = '';
          // A closing quote must be followed by a space or the end (sdssplitargs).
          if (i + 1 < line.length && !/\s/.test(line[i + 1]!)) return null;
        } else cur += ch;
      } else if (ch === '"' || ch === "'") q = ch;
      else if (/\s/.test(ch)) break;
      else cur += ch;
    }
    if (q !== '') return null;
    out.push(cur);
  }
  return out;
}

/**
 * EVAL shebang (evalExtractShebangFlags): returns the flags and the shebang length to skip
 * (the line feed is kept). Scripts without a shebang run in compatibility mode.
 */
export function parseShebang(body: string): { flags: number; len: number } {
  if (!body.startsWith('#!')) return { flags: ScriptFlag.EvalCompat, len: 0 };
  const end = body.indexOf('\n');
  if (end < 0) throw new ReplyError('ERR Invalid script shebang');
  const parts = splitArgs(body.slice(0, end));
  if (parts === null || parts.length === 0) throw new ReplyError('ERR Invalid engine in script shebang');
  if (parts[0] !== '#!lua') throw new ReplyError(`ERR Unexpected engine in script shebang: ${parts[0]!}`);
  let flags = 0;
  for (let j = 1; j < parts.length; j++) {
    const p = parts[j]!;
    if (!p.startsWith('flags=')) throw new ReplyError(`ERR Unknown lua shebang option: ${p}`);
    const list = p.slice(6).split(',');
    for (const f of list) {
      if (f === '') continue;
      const found = FLAG_NAMES.find(([n]) => n === f);
      if (!found) throw new ReplyError(`ERR Unexpected flag in script shebang: ${f}`);
      flags |= found[1];
    }
  }
  return { flags, len: end };
}

function validName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name);
}

/**
 * Compiles and runs a library's code to collect its functions, then installs it
 * (functionsCreateWithLibraryCtx). Returns the library name; throws Redis's errors.
 */
export function loadLibrary(st: ScriptingState, payload: string, replace: boolean): string {
  const lib = compileLibrary(payload);
  const old = st.libraries.get(lib.name);
  if (old !== undefined && !replace) throw new ReplyError(`ERR Library '${lib.name}' already exists`);
  for (const f of lib.functions) {
    const other = st.functions.get(f.name.toLowerCase());
    if (other !== undefined && other.lib !== old) throw new ReplyError(`ERR Function ${f.name} already exists`);
  }
  if (old !== undefined) st.removeLibrary(old);
  st.addLibrary(lib);
  return lib.name;
}

/** Parses the metadata and runs the library once; the library is not installed. */
export function compileLibrary(payload: string): Library {
  if (!payload.startsWith('#!')) throw new ReplyError('ERR Missing library metadata');
  const end = payload.indexOf('\n');
  if (end < 0) throw new ReplyError('ERR Invalid library metadata');
  const parts = splitArgs(payload.slice(0, end));
  if (parts === null || parts.length === 0) throw new ReplyError('ERR Invalid library metadata');
  const engineName = parts[0]!.slice(2);
  let name: string | null = null;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== null) throw new ReplyError('ERR Invalid metadata value, name argument was given multiple times');
      name = p.slice(5);
      continue;
    }
    throw new ReplyError(`ERR Invalid metadata value given: ${p}`);
  }
  if (name === null) throw new ReplyError('ERR Library name was not given');
  if (!validName(name)) {
    throw new ReplyError('ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
  }
  if (engineName.toLowerCase() !== 'lua') throw new ReplyError(`ERR Engine '${engineName}' not found`);
  const code = payload.slice(end);
  // Syntax first (Error compiling function), then the registration run.
  const chk = runRaw('do return end ' + code, 'user_function', 0);
  if (!chk.ok) {
    let msg = chk.error.replace(/ script: [^,]*, on @user_function:\d+\.$/, '');
    if (msg.startsWith('ERR ')) msg = msg.slice(4);
    throw new ReplyError(`ERR Error compiling function: ${msg}`);
  }
  const res = runRaw(libLoadChunk(code), 'user_function', 500);
  if (!res.ok) {
    let msg = res.error.replace(/ script: [^,]*, on @user_function:\d+\.$/, '');
    if (msg.includes('Script killed by user with SCRIPT KILL')) throw new ReplyError('ERR FUNCTION LOAD timeout');
    // Registration errors come as luaPushError tables: "ERR <text>".
    const m = /^[A-Z]+ (?:user_function:\d+: )?\x01([\s\S]*)$/.exec(msg);
    if (m) msg = 'ERR ' + m[1]!;
    throw new ReplyError(`ERR Error registering functions: ${msg}`);
  }
  const lib: Library = { name, code0: payload, code, functions: [], calls: 0 };
  const list = res.value;
  if (Array.isArray(list)) {
    for (const e of list) {
      if (!Array.isArray(e)) continue;
      const fname = (e[0] as Buffer).toString('latin1');
      const flagsCsv = Buffer.isBuffer(e[1]) ? e[1].toString('latin1') : '';
      let flags = 0;
      for (const f of flagsCsv.split(',')) {
        const found = FLAG_NAMES.find(([n]) => n === f);
        if (found) flags |= found[1];
      }
      const desc = Buffer.isBuffer(e[2]) ? e[2].toString('latin1') : null;
      lib.functions.push({ name: fname, desc, flags, lib });
    }
  }
  if (lib.functions.length === 0) throw new ReplyError('ERR No functions registered');
  return lib;
}

/** bytesToHuman of Redis (INFO *_human fields). */
function human(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(2)}K`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(2)}M`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)}G`;
}

/** INFO memory's scripting fields. */
function registerInfo(server: Server, st: ScriptingState): void {
  const v = server.hooks.infoValues;
  const fnBytes = () => {
    let n = 0;
    for (const l of st.libraries.values()) n += l.code0.length + 200 * l.functions.length;
    return n;
  };
  const scripts = () => st.scriptsBytes + 96 * st.scripts.size;
  v.set('used_memory_lua', () => luaMemory());
  v.set('used_memory_vm_eval', () => luaMemory());
  v.set('used_memory_lua_human', () => human(luaMemory()));
  v.set('used_memory_scripts_eval', scripts);
  v.set('number_of_cached_scripts', () => st.scripts.size);
  v.set('number_of_functions', () => st.functions.size);
  v.set('number_of_libraries', () => st.libraries.size);
  v.set('used_memory_vm_functions', () => luaMemory());
  v.set('used_memory_vm_total', () => 2 * luaMemory());
  v.set('used_memory_vm_total_human', () => human(2 * luaMemory()));
  v.set('used_memory_functions', fnBytes);
  v.set('used_memory_scripts', () => scripts() + fnBytes());
  v.set('used_memory_scripts_human', () => human(scripts() + fnBytes()));
}
