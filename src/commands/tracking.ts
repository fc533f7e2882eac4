/**
 * commands/tracking.ts — the CLIENT subcommands of client-side caching and client pausing:
 * TRACKING, CACHING, GETREDIR, TRACKINGINFO, PAUSE, UNPAUSE (networking.c clientCommand;
 * https://redis.io/docs/manual/client-side-caching/). commands/client-cmd.ts spreads
 * `trackingClientSubcommands` into the CLIENT container. Also MONITOR (`monitorCommands`).
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { ClientFlag } from '../protocol/client';
import { E, ReplyError } from '../errors';
import { eq } from './args';
import { parseInt64 } from '../util/numbers';
import { clientPrefixes, disableTracking, enableTracking } from '../tracking';
import { PAUSE_ALL, PAUSE_WRITE, pauseClients, unpauseClients } from '../pause';
import { addMonitor } from '../monitor';

/** True when the prefixes overlap (one is a prefix of the other): stringCheckPrefix. */
function overlaps(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) === b.slice(0, n);
}

/** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p]... [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
function clientTrackingCommand(c: CommandContext): void {
  const argv = c.argv;
  let redir = 0;
  let bcast = false;
  let optin = false;
  let optout = false;
  let noloop = false;
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const a = argv[j]!;
    if (eq(a, 'redirect') && more > 0) {
      j++;
      if (redir !== 0) throw new ReplyError(E.trackingRedirectSingle);
      const id = parseInt64(argv[j]!);
      if (id === null) throw new ReplyError(E.notInteger);
      if (id !== c.id && !c.server.clients.has(id)) throw new ReplyError(E.trackingRedirectMissing);
      redir = id;
    } else if (eq(a, 'bcast')) bcast = true;
    else if (eq(a, 'optin')) optin = true;
    else if (eq(a, 'optout')) optout = true;
    else if (eq(a, 'noloop')) noloop = true;
    else if (eq(a, 'prefix') && more > 0) prefixes.push(argv[++j]!);
    else throw new ReplyError(E.syntax);
  }
  const mode = argv[2]!;
  if (eq(mode, 'on')) {
    if (!bcast && prefixes.length > 0) throw new ReplyError(E.trackingPrefixNeedsBcast);
    const st = c.flags & ClientFlag.Tracking ? c.tracking : null;
    if (st !== null && st.bcast !== bcast) throw new ReplyError(E.trackingBcastSwitch);
    if (bcast && (optin || optout)) throw new ReplyError(E.trackingOptBcast);
    if (optin && optout) throw new ReplyError(E.trackingOptBoth);
    if (st !== null && ((optin && st.optout) || (optout && st.optin))) throw new ReplyError(E.trackingOptSwitch);
    if (bcast) {
      const existing = clientPrefixes(c);
      for (let i = 0; i < prefixes.length; i++) {
        const p = prefixes[i]!;
        if (existing !== null) {
          for (const q of [...existing].sort()) {
            if (overlaps(q, p)) throw new ReplyError(E.trackingPrefixOverlapExisting(p, q));
          }
        }
        for (let j = i + 1; j < prefixes.length; j++) {
          if (overlaps(p, prefixes[j]!)) throw new ReplyError(E.trackingPrefixOverlapOther(p, prefixes[j]!));
        }
      }
    }
    enableTracking(c, redir, { bcast, optin, optout, noloop }, prefixes);
  } else if (eq(mode, 'off')) {
    disableTracking(c);
  } else {
    throw new ReplyError(E.syntax);
  }
  c.reply.ok();
}

/** CLIENT CACHING YES|NO: caches (OPTIN) or skips (OPTOUT) the keys of the next command. */
function clientCachingCommand(c: CommandContext): void {
  const st = c.tracking;
  if ((c.flags & ClientFlag.Tracking) === 0 || st === null) throw new ReplyError(E.cachingNotTracking);
  const opt = c.argv[2]!;
  if (eq(opt, 'yes')) {
    if (!st.optin) throw new ReplyError(E.cachingYes);
  } else if (eq(opt, 'no')) {
    if (!st.optout) throw new ReplyError(E.cachingNo);
  } else {
    throw new ReplyError(E.syntax);
  }
  st.caching = true;
  c.reply.ok();
}

/** CLIENT GETREDIR: the redirect id, 0 without one, -1 when tracking is off. */
function clientGetredirCommand(c: CommandContext): void {
  c.reply.int(c.flags & ClientFlag.Tracking && c.tracking !== null ? c.tracking.redirect : -1);
}

