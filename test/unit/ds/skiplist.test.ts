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
  for (let n = zsl.header.forward; n !== null; n = n.forward) {
    expect([n.score, n.ele]).toEqual(model[i]);
    expect(n.prev).toBe(prev);
    prev = n;
    i++;
  }
  expect(i).toBe(model.length);
  expect(zsl.tail).toBe(prev);
  // Level count: no empty top level beyond 1, nothing above `level`.
  for (let l = zsl.level; l < 32; l++) expect(zsl.headerEmptyAt(l)).toBe(true);
  if (zsl.level > 1) expect(zsl.headerEmptyAt(zsl.level - 1)).toBe(false);
  // Spans: for every level, following links adds up to the level-0 rank, and the last link's
  // span counts the elements after it.
  const rankOf = new Map<SkipNode, number>();
  let r = 0;
  for (let n = zsl.header.forward; n !== null; n = n.forward) rankOf.set(n, ++r);
  const towers = new Map<SkipNode, number>();
  for (let l = 0; l < zsl.level; l++) {
    const links = zsl.linksAt(l);
    let rank = 0;
    for (let k = 0; k + 1 < links.length; k++) {
      rank += links[k]!.span;
      const nx = links[k + 1]!.node!;
      expect(rank).toBe(rankOf.get(nx));
      towers.set(nx, l + 1);
    }
    if (links.length > 1) expect(links[links.length - 1]!.span).toBe(model.length - rank);
  }
  // Each element is on the levels of its tower, and on no other.
  for (const [n, top] of towers) expect(zsl.levelOf(n)).toBe(top);
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
          for (let n = zs.first(); n !== null; n = n.forward) all.push([n.score, n.ele]);
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
    for (let n = zs.first(); n !== null; n = n.forward) model.push([n.score, n.ele]);
    checkInvariants(zs.zsl, model);
  });

  it('updates in place keep the node; re-insertions keep it too', () => {
    const zs = new SortedSet(false);
    for (let i = 0; i < 10; i++) zs.set(i, `m${i}`);
    const n5 = zs.at(5)!;
    zs.set(5.5, 'm5');
    expect(zs.at(5)).toBe(n5);
    expect(n5.score).toBe(5.5);
    zs.set(100, 'm5');
    expect(zs.at(9)).toBe(n5);
    expect(zs.last()).toBe(n5);
  });

  it('stays consistent when a large list shrinks (buffer compaction) and grows again', () => {
    const zsl = new SkipList();
    const model: Pair[] = [];
    // Deterministic pseudo-random scores and levels.
    let x = 12345;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let i = 0; i < 6000; i++) {
      const p: Pair = [Math.floor(rnd() * 1000), `e${i}`];
      model.push(p);
      zsl.insert(p[0], p[1], 1 + Math.floor(-Math.log(rnd() + 1e-12) / Math.log(4)) % 12);
    }
    model.sort(cmp);
    // Delete 95% (in a scattered order), checking now and then.
    const order = model.map((_, i) => i).sort((a, b) => ((a * 7919) % 6007) - ((b * 7919) % 6007));
    const gone = new Set<number>();
    for (let k = 0; k < 5700; k++) {
      const i = order[k]!;
      expect(zsl.delete(model[i]![0], model[i]![1])).toBe(true);
      expect(zsl.delete(model[i]![0], model[i]![1])).toBe(false);
      gone.add(i);
      if (k % 1900 === 0) checkInvariants(zsl, model.filter((_, j) => !gone.has(j)));
    }
    let live = model.filter((_, j) => !gone.has(j));
    checkInvariants(zsl, live);
    for (let i = 0; i < 500; i++) {
      const p: Pair = [i % 7, `n${i}`];
      zsl.insert(p[0], p[1]);
      live.push(p);
    }
    live = live.sort(cmp);
    checkInvariants(zsl, live);
    expect(zsl.updateScore(live[0]![0], live[0]![1], 5000).score).toBe(5000);
    live.push([5000, live[0]![1]]);
    live.shift();
    checkInvariants(zsl, live);
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
