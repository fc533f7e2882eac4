/**
 * commands/scripting.ts — scripting commands (https://redis.io/commands/?group=scripting):
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT LOAD/EXISTS/FLUSH/KILL/DEBUG/HELP,
 * FUNCTION LOAD/DELETE/LIST/DUMP/RESTORE/STATS/FLUSH/KILL/HELP, FCALL, FCALL_RO
 * (eval.c, functions.c, script.c of Redis 7.0).
 *
 * The Lua VM and the Lua <-> reply conversions live in scripting/lua.ts; the per-server state
 * (script cache, function libraries, the script client) lives in scripting/state.ts.
 * Scripts run synchronously to completion: no other client's command runs in between.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { eq } from './args';
import { parseInt64 } from '../util/numbers';
import { call } from './dispatch';
import { goodReplicasOk, sha1hex, runRaw, runChunk, RunCtx, writeResult, evalChunk, compileChunk, libCallChunk, ScriptFlag, luaAvailable } from '../scripting/lua';
import { scriptingState, parseShebang, loadLibrary, FLAG_ORDER, type CachedScript, type ScriptingState } from '../scripting/state';
import { dumpFunctions, restoreFunctions } from '../scripting/dump';
import { replyHelp } from './help-reply';
import { ClientFlag } from '../protocol/client';
import { busy, runBusy, killBusy } from '../scripting/busy';
import { preCommandOom } from '../memory/accounting';
import { replicationFeedMonitors } from '../monitor';
import { runningStale } from '../replication/stale';

const SE = {
  numkeysNegative: "ERR Number of keys can't be negative",
  compile: (msg: string) => `ERR Error compiling script (new function): ${msg}`,
  roWithWriteFlag: 'ERR Can not execute a script with write flag using *_ro command.',
  staleNoFlag: "MASTERDOWN Link with MASTER is down, replica-serve-stale-data is set to 'no' and 'allow-stale' flag is not set on the script.",
  roReplicaWriteFlag: 'READONLY Can not run script with write flag on readonly replica',
  oomFlag: "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'",
  flushScript: 'ERR SCRIPT FLUSH only support SYNC|ASYNC option',
  flushFunction: 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option',
  functionNotFound: 'ERR Function not found',
  badNumKeys: 'ERR Bad number of keys provided',
  libNotFound: 'ERR Library not found',
  restorePolicy: 'ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.',
  unknownOption: (o: string) => `ERR Unknown option given: ${o}`,
  codeMissing: 'ERR Function code is missing',
  unknownArgument: (a: string) => `ERR Unknown argument ${a}`,
  libNameMissing: 'ERR library name argument was not given',
  debugUnsupported: 'ERR SCRIPT DEBUG is not supported by this server',
  debugSyntax: 'ERR Use SCRIPT DEBUG YES/SYNC/NO',
} as const;

/** numkeys of EVAL/FCALL at argv[2] (evalGetKeys). */
function evalKeys(argv: readonly string[]): number[] {
  const n = parseInt64(argv[2] ?? '');
  if (n === null || n <= 0n || Number(n) > argv.length - 3) return [];
  const out: number[] = [];
  for (let i = 0; i < Number(n); i++) out.push(3 + i);
  return out;
}

/** Reads numkeys (argv[2]); throws Redis's errors. */
function readNumKeys(c: CommandContext): number {
  const n = parseInt64(c.argv[2]!);
  if (n === null) throw new ReplyError(E.notInteger);
  if (n > BigInt(c.argv.length - 3)) throw new ReplyError(E.numkeysTooMany);
  if (n < 0n) throw new ReplyError(SE.numkeysNegative);
  return Number(n);
}

/** Redis's server.pre_command_oom_state: over maxmemory with nothing evictable before this command. */
function overMaxmemory(c: CommandContext): boolean {
  return preCommandOom(c.server);
}

