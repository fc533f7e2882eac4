/**
 * commands/connection.ts — connection commands (https://redis.io/commands/?group=connection).
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { parseInt64 } from '../util/numbers';

function pingCommand(c: CommandContext): void {
  if (c.argv.length > 2) throw new ReplyError(E.wrongArity('ping'));
  if (c.argv.length === 1) c.reply.status('PONG');
  else c.reply.bulk(c.argv[1]!);
}

function echoCommand(c: CommandContext): void {
  c.reply.bulk(c.argv[1]!);
}

function selectCommand(c: CommandContext): void {
  const id = parseInt64(c.argv[1]!);
  if (id === null) throw new ReplyError(E.invalidDbIndex);
  if (!c.selectDb(id)) throw new ReplyError(E.dbIndexOutOfRange);
  c.reply.ok();
}

export const connectionCommands: readonly CommandSpec[] = [
  { name: 'ping', arity: -1, flags: ['fast', 'sentinel'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'], group: 'connection', handler: pingCommand },
  { name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'], group: 'connection', handler: selectCommand },
  { name: 'echo', arity: 2, flags: ['fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'], group: 'connection', handler: echoCommand },
];
