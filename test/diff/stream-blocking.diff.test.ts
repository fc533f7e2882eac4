/**
 * Differential tests of blocking XREAD / XREADGROUP with several connections per side: the
 * replies delivered to blocked clients (RESP2 and RESP3), their order, group bookkeeping after
 * service, errors when the group or key disappears, keyspace events of a blocked XREADGROUP.
 */
import { it, expect } from 'vitest';
import { describeDiff } from '../helpers/diff';
import { useDiffPairs } from '../helpers/multi-client-diff';

/** Lets both servers process what was sent (blocked clients register before the next write). */
const settle = () => new Promise((r) => setTimeout(r, 30));

describeDiff('blocking stream commands match redis-server', () => {
  const d = useDiffPairs();

  it('XREAD BLOCK: $ and explicit IDs, served in blocking order, RESP3 maps', async () => {
    const a = await d.open();
    const b = await d.open();
    const w = await d.open();
    await w.same('FLUSHALL');
    await w.same('XADD', 'k1', '1-0', 'f', 'v');
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 'k1', 'k2', '$', '0');
    await settle();
    await b.both('HELLO', '3');
    b.send('XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 'k1', '$');
    await settle();
    await w.same('XADD', 'k2', '5-0', 'a', '1');
    await a.sameRead('a served by k2');
    await w.same('XADD', 'k1', '2-0', 'b', '2', 'c', '3');
    await b.sameRead('b served by k1 in RESP3');
    await w.same('MULTI');
    await w.same('XADD', 'k1', '3-0', 'x', 'y');
    await w.same('XREAD', 'BLOCK', '0', 'STREAMS', 'k1', '$');
    await w.same('EXEC');
    for (const p of [a, b, w]) p.close();
  });

  it('XREADGROUP BLOCK: service records pending entries; NOGROUP / UNBLOCKED errors', async () => {
    const a = await d.open();
    const b = await d.open();
    const w = await d.open();
    await w.same('FLUSHALL');
    await w.same('XGROUP', 'CREATE', 'g1', 'grp', '$', 'MKSTREAM');
    a.send('XREADGROUP', 'GROUP', 'grp', 'alice', 'BLOCK', '0', 'STREAMS', 'g1', '>');
    await settle();
    b.send('XREADGROUP', 'GROUP', 'grp', 'bob', 'NOACK', 'BLOCK', '0', 'STREAMS', 'g1', '>');
    await settle();
    await w.same('XADD', 'g1', '1-0', 'f', 'v');
    await a.sameRead('alice');
    await w.same('XADD', 'g1', '2-0', 'f', 'w');
    await b.sameRead('bob (NOACK)');
    await w.same('XPENDING', 'g1', 'grp');
    await w.same('XINFO', 'GROUPS', 'g1');
    a.send('XREADGROUP', 'GROUP', 'grp', 'alice', 'BLOCK', '0', 'STREAMS', 'g1', '>');
    await settle();
    await w.same('XGROUP', 'DESTROY', 'g1', 'grp');
    await a.sameRead('group destroyed');
    await w.same('XGROUP', 'CREATE', 'g1', 'grp', '$');
    a.send('XREADGROUP', 'GROUP', 'grp', 'alice', 'BLOCK', '0', 'STREAMS', 'g1', '>');
    await settle();
    await w.same('DEL', 'g1');
    await a.sameRead('key deleted');
    await w.same('XGROUP', 'CREATE', 'g1', 'grp', '$', 'MKSTREAM');
    a.send('XREADGROUP', 'GROUP', 'grp', 'alice', 'BLOCK', '0', 'STREAMS', 'g1', '>');
    await settle();
    await w.same('MULTI');
    await w.same('DEL', 'g1');
    await w.same('SADD', 'g1', 'x');
    await w.same('EXEC');
    await a.sameRead('key type changed in MULTI');
    for (const p of [a, b, w]) p.close();
  });

  it('timeouts and CLIENT UNBLOCK', async () => {
    const a = await d.open();
    const w = await d.open();
    await w.same('FLUSHALL');
    await a.same('XREAD', 'BLOCK', '20', 'STREAMS', 'nothing', '$');
    await a.both('HELLO', '3');
    await a.same('XREAD', 'BLOCK', '20', 'STREAMS', 'nothing', '$');
    await w.same('XGROUP', 'CREATE', 't', 'g', '$', 'MKSTREAM');
    await a.same('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '20', 'STREAMS', 't', '>');
    const [ida, idb] = await a.both('CLIENT', 'ID');
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 't', '$');
    await settle();
    const id = (s: string) => s.slice(1, -2);
    const [x, y] = await Promise.all([w.ours.call('CLIENT', 'UNBLOCK', id(ida), 'ERROR'), w.theirs.call('CLIENT', 'UNBLOCK', id(idb), 'ERROR')]);
    expect(x).toBe(y);
    await a.sameRead('unblocked with error');
    a.close();
    w.close();
  });
});
