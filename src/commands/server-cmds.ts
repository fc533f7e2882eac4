/**
 * commands/server-cmds.ts — server commands (https://redis.io/commands/?group=server).
 * TIME, SHUTDOWN (LASTSAVE moved to persistence.ts) (FUNCTION / SCRIPT are in scripting.ts).
 * INFO is in info.ts, COMMAND in command-cmd.ts, DEBUG in debug.ts.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, eq } from './args';
import { REDIS_VERSION } from '../server';
import { ClientFlag } from '../protocol/client';

/** TIME: [unix seconds, microseconds] as bulk strings. */
function timeCommand(c: CommandContext): void {
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  c.reply.array(2);
  c.reply.bulkInt(Math.floor(us / 1e6));
  c.reply.bulkInt(us % 1e6);
}

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. On success the connection just closes (the
 * server exits); if a before-shutdown task (the final save) fails without FORCE, the client gets
 * Redis's error and the server keeps running. Our shutdown never waits for lagging replicas, so
 * there is never a shutdown in progress to ABORT.
 */
function shutdownCommand(c: CommandContext): void {
  let save: boolean | undefined;
  let nosave = false;
  let now = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < c.argv.length; i++) {
    const a = c.argv[i]!;
    if (eq(a, 'nosave')) nosave = true;
    else if (eq(a, 'save')) save = true;
    else if (eq(a, 'now')) now = true;
    else if (eq(a, 'force')) force = true;
    else if (eq(a, 'abort')) abort = true;
    else throw new ReplyError(E.syntax);
  }
  if ((abort && (nosave || save || now || force)) || (nosave && save)) throw new ReplyError(E.syntax);
  if (abort) throw new ReplyError(E.noShutdownInProgress);
  if (nosave) save = false;
  const server = c.server;
  c.flags |= ClientFlag.Blocked;
  void server.shutdown({ save, now, force }).then(
    (ok) => {
      if (ok) return;
      c.flags &= ~ClientFlag.Blocked;
      c.reply.error(E.shutdownErrors);
      server.queueFlush(c);
    },
    (err: unknown) => {
      server.log.warn(`SHUTDOWN failed: ${(err as Error)?.message ?? String(err)}`);
      c.flags &= ~ClientFlag.Blocked;
      c.reply.error(E.shutdownErrors);
      server.queueFlush(c);
    },
  );
}

/**
 * LOLWUT [VERSION v]: Redis 7's "unstable" LOLWUT prints just the version. The computer-art
 * versions 5 and 6 are not implemented; they get the same text.
 */
function lolwutCommand(c: CommandContext): void {
  if (c.argv.length >= 3 && eq(c.argv[1]!, 'version')) argInt(c.argv[2]!);
  c.reply.verbatim(`Redis ver. ${REDIS_VERSION}\n`);
}

export const serverCommands: readonly CommandSpec[] = [
  {
    name: 'lolwut', arity: -1, flags: ['readonly', 'fast'], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '5.0.0', summary: 'Display some computer art and the Redis version', handler: lolwutCommand,
  },
  {
    name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '2.6.0', summary: 'Return the current server time', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: timeCommand,
  },
  {
    name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'sentinel', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '1.0.0', summary: 'Synchronously save the dataset to disk and then shut down the server', complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)', handler: shutdownCommand,
  },
];
