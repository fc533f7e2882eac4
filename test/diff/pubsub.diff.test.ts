/**
 * Pub/sub against real Redis: subscribe/unsubscribe confirmations, message delivery (channels,
 * patterns, shard channels), the RESP2 subscribed context, RESP3 push frames interleaved with
 * normal replies, PUBSUB introspection.
 */
import { it, expect } from 'vitest';
import { parseReply } from '../helpers/raw-client';
import { describeDiff } from '../helpers/diff';
import { useDiffPairs } from '../helpers/multi-client-diff';

describeDiff('pub/sub matches redis-server', () => {
  const d = useDiffPairs();

  it('SUBSCRIBE / PUBLISH / UNSUBSCRIBE (RESP2)', async () => {
    const a = await d.open();
    const b = await d.open();
    a.send('SUBSCRIBE', 'c1', 'c2', 'c1');
    for (let i = 0; i < 3; i++) await a.sameRead('subscribe confirmation');
    await b.same('PUBLISH', 'c1', 'hello');
    await a.sameRead('message');
    await b.same('PUBLISH', 'nobody', 'x');
    await b.same('PUBSUB', 'NUMSUB', 'c1', 'c2', 'c3');
    await b.same('PUBSUB', 'NUMSUB');
    await b.same('PUBSUB', 'NUMPAT');
    await a.same('UNSUBSCRIBE', 'c1');
    await a.same('PING');
    await a.same('PING', 'x');
    await a.same('GET', 'k');
    await a.same('MULTI');
    a.send('UNSUBSCRIBE');
    await a.sameRead('unsubscribe c2');
    await a.same('UNSUBSCRIBE');
    await a.same('GET', 'k');
  });

  it('PSUBSCRIBE / PUNSUBSCRIBE and pattern delivery', async () => {
    const a = await d.open();
    const b = await d.open();
    a.send('PSUBSCRIBE', 'news.*', 'h?llo', 'news.*');
    for (let i = 0; i < 3; i++) await a.sameRead();
    await b.same('PUBLISH', 'news.tech', 'm1');
    await a.sameRead('pmessage');
    await b.same('PUBLISH', 'hello', 'm2');
    await a.sameRead('pmessage');
    await b.same('PUBSUB', 'NUMPAT');
    await a.same('PUNSUBSCRIBE', 'nope');
    a.send('PUNSUBSCRIBE');
    await a.sameRead();
    await a.sameRead();
    await a.same('PUNSUBSCRIBE');
    await b.same('PUBLISH', 'news.tech', 'm3');
  });

  it('channel subscribers and pattern subscribers both receive', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.same('SUBSCRIBE', 'x.1');
    await a.same('PSUBSCRIBE', 'x.*');
    await b.same('PUBLISH', 'x.1', 'both');
    await a.sameRead('message');
    await a.sameRead('pmessage');
  });

  it('RESP3: push frames, normal commands allowed, self-publish order', async () => {
    const a = await d.open();
    await a.both('HELLO', '3');
    await a.same('SUBSCRIBE', 'r3');
    await a.same('SET', 'k', 'v');
    await a.same('GET', 'k');
    a.send('PUBLISH', 'r3', 'self');
    await a.sameRead('message pushed before the reply');
    await a.sameRead('publish reply');
    await a.same('UNSUBSCRIBE', 'none');
    await a.same('UNSUBSCRIBE');
    await a.same('UNSUBSCRIBE');
    await a.same('PUNSUBSCRIBE');
  });

  it('shard channels', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.same('SSUBSCRIBE', 's1');
    await a.same('SSUBSCRIBE', 's2');
    await a.same('SUBSCRIBE', 'plain');
    await b.same('SPUBLISH', 's1', 'hi');
    await a.sameRead('smessage');
    await b.same('PUBLISH', 's1', 'not shard');
    // Hash-table order in Redis: compare as sets.
    const [x, y] = await b.both('PUBSUB', 'SHARDCHANNELS');
    expect((parseReply(x) as string[]).sort()).toEqual((parseReply(y) as string[]).sort());
    await b.same('PUBSUB', 'SHARDNUMSUB', 's1', 'zz');
    await a.same('SUNSUBSCRIBE', 's1');
    await a.same('SUNSUBSCRIBE');
    await a.same('SUNSUBSCRIBE');
    await a.same('UNSUBSCRIBE');
    await a.same('PING');
  });

  it('PUBSUB CHANNELS, HELP and errors', async () => {
    const a = await d.open();
    const b = await d.open();
    await a.same('SUBSCRIBE', 'only');
    await b.same('PUBSUB', 'CHANNELS');
    await b.same('PUBSUB', 'CHANNELS', 'o*');
    await b.same('PUBSUB', 'CHANNELS', 'x*');
    await b.same('PUBSUB', 'CHANNELS', 'a', 'b');
    await b.same('PUBSUB', 'NUMPAT', 'x');
    await b.same('PUBSUB', 'HELP');
    await b.same('PUBSUB', 'NOPE');
    await b.same('PUBSUB');
    await b.same('SUBSCRIBE');
    await b.same('PUBLISH', 'a');
  });
});
