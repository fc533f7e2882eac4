/**
 * commands/command-cmd.ts — COMMAND and its subcommands (https://redis.io/commands/command/):
 * COUNT, INFO, LIST [FILTERBY …], DOCS, GETKEYS, GETKEYSANDFLAGS, HELP. Everything is generated
 * from server.registry (the miniredis anti-pattern of a captured reply is avoided on purpose).
 *
 * COMMAND INFO's 10-field entry (server.c addReplyCommandInfo): name, arity, flags, first key,
 * last key, step, ACL categories, tips, key specs, subcommands. Our specs carry no key specs
 * yet, so that field is an empty set.
 */
import { keySpecFlags } from '../acl/keyspecs';
import type { CommandSpec, Command, Flag } from './registry';
import type { CommandContext } from './context';
import type { Reply } from '../protocol/writer';
import { E, ReplyError } from '../errors';
import { eq } from './args';
import { globMatch } from '../util/glob';
import { replyHelp } from './help-reply';

/** The flags COMMAND prints, in Redis's order (addReplyFlagsForCommand); others are hidden. */
const PRINTED_FLAGS: readonly Flag[] = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading',
  'no_multi', 'movablekeys', 'allow_busy',
];

/** The flags of a command as COMMAND INFO prints them. */
export function printedFlags(cmd: Command): string[] {
  const have = cmd.spec.flags;
  return PRINTED_FLAGS.filter((f) => have.includes(f));
}

/** One COMMAND INFO entry (addReplyCommandInfo); null for an unknown name. */
export function replyCommandInfo(r: Reply, cmd: Command | undefined): void {
  if (cmd === undefined) {
    r.nil();
    return;
  }
  const s = cmd.spec;
  r.array(10);
  r.bulk(cmd.fullName);
  r.int(s.arity);
  const flags = printedFlags(cmd);
  r.set(flags.length);
  for (const f of flags) r.status(f);
  r.int(s.firstKey);
  r.int(s.lastKey);
  r.int(s.step);
  r.set(cmd.categories.length);
  for (const c of cmd.categories) r.status(c);
  const tips = s.tips ?? [];
  r.set(tips.length);
  for (const t of tips) r.bulk(t);
  r.set(0); // key specs
  if (cmd.subcommands === null) {
    r.set(0);
  } else {
    r.array(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) replyCommandInfo(r, sub);
  }
}

/** One COMMAND DOCS value (addReplyCommandDocs): the fields our specs carry. */
function replyCommandDocs(r: Reply, cmd: Command): void {
  const s = cmd.spec;
  let n = 1;
  if (s.summary) n++;
  if (s.since) n++;
  if (s.complexity) n++;
  if (cmd.subcommands) n++;
  r.map(n);
  if (s.summary) {
    r.bulk('summary');
    r.bulk(s.summary);
  }
  if (s.since) {
    r.bulk('since');
    r.bulk(s.since);
  }
  r.bulk('group');
  r.bulk(s.group);
  if (s.complexity) {
    r.bulk('complexity');
    r.bulk(s.complexity);
  }
  if (cmd.subcommands) {
    r.bulk('subcommands');
    r.map(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      r.bulk(sub.fullName);
      replyCommandDocs(r, sub);
    }
  }
}

/** The distinct top-level commands (the table may hold extra spellings of a name). */
function allCommands(c: CommandContext): readonly Command[] {
  return c.server.registry.all;
}

function commandCommand(c: CommandContext): void {
  const cmds = allCommands(c);
  c.reply.array(cmds.length);
  for (const cmd of cmds) replyCommandInfo(c.reply, cmd);
}

function commandCountCommand(c: CommandContext): void {
  c.reply.int(allCommands(c).length);
}

/** COMMAND INFO [name ...]: "container|sub" names subcommands. */
function commandInfoCommand(c: CommandContext): void {
  if (c.argv.length === 2) {
    commandCommand(c);
    return;
  }
  c.reply.array(c.argv.length - 2);
  for (let i = 2; i < c.argv.length; i++) replyCommandInfo(c.reply, lookupBySds(c, c.argv[i]!));
}

/** lookupCommandBySds: "name" or "container|sub" (exactly one level), case-insensitive. */
function lookupBySds(c: CommandContext, name: string): Command | undefined {
  const parts = name.split('|');
  if (parts.length > 2) return undefined;
  const base = c.server.registry.lookup(parts[0]!);
  if (base === undefined || parts.length === 1) return base;
  return base.subcommands?.get(parts[1]!.toLowerCase());
}

