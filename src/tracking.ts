/**
 * tracking.ts — client-side caching (Redis's tracking.c): which clients may have cached which
 * keys (default mode), the prefixes of broadcasting clients (BCAST), and the invalidation
 * messages (`>2 invalidate [keys]` under RESP3, or `message __redis__:invalidate [keys]` to a
 * RESP2 client subscribed there when redirecting).
 *
 * Wiring (installed by the first CLIENT TRACKING ON): hooks.keyModified invalidates, a call
 * observer remembers the keys read by read-only commands, hooks.flushed sends the null
 * invalidation of FLUSHDB/FLUSHALL, an afterCommand hook delivers invalidations meant for the
 * client whose own command caused them (after its reply), and a command filter keeps the table
 * under tracking-table-max-keys. State per client lives in `c.tracking`.
 */
import { ClientFlag, type Client } from './protocol/client';
import type { Command } from './commands/registry';
import { FilterRank, type Server } from './server';
import type { Database } from './db/database';
import { beginPubsubMessage } from './pubsub';

export interface TrackingState {
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** CLIENT CACHING yes/no was given for the next command (CLIENT_TRACKING_CACHING). */
  caching: boolean;
  brokenRedirect: boolean;
  /** BCAST prefixes. */
  prefixes: Set<string>;
}

interface BcastState {
  /** Keys modified in this event-loop turn → the client that modified them (for NOLOOP). */
  keys: Map<string, Client | null>;
  clients: Set<Client>;
}

interface Tracking {
  /** key → ids of clients that may have it cached. */
  table: Map<string, Set<number>>;
  totalItems: number;
  prefixes: Map<string, BcastState>;
  /** Number of clients with tracking on. */
  clients: number;
  /** Invalidations for the client running a command, sent after its reply (null = flush). */
  pending: { c: Client; key: string | null }[];
  bcastScheduled: boolean;
  pendingScheduled: boolean;
  limitCounter: number;
}

const EXT = 'tracking';
const CHANNEL = '__redis__:invalidate';

function get(server: Server): Tracking | undefined {
  return server.ext.get(EXT) as Tracking | undefined;
}

function install(server: Server): Tracking {
  let t = get(server);
  if (t !== undefined) return t;
  const tr: Tracking = { table: new Map(), totalItems: 0, prefixes: new Map(), clients: 0, pending: [], bcastScheduled: false, pendingScheduled: false, limitCounter: 0 };
  t = tr;
  server.ext.set(EXT, tr);
  server.hooks.keyModified.push((_db: Database, key: string) => invalidateKey(server, tr, server.current, key, true));
  server.callObservers.push((c: Client, cmd: Command) => {
    if (cmd.isReadonly) {
      if (c.flags & ClientFlag.Script) {
        // A read inside a script tracks the script's declared keys, for the script's caller.
        const caller = server.topClient;
        if (caller !== null && caller !== c && caller.flags & ClientFlag.Tracking && caller.cmd !== null) {
          rememberKeys(tr, caller, caller.cmd);
        }
      } else if (c.flags & ClientFlag.Tracking && !isReadonlyScriptCommand(cmd)) rememberKeys(tr, c, cmd);
    }
    // End of a top-level call (not EXEC's inner ones): the client's own invalidations follow
    // its reply (afterCommand → trackingHandlePendingKeyInvalidations). This also covers
    // blocked clients served after another client's command.
    if (tr.pending.length !== 0 && server.current === null) handlePending(server, tr);
  });
  server.hooks.flushed.push(() => invalidateOnFlush(server, tr));
  server.hooks.afterCommand.unshift((c: Client) => {
    const st = c.tracking;
    if (st !== null && st.caching && (c.flags & ClientFlag.Multi) === 0 && !isClientCommand(c.cmd)) st.caching = false;
  });
  server.setCommandFilter(
    FilterRank.Tracking,
    () => {
      if (tr.clients !== 0) limitUsedSlots(server, tr);
      return null;
    },
    true,
  );
  // Like serverCron: apply a lowered tracking-table-max-keys even when no command arrives.
  const timer = setInterval(() => {
    if (tr.clients !== 0) limitUsedSlots(server, tr);
  }, 100);
  timer.unref();
  server.shutdownHooks.push(() => clearInterval(timer));
  server.hooks.clientClosed.push((c) => disableTracking(c));
  server.hooks.clientReset.push((c) => disableTracking(c));
  server.hooks.trackingRedirect = (c) => (c.tracking !== null && c.flags & ClientFlag.Tracking ? c.tracking.redirect : -1);
  return tr;
}

/** INFO stats fields (registered at server start). */
export function registerTrackingInfo(server: Server): void {
  const v = server.hooks.infoValues;
  v.set('tracking_total_keys', () => get(server)?.table.size ?? 0);
  v.set('tracking_total_items', () => get(server)?.totalItems ?? 0);
  v.set('tracking_total_prefixes', () => get(server)?.prefixes.size ?? 0);
}

/** EVAL_RO & co. are readonly, but only the reads their script makes track keys. */
function isReadonlyScriptCommand(cmd: Command): boolean {
  const n = cmd.name;
  return cmd.parent === null && (n === 'eval_ro' || n === 'evalsha_ro' || n === 'fcall_ro');
}