/** Compiles and caches an EVAL body (luaCreateFunction). Throws the compile errors. */
export function createScript(st: ScriptingState, body: string, sha?: string): CachedScript {
  const h = sha ?? sha1hex(body);
  const found = st.scripts.get(h);
  if (found !== undefined) return found;
  const sb = parseShebang(body);
  if (!luaAvailable()) throw new ReplyError('ERR Lua engine unavailable');
  const code = body.slice(sb.len);
  const chk = runRaw(compileChunk(code), 'user_script', 0);
  if (!chk.ok) {
    let msg = chk.error.replace(/ script: [^,]*, on @user_script:\d+\.$/, '');
    if (msg.startsWith('ERR ')) msg = msg.slice(4);
    throw new ReplyError(SE.compile(msg));
  }
  const s: CachedScript = { sha: h, body, flags: sb.flags, chunk: evalChunk(code) };
  st.scripts.set(h, s);
  st.scriptsBytes += body.length;
  return s;
}

/** Checks done before a script with flags runs (scriptPrepareForRun). */
function prepareForRun(c: CommandContext, flags: number, ro: boolean): void {
  const stale = runningStale(c.server);
  if (flags & ScriptFlag.EvalCompat) {
    if (stale) throw new ReplyError(E.masterDown);
    return;
  }
  if (stale && !(flags & ScriptFlag.AllowStale)) throw new ReplyError(SE.staleNoFlag);
  if (!(flags & ScriptFlag.NoWrites)) {
    if (c.server.isReplica && c.server.config.bool('replica-read-only') && !(c.flags & ClientFlag.Master)) throw new ReplyError(SE.roReplicaWriteFlag);
    if (ro) throw new ReplyError(SE.roWithWriteFlag);
    if (!goodReplicasOk(c.server)) throw new ReplyError('NOREPLICAS Not enough good replicas to write.');
    if (!(flags & ScriptFlag.AllowOom) && overMaxmemory(c)) throw new ReplyError(SE.oomFlag);
  }
}

/** Runs a chunk for the caller and writes its reply (scriptPrepareForRun … luaCallFunction). */
function runForCaller(c: CommandContext, st: ScriptingState, chunk: string, funcname: string, flags: number, ro: boolean, isEval: boolean, keys: string[], args: string[], chunkName: string, fname: string): void {
  const sc = st.scriptClient(c.server);
  sc.db = c.db;
  sc.setResp(2);
  const readOnly = ro || (flags & ScriptFlag.NoWrites) !== 0;
  const ctx = new RunCtx(c.server, c, sc, funcname, flags, readOnly, isEval, call);
  ctx.oomAtStart = overMaxmemory(c);
  st.running = { ctx, name: fname, argv: c.argv.slice() };
  let res;
  let wentBusy = false;
  try {
    // The engine can't be interrupted from outside: a script that runs past busy-reply-threshold
    // (at least 1 s) is stopped as SCRIPT KILL would stop it.
    const threshold = c.server.config.num('busy-reply-threshold');
    res = runChunk(ctx, chunk, keys, args, chunkName, threshold > 0 ? Math.max(threshold, 1000) : 0);
    // A read-only-so-far script that outlived its budget continues in busy mode (a worker VM):
    // the caller waits, others get -BUSY, SCRIPT KILL works. Only for top-level socket clients.
    if (!res.ok && res.killed === true && !ctx.writeDirty && busy === null && c.socket !== null && (c.flags & (ClientFlag.Multi | ClientFlag.DenyBlocking)) === 0) {
      wentBusy = true;
      runBusy(ctx, chunk, keys, args, chunkName, () => {
        st.running = null;
      });
    }
  } finally {
    if (!wentBusy) st.running = null;
  }
  if (wentBusy) return;
  if (res.ok) {
    const v = res.value;
    // Returning a command's error table (return redis.pcall(...)): the error was counted when
    // the command failed (ignore_error_stats_update); the script call still failed.
    if (ctx.callErrors !== null && Array.isArray(v) && v.length === 2 && Buffer.isBuffer(v[0]) && v[0].toString() === 'e' && Buffer.isBuffer(v[1]) && ctx.callErrors.has(v[1].toString('latin1'))) {
      const r = c.reply;
      const onErr = r.onError;
      r.onError = null;
      writeResult(r, v, ctx.resp);
      r.onError = onErr;
      if (c.cmd !== null) c.cmd.failedCalls++;
      return;
    }
    writeResult(c.reply, v, ctx.resp);
    return;
  }
  if (res.fromCall) {
    // Already counted in errorstats when the command failed inside the script.
    const r = c.reply;
    const onErr = r.onError;
    r.onError = null;
    r.error(res.error);
    r.onError = onErr;
    // ERR_REPLY_FLAG_NO_STATS_UPDATE: not counted again, but the script call still failed.
    if (c.cmd !== null) c.cmd.failedCalls++;
    return;
  }
  c.reply.error(res.error);
}

