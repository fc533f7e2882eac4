/**
 * commands/replication.ts — REPLICAOF/SLAVEOF, REPLCONF, PSYNC, SYNC, WAIT, ROLE
 * (https://redis.io/commands/?group=server, replication.c). The state machine lives in
 * src/replication/; these handlers only validate and delegate.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, eq } from './args';
import { ClientFlag, type Client } from '../protocol/client';
import { replicationOf } from '../replication/replication';
import { parseInt64 } from '../util/numbers';

const ADMIN = ['dangerous'] as const;

/** REPLICAOF host port | NO ONE (replicaofCommand). */
function replicaofCommand(c: CommandContext): void {
  const argv = c.argv;
  const s = c.server;
  const r = replicationOf(s);
  if (r.failoverState !== 'no-failover') throw new ReplyError('ERR REPLICAOF not allowed while failing over.');
  if (eq(argv[1]!, 'no') && eq(argv[2]!, 'one')) {
    // shiftReplicationId: the old history stays valid for PSYNC up to this offset; our
    // replicas reconnect and continue with the new id.
    r.unsetMaster('user request from client');
    c.reply.ok();
    return;
  }
  if (c.flags & ClientFlag.Replica) throw new ReplyError(E.replicaofFromReplica);
  const v = parseInt64(argv[2]!);
  if (v === null || v < 0 || v > 65535) throw new ReplyError(E.invalidMasterPort);
  const host = argv[1]!;
  const port = Number(v);
  if (r.link !== null && r.link.host.toLowerCase() === host.toLowerCase() && r.link.port === port) {
    c.reply.status('OK Already connected to specified master');
    return;
  }
  s.log.warn(`REPLICAOF ${host}:${port} enabled (user request from '${c.client.addr}')`);
  r.startLink(host, port);
  c.reply.ok();
}

/** REPLCONF <option> <value> ... (replconfCommand). ACK gets no reply. */
function replconfCommand(c: CommandContext): void {
  const argv = c.argv;
  if (argv.length % 2 === 0) throw new ReplyError(E.syntax);
  const r = replicationOf(c.server);
  for (let i = 1; i < argv.length; i += 2) {
    const k = argv[i]!.toLowerCase();
    const val = argv[i + 1]!;
    if (k === 'ack') {
      const off = parseInt64(val);
      if (off !== null) r.ack(c.client, off);
      return;
    } else if (k === 'getack') {
      if (r.link !== null) r.link.sendAck();
      return;
    } else if (k === 'listening-port') {
      const p = parseInt64(val);
      if (p === null) throw new ReplyError(E.notInteger);
      r.replconf(c.client, k, String(p));
    } else if (k === 'ip-address' || k === 'capa') {
      r.replconf(c.client, k, val);
    } else if (k === 'rdb-only' || k === 'rdb-filter-only') {
      /* accepted, ignored */
    } else {
      throw new ReplyError(E.unrecognizedReplconf(argv[i]!));
    }
  }
  c.reply.ok();
}

/** PSYNC replid offset (syncCommand). */
function psyncCommand(c: CommandContext): void {
  syncGeneric(c, true);
}

/** SYNC (old protocol: full resync only, no +FULLRESYNC line). */
function syncCommand(c: CommandContext): void {
  syncGeneric(c, false);
}

function syncGeneric(c: CommandContext, psync: boolean): void {
  if (c.flags & ClientFlag.Replica) return;
  const s = c.server;
  const r = replicationOf(s);
  // PSYNC <replid> <offset> FAILOVER: our primary hands over to us (FAILOVER on its side).
  if (psync && c.argv.length > 3 && eq(c.argv[3]!, 'failover')) {
    s.log.warn(`Failover request received for replid ${c.argv[1]!}.`);
    if (r.link === null) throw new ReplyError("ERR PSYNC FAILOVER can't be sent to a master.");
    if (c.argv[1]!.toLowerCase() !== r.replid.toLowerCase()) throw new ReplyError('ERR PSYNC FAILOVER replid must match my replid.');
    r.unsetMaster(`failover request from '${c.client.addr}'`);
  }
  if (r.failoverState !== 'no-failover') throw new ReplyError("NOMASTERLINK Can't SYNC while failing over");
  if (r.link !== null && r.link.state !== 'connected') throw new ReplyError(E.noMasterLink);
  if (c.client.socket === null) throw new ReplyError(E.replicaSyncNoSocket);
  let replid: string | null = null;
  let from = -1;
  if (psync) {
    replid = c.argv[1]!;
    const v = parseInt64(c.argv[2]!);
    if (v === null) throw new ReplyError(E.notInteger);
    from = Number(v);
    if (replid === '?') replid = '';
  }
  r.sync(c.client, replid, from);
}

