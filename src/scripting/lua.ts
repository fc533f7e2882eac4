/**
 * scripting/lua.ts — the Lua 5.1 engine (lua-redis-wasm) and the bridge between Lua and the
 * command dispatcher: redis.call / redis.pcall run real commands through a socket-less script
 * client, replies are converted both ways (RESP2 and RESP3 rules of script_lua.c), and script
 * errors get Redis 7.0's wording ("... script: <sha>, on @user_script:<line>.").
 *
 * The engine only offers "evaluate this chunk with KEYS/ARGV". Everything Redis does in C around
 * the VM is done here in Lua source that wraps the user's code on the same first line (so line
 * numbers in errors stay the user's):
 *   - the return value is converted by a Lua walker using rawget (no metamethods run, recursion
 *     depth bounded), into a tagged tree that JS turns into replies;
 *   - error({err=...}) tables are carried through as marked strings;
 *   - FUNCTION libraries run with a shadow `redis` table that has register_function.
 * The engine loads asynchronously once per process (`luaReady`); the server awaits it in listen().
 *
 * Must not import: sockets. Imports the dispatcher's call() and the registry types.
 */
import { createHash, randomBytes } from 'node:crypto';
import { load, type LuaEngine, type ReplyValue } from 'lua-redis-wasm';
import type { Client } from '../protocol/client';
import type { Reply, Captured } from '../protocol/writer';
import type { Server } from '../server';
import type { Command } from '../commands/registry';
import { formatDouble17 } from '../util/numbers';
import { markErrorsCharged } from '../commands/dispatch';
import { aclCheckScriptCall } from '../acl/install';
import { aclOf, Denied } from '../acl/acl';
import { Abi, type WasmExports } from './abi';
import { runningStale } from '../replication/stale';

// -------------------------------------------------------------------------------------------
// Engine loading
// -------------------------------------------------------------------------------------------

let engine: LuaEngine | null = null;
/** The running script (redis.call target); null between scripts. */
let current: RunCtx | null = null;

/** Per-call budget of the VM's instruction fuel (the engine's only way to stop a runaway loop). */
const FUEL_PER_MS = 500_000;
const MAX_FUEL = 0xffffffff;

/** The VM's exports (for _set_limits and the direct ABI path). */
let wasm: WasmExports | null = null;
/** The direct ABI path; null when the engine build doesn't match it (then the wrapper is used). */
let abi: Abi | null = null;

export const REDIS_PROPS = {
  REDIS_VERSION: { value: '7.0.15' },
  REDIS_VERSION_NUM: { value: 0x07000f },
  REPL_NONE: { value: 0 },
  REPL_AOF: { value: 1 },
  REPL_SLAVE: { value: 2 },
  REPL_REPLICA: { value: 2 },
  REPL_ALL: { value: 3 },
  replicate_commands: { returns: true },
  set_repl: { returns: null },
  breakpoint: { returns: false },
  debug: { returns: null },
};

export const luaReady: Promise<void> = load({ profile: 'redis-7.0', redisProps: REDIS_PROPS })
  .then((mod) => {
    engine = mod.create({
      redisCall: (args) => hostCall(args, true),
      redisPcall: (args) => hostCall(args, false),
      log: (level, msg) => hostLog(level, msg),
      onSetResp: (v) => {
        if (current !== null) current.setResp(v);
      },
    });
    wasm = (engine as unknown as { exports: WasmExports }).exports;
    // The hot path speaks the engine's binary ABI directly (scripting/abi.ts): the module's
    // host-call handlers are swapped for ones that skip the Buffer round trips.
    const handlers = (mod as unknown as { handlers?: Record<string, unknown> }).handlers;
    if (Abi.usable(wasm) && handlers !== undefined && typeof handlers.call === 'function' && typeof handlers.pcall === 'function') {
      const a = new Abi(wasm);
      handlers.call = (...x: number[]) => hostImport(a, x, true);
      handlers.pcall = (...x: number[]) => hostImport(a, x, false);
      abi = a;
    }
  })
  .catch((e: unknown) => {
    // Scripting then replies an error; the rest of the server works.
    loadError = (e as Error)?.message ?? String(e);
  });
let loadError = '';

/** Bytes of the VM's linear memory (INFO used_memory_lua). */
export function luaMemory(): number {
  // The Lua heap as lua_gc(LUA_GCCOUNT) reports it; not measured from inside a running script.
  if (engine !== null && current === null) {
    try {
      const v = engine.eval("collectgarbage('collect') return math.floor(collectgarbage('count') * 1024)");
      if (typeof v === 'number') lastLuaMemory = v;
    } catch {
      /* keep the last value */
    }
  }
  return lastLuaMemory;
}
let lastLuaMemory = 0;

export function luaAvailable(): boolean {
  return engine !== null;
}

