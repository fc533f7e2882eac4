/**
 * ds/dict.ts against a Map model: get/set/delete/deleteOrdered/clear/randomKey, per-slot metadata,
 * and the SCAN guarantee (every key present for the whole scan is returned at least once) under
 * random adds and deletes between scan steps.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Dict, KeyIndex } from '../../../src/ds/dict';

type Op =
  | { op: 'set'; k: number; v: number }
  | { op: 'del'; k: number }
  | { op: 'delOrdered'; k: number }
  | { op: 'clear' }
  | { op: 'compact' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 60, arbitrary: fc.record({ op: fc.constant('set' as const), k: fc.integer({ min: 0, max: 40 }), v: fc.integer() }) },
  { weight: 30, arbitrary: fc.record({ op: fc.constant('del' as const), k: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 10, arbitrary: fc.record({ op: fc.constant('delOrdered' as const), k: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  { weight: 3, arbitrary: fc.constant({ op: 'compact' as const }) },
);

function check(d: Dict<number>, model: Map<string, number>, stamps: Map<string, number>): void {
  expect(d.size).toBe(model.size);
  for (const [k, v] of model) {
    expect(d.get(k)).toBe(v);
    expect(d.has(k)).toBe(true);
    const i = d.slotOf(k);
    expect(d.keyAt(i)).toBe(k);
    expect(d.valueAt(i)).toBe(v);
    expect(d.meta![i]).toBe(stamps.get(k));
  }
  expect(new Set(d.keys())).toEqual(new Set(model.keys()));
}

describe('Dict', () => {
  it('matches a Map model, metadata travels with its key', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const d = new Dict<number>(true);
        const model = new Map<string, number>();
        const stamps = new Map<string, number>();
        let stamp = 1;
        for (const o of ops) {
          if (o.op === 'set') {
            const isNew = !model.has(String(o.k));
            expect(d.set(String(o.k), o.v)).toBe(isNew);
            expect(d.keyAt(d.lastSlot)).toBe(String(o.k));
            d.meta![d.lastSlot] = stamp;
            stamps.set(String(o.k), stamp++);
            model.set(String(o.k), o.v);
          } else if (o.op === 'del') {
            expect(d.delete(String(o.k))).toBe(model.delete(String(o.k)));
            stamps.delete(String(o.k));
          } else if (o.op === 'delOrdered') {
            const before = d.keys().filter((k) => k !== String(o.k));
            expect(d.deleteOrdered(String(o.k))).toBe(model.delete(String(o.k)));
            stamps.delete(String(o.k));
            expect([...d.keys()]).toEqual(before);
          } else if (o.op === 'compact') {
            const before = [...d.keys()];
            d.compact();
            expect([...d.keys()]).toEqual(before);
          } else {
            d.clear();
            model.clear();
            stamps.clear();
          }
        }
        check(d, model, stamps);
        expect(d.slotOf('nope')).toBe(-1);
      }),
    );
  });

  it('the key index stays exact through growth, shrinking and long probe runs (backward-shift deletes)', () => {
    // Tables from 8 to 8192 positions, with runs that wrap around the end: every key present is
    // found at its slot and every absent one is not, after each burst of changes.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3000 })), { minLength: 500, maxLength: 6000 }), fc.integer({ min: 1, max: 3000 }), (ops, probeEvery) => {
        const d = new Dict<number>();
        const model = new Map<string, number>();
        ops.forEach(([add, n], step) => {
          const k = 'key:' + n;
          if (add) {
            d.set(k, step);
            model.set(k, step);
          } else {
            expect(d.delete(k)).toBe(model.delete(k));
          }
          if (step % probeEvery === 0) {
            for (let m = 0; m <= 3000; m += 7) expect(d.get('key:' + m)).toBe(model.get('key:' + m));
          }
        });
        expect(d.size).toBe(model.size);
        for (const [k, v] of model) expect(d.valueAt(d.slotOf(k))).toBe(v);
        for (const k of [...model.keys()]) expect(d.delete(k)).toBe(true);
        expect(d.size).toBe(0);
        expect(d.get('key:1')).toBeUndefined();
      }),
      { numRuns: 15 },
    );
  });

  it('KeyIndex.hash is deterministic and spreads similar keys', () => {
    expect(KeyIndex.hash('key:000000000001')).toBe(KeyIndex.hash('key:00000000000' + '1'));
    const low = new Set<number>();
    for (let i = 0; i < 1024; i++) low.add(KeyIndex.hash('key:' + i) & 1023);
    // 1024 keys into 1024 buckets: a uniform hash fills about 63% of them.
    expect(low.size).toBeGreaterThan(550);
  });

  it('metadata survives growth and shrinking', () => {
    const d = new Dict<number>(true);
    for (let i = 0; i < 1000; i++) {
      d.set(`k${i}`, i);
      d.meta![d.lastSlot] = i + 7;
    }
    for (let i = 0; i < 990; i++) d.delete(`k${i}`);
    for (let i = 990; i < 1000; i++) expect(d.meta![d.slotOf(`k${i}`)]).toBe(i + 7);
    expect(d.meta!.length).toBeLessThan(1000);
  });

  it('compact keeps slots, metadata and byte sizes; the dict grows and shrinks again afterwards', () => {
    const d = new Dict<string>(true);
    d.sizer = (k, v) => k.length + v.length;
    let total = 0;
    for (let i = 0; i < 3000; i++) {
      d.set(`key${i}`, 'v'.repeat(i % 17));
      d.meta![d.lastSlot] = i * 3;
      total += `key${i}`.length + (i % 17);
    }
    const keys = [...d.keys()];
    d.compact();
    expect([...d.keys()]).toEqual(keys);
    expect(d.meta!.length).toBe(3000);
    expect(d.sizes).toBe(null); // string values: sizes are recomputed, not stored
    expect(d.bytes).toBe(total);
    for (let i = 0; i < 3000; i++) {
      const j = d.slotOf(`key${i}`);
      expect(d.meta![j]).toBe(i * 3);
      expect(d.sizeAt(j)).toBe(`key${i}`.length + (i % 17));
    }
    for (let i = 3000; i < 3100; i++) {
      d.set(`key${i}`, 'x');
      d.meta![d.lastSlot] = 1;
    }
    for (let i = 0; i < 3050; i++) d.delete(`key${i}`);
    expect(d.size).toBe(50);
    expect(d.bytes).toBe(50 * (7 + 1));
    for (let i = 3050; i < 3100; i++) expect(d.meta![d.slotOf(`key${i}`)]).toBe(1);
    d.compact();
    expect(d.meta!.length).toBe(56);
    expect(d.get('key3099')).toBe('x');
  });

  it('byte accounting with mutable values: recorded sizes move with their slots, strings are recomputed', () => {
    type Box = { n: number };
    const size = (k: string, v: string | Box) => k.length + (typeof v === 'string' ? v.length : 100 + v.n);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom('str', 'box', 'grow', 'del', 'delOrdered', 'compact'),
            k: fc.integer({ min: 0, max: 30 }),
            n: fc.integer({ min: 0, max: 50 }),
          }),
          { maxLength: 300 },
        ),
        fc.boolean(),
        (ops, early) => {
          const d = new Dict<string | Box>(true);
          if (early) d.setSizer(size);
          const model = new Map<string, string | Box>();
          for (const o of ops) {
            const k = `k${o.k}`;
            if (o.op === 'str') {
              const v = 'v'.repeat(o.n);
              d.set(k, v);
              model.set(k, v);
            } else if (o.op === 'box') {
              const v = { n: o.n };
              d.set(k, v);
              model.set(k, v);
            } else if (o.op === 'grow') {
              const v = model.get(k);
              if (v !== undefined && typeof v !== 'string') {
                v.n += o.n; // mutated in place, then re-estimated (the keyModified hook)
                if (d.sizer !== null) d.resize(d.slotOf(k));
              }
            } else if (o.op === 'del') {
              expect(d.delete(k)).toBe(model.delete(k));
            } else if (o.op === 'delOrdered') {
              expect(d.deleteOrdered(k)).toBe(model.delete(k));
            } else d.compact();
          }
          if (!early) d.setSizer(size);
          let total = 0;
          for (const [k, v] of model) {
            total += size(k, v);
            expect(d.sizeAt(d.slotOf(k))).toBe(size(k, v));
          }
          expect(d.bytes).toBe(total);
        },
      ),
    );
  });

  it('dicts without metadata have none', () => {
    const d = new Dict<number>();
    d.set('a', 1);
    expect(d.meta).toBe(null);
  });

  it('randomKey returns only present keys and every key eventually', () => {
    const d = new Dict<number>();
    expect(d.randomKey()).toBe(undefined);
    for (let i = 0; i < 10; i++) d.set(`k${i}`, i);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(d.randomKey()!);
    expect(seen.size).toBe(10);
  });

  it('SCAN returns every key present for the whole scan, under concurrent adds and deletes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.array(opArb, { maxLength: 6 })), { maxLength: 60 }),
        (initial, steps) => {
          const d = new Dict<number>(true);
          const model = new Map<string, number>();
          for (let i = 0; i < initial; i++) {
            d.set(String(i), i);
            model.set(String(i), i);
          }
          // Keys present from the start and never deleted or cleared are the ones that must show up.
          const mustSee = new Set(model.keys());
          const seen = new Set<string>();
          let cursor = 0;
          let stepIdx = 0;
          let guard = 0;
          do {
            const [count, ops] = steps[stepIdx++ % Math.max(1, steps.length)] ?? [3, []];
            cursor = d.scan(cursor, count, (k, v) => {
              expect(d.get(k)).toBe(v);
              seen.add(k);
            });
            for (const o of ops) {
              if (o.op === 'set') {
                d.set(String(o.k), o.v);
                model.set(String(o.k), o.v);
              } else if (o.op === 'del' || o.op === 'delOrdered') {
                if (o.op === 'del') d.delete(String(o.k));
                else d.deleteOrdered(String(o.k));
                model.delete(String(o.k));
                mustSee.delete(String(o.k));
              }
              // 'clear' is not applied mid-scan: it deletes everything, leaving nothing to guarantee.
            }
            expect(++guard).toBeLessThan(10000);
          } while (cursor !== 0);
          for (const k of mustSee) expect(seen.has(k), `key ${k} missed`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('SCAN with no changes returns each key exactly once and terminates', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 57; i++) d.set(`k${i}`, i);
    const seen: string[] = [];
    let cursor = 0;
    do cursor = d.scan(cursor, 10, (k) => seen.push(k));
    while (cursor !== 0);
    expect(seen.length).toBe(57);
    expect(new Set(seen).size).toBe(57);
  });

  it('scanKeys visits the same slots as scan', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 23; i++) d.set(`k${i}`, i);
    let c1 = 0;
    let c2 = 0;
    do {
      const a: string[] = [];
      const b: string[] = [];
      c1 = d.scan(c1, 4, (k) => a.push(k));
      c2 = d.scanKeys(c2, 4, b);
      expect(b).toEqual(a);
      expect(c2).toBe(c1);
    } while (c1 !== 0);
  });

  it('SCAN tolerates any cursor', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 5; i++) d.set(`k${i}`, i);
    const seen: string[] = [];
    let cursor = 2 ** 60;
    do cursor = d.scan(cursor, 2, (k) => seen.push(k));
    while (cursor !== 0);
    expect(seen.length).toBe(5);
    expect(new Dict<number>().scan(0, 10, () => undefined)).toBe(0);
  });
});
