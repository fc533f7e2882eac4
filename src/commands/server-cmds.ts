/**
 * commands/server-cmds.ts — server commands (https://redis.io/commands/?group=server).
 * (Minimal first version: FLUSHALL, FLUSHDB, FUNCTION FLUSH, SCRIPT FLUSH, INFO.)
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { eq } from './args';
import { REDIS_VERSION, RESPITE_VERSION } from '../server';

function flushMode(c: CommandContext, from: number): void {
  if (c.argv.length > from + 1) throw new ReplyError(E.syntax);
  if (c.argv.length === from + 1 && !eq(c.argv[from]!, 'sync') && !eq(c.argv[from]!, 'async')) throw new ReplyError(E.syntax);
}

function functionFlushCommand(c: CommandContext): void {
  flushMode(c, 2);
  c.reply.ok();
}

function infoCommand(c: CommandContext): void {
  const lines = ['# Server', `redis_version:${REDIS_VERSION}`, `respite_version:${RESPITE_VERSION}`, 'redis_mode:standalone', `process_id:${process.pid}`, `tcp_port:${c.server.port}`, ''];
  c.reply.verbatim(lines.join('\r\n'));
}

export const serverCommands: readonly CommandSpec[] = [
  { name: 'info', arity: -1, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, acl: ['dangerous'], group: 'server', handler: infoCommand },
  {
    name: 'function', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'scripting',
    subcommands: [{ name: 'flush', arity: -2, flags: ['write', 'noscript'], firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting', handler: functionFlushCommand }],
  },
  {
    name: 'script', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'scripting',
    subcommands: [{ name: 'flush', arity: -2, flags: ['noscript'], firstKey: 0, lastKey: 0, step: 0, acl: ['scripting'], group: 'scripting', handler: functionFlushCommand }],
  },
];
