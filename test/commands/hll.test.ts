/**
 * test/commands/hll.test.ts — PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST in-process: replies,
 * stored bytes, cached-cardinality handling, dirty counts, events, TTLs and every error path.
 */
import { describe, expect, it } from 'vitest';
import { InProcess, err, ok } from '../helpers/run';

const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const NOTHLL = err('WRONGTYPE Key is not a valid HyperLogLog string value.');
const INVALID = err('INVALIDOBJ Corrupted HLL object detected');

function events(t: InProcess): string[] {
  t.server.notifyFlags = 0xffff;
  const got: string[] = [];
  t.server.hooks.publish = (ch, msg) => {
    if (ch.startsWith('__keyevent')) got.push(`${ch.slice(ch.indexOf(':') + 1)}:${msg}`);
    return 0;
  };
  return got;
}

describe('PFADD / PFCOUNT', () => {
  it('creates a sparse HLL and counts', () => {
    const t = new InProcess();
    expect(t.run('PFADD', 'h')).toBe(1);
    expect(t.run('GET', 'h')).toBe('HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80\x7f\xff');
    expect(t.run('PFCOUNT', 'h')).toBe(0);
    expect(t.run('GET', 'h')).toBe('HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff');
    expect(t.run('PFADD', 'h', 'a', 'b', 'c')).toBe(1);
    expect(t.run('PFADD', 'h', 'a', 'b', 'c')).toBe(0);
    expect(t.run('PFADD', 'h', '')).toBe(1);
    expect(t.run('PFCOUNT', 'h')).toBe(4);
    expect(t.run('PFCOUNT', 'nokey')).toBe(0);
    expect(t.run('OBJECT', 'ENCODING', 'h')).toBe('raw');
  });

  it('cache byte: invalidated by changing PFADDs only; refreshed by PFCOUNT', () => {
    const t = new InProcess();
    t.run('PFADD', 'h', 'a', 'b', 'c');
    t.run('PFCOUNT', 'h');
    expect((t.run('GETRANGE', 'h', '15', '15') as string).charCodeAt(0)).toBe(0);
    t.run('PFADD', 'h', 'a', 'b', 'c');
    expect((t.run('GETRANGE', 'h', '15', '15') as string).charCodeAt(0)).toBe(0);
    t.run('PFADD', 'h', '1', '2', '3');
    expect((t.run('GETRANGE', 'h', '15', '15') as string).charCodeAt(0)).toBe(0x80);
    // A valid cached value is returned as is, whatever the registers say.
    t.run('PFCOUNT', 'h');
    t.run('SETRANGE', 'h', '8', '\x2a');
    expect(t.run('PFCOUNT', 'h')).toBe(42);
  });

  it('promotes to dense past hll-sparse-max-bytes and stays exact', () => {
    const t = new InProcess({ 'hll-sparse-max-bytes': 100 });
    for (let i = 0; i < 200; i++) t.run('PFADD', 'h', `e${i}`);
    expect(t.run('PFDEBUG', 'ENCODING', 'h')).toEqual({ type: 'status', value: 'dense' });
    expect((t.run('STRLEN', 'h'))).toBe(12304);
    const c = t.run('PFCOUNT', 'h') as number;
    expect(Math.abs(c - 200)).toBeLessThan(10);
  });

  it('dirty counts, events, TTL kept', () => {
    const t = new InProcess();
    const got = events(t);
    let d = t.server.dirty;
    t.run('PFADD', 'h', 'a', 'b');
    expect(t.server.dirty).toBe(d + 3); // creation + 2 registers
    d = t.server.dirty;
    t.run('PFADD', 'h', 'a');
    expect(t.server.dirty).toBe(d);
    t.run('PFCOUNT', 'h');
    expect(t.server.dirty).toBe(d + 1);
    t.run('PFCOUNT', 'h');
    expect(t.server.dirty).toBe(d + 1);
    t.run('EXPIRE', 'h', '100');
    t.run('PFADD', 'h', 'zzz');
    expect(t.run('TTL', 'h')).toBe(100);
    expect(got).toEqual(['new:h', 'pfadd:h', 'expire:h', 'pfadd:h']);
  });

  it('type errors', () => {
    const t = new InProcess();
    t.run('SET', 's', 'bar');
    t.run('LPUSH', 'l', 'x');
    expect(t.run('PFADD', 's', 'a')).toEqual(NOTHLL);
    expect(t.run('PFCOUNT', 's')).toEqual(NOTHLL);
    expect(t.run('PFCOUNT', 'l')).toEqual(WRONGTYPE);
    expect(t.run('PFADD', 'l', 'a')).toEqual(WRONGTYPE);
    expect(t.run('PFMERGE', 'd', 's')).toEqual(NOTHLL);
    expect(t.run('PFMERGE', 's', 'nokey')).toEqual(NOTHLL);
    expect(t.run('EXISTS', 'd')).toBe(0);
    t.run('SET', 'n', '12345678901234567890');
    expect(t.run('PFCOUNT', 'n')).toEqual(NOTHLL);
    expect(t.run('PFADD')).toEqual(err("ERR wrong number of arguments for 'pfadd' command"));
  });

  it('corruption is reported, never thrown', () => {
    const t = new InProcess();
    t.run('PFADD', 'h', 'a', 'b', 'c');
    t.run('APPEND', 'h', 'hello');
    expect(t.run('PFCOUNT', 'h')).toEqual(INVALID);
    expect(t.run('PFCOUNT', 'h', 'x')).toEqual(INVALID);
    expect(t.run('PFMERGE', 'd', 'h')).toEqual(INVALID);
    t.run('SET', 'd', 'HYLL\x00' + '\0'.repeat(11));
    expect(t.run('PFCOUNT', 'd')).toEqual(NOTHLL);
    let seed = 9;
    for (let j = 0; j < 200; j++) {
      t.run('DEL', 'f');
      const items: string[] = [];
      for (let i = 0; i < j * 7; i++) items.push(String(i * 31 + j));
      t.run('PFADD', 'f', ...items);
      const len = t.run('STRLEN', 'f') as number;
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      t.run('SETRANGE', 'f', String(seed % len), String.fromCharCode(seed & 255));
      t.run('PFCOUNT', 'f');
      t.run('PFADD', 'f', 'x', 'y', String(j));
      t.run('PFCOUNT', 'f', 'nokey');
      t.run('PFMERGE', 'g', 'f');
    }
  });
});

