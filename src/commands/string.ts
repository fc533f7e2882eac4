/**
 * commands/string.ts — string commands (https://redis.io/commands/?group=string).
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';

function getCommand(c: CommandContext): void {
  const v = c.db.lookup(c.argv[1]!);
  if (v === undefined) c.reply.nil();
  else if (typeof v !== 'string') throw new ReplyError(E.wrongType);
  else c.reply.bulk(v);
}

function setCommand(c: CommandContext): void {
  c.db.setKey(c.argv[1]!, c.argv[2]!);
  c.server.dirty++;
  c.reply.ok();
}

export const stringCommands: readonly CommandSpec[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, acl: ['string'], group: 'string', handler: getCommand },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, acl: ['string'], group: 'string', handler: setCommand },
];
