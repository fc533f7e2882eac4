/**
 * SLOWLOG, in-process (slowlog.c semantics; reply bytes pinned by test/diff/slowlog.diff.test.ts).
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';

type Entry = [number, number, number, string[], string, string];

describe('SLOWLOG', () => {
  it('logs everything at 0, nothing at -1, newest first, ids increase', () => {
    const t = new InProcess({ 'slowlog-log-slower-than': 0 });
    t.run('SLOWLOG', 'RESET');
    t.run('SET', 'a', '1');
    t.run('CLIENT', 'SETNAME', 'me');
    t.run('GET', 'a');
    const e = t.run('SLOWLOG', 'GET') as Entry[];
    expect(e.map((x) => x[3])).toEqual([['GET', 'a'], ['CLIENT', 'SETNAME', 'me'], ['SET', 'a', '1'], ['SLOWLOG', 'RESET']]);
    expect(e[0]![0]).toBeGreaterThan(e[1]![0]);
    expect(e[0]![5]).toBe('me');
    expect(e[2]![5]).toBe('');
    expect(typeof e[0]![1]).toBe('number');
    expect(t.run('SLOWLOG', 'LEN')).toBe(5);
    t.run('CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
    t.run('SLOWLOG', 'RESET');
    t.run('SET', 'b', '2');
    expect(t.run('SLOWLOG', 'LEN')).toBe(0);
  });

  it('max len trims the oldest entries', () => {
    const t = new InProcess({ 'slowlog-log-slower-than': 0, 'slowlog-max-len': 3 });
    for (let i = 0; i < 10; i++) t.run('PING');
    expect(t.run('SLOWLOG', 'LEN')).toBe(3);
    t.run('CONFIG', 'SET', 'slowlog-max-len', '1');
    expect(t.run('SLOWLOG', 'LEN')).toBe(1);
  });

  it('GET count: default 10, -1 all, errors below -1', () => {
    const t = new InProcess({ 'slowlog-log-slower-than': 0 });
    for (let i = 0; i < 15; i++) t.run('PING');
    expect((t.run('SLOWLOG', 'GET') as unknown[]).length).toBe(10);
    expect((t.run('SLOWLOG', 'GET', '-1') as unknown[]).length).toBe(16);
    expect((t.run('SLOWLOG', 'GET', '0') as unknown[]).length).toBe(0);
    expect((t.run('SLOWLOG', 'GET', '2') as unknown[]).length).toBe(2);
    expect(t.run('SLOWLOG', 'GET', '-2')).toEqual(err('ERR count should be greater than or equal to -1'));
    expect(t.run('SLOWLOG', 'GET', 'x')).toEqual(err('ERR count should be greater than or equal to -1'));
    expect(t.run('SLOWLOG', 'LEN', 'x')).toEqual(err("ERR wrong number of arguments for 'slowlog|len' command"));
    expect(t.run('SLOWLOG', 'NOPE')).toEqual(err("ERR unknown subcommand 'NOPE'. Try SLOWLOG HELP."));
  });

  it('trims long argument lists and long arguments', () => {
    const t = new InProcess({ 'slowlog-log-slower-than': 0 });
    const args = Array.from({ length: 40 }, (_, i) => String(i));
    t.run('SADD', 's', ...args);
    t.run('SET', 'k', 'A'.repeat(130));
    const e = t.run('SLOWLOG', 'GET', '2') as Entry[];
    expect(e[0]![3]).toEqual(['SET', 'k', 'A'.repeat(128) + '... (2 more bytes)']);
    expect(e[1]![3].length).toBe(32);
    expect(e[1]![3][31]).toBe('... (11 more arguments)');
    expect(e[1]![3][30]).toBe('28');
  });

  it('redacts AUTH, HELLO AUTH, ACL SETUSER and sensitive CONFIG SET values', () => {
    const t = new InProcess({ 'slowlog-log-slower-than': 0 });
    t.run('AUTH', 'default', 'x');
    t.run('ACL', 'SETUSER', 'u', 'on', '>secret');
    t.run('CONFIG', 'SET', 'masterauth', 'pw');
    t.run('CONFIG', 'SET', 'slowlog-max-len', '100');
    t.run('HELLO', '2', 'AUTH', 'default', 'pw', 'SETNAME', 'n');
    const e = t.run('SLOWLOG', 'GET', '5') as Entry[];
    expect(e.map((x) => x[3].join(' '))).toEqual([
      'HELLO 2 AUTH (redacted) (redacted) SETNAME n',
      'CONFIG SET slowlog-max-len 100',
      'CONFIG SET masterauth (redacted)',
      'ACL SETUSER (redacted) (redacted) (redacted)',
      'AUTH (redacted) (redacted)',
    ]);
  });

  it('EXEC is not logged, its commands are; rejected commands are not logged', () => {
    const t = new InProcess({ 'slowlog-log-slower-than': 0 });
    t.run('SLOWLOG', 'RESET');
    t.run('MULTI');
    t.run('SET', 'x', '1');
    t.run('EXEC');
    t.run('NOSUCH');
    t.run('GET');
    const e = t.run('SLOWLOG', 'GET') as Entry[];
    expect(e.map((x) => x[3].join(' '))).toEqual(['SET x 1', 'MULTI', 'SLOWLOG RESET']);
    expect(t.run('SLOWLOG', 'RESET')).toEqual(ok);
    expect((t.run('SLOWLOG', 'HELP') as unknown[]).length).toBe(12);
  });

  it('a blocked command is logged when it is served, not when it blocks', () => {
    const t = new InProcess({ 'slowlog-log-slower-than': 0 });
    const b = t.newClient();
    t.run('SLOWLOG', 'RESET');
    b.run('BLPOP', 'l', '0');
    let e = t.run('SLOWLOG', 'GET') as Entry[];
    expect(e.map((x) => x[3].join(' '))).toEqual(['SLOWLOG RESET']);
    t.run('LPUSH', 'l', 'foo');
    e = t.run('SLOWLOG', 'GET') as Entry[];
    expect(e.map((x) => x[3].join(' '))).toEqual(['BLPOP l 0', 'LPUSH l foo', 'SLOWLOG GET', 'SLOWLOG RESET']);
  });
});
