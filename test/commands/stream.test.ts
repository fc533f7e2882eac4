/**
 * In-process tests of the stream commands: auto IDs from the (fake) clock, options and errors,
 * keyspace notifications and dirty counts, idle/delivery times, consumer-group bookkeeping,
 * blocking inside MULTI, TYPE/OBJECT ENCODING, COPY-style clone independence.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { InProcess, err, ok } from '../helpers/run';
import { Stream } from '../../src/ds/stream';

function events(t: InProcess): string[] {
  const out: string[] = [];
  t.server.notifyFlags = ((1 << 30) - 1) & ~(1 << 14) & ~(1 << 11);
  t.server.hooks.publish = (ch: string, msg: string) => {
    if (ch.startsWith('__keyevent')) out.push(`${ch.slice(ch.indexOf(':') + 1)} ${msg}`);
    return 0;
  };
  return out;
}

describe('stream commands (in-process)', () => {
  let t: InProcess;
  beforeEach(() => {
    t = new InProcess();
  });

  it('XADD * uses the clock, then last+1 within the same millisecond', () => {
    expect(t.run('XADD', 's', '*', 'a', '1')).toBe('1700000000000-0');
    expect(t.run('XADD', 's', '*', 'a', '2')).toBe('1700000000000-1');
    t.advance(5);
    expect(t.run('XADD', 's', '*', 'a', '3')).toBe('1700000000005-0');
    expect(t.run('XADD', 's', '1700000000005-*', 'a', '4')).toBe('1700000000005-1');
    expect(t.run('XADD', 's', '1700000000009-*', 'a', '5')).toBe('1700000000009-0');
    expect(t.run('XADD', 's', '1-1', 'a', '5')).toEqual(err('ERR The ID specified in XADD is equal or smaller than the target stream top item'));
    expect(t.run('XLEN', 's')).toBe(5);
    expect(t.run('TYPE', 's')).toEqual({ type: 'status', value: 'stream' });
    expect(t.run('OBJECT', 'ENCODING', 's')).toBe('stream');
  });

  it('notifications and dirty', () => {
    const ev = events(t);
    const d0 = t.server.dirty;
    t.run('XADD', 's', 'MAXLEN', '1', '1-0', 'a', '1');
    t.run('XADD', 's', 'MAXLEN', '1', '2-0', 'a', '1');
    t.run('XDEL', 's', '2-0', '9-0');
    t.run('XADD', 's', '3-0', 'a', '1');
    t.run('XTRIM', 's', 'MAXLEN', '0');
    t.run('XSETID', 's', '10-0');
    t.run('XGROUP', 'CREATE', 's', 'g', '$');
    t.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c');
    t.run('XGROUP', 'SETID', 's', 'g', '0');
    t.run('XGROUP', 'DELCONSUMER', 's', 'g', 'c');
    t.run('XGROUP', 'DESTROY', 's', 'g');
    t.run('XGROUP', 'CREATE', 'new', 'g', '$', 'MKSTREAM');
    t.run('XADD', 'new', '1-0', 'a', '1');
    t.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'new', '>');
    expect(ev).toEqual([
      'xadd s',
      'xadd s',
      'xtrim s',
      'xdel s',
      'xadd s',
      'xtrim s',
      'xsetid s',
      'xgroup-create s',
      'xgroup-createconsumer s',
      'xgroup-setid s',
      'xgroup-delconsumer s',
      'xgroup-destroy s',
      'xgroup-create new',
      'xadd new',
      'xgroup-createconsumer new',
    ]);
    // one per command (XADD's own trimming adds none), XREADGROUP two (new consumer + read)
    expect(t.server.dirty - d0).toBe(15); // checked against rdb_changes_since_last_save
  });

  it('pending entries: idle times, delivery counts, history re-delivery, XCLAIM IDLE/TIME', () => {
    t.run('XADD', 's', '1-0', 'f', 'v');
    t.run('XADD', 's', '2-0', 'f', 'w');
    t.run('XGROUP', 'CREATE', 's', 'g', '0');
    t.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    t.advance(100);
    expect(t.run('XPENDING', 's', 'g', '-', '+', '10')).toEqual([
      ['1-0', 'alice', 100, 1],
      ['2-0', 'alice', 100, 1],
    ]);
    expect(t.run('XPENDING', 's', 'g', 'IDLE', '101', '-', '+', '10')).toEqual([]);
    t.run('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '0');
    expect(t.run('XPENDING', 's', 'g', '-', '+', '10', 'alice')).toEqual([
      ['1-0', 'alice', 0, 2],
      ['2-0', 'alice', 100, 1],
    ]);
    expect(t.run('XCLAIM', 's', 'g', 'bob', '50', '1-0', '2-0', 'JUSTID')).toEqual(['2-0']);
    expect(t.run('XCLAIM', 's', 'g', 'bob', '0', '1-0', 'IDLE', '30', 'RETRYCOUNT', '9')).toEqual([['1-0', ['f', 'v']]]);
    expect(t.run('XPENDING', 's', 'g', '-', '+', '10')).toEqual([
      ['1-0', 'bob', 30, 9],
      ['2-0', 'bob', 0, 1],
    ]);
    expect(t.run('XCLAIM', 's', 'g', 'bob', '0', '2-0', 'TIME', String(t.time - 7))).toEqual([['2-0', ['f', 'w']]]);
    expect(t.run('XPENDING', 's', 'g', '-', '+', '10')).toEqual([
      ['1-0', 'bob', 30, 9],
      ['2-0', 'bob', 7, 2],
    ]);
    t.advance(10);
    expect(t.run('XINFO', 'CONSUMERS', 's', 'g')).toEqual([
      { type: 'map', value: ['name', 'alice', 'pending', 0, 'idle', 10] },
      { type: 'map', value: ['name', 'bob', 'pending', 2, 'idle', 10] },
    ]);
    expect(t.run('XGROUP', 'DELCONSUMER', 's', 'g', 'bob')).toBe(2);
    expect(t.run('XPENDING', 's', 'g')).toEqual([0, null, null, null]);
  });

  it('XAUTOCLAIM cursor, deleted IDs and COUNT', () => {
    for (let i = 1; i <= 5; i++) t.run('XADD', 's', `${i}-0`, 'f', `${i}`);
    t.run('XGROUP', 'CREATE', 's', 'g', '0');
    t.run('XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>');
    t.run('XDEL', 's', '2-0');
    expect(t.run('XAUTOCLAIM', 's', 'g', 'b', '0', '0', 'COUNT', '2', 'JUSTID')).toEqual(['3-0', ['1-0'], ['2-0']]);
    expect(t.run('XAUTOCLAIM', 's', 'g', 'b', '0', '4-0')).toEqual(['0-0', [['4-0', ['f', '4']], ['5-0', ['f', '5']]], []]);
    expect(t.run('XAUTOCLAIM', 's', 'g', 'b', '0', '0', 'COUNT', '0')).toEqual(err('ERR COUNT must be > 0'));
  });

  it('XREAD/XREADGROUP BLOCK inside MULTI reply as on timeout', () => {
    t.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    t.run('MULTI');
    t.run('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    t.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
    expect(t.run('EXEC')).toEqual([null, null]);
  });

  it('errors before any change', () => {
    expect(t.run('XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '5', '1-0')).toEqual(err("ERR wrong number of arguments for 'xadd' command"));
    expect(t.run('EXISTS', 's')).toBe(0);
    expect(t.run('XADD', 's', '0-0', 'a', 'b')).toEqual(err('ERR The ID specified in XADD must be greater than 0-0'));
    expect(t.run('EXISTS', 's')).toBe(0);
    t.run('XADD', 's', '1-0', 'a', 'b');
    expect(t.run('XDEL', 's', '1-0', 'nope')).toEqual(err('ERR Invalid stream ID specified as stream command argument'));
    expect(t.run('XLEN', 's')).toBe(1);
    expect(t.run('XGROUP', 'CREATE', 's', 'g', '$')).toEqual(ok);
    expect(t.run('XACK', 's', 'g', '1-0', 'nope')).toEqual(err('ERR Invalid stream ID specified as stream command argument'));
    expect(t.run('XGROUP', 'CREATE', 's', 'g', '$')).toEqual(err('BUSYGROUP Consumer Group name already exists'));
    expect(t.run('XREADGROUP', 'GROUP', 'x', 'c', 'STREAMS', 's', '>')).toEqual(
      err("NOGROUP No such key 's' or consumer group 'x' in XREADGROUP with GROUP option"),
    );
  });

  it('an empty stream stays; clone() is independent', () => {
    t.run('XADD', 's', '1-0', 'a', 'b');
    t.run('XGROUP', 'CREATE', 's', 'g', '0');
    t.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    t.run('XDEL', 's', '1-0');
    expect(t.run('EXISTS', 's')).toBe(1);
    const s = t.server.dbs[0]!.dict.get('s') as Stream;
    const c = s.clone();
    t.run('XACK', 's', 'g', '1-0');
    t.run('XADD', 's', '2-0', 'x', 'y');
    expect(c.length).toBe(0);
    expect(c.getGroup('g')!.pel.size).toBe(1);
    expect(c.getGroup('g')!.consumers.get('c')!.pel.size).toBe(1);
  });
});
