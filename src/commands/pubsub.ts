/**
 * commands/pubsub.ts — SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB …,
 * SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH (https://redis.io/commands/?group=pubsub).
 * The tables and delivery live in src/pubsub.ts. Subscribe commands reply with one frame per
 * channel (a push frame under RESP3); the RESP2 subscribed-context filter is in the dispatcher.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { ClientFlag } from '../protocol/client';
import { E, ReplyError } from '../errors';
import { globMatch } from '../util/glob';
import { replyHelp } from './help-reply';
import {
  publishMessage,
  pubsubTables,
  subscribeChannel,
  subscribePattern,
  unsubscribeAllChannels,
  unsubscribeAllPatterns,
  unsubscribeChannel,
  unsubscribePattern,
  updatePubsubFlag,
  type PubsubTables,
} from '../pubsub';
import { monitorCommands } from './tracking';

/** Scripts (DenyBlocking outside MULTI) cannot subscribe. */
function checkMayBlock(c: CommandContext, name: string, evenInMulti: boolean): void {
  if (c.flags & ClientFlag.DenyBlocking && (evenInMulti || (c.flags & ClientFlag.Multi) === 0)) {
    throw new ReplyError(E.subscribeDenyBlocking(name));
  }
}

function subscribeCommand(c: CommandContext): void {
  checkMayBlock(c, 'SUBSCRIBE', false);
  const argv = c.argv;
  for (let i = 1; i < argv.length; i++) subscribeChannel(c, argv[i]!, false);
  c.flags |= ClientFlag.Pubsub;
}

function unsubscribeCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length === 1) unsubscribeAllChannels(c, true, false);
  else for (let i = 1; i < argv.length; i++) unsubscribeChannel(c, argv[i]!, true, false);
  updatePubsubFlag(c);
}

function psubscribeCommand(c: CommandContext): void {
  checkMayBlock(c, 'PSUBSCRIBE', false);
  const argv = c.argv;
  for (let i = 1; i < argv.length; i++) subscribePattern(c, argv[i]!);
  c.flags |= ClientFlag.Pubsub;
}

function punsubscribeCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length === 1) unsubscribeAllPatterns(c, true);
  else for (let i = 1; i < argv.length; i++) unsubscribePattern(c, argv[i]!, true);
  updatePubsubFlag(c);
}

function ssubscribeCommand(c: CommandContext): void {
  checkMayBlock(c, 'SSUBSCRIBE', true);
  const argv = c.argv;
  for (let i = 1; i < argv.length; i++) subscribeChannel(c, argv[i]!, true);
  c.flags |= ClientFlag.Pubsub;
}

function sunsubscribeCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length === 1) unsubscribeAllChannels(c, true, true);
  else for (let i = 1; i < argv.length; i++) unsubscribeChannel(c, argv[i]!, true, true);
  updatePubsubFlag(c);
}

function tables(c: CommandContext): PubsubTables | undefined {
  return c.server.ext.get('pubsub') as PubsubTables | undefined;
}

/** PUBLISH channel message: the number of clients that received it. */
function publishCommand(c: CommandContext): void {
  c.reply.int(publishMessage(c.server, tables(c), c.argv[1]!, c.argv[2]!, false));
}

function spublishCommand(c: CommandContext): void {
  c.reply.int(publishMessage(c.server, tables(c), c.argv[1]!, c.argv[2]!, true));
}

/** The names in a table matching an optional glob (channelList). */
function channelList(c: CommandContext, table: Map<string, unknown> | undefined): void {
  if (c.argv.length > 3) throw new ReplyError(E.subcommandSyntax(c.argv[1]!, c.argv[0]!));
  const pat = c.argv.length === 3 ? c.argv[2]! : null;
  const out: string[] = [];
  if (table !== undefined) for (const name of table.keys()) if (pat === null || globMatch(pat, name)) out.push(name);
  c.reply.bulkArray(out);
}

/** NUMSUB/SHARDNUMSUB: a flat array of channel, count pairs (not a map, as in Redis 7.0). */
function numsub(c: CommandContext, table: Map<string, Set<unknown>> | undefined): void {
  const argv = c.argv;
  c.reply.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.reply.bulk(argv[i]!);
    c.reply.int(table?.get(argv[i]!)?.size ?? 0);
  }
}