/** EVAL / EVALSHA / EVAL_RO / EVALSHA_RO (evalGenericCommand). */
function evalGenericCommand(c: CommandContext, isSha: boolean, ro: boolean): void {
  // EVAL/EVALSHA/FCALL are skip_monitor: monitors see them here, before the script's own
  // commands (evalCommand / fcallCommandGeneric feed the monitors first).
  if (c.cmd !== null) replicationFeedMonitors(c, c.cmd);
  const numkeys = readNumKeys(c);
  const st = scriptingState(c.server);
  let script: CachedScript | undefined;
  if (isSha) {
    script = st.scripts.get(c.argv[1]!.toLowerCase());
    if (script === undefined) throw new ReplyError(E.noScript);
  } else {
    script = createScript(st, c.argv[1]!);
  }
  prepareForRun(c, script.flags, ro);
  const keys = c.argv.slice(3, 3 + numkeys);
  const args = c.argv.slice(3 + numkeys);
  runForCaller(c, st, script.chunk, script.sha, script.flags, ro, true, keys, args, 'user_script', '');
}

function evalCommand(c: CommandContext): void {
  evalGenericCommand(c, false, false);
}
function evalRoCommand(c: CommandContext): void {
  evalGenericCommand(c, false, true);
}
function evalShaCommand(c: CommandContext): void {
  // A 40-char argument is looked up as is; anything else can't be a sha.
  if (c.argv[1]!.length !== 40) {
    if (c.cmd !== null) replicationFeedMonitors(c, c.cmd);
    readNumKeys(c);
    throw new ReplyError(E.noScript);
  }
  evalGenericCommand(c, true, false);
}
function evalShaRoCommand(c: CommandContext): void {
  if (c.argv[1]!.length !== 40) {
    if (c.cmd !== null) replicationFeedMonitors(c, c.cmd);
    readNumKeys(c);
    throw new ReplyError(E.noScript);
  }
  evalGenericCommand(c, true, true);
}

// -------------------------------------------------------------------------------------------
// SCRIPT
// -------------------------------------------------------------------------------------------

function scriptLoadCommand(c: CommandContext): void {
  const s = createScript(scriptingState(c.server), c.argv[2]!);
  c.reply.bulk(s.sha);
}

function scriptExistsCommand(c: CommandContext): void {
  const st = scriptingState(c.server);
  c.reply.array(c.argv.length - 2);
  for (let i = 2; i < c.argv.length; i++) c.reply.int(st.scripts.has(c.argv[i]!.toLowerCase()) ? 1 : 0);
}

function scriptFlushCommand(c: CommandContext): void {
  if (c.argv.length > 3 || (c.argv.length === 3 && !eq(c.argv[2]!, 'sync') && !eq(c.argv[2]!, 'async'))) {
    throw new ReplyError(SE.flushScript);
  }
  const st = scriptingState(c.server);
  st.scripts.clear();
  st.scriptsBytes = 0;
  c.reply.ok();
}

function scriptKillCommand(c: CommandContext): void {
  const e = killBusy(c.server, true);
  if (e !== null) throw new ReplyError(e);
  c.reply.ok();
}

function scriptDebugCommand(c: CommandContext): void {
  const a = c.argv[2]!;
  if (eq(a, 'no')) {
    c.reply.ok();
    return;
  }
  if (eq(a, 'yes') || eq(a, 'sync')) throw new ReplyError(SE.debugUnsupported);
  throw new ReplyError(SE.debugSyntax);
}