function isClientCommand(cmd: Command | null): boolean {
  if (cmd === null) return false;
  return (cmd.parent ?? cmd).name === 'client';
}

/** Tracking statistics for INFO: [keys, items, prefixes]. */
export function trackingStats(server: Server): [number, number, number] {
  const t = get(server);
  return t === undefined ? [0, 0, 0] : [t.table.size, t.totalItems, t.prefixes.size];
}

/** Turns tracking on with the given options (enableTracking). Validation is the caller's. */
export function enableTracking(c: Client, redirect: number, opts: { bcast: boolean; optin: boolean; optout: boolean; noloop: boolean }, prefixes: readonly string[]): void {
  const t = install(c.server);
  if ((c.flags & ClientFlag.Tracking) === 0) t.clients++;
  c.flags |= ClientFlag.Tracking;
  let st = c.tracking;
  if (st === null) {
    st = c.tracking = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, caching: false, brokenRedirect: false, prefixes: new Set() };
  }
  st.brokenRedirect = false;
  st.redirect = redirect;
  st.bcast = opts.bcast;
  if (opts.bcast) {
    if (prefixes.length === 0) enableBcastPrefix(t, c, st, '');
    for (const p of prefixes) enableBcastPrefix(t, c, st, p);
  }
  st.optin = opts.optin;
  st.optout = opts.optout;
  st.noloop = opts.noloop;
}

function enableBcastPrefix(t: Tracking, c: Client, st: TrackingState, prefix: string): void {
  let bs = t.prefixes.get(prefix);
  if (bs === undefined) {
    bs = { keys: new Map(), clients: new Set() };
    t.prefixes.set(prefix, bs);
  }
  if (!bs.clients.has(c)) {
    bs.clients.add(c);
    st.prefixes.add(prefix);
  }
}

/** Turns tracking off and forgets the BCAST prefixes (disableTracking). */
export function disableTracking(c: Client): void {
  const st = c.tracking;
  if (st === null) return;
  const t = get(c.server);
  if (st.bcast && t !== undefined) {
    for (const p of st.prefixes) {
      const bs = t.prefixes.get(p);
      if (bs === undefined) continue;
      bs.clients.delete(c);
      if (bs.clients.size === 0) t.prefixes.delete(p);
    }
  }
  if (c.flags & ClientFlag.Tracking && t !== undefined) t.clients--;
  c.flags &= ~ClientFlag.Tracking;
  c.tracking = null;
}

/** Remembers the keys a read-only command read, for the default (non-BCAST) mode (trackingRememberKeys). */
function rememberKeys(t: Tracking, c: Client, cmd: Command): void {
  const st = c.tracking;
  if (st === null || st.bcast) return;
  if ((st.optin && !st.caching) || (st.optout && st.caching)) return;
  if (cmd.isPubsub) return;
  const pos = cmd.keyPositions(c.argv);
  for (let i = 0; i < pos.length; i++) {
    const key = c.argv[pos[i]!]!;
    let ids = t.table.get(key);
    if (ids === undefined) {
      ids = new Set();
      t.table.set(key, ids);
    }
    if (!ids.has(c.id)) {
      ids.add(c.id);
      t.totalItems++;
    }
  }
}

function clientById(server: Server, id: number, self: Client): Client | undefined {
  if (id === self.id) return self;
  return server.clients.get(id);
}

/**
 * Sends an invalidation to `c` (or to its redirect target): `keys` null means "everything"
 * (a null payload), otherwise an array of key names (sendTrackingMessage).
 */
function sendTrackingMessage(server: Server, c: Client, keys: readonly string[] | null): void {
  const st = c.tracking;
  let target = c;
  let redirected = false;
  if (st !== null && st.redirect !== 0) {
    const r = clientById(server, st.redirect, c);
    if (r === undefined) {
      st.brokenRedirect = true;
      if (c.resp > 2) {
        withPush(c, () => {
          c.reply.push(2);
          c.reply.bulk('tracking-redir-broken');
          c.reply.int(st.redirect);
        });
        server.queueFlush(c);
      }
      return;
    }
    target = r;
    redirected = true;
  }
  const tgt = target;
  if (tgt.resp > 2) {
    withPush(tgt, () => {
      tgt.reply.push(2);
      tgt.reply.bulk('invalidate');
      writeKeys(tgt, keys);
    });
  } else if (redirected && tgt.flags & ClientFlag.Pubsub) {
    withPush(tgt, () => {
      beginPubsubMessage(tgt, CHANNEL);
      writeKeys(tgt, keys);
    });
  } else {
    return;
  }
  if (tgt !== server.current) server.queueFlush(tgt);
}

function writeKeys(c: Client, keys: readonly string[] | null): void {
  if (keys === null) c.reply.nil();
  else c.reply.bulkArray(keys);
}

/** Push frames are written even under CLIENT REPLY OFF (CLIENT_PUSHING). */
function withPush(c: Client, fn: () => void): void {
  const w = c.writer;
  if (w !== null && w.muted) {
    w.muted = false;
    fn();
    w.muted = true;
  } else fn();
}

