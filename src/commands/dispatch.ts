/**
 * commands/dispatch.ts — processCommand and call() (server.c). The dispatcher does every check
 * that is common to all commands, in Redis's order, before a handler runs:
 *   lookup → unknown command / subcommand → arity → NOAUTH → no-multi → RESP2 subscribed context
 *   → MULTI queueing → call().
 * Rejections here flag an open transaction (EXECABORT); errors raised by handlers do not.
 * call() freezes the command time, runs the handler, turns a thrown ReplyError into the reply,
 * and keeps the per-command statistics.
 */
import { performance } from 'node:perf_hooks';
import { ReplyError, E } from '../errors';
import { ClientFlag, type Client } from '../protocol/client';
import type { Command } from './registry';
import { discardTransaction } from '../multi';
import { postponeIfPaused } from '../pause';
import { recordCommandLatency } from './info';

/** Commands a RESP2 client in subscribed state may still run. */
const SUBSCRIBE_CONTEXT = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);
/** Commands that run immediately inside MULTI instead of being queued. */
const MULTI_IMMEDIATE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** Looks up argv's command (and subcommand). Replies with Redis's error and returns null when invalid. */
export function lookupForCall(c: Client, argv: string[]): Command | null {
  const server = c.server;
  let cmd = server.registry.lookup(argv[0]!);
  if (cmd === undefined) {
    reject(c, null, E.unknownCommand(argv[0]!, argv.slice(1)));
    return null;
  }
  if (cmd.subcommands !== null && argv.length >= 2) {
    const sub = cmd.subcommands.get(argv[1]!.toLowerCase());
    if (sub === undefined) {
      reject(c, null, E.unknownSubcommand(argv[1]!, cmd.name));
      return null;
    }
    cmd = sub;
  }
  if (!cmd.arityOk(argv.length) || cmd.handler === undefined) {
    reject(c, cmd, E.wrongArity(cmd.fullName));
    return null;
  }
  return cmd;
}

/** Runs one parsed request for a client (processCommand). */
export function processCommand(c: Client, argv: string[]): void {
  const cmd = lookupForCall(c, argv);
  if (cmd === null) return;
  c.argv = argv;
  c.cmd = cmd;
  c.lastCmd = cmd;
  const server = c.server;
  if (cmd.isProtected) {
    const prot = server.protectedFilters;
    for (let i = 0; i < prot.length; i++) {
      const err = prot[i]!(c, cmd);
      if (err !== null) {
        reject(c, cmd, err);
        return;
      }
    }
  }
  if (!c.authenticated && !cmd.noAuth) {
    reject(c, cmd, E.noAuth);
    return;
  }
  const flags = c.flags;
  if (flags & ClientFlag.Multi && cmd.noMulti) {
    reject(c, cmd, E.notAllowedInMulti);
    return;
  }
  // ACL (ACLCheckAllPerm), after NOAUTH and no-multi as in processCommand.
  if (server.aclCheck !== null) {
    const err = server.aclCheck(c, cmd);
    if (err !== null) {
      reject(c, cmd, err);
      return;
    }
  }
  if (flags & ClientFlag.Pubsub && c.resp === 2 && !SUBSCRIBE_CONTEXT.has(cmd.parent ? cmd.parent.name : cmd.name)) {
    reject(c, cmd, E.notAllowedInSubscribe(cmd.fullName));
    return;
  }
  const filters = server.commandFilters;
  for (let i = 0; i < filters.length; i++) {
    const err = filters[i]!(c, cmd);
    if (err !== null) {
      reject(c, cmd, err);
      return;
    }
  }
  // CLIENT PAUSE: the command waits (with the rest of this client's input) until unpause.
  if (server.pauseType !== 0 && postponeIfPaused(c, cmd, argv)) return;
  if (flags & ClientFlag.Multi && !MULTI_IMMEDIATE.has(cmd.name)) {
    // An aborted transaction needs no queue (queueMultiCommand); it still answers QUEUED.
    if ((flags & (ClientFlag.DirtyCas | ClientFlag.DirtyExec)) === 0) c.multiState!.commands.push({ cmd, argv });
    c.reply.status('QUEUED');
    return;
  }
  call(c, cmd);
  afterCommand(c);
}

/**
 * After a top-level command (afterCommand + handleClientsBlockedOnKeys): the features' hooks,
 * then clients blocked on keys the command readied are served, then held propagation goes out.
 */
