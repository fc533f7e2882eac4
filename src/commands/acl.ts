/**
 * commands/acl.ts — ACL and its subcommands (https://redis.io/commands/?group=server, aclCommand in
 * acl.c): SETUSER GETUSER DELUSER LIST USERS WHOAMI CAT LOG DRYRUN GENPASS SAVE LOAD HELP.
 * The state and the rules live in src/acl/acl.ts.
 */
import type { CommandSpec, Flag } from './registry';
import type { CommandContext } from './context';
import { ReplyError, E } from '../errors';
import { argInt, eq } from './args';
import { replyHelp } from './help-reply';
import { aclOf, Acl, Denied, CATEGORIES, type Selector } from '../acl/acl';

const NOT_CONFIGURED =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

/** ACL SETUSER username [rule ...]: all rules or none. */
function aclSetuserCommand(c: CommandContext): void {
  const name = c.argv[2]!;
  if (/[\0 \t\r\n\v\f]/.test(name)) throw new ReplyError("ERR Usernames can't contain spaces or null characters");
  const err = aclOf(c.server).setUserFromArgs(name, c.argv.slice(3));
  if (err !== null) throw new ReplyError('ERR ' + err);
  c.reply.ok();
}

/** ACL DELUSER username [...]: the default user can't go; clients of deleted users are closed. */
function aclDeluserCommand(c: CommandContext): void {
  const acl = aclOf(c.server);
  for (let j = 2; j < c.argv.length; j++) {
    if (c.argv[j] === 'default') throw new ReplyError("ERR The 'default' user cannot be removed");
  }
  let deleted = 0;
  for (let j = 2; j < c.argv.length; j++) {
    const name = c.argv[j]!;
    if (acl.users.delete(name)) {
      acl.killClientsOf(name);
      deleted++;
    }
  }
  c.reply.int(deleted);
}

function replySelector(c: CommandContext, acl: Acl, s: Selector): void {
  const r = c.reply;
  r.bulk('commands');
  r.bulk(acl.describeCommandRules(s));
  r.bulk('keys');
  r.bulk(acl.keysDescription(s));
  r.bulk('channels');
  r.bulk(acl.channelsDescription(s));
}

/** ACL GETUSER username: flags, passwords, commands, keys, channels, selectors (7.0 shape). */
function aclGetuserCommand(c: CommandContext): void {
  const acl = aclOf(c.server);
  const u = acl.users.get(c.argv[2]!);
  const r = c.reply;
  if (u === undefined) {
    r.nil();
    return;
  }
  r.map(6);
  r.bulk('flags');
  const flags = acl.flagNames(u);
  r.set(flags.length);
  for (const f of flags) r.bulk(f);
  r.bulk('passwords');
  r.array(u.passwords.length);
  for (const p of u.passwords) r.bulk(p);
  replySelector(c, acl, u.rootSelector);
  r.bulk('selectors');
  r.array(u.selectors.length - 1);
  for (let i = 1; i < u.selectors.length; i++) {
    r.map(3);
    replySelector(c, acl, u.selectors[i]!);
  }
}

function aclListCommand(c: CommandContext): void {
  const lines = aclOf(c.server).listLines();
  c.reply.array(lines.length);
  for (const l of lines) c.reply.bulk(l);
}

function aclUsersCommand(c: CommandContext): void {
  const users = aclOf(c.server).sortedUsers();
  c.reply.array(users.length);
  for (const u of users) c.reply.bulk(u.name);
}

function aclWhoamiCommand(c: CommandContext): void {
  c.reply.bulk(c.user);
}

function aclLoadCommand(c: CommandContext): void {
  const file = c.server.config.str('aclfile');
  if (file === '') throw new ReplyError(NOT_CONFIGURED);
  const err = aclOf(c.server).loadFromFile(file);
  if (err !== null) throw new ReplyError('ERR ' + err);
  c.reply.ok();
}

function aclSaveCommand(c: CommandContext): void {
  const file = c.server.config.str('aclfile');
  if (file === '') throw new ReplyError(NOT_CONFIGURED);
  if (!aclOf(c.server).saveToFile(file)) {
    throw new ReplyError('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
  }
  c.reply.ok();
}

/** ACL CAT [category]. */
function aclCatCommand(c: CommandContext): void {
  if (c.argv.length > 3) throw new ReplyError(E.subcommandSyntax(c.argv[1]!, 'acl'));
  const acl = aclOf(c.server);
  if (c.argv.length === 2) {
    c.reply.array(CATEGORIES.length);
    for (const cat of CATEGORIES) c.reply.bulk(cat);
    return;
  }
  const bit = acl.categoryBit(c.argv[2]!);
  if (bit === 0) throw new ReplyError(`ERR Unknown category '${c.argv[2]!.slice(0, 128)}'`);
  const names = acl.commandsInCategory(bit);
  c.reply.array(names.length);
  for (const n of names) c.reply.bulk(n);
}

/** ACL GENPASS [bits]. */
function aclGenpassCommand(c: CommandContext): void {
  if (c.argv.length > 3) throw new ReplyError(E.subcommandSyntax(c.argv[1]!, 'acl'));
  let bits = 256;
  if (c.argv.length === 3) bits = argInt(c.argv[2]!);
  if (bits <= 0 || bits > 4096) {
    throw new ReplyError('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');
  }
  c.reply.bulk(Acl.genpass(bits));
}

const REASONS = ['', 'command', 'key', 'auth', 'channel'];
const CONTEXTS = ['toplevel', 'lua', 'multi', 'module'];

/** ACL LOG [count | RESET]. */
function aclLogCommand(c: CommandContext): void {
  if (c.argv.length > 3) throw new ReplyError(E.subcommandSyntax(c.argv[1]!, 'acl'));
  const acl = aclOf(c.server);
  let count = 10;
  if (c.argv.length === 3) {
    if (eq(c.argv[2]!, 'reset')) {
      acl.log = [];
      c.reply.ok();
      return;
    }
    count = argInt(c.argv[2]!);
    if (count < 0) count = 0;
  }
  if (count > acl.log.length) count = acl.log.length;
  const r = c.reply;
  r.array(count);
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const le = acl.log[i]!;
    r.map(7);
    r.bulk('count');
    r.int(le.count);
    r.bulk('reason');
    r.bulk(REASONS[le.reason] ?? 'unknown');
    r.bulk('context');
    r.bulk(CONTEXTS[le.context] ?? 'unknown');
    r.bulk('object');
    r.bulk(le.object);
    r.bulk('username');
    r.bulk(le.username);
    r.bulk('age-seconds');
    r.double((now - le.ctime) / 1000);
    r.bulk('client-info');
    r.bulk(le.cinfo);
  }
}