export function sha1hex(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

// -------------------------------------------------------------------------------------------
// Script flags (#!lua flags=...)
// -------------------------------------------------------------------------------------------

export const enum ScriptFlag {
  NoWrites = 1 << 0,
  AllowOom = 1 << 1,
  AllowStale = 1 << 2,
  NoCluster = 1 << 3,
  AllowCrossSlot = 1 << 4,
  /** Scripts without a shebang (eval compatibility mode). */
  EvalCompat = 1 << 5,
}

/** Flag names in Redis's table order (FUNCTION LIST prints them in this order). */
export const FLAG_NAMES: readonly [string, ScriptFlag][] = [
  ['no-writes', ScriptFlag.NoWrites],
  ['allow-oom', ScriptFlag.AllowOom],
  ['allow-stale', ScriptFlag.AllowStale],
  ['no-cluster', ScriptFlag.NoCluster],
  ['allow-cross-slot-keys', ScriptFlag.AllowCrossSlot],
];

// -------------------------------------------------------------------------------------------
// Lua source wrappers (all on one line: they precede the user's first line)
// -------------------------------------------------------------------------------------------

/**
 * The Lua prelude, built from the parts a body needs (the engine compiles the whole chunk on
 * every run, so unused parts cost time): a body that never mentions pcall doesn't get the
 * pcall wrapper, and so on. Over-inclusion is always safe.
 */
const P_BASE = 'local __rg, __ty, __nx, __sf, __err, __smt, __find, __sel = rawget, type, next, string.format, error, setmetatable, string.find, select';
/** The P_BASE locals, for chunks that declare only those their parts use (each costs compile time). */
const BASE_LOCALS: Readonly<Record<string, string>> = {
  __rg: 'rawget', __ty: 'type', __nx: 'next', __sf: 'string.format', __err: 'error', __smt: 'setmetatable', __find: 'string.find', __sel: 'select',
};
/** Converter of the returned value into a tagged tree (luaReplyToRedisReply with rawget). */
const P_WALK_HEAD = [
  "local function __c(v, d) local t = __ty(v)",
  "if t == 'string' or t == 'number' then return v end",
  "if t == 'boolean' then if v then return {'t'} else return {'f'} end end",
  "if t ~= 'table' then return {'z'} end",
  "if d > 200 then return {'e', 'ERR reached lua stack limit'} end",
  "local x = __rg(v, 'err') if __ty(x) == 'string' then return {'e', x} end",
  "x = __rg(v, 'ok') if __ty(x) == 'string' then return {'s', x} end",
].join(' ');
const P_WALK_RESP3 = [
  "x = __rg(v, 'double') if __ty(x) == 'number' then return {'d', __sf('%.17g', x)} end",
  "x = __rg(v, 'big_number') if __ty(x) == 'string' then return {'n', x} end",
  "x = __rg(v, 'verbatim_string') if __ty(x) == 'table' then local f, s = __rg(x, 'format'), __rg(x, 'string') if __ty(f) == 'string' and __ty(s) == 'string' then return {'v', f, s} end end",
  "x = __rg(v, 'map') if __ty(x) == 'table' then local r, n = {'m'}, 1 local k, w = __nx(x) while k ~= nil do r[n + 1] = __c(k, d + 1) r[n + 2] = __c(w, d + 1) n = n + 2 k, w = __nx(x, k) end return r end",
  "x = __rg(v, 'set') if __ty(x) == 'table' then local r, n = {'S'}, 1 local k = __nx(x) while k ~= nil do n = n + 1 r[n] = __c(k, d + 1) k = __nx(x, k) end return r end",
].join(' ');
const P_WALK_TAIL = "local r, i = {'a'}, 1 while true do x = __rg(v, i) if x == nil then break end r[i + 1] = __c(x, d + 1) i = i + 1 end return r end";
/** redis.call arguments that are numbers are sent as %.17g (luaArgsToRedisArgv), not Lua's %.14g. */
const P_CALL = [
  "local __rpcall, __unpack = redis.pcall, unpack",
  // redis.pcall: numbers converted when there are any (a copy of the arguments only then).
  "local function __cv(...) local n = __sel('#', ...) if n < 64 then local a = {...} local m = false for i = 1, n do if __ty(a[i]) == 'number' then a[i] = __sf('%.17g', a[i]) m = true end end if m then return __rpcall(__unpack(a, 1, n)) end end return __rpcall(...) end",
  // redis.call = redis.pcall + raise, so the error names the caller's line (marker \3).
  "local function __call(...) local r = __cv(...) if __ty(r) == 'table' then local e = __rg(r, 'err') if __ty(e) == 'string' then __err('\\3' .. e, 2) end end return r end",
].join(' ');
const P_EREP =
  "local function __erep(e) if __ty(e) ~= 'string' then __err('wrong number or type of arguments', 2) end if e:sub(1, 1) == '-' then e = e:sub(2) end if not e:find(' ', 1, true) then e = 'ERR ' .. e end return {err = e} end";
const P_ACL =
  "local function __acl(...) local r = __rpcall('\\0acl_check_cmd', ...) if __ty(r) == 'table' then __err('\\2' .. __rg(r, 'err'), 0) end return r == 1 end";
const P_SHA = "local __sha1 = redis.sha1hex local function __sha(...) if __sel('#', ...) ~= 1 then __err('\\2ERR wrong number of arguments', 0) end return __sha1(...) end";
/**
 * The script's `redis`: an empty table whose reads fall through the overrides to the real
 * (read-only) table, and whose writes go to the real table too, which refuses them as the
 * VM refuses any write to a protected table ("user_script:<line>: Attempt to modify a
 * readonly table", the line being the script's). Tables, not functions: cheaper to compile.
 */
const P_REDIS = (ov: string) => `local redis = __smt({}, {__index = __smt({${ov}}, {__index = redis}), __newindex = redis})`;
/** A killed script (fuel exhausted) must not be caught by pcall; global-protection texts as Redis's. */
const P_PCALL = [
  "local __pc = pcall local function __kill(ok, ...) if not ok then local e = ... if __ty(e) == 'string' then if __find(e, 'Script killed by fuel limit', 1, true) then __err(e, 0) end",
  "local q = e:match('^.-: \\3(.*)$') or e:match('^\\3(.*)$') if q then return false, q end",
  "local p, n = e:match('^(.-)__RLUA_E__:global%-read:(.*)$') if p then return false, p .. \"Script attempted to access nonexistent global variable '\" .. n .. \"'\" end end end return ok, ... end",
  "local pcall = function(...) return __kill(__pc(...)) end",
].join(' ');
/** error({err='...'}) keeps its message (marker \2) instead of becoming "script execution failed". */
const P_ERROR =
  "local error = function(e, l) if __ty(e) == 'table' and __ty(__rg(e, 'err')) == 'string' then __err('\\2' .. __rg(e, 'err'), 0) end if l == 0 then __err(e, 0) end __err(e, (l or 1) + 1) end";

/**
 * The walker's source, compiled (loadstring) only when a script returns a table: compiling it
 * on every run would cost more than most scripts.
 */
const WALKER_SRC = `local __rg, __ty, __nx, __sf = rawget, type, next, string.format ${P_WALK_HEAD} ${P_WALK_RESP3} ${P_WALK_TAIL} return __c`;
/**
 * Reserved redis.pcall name the walker's source is fetched with: it is not pasted into every
 * chunk (lexing it cost more than the rest of a small script's compile). Unguessable by scripts.
 */
const WALKER_REQ = '\0walker:' + randomBytes(8).toString('hex');
const P_RESULT = `local function __res(r) if __ty(r) == 'table' then return loadstring(redis.pcall('\\0${WALKER_REQ.slice(1)}'))()(r, 0) end return r end`;

/** The body assigns the `redis` global (it then must get the real, read-only one). */
const ASSIGNS_REDIS = /(^|[^.\w])redis\s*=[^=]/;

/** Which P_BASE locals each part uses. */
const USES_RESULT = ['__ty'];
const USES_CALL = ['__ty', '__sf', '__sel', '__rg', '__err', '__smt'];
const USES_EREP = ['__ty', '__err'];
const USES_ACL = ['__rg', '__ty', '__err'];
const USES_SHA = ['__sel', '__err'];
const USES_PCALL = ['__ty', '__find', '__err'];
const USES_ERROR = ['__ty', '__rg', '__err'];

/**
 * `all`: declare every P_BASE local (chunks that append REGISTER and the library preludes);
 * otherwise only those the included parts use.
 */
function prelude(code: string, full: boolean, all = full): string {
  const parts = [P_RESULT];
  const used = new Set<string>(USES_RESULT);
  const use = (names: readonly string[]): void => {
    for (const n of names) used.add(n);
  };
  // A body that assigns to `redis` itself must hit the real, read-only global (globals
  // protection), so it gets no local shadow.
  if ((full || code.includes('redis')) && !ASSIGNS_REDIS.test(code)) {
    const ov: string[] = [];
    parts.push(P_CALL);
    use(USES_CALL);
    ov.push('call = __call, pcall = __cv');
    if (full || code.includes('error_reply')) {
      parts.push(P_EREP);
      use(USES_EREP);
      ov.push('error_reply = __erep');
    }
    if (full || code.includes('acl_check_cmd')) {
      parts.push(P_ACL);
      use(USES_ACL);
      ov.push('acl_check_cmd = __acl');
    }
    if (full || code.includes('sha1hex')) {
      parts.push(P_SHA);
      use(USES_SHA);
      ov.push('sha1hex = __sha');
    }
    parts.push(P_REDIS(ov.join(', ')));
  }
  if (full || code.includes('pcall')) {
    parts.push(P_PCALL);
    use(USES_PCALL);
  }
  if (full || code.includes('error')) {
    parts.push(P_ERROR);
    use(USES_ERROR);
  }
  if (all) parts.unshift(P_BASE);
  else {
    const names = Object.keys(BASE_LOCALS).filter((n) => used.has(n));
    parts.unshift(`local ${names.join(', ')} = ${names.map((n) => BASE_LOCALS[n]).join(', ')}`);
  }
  return parts.join(' ');
}

const REGISTER = [
  "local __reg, __list = {}, {}",
  "local __fl = {['no-writes'] = 1, ['allow-oom'] = 1, ['allow-stale'] = 1, ['no-cluster'] = 1, ['allow-cross-slot-keys'] = 1}",
  "local __lower, __find, __sel, __concat = string.lower, string.find, select, table.concat",
  "local function __re(m) __err('\\1' .. m, 0) end",
  "local function __regf(...) local n = __sel('#', ...) local name, cb, desc, flags",
  "if n < 1 or n > 2 then __re('wrong number of arguments to redis.register_function') end",
  "if n == 1 then local t = ... if __ty(t) ~= 'table' then __re('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).') end",
  "local k, v = __nx(t) while k ~= nil do",
  "if __ty(k) ~= 'string' and __ty(k) ~= 'number' then __re('named argument key given to redis.register_function is not a string') end",
  "local lk = __lower(k)",
  "if lk == 'function_name' then if __ty(v) ~= 'string' and __ty(v) ~= 'number' then __re('function_name argument given to redis.register_function must be a string') end name = v",
  "elseif lk == 'description' then if __ty(v) ~= 'string' and __ty(v) ~= 'number' then __re('description argument given to redis.register_function must be a string') end desc = v",
  "elseif lk == 'callback' then if __ty(v) ~= 'function' then __re('callback argument given to redis.register_function must be a function') end cb = v",
  "elseif lk == 'flags' then if __ty(v) ~= 'table' then __re('flags argument to redis.register_function must be a table representing function flags') end",
  "flags = {} local i = 1 while true do local f = v[i] if f == nil then break end if (__ty(f) ~= 'string' and __ty(f) ~= 'number') or not __fl[__lower(f)] then __re('unknown flag given') end flags[i] = __lower(f) i = i + 1 end",
  "else __re('unknown argument given to redis.register_function') end",
  "k, v = __nx(t, k) end",
  "if name == nil then __re('redis.register_function must get a function name argument') end",
  "if cb == nil then __re('redis.register_function must get a callback argument') end",
  "else local a, b = ... if __ty(a) ~= 'string' and __ty(a) ~= 'number' then __re('first argument to redis.register_function must be a string') end",
  "if __ty(b) ~= 'function' then __re('second argument to redis.register_function must be a function') end name, cb = a, b end",
  "name = '' .. name",
  "if not __find(name, '^[%w_]+$') then __re('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long') end",
  "if __reg[name] then __re('Function already exists in the library') end",
  "__reg[name] = cb __list[#__list + 1] = {name, __concat(flags or {}, ','), desc or false} end",
  "local function __ro() __err('Attempt to modify a readonly table', 2) end",
].join(' ');

/** Globals a library's load run can't see (Redis gives it only `redis`). */
const LOAD_HIDDEN = [
  'math', 'string', 'table', 'pairs', 'ipairs', 'type', 'tostring', 'tonumber', 'setmetatable',
  'getmetatable', 'pcall', 'xpcall', 'select', 'next', 'unpack', 'rawget', 'rawset', 'rawequal',
  'cjson', 'cmsgpack', 'bit', 'struct', 'assert', 'loadstring', 'coroutine', '_G', 'KEYS', 'ARGV',
  'gcinfo', 'collectgarbage', 'print', 'os', 'load', 'error',
];

const LOAD_PRELUDE = [
  "local function __ng(n) local function f() __err(\"Script attempted to access nonexistent global variable '\" .. n .. \"'\", 3) end return __smt({}, {__index = f, __call = f, __newindex = __ro}) end",
  "local __rl = {register_function = __regf, log = redis.log, LOG_DEBUG = redis.LOG_DEBUG, LOG_VERBOSE = redis.LOG_VERBOSE, LOG_NOTICE = redis.LOG_NOTICE, LOG_WARNING = redis.LOG_WARNING, REDIS_VERSION = redis.REDIS_VERSION, REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM}",
  "local redis = __smt({}, {__index = function(_, k) local v = __rg(__rl, k) if v == nil then __err(\"Script attempted to access nonexistent global variable '\" .. k .. \"'\", 2) end return v end, __newindex = __ro})",
  `local ${LOAD_HIDDEN.join(', ')} = ${LOAD_HIDDEN.map((n) => `__ng('${n}')`).join(', ')}`,
].join(' ');

const RUN_LIB_PRELUDE =
  "local __up = redis local __rs = {register_function = __regf} local redis = __smt({}, {__index = __smt(__rs, {__index = __up}), __newindex = __ro})";
/**
 * After the library code ran: the table it may have kept (`local lib = redis`) refuses
 * registrations, and function bodies see a `redis` without register_function (Redis gives
 * functions the regular API, not the library-load one).
 */
const RUN_LIB_AFTER =
  "__rs.register_function = function() __err('\\2ERR redis.register_function can only be called on FUNCTION LOAD command', 0) end redis = __smt({}, {__index = __up, __newindex = __ro})";

/** The chunk run for EVAL: the body inside a function, its result converted. */
export function evalChunk(body: string): string {
  return prelude(body, false) + ' local __f = function() ' + body + '\nend return __res(__f())';
}

/** The chunk that only compiles the body (syntax check without running it). */
export function compileChunk(body: string): string {
  return 'do return end ' + body;
}

/** FUNCTION LOAD's run: registers the functions and returns [[name, flags, desc], ...]. */
export function libLoadChunk(code: string): string {
  return prelude(code, true) + ' ' + REGISTER + ' ' + LOAD_PRELUDE + ' local __lf = function() ' + code + '\nend __lf() return __list';
}

/**
 * FCALL's registrar: the library passed FUNCTION LOAD's checks, so re-running its code only
 * has to pick out the called function's callback (positional or named arguments). Much less
 * to compile than REGISTER; its other definitions (__ro) are the ones RUN_LIB_* use.
 */
const CALL_REGISTER = (fname: string) =>
  "local __cb, __lower = nil, string.lower local function __ro() __err('Attempt to modify a readonly table', 2) end " +
  "local function __regf(a, b) if __ty(a) == 'table' then local t = a a, b = nil, nil local k, v = __nx(t) while k ~= nil do " +
  "if __ty(k) == 'string' then local l = __lower(k) if l == 'function_name' then a = v elseif l == 'callback' then b = v end end k, v = __nx(t, k) end end " +
  `if __cb == nil and (__ty(a) == 'string' or __ty(a) == 'number') and '' .. a == '${fname}' then __cb = b end end`;

/** FCALL's run: the library code runs (registering), then the named function is called. */
export function libCallChunk(code: string, fname: string): string {
  // Code that assigns the redis global must meet the read-only global: no shadow table; its
  // registrations are rewritten to call the registrar directly.
  let shadow = RUN_LIB_PRELUDE;
  let after = RUN_LIB_AFTER;
  if (ASSIGNS_REDIS.test(code)) {
    code = code.replace(/redis\s*\.\s*register_function/g, '__regf');
    shadow = '';
    after = '';
  }
  return (
    prelude(code, false, true) + ' ' + CALL_REGISTER(fname) + ' ' + shadow + ' local __lf = function() ' + code +
    `\nend __lf() ${after} local __keys, __args = KEYS, ARGV return __res(__cb(__keys, __args))`
  );
}

// -------------------------------------------------------------------------------------------
// Running
// -------------------------------------------------------------------------------------------

/** State of one script execution (Redis's scriptRunCtx). */
export class RunCtx {
  /** Set once a write command ran (SCRIPT_WRITE_DIRTY). */
  writeDirty = false;
  resp = 2;
  /** Memory was over maxmemory when the script started. */
  oomAtStart = false;
  startedAt = Date.now();
  /** Error lines redis.call/pcall handed to the script (already counted in errorstats). */
  callErrors: Set<string> | null = null;
  /** When the script must be stopped (0: never); checked on every redis.call. */
  deadline = 0;
  constructor(
    readonly server: Server,
    readonly caller: Client,
    readonly scriptClient: Client,
    /** Name printed in errors: the sha for EVAL, the function name for FCALL. */
    readonly funcname: string,
    readonly flags: number,
    readonly readOnly: boolean,
    readonly isEval: boolean,
    readonly run: (c: Client, cmd: Command) => void,
  ) {}

  setResp(v: number): void {
    this.resp = v;
    this.scriptClient.setResp(v);
  }
}

export type RunOutcome =
  | { ok: true; value: ReplyValue }
  /** killed: stopped because it ran out of its time budget. */
  | { ok: false; error: string; fromCall: boolean; killed?: boolean };

/**
 * Runs a chunk with KEYS and ARGV (latin1 strings). Returns the engine's result, or the script
 * error already worded as Redis words it. `chunkName` is 'user_script' or 'user_function'.
 */
export function runChunk(ctx: RunCtx | null, chunk: string, keys: readonly string[], args: readonly string[], chunkName: string, budgetMs: number): RunOutcome {
  if (engine === null) return { ok: false, error: `ERR Lua engine unavailable${loadError ? ': ' + loadError : ''}`, fromCall: false };
  const prev = current;
  current = ctx;
  lastCallError = null;
  try {
    // The engine's fuel is a u32 and 0 means its small default: "unlimited" is the maximum.
    wasm?._set_limits?.(budgetMs > 0 ? Math.min(budgetMs * FUEL_PER_MS, MAX_FUEL) : MAX_FUEL, 0, 0);
    if (ctx !== null && budgetMs > 0) ctx.deadline = Date.now() + budgetMs;
    let cb = chunkBuffers.get(chunk);
    if (cb === undefined) {
      if (chunkBuffers.size >= 1024) chunkBuffers.clear();
      cb = Buffer.from(chunk, 'latin1');
      chunkBuffers.set(chunk, cb);
    }
    let v: ReplyValue;
    if (abi !== null) v = abi.evalWithArgs(cb, keys, args);
    else {
      const k = new Array<Buffer>(keys.length);
      for (let i = 0; i < keys.length; i++) k[i] = Buffer.from(keys[i]!, 'latin1');
      const a = new Array<Buffer>(args.length);
      for (let i = 0; i < args.length; i++) a[i] = Buffer.from(args[i]!, 'latin1');
      v = engine.evalWithArgs(cb, k, a);
    }
    if (v !== null && typeof v === 'object' && 'err' in v) {
      if ((v as { meta?: unknown }).meta !== undefined) return scriptError(v as ErrValue, ctx?.funcname ?? '', chunkName);
      // A function, userdata or thread result (P_RESULT passes them through): the engine can't
      // encode it and says so; Redis replies nil.
      if (isUnsupportedReturn(v.err)) v = null;
    }
    return { ok: true, value: v };
  } catch (e) {
    return { ok: false, error: 'ERR ' + ((e as Error)?.message ?? String(e)), fromCall: false };
  } finally {
    current = prev;
  }
}

/** The engine's reply for a result it can't encode ("ERR unsupported Lua return type", NUL included). */
export function isUnsupportedReturn(err: unknown): boolean {
  return Buffer.isBuffer(err) && err.toString('latin1').replace(/\0$/, '') === 'unsupported Lua return type';
}

/** Encoded chunks of cached scripts (the chunk string object is kept by the cache). */
const chunkBuffers = new Map<string, Buffer>();

type ErrValue = { err: Buffer; code?: Buffer; meta?: { kind?: string; name?: string; line: number } };

/** The error raised by the last redis.call (its text is the script's error, flagged not to count twice). */
let lastCallError: string | null = null;

/** Words an aborting script error as luaCallFunction does. */
function scriptError(v: ErrValue, funcname: string, chunkName: string): RunOutcome {
  const meta = v.meta!;
  let msg = v.err.toString('latin1');
  const code = v.code ? v.code.toString('latin1') : 'ERR';
  let line = meta.line;
  let fromCall = false;
  if (meta.kind === 'global-read') {
    msg = `ERR ${chunkName}:${line}: Script attempted to access nonexistent global variable '${meta.name ?? ''}'`;
  } else if (meta.kind === 'command-arg-type') {
    msg = 'ERR Lua redis lib command arguments must be strings or integers';
  } else if (msg.endsWith('Script killed by fuel limit')) {
    return { ok: false, error: `ERR Script killed by user with SCRIPT KILL... script: ${funcname}, on @${chunkName}:${line}.`, fromCall: false, killed: true };
  } else {
    msg = msg.replace(/\0$/, '');
    // Errors we raised with a marker: \1 registration errors, \2 error({err=...}) tables.
    const m1 = /^(?:user_script:\d+: )?\x02([\s\S]*)$/.exec(msg);
    // No position when the user tail-called redis.call (`return redis.call(...)`): the engine's line.
    const m3 = /^(?:user_script:(\d+): )?\x03([\s\S]*)$/.exec(msg);
    if (m1) msg = m1[1]!;
    else if (m3) {
      // A redis.call error (already counted when the command failed).
      if (m3[1] !== undefined) line = Number(m3[1]);
      msg = m3[2]!;
      fromCall = true;
    }
    else if (lastCallError !== null && msg === stripCode(lastCallError)) {
      msg = lastCallError;
      fromCall = true;
    } else {
      const known = /^user_script:(\d+): ERR (RESP version must be 2 or 3\.|redis\.log requires level and message|.*)$/.exec(msg);
      if (known) {
        line = Number(known[1]);
        const t = known[2]!;
        msg = 'ERR ' + (t === 'redis.log requires level and message' ? 'redis.log() requires two arguments or more.' : t);
      } else {
        // The error carries the position it was raised at in the script (error('...') and
        // runtime errors): that line, as Redis's handler reports the raising function's line,
        // not the engine's (which can be a prelude wrapper's line 1).
        const at = /^user_script:(\d+): /.exec(msg);
        if (at) line = Number(at[1]);
        msg = code + ' ' + msg;
      }
    }
    if (chunkName !== 'user_script') msg = msg.replace(/user_script:/g, chunkName + ':');
  }
  return { ok: false, error: `${msg} script: ${funcname}, on @${chunkName}:${line}.`, fromCall };
}

/** scriptError for results coming from the busy-mode worker. */
export function scriptErrorOf(v: ErrValue, funcname: string, chunkName: string): RunOutcome {
  return scriptError(v, funcname, chunkName);
}

/** redis.call / redis.pcall on behalf of `ctx` (busy-mode worker requests). */
export function hostCallFor(ctx: RunCtx, args: Buffer[], raise: boolean): ReplyValue {
  const prev = current;
  current = ctx;
  try {
    return hostCall(args, raise);
  } finally {
    current = prev;
  }
}

function stripCode(line: string): string {
  const sp = line.indexOf(' ');
  return sp > 0 && /^[A-Z][A-Z0-9_-]*$/.test(line.slice(0, sp)) ? line.slice(sp + 1) : line;
}

/** Raw chunk run without a script context (compile checks, library loads). */
export function runRaw(chunk: string, chunkName: string, budgetMs: number): RunOutcome {
  return runChunk(null, chunk, [], [], chunkName, budgetMs);
}

function hostLog(level: number, msg: Buffer): void {
  const ctx = current;
  if (ctx === null) return;
  const text = msg.toString('latin1');
  const log = ctx.server.log;
  if (level <= 0) log.debug(text);
  else if (level === 1) log.info(text);
  else if (level === 2) log.info(text);
  else log.warn(text);
}

// -------------------------------------------------------------------------------------------
// redis.call / redis.pcall
// -------------------------------------------------------------------------------------------

function errValue(line: string): ReplyValue {
  const sp = line.indexOf(' ');
  if (sp > 0 && /^[A-Z][A-Z0-9_-]*$/.test(line.slice(0, sp))) {
    return { err: Buffer.from(line.slice(sp + 1), 'latin1'), code: Buffer.from(line.slice(0, sp), 'latin1') };
  }
  return { err: Buffer.from(line, 'latin1'), code: Buffer.from('ERR') };
}

/** Error from the script machinery itself (not from the command): counted in errorstats here. */
function rejectCall(ctx: RunCtx, line: string, raise: boolean, cmd: Command | null): Captured {
  ctx.server.stats.countError(line);
  (ctx.callErrors ??= new Set()).add(line);
  if (cmd !== null) cmd.rejectedCalls++;
  markErrorsCharged(ctx.caller);
  if (raise) lastCallError = line;
  return { type: 'error', value: line };
}

/**
 * min-replicas-to-write (checkGoodReplicasStatus): respite has no replication link yet, so the
 * connected replicas are the clients flagged as replicas, all counted as in time.
 */
export function goodReplicasOk(server: Server): boolean {
  const min = server.config.num('min-replicas-to-write');
  if (!(min > 0)) return true;
  let n = 0;
  for (const c of server.clients.values()) if (c.flags & 1) n++;
  return n >= min;
}

/** redis.acl_check_cmd goes through redis.pcall under this reserved name. */
const ACL_CHECK = '\0acl_check_cmd';

/** redis.acl_check_cmd(cmd, ...): 1 when the caller's user may run it, 0 when not. */
function aclCheckCmd(ctx: RunCtx, argv: string[]): Captured {
  if (argv.length < 2) return { type: 'error', value: 'ERR Please specify at least one argument for this redis lib call' };
  const rest = argv.slice(1);
  let cmd = ctx.server.registry.lookup(rest[0]!);
  if (cmd !== undefined && cmd.subcommands !== null && rest.length >= 2) cmd = cmd.subcommands.get(rest[1]!.toLowerCase());
  if (cmd === undefined || cmd.handler === undefined) return { type: 'error', value: 'ERR Invalid command passed to redis.acl_check_cmd()' };
  const acl = aclOf(ctx.server);
  const u = acl.userOf(ctx.caller);
  if (u.unrestricted) return 1;
  return acl.checkUserCommand(u, cmd, rest)[0] === Denied.Ok ? 1 : 0;
}

/** redis.call / redis.pcall through the engine wrapper's Buffer interface (fallback, busy worker). */
function hostCall(args: Buffer[], raise: boolean): ReplyValue {
  const argv = new Array<string>(args.length);
  for (let i = 0; i < args.length; i++) argv[i] = args[i]!.toString('latin1');
  const v = hostCallCore(argv, raise);
  return toLua(v, current?.resp ?? 2);
}

/** redis.call / redis.pcall as the VM's host import (direct ABI: `x` is [retPtr,] ptr, len). */
function hostImport(a: Abi, x: number[], raise: boolean): bigint | undefined {
  const ptr = x.length >= 3 ? x[1]! : x[0]!;
  const len = x.length >= 3 ? x[2]! : x[1]!;
  let v: Captured;
  try {
    v = hostCallCore(a.readArgs(ptr, len), raise);
  } catch (e) {
    // What the wrapper did with an exception from the host: an error reply of its message.
    return a.replyRawError(x, e instanceof Error ? e.message : String(e));
  }
  return a.replyTo(x, v, current?.resp ?? 2);
}

/** One redis.call / redis.pcall of the running script: the command's reply, or an error. */
function hostCallCore(argv: string[], raise: boolean): Captured {
  if (argv.length === 1 && argv[0] === WALKER_REQ) return WALKER_SRC;
  const ctx = current;
  if (ctx === null) return { type: 'error', value: 'ERR redis.call/pcall can only be called inside a script invocation' };
  // Fuel counts Lua instructions only: a loop of redis.call is stopped by wall-clock time.
  if (ctx.deadline !== 0 && Date.now() > ctx.deadline) {
    if (ctx.writeDirty) {
      // A script that already wrote can't be stopped or restarted without breaking atomicity:
      // Redis lets it run to completion, and so do we (on this thread; no BUSY replies meanwhile).
      ctx.deadline = 0;
      wasm?._set_limits?.(MAX_FUEL, 0, 0);
    } else {
      wasm?._set_limits?.(1, 0, 0);
      return { type: 'error', value: 'ERR Script killed by fuel limit' };
    }
  }
  if (argv.length === 0) return rejectCall(ctx, 'ERR Please specify at least one argument for this redis lib call', raise, null);
  const server = ctx.server;
  if (argv[0] === ACL_CHECK) return aclCheckCmd(ctx, argv);
  let cmd = server.registry.lookup(argv[0]!);
  if (cmd !== undefined && cmd.subcommands !== null && argv.length >= 2) cmd = cmd.subcommands.get(argv[1]!.toLowerCase());
  if (cmd === undefined || cmd.handler === undefined) {
    if (cmd === undefined) return rejectCall(ctx, 'ERR Unknown Redis command called from script', raise, null);
  }
  if (!cmd.arityOk(argv.length) || cmd.handler === undefined) return rejectCall(ctx, 'ERR Wrong number of args calling Redis command from script', raise, cmd);
  if (cmd.noScript) return rejectCall(ctx, 'ERR This Redis command is not allowed from script', raise, cmd);
  if (!cmd.stale && runningStale(server)) return rejectCall(ctx, 'ERR Can not execute the command on a stale replica', raise, cmd);
  if (server.aclCheck !== null) {
    const denied = aclCheckScriptCall(server, ctx.caller, cmd, argv);
    if (denied !== null) return rejectCall(ctx, denied, raise, cmd);
  }
  if (ctx.readOnly && (cmd.isWrite || cmd.mayReplicate)) return rejectCall(ctx, 'ERR Write commands are not allowed from read-only scripts.', raise, cmd);
  if (cmd.isWrite && !ctx.writeDirty && server.isReplica && server.config.bool('replica-read-only') && !(ctx.caller.flags & 2)) {
    return rejectCall(ctx, "READONLY You can't write against a read only replica.", raise, cmd);
  }
  if (cmd.isWrite && !ctx.writeDirty && !goodReplicasOk(server)) {
    return rejectCall(ctx, 'NOREPLICAS Not enough good replicas to write.', raise, cmd);
  }
  if ((ctx.flags & ScriptFlag.AllowOom) === 0 && !ctx.writeDirty && ctx.oomAtStart && cmd.denyOom) {
    return rejectCall(ctx, "OOM command not allowed when used memory > 'maxmemory'.", raise, cmd);
  }
  if (cmd.isWrite) ctx.writeDirty = true;
  const sc = ctx.scriptClient;
  sc.argv = argv;
  sc.cmd = cmd;
  sc.lastCmd = cmd;
  sc.user = ctx.caller.user;
  const w = sc.reply as unknown as { values: Captured[] };
  const before = w.values.length;
  ctx.run(sc, cmd);
  const reply = w.values.length > before ? w.values[w.values.length - 1]! : null;
  w.values.length = before;
  if (reply !== null && typeof reply === 'object' && !Array.isArray(reply) && (reply as { type?: string }).type === 'error') {
    const line = (reply as { value: string }).value;
    (ctx.callErrors ??= new Set()).add(line);
    if (raise) lastCallError = line;
  }
  return reply;
}

/** A command reply (as CaptureWriter recorded it) → the Lua value (redisProtocolToLuaType). */
function toLua(v: Captured, resp: number): ReplyValue {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
      return Buffer.from(v, 'latin1');
    case 'number':
      return v;
    case 'bigint':
      return v;
    case 'boolean':
      return resp === 3 ? v : v ? 1 : 0;
  }
  if (Array.isArray(v)) {
    const out = new Array<ReplyValue>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toLua(v[i]!, resp);
    return out;
  }
  switch (v.type) {
    case 'status':
      return { ok: Buffer.from(v.value, 'latin1') };
    case 'error':
      return errValue(v.value);
    case 'double':
      return resp === 3 ? { double: v.value } : Buffer.from(formatDouble17(v.value), 'latin1');
    case 'verbatim':
      return resp === 3 ? { verbatim_string: { format: Buffer.from(v.format), string: Buffer.from(v.value, 'latin1') } } : Buffer.from(v.value, 'latin1');
    case 'bignum':
      return resp === 3 ? { big_number: Buffer.from(v.value, 'latin1') } : Buffer.from(v.value, 'latin1');
    case 'map': {
      if (resp === 3) {
        const pairs: [ReplyValue, ReplyValue][] = [];
        for (let i = 0; i + 1 < v.value.length; i += 2) pairs.push([toLua(v.value[i]!, resp), toLua(v.value[i + 1]!, resp)]);
        return { map: pairs };
      }
      return v.value.map((x) => toLua(x, resp));
    }
    case 'set':
      return resp === 3 ? { set: v.value.map((x) => toLua(x, resp)) } : v.value.map((x) => toLua(x, resp));
    case 'push':
      return v.value.map((x) => toLua(x, resp));
  }
  return null;
}

