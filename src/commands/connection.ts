/**
 * commands/connection.ts — connection commands (https://redis.io/commands/?group=connection):
 * PING, ECHO, SELECT, QUIT, RESET, AUTH, HELLO. CLIENT lives in client-cmd.ts, COMMAND in
 * command-cmd.ts. Handlers never touch sockets: closing is asked for with client flags that
 * the server acts on after the reply is written.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, argRange, eq } from './args';
import { ClientFlag, type Client } from '../protocol/client';
import { REDIS_VERSION } from '../server';
import { clientCommands, validClientName } from './client-cmd';

/**
 * PING [message]. A RESP2 client in subscribed state gets the array form ["pong", message]
 * (pingCommand in server.c), everyone else +PONG or the message as a bulk string.
 */
function pingCommand(c: CommandContext): void {
  if (c.argv.length > 2) throw new ReplyError(E.wrongArity('ping'));
  if (c.flags & ClientFlag.Pubsub && c.resp === 2) {
    c.reply.array(2);
    c.reply.bulk('pong');
    c.reply.bulk(c.argv.length === 1 ? '' : c.argv[1]!);
    return;
  }
  if (c.argv.length === 1) c.reply.status('PONG');
  else c.reply.bulk(c.argv[1]!);
}

function echoCommand(c: CommandContext): void {
  c.reply.bulk(c.argv[1]!);
}

/** SELECT index: the index must fit a C int (getIntFromObjectOrReply), then exist. */
function selectCommand(c: CommandContext): void {
  const id = argRange(c.argv[1]!, -2147483648, 2147483647);
  if (!c.selectDb(id)) throw new ReplyError(E.dbIndexOutOfRange);
  c.reply.ok();
}

/** QUIT: +OK, then the connection is closed once the reply is written. */
function quitCommand(c: CommandContext): void {
  c.reply.ok();
  c.flags |= ClientFlag.CloseAfterReply;
}

/**
 * Puts a client back in the state of a new connection (clearClientConnectionState): tracking
 * off, db 0, RESP2, default user, MULTI discarded, every subscription dropped, no name, replies
 * on. Feature modules do their part through server.hooks.clientReset.
 */
export function clearClientConnectionState(c: Client): void {
  const server = c.server;
  for (const fn of server.hooks.clientReset) fn(c);
  c.flags &= ~(ClientFlag.Multi | ClientFlag.DirtyExec | ClientFlag.DirtyCas | ClientFlag.Monitor);
  c.multiState = null;
  c.selectDb(0);
  c.setResp(2);
  c.user = 'default';
  c.authenticated = !server.authRequired();
  c.name = '';
  c.flags &= ~(ClientFlag.Pubsub | ClientFlag.ReplyOff | ClientFlag.ReplySkipNext | ClientFlag.Tracking);
  // A SKIP already in force for this very command (CLIENT REPLY SKIP; RESET) still applies.
  if (c.writer !== null) c.writer.muted = (c.flags & ClientFlag.ReplySkip) !== 0;
}

/** RESET: only normal connections (not replicas or masters) can be reset. */
function resetCommand(c: CommandContext): void {
  if (c.flags & (ClientFlag.Replica | ClientFlag.Master) && !(c.flags & ClientFlag.Monitor)) {
    throw new ReplyError(E.resetNotNormal);
  }
  clearClientConnectionState(c);
  c.reply.status('RESET');
}

/**
 * Checks a username/password pair (ACLAuthenticateUser). The ACL module may install
 * server.hooks.authenticate; without it there is only the default user, whose password is
 * requirepass (no password: any password is accepted, "nopass").
 * On success the client becomes authenticated as that user.
 */
export function authenticateUser(c: Client, user: string, pass: string): boolean {
  const hook = c.server.hooks.authenticate;
  let ok: boolean;
  if (hook !== null) ok = hook(c, user, pass);
  else {
    const required = c.server.config.str('requirepass');
    ok = user === 'default' && (required === '' || pass === required);
  }
  if (ok) {
    c.authenticated = true;
    c.user = user;
  }
  return ok;
}

