/**
 * Skiplist and SortedSet invariants against a sorted-array reference model (fast-check): after
 * every operation, levels and spans are consistent, backward links mirror forward links, rank ==
 * index, and the order is (score, member).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SkipList, type SkipNode } from '../../../src/ds/skiplist';
import { SortedSet } from '../../../src/ds/zset';

type Pair = [number, string];
const cmp = (a: Pair, b: Pair) => (a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** Checks every structural invariant of the skiplist and that it holds exactly `model`. */
function checkInvariants(zsl: SkipList, model: Pair[]): void {
  expect(zsl.length).toBe(model.length);
  // Level 0 order, prev links, tail.
  let prev: SkipNode | null = null;
  let i = 0;
  for (let n = zsl.header.next[0]!; n !== null; n = n.next[0]!) {
    expect([n.score, n.ele]).toEqual(model[i]);
    expect(n.prev).toBe(prev);
    prev = n;
    i++;
  }
  expect(i).toBe(model.length);
  expect(zsl.tail).toBe(prev);
  // Level count: no empty top level beyond 1, nothing above `level`.
  for (let l = zsl.level; l < 32; l++) expect(zsl.header.next[l] ?? null).toBeNull();
  if (zsl.level > 1) expect(zsl.header.next[zsl.level - 1]).not.toBeNull();
  // Spans: for every level, following links adds up to the level-0 rank.
  const rankOf = new Map<SkipNode, number>();
  let r = 0;
  for (let n = zsl.header.next[0]!; n !== null; n = n.next[0]!) rankOf.set(n, ++r);
  for (let l = 0; l < zsl.level; l++) {
    let x: SkipNode = zsl.header;
    let rank = 0;
    while (x.next[l] !== null) {
      const nx = x.next[l]!;
      rank += x.span[l]!;
      expect(rank).toBe(rankOf.get(nx));
      x = nx;
    }
  }
  // rank == index and byRank.
  for (let k = 0; k < model.length; k++) {
    const [s, e] = model[k]!;
    expect(zsl.rankOf(s, e)).toBe(k + 1);
    const n = zsl.byRank(k + 1)!;
    expect([n.score, n.ele]).toEqual(model[k]);
  }
}

const op = fc.oneof(
  fc.record({ t: fc.constant('add' as const), s: fc.integer({ min: -5, max: 5 }), m: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h') }),
  fc.record({ t: fc.constant('del' as const), m: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h') }),
  fc.record({ t: fc.constant('delrange' as const), a: fc.integer({ min: 0, max: 8 }), b: fc.integer({ min: 0, max: 8 }) }),
);

describe('SkipList / SortedSet', () => {
  it('keeps its invariants against a sorted-array model', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const zs = new SortedSet(false);
        let model: Pair[] = [];
        for (const o of ops) {
          if (o.t === 'add') {
            const added = zs.set(o.s, o.m);
            const idx = model.findIndex((p) => p[1] === o.m);
            expect(added).toBe(idx < 0);
            if (idx >= 0) model.splice(idx, 1);
            model.push([o.s, o.m]);
            model.sort(cmp);
          } else if (o.t === 'del') {
            const idx = model.findIndex((p) => p[1] === o.m);
            expect(zs.delete(o.m)).toBe(idx >= 0);
            if (idx >= 0) model.splice(idx, 1);
          } else {
            const a = Math.min(o.a, o.b);
            const b = Math.max(o.a, o.b);
            if (a < model.length) {
              const removed = zs.deleteRangeByIndex(a, b);
              const expectCount = Math.min(b, model.length - 1) - a + 1;
              expect(removed).toBe(expectCount);
              model = model.filter((_, i) => i < a || i > b);
            }
          }
          checkInvariants(zs.zsl, model);
          for (let k = 0; k < model.length; k++) expect(zs.rank(model[k]![1])).toBe(k);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers score and lex ranges like a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom('a', 'b', 'c', 'd', 'e')), { maxLength: 20 }),
        fc.integer({ min: -1, max: 7 }),
        fc.integer({ min: -1, max: 7 }),
        fc.boolean(),
        fc.boolean(),
        (pairs, min, max, minex, maxex) => {
          const zs = new SortedSet(false);
          for (const [s, m] of pairs) zs.set(s, m);
          const r = { min, max, minex, maxex };
          const all: Pair[] = [];
          for (let n = zs.first(); n !== null; n = n.next[0]!) all.push([n.score, n.ele]);
          const inRange = all.filter(([s]) => (minex ? s > min : s >= min) && (maxex ? s < max : s <= max));
          const f = zs.firstInRange(r);
          const l = zs.lastInRange(r);
          expect(f ? [f.score, f.ele] : null).toEqual(inRange[0] ?? null);
          expect(l ? [l.score, l.ele] : null).toEqual(inRange[inRange.length - 1] ?? null);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('updates scores in place or by re-insertion', () => {
    const zs = new SortedSet(false);
    for (let i = 0; i < 100; i++) zs.set(i, `m${i}`);
    zs.set(50.5, 'm50');
    zs.set(-1, 'm99');
    expect(zs.rank('m99')).toBe(0);
    expect(zs.rank('m50')).toBe(51);
    const model: Pair[] = [];
    for (let n = zs.first(); n !== null; n = n.next[0]!) model.push([n.score, n.ele]);
    checkInvariants(zs.zsl, model);
  });

  it('clone is deep and keeps the encoding', () => {
    const zs = new SortedSet(true);
    zs.set(1, 'a');
    const c = zs.clone();
    c.set(2, 'b');
    expect(zs.size).toBe(1);
    expect(c.encoding()).toBe('listpack');
  });
});
