/**
 * test/integration/replication-diff.test.ts — replication commands against a real redis-server,
 * raw bytes compared: ROLE, REPLICAOF / SLAVEOF errors, REPLCONF, WAIT, MASTERDOWN, READONLY.
 * Replicas point at 127.0.0.1:1 (nothing listens): the link stays down, no data moves.
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('replication commands match redis-server', () => {
  const d = useDiff();
  it('ROLE, WAIT and their errors as a primary', async () => {
    await d.same('ROLE');
    await d.same('ROLE', 'x');
    await d.same('WAIT', '0', '0');
    await d.same('WAIT', '1', '1');
    await d.same('WAIT', 'x', '0');
    await d.same('WAIT', '1', 'y');
    await d.same('WAIT', '1', '-1');
    await d.same('WAIT', '1');
    await d.same('WAIT', 'x', 'y');
    await d.same('MULTI');
    await d.same('WAIT', '1', '0');
    await d.same('EXEC');
  });
  it('REPLICAOF / SLAVEOF arguments', async () => {
    await d.same('REPLICAOF', '127.0.0.1', 'abc');
    await d.same('REPLICAOF', '127.0.0.1', '70000');
    await d.same('REPLICAOF', '127.0.0.1', '-1');
    await d.same('SLAVEOF', 'no');
    await d.same('REPLICAOF', 'NO', 'ONE');
    await d.same('SLAVEOF', 'no', 'one');
  });
  it('REPLCONF', async () => {
    await d.same('REPLCONF');
    await d.same('REPLCONF', 'listening-port');
    await d.same('REPLCONF', 'listening-port', '1234');
    await d.same('REPLCONF', 'capa', 'eof', 'capa', 'psync2');
    await d.same('REPLCONF', 'nosuch', 'x');
    await d.same('REPLCONF', 'listening-port', 'abc');
  });
  it('a replica with its link down: READONLY, MASTERDOWN, ROLE, WAIT', async () => {
    await d.same('SET', 'k', 'v');
    await d.same('REPLICAOF', '127.0.0.1', '1');
    await d.same('REPLICAOF', '127.0.0.1', '1');
    await d.same('CONFIG', 'GET', 'replicaof');
    await d.same('GET', 'k');
    await d.same('SET', 'k', 'w');
    await d.same('WAIT', '0', '0');
    await d.same('WAIT', 'x', '-1');
    await d.same('WAIT', 'x', 'y');
    await d.same('CONFIG', 'SET', 'replica-serve-stale-data', 'no');
    await d.same('GET', 'k');
    await d.same('PING');
    await d.same('CONFIG', 'SET', 'replica-serve-stale-data', 'yes');
    await d.same('CONFIG', 'SET', 'replica-read-only', 'no');
    await d.same('SET', 'k', 'w');
    await d.same('CONFIG', 'SET', 'replica-read-only', 'yes');
    await d.same('REPLICAOF', 'NO', 'ONE');
    await d.same('CONFIG', 'GET', 'replicaof');
    await d.same('SET', 'k', 'x');
    await d.same('DEL', 'k');
  });
  it('min-replicas-to-write', async () => {
    await d.same('CONFIG', 'SET', 'min-replicas-to-write', '1');
    await d.same('SET', 'k', 'v');
    await d.same('GET', 'k');
    await d.same('MULTI');
    await d.same('SET', 'k', 'v');
    await d.same('EXEC');
    await d.same('CONFIG', 'SET', 'min-replicas-to-write', '0');
    await d.same('SET', 'k', 'v');
    await d.same('DEL', 'k');
  });
});
