/**
 * pause.ts — CLIENT PAUSE / UNPAUSE (networking.c pauseClients, unpauseClients, and the
 * BLOCKED_POSTPONE branch of processCommand).
 *
 * While a pause is in force, the dispatcher hands every command that must wait to
 * postponeIfPaused(): the client stops reading its input (ClientFlag.Blocked) and the command is
 * kept until the pause ends, then it runs and the rest of the client's input is processed, in the
 * order the clients were postponed. Mode ALL postpones every command; mode WRITE postpones writes
 * and may-replicate commands (EVAL, EXPIRE…; EXEC when it queued any). Replicas are never paused.
 * Expiry (lazy and active) is held back while paused (server.expiryPaused).
 *
 * State lives in server.ext under 'pause'. Imports the dispatcher lazily (at call time) only.
 */
import { ClientFlag, type Client } from './protocol/client';
import type { Command } from './commands/registry';
import type { Server } from './server';
import { processCommand } from './commands/dispatch';
import { parseShebang, type ScriptingState } from './scripting/state';
import { ScriptFlag } from './scripting/lua';

export const PAUSE_OFF = 0;
export const PAUSE_WRITE = 1;
export const PAUSE_ALL = 2;

interface PauseState {
  /** Absolute end (server clock ms). */
  end: number;
  timer: NodeJS.Timeout | null;
  /** Postponed clients with the command each must run first, in postponement order. */
  postponed: { c: Client; argv: string[] }[];
}

function stateOf(server: Server): PauseState {
  let st = server.ext.get('pause') as PauseState | undefined;
  if (st === undefined) {
    st = { end: 0, timer: null, postponed: [] };
    server.ext.set('pause', st);
    // First in line, so the blocking layer never sees a postponed client as one of its own.
    server.hooks.clientClosed.unshift((c) => {
      const s = server.ext.get('pause') as PauseState;
      const i = s.postponed.findIndex((p) => p.c === c);
      if (i >= 0) {
        s.postponed.splice(i, 1);
        c.flags &= ~ClientFlag.Blocked;
      }
    });
  }
  return st;
}

/**
 * Pauses clients until `end` (server clock ms) in the given mode. A pause only grows: the
 * stricter mode and the later end win (pauseClients).
 */
export function pauseClients(server: Server, end: number, type: number): void {
  const st = stateOf(server);
  if (server.pauseType === PAUSE_OFF) {
    server.pauseType = type;
    st.end = end;
  } else {
    server.pauseType = Math.max(server.pauseType, type);
    st.end = Math.max(st.end, end);
  }
  server.expiryPaused = true;
  armTimer(server, st);
}

function armTimer(server: Server, st: PauseState): void {
  if (st.timer !== null) clearTimeout(st.timer);
  const wait = Math.max(0, st.end - server.clock());
  st.timer = setTimeout(() => {
    st.timer = null;
    if (server.pauseType !== PAUSE_OFF && st.end < server.clock()) unpauseClients(server);
    else if (server.pauseType !== PAUSE_OFF) armTimer(server, st);
  }, Math.min(wait + 1, 0x7fffffff));
  st.timer.unref();
}

/** Ends the pause and lets every postponed client run its command and the rest of its input. */
export function unpauseClients(server: Server): void {
  const st = server.ext.get('pause') as PauseState | undefined;
  server.pauseType = PAUSE_OFF;
  server.expiryPaused = false;
  if (st === undefined) return;
  if (st.timer !== null) {
    clearTimeout(st.timer);
    st.timer = null;
  }
  const list = st.postponed;
  if (list.length === 0) return;
  st.postponed = [];
  // Redis resumes them from beforeSleep, not inside the UNPAUSE command.
  setImmediate(() => {
    for (const { c, argv } of list) {
      if (!server.clients.has(c.id) && c.socket !== null) continue;
      c.flags &= ~ClientFlag.Blocked;
      if (server.pauseType !== PAUSE_OFF && postponeIfPaused(c, c.cmd!, argv)) continue;
      processCommand(c, argv);
      if (c.parser !== null) server.processInput(c);
      server.flush(c);
    }
  });
}

