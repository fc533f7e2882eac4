/** RedisSet: intset flag and order, conversion to hashtable, membership against a JS Set model. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RedisSet, isInt64String } from '../../../src/ds/set';

describe('RedisSet', () => {
  it('is an intset while members are int64s and few enough', () => {
    const s = new RedisSet();
    s.add('10', 3);
    s.add('-2', 3);
    s.add('9223372036854775807', 3);
    expect(s.encoding()).toBe('intset');
    expect(s.members()).toEqual(['-2', '10', '9223372036854775807']);
    s.add('4', 3);
    expect(s.encoding()).toBe('hashtable');
  });

  it('converts on a non-integer member, never back', () => {
    const s = new RedisSet();
    s.add('1', 512);
    s.add('01', 512);
    expect(s.encoding()).toBe('hashtable');
    s.delete('01');
    expect(s.encoding()).toBe('hashtable');
  });

  it('recognises string2ll integers', () => {
    expect(isInt64String('0')).toBe(true);
    expect(isInt64String('-0')).toBe(false);
    expect(isInt64String('+1')).toBe(false);
    expect(isInt64String('9223372036854775808')).toBe(false);
    expect(isInt64String('-9223372036854775808')).toBe(true);
  });

  it('behaves like a JS Set', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('1', '2', '3', 'x', '-5', '40')), { maxLength: 40 }), (ops) => {
        const s = new RedisSet();
        const m = new Set<string>();
        for (const [add, v] of ops) {
          if (add) expect(s.add(v, 512)).toBe(!m.has(v));
          else expect(s.delete(v)).toBe(m.has(v));
          if (add) m.add(v);
          else m.delete(v);
          expect(s.size).toBe(m.size);
          expect([...s.members()].sort()).toEqual([...m].sort());
          if (s.intset) {
            const nums = s.members().map(Number);
            expect(nums).toEqual([...nums].sort((a, b) => a - b));
          }
        }
      }),
    );
  });
});
