/**
 * commands/slowlog.ts — SLOWLOG GET [count] | LEN | RESET | HELP (slowlogCommand in slowlog.c,
 * https://redis.io/commands/slowlog-get/). The log itself lives in src/slowlog.ts.
 */
import type { CommandSpec, Flag } from './registry';
import type { CommandContext } from './context';
import { ReplyError } from '../errors';
import { parseInt64 } from '../util/numbers';
import { replyHelp } from './help-reply';

const COUNT_ERR = 'ERR count should be greater than or equal to -1';

/** SLOWLOG GET [count]: newest first; -1 means all, default 10. */
function slowlogGetCommand(c: CommandContext): void {
  const log = c.server.slowlog;
  if (c.argv.length > 3) throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${c.argv[1]}'. Try SLOWLOG HELP.`);
  let count = 10;
  if (c.argv.length === 3) {
    const v = parseInt64(c.argv[2]!);
    if (v === null || v < -1) throw new ReplyError(COUNT_ERR);
    count = v === -1 || v > log.entries.length ? log.entries.length : v;
  }
  if (count > log.entries.length) count = log.entries.length;
  const r = c.reply;
  r.array(count);
  for (let i = 0; i < count; i++) {
    const e = log.entries[i]!;
    r.array(6);
    r.int(e.id);
    r.int(e.time);
    r.int(e.duration);
    r.array(e.argv.length);
    for (const a of e.argv) r.bulk(a);
    r.bulk(e.peer);
    r.bulk(e.name);
  }
}

function slowlogLenCommand(c: CommandContext): void {
  c.reply.int(c.server.slowlog.entries.length);
}

function slowlogResetCommand(c: CommandContext): void {
  c.server.slowlog.entries = [];
  c.reply.ok();
}

const HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

function slowlogHelpCommand(c: CommandContext): void {
  replyHelp(c, HELP);
}

const ADMIN: readonly Flag[] = ['admin', 'loading', 'stale'];

export const slowlogCommands: readonly CommandSpec[] = [
  {
    name: 'slowlog', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '2.2.12', summary: 'A container for slow log commands', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'get', arity: -2, flags: ADMIN, firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '2.2.12',
        summary: "Get the slow log's entries", complexity: 'O(N) where N is the number of entries returned',
        tips: ['request_policy:all_nodes', 'nondeterministic_output'], handler: slowlogGetCommand,
      },
      {
        name: 'len', arity: 2, flags: ADMIN, firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '2.2.12',
        summary: "Get the slow log's length", complexity: 'O(1)',
        tips: ['request_policy:all_nodes', 'response_policy:agg_sum', 'nondeterministic_output'], handler: slowlogLenCommand,
      },
      {
        name: 'reset', arity: 2, flags: ADMIN, firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '2.2.12',
        summary: 'Clear all entries from the slow log', complexity: 'O(N) where N is the number of entries in the slowlog',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: slowlogResetCommand,
      },
      {
        name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '6.2.0',
        summary: 'Show helpful text about the different subcommands', complexity: 'O(1)', handler: slowlogHelpCommand,
      },
    ],
  },
];