/**
 * A key was modified (trackingInvalidateKey): BCAST prefixes remember it for the end of the
 * event-loop turn, and every client that may have cached it is told now (or, for the client
 * running the current command, right after its reply).
 */
function invalidateKey(server: Server, t: Tracking, modifier: Client | null, key: string, bcast: boolean): void {
  if (bcast && t.prefixes.size > 0) rememberKeyToBroadcast(server, t, modifier, key);
  const ids = t.table.get(key);
  if (ids === undefined) return;
  // current_client: the top-level caller, even inside a script's or EXEC's inner calls.
  const current = server.topClient ?? server.current;
  for (const id of ids) {
    const target = current !== null && current.id === id ? current : server.clients.get(id);
    if (target === undefined || (target.flags & ClientFlag.Tracking) === 0 || target.tracking === null || target.tracking.bcast) continue;
    if (target.tracking.noloop && target === current) continue;
    if (target === current) addPending(server, t, target, key);
    else sendTrackingMessage(server, target, [key]);
  }
  t.totalItems -= ids.size;
  t.table.delete(key);
}

function rememberKeyToBroadcast(server: Server, t: Tracking, modifier: Client | null, key: string): void {
  let any = false;
  for (const [prefix, bs] of t.prefixes) {
    if (prefix.length > key.length) continue;
    if (prefix.length !== 0 && !key.startsWith(prefix)) continue;
    bs.keys.set(key, modifier);
    any = true;
  }
  if (any && !t.bcastScheduled) {
    t.bcastScheduled = true;
    setImmediate(() => broadcastInvalidations(server, t));
  }
}

/** End of the event-loop turn: each BCAST client gets the keys of its prefixes, sorted (trackingBroadcastInvalidationMessages). */
export function broadcastInvalidations(server: Server, t: Tracking): void {
  t.bcastScheduled = false;
  if (t.clients === 0) return;
  const prefixes = [...t.prefixes.keys()].sort();
  for (const p of prefixes) {
    const bs = t.prefixes.get(p)!;
    if (bs.keys.size === 0) continue;
    const keys = [...bs.keys.keys()].sort();
    for (const c of bs.clients) {
      if (c.tracking !== null && c.tracking.noloop) {
        const own = keys.filter((k) => bs.keys.get(k) !== c);
        if (own.length > 0) sendTrackingMessage(server, c, own);
      } else {
        sendTrackingMessage(server, c, keys);
      }
    }
    bs.keys = new Map();
  }
}

/**
 * Queues an invalidation for the client whose command is running; it is sent after that
 * command's reply: at the end of the top-level call() (call observer), or, when the key was
 * modified outside call() (a blocked client served by the blocking layer), at the end of this
 * event-loop turn.
 */
function addPending(server: Server, t: Tracking, c: Client, key: string | null): void {
  t.pending.push({ c, key });
  if (!t.pendingScheduled) {
    t.pendingScheduled = true;
    setImmediate(() => {
      t.pendingScheduled = false;
      if (t.pending.length !== 0 && server.current === null) handlePending(server, t);
    });
  }
}

/** After the current command: its client's own invalidations (trackingHandlePendingKeyInvalidations). */
function handlePending(server: Server, t: Tracking): void {
  const list = t.pending;
  t.pending = [];
  for (const { c, key } of list) {
    if (c.socket !== null && !server.clients.has(c.id)) continue;
    sendTrackingMessage(server, c, key === null ? null : [key]);
  }
}

/** FLUSHDB/FLUSHALL: every tracking client gets a null invalidation; the table is emptied. */
function invalidateOnFlush(server: Server, t: Tracking): void {
  if (t.clients !== 0) {
    const current = server.topClient ?? server.current;
    const seen = new Set<Client>();
    for (const c of server.clients.values()) {
      seen.add(c);
      if ((c.flags & ClientFlag.Tracking) === 0) continue;
      if (c === current) addPending(server, t, c, null);
      else sendTrackingMessage(server, c, null);
    }
    if (current !== null && !seen.has(current) && current.flags & ClientFlag.Tracking) addPending(server, t, current, null);
  }
  t.table = new Map();
  t.totalItems = 0;
}

/** Keeps the number of tracked keys under tracking-table-max-keys (trackingLimitUsedSlots). */
function limitUsedSlots(server: Server, t: Tracking): void {
  const max = server.config.num('tracking-table-max-keys');
  if (max === 0) return;
  if (t.table.size <= max) {
    t.limitCounter = 0;
    return;
  }
  let effort = 100 * (t.limitCounter + 1);
  while (effort-- > 0) {
    const first = t.table.keys().next();
    if (first.done) break;
    invalidateKey(server, t, null, first.value, false);
    if (t.table.size <= max) {
      t.limitCounter = 0;
      return;
    }
  }
  t.limitCounter++;
}

/** For CLIENT TRACKING's prefix collision check. */
export function clientPrefixes(c: Client): Set<string> | null {
  return c.tracking !== null && c.tracking.bcast ? c.tracking.prefixes : null;
}