/** True when the default user has no password (ACL "nopass"). */
function defaultUserNoPass(c: Client): boolean {
  const hook = c.server.hooks.defaultUserNoPass;
  return hook !== null ? hook() : c.server.config.str('requirepass') === '';
}

/** AUTH [username] password. The one-argument form needs a password on the default user. */
function authCommand(c: CommandContext): void {
  if (c.argv.length > 3) throw new ReplyError(E.syntax);
  let user: string;
  let pass: string;
  if (c.argv.length === 2) {
    if (defaultUserNoPass(c)) throw new ReplyError(E.noPassword);
    user = 'default';
    pass = c.argv[1]!;
  } else {
    user = c.argv[1]!;
    pass = c.argv[2]!;
  }
  if (!authenticateUser(c, user, pass)) throw new ReplyError(E.wrongPass);
  c.reply.ok();
}

/**
 * HELLO [protover [AUTH user pass] [SETNAME name]]. Options are applied in order as they are
 * read (an AUTH before a bad option stays done, as in helloCommand); the protocol switches only
 * at the end, and the reply map is written in the new protocol.
 */
function helloCommand(c: CommandContext): void {
  const argv = c.argv;
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    ver = argInt(argv[next++]!, E.helloProtoNotInt);
    if (ver < 2 || ver > 3) throw new ReplyError(E.noProto);
  }
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (eq(opt, 'auth') && more >= 2) {
      if (!authenticateUser(c, argv[j + 1]!, argv[j + 2]!)) throw new ReplyError(E.wrongPass);
      j += 2;
    } else if (eq(opt, 'setname') && more >= 1) {
      const name = argv[j + 1]!;
      if (!validClientName(name)) throw new ReplyError(E.badClientName);
      c.name = name;
      j++;
    } else {
      throw new ReplyError(E.helloSyntax(opt));
    }
  }
  if (!c.authenticated) throw new ReplyError(E.helloNoAuth);
  if (ver !== 0) c.setResp(ver);
  const r = c.reply;
  r.map(7);
  r.bulk('server');
  r.bulk('redis');
  r.bulk('version');
  r.bulk(REDIS_VERSION);
  r.bulk('proto');
  r.int(c.resp);
  r.bulk('id');
  r.int(c.id);
  r.bulk('mode');
  r.bulk('standalone');
  r.bulk('role');
  r.bulk(c.server.isReplica ? 'replica' : 'master');
  r.bulk('modules');
  r.array(0);
}

const CONN = ['connection'] as const;

export const connectionCommands: readonly CommandSpec[] = [
  {
    name: 'ping', arity: -1, flags: ['fast', 'sentinel'], firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection',
    since: '1.0.0', summary: 'Ping the server', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: pingCommand,
  },
  {
    name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection',
    since: '1.0.0', summary: 'Echo the given string', complexity: 'O(1)', handler: echoCommand,
  },
  {
    name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection',
    since: '1.0.0', summary: 'Change the selected database for the current connection', complexity: 'O(1)', handler: selectCommand,
  },
  {
    name: 'quit', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, acl: CONN,
    group: 'connection', since: '1.0.0', summary: 'Close the connection', complexity: 'O(1)', handler: quitCommand,
  },
  {
    name: 'reset', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, acl: CONN,
    group: 'connection', since: '6.2.0', summary: 'Reset the connection', complexity: 'O(1)', handler: resetCommand,
  },
  {
    name: 'auth', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0,
    acl: CONN, group: 'connection', since: '1.0.0', summary: 'Authenticate to the server',
    complexity: 'O(N) where N is the number of passwords defined for the user', handler: authCommand,
  },
  {
    name: 'hello', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0,
    acl: CONN, group: 'connection', since: '6.0.0', summary: 'Handshake with Redis', complexity: 'O(1)', handler: helloCommand,
  },
  ...clientCommands,
];
