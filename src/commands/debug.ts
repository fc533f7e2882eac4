/**
 * commands/debug.ts — DEBUG (debug.c), the subset Redis's own tests and client libraries use:
 * SLEEP, SET-ACTIVE-EXPIRE, OBJECT, PROTOCOL, CHANGE-REPL-ID, QUICKLIST-PACKED-THRESHOLD, JMAP,
 * LOG, STRINGMATCH-TEST, SET-SKIP-CHECKSUM-VALIDATION, SET-DISABLE-DENY-SCRIPTS, HELP.
 *
 * DEBUG is a protected command: it only runs when `enable-debug-command` is yes, or "local" and
 * the client is on a unix socket or a loopback address (allowProtectedAction in server.c).
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import type { Server } from '../server';
import { E, ReplyError } from '../errors';
import { eq } from './args';
import { ClientFlag, type Client } from '../protocol/client';
import { parseMemory } from '../config';
import { objectEncoding } from '../db/object-info';
import { replyHelp } from './help-reply';
import { persistenceOf } from '../persistence/snapshot';

/** islocalClient: unix socket, or a loopback peer. */
function isLocalClient(c: Client): boolean {
  if (c.flags & ClientFlag.UnixSocket) return true;
  const ip = c.addr.slice(0, c.addr.lastIndexOf(':'));
  return ip.startsWith('127.') || ip === '[::1]' || ip === '::1';
}

function debugAllowed(c: Client): boolean {
  const v = c.server.config.spec('enable-debug-command') ? c.server.config.str('enable-debug-command') : 'no';
  return v === 'yes' || (v === 'local' && isLocalClient(c));
}

/** strtod's prefix parse: leading number of the text, 0 when there is none. */
function strtodPrefix(s: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf(inity)?)/i.exec(s);
  return m ? Number(m[0].replace(/inf(inity)?/i, 'Infinity')) : 0;
}

/** atoi: leading integer of the text, 0 when there is none. */
function atoi(s: string): number {
  const m = /^\s*[+-]?\d+/.exec(s);
  return m ? Number.parseInt(m[0], 10) : 0;
}

/** Blocks the whole event loop, as Redis's nanosleep blocks its single thread. */
function sleepSync(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const DEBUG_HELP = [
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'JMAP',
  '    Create a memory map of the Java heap (not applicable).',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about the `key` and associated value.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];

function debugProtocol(c: CommandContext, name: string): void {
  const r = c.reply;
  const n = name.toLowerCase();
  switch (n) {
    case 'string':
      r.bulk('Hello World');
      return;
    case 'integer':
      r.int(12345);
      return;
    case 'double':
      r.double(3.141);
      return;
    case 'bignum':
      r.bigNumber('1234567999999999999999999999999999999');
      return;
    case 'null':
      r.nil();
      return;
    case 'array':
    case 'set':
      if (n === 'array') r.array(3);
      else r.set(3);
      for (let j = 0; j < 3; j++) r.int(j);
      return;
    case 'map':
      r.map(3);
      for (let j = 0; j < 3; j++) {
        r.int(j);
        r.bool(j === 1);
      }
      return;
    case 'attrib':
      // The Reply vocabulary has no attribute type (only DEBUG PROTOCOL sends one): RESP3
      // socket clients get the raw "|1" header; RESP2 clients get just the reply.
      if (c.resp >= 3 && c.writer !== null) {
        c.writer.raw('|1\r\n');
        r.bulk('key-popularity');
        r.array(2);
        r.bulk('key:123');
        r.int(90);
      }
      r.bulk('Some real reply following the attribute');
      return;
    case 'push':
      if (c.resp < 3) throw new ReplyError('ERR RESP2 is not supported by this command');
      r.push(2);
      r.bulk('server-cpu-usage');
      r.int(42);
      r.bulk('Some real reply following the push reply');
      return;
    case 'true':
      r.bool(true);
      return;
    case 'false':
      r.bool(false);
      return;
    case 'verbatim':
      r.verbatim('This is a verbatim\nstring');
      return;
    default:
      throw new ReplyError(
        'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
      );
  }
}

function debugObject(c: CommandContext, key: string): void {
  const v = c.db.lookup(key);
  if (v === undefined) throw new ReplyError(E.noKey);
  const enc = objectEncoding(v);
  const ser = typeof v === 'string' ? v.length : 0;
  c.reply.status(`Value at:0x0 refcount:1 encoding:${enc} serializedlength:${ser} lru:0 lru_seconds_idle:0`);
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty, and load the RDB file back. */
function debugReload(c: CommandContext): void {
  const argv = c.argv;
  let save = true;
  let flush = true;
  let merge = false;
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j]!;
    if (eq(opt, 'merge')) merge = true;
    else if (eq(opt, 'noflush')) flush = false;
    else if (eq(opt, 'nosave')) save = false;
    else throw new ReplyError(E.debugReloadOptions);
  }
  const err = persistenceOf(c.server).debugReload({ save, flush, merge });
  if (err !== null) throw new ReplyError(err);
  c.server.log.warn('DB reloaded by DEBUG RELOAD');
  c.reply.ok();
}

