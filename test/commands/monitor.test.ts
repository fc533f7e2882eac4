/**
 * MONITOR in-process: the line format (sdscatrepr quoting), redaction, skipped commands,
 * transactions.
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok } from '../helpers/run';
import { CaptureWriter } from '../../src/protocol/writer';
import type { Client } from '../../src/protocol/client';
import { catRepr } from '../../src/monitor';

function lines(c: Client): string[] {
  const w = c.reply as CaptureWriter;
  const v = w.values.map((x) => (x as { value: string }).value);
  w.values.length = 0;
  return v;
}

describe('MONITOR', () => {
  it('quotes like sdscatrepr', () => {
    expect(catRepr('abc')).toBe('"abc"');
    expect(catRepr('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(catRepr('\r\n\t\x07\x08')).toBe('"\\r\\n\\t\\a\\b"');
    expect(catRepr('\x00\x7f\xff é')).toBe('"\\x00\\x7f\\xff \\xe9"');
  });

  it('streams commands after they run, with db and address', () => {
    const t = new InProcess();
    const m = t.newClient();
    expect(m.run('MONITOR')).toEqual(ok);
    expect(m.run('MONITOR')).toEqual([]);
    t.client.addr = '127.0.0.1:5555';
    t.run('SET', 'k', 'v v');
    t.run('SELECT', '2');
    t.run('GET', 'k');
    t.run('CONFIG', 'GET', 'port');
    const got = lines(m.client);
    expect(got.length).toBe(3);
    expect(got[0]).toMatch(/^\d+\.\d{6} \[0 127\.0\.0\.1:5555\] "SET" "k" "v v"$/);
    expect(got[1]).toMatch(/\[2 127\.0\.0\.1:5555\] "SELECT" "2"$/);
    expect(got[2]).toMatch(/\[2 127\.0\.0\.1:5555\] "GET" "k"$/);
  });

  it('redacts AUTH and HELLO passwords; transactions show MULTI, the commands, then EXEC', () => {
    const t = new InProcess();
    const m = t.newClient();
    m.run('MONITOR');
    t.client.addr = '1.2.3.4:1';
    t.run('AUTH', 'secret');
    t.run('AUTH', 'user', 'secret');
    t.run('HELLO', '2', 'AUTH', 'user', 'secret', 'SETNAME', 'n');
    t.run('MULTI');
    t.run('SET', 'a', '1');
    t.run('EXEC');
    const got = lines(m.client).map((l) => l.replace(/^\S+ \[0 1\.2\.3\.4:1\] /, ''));
    expect(got).toEqual([
      '"AUTH" "(redacted)"',
      '"AUTH" "(redacted)" "(redacted)"',
      '"HELLO" "2" "AUTH" "(redacted)" "(redacted)" "SETNAME" "n"',
      '"MULTI"',
      '"SET" "a" "1"',
      '"EXEC"',
    ]);
  });

  it('RESET stops monitoring', () => {
    const t = new InProcess();
    const m = t.newClient();
    m.run('MONITOR');
    m.run('RESET');
    t.run('PING');
    expect(lines(m.client)).toEqual([]);
  });
});