function scriptHelpCommand(c: CommandContext): void {
  replyHelp(c, [
    'DEBUG (YES|SYNC|NO)',
    '    Set the debug mode for subsequent scripts executed.',
    'EXISTS <sha1> [<sha1> ...]',
    '    Return information about the existence of the scripts in the script cache.',
    'FLUSH [ASYNC|SYNC]',
    '    Flush the Lua scripts cache. Very dangerous on replicas.',
    '    When called without the optional mode argument, the behavior is determined by the',
    '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
    '    * ASYNC: Asynchronously flush the scripts cache.',
    '    * SYNC: Synchronously flush the scripts cache.',
    'KILL',
    '    Kill the currently executing Lua script.',
    'LOAD <script>',
    '    Load a script into the scripts cache without executing it.',
  ]);
}

// -------------------------------------------------------------------------------------------
// FUNCTION / FCALL
// -------------------------------------------------------------------------------------------

function fcallGenericCommand(c: CommandContext, ro: boolean): void {
  if (c.cmd !== null) replicationFeedMonitors(c, c.cmd);
  const st = scriptingState(c.server);
  const fn = st.functions.get(c.argv[1]!.toLowerCase());
  if (fn === undefined) throw new ReplyError(SE.functionNotFound);
  const n = parseInt64(c.argv[2]!);
  if (n === null) throw new ReplyError(SE.badNumKeys);
  if (n > BigInt(c.argv.length - 3)) throw new ReplyError(E.numkeysTooMany);
  if (n < 0n) throw new ReplyError(SE.numkeysNegative);
  const numkeys = Number(n);
  prepareForRun(c, fn.flags, ro);
  const keys = c.argv.slice(3, 3 + numkeys);
  const args = c.argv.slice(3 + numkeys);
  fn.lib.calls++;
  runForCaller(c, st, fn.chunk ??= libCallChunk(fn.lib.code, fn.name), fn.name, fn.flags, ro, false, keys, args, 'user_function', fn.name);
}

function fcallCommand(c: CommandContext): void {
  fcallGenericCommand(c, false);
}
function fcallRoCommand(c: CommandContext): void {
  fcallGenericCommand(c, true);
}

function functionLoadCommand(c: CommandContext): void {
  let replace = false;
  let i = 2;
  for (; i < c.argv.length - 1; i++) {
    if (eq(c.argv[i]!, 'replace')) replace = true;
    else throw new ReplyError(SE.unknownOption(c.argv[i]!));
  }
  if (i >= c.argv.length) throw new ReplyError(SE.codeMissing);
  const name = loadLibrary(scriptingState(c.server), c.argv[i]!, replace);
  c.server.dirty++;
  c.reply.bulk(name);
}

function functionDeleteCommand(c: CommandContext): void {
  const st = scriptingState(c.server);
  const lib = st.libraries.get(c.argv[2]!);
  if (lib === undefined) throw new ReplyError(SE.libNotFound);
  st.removeLibrary(lib);
  c.server.dirty++;
  c.reply.ok();
}

function functionListCommand(c: CommandContext): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < c.argv.length; i++) {
    const a = c.argv[i]!;
    if (eq(a, 'withcode') && !withCode) withCode = true;
    else if (eq(a, 'libraryname') && pattern === null) {
      if (i + 1 >= c.argv.length) throw new ReplyError(SE.libNameMissing);
      pattern = c.argv[++i]!;
    } else throw new ReplyError(SE.unknownArgument(a));
  }
  const st = scriptingState(c.server);
  const libs = [...st.libraries.values()].filter((l) => pattern === null || globMatch(pattern, l.name));
  const r = c.reply;
  r.array(libs.length);
  for (const lib of libs) {
    r.map(withCode ? 4 : 3);
    r.bulk('library_name');
    r.bulk(lib.name);
    r.bulk('engine');
    r.bulk('LUA');
    r.bulk('functions');
    r.array(lib.functions.length);
    for (const f of lib.functions) {
      r.map(3);
      r.bulk('name');
      r.bulk(f.name);
      r.bulk('description');
      if (f.desc === null) r.nil();
      else r.bulk(f.desc);
      r.bulk('flags');
      const names = FLAG_ORDER.filter(([, bit]) => (f.flags & bit) !== 0).map(([n]) => n);
      r.set(names.length);
      for (const n of names) r.bulk(n);
    }
    if (withCode) {
      r.bulk('library_code');
      r.bulk(lib.code0);
    }
  }
}