function debugCommand(c: CommandContext): void {
  if (!debugAllowed(c)) throw new ReplyError(E.debugNotAllowed('DEBUG'));
  const argv = c.argv;
  const sub = argv[1]!;
  const argc = argv.length;
  if (argc === 2 && eq(sub, 'help')) {
    replyHelp(c, DEBUG_HELP);
  } else if (argc === 3 && eq(sub, 'sleep')) {
    sleepSync(Math.floor(strtodPrefix(argv[2]!) * 1e6) / 1000);
    c.reply.ok();
  } else if (argc === 3 && eq(sub, 'set-active-expire')) {
    c.server.activeExpireEnabled = atoi(argv[2]!) !== 0;
    c.reply.ok();
  } else if (argc === 3 && eq(sub, 'quicklist-packed-threshold')) {
    const sz = parseMemory(argv[2]!);
    if (sz === null || sz < 0 || sz > 4 * 1024 * 1024 * 1024) {
      throw new ReplyError('ERR argument must be a memory value bigger than 1 and smaller than 4gb');
    }
    c.server.ext.set('quicklist-packed-threshold', sz === 0 ? 1 << 30 : sz);
    c.reply.ok();
  } else if (argc === 3 && eq(sub, 'protocol')) {
    debugProtocol(c, argv[2]!);
  } else if (argc === 3 && eq(sub, 'object')) {
    debugObject(c, argv[2]!);
  } else if (argc === 2 && eq(sub, 'change-repl-id')) {
    c.server.log.warn('Changing replication IDs after receiving DEBUG change-repl-id');
    c.reply.ok();
  } else if (argc === 3 && eq(sub, 'log')) {
    c.server.log.warn(`DEBUG LOG: ${argv[2]}`);
    c.reply.ok();
  } else if (argc === 2 && eq(sub, 'jmap')) {
    c.reply.ok();
  } else if (argc === 2 && eq(sub, 'stringmatch-test')) {
    c.reply.status('Apparently Redis did not crash: test passed');
  } else if (eq(sub, 'reload')) {
    debugReload(c);
  } else if (eq(sub, 'loadaof')) {
    c.server.signalFlushedDb(-1);
    persistenceOf(c.server).aof.debugLoad();
    c.reply.ok();
  } else if (argc === 3 && (eq(sub, 'set-skip-checksum-validation') || eq(sub, 'set-disable-deny-scripts'))) {
    c.server.ext.set(`debug:${sub.toLowerCase()}`, atoi(argv[2]!));
    c.reply.ok();
  } else {
    throw new ReplyError(E.subcommandSyntax(sub, 'DEBUG'));
  }
}

/**
 * Registers DEBUG's protected-command check with the dispatcher (processCommand rejects it before
 * it runs or is queued, so inside MULTI it aborts the transaction, and it counts as rejected).
 */
export function installDebugProtection(server: Server): void {
  server.protectedFilters.push((c, cmd) => (cmd.spec.handler === debugCommand && !debugAllowed(c) ? E.debugNotAllowed('DEBUG') : null));
}

export const debugCommands: readonly CommandSpec[] = [
  {
    name: 'debug', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale', 'protected'], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '1.0.0', summary: 'A container for debugging commands', complexity: 'Depends on subcommand.', handler: debugCommand,
  },
];