/** CLIENT TRACKINGINFO: flags (a set), redirect, prefixes. */
function clientTrackinginfoCommand(c: CommandContext): void {
  const on = (c.flags & ClientFlag.Tracking) !== 0;
  const st = c.tracking;
  const flags: string[] = [on ? 'on' : 'off'];
  if (st !== null) {
    if (st.bcast) flags.push('bcast');
    if (st.optin) {
      flags.push('optin');
      if (st.caching) flags.push('caching-yes');
    }
    if (st.optout) {
      flags.push('optout');
      if (st.caching) flags.push('caching-no');
    }
    if (st.noloop) flags.push('noloop');
    if (st.brokenRedirect) flags.push('broken_redirect');
  }
  const r = c.reply;
  r.map(3);
  r.bulk('flags');
  r.set(flags.length);
  for (const f of flags) r.bulk(f);
  r.bulk('redirect');
  r.int(on && st !== null ? st.redirect : -1);
  r.bulk('prefixes');
  r.bulkArray(st !== null && st.bcast ? [...st.prefixes].sort() : []);
}

/** CLIENT PAUSE timeout-ms [WRITE|ALL] */
function clientPauseCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length > 4) throw new ReplyError(E.subcommandSyntax(argv[1]!, argv[0]!));
  let type = PAUSE_ALL;
  if (argv.length === 4) {
    if (eq(argv[3]!, 'write')) type = PAUSE_WRITE;
    else if (eq(argv[3]!, 'all')) type = PAUSE_ALL;
    else throw new ReplyError(E.pauseMode);
  }
  const ms = parseInt64(argv[2]!);
  if (ms === null) throw new ReplyError(E.timeoutNotInteger);
  if (ms < 0) throw new ReplyError(E.timeoutNegative);
  const now = c.server.clock();
  let end = 0;
  if (ms > 0) {
    // Redis adds mstime() without an overflow check: a sum past INT64_MAX wraps negative, so
    // the pause is over at once. Below that, a huge end is as good as "forever".
    if (BigInt(argv[2]!) + BigInt(now) > 0x7fffffffffffffffn) end = -1;
    else end = now + ms;
  }
  pauseClients(c.server, end, type);
  c.reply.ok();
}

/** CLIENT UNPAUSE */
function clientUnpauseCommand(c: CommandContext): void {
  unpauseClients(c.server);
  c.reply.ok();
}

/** MONITOR: stream every executed command to this client. */
function monitorCommand(c: CommandContext): void {
  if (c.flags & ClientFlag.DenyBlocking) throw new ReplyError(E.monitorDenyBlocking);
  if (addMonitor(c)) c.reply.ok();
}

const CONN = ['connection'] as const;
const SUB_FLAGS = ['noscript', 'loading', 'stale'] as const;
const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;

export const trackingClientSubcommands: readonly CommandSpec[] = [
  { name: 'tracking', arity: -3, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection', since: '6.0.0', summary: 'Enable or disable server assisted client side caching support', complexity: 'O(1). Some options may introduce additional complexity.', handler: clientTrackingCommand },
  { name: 'caching', arity: 3, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection', since: '6.0.0', summary: 'Instruct the server about tracking or not keys in the next request', complexity: 'O(1)', handler: clientCachingCommand },
  { name: 'getredir', arity: 2, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection', since: '6.0.0', summary: 'Get tracking notifications redirection client ID if any', complexity: 'O(1)', handler: clientGetredirCommand },
  { name: 'trackinginfo', arity: 2, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection', since: '6.2.0', summary: 'Return information about server assisted client side caching for the current connection', complexity: 'O(1)', handler: clientTrackinginfoCommand },
  { name: 'pause', arity: -3, flags: ADMIN_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection', since: '3.0.0', summary: 'Stop processing commands from clients for some time', complexity: 'O(1)', handler: clientPauseCommand },
  { name: 'unpause', arity: 2, flags: ADMIN_FLAGS, firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection', since: '6.2.0', summary: 'Resume processing of clients that were paused', complexity: 'O(N) Where N is the number of paused clients', handler: clientUnpauseCommand },
];

export const monitorCommands: readonly CommandSpec[] = [
  { name: 'monitor', arity: 1, flags: ADMIN_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '1.0.0', summary: 'Listen for all requests received by the server in real time', complexity: '', handler: monitorCommand },
];
