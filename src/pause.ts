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

/**
 * Why clients are paused (Redis 7.0's pause purposes): a CLIENT PAUSE and a FAILOVER pause each
 * other's clients independently; the pause in force is the strictest mode and the latest end
 * of the active purposes, and ending one purpose leaves the others' pause in place.
 */
export type PausePurpose = 'client' | 'failover';

interface PauseState {
  /** Per active purpose: its mode and absolute end (server clock ms). */
  purposes: Map<PausePurpose, { type: number; end: number }>;
  /** The end of the pause in force (the latest of the purposes'). */
  end: number;
  timer: NodeJS.Timeout | null;
  /** Postponed clients with the command each must run first, in postponement order. */
  postponed: { c: Client; argv: string[] }[];
}

function stateOf(server: Server): PauseState {
  let st = server.ext.get('pause') as PauseState | undefined;
  if (st === undefined) {
    st = { purposes: new Map(), end: 0, timer: null, postponed: [] };
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
 * Pauses clients until `end` (server clock ms) in the given mode, for `purpose`. A purpose's
 * pause only grows: the stricter mode and the later end win (pauseClients).
 */
export function pauseClients(server: Server, end: number, type: number, purpose: PausePurpose = 'client'): void {
  const st = stateOf(server);
  const cur = st.purposes.get(purpose);
  if (cur === undefined) st.purposes.set(purpose, { type, end });
  else {
    cur.type = Math.max(cur.type, type);
    cur.end = Math.max(cur.end, end);
  }
  recompute(server, st);
  server.expiryPaused = true;
  armTimer(server, st);
}

/** The pause in force from the active purposes. */
function recompute(server: Server, st: PauseState): void {
  let type = PAUSE_OFF;
  let end = 0;
  for (const p of st.purposes.values()) {
    type = Math.max(type, p.type);
    end = Math.max(end, p.end);
  }
  server.pauseType = type;
  st.end = end;
}

/** Drops the purposes whose end has passed; true when one was dropped. */
function dropExpired(server: Server, st: PauseState): boolean {
  const now = server.clock();
  let dropped = false;
  for (const [k, p] of st.purposes) {
    if (p.end < now) {
      st.purposes.delete(k);
      dropped = true;
    }
  }
  return dropped;
}

function armTimer(server: Server, st: PauseState): void {
  if (st.timer !== null) clearTimeout(st.timer);
  let next = Infinity;
  for (const p of st.purposes.values()) next = Math.min(next, p.end);
  if (next === Infinity) {
    st.timer = null;
    return;
  }
  const wait = Math.max(0, next - server.clock());
  st.timer = setTimeout(() => {
    st.timer = null;
    if (dropExpired(server, st)) release(server, st);
    else armTimer(server, st);
  }, Math.min(wait + 1, 0x7fffffff));
  st.timer.unref();
}

/**
 * Ends `purpose`'s pause (CLIENT UNPAUSE ends only the client one). When no purpose is left the
 * pause is over; postponed clients run their command and the rest of their input (or wait again
 * under what is still in force).
 */
export function unpauseClients(server: Server, purpose: PausePurpose = 'client'): void {
  const st = server.ext.get('pause') as PauseState | undefined;
  if (st === undefined) {
    server.pauseType = PAUSE_OFF;
    server.expiryPaused = false;
    return;
  }
  st.purposes.delete(purpose);
  release(server, st);
}

/** After purposes ended: the pause still in force, and the postponed clients let go. */
function release(server: Server, st: PauseState): void {
  recompute(server, st);
  if (server.pauseType === PAUSE_OFF) {
    server.expiryPaused = false;
    if (st.timer !== null) {
      clearTimeout(st.timer);
      st.timer = null;
    }
  } else armTimer(server, st);
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

/** True while a pause is in force; ends the purposes whose time is up. */
export function checkPauseTimeout(server: Server): boolean {
  if (server.pauseType === PAUSE_OFF) return false;
  const st = stateOf(server);
  if (dropExpired(server, st)) release(server, st);
  return server.pauseType !== PAUSE_OFF;
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