/** stringmatchlen-style glob (libraries are matched like KEYS patterns). */
function globMatch(pattern: string, s: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else if (ch === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i]!;
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith('^')) cls = '^' + cls.slice(1).replace(/[\]\\]/g, '\\$&');
        else cls = cls.replace(/[\]\\^]/g, '\\$&');
        re += '[' + cls + ']';
        i = end;
      }
    } else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(re + '$').test(s);
  } catch {
    return false;
  }
}

function functionDumpCommand(c: CommandContext): void {
  c.reply.bulk(dumpFunctions(scriptingState(c.server)));
}

function functionRestoreCommand(c: CommandContext): void {
  let policy = 'append';
  if (c.argv.length > 4) throw new ReplyError(E.subcommandSyntax('restore', 'function'));
  if (c.argv.length === 4) {
    const p = c.argv[3]!.toLowerCase();
    if (p !== 'flush' && p !== 'append' && p !== 'replace') throw new ReplyError(SE.restorePolicy);
    policy = p;
  }
  restoreFunctions(scriptingState(c.server), c.argv[2]!, policy as 'flush' | 'append' | 'replace');
  c.server.dirty++;
  c.reply.ok();
}

function functionStatsCommand(c: CommandContext): void {
  const st = scriptingState(c.server);
  const r = c.reply;
  r.map(2);
  r.bulk('running_script');
  const run = st.running;
  if (run === null || run.ctx.isEval) r.nil();
  else {
    r.map(3);
    r.bulk('name');
    r.bulk(run.name);
    r.bulk('command');
    r.bulkArray(run.argv);
    r.bulk('duration_ms');
    r.int(Date.now() - run.ctx.startedAt);
  }
  r.bulk('engines');
  r.map(1);
  r.bulk('LUA');
  r.map(2);
  r.bulk('libraries_count');
  r.int(st.libraries.size);
  r.bulk('functions_count');
  r.int(st.functions.size);
}

function functionFlushCommand(c: CommandContext): void {
  if (c.argv.length > 3) throw new ReplyError(E.subcommandSyntax('flush', 'function'));
  if ( (c.argv.length === 3 && !eq(c.argv[2]!, 'sync') && !eq(c.argv[2]!, 'async'))) {
    throw new ReplyError(SE.flushFunction);
  }
  scriptingState(c.server).flushFunctions();
  c.server.dirty++;
  c.reply.ok();
}

function functionKillCommand(c: CommandContext): void {
  const e = killBusy(c.server, false);
  if (e !== null) throw new ReplyError(e);
  c.reply.ok();
}

function functionHelpCommand(c: CommandContext): void {
  replyHelp(c, [
    'LOAD [REPLACE] <FUNCTION CODE>',
    '    Create a new library with the given library name and code.',
    'DELETE <LIBRARY NAME>',
    '    Delete the given library.',
    'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
    '    Return general information on all the libraries:',
    '    * Library name',
    '    * The engine used to run the Library',
    '    * Library description',
    '    * Functions list',
    '    * Library code (if WITHCODE is given)',
    '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
    'STATS',
    '    Return information about the current function running:',
    '    * Function name',
    '    * Command used to run the function',
    '    * Duration in MS that the function is running',
    '    If no function is running, return nil',
    '    In addition, returns a list of available engines.',
    'KILL',
    '    Kill the current running function.',
    'FLUSH [ASYNC|SYNC]',
    '    Delete all the libraries.',
    '    When called without the optional mode argument, the behavior is determined by the',
    '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
    '    * ASYNC: Asynchronously flush the libraries.',
    '    * SYNC: Synchronously flush the libraries.',
    'DUMP',
    '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
    'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
    '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
    '    control how to handle existing libraries (default APPEND):',
    '    * FLUSH: delete all existing libraries.',
    '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
    '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
    '      libraries with the new libraries (notice that even on this option there is a chance of failure',
    '      in case of functions name collision with another library).',
  ]);
}

const EVAL_FLAGS = ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'] as const;
const EVAL_RO_FLAGS = ['readonly', 'noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'] as const;
const RW_KEYS = () => ['RW', 'access', 'update'];
const RO_KEYS = () => ['RO', 'access'];