/** ACL DRYRUN username command [arg ...]: OK, or the reason as a bulk string. */
function aclDryrunCommand(c: CommandContext): void {
  const acl = aclOf(c.server);
  const argv = c.argv;
  const u = acl.users.get(argv[2]!);
  if (u === undefined) throw new ReplyError(`ERR User '${argv[2]}' not found`);
  const sub = argv.slice(3);
  let cmd = c.server.registry.lookup(sub[0]!);
  if (cmd !== undefined && cmd.subcommands !== null && sub.length >= 2) cmd = cmd.subcommands.get(sub[1]!.toLowerCase());
  if (cmd === undefined) throw new ReplyError(`ERR Command '${sub[0]}' not found`);
  if (!cmd.arityOk(sub.length)) throw new ReplyError(E.wrongArity(cmd.fullName));
  const [res, idx] = acl.checkUserCommand(u, cmd, sub);
  if (res === Denied.Ok) {
    c.reply.ok();
    return;
  }
  if (res === Denied.Cmd) c.reply.bulk(`This user has no permissions to run the '${cmd.fullName}' command`);
  else if (res === Denied.Key) c.reply.bulk(`This user has no permissions to access the '${sub[idx]}' key`);
  else c.reply.bulk(`This user has no permissions to access the '${sub[idx]}' channel`);
}

const HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

function aclHelpCommand(c: CommandContext): void {
  replyHelp(c, HELP);
}

const ADMIN: readonly Flag[] = ['admin', 'noscript', 'loading', 'stale'];
const PLAIN: readonly Flag[] = ['noscript', 'loading', 'stale'];

function sub(
  name: string,
  arity: number,
  flags: readonly Flag[],
  handler: (c: CommandContext) => void,
  since: string,
  summary: string,
  complexity: string,
): CommandSpec {
  return { name, arity, flags, firstKey: 0, lastKey: 0, step: 0, group: 'server', since, summary, complexity, handler };
}

export const aclCommands: readonly CommandSpec[] = [
  {
    name: 'acl', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '6.0.0', summary: 'A container for Access List Control commands ', complexity: 'Depends on subcommand.',
    subcommands: [
      sub('cat', -2, PLAIN, aclCatCommand, '6.0.0', 'List the ACL categories or the commands inside a category', 'O(1) since the categories and commands are a fixed set.'),
      sub('deluser', -3, ADMIN, aclDeluserCommand, '6.0.0', 'Remove the specified ACL users and the associated rules', 'O(1) amortized time considering the typical user.'),
      sub('dryrun', -4, ADMIN, aclDryrunCommand, '7.0.0', 'Returns whether the user can execute the given command without executing the command.', 'O(1).'),
      sub('genpass', -2, PLAIN, aclGenpassCommand, '6.0.0', 'Generate a pseudorandom secure password to use for ACL users', 'O(1)'),
      sub('getuser', 3, ADMIN, aclGetuserCommand, '6.0.0', 'Get the rules for a specific ACL user', 'O(N). Where N is the number of password, command and pattern rules that the user has.'),
      sub('help', 2, ['loading', 'stale'], aclHelpCommand, '6.0.0', 'Show helpful text about the different subcommands', 'O(1)'),
      sub('list', 2, ADMIN, aclListCommand, '6.0.0', 'List the current ACL rules in ACL config file format', 'O(N). Where N is the number of configured users.'),
      sub('load', 2, ADMIN, aclLoadCommand, '6.0.0', 'Reload the ACLs from the configured ACL file', 'O(N). Where N is the number of configured users.'),
      sub('log', -2, ADMIN, aclLogCommand, '6.0.0', 'List latest events denied because of ACLs in place', 'O(N) with N being the number of entries shown.'),
      sub('save', 2, ADMIN, aclSaveCommand, '6.0.0', 'Save the current ACL rules in the configured ACL file', 'O(N). Where N is the number of configured users.'),
      sub('setuser', -3, ADMIN, aclSetuserCommand, '6.0.0', 'Modify or create the rules for a specific ACL user', 'O(N). Where N is the number of rules provided.'),
      sub('users', 2, ADMIN, aclUsersCommand, '6.0.0', 'List the username of all the configured ACL rules', 'O(N). Where N is the number of configured users.'),
      sub('whoami', 2, PLAIN, aclWhoamiCommand, '6.0.0', 'Return the name of the user associated to the current connection', 'O(1)'),
    ],
  },
];