/** WAIT numreplicas timeout (waitCommand). */
function waitCommand(c: CommandContext): void {
  const s = c.server;
  const r = replicationOf(s);
  // The replica check comes before the arguments (waitCommand).
  if (r.link !== null) throw new ReplyError(E.waitOnReplica);
  const num = argInt(c.argv[1]!);
  const tmo = argInt(c.argv[2]!, E.timeoutNotInteger);
  if (tmo < 0) throw new ReplyError(E.timeoutNegative);
  const target = r.woff.get(c.client) ?? 0;
  const have = r.countAcks(target);
  // Inside MULTI/EXEC (or with no connection) WAIT never blocks.
  const inTx = (c.flags & (ClientFlag.Multi | ClientFlag.DenyBlocking)) !== 0 || c.client.socket === null;
  if (have >= num || inTx) {
    c.reply.int(have);
    return;
  }
  const cl = c.client;
  cl.flags |= ClientFlag.Blocked;
  r.waiters.push({ c: cl, num, offset: target, deadline: tmo > 0 ? Date.now() + tmo : 0 });
  r.requestAcks();
  r.finishWait = finishWait;
}

function finishWait(c: Client, n: number | null): void {
  c.flags &= ~ClientFlag.Blocked;
  if (n === null) c.reply.error(E.unblocked);
  else c.reply.int(n);
  const s = c.server;
  s.queueFlush(c);
  setImmediate(() => {
    if (c.socket === null || c.socket.destroyed) return;
    s.processInput(c);
    s.flush(c);
  });
}

/** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms] (failoverCommand). */
function failoverCommand(c: CommandContext): void {
  const argv = c.argv;
  const r = replicationOf(c.server);
  if (argv.length === 2 && eq(argv[1]!, 'abort')) {
    if (r.failoverState === 'no-failover') throw new ReplyError('ERR No failover in progress.');
    r.abortFailover('Failover manually aborted');
    c.reply.ok();
    return;
  }
  let timeout = 0;
  let force = false;
  let host: string | null = null;
  let port = 0;
  for (let j = 1; j < argv.length; j++) {
    if (eq(argv[j]!, 'timeout') && j + 1 < argv.length && timeout === 0) {
      timeout = argInt(argv[j + 1]!);
      if (timeout <= 0) throw new ReplyError('ERR FAILOVER timeout must be greater than 0');
      j++;
    } else if (eq(argv[j]!, 'to') && j + 2 < argv.length && host === null) {
      port = argInt(argv[j + 2]!);
      host = argv[j + 1]!;
      j += 2;
    } else if (eq(argv[j]!, 'force') && !force) {
      force = true;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const err = r.startFailover(host, port, timeout, force);
  if (err !== null) throw new ReplyError(err);
  c.reply.ok();
}

/** ROLE (roleCommand). */
function roleCommand(c: CommandContext): void {
  const r = replicationOf(c.server);
  const w = c.reply;
  if (r.link === null) {
    w.array(3);
    w.bulk('master');
    w.int(r.offset);
    w.array(r.replicas.length);
    for (const rep of r.replicas) {
      w.array(3);
      w.bulk(rep.ip);
      w.bulk(String(rep.listeningPort));
      w.bulk(String(rep.ackOffset));
    }
    return;
  }
  w.array(5);
  w.bulk('slave');
  w.bulk(r.link.host);
  w.int(r.link.port);
  w.bulk(r.link.roleState());
  w.int(r.link.state === 'connected' ? r.offset : -1);
}

export const replicationCommands: readonly CommandSpec[] = [
  {
    name: 'replicaof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0, acl: ADMIN,
    group: 'server', since: '5.0.0', summary: 'Make the server a replica of another instance, or promote it as master.', complexity: 'O(1)',
    handler: replicaofCommand,
  },
  {
    name: 'slaveof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0, acl: ADMIN,
    group: 'server', since: '1.0.0', summary: 'Make the server a replica of another instance, or promote it as master.', complexity: 'O(1)',
    handler: replicaofCommand,
  },
  {
    name: 'replconf', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, acl: ADMIN,
    group: 'server', since: '3.0.0', summary: 'An internal command for configuring the replication stream', complexity: 'O(1)',
    handler: replconfCommand,
  },
  {
    name: 'psync', arity: -3, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, step: 0, acl: ADMIN,
    group: 'server', since: '2.8.0', summary: 'Internal command used for replication', complexity: undefined,
    handler: psyncCommand,
  },
  {
    name: 'sync', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, step: 0, acl: ADMIN,
    group: 'server', since: '1.0.0', summary: 'Internal command used for replication', complexity: undefined,
    handler: syncCommand,
  },
  {
    name: 'wait', arity: 3, flags: ['noscript'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'],
    group: 'generic', since: '3.0.0', summary: 'Wait for the synchronous replication of all the write commands sent in the context of the current connection',
    complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:agg_min'], handler: waitCommand,
  },
  {
    name: 'failover', arity: -1, flags: ['admin', 'noscript', 'stale'], firstKey: 0, lastKey: 0, step: 0, acl: ADMIN,
    group: 'server', since: '6.2.0', summary: 'Start a coordinated failover between this server and one of its replicas.', complexity: 'O(1)',
    handler: failoverCommand,
  },
  {
    name: 'role', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['admin', 'dangerous'],
    group: 'server', since: '2.8.12', summary: 'Return the role of the instance in the context of replication', complexity: 'O(1)',
    handler: roleCommand,
  },
];
