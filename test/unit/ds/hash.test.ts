import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HashValue } from '../../../src/ds/hash';

describe('HashValue', () => {
  it('matches a Map model (values and listpack insertion order) under random operations', () => {
    const field = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const op = fc.oneof(
      fc.record({ op: fc.constant('set' as const), f: field, v: fc.string({ maxLength: 3 }) }),
      fc.record({ op: fc.constant('del' as const), f: field }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const h = new HashValue();
        const m = new Map<string, string>();
        for (const o of ops) {
          if (o.op === 'set') {
            expect(h.set(o.f, o.v)).toBe(!m.has(o.f));
            m.set(o.f, o.v);
          } else {
            expect(h.delete(o.f)).toBe(m.delete(o.f));
          }
          expect(h.size).toBe(m.size);
        }
        // A Map keeps insertion order with in-place updates, exactly like a listpack.
        expect([...h.dict.keys()]).toEqual([...m.keys()]);
        expect([...h.dict.values()]).toEqual([...m.values()]);
        for (const [k, v] of m) expect(h.get(k)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });

  it('converts to hashtable past the entry limit and never back', () => {
    const h = new HashValue();
    expect(h.encoding()).toBe('listpack');
    for (let i = 0; i < 3; i++) {
      h.set('f' + i, 'v');
      h.checkEntries(2);
    }
    expect(h.encoding()).toBe('hashtable');
    h.delete('f0');
    h.delete('f1');
    h.checkEntries(2);
    expect(h.encoding()).toBe('hashtable');
    expect(h.get('f2')).toBe('v');
  });

  it('clone is deep and keeps the encoding', () => {
    const h = new HashValue();
    h.set('a', '1');
    h.convert();
    const c = h.clone();
    c.set('b', '2');
    expect(h.size).toBe(1);
    expect(c.encoding()).toBe('hashtable');
    expect(c.get('a')).toBe('1');
  });
});