/** True when the pause has expired or was never set; clears an expired one. */
export function checkPauseTimeout(server: Server): boolean {
  if (server.pauseType === PAUSE_OFF) return false;
  const st = stateOf(server);
  if (st.end < server.clock()) {
    unpauseClients(server);
    return false;
  }
  return true;
}

/**
 * Called by the dispatcher while server.pauseType != 0. Returns true (and keeps the command)
 * when this command must wait for the pause to end.
 */
export function postponeIfPaused(c: Client, cmd: Command, argv: string[]): boolean {
  const server = c.server;
  if (c.flags & ClientFlag.Replica) return false;
  if (!checkPauseTimeout(server)) return false;
  if (server.pauseType === PAUSE_WRITE && !mayReplicate(c, cmd, argv)) return false;
  c.flags |= ClientFlag.Blocked;
  stateOf(server).postponed.push({ c, argv });
  return true;
}

/**
 * Commands whose JSON has MAY_REPLICATE in 7.0. COMMAND INFO does not print that flag, so the
 * registry specs (copied from COMMAND INFO) may lack it.
 */
const MAY_REPLICATE = new Set(['eval', 'evalsha', 'fcall', 'pfcount', 'publish', 'spublish']);

/**
 * Optional resolver for scripts' declared flags (EVALSHA / FCALL need the script or function
 * registry): returns true/false when the flags are known, null to fall back to the command's.
 * The scripting module may set it.
 */
export const scriptFlags: { mayReplicate: ((c: Client, cmd: Command, argv: readonly string[]) => boolean | null) | null } = {
  mayReplicate: null,
};

function commandMayReplicate(c: Client, cmd: Command, argv: readonly string[]): boolean {
  if (cmd.isWrite) return true;
  if (cmd.parent !== null) return cmd.mayReplicate;
  const name = cmd.name;
  if (name === 'eval' || name === 'evalsha' || name === 'fcall') {
    if (scriptFlags.mayReplicate !== null) {
      const r = scriptFlags.mayReplicate(c, cmd, argv);
      if (r !== null) return r;
    }
    return scriptMayReplicate(c, name, argv);
  }
  return cmd.mayReplicate || MAY_REPLICATE.has(name);
}

/**
 * getCommandFlags for scripts (evalGetCommandFlags / fcallGetCommandFlags): declared flags
 * replace the command's, so a script or function flagged no-writes is not may-replicate; a
 * script without a shebang (or not in the cache) keeps EVAL's may_replicate.
 */
function scriptMayReplicate(c: Client, name: string, argv: readonly string[]): boolean {
  const st = c.server.ext.get('scripting') as ScriptingState | undefined;
  if (name === 'fcall') {
    const f = st?.functions.get(argv[1] ?? '');
    return f === undefined ? true : (f.flags & ScriptFlag.NoWrites) === 0;
  }
  let flags: number;
  if (name === 'evalsha') {
    const sc = st?.scripts.get((argv[1] ?? '').toLowerCase());
    if (sc === undefined) return true;
    flags = sc.flags;
  } else {
    const body = argv[1] ?? '';
    if (!body.startsWith('#!')) return true;
    try {
      flags = parseShebang(body).flags;
    } catch {
      return true;
    }
  }
  if (flags & ScriptFlag.EvalCompat) return true;
  return (flags & ScriptFlag.NoWrites) === 0;
}

/** is_may_replicate_command: write or may-replicate, or an EXEC that queued such a command. */
function mayReplicate(c: Client, cmd: Command, argv: readonly string[]): boolean {
  if (commandMayReplicate(c, cmd, argv)) return true;
  if (cmd.name === 'exec' && cmd.parent === null && c.multiState !== null) {
    for (const q of c.multiState.commands) if (commandMayReplicate(c, q.cmd, q.argv)) return true;
  }
  return false;
}
