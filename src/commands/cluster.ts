/**
 * commands/cluster.ts — CLUSTER, READONLY, READWRITE and ASKING on a server without cluster
 * support (cluster-enabled no, the only mode respite has). Redis 7.0 still registers every
 * CLUSTER subcommand, so COMMAND INFO/DOCS/LIST show them; each one, HELP included, replies
 * "This instance has cluster support disabled", as do READONLY, READWRITE and ASKING
 * (clusterCommand, readonlyCommand, readwriteCommand, askingCommand in cluster.c).
 * Unknown subcommands and bad arities are rejected by the dispatcher as for any container.
 */
import type { CommandSpec, Flag } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';

/** Every CLUSTER subcommand, READONLY, READWRITE and ASKING. */
function clusterDisabledCommand(_c: CommandContext): void {
  throw new ReplyError(E.clusterDisabled);
}

const ADMIN: readonly Flag[] = ['admin', 'stale', 'no_async_loading'];
const ADMIN_STALE: readonly Flag[] = ['admin', 'stale'];
const STALE: readonly Flag[] = ['stale'];
const ND = ['nondeterministic_output'];

/** One CLUSTER subcommand: name, arity, flags, since, summary, complexity, tips. */
function sub(name: string, arity: number, flags: readonly Flag[], since: string, summary: string, complexity: string, tips?: string[]): CommandSpec {
  return {
    name, arity, flags, firstKey: 0, lastKey: 0, step: 0, group: 'cluster', since, summary, complexity,
    ...(tips ? { tips } : {}), handler: clusterDisabledCommand,
  };
}

const SLOT_ARGS = 'O(N) where N is the total number of hash slot arguments';
const RANGE_ARGS = 'O(N) where N is the total number of the slots between the start slot and end slot arguments.';
const NODES_N = 'O(N) where N is the total number of Cluster nodes';

export const clusterCommands: readonly CommandSpec[] = [
  {
    name: 'cluster', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'cluster',
    since: '3.0.0', summary: 'A container for cluster commands', complexity: 'Depends on subcommand.',
    subcommands: [
      sub('addslots', -3, ADMIN, '3.0.0', 'Assign new hash slots to receiving node', SLOT_ARGS),
      sub('addslotsrange', -4, ADMIN, '7.0.0', 'Assign new hash slots to receiving node', RANGE_ARGS),
      sub('bumpepoch', 2, ADMIN, '3.0.0', 'Advance the cluster config epoch', 'O(1)', ND),
      sub('count-failure-reports', 3, ADMIN_STALE, '3.0.0', 'Return the number of failure reports active for a given node',
        'O(N) where N is the number of failure reports', ND),
      sub('countkeysinslot', 3, STALE, '3.0.0', 'Return the number of local keys in the specified hash slot', 'O(1)'),
      sub('delslots', -3, ADMIN, '3.0.0', 'Set hash slots as unbound in receiving node', SLOT_ARGS),
      sub('delslotsrange', -4, ADMIN, '7.0.0', 'Set hash slots as unbound in receiving node', RANGE_ARGS),
      sub('failover', -2, ADMIN, '3.0.0', 'Forces a replica to perform a manual failover of its master.', 'O(1)'),
      sub('flushslots', 2, ADMIN, '3.0.0', "Delete a node's own slots information", 'O(1)'),
      sub('forget', 3, ADMIN, '3.0.0', 'Remove a node from the nodes table', 'O(1)'),
      sub('getkeysinslot', 4, STALE, '3.0.0', 'Return local key names in the specified hash slot',
        'O(log(N)) where N is the number of requested keys', ND),
      sub('help', 2, ['loading', 'stale'], '5.0.0', 'Show helpful text about the different subcommands', 'O(1)'),
      sub('info', 2, STALE, '3.0.0', 'Provides info about Redis Cluster node state', 'O(1)', ND),
      sub('keyslot', 3, STALE, '3.0.0', 'Returns the hash slot of the specified key', 'O(N) where N is the number of bytes in the key'),
      sub('links', 2, STALE, '7.0.0', 'Returns a list of all TCP links to and from peer nodes in cluster', NODES_N, ND),
      sub('meet', -4, ADMIN, '3.0.0', 'Force a node cluster to handshake with another node', 'O(1)'),
      sub('myid', 2, STALE, '3.0.0', 'Return the node id', 'O(1)'),
      sub('nodes', 2, STALE, '3.0.0', 'Get Cluster config for the node', NODES_N, ND),
      sub('replicas', 3, ADMIN_STALE, '5.0.0', 'List replica nodes of the specified master node', 'O(1)', ND),
      sub('replicate', 3, ADMIN, '3.0.0', 'Reconfigure a node as a replica of the specified master node', 'O(1)'),
      sub('reset', -2, ['admin', 'noscript', 'stale'], '3.0.0', 'Reset a Redis Cluster node',
        'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.'),
      sub('saveconfig', 2, ADMIN, '3.0.0', 'Forces the node to save cluster state on disk', 'O(1)'),
      sub('set-config-epoch', 3, ADMIN, '3.0.0', 'Set the configuration epoch in a new node', 'O(1)'),
      sub('setslot', -4, ADMIN, '3.0.0', 'Bind a hash slot to a specific node', 'O(1)'),
      sub('shards', 2, STALE, '7.0.0', 'Get array of cluster slots to node mappings', 'O(N) where N is the total number of cluster nodes', ND),
      sub('slaves', 3, ADMIN_STALE, '3.0.0', 'List replica nodes of the specified master node', 'O(1)', ND),
      sub('slots', 2, STALE, '3.0.0', 'Get array of Cluster slot to node mappings', NODES_N, ND),
    ],
  },
  {
    name: 'readonly', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'],
    group: 'cluster', since: '3.0.0', summary: 'Enables read queries for a connection to a cluster replica node', complexity: 'O(1)',
    handler: clusterDisabledCommand,
  },
  {
    name: 'readwrite', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'],
    group: 'cluster', since: '3.0.0', summary: 'Disables read queries for a connection to a cluster replica node', complexity: 'O(1)',
    handler: clusterDisabledCommand,
  },
  {
    name: 'asking', arity: 1, flags: ['fast'], firstKey: 0, lastKey: 0, step: 0, acl: ['connection'],
    group: 'cluster', since: '3.0.0', summary: 'Sent by cluster clients after an -ASK redirect', complexity: 'O(1)',
    handler: clusterDisabledCommand,
  },
];