describe('PFMERGE / PFCOUNT of several keys', () => {
  it('union cardinality; dest created; dense when a source is dense', () => {
    const t = new InProcess();
    t.run('PFADD', 'a', 'x', 'y', 'z');
    t.run('PFADD', 'b', 'y', 'z', 'w');
    expect(t.run('PFCOUNT', 'a', 'b', 'nokey')).toBe(4);
    expect(t.run('PFMERGE', 'd', 'a', 'b')).toEqual(ok);
    expect(t.run('PFCOUNT', 'd')).toBe(4);
    expect(t.run('PFDEBUG', 'ENCODING', 'd')).toEqual({ type: 'status', value: 'sparse' });
    expect(t.run('PFDEBUG', 'TODENSE', 'a')).toBe(1);
    expect(t.run('PFDEBUG', 'TODENSE', 'a')).toBe(0);
    expect(t.run('PFMERGE', 'e', 'a')).toEqual(ok);
    expect(t.run('PFDEBUG', 'ENCODING', 'e')).toEqual({ type: 'status', value: 'dense' });
    expect(t.run('PFCOUNT', 'e')).toBe(3);
    expect(t.run('PFMERGE', 'empty')).toEqual(ok);
    expect(t.run('PFCOUNT', 'empty')).toBe(0);
  });
});

describe('PFDEBUG / PFSELFTEST', () => {
  it('subcommands and errors', () => {
    const t = new InProcess();
    expect(t.run('PFDEBUG', 'GETREG', 'nokey')).toEqual(err('ERR The specified key does not exist'));
    t.run('PFADD', 'h', '1', '2', '3');
    expect(t.run('PFDEBUG', 'DECODE', 'h')).toMatch(/^(Z|z|v):/);
    const regs = t.run('PFDEBUG', 'GETREG', 'h') as number[];
    expect(regs.length).toBe(16384);
    expect(regs.filter((r) => r > 0).length).toBe(3);
    expect(t.run('PFDEBUG', 'DECODE', 'h')).toEqual(err('ERR HLL encoding is not sparse'));
    expect(t.run('PFDEBUG', 'nope', 'h')).toEqual(err("ERR Unknown PFDEBUG subcommand 'nope'"));
    t.run('SET', 's', 'x');
    expect(t.run('PFDEBUG', 'ENCODING', 's')).toEqual(NOTHLL);
  });

  // 10M hashed elements: ~3 s compiled, ~10 s under vitest's transform; opt in with HLL_SELFTEST=1.
  it.runIf(process.env.HLL_SELFTEST === '1')('PFSELFTEST passes', () => {
    const t = new InProcess();
    expect(t.run('PFSELFTEST')).toEqual(ok);
  }, 120_000);
});