function sub(name: string, arity: number, flags: CommandSpec['flags'], handler: CommandSpec['handler'], tips?: string[]): CommandSpec {
  return { name, arity, flags, firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting', handler, ...(tips ? { tips } : {}) };
}

export const scriptingCommands: readonly CommandSpec[] = [
  {
    name: 'eval', arity: -3, flags: EVAL_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting',
    since: '2.6.0', summary: 'Execute a Lua script server side', complexity: 'Depends on the script that is executed.',
    keys: evalKeys, keyFlags: RW_KEYS, handler: evalCommand,
  },
  {
    name: 'evalsha', arity: -3, flags: EVAL_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting',
    since: '2.6.0', summary: 'Execute a Lua script server side', complexity: 'Depends on the script that is executed.',
    keys: evalKeys, keyFlags: RW_KEYS, handler: evalShaCommand,
  },
  {
    name: 'eval_ro', arity: -3, flags: EVAL_RO_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting',
    since: '7.0.0', summary: 'Execute a read-only Lua script server side', complexity: 'Depends on the script that is executed.',
    keys: evalKeys, keyFlags: RO_KEYS, handler: evalRoCommand,
  },
  {
    name: 'evalsha_ro', arity: -3, flags: EVAL_RO_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting',
    since: '7.0.0', summary: 'Execute a read-only Lua script server side', complexity: 'Depends on the script that is executed.',
    keys: evalKeys, keyFlags: RO_KEYS, handler: evalShaRoCommand,
  },
  {
    name: 'fcall', arity: -3, flags: EVAL_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting',
    since: '7.0.0', summary: 'Invoke a function', complexity: 'Depends on the function that is executed.',
    keys: evalKeys, keyFlags: RW_KEYS, handler: fcallCommand,
  },
  {
    name: 'fcall_ro', arity: -3, flags: EVAL_RO_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting',
    since: '7.0.0', summary: 'Invoke a read-only function', complexity: 'Depends on the function that is executed.',
    keys: evalKeys, keyFlags: RO_KEYS, handler: fcallRoCommand,
  },
  {
    name: 'script', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'scripting',
    subcommands: [
      sub('debug', 3, ['noscript'], scriptDebugCommand),
      sub('flush', -2, ['noscript'], scriptFlushCommand, ['request_policy:all_nodes', 'response_policy:all_succeeded']),
      sub('exists', -3, ['noscript'], scriptExistsCommand, ['request_policy:all_shards', 'response_policy:agg_logical_and']),
      sub('help', 2, ['loading', 'stale'], scriptHelpCommand),
      sub('kill', 2, ['noscript', 'allow_busy'], scriptKillCommand, ['request_policy:all_shards', 'response_policy:one_succeeded']),
      sub('load', 3, ['noscript', 'stale'], scriptLoadCommand, ['request_policy:all_nodes', 'response_policy:all_succeeded']),
    ],
  },
  {
    name: 'function', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'scripting',
    subcommands: [
      sub('help', 2, ['loading', 'stale'], functionHelpCommand),
      sub('kill', 2, ['noscript', 'allow_busy'], functionKillCommand, ['request_policy:all_shards', 'response_policy:one_succeeded']),
      sub('dump', 2, ['noscript'], functionDumpCommand),
      sub('list', -2, ['noscript'], functionListCommand, ['nondeterministic_output_order']),
      sub('load', -3, ['write', 'denyoom', 'noscript'], functionLoadCommand, ['request_policy:all_shards', 'response_policy:all_succeeded']),
      sub('delete', 3, ['write', 'noscript'], functionDeleteCommand, ['request_policy:all_shards', 'response_policy:all_succeeded']),
      sub('restore', -3, ['write', 'denyoom', 'noscript'], functionRestoreCommand, ['request_policy:all_shards', 'response_policy:all_succeeded']),
      sub('stats', 2, ['noscript', 'allow_busy'], functionStatsCommand, ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special']),
      sub('flush', -2, ['write', 'noscript'], functionFlushCommand, ['request_policy:all_shards', 'response_policy:all_succeeded']),
    ],
  },
];
