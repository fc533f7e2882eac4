/**
 * commands/index.ts — the only list of command groups. The Registry is built from this array.
 */
import type { CommandSpec } from './registry';
import { stringCommands } from './string';
import { bitmapCommands } from './bitmap';
import { keyspaceCommands } from './keyspace';
import { connectionCommands } from './connection';
import { serverCommands } from './server-cmds';
import { infoCommands } from './info';
import { commandCommands } from './command-cmd';
import { debugCommands } from './debug';
import { configCommands } from './config-cmd';
import { listCommands } from './list';
import { hashCommands } from './hash';
import { setCommands } from './set';
import { zsetCommands } from './zset';
import { streamCommands } from './stream';
import { sortCommands } from './sort';
import { multiCommands } from './multi';
import { pubsubCommands } from './pubsub';
import { hllCommands } from './hll';
import { geoCommands } from './geo';
import { scriptingCommands } from './scripting';
import { persistenceCommands } from './persistence';
import { aclCommands } from './acl';
import { slowlogCommands } from './slowlog';
import { latencyCommands } from './latency';
import { moduleCommands } from './module';
import { memoryCommands } from './memory';
import { replicationCommands } from './replication';
import { clusterCommands } from './cluster';

export const allCommands: readonly CommandSpec[] = [
  ...stringCommands,
  ...bitmapCommands,
  ...keyspaceCommands,
  ...connectionCommands,
  ...serverCommands,
  ...infoCommands,
  ...commandCommands,
  ...debugCommands,
  ...configCommands,
  ...listCommands,
  ...hashCommands,
  ...setCommands,
  ...zsetCommands,
  ...streamCommands,
  ...sortCommands,
  ...multiCommands,
  ...pubsubCommands,
  ...hllCommands,
  ...geoCommands,
  ...scriptingCommands,
  ...persistenceCommands,
  ...aclCommands,
  ...slowlogCommands,
  ...latencyCommands,
  ...moduleCommands,
  ...memoryCommands,
  ...replicationCommands,
  ...clusterCommands,
];
