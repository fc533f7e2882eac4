/**
 * commands/client-cmd.ts — CLIENT and its subcommands (https://redis.io/commands/?group=connection):
 * ID, INFO, LIST, GETNAME, SETNAME, KILL, REPLY, NO-EVICT, UNBLOCK, HELP. The tracking and
 * pause subcommands (TRACKING, CACHING, GETREDIR, TRACKINGINFO, PAUSE, UNPAUSE) come from
 * commands/tracking.ts and are spread into the container here.
 *
 * The CLIENT LIST line format is networking.c's catClientInfoString: every field Redis 7.0
 * prints, in its order, filled with our real values where we have them.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, eq } from './args';
import { ClientFlag, type Client } from '../protocol/client';
import { parseInt64 } from '../util/numbers';
import { trackingClientSubcommands } from './tracking';
import { replyHelp } from './help-reply';

export const CLIENT_TYPE_NORMAL = 0;
export const CLIENT_TYPE_REPLICA = 1;
export const CLIENT_TYPE_PUBSUB = 2;
export const CLIENT_TYPE_MASTER = 3;

/** getClientType: MONITOR clients count as normal ones. */
export function clientType(c: Client): number {
  const f = c.flags;
  if (f & ClientFlag.Master) return CLIENT_TYPE_MASTER;
  if (f & ClientFlag.Replica && !(f & ClientFlag.Monitor)) return CLIENT_TYPE_REPLICA;
  if (f & ClientFlag.Pubsub) return CLIENT_TYPE_PUBSUB;
  return CLIENT_TYPE_NORMAL;
}

/** getClientTypeByName: -1 when unknown. */
export function clientTypeByName(name: string): number {
  const n = name.toLowerCase();
  if (n === 'normal') return CLIENT_TYPE_NORMAL;
  if (n === 'slave' || n === 'replica') return CLIENT_TYPE_REPLICA;
  if (n === 'pubsub') return CLIENT_TYPE_PUBSUB;
  if (n === 'master') return CLIENT_TYPE_MASTER;
  return -1;
}

/** A client name may only hold printable ASCII without spaces (clientSetName). */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) return false;
  }
  return true;
}

/** Bytes of the RESP multibulk encoding of argv (what the query buffer held for it). */
function multibulkSize(argv: readonly string[]): number {
  let n = 3 + String(argv.length).length;
  for (const a of argv) n += 5 + String(a.length).length + a.length;
  return n;
}

function flagLetters(c: Client): string {
  const f = c.flags;
  let s = '';
  if (f & ClientFlag.Replica) s += f & ClientFlag.Monitor ? 'O' : 'S';
  else if (f & ClientFlag.Monitor) s += 'O';
  if (f & ClientFlag.Master) s += 'M';
  if (f & ClientFlag.Pubsub) s += 'P';
  if (f & ClientFlag.Multi) s += 'x';
  if (f & ClientFlag.Blocked) s += 'b';
  if (f & ClientFlag.Tracking) {
    s += 't';
    const st = c.tracking;
    if (st !== null && st.brokenRedirect) s += 'R';
    if (st !== null && st.bcast) s += 'B';
  }
  if (f & ClientFlag.DirtyCas) s += 'd';
  if (f & ClientFlag.CloseAfterReply) s += 'c';
  if (f & ClientFlag.CloseAsap) s += 'A';
  if (f & ClientFlag.UnixSocket) s += 'U';
  if (f & ClientFlag.NoEvict) s += 'e';
  return s === '' ? 'N' : s;
}

