/**
 * Pub/sub in-process: confirmations, delivery order, patterns, shard channels, the RESP2
 * subscribed context, RESP3 push frames, PUBSUB introspection, keyspace notifications delivery.
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok, err, status } from '../helpers/run';
import { ClientFlag } from '../../src/protocol/client';
import { CaptureWriter } from '../../src/protocol/writer';

/** A pub/sub frame as CaptureWriter records it (a push aggregate; plain arrays on the wire in RESP2). */
const P = (...value: unknown[]) => ({ type: 'push', value });

/** Frames written to a client outside its own replies (messages). */
function drain(c: { reply: unknown }): unknown[] {
  const w = c.reply as CaptureWriter;
  const v = w.values.slice();
  w.values.length = 0;
  return v;
}

describe('SUBSCRIBE / PUBLISH', () => {
  it('confirms each channel with the running count and sets the pubsub flag', () => {
    const t = new InProcess();
    expect(t.run('SUBSCRIBE', 'a', 'b', 'a')).toEqual([
      P('subscribe', 'a', 1),
      P('subscribe', 'b', 2),
      P('subscribe', 'a', 2),
    ]);
    expect(t.client.flags & ClientFlag.Pubsub).toBeTruthy();
    expect(t.run('UNSUBSCRIBE', 'a', 'zz')).toEqual([
      P('unsubscribe', 'a', 1),
      P('unsubscribe', 'zz', 1),
    ]);
    expect(t.run('UNSUBSCRIBE')).toEqual(P('unsubscribe', 'b', 0));
    expect(t.client.flags & ClientFlag.Pubsub).toBe(0);
    expect(t.run('UNSUBSCRIBE')).toEqual(P('unsubscribe', null, 0));
  });

  it('delivers in publish order to channel and then pattern subscribers', () => {
    const t = new InProcess();
    const sub = t.newClient();
    sub.run('SUBSCRIBE', 'news.1');
    sub.run('PSUBSCRIBE', 'news.*');
    expect(t.run('PUBLISH', 'news.1', 'm1')).toBe(2);
    expect(t.run('PUBLISH', 'news.2', 'm2')).toBe(1);
    expect(t.run('PUBLISH', 'other', 'm3')).toBe(0);
    expect(drain(sub.client)).toEqual([
      P('message', 'news.1', 'm1'),
      P('pmessage', 'news.*', 'news.1', 'm1'),
      P('pmessage', 'news.*', 'news.2', 'm2'),
    ]);
  });

  it('RESP2 subscribed context rejects other commands; PING is allowed', () => {
    const t = new InProcess();
    t.run('SUBSCRIBE', 'x');
    expect(t.run('GET', 'k')).toEqual(
      err("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"),
    );
    expect(t.run('PING')).toEqual(['pong', '']);
    expect(t.run('PSUBSCRIBE', 'p*')).toEqual(P('psubscribe', 'p*', 2));
    expect(t.run('PUNSUBSCRIBE')).toEqual(P('punsubscribe', 'p*', 1));
    expect(t.run('PUNSUBSCRIBE')).toEqual(P('punsubscribe', null, 1));
  });

  it('RESP3: push frames and any command allowed', () => {
    const t = new InProcess({}, 3);
    expect(t.run('SUBSCRIBE', 'x')).toEqual(P('subscribe', 'x', 1));
    expect(t.run('SET', 'k', 'v')).toEqual(ok);
    // Publishing to itself: the message comes before the PUBLISH reply (Redis 7.0).
    expect(t.run('PUBLISH', 'x', 'hi')).toEqual([P('message', 'x', 'hi'), 1]);
  });

  it('shard channels count separately and do not match patterns', () => {
    const t = new InProcess();
    const sub = t.newClient();
    expect(sub.run('SSUBSCRIBE', 's1', 's2')).toEqual([
      P('ssubscribe', 's1', 1),
      P('ssubscribe', 's2', 2),
    ]);
    expect(sub.run('PSUBSCRIBE', '*')).toEqual(P('psubscribe', '*', 1));
    expect(t.run('SPUBLISH', 's1', 'm')).toBe(1);
    expect(drain(sub.client)).toEqual([P('smessage', 's1', 'm')]);
    expect(t.run('PUBSUB', 'SHARDNUMSUB', 's1', 'nope')).toEqual(['s1', 1, 'nope', 0]);
    expect(t.run('PUBSUB', 'SHARDCHANNELS', 's?')).toEqual(['s1', 's2']);
    expect(sub.run('SUNSUBSCRIBE')).toEqual([
      P('sunsubscribe', 's1', 1),
      P('sunsubscribe', 's2', 0),
    ]);
    expect(sub.client.flags & ClientFlag.Pubsub).toBeTruthy();
  });

  it('PUBSUB CHANNELS / NUMSUB / NUMPAT / HELP / errors', () => {
    const t = new InProcess();
    const a = t.newClient();
    const b = t.newClient();
    a.run('SUBSCRIBE', 'c1', 'c2');
    b.run('SUBSCRIBE', 'c1');
    a.run('PSUBSCRIBE', 'x*');
    b.run('PSUBSCRIBE', 'x*', 'y*');
    expect(t.run('PUBSUB', 'CHANNELS')).toEqual(['c1', 'c2']);
    expect(t.run('PUBSUB', 'CHANNELS', '*2')).toEqual(['c2']);
    expect(t.run('PUBSUB', 'NUMSUB', 'c1', 'c2', 'c3')).toEqual(['c1', 2, 'c2', 1, 'c3', 0]);
    expect(t.run('PUBSUB', 'NUMSUB')).toEqual([]);
    expect(t.run('PUBSUB', 'NUMPAT')).toBe(2);
    expect(t.run('PUBSUB', 'CHANNELS', 'a', 'b')).toEqual(err("ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP."));
    expect(t.run('PUBSUB', 'NUMPAT', 'x')).toEqual(err("ERR wrong number of arguments for 'pubsub|numpat' command"));
    expect((t.run('PUBSUB', 'HELP') as unknown[]).length).toBe(14);
    expect(JSON.stringify(t.run('INFO', 'stats'))).toMatch(/pubsub_channels:2\\r\\npubsub_patterns:2\\r\\n/);
  });

  it('unsubscribes everything on RESET', () => {
    const t = new InProcess();
    t.run('SUBSCRIBE', 'a');
    t.run('PSUBSCRIBE', 'b*');
    expect(t.run('RESET')).toEqual(status('RESET'));
    expect(t.run('PUBSUB', 'NUMSUB', 'a')).toEqual(['a', 0]);
    expect(t.run('PUBSUB', 'NUMPAT')).toBe(0);
  });

  it('keyspace notifications reach subscribers', () => {
    const t = new InProcess();
    const sub = t.newClient();
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    sub.run('PSUBSCRIBE', '__key*__:*');
    t.run('SET', 'k', 'v');
    t.run('DEL', 'k');
    expect(drain(sub.client)).toEqual([
      P('pmessage', '__key*__:*', '__keyspace@0__:k', 'set'),
      P('pmessage', '__key*__:*', '__keyevent@0__:set', 'k'),
      P('pmessage', '__key*__:*', '__keyspace@0__:k', 'del'),
      P('pmessage', '__key*__:*', '__keyevent@0__:del', 'k'),
    ]);
  });

  it('SUBSCRIBE is allowed inside MULTI', () => {
    const t = new InProcess();
    t.run('MULTI');
    t.run('SUBSCRIBE', 'm');
    expect(t.run('EXEC')).toEqual([P('subscribe', 'm', 1)]);
  });
});