export function afterCommand(c: Client): void {
  const server = c.server;
  const after = server.hooks.afterCommand;
  for (let i = 0; i < after.length; i++) after[i]!(c);
  server.blocking.afterCommand();
  server.feed?.afterCommand();
}

/** Replies with a dispatcher rejection and flags an open transaction (rejectCommand + flagTransaction). */
export function reject(c: Client, cmd: Command | null, line: string): void {
  if (c.flags & ClientFlag.Multi) c.flags |= ClientFlag.DirtyExec;
  if (cmd !== null) {
    cmd.rejectedCalls++;
    // A rejected EXEC aborts the transaction (execCommandAbort); plain-text rejections lose "ERR ".
    if (cmd.name === 'exec' && cmd.parent === null) {
      discardTransaction(c);
      c.reply.error(E.execAbortBecause(line.startsWith('ERR ') ? line.slice(4) : line));
      return;
    }
  }
  c.reply.error(line);
}


/** Errors counted so far are charged already (scriptCall's rejections: incrCommandStatsOnError). */
export function markErrorsCharged(c: Client): void {
  c.server.prevErrCount = c.server.stats.totalErrorReplies;
}

/**
 * Executes a command whose checks have passed (call()). Time is frozen for its duration; a
 * ReplyError thrown by the handler becomes its reply. Handlers finish validation before they
 * mutate or reply, so a throw never leaves a half-written reply.
 */
export function call(c: Client, cmd: Command): void {
  const server = c.server;
  const stats = server.stats;
  const prevCurrent = server.current;
  server.current = c;
  let t0: number;
  // Nested calls (EXEC's commands, scripts) keep the outer command's time snapshot.
  if (prevCurrent === null) {
    t0 = server.batchClock;
    if (t0 < 0) {
      t0 = performance.now();
      server.now = server.clock();
    } else if (t0 - server.clockAt >= 1) {
      server.clockAt = t0;
      server.now = server.clock();
    }
    server.topClient = c;
    // failed_calls counts errors since the last call() ended (incrCommandStatsOnError's
    // prev_err_count), so an error inside EXEC or a script is charged to the inner command only.
    server.prevErrCount = stats.totalErrorReplies;
  } else t0 = performance.now();
  const feed = server.feed;
  if (cmd.isWrite) {
    feed?.beforeWrite(c, cmd);
    // Snapshot copy-on-write: the keys this write touches are saved before they change.
    if (server.beforeWrite !== null) server.beforeWrite(c, cmd);
  }
  try {
    cmd.spec.handler!(c);
  } catch (e) {
    if (e instanceof ReplyError) {
      c.reply.error(e.line);
    } else {
      server.log.error({ err: e }, `unexpected error in '${cmd.fullName}'`);
      if (process.env.NODE_ENV === 'test') {
        server.lastUnexpectedError = e;
      }
      const line = `ERR internal error in '${cmd.fullName}': ${(e as Error)?.message ?? String(e)}`;
      c.reply.error(line);
    }
  }
  const t1 = performance.now();
  const usec = (t1 - t0) * 1000;
  if (prevCurrent === null && server.batchClock >= 0) server.batchClock = t1;
  server.current = prevCurrent;
  if (prevCurrent === null) server.topClient = null;
  // Redis 7.0 counts a blocking command's call when it runs, even if it blocked (call()).
  cmd.calls++;
  cmd.usec += usec;
  if (stats.totalErrorReplies !== server.prevErrCount) cmd.failedCalls++;
  server.prevErrCount = stats.totalErrorReplies;
  stats.numCommands++;
  c.commandsProcessed++;
  // A blocked command is measured when it is served (blocking.ts).
  if ((c.flags & ClientFlag.Blocked) === 0) {
    if (server.latencyTracking) recordCommandLatency(cmd, usec);
    const slowlog = server.slowlog;
    if (usec >= slowlog.slowerThan && slowlog.slowerThan >= 0 && !cmd.skipSlowlog) slowlog.push(server, c, cmd, c.argv, usec);
    const latency = server.latency;
    if (latency.threshold !== 0 && usec >= latency.threshold * 1000) latency.commandSample(cmd, usec);
  }
  feed?.afterCall(c, cmd);
  const obs = server.callObservers;
  for (let i = 0; i < obs.length; i++) obs[i]!(c, cmd);
}
