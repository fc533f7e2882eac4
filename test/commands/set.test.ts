/** In-process tests of the set commands: options, errors, notifications, encodings. */
import { describe, it, expect, beforeEach } from 'vitest';
import { InProcess, err } from '../helpers/run';
import { formatDouble17 } from '../../src/util/numbers';

/** RESP2 view of a captured value: doubles as their %.17g text, sets as arrays. */
function r2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(r2);
  if (v !== null && typeof v === 'object') {
    const o = v as { type: string; value: unknown };
    if (o.type === 'double') return formatDouble17(o.value as number);
    if (o.type === 'set') return (o.value as unknown[]).map(r2);
  }
  return v;
}

describe('set commands (in-process)', () => {
  let t: InProcess;
  beforeEach(() => {
    t = new InProcess();
  });

  it('SADD/SREM/SMEMBERS with intset order', () => {
    expect(r2(t.run('SADD', 's', '3', '1', '2', '1'))).toBe(3);
    expect(r2(t.run('SMEMBERS', 's'))).toEqual(['1', '2', '3']);
    expect(r2(t.run('OBJECT', 'ENCODING', 's'))).toBe('intset');
    expect(r2(t.run('SREM', 's', '1', '2', '3'))).toBe(3);
    expect(r2(t.run('EXISTS', 's'))).toBe(0);
  });

  it('set-max-intset-entries', () => {
    const t2 = new InProcess({ 'set-max-intset-entries': 2 });
    t2.run('SADD', 's', '1', '2');
    // Only enforced when the config table knows the name.
    const known = t2.server.config.spec('set-max-intset-entries') !== undefined;
    t2.run('SADD', 's', '3');
    expect(t2.run('OBJECT', 'ENCODING', 's')).toBe(known ? 'hashtable' : 'intset');
  });

  it('SPOP / SRANDMEMBER counts', () => {
    t.run('SADD', 's', 'a', 'b', 'c', 'd');
    const popped = r2(t.run('SPOP', 's', '3')) as string[];
    expect(new Set(popped).size).toBe(3);
    expect(r2(t.run('SCARD', 's'))).toBe(1);
    t.run('SADD', 's', 'a', 'b', 'c', 'd');
    expect((t.run('SRANDMEMBER', 's', '-10') as string[]).length).toBe(10);
    expect(new Set(r2(t.run('SRANDMEMBER', 's', '3')) as string[]).size).toBe(3);
    expect(r2(t.run('SPOP', 's', '-1'))).toEqual(err('ERR value is out of range, must be positive'));
    expect(r2(t.run('SPOP', 's', '1', '2'))).toEqual(err('ERR syntax error'));
  });

  it('SINTERCARD errors', () => {
    t.run('SADD', 'a', '1');
    expect(r2(t.run('SINTERCARD', '0', 'a'))).toEqual(err('ERR numkeys should be greater than 0'));
    expect(r2(t.run('SINTERCARD', '2', 'a'))).toEqual(err("ERR Number of keys can't be greater than number of args"));
    expect(r2(t.run('SINTERCARD', '1', 'a', 'LIMIT', '-1'))).toEqual(err("ERR LIMIT can't be negative"));
    expect(r2(t.run('SINTERCARD', '1', 'a', 'FOO'))).toEqual(err('ERR syntax error'));
  });

  it('notifications for SMOVE, SPOP and STORE forms', () => {
    const ev: string[] = [];
    t.server.notifyFlags = ((1 << 30) - 1) & ~(1 << 14) & ~(1 << 11); // all but 'new' and keymiss
    t.server.hooks.publish = (ch: string, msg: string) => {
      if (ch.startsWith('__keyevent')) ev.push(`${ch.slice(ch.indexOf(':') + 1)} ${msg}`);
      return 0;
    };
    t.run('SADD', 'a', 'x');
    t.run('SMOVE', 'a', 'b', 'x');
    t.run('SPOP', 'b');
    t.run('SADD', 'a', 'x', 'y');
    t.run('SINTERSTORE', 'd', 'a', 'a');
    t.run('SDIFFSTORE', 'd', 'a', 'a');
    expect(ev).toEqual(['sadd a', 'srem a', 'del a', 'sadd b', 'spop b', 'del b', 'sadd a', 'sinterstore d', 'del d']);
  });
});