/** The socket's file descriptor, or -1 (fake clients, platforms without one). */
function socketFd(c: Client): number {
  const h = (c.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
  return typeof h?.fd === 'number' ? h.fd : -1;
}

/** One CLIENT LIST / CLIENT INFO line, without the trailing newline (catClientInfoString). */
export function clientInfoString(c: Client): string {
  const server = c.server;
  const nowSec = Math.floor(Date.now() / 1000);
  const running = server.current === c;
  const parser = c.parser;
  // While a command runs, Redis still has it in the query buffer; ours has already moved past it.
  let qbuf = parser ? parser.pending : 0;
  let argvMem = 0;
  if (running) {
    qbuf += multibulkSize(c.argv);
    for (const a of c.argv) argvMem += a.length;
  }
  const qcap = parser ? Math.max(parser.capacity, qbuf) : 0;
  let multiMem = 0;
  let multi = -1;
  if (c.flags & ClientFlag.Multi && c.multiState) {
    multi = c.multiState.commands.length;
    for (const q of c.multiState.commands) for (const a of q.argv) multiMem += a.length;
  }
  const w = c.writer;
  const obl = w ? w.pending : 0;
  const omem = c.outputPending;
  const rbs = w ? 16384 : 0;
  const subs = server.hooks.subscriptionCounts ? server.hooks.subscriptionCounts(c) : null;
  const redirHook = server.hooks.trackingRedirect;
  const redir = c.flags & ClientFlag.Tracking && redirHook ? redirHook(c) : -1;
  let events = '';
  if (c.socket) {
    if (!c.socket.isPaused()) events += 'r';
    if (omem > 0) events += 'w';
  }
  const totMem = qcap + argvMem + multiMem + obl + omem + rbs + 1024;
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${socketFd(c)} name=${c.name}` +
    ` age=${nowSec - Math.floor(c.createdAt / 1000)} idle=${nowSec - Math.floor(c.lastInteraction / 1000)}` +
    ` flags=${flagLetters(c)} db=${c.db.id} sub=${subs ? subs[0] : 0} psub=${subs ? subs[1] : 0} ssub=${subs ? subs[2] : 0}` +
    ` multi=${multi} qbuf=${qbuf} qbuf-free=${qcap - qbuf} argv-mem=${argvMem} multi-mem=${multiMem}` +
    ` rbs=${rbs} rbp=${rbs} obl=${obl} oll=${omem > 0 ? 1 : 0} omem=${omem} tot-mem=${totMem} events=${events}` +
    ` cmd=${c.lastCmd ? c.lastCmd.fullName : 'NULL'} user=${c.user} redir=${redir} resp=${c.resp}`
  );
}

/** CLIENT LIST lines for every client of a type (-1: all), each ending in "\n". */
export function allClientsInfoString(c: Client, type: number): string {
  let out = '';
  for (const cl of c.server.clients.values()) {
    if (type !== -1 && clientType(cl) !== type) continue;
    out += clientInfoString(cl) + '\n';
  }
  return out;
}

function clientIdCommand(c: CommandContext): void {
  c.reply.int(c.id);
}

function clientInfoCommand(c: CommandContext): void {
  c.reply.verbatim(clientInfoString(c) + '\n');
}

/** CLIENT LIST [TYPE type] | [ID id ...]. */
function clientListCommand(c: CommandContext): void {
  const argv = c.argv;
  let type = -1;
  let out: string | null = null;
  if (argv.length === 4 && eq(argv[2]!, 'type')) {
    type = clientTypeByName(argv[3]!);
    if (type === -1) throw new ReplyError(E.unknownClientType(argv[3]!));
  } else if (argv.length > 3 && eq(argv[2]!, 'id')) {
    const ids: number[] = [];
    for (let j = 3; j < argv.length; j++) ids.push(argInt(argv[j]!, E.invalidClientId));
    out = '';
    for (const id of ids) {
      const cl = c.server.clients.get(id);
      if (cl) out += clientInfoString(cl) + '\n';
    }
  } else if (argv.length !== 2) {
    throw new ReplyError(E.syntax);
  }
  c.reply.verbatim(out ?? allClientsInfoString(c, type));
}

function clientGetnameCommand(c: CommandContext): void {
  if (c.name === '') c.reply.nil();
  else c.reply.bulk(c.name);
}

/** CLIENT SETNAME name; an empty name removes the name. */
function clientSetnameCommand(c: CommandContext): void {
  const name = c.argv[2]!;
  if (!validClientName(name)) throw new ReplyError(E.badClientName);
  c.name = name;
  c.reply.ok();
}

/**
 * CLIENT REPLY ON|OFF|SKIP. OFF and SKIP have no reply of their own; the server applies SKIP to
 * the next command (ClientFlag.ReplySkipNext → ReplySkip) and mutes the writer accordingly.
 */
function clientReplyCommand(c: CommandContext): void {
  const mode = c.argv[2]!;
  if (eq(mode, 'on')) {
    c.flags &= ~(ClientFlag.ReplySkip | ClientFlag.ReplyOff | ClientFlag.ReplySkipNext);
    if (c.writer !== null) c.writer.muted = false;
    c.reply.ok();
  } else if (eq(mode, 'off')) {
    c.flags |= ClientFlag.ReplyOff;
    if (c.writer !== null) c.writer.muted = true;
  } else if (eq(mode, 'skip')) {
    if (!(c.flags & ClientFlag.ReplyOff)) c.flags |= ClientFlag.ReplySkipNext;
  } else {
    throw new ReplyError(E.syntax);
  }
}

function clientNoEvictCommand(c: CommandContext): void {
  const mode = c.argv[2]!;
  if (eq(mode, 'on')) c.flags |= ClientFlag.NoEvict;
  else if (eq(mode, 'off')) c.flags &= ~ClientFlag.NoEvict;
  else throw new ReplyError(E.syntax);
  c.reply.ok();
}

/**
 * CLIENT KILL addr (old form: +OK or "No such client", may kill the caller) or
 * CLIENT KILL <filter> <value> ... (new form: the number killed; SKIPME defaults to yes).
 * The caller, when it matches, is closed after its reply is written.
 */
function clientKillCommand(c: CommandContext): void {
  const argv = c.argv;
  const server = c.server;
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let type = -1;
  let id = 0;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2]!;
    skipme = false;
  } else if (argv.length > 3) {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i]!;
      const more = argv.length > i + 1;
      if (more && eq(opt, 'id')) {
        const v = parseInt64(argv[i + 1]!);
        if (v === null || v < 1) throw new ReplyError(E.clientIdNotPositive);
        id = v;
      } else if (more && eq(opt, 'type')) {
        type = clientTypeByName(argv[i + 1]!);
        if (type === -1) throw new ReplyError(E.unknownClientType(argv[i + 1]!));
      } else if (more && eq(opt, 'addr')) {
        addr = argv[i + 1]!;
      } else if (more && eq(opt, 'laddr')) {
        laddr = argv[i + 1]!;
      } else if (more && eq(opt, 'user')) {
        user = argv[i + 1]!;
        const exists = server.hooks.userExists ? server.hooks.userExists(user) : user === 'default';
        if (!exists) throw new ReplyError(E.noSuchUser(user));
      } else if (more && eq(opt, 'skipme')) {
        const v = argv[i + 1]!;
        if (eq(v, 'yes')) skipme = true;
        else if (eq(v, 'no')) skipme = false;
        else throw new ReplyError(E.syntax);
      } else {
        throw new ReplyError(E.syntax);
      }
    }
  } else {
    throw new ReplyError(E.syntax);
  }
  let killed = 0;
  let closeMe = false;
  for (const cl of [...server.clients.values()]) {
    if (addr !== null && cl.addr !== addr) continue;
    if (laddr !== null && cl.laddr !== laddr) continue;
    if (type !== -1 && clientType(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== null && cl.user !== user) continue;
    if (cl === c && skipme) continue;
    if (cl === c) closeMe = true;
    else server.freeClient(cl);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) throw new ReplyError(E.noSuchClient);
    c.reply.ok();
  } else {
    c.reply.int(killed);
  }
  if (closeMe) c.flags |= ClientFlag.CloseAfterReply;
}

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 when a blocked client was unblocked. The blocking layer
 * implements server.hooks.unblockClient (reply as on timeout, or the -UNBLOCKED error).
 */
function clientUnblockCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length > 4) throw new ReplyError(E.subcommandSyntax(argv[1]!, 'CLIENT'));
  let error = false;
  if (argv.length === 4) {
    if (eq(argv[3]!, 'timeout')) error = false;
    else if (eq(argv[3]!, 'error')) error = true;
    else throw new ReplyError(E.unblockReason);
  }
  const id = argInt(argv[2]!);
  const target = c.server.clients.get(id);
  const hook = c.server.hooks.unblockClient;
  if (target && target.flags & ClientFlag.Blocked && hook !== null && hook(target, error)) c.reply.int(1);
  else c.reply.int(0);
}

const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

function clientHelpCommand(c: CommandContext): void {
  replyHelp(c, CLIENT_HELP);
}

const CONN = ['connection'] as const;
const ADMIN = ['admin', 'noscript', 'loading', 'stale'] as const;
const NORMAL = ['noscript', 'loading', 'stale'] as const;

function sub(name: string, arity: number, flags: CommandSpec['flags'], handler: CommandSpec['handler'], extra: Partial<CommandSpec> = {}): CommandSpec {
  return { name, arity, flags, firstKey: 0, lastKey: 0, step: 0, acl: CONN, group: 'connection', handler, ...extra };
}

export const clientCommands: readonly CommandSpec[] = [
  {
    name: 'client', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'connection',
    since: '2.4.0', summary: 'A container for client connection commands', complexity: 'Depends on subcommand.',
    subcommands: [
      sub('id', 2, NORMAL, clientIdCommand, { since: '5.0.0', summary: 'Returns the client ID for the current connection', complexity: 'O(1)' }),
      sub('info', 2, NORMAL, clientInfoCommand, { since: '6.2.0', summary: 'Returns information about the current client connection.', complexity: 'O(1)', tips: ['nondeterministic_output'] }),
      sub('list', -2, ADMIN, clientListCommand, { since: '2.4.0', summary: 'Get the list of client connections', complexity: 'O(N) where N is the number of client connections', tips: ['nondeterministic_output'] }),
      sub('getname', 2, NORMAL, clientGetnameCommand, { since: '2.6.9', summary: 'Get the current connection name', complexity: 'O(1)' }),
      sub('setname', 3, NORMAL, clientSetnameCommand, { since: '2.6.9', summary: 'Set the current connection name', complexity: 'O(1)' }),
      sub('kill', -3, ADMIN, clientKillCommand, { since: '2.4.0', summary: 'Kill the connection of a client', complexity: 'O(N) where N is the number of client connections' }),
      sub('reply', 3, NORMAL, clientReplyCommand, { since: '3.2.0', summary: 'Instruct the server whether to reply to commands', complexity: 'O(1)' }),
      sub('no-evict', 3, ADMIN, clientNoEvictCommand, { since: '7.0.0', summary: 'Set client eviction mode for the current connection', complexity: 'O(1)' }),
      sub('unblock', -3, ADMIN, clientUnblockCommand, { since: '5.0.0', summary: 'Unblock a client blocked in a blocking command from a different connection', complexity: 'O(log N) where N is the number of client connections' }),
      sub('help', 2, ['loading', 'stale'], clientHelpCommand, { since: '5.0.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)' }),
      ...trackingClientSubcommands,
    ],
  },
];