function pubsubChannelsCommand(c: CommandContext): void {
  channelList(c, tables(c)?.channels);
}
function pubsubShardChannelsCommand(c: CommandContext): void {
  channelList(c, tables(c)?.shard);
}
function pubsubNumsubCommand(c: CommandContext): void {
  numsub(c, tables(c)?.channels);
}
function pubsubShardNumsubCommand(c: CommandContext): void {
  numsub(c, tables(c)?.shard);
}
function pubsubNumpatCommand(c: CommandContext): void {
  c.reply.int(tables(c)?.patterns.size ?? 0);
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

function pubsubHelpCommand(c: CommandContext): void {
  replyHelp(c, PUBSUB_HELP);
}

// Keep the tables module referenced so its hooks exist once anything subscribes.
void pubsubTables;

const SUB_FLAGS = ['pubsub', 'noscript', 'loading', 'stale'] as const;
// PUBLISH/SPUBLISH carry may_replicate as in their 7.0 JSON (COMMAND INFO does not print it):
// read-only scripts refuse them and CLIENT PAUSE WRITE holds them.
const PUBSUB_SUB_FLAGS = ['pubsub', 'loading', 'stale'] as const;

export const pubsubCommands: readonly CommandSpec[] = [
  { name: 'subscribe', arity: -2, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.0.0', summary: 'Listen for messages published to the given channels', complexity: 'O(N) where N is the number of channels to subscribe to.', handler: subscribeCommand },
  { name: 'unsubscribe', arity: -1, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.0.0', summary: 'Stop listening for messages posted to the given channels', complexity: 'O(N) where N is the number of clients already subscribed to a channel.', handler: unsubscribeCommand },
  { name: 'psubscribe', arity: -2, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.0.0', summary: 'Listen for messages published to channels matching the given patterns', complexity: 'O(N) where N is the number of patterns the client is already subscribed to.', handler: psubscribeCommand },
  { name: 'punsubscribe', arity: -1, flags: SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.0.0', summary: 'Stop listening for messages posted to channels matching the given patterns', complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).', handler: punsubscribeCommand },
  { name: 'publish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.0.0', summary: 'Post a message to a channel', complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).', handler: publishCommand },
  { name: 'ssubscribe', arity: -2, flags: SUB_FLAGS, firstKey: 1, lastKey: -1, step: 1, group: 'pubsub', since: '7.0.0', summary: 'Listen for messages published to the given shard channels', complexity: 'O(N) where N is the number of shard channels to subscribe to.', handler: ssubscribeCommand },
  { name: 'sunsubscribe', arity: -1, flags: SUB_FLAGS, firstKey: 1, lastKey: -1, step: 1, group: 'pubsub', since: '7.0.0', summary: 'Stop listening for messages posted to the given shard channels', complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.', handler: sunsubscribeCommand },
  { name: 'spublish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], firstKey: 1, lastKey: 1, step: 1, group: 'pubsub', since: '7.0.0', summary: 'Post a message to a shard channel', complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.', handler: spublishCommand },
  {
    name: 'pubsub', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.8.0', summary: 'A container for Pub/Sub commands', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'channels', arity: -2, flags: PUBSUB_SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.8.0', summary: 'List active channels', handler: pubsubChannelsCommand },
      { name: 'numpat', arity: 2, flags: PUBSUB_SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.8.0', summary: 'Get the count of unique patterns pattern subscriptions', handler: pubsubNumpatCommand },
      { name: 'numsub', arity: -2, flags: PUBSUB_SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '2.8.0', summary: 'Get the count of subscribers for channels', handler: pubsubNumsubCommand },
      { name: 'shardchannels', arity: -2, flags: PUBSUB_SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '7.0.0', summary: 'List active shard channels', handler: pubsubShardChannelsCommand },
      { name: 'shardnumsub', arity: -2, flags: PUBSUB_SUB_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '7.0.0', summary: 'Get the count of subscribers for shard channels', handler: pubsubShardNumsubCommand },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, group: 'pubsub', since: '6.2.0', summary: 'Show helpful text about the different subcommands', handler: pubsubHelpCommand },
    ],
  },
  // MONITOR is registered here so commands/index.ts needs no extra group (spec in commands/tracking.ts).
  ...monitorCommands,
];
