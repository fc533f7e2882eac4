/**
 * Client-side caching against real Redis: CLIENT TRACKING option errors, TRACKINGINFO,
 * GETREDIR, CACHING, and the invalidation messages (RESP3 push, RESP2 redirect to a
 * __redis__:invalidate subscriber, BCAST prefixes, NOLOOP, OPTIN/OPTOUT, FLUSHALL).
 */
import { it, expect } from 'vitest';
import { describeDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';
import { useDiffPairs, type Pair } from '../helpers/multi-client-diff';

/** CLIENT ID on both sides: [ours, theirs]. */
async function ids(p: Pair): Promise<[string, string]> {
  const [a, b] = await p.both('CLIENT', 'ID');
  return [a.slice(1, -2), b.slice(1, -2)];
}

/** Sends per-side commands (they differ only in client ids) and compares the replies. */
async function samePerSide(p: Pair, ours: string[], theirs: string[]): Promise<string> {
  p.ours.send(...ours);
  p.theirs.send(...theirs);
  const [x, y] = await Promise.all([p.ours.read(), p.theirs.read()]);
  expect(x, ours.join(' ')).toBe(y);
  return x;
}

describeDiff('client-side caching matches redis-server', () => {
  const d = useDiffPairs();

  it('CLIENT TRACKING errors and TRACKINGINFO', async () => {
    const a = await d.open();
    await a.same('CLIENT', 'TRACKING', 'maybe');
    await a.same('CLIENT', 'TRACKING', 'on', 'nosuch');
    await a.same('CLIENT', 'TRACKING', 'on', 'PREFIX', 'a');
    await a.same('CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTIN');
    await a.same('CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT');
    await a.same('CLIENT', 'TRACKING', 'on', 'REDIRECT', 'abc');
    await a.same('CLIENT', 'TRACKING', 'on', 'REDIRECT', '999999');
    await a.same('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'ab', 'PREFIX', 'abc');
    await a.same('CLIENT', 'TRACKINGINFO');
    await a.same('CLIENT', 'GETREDIR');
    await a.same('CLIENT', 'CACHING', 'yes');
    await a.same('CLIENT', 'TRACKING', 'on', 'OPTIN', 'NOLOOP');
    await a.same('CLIENT', 'TRACKINGINFO');
    await a.same('CLIENT', 'GETREDIR');
    await a.same('CLIENT', 'TRACKING', 'on', 'OPTOUT');
    await a.same('CLIENT', 'TRACKING', 'on', 'BCAST');
    await a.same('CLIENT', 'CACHING', 'no');
    await a.same('CLIENT', 'CACHING', 'maybe');
    await a.same('CLIENT', 'CACHING', 'yes');
    await a.same('CLIENT', 'TRACKINGINFO');
    await a.same('CLIENT', 'TRACKING', 'off');
    await a.same('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'b', 'PREFIX', 'a');
    await a.same('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'bc');
    await a.same('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'c');
    await a.same('CLIENT', 'TRACKINGINFO');
    await a.both('HELLO', '3');
    await a.same('CLIENT', 'TRACKINGINFO');
  });

  it('CLIENT PAUSE / UNPAUSE argument errors', async () => {
    const a = await d.open();
    await a.same('CLIENT', 'PAUSE', 'abc');
    await a.same('CLIENT', 'PAUSE', '-5');
    await a.same('CLIENT', 'PAUSE', '10', 'MAYBE');
    await a.same('CLIENT', 'PAUSE', '10', 'write', 'x');
    await a.same('CLIENT', 'PAUSE', '99999999999999999999');
    await a.same('CLIENT', 'PAUSE', '9223372036854775807');
    await a.same('PING');
    await a.same('CLIENT', 'PAUSE');
    await a.same('CLIENT', 'UNPAUSE', 'x');
    await a.same('CLIENT', 'PAUSE', '0', 'WRITE');
    await a.same('CLIENT', 'UNPAUSE');
  });

  it('RESP3 invalidation push after a read', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.both('HELLO', '3');
    await a.same('CLIENT', 'TRACKING', 'on');
    await b.same('SET', 'k', '1');
    await a.same('GET', 'k');
    await a.same('MGET', 'k', 'k2');
    await b.same('SET', 'k', '2');
    await a.sameRead('invalidate k');
    await b.same('SET', 'k2', '2');
    await a.sameRead('invalidate k2');
    // Not tracked any more until read again.
    await b.same('SET', 'k', '3');
    await a.same('PING');
    // Own writes invalidate after the reply.
    await a.same('GET', 'k');
    a.send('SET', 'k', '4');
    await a.sameRead('SET reply');
    await a.sameRead('own invalidation');
    await b.same('FLUSHALL');
    await a.sameRead('flush: null invalidation');
  });

  it('NOLOOP, OPTIN with CACHING, OPTOUT', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.both('HELLO', '3');
    await a.same('CLIENT', 'TRACKING', 'on', 'NOLOOP');
    await a.same('GET', 'x');
    await a.same('SET', 'x', '1');
    await a.same('PING');
    await a.same('CLIENT', 'TRACKING', 'off');
    await a.same('CLIENT', 'TRACKING', 'on', 'OPTIN');
    await a.same('GET', 'y');
    await b.same('SET', 'y', '1');
    await a.same('CLIENT', 'CACHING', 'yes');
    await a.same('GET', 'y');
    await b.same('SET', 'y', '2');
    await a.sameRead('invalidate y');
    await a.same('CLIENT', 'TRACKING', 'off');
    await a.same('CLIENT', 'TRACKING', 'on', 'OPTOUT');
    await a.same('CLIENT', 'CACHING', 'no');
    await a.same('GET', 'z');
    await b.same('SET', 'z', '1');
    await a.same('GET', 'w');
    await b.same('SET', 'w', '1');
    await a.sameRead('invalidate w');
  });

  it('BCAST with prefixes gets keys at the end of the event loop', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.both('HELLO', '3');
    await a.same('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'user:', 'PREFIX', 'obj:');
    await b.same('MSET', 'user:2', '1', 'user:1', '1', 'other', '1', 'obj:9', 'x');
    await a.sameRead('obj: prefix first');
    await a.sameRead('user: prefix');
    await a.same('CLIENT', 'TRACKINGINFO');
  });

  it('RESP2 redirect to a __redis__:invalidate subscriber, broken redirect', async () => {
    const r = await d.open();
    const a = await d.open();
    const b = await d.open();
    const [ro, rt] = await ids(r);
    await r.same('SUBSCRIBE', '__redis__:invalidate');
    await samePerSide(a, ['CLIENT', 'TRACKING', 'on', 'REDIRECT', ro], ['CLIENT', 'TRACKING', 'on', 'REDIRECT', rt]);
    await a.same('GET', 'rk');
    await b.same('SET', 'rk', '1');
    await r.sameRead('message __redis__:invalidate [rk]');
    await b.same('FLUSHDB');
    await r.sameRead('message __redis__:invalidate null');
    const [go, gt] = await a.both('CLIENT', 'GETREDIR');
    expect(go).toBe(`:${ro}\r\n`);
    expect(gt).toBe(`:${rt}\r\n`);
    await a.same('GET', 'rk');
    r.close();
    await new Promise((res) => setTimeout(res, 50));
    await b.same('SET', 'rk', '2');
    // The reply holds the (different) redirect ids: compare the flags.
    const [x, y] = await a.both('CLIENT', 'TRACKINGINFO');
    expect((parseReply(x) as unknown[])[1]).toEqual(['on', 'broken_redirect']);
    expect((parseReply(x) as unknown[])[1]).toEqual((parseReply(y) as unknown[])[1]);
  });
});
