/**
 * Expiry and keyspace events against redis-server: what commands see of keys whose TTL has
 * passed, and the exact event stream (names and order) of the generic commands.
 */
import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { RawClient } from '../helpers/raw-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeDiff('keyspace expiry matches redis-server', () => {
  const d = useDiff();

  it('expired keys are invisible to reads, KEYS, SCAN, RANDOMKEY, EXISTS, TTL', async () => {
    await d.same('SET', 'gone', 'v', 'PX', '5');
    await d.same('SET', 'gone2', 'v', 'PX', '5');
    await d.same('SET', 'stay', 'v');
    await sleep(30);
    await d.same('KEYS', '*');
    await d.same('SCAN', '0', 'COUNT', '100');
    await d.same('RANDOMKEY');
    await d.same('EXISTS', 'gone');
    await d.same('TTL', 'gone2');
    await d.same('GET', 'gone2');
    await d.same('DBSIZE');
    await d.same('RENAME', 'gone', 'x');
    await d.same('EXPIRE', 'gone', '10');
    await d.same('PERSIST', 'gone');
    await d.same('MOVE', 'gone', '1');
    await d.same('COPY', 'gone', 'x');
    await d.same('DEL', 'gone');
  });

  it.each(['KEA', 'KEg$xmn'])('keyspace events of generic commands, in order (%s)', async (flags) => {
    const subs: RawClient[] = [];
    const theirPort = Number((await d.theirs().call('CONFIG', 'GET', 'port')).split('\r\n')[4]);
    for (const port of [d.oursServer().port, theirPort]) {
      const c = await RawClient.connect(port);
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', flags);
      await c.call('PSUBSCRIBE', '__key*@*__:*');
      subs.push(c);
    }
    const script: string[][] = [
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '100'],
      ['PERSIST', 'a'],
      ['RENAME', 'a', 'b'],
      ['COPY', 'b', 'c'],
      ['COPY', 'b', 'c', 'DB', '1', 'REPLACE'],
      ['MOVE', 'c', '2'],
      ['DEL', 'b', 'nokey'],
      ['GET', 'nokey'],
      ['EXISTS', 'nokey'],
      ['TYPE', 'nokey'],
      ['TTL', 'nokey'],
      ['OBJECT', 'ENCODING', 'nokey'],
      ['TOUCH', 'nokey'],
      ['COPY', 'nokey', 'x'],
      ['SCAN', '0', 'TYPE', 'string'],
      ['SET', 'e', '1'],
      ['EXPIRE', 'e', '-1'],
      ['SET', 'f', '1', 'PX', '1'],
      ['PING'],
    ];
    for (const cmd of script) await d.same(...cmd);
    await sleep(20);
    await d.same('GET', 'f');
    await d.same('PUBLISH', 'end', 'x');
    const streams: string[] = [];
    for (const c of subs) {
      let all = '';
      for (;;) {
        const chunk = await c.read(2000);
        all += chunk;
        if (all.includes('__keyevent@0__:expired')) break;
      }
      streams.push(all);
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '').catch(() => undefined);
      c.close();
    }
    const events = (raw: string) => raw.split('*4\r\n').map((m) => m.split('\r\n').filter((_, i) => i % 2 === 1 && i > 2).join(' '));
    expect(events(streams[0]!)).toEqual(events(streams[1]!));
  });
});

describeDiff('keyspace hit/miss accounting matches redis-server', () => {
  const d = useDiff();

  it('keyspace_hits / keyspace_misses after generic commands', async () => {
    await d.same('SET', 'a', '1');
    await d.same('SET', 'b', '1');
    await d.both('CONFIG', 'RESETSTAT');
    for (const cmd of [
      ['EXISTS', 'a', 'nokey'],
      ['TYPE', 'a'],
      ['TYPE', 'nokey'],
      ['TTL', 'a'],
      ['PTTL', 'nokey'],
      ['EXPIRETIME', 'a'],
      ['TOUCH', 'a', 'nokey', 'b'],
      ['OBJECT', 'ENCODING', 'a'],
      ['OBJECT', 'ENCODING', 'nokey'],
      ['COPY', 'a', 'c'],
      ['COPY', 'nokey', 'c'],
      ['RENAME', 'c', 'd'],
      ['MOVE', 'd', '1'],
      ['EXPIRE', 'a', '100'],
      ['PERSIST', 'a'],
      ['DEL', 'nokey', 'b'],
      ['SCAN', '0', 'TYPE', 'string'],
      ['KEYS', '*'],
      ['RANDOMKEY'],
      ['DBSIZE'],
    ]) {
      await d.both(...cmd);
    }
    const stat = async (which: 'ours' | 'theirs') => {
      const raw = await (which === 'ours' ? d.ours() : d.theirs()).call('INFO', 'stats');
      const pick = (name: string) => new RegExp(`${name}:(\\d+)`).exec(raw)?.[1];
      return [pick('keyspace_hits'), pick('keyspace_misses')];
    };
    expect(await stat('ours')).toEqual(await stat('theirs'));
  });
});

describeDiff('dirty counting matches redis-server', () => {
  const d = useDiff();

  it('rdb_changes_since_last_save grows as in Redis', async () => {
    const dirty = async (c: 'ours' | 'theirs') => {
      const raw = await (c === 'ours' ? d.ours() : d.theirs()).call('INFO', 'persistence');
      return Number(/rdb_changes_since_last_save:(\d+)/.exec(raw)?.[1]);
    };
    const script: string[][] = [
      ['SET', 'a', '1'],
      ['SET', 'b', '1'],
      ['SET', 'c', '1'],
      ['DEL', 'a', 'b', 'nokey'],
      ['UNLINK', 'c'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100'],
      ['EXPIRE', 'k', '100', 'NX'],
      ['PERSIST', 'k'],
      ['PERSIST', 'k'],
      ['RENAME', 'k', 'k'],
      ['RENAME', 'k', 'k2'],
      ['RENAMENX', 'k2', 'k3'],
      ['COPY', 'k3', 'k4'],
      ['MOVE', 'k4', '2'],
      ['SWAPDB', '0', '0'],
      ['SWAPDB', '0', '1'],
      ['SWAPDB', '0', '1'],
      ['EXPIRE', 'k3', '-1'],
      ['SET', 'x', '1'],
      ['SET', 'y', '1'],
      ['FLUSHDB'],
      ['FLUSHALL'],
    ];
    const before = [await dirty('ours'), await dirty('theirs')];
    for (const cmd of script) {
      await d.same(...cmd);
      const after = [await dirty('ours'), await dirty('theirs')];
      expect(after[0]! - before[0]!, `dirty after ${cmd.join(' ')}`).toBe(after[1]! - before[1]!);
    }
  });
});