// -------------------------------------------------------------------------------------------
// Lua value → reply
// -------------------------------------------------------------------------------------------

/**
 * Writes the converted script result (the tagged tree built by the prelude's __c) to the
 * caller. `scriptResp` is the script client's protocol (redis.setresp): booleans follow it.
 */
export function writeResult(r: Reply, v: ReplyValue, scriptResp: number): void {
  if (v === null) {
    r.nil();
    return;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    r.int(v);
    return;
  }
  if (Buffer.isBuffer(v)) {
    r.bulk(v.toString('latin1'));
    return;
  }
  if (typeof v === 'boolean') {
    // Only RESP3 scripts get booleans from the engine (RESP2 ones get 1 / nil).
    r.bool(v);
    return;
  }
  if (!Array.isArray(v) || v.length === 0 || !Buffer.isBuffer(v[0])) {
    // Not produced by our walker (shouldn't happen): fall back to a plain conversion.
    if (Array.isArray(v)) {
      r.array(v.length);
      for (const x of v) writeResult(r, x, scriptResp);
    } else if ('ok' in v) r.status(v.ok.toString('latin1'));
    else if ('err' in v) r.error(v.err.toString('latin1'));
    else r.nil();
    return;
  }
  const tag = (v[0] as Buffer).toString('latin1');
  switch (tag) {
    case 'a':
      r.array(v.length - 1);
      for (let i = 1; i < v.length; i++) writeResult(r, v[i]!, scriptResp);
      return;
    case 'e': {
      let line = (v[1] as Buffer).toString('latin1');
      if (line.startsWith('-')) line = line.slice(1);
      r.error(line);
      return;
    }
    case 's':
      r.status((v[1] as Buffer).toString('latin1').replace(/[\r\n]/g, ' '));
      return;
    case 't':
      if (scriptResp === 2) r.int(1);
      else r.bool(true);
      return;
    case 'f':
      if (scriptResp === 2) r.nil();
      else r.bool(false);
      return;
    case 'z':
      r.nil();
      return;
    case 'd': {
      const s = (v[1] as Buffer).toString('latin1');
      r.double(s === 'inf' ? Infinity : s === '-inf' ? -Infinity : s === 'nan' || s === '-nan' ? NaN : Number(s));
      return;
    }
    case 'n':
      r.bigNumber((v[1] as Buffer).toString('latin1').replace(/[\r\n]/g, ' '));
      return;
    case 'v':
      r.verbatim((v[2] as Buffer).toString('latin1'), (v[1] as Buffer).toString('latin1'));
      return;
    case 'm':
      r.map((v.length - 1) / 2);
      for (let i = 1; i < v.length; i++) writeResult(r, v[i]!, scriptResp);
      return;
    case 'S':
      r.set(v.length - 1);
      for (let i = 1; i < v.length; i++) writeResult(r, v[i]!, scriptResp);
      return;
  }
  r.nil();
}
