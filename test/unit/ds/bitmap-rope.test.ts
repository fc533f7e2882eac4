import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteRope, RopeCache, ROPE_CHUNK } from '../../../src/ds/bitmap-rope';

/** Reference model: a plain byte array. */
const str = (a: number[]) => Buffer.from(a).toString('latin1');

describe('ByteRope', () => {
  it('random edits match a byte-array model after every commit', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('set' as const), i: fc.nat(5 * ROPE_CHUNK), v: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ t: fc.constant('grow' as const), n: fc.nat(6 * ROPE_CHUNK) }),
      fc.record({ t: fc.constant('write' as const), i: fc.nat(5 * ROPE_CHUNK), s: fc.uint8Array({ maxLength: 2 * ROPE_CHUNK + 3 }) }),
      fc.record({ t: fc.constant('commit' as const) }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3 * ROPE_CHUNK }), fc.array(op, { maxLength: 30 }), (init, ops) => {
        const model = Array.from(init);
        const r = new ByteRope(str(model));
        expect(r.root).toBe(str(model));
        for (const o of ops) {
          if (o.t === 'set') {
            if (o.i >= model.length) continue;
            model[o.i] = o.v;
            r.setByte(o.i, o.v);
          } else if (o.t === 'grow') {
            while (model.length < o.n) model.push(0);
            r.ensureLength(o.n);
          } else if (o.t === 'write') {
            while (model.length < o.i + o.s.length) model.push(0);
            for (let k = 0; k < o.s.length; k++) model[o.i + k] = o.s[k]!;
            r.write(o.i, str(Array.from(o.s)));
          } else {
            expect(r.commit()).toBe(str(model));
          }
          expect(r.length).toBe(model.length);
          const probe = model.length === 0 ? 0 : (o.t === 'set' ? o.i : model.length - 1);
          expect(r.byteAt(probe)).toBe(model[probe] ?? 0);
        }
        expect(r.commit()).toBe(str(model));
        expect(r.byteAt(model.length + 5)).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('an unchanged rope keeps the original string as its root', () => {
    const s = 'x'.repeat(3 * ROPE_CHUNK + 7);
    const r = new ByteRope(s);
    expect(r.commit()).toBe(s);
    expect(Object.is(r.root, s)).toBe(true);
  });
});

describe('RopeCache', () => {
  it('hits only for the identical value and evicts the least recently used', () => {
    const cache = new RopeCache(2, 1 << 30);
    const a = 'a'.repeat(100);
    const ra = cache.open('k', a);
    expect(cache.get('k', a)).toBe(ra);
    ra.setByte(0, 98);
    const a2 = ra.commit();
    expect(cache.get('k', a2)).toBe(ra);
    expect(cache.get('k', 'z'.repeat(100))).toBe(undefined); // other content: stale, dropped
    expect(cache.size).toBe(0);
    cache.open('x', 'x');
    cache.open('y', 'y');
    cache.open('z', 'z');
    expect(cache.size).toBe(2);
    expect(cache.get('x', 'x')).toBe(undefined);
  });

  it('respects the byte budget', () => {
    const cache = new RopeCache(100, 1000);
    cache.open('a', 'a'.repeat(600));
    cache.open('b', 'b'.repeat(600));
    expect(cache.size).toBe(1);
    expect(cache.get('b', 'b'.repeat(600))).toBeDefined();
  });
});
