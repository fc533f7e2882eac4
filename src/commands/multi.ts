/**
 * commands/multi.ts — MULTI, EXEC, DISCARD, WATCH, UNWATCH
 * (https://redis.io/commands/?group=transactions). The queueing itself happens in the
 * dispatcher (commands/dispatch.ts); the WATCH bookkeeping lives in src/multi.ts.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { ClientFlag } from '../protocol/client';
import { E, ReplyError } from '../errors';
import { call } from './dispatch';
import { aclCheckExecCall } from '../acl/install';
import {
  discardTransaction,
  installWatch,
  isWatchedKeyExpired,
  unwatchAllKeys,
  watchForKey,
} from '../multi';

/** MULTI: opens a transaction; later commands are queued by the dispatcher. */
function multiCommand(c: CommandContext): void {
  if (c.flags & ClientFlag.Multi) throw new ReplyError(E.multiNested);
  installWatch(c.server);
  c.flags |= ClientFlag.Multi;
  c.multiState = { commands: [] };
  c.reply.ok();
}

/** DISCARD: drops the queue and unwatches everything. */
function discardCommand(c: CommandContext): void {
  if ((c.flags & ClientFlag.Multi) === 0) throw new ReplyError(E.discardWithoutMulti);
  discardTransaction(c);
  c.reply.ok();
}

/**
 * EXEC: runs the queued commands atomically and replies with an array of their replies.
 * A queueing error (DirtyExec) gives EXECABORT; a touched or expired WATCHed key (DirtyCas)
 * gives a null array. Errors of single commands go into the array and the rest still runs.
 * Blocking commands inside behave as if their timeout expired (DenyBlocking).
 */
function execCommand(c: CommandContext): void {
  if ((c.flags & ClientFlag.Multi) === 0) throw new ReplyError(E.execWithoutMulti);
  if (isWatchedKeyExpired(c)) c.flags |= ClientFlag.DirtyCas;
  if (c.flags & (ClientFlag.DirtyCas | ClientFlag.DirtyExec)) {
    if (c.flags & ClientFlag.DirtyExec) c.reply.error(E.execAbort);
    else c.reply.nullArray();
    discardTransaction(c);
    return;
  }
  const oldFlags = c.flags;
  c.flags |= ClientFlag.DenyBlocking;
  unwatchAllKeys(c);
  const queue = c.multiState!.commands;
  const origArgv = c.argv;
  const origCmd = c.cmd;
  c.reply.array(queue.length);
  for (let i = 0; i < queue.length; i++) {
    const q = queue[i]!;
    c.argv = q.argv;
    c.cmd = q.cmd;
    // ACL rules may have changed since the command was queued (execCommand re-checks them).
    // The primary's link (a replica applying a MULTI block) is not subject to ACL, as in Redis.
    if (c.server.aclCheck !== null && (c.flags & ClientFlag.Master) === 0) {
      const denied = aclCheckExecCall(c, q.cmd, q.argv);
      if (denied !== null) {
        c.reply.error(denied);
        continue;
      }
    }
    call(c, q.cmd);
  }
  if ((oldFlags & ClientFlag.DenyBlocking) === 0) c.flags &= ~ClientFlag.DenyBlocking;
  c.argv = origArgv;
  c.cmd = origCmd;
  discardTransaction(c);
}

/** WATCH key [key ...]: remembers the keys for the next EXEC's check-and-set. */
function watchCommand(c: CommandContext): void {
  if (c.flags & ClientFlag.Multi) throw new ReplyError(E.watchInMulti);
  // Already dirty: watching more keys cannot change the outcome.
  if ((c.flags & ClientFlag.DirtyCas) === 0) {
    installWatch(c.server);
    const argv = c.argv;
    for (let i = 1; i < argv.length; i++) watchForKey(c, argv[i]!);
  }
  c.reply.ok();
}

/** UNWATCH: forgets every watched key and the dirty state. */
function unwatchCommand(c: CommandContext): void {
  unwatchAllKeys(c);
  c.flags &= ~ClientFlag.DirtyCas;
  c.reply.ok();
}

export const multiCommands: readonly CommandSpec[] = [
  { name: 'multi', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, acl: ['transaction'], group: 'transactions', since: '1.2.0', summary: 'Start a transaction', complexity: 'O(1)', handler: multiCommand },
  { name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], firstKey: 0, lastKey: 0, step: 0, acl: ['transaction'], group: 'transactions', since: '1.2.0', summary: 'Execute all commands issued after MULTI', complexity: 'Depends on commands in the transaction', handler: execCommand },
  { name: 'discard', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, acl: ['transaction'], group: 'transactions', since: '2.0.0', summary: 'Discard all commands issued after MULTI', complexity: 'O(N), when N is the number of queued commands', handler: discardCommand },
  { name: 'watch', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], firstKey: 1, lastKey: -1, step: 1, acl: ['transaction'], group: 'transactions', since: '2.2.0', summary: 'Watch the given keys to determine execution of the MULTI/EXEC block', complexity: 'O(1) for every key.', handler: watchCommand },
  { name: 'unwatch', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, acl: ['transaction'], group: 'transactions', since: '2.2.0', summary: 'Forget about all watched keys', complexity: 'O(1)', handler: unwatchCommand },
];