function commandDocsCommand(c: CommandContext): void {
  const r = c.reply;
  if (c.argv.length === 2) {
    const cmds = allCommands(c);
    r.map(cmds.length);
    for (const cmd of cmds) {
      r.bulk(cmd.fullName);
      replyCommandDocs(r, cmd);
    }
    return;
  }
  const found: Command[] = [];
  for (let i = 2; i < c.argv.length; i++) {
    const cmd = lookupBySds(c, c.argv[i]!);
    if (cmd) found.push(cmd);
  }
  r.map(found.length);
  for (const cmd of found) {
    r.bulk(cmd.fullName);
    replyCommandDocs(r, cmd);
  }
}

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]. */
function commandListCommand(c: CommandContext): void {
  const argv = c.argv;
  let filter: ((cmd: Command) => boolean) | null = null;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (eq(argv[i]!, 'filterby') && more === 2) {
      const type = argv[i + 1]!;
      const arg = argv[i + 2]!;
      if (eq(type, 'module')) filter = () => false;
      else if (eq(type, 'aclcat')) {
        const cat = '@' + arg.toLowerCase();
        filter = (cmd) => cmd.categories.includes(cat);
      } else if (eq(type, 'pattern')) filter = (cmd) => globMatch(arg, cmd.fullName, true);
      else throw new ReplyError(E.syntax);
      i += 2;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const names: string[] = [];
  const walk = (cmds: Iterable<Command>): void => {
    for (const cmd of cmds) {
      if (filter === null || filter(cmd)) names.push(cmd.fullName);
      if (cmd.subcommands) walk(cmd.subcommands.values());
    }
  };
  walk(allCommands(c));
  c.reply.bulkArray(names);
}

/** lookupCommand over argv (a container with an argument resolves to its subcommand). */
function lookupForArgv(c: CommandContext, argv: readonly string[]): Command | undefined {
  const base = c.server.registry.lookup(argv[0]!);
  if (base === undefined || argv.length === 1 || base.subcommands === null) return base;
  return base.subcommands.get(argv[1]!.toLowerCase());
}

/** Key-argument flags for GETKEYSANDFLAGS, from the spec's keyFlags or the command's flags. */
function keyFlagsFor(cmd: Command, argv: readonly string[], pos: number, index: number): readonly string[] {
  const kf = cmd.spec.keyFlags;
  if (kf) return kf(argv, pos, index);
  // Redis's key specs (src/acl/keyspecs.ts) for the commands that don't describe their own.
  const spec = keySpecFlags(cmd, argv, pos);
  if (spec !== null) return spec;
  if (cmd.isWrite) return ['RW', 'access', 'update'];
  return ['RO', 'access'];
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS full-command (getKeysSubcommandImpl). */
function getKeys(c: CommandContext, withFlags: boolean): void {
  const argv = c.argv.slice(2);
  const cmd = lookupForArgv(c, argv);
  if (cmd === undefined) throw new ReplyError(E.getkeysInvalidCommand);
  const s = cmd.spec;
  if (s.firstKey === 0 && s.keys === undefined) throw new ReplyError(E.getkeysNoKeys);
  if ((s.arity > 0 && s.arity !== argv.length) || argv.length < -s.arity) throw new ReplyError(E.getkeysBadArity);
  const pos = cmd.keyPositions(argv).filter((p) => p < argv.length);
  if (pos.length === 0) {
    if (s.flags.includes('no_mandatory_keys')) {
      c.reply.array(0);
      return;
    }
    throw new ReplyError(E.getkeysBadArgs);
  }
  c.reply.array(pos.length);
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i]!;
    if (!withFlags) {
      c.reply.bulk(argv[p]!);
      continue;
    }
    c.reply.array(2);
    c.reply.bulk(argv[p]!);
    const flags = keyFlagsFor(cmd, argv, p, i);
    c.reply.set(flags.length);
    for (const f of flags) c.reply.status(f);
  }
}

function commandGetkeysCommand(c: CommandContext): void {
  getKeys(c, false);
}

function commandGetkeysandflagsCommand(c: CommandContext): void {
  getKeys(c, true);
}

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

function commandHelpCommand(c: CommandContext): void {
  replyHelp(c, COMMAND_HELP);
}

const LS = ['loading', 'stale'] as const;
function sub(name: string, arity: number, handler: CommandSpec['handler'], extra: Partial<CommandSpec>): CommandSpec {
  return { name, arity, flags: LS, firstKey: 0, lastKey: 0, step: 0, acl: ['connection'], group: 'server', handler, ...extra };
}

export const commandCommands: readonly CommandSpec[] = [
  {
    name: 'command', arity: -1, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'], group: 'server',
    since: '2.8.13', summary: 'Get array of Redis command details', complexity: 'O(N) where N is the total number of Redis commands',
    tips: ['nondeterministic_output_order'], handler: commandCommand,
    subcommands: [
      sub('count', 2, commandCountCommand, { since: '2.8.13', summary: 'Get total number of Redis commands', complexity: 'O(1)' }),
      sub('info', -2, commandInfoCommand, { since: '2.8.13', summary: 'Get array of specific Redis command details, or all when no argument is given.', complexity: 'O(N) where N is the number of commands to look up', tips: ['nondeterministic_output_order'] }),
      sub('list', -2, commandListCommand, { since: '7.0.0', summary: 'Get an array of Redis command names', complexity: 'O(N) where N is the total number of Redis commands', tips: ['nondeterministic_output_order'] }),
      sub('docs', -2, commandDocsCommand, { since: '7.0.0', summary: 'Get array of specific Redis command documentation', complexity: 'O(N) where N is the number of commands to look up', tips: ['nondeterministic_output_order'] }),
      sub('getkeys', -4, commandGetkeysCommand, { since: '2.8.13', summary: 'Extract keys given a full Redis command', complexity: 'O(N) where N is the number of arguments to the command' }),
      sub('getkeysandflags', -4, commandGetkeysandflagsCommand, { since: '7.0.0', summary: 'Extract keys and access flags given a full Redis command', complexity: 'O(N) where N is the number of arguments to the command' }),
      sub('help', 2, commandHelpCommand, { since: '5.0.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)' }),
    ],
  },
];
