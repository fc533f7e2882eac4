/**
 * Differential tests: CLUSTER, READONLY, READWRITE and ASKING on a non-cluster server
 * (cluster-enabled no) against redis-server 7.0.15: every subcommand's reply, arity and
 * unknown-subcommand errors, COMMAND INFO/LIST metadata, and calls from scripts and MULTI.
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

const SUBS: readonly (readonly string[])[] = [
  ['addslots', '1'], ['addslotsrange', '1', '2'], ['bumpepoch'], ['count-failure-reports', 'x'],
  ['countkeysinslot', '1'], ['delslots', '1'], ['delslotsrange', '1', '2'], ['failover'], ['failover', 'force'],
  ['flushslots'], ['forget', 'x'], ['getkeysinslot', '1', '2'], ['help'], ['info'], ['keyslot', 'foo'], ['links'],
  ['meet', '127.0.0.1', '1'], ['myid'], ['nodes'], ['replicas', 'x'], ['replicate', 'x'], ['reset'], ['reset', 'hard'],
  ['saveconfig'], ['set-config-epoch', '1'], ['setslot', '1', 'stable'], ['shards'], ['slaves', 'x'], ['slots'],
];

describeDiff('CLUSTER (differential)', () => {
  const d = useDiff();

  it('every subcommand replies that cluster support is disabled', async () => {
    for (const s of SUBS) await d.sameError('CLUSTER', ...s);
    await d.sameError('CLUSTER', 'HELP');
    await d.sameError('cluster', 'KeySlot', '{a}b');
  });

  it('arity and unknown subcommand errors', async () => {
    await d.sameError('CLUSTER');
    await d.sameError('CLUSTER', 'nosuch');
    await d.sameError('CLUSTER', 'help', 'x');
    await d.sameError('CLUSTER', 'info', 'x');
    await d.sameError('CLUSTER', 'keyslot');
    await d.sameError('CLUSTER', 'getkeysinslot', '1');
    await d.sameError('CLUSTER', 'addslots');
    await d.sameError('CLUSTER', 'setslot', '1');
    await d.sameError('READONLY', 'x');
    await d.sameError('READWRITE', 'x');
    await d.sameError('ASKING', 'x');
  });

  it('READONLY, READWRITE and ASKING', async () => {
    await d.sameError('READONLY');
    await d.sameError('READWRITE');
    await d.sameError('ASKING');
    await d.same('SET', 'k', 'v');
    await d.same('GET', 'k');
  });

  it('COMMAND INFO / LIST metadata', async () => {
    for (const s of SUBS) await d.same('COMMAND', 'INFO', `cluster|${s[0]}`);
    await d.same('COMMAND', 'INFO', 'readonly', 'readwrite', 'asking');
    await d.sameSorted('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'cluster*');
    await d.sameSorted('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'cl*help');
    await d.sameSorted('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'connection');
    await d.same('COMMAND', 'DOCS', 'readonly');
  });

  it('inside scripts and transactions', async () => {
    await d.sameError('EVAL', "return redis.call('cluster', 'reset', 'hard')", '0');
    await d.sameError('EVAL', "return redis.call('cluster', 'info')", '0');
    await d.same('EVAL', "return redis.pcall('cluster', 'myid')", '0');
    await d.sameError('EVAL', "return redis.call('readonly')", '0');
    await d.same('MULTI');
    await d.same('CLUSTER', 'INFO');
    await d.same('ASKING');
    await d.same('EXEC');
    await d.same('MULTI');
    await d.sameError('CLUSTER', 'nosuch');
    await d.sameError('EXEC');
  });
});
