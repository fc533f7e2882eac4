/**
 * CONFIG command tier (in-process, no sockets): GET patterns and dedup, SET's check order
 * (unknown, immutable, protected, duplicate), atomicity, RESP3 map, RESETSTAT, HELP, and the
 * positions SLOWLOG/MONITOR redact.
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';
import { configSetRedactedPositions } from '../../src/commands/config-cmd';

/** CONFIG GET's map reply (CaptureWriter: { type: 'map', value: [k, v, ...] }) as sorted pairs. */
function toPairs(v: unknown): string[][] {
  const m = v as { type: string; value: string[] };
  expect(m.type).toBe('map');
  const arr = m.value;
  const out: string[][] = [];
  for (let i = 0; i < arr.length; i += 2) out.push([arr[i]!, arr[i + 1]!]);
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe('CONFIG GET', () => {
  it('exact names echo the spelling; patterns give primary names and aliases; no duplicates', () => {
    const t = new InProcess();
    expect(toPairs(t.run('CONFIG', 'GET', 'MAXMEMORY'))).toEqual([['MAXMEMORY', '0']]);
    expect(toPairs(t.run('CONFIG', 'GET', 'nosuch'))).toEqual([]);
    expect(toPairs(t.run('CONFIG', 'GET', 'maxmemory', 'MAXMEMORY', 'maxmemory'))).toEqual([['maxmemory', '0']]);
    expect(toPairs(t.run('CONFIG', 'GET', 'hash-max-*-entries'))).toEqual([
      ['hash-max-listpack-entries', '512'],
      ['hash-max-ziplist-entries', '512'],
    ]);
    const res = toPairs(t.run('CONFIG', 'GET', 'maxmemory', 'maxmemory*', 'bind', '*of'));
    const names = res.map((p) => p[0]);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['slaveof', 'replicaof', 'maxmemory', 'maxmemory-samples', 'maxmemory-clients', 'bind']) expect(names).toContain(n);
  });

  it('hidden configs only by exact name', () => {
    const t = new InProcess();
    expect(toPairs(t.run('CONFIG', 'GET', 'key-load-delay'))).toEqual([['key-load-delay', '0']]);
    expect(toPairs(t.run('CONFIG', 'GET', 'key-load-*'))).toEqual([]);
    const all = toPairs(t.run('CONFIG', 'GET', '*'));
    expect(all.length).toBe(192);
  });

  it('RESP3 replies with a map too', () => {
    const t = new InProcess({}, 3);
    expect(toPairs(t.run('CONFIG', 'GET', 'timeout'))).toEqual([['timeout', '0']]);
  });
});

describe('CONFIG SET', () => {
  it('sets several pairs, all or nothing', () => {
    const t = new InProcess();
    expect(t.run('CONFIG', 'SET', 'maxmemory', '10mb', 'timeout', '5', 'save', '3000 5')).toEqual(ok);
    expect(t.server.config.num('maxmemory')).toBe(10 * 1024 * 1024);
    expect(t.server.config.get('save')).toBe('3000 5');
    expect(t.run('CONFIG', 'SET', 'maxmemory', '1', 'maxmemory-clients', '200%', 'timeout', '7')).toEqual(
      err("ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100"),
    );
    expect(t.server.config.num('maxmemory')).toBe(10 * 1024 * 1024);
    expect(t.server.config.num('timeout')).toBe(5);
  });

  it('check order and texts: unknown, immutable, protected, duplicate, syntax', () => {
    const t = new InProcess();
    expect(t.run('CONFIG', 'SET', 'foo', 'bar')).toEqual(err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
    expect(t.run('CONFIG', 'SET', 'daemonize', 'yes', 'foo', 'bar')).toEqual(
      err("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"),
    );
    expect(t.run('CONFIG', 'SET', 'foo', 'bar', 'daemonize', 'yes')).toEqual(err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
    expect(t.run('CONFIG', 'SET', 'dir', '/tmp')).toEqual(err("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"));
    expect(t.run('CONFIG', 'SET', 'DBFILENAME', 'x.rdb')).toEqual(
      err("ERR CONFIG SET failed (possibly related to argument 'DBFILENAME') - can't set protected config"),
    );
    expect(t.run('CONFIG', 'SET', 'maxmemory', '1', 'MAXMEMORY', '2')).toEqual(
      err("ERR CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate parameter"),
    );
    // An alias and its primary name are separate entries in Redis: not a duplicate.
    expect(t.run('CONFIG', 'SET', 'hash-max-ziplist-entries', '1', 'hash-max-listpack-entries', '2')).toEqual(ok);
    expect(t.server.config.num('hash-max-listpack-entries')).toBe(2);
    expect(t.run('CONFIG', 'SET', 'maxmemory', '1', 'hz')).toEqual(err('ERR syntax error'));
    expect(t.run('CONFIG', 'SET', 'hash-max-ziplist-entries', 'x')).toEqual(
      err("ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer"),
    );
  });

  it('protected configs are settable with enable-protected-configs yes', () => {
    const t = new InProcess({ 'enable-protected-configs': 'yes' });
    expect(t.run('CONFIG', 'SET', 'dbfilename', 'x.rdb')).toEqual(ok);
    expect(t.run('CONFIG', 'SET', 'dbfilename', 'a/x.rdb')).toEqual(
      err("ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename"),
    );
    expect(t.run('CONFIG', 'SET', 'dir', '/nonexistent-respite')).toEqual(
      err("ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory"),
    );
  });

  it('applies notify-keyspace-events and client-output-buffer-limit to the server', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
    expect(t.server.notifyFlags).not.toBe(0);
    t.run('CONFIG', 'SET', 'notify-keyspace-events', '');
    expect(t.server.notifyFlags).toBe(0);
    t.run('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 64mb 16mb 90');
    expect(t.server.obufLimits.pubsub).toEqual({ hard: 64 * 1024 * 1024, soft: 16 * 1024 * 1024, softSeconds: 90 });
  });

  it('redacts the values of sensitive configs', () => {
    const t = new InProcess();
    expect(configSetRedactedPositions(t.server.config, ['config', 'set', 'requirepass', 'x', 'maxmemory', '1', 'masterauth', 'y'])).toEqual([3, 7]);
  });
});

describe('CONFIG RESETSTAT, REWRITE, HELP', () => {
  it('RESETSTAT zeroes command stats', () => {
    const t = new InProcess();
    t.run('SET', 'a', 'b');
    t.run('GET', 'a');
    const get = t.server.registry.lookup('get')!;
    expect(get.calls).toBe(1);
    expect(t.run('CONFIG', 'RESETSTAT')).toEqual(ok);
    expect(get.calls).toBe(0);
    expect(t.server.stats.numCommands).toBeLessThanOrEqual(1); // RESETSTAT itself counts, as in Redis
  });

  it('REWRITE without a file', () => {
    const t = new InProcess();
    expect(t.run('CONFIG', 'REWRITE')).toEqual(err('ERR The server is running without a config file'));
  });

  it('HELP', () => {
    const t = new InProcess();
    const h = t.run('CONFIG', 'HELP') as unknown[];
    expect(h.length).toBe(11);
  });
});
