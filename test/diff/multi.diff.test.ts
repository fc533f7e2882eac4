/**
 * Transactions against real Redis: replies of MULTI/EXEC/DISCARD/WATCH/UNWATCH byte for byte,
 * including errors while queueing (EXECABORT), errors while executing, WATCH invalidation by
 * another client, and RESP3.
 */
import { it } from 'vitest';
import { describeDiff } from '../helpers/diff';
import { useDiffPairs } from '../helpers/multi-client-diff';

describeDiff('transactions match redis-server', () => {
  const d = useDiffPairs();

  it('MULTI / EXEC basics and errors outside a transaction', async () => {
    const a = await d.open();
    await a.same('EXEC');
    await a.same('DISCARD');
    await a.same('MULTI');
    await a.same('MULTI');
    await a.same('SET', 'k', 'v');
    await a.same('INCR', 'k');
    await a.same('GET', 'k');
    await a.same('WATCH', 'x');
    await a.same('EXEC');
    await a.same('MULTI');
    await a.same('DISCARD');
    await a.same('GET', 'k');
    await a.same('MULTI', 'extra');
    await a.same('EXEC', 'extra');
    await a.same('UNWATCH');
  });

  it('queueing errors abort EXEC; rejected EXEC discards', async () => {
    const a = await d.open();
    await a.same('MULTI');
    await a.same('SET', 'a', '1');
    await a.same('NOSUCHCOMMAND', 'x');
    await a.same('GET');
    await a.same('EXEC');
    await a.same('GET', 'a');
    await a.same('MULTI');
    await a.same('SET', 'a', '1');
    await a.same('EXEC', 'x');
    await a.same('EXEC');
    await a.same('GET', 'a');
  });

  it('empty transaction, RESP3 EXEC, nested replies', async () => {
    const a = await d.open();
    await a.same('MULTI');
    await a.same('EXEC');
    await a.both('HELLO', '3');
    await a.same('MULTI');
    await a.same('SET', 'x', '1');
    await a.same('GET', 'nokey');
    await a.same('EXEC');
    await a.same('WATCH', 'x');
    await a.same('SET', 'x', '2');
    await a.same('MULTI');
    await a.same('GET', 'x');
    await a.same('EXEC');
  });

  it('WATCH: touched by another client, UNWATCH, DISCARD, WATCH inside MULTI', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.same('SET', 'w', '1');
    await a.same('WATCH', 'w', 'other');
    await b.same('SET', 'w', '2');
    await a.same('MULTI');
    await a.same('WATCH', 'w');
    await a.same('GET', 'w');
    await a.same('EXEC');
    await a.same('WATCH', 'w');
    await b.same('SET', 'w', '3');
    await a.same('UNWATCH');
    await a.same('MULTI');
    await a.same('GET', 'w');
    await a.same('EXEC');
    await a.same('WATCH', 'w');
    await a.same('MULTI');
    await a.same('DISCARD');
    await b.same('SET', 'w', '4');
    await a.same('MULTI');
    await a.same('GET', 'w');
    await a.same('EXEC');
  });

  it('WATCH of a missing key, DEL of a missing key does not touch; FLUSHALL does when the key exists', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.same('WATCH', 'none');
    await b.same('DEL', 'none');
    await a.same('MULTI');
    await a.same('PING');
    await a.same('EXEC');
    await a.same('SET', 'e', '1');
    await a.same('WATCH', 'e');
    await b.same('FLUSHALL');
    await a.same('MULTI');
    await a.same('PING');
    await a.same('EXEC');
    await a.same('WATCH', 'none');
    await b.same('FLUSHDB');
    await a.same('MULTI');
    await a.same('PING');
    await a.same('EXEC');
  });

  it('SWAPDB touches watched keys on both sides', async () => {
    const a = await d.open();
    const b = await d.open();
    await b.same('SELECT', '1');
    await b.same('SET', 'sw', 'x');
    await a.same('WATCH', 'sw');
    await b.same('SWAPDB', '0', '1');
    await a.same('MULTI');
    await a.same('PING');
    await a.same('EXEC');
  });

  it('errors while executing go into the reply and the rest runs', async () => {
    const a = await d.open();
    await a.same('SET', 's', 'str');
    await a.same('MULTI');
    await a.same('INCR', 's');
    await a.same('SET', 't', '1');
    await a.same('INCRBY', 't', 'x');
    await a.same('GET', 't');
    await a.same('EXEC');
  });
});
