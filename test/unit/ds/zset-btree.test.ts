/**
 * The sorted set's B+tree (ds/zset-btree.ts) and SortedSet against a sorted-array reference
 * model: after operations, the structure's invariants hold (check(): order, leaf chain, subtree
 * counts, separators, uniform depth), rank == index, element-by-rank and range lookups agree
 * with a linear scan. Small cases use fast-check; large ones (several tree levels, splits,
 * merges, compaction) use a seeded pseudo-random sequence.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ZTree, ZT_B, type ScoreRange, type LexRange } from '../../../src/ds/zset-btree';
import { SortedSet } from '../../../src/ds/zset';

type Pair = [number, string];
const cmp = (a: Pair, b: Pair) => (a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

function contents(t: ZTree): Pair[] {
  const out: Pair[] = [];
  for (let p = t.first(); p >= 0; p = t.next(p)) out.push([t.score(p), t.ele(p)]);
  return out;
}

/** Every invariant, and the tree holds exactly `model` (sorted). `full` also checks every rank. */
function checkAgainst(t: ZTree, model: Pair[], full = true): void {
  t.check();
  expect(t.length).toBe(model.length);
  expect(contents(t)).toEqual(model);
  const back: Pair[] = [];
  for (let p = t.last(); p >= 0; p = t.prev(p)) back.push([t.score(p), t.ele(p)]);
  expect(back.reverse()).toEqual(model);
  const step = full ? 1 : Math.max(1, Math.floor(model.length / 50));
  for (let k = 0; k < model.length; k += step) {
    const [s, e] = model[k]!;
    expect(t.rank(s, e)).toBe(k);
    const p = t.at(k);
    expect([t.score(p), t.ele(p)]).toEqual(model[k]);
    expect(t.rankAt(p)).toBe(k);
  }
  expect(t.at(model.length)).toBe(-1);
  expect(t.at(-1)).toBe(-1);
}

function seeded(seed: number): () => number {
  let x = seed;
  return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296);
}

const op = fc.oneof(
  fc.record({ t: fc.constant('add' as const), s: fc.integer({ min: -5, max: 5 }), m: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h') }),
  fc.record({ t: fc.constant('del' as const), m: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h') }),
  fc.record({ t: fc.constant('delrange' as const), a: fc.integer({ min: 0, max: 8 }), b: fc.integer({ min: 0, max: 8 }) }),
);

describe('ZTree / SortedSet', () => {
  it('keeps its invariants against a sorted-array model (small sets)', () => {
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
              expect(removed).toBe(Math.min(b, model.length - 1) - a + 1);
              model = model.filter((_, i) => i < a || i > b);
            }
          }
          checkAgainst(zs.tree, model);
          for (let k = 0; k < model.length; k++) {
            expect(zs.rank(model[k]![1])).toBe(k);
            expect(zs.rank(model[k]![1], true)).toBe(model.length - 1 - k);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps its invariants through splits, moves and merges (large sets)', () => {
    for (const [seed, range] of [[1, 1000], [2, 30], [3, 1e9]] as const) {
      const rnd = seeded(seed);
      const zs = new SortedSet(false);
      const scores = new Map<string, number>();
      const snapshot = (): Pair[] => [...scores].map(([m, s]): Pair => [s, m]).sort(cmp);
      // Grow to ~6000 (three levels with 64-slot nodes), mixing inserts and score updates.
      for (let i = 0; i < 12000; i++) {
        const m = `m${Math.floor(rnd() * 6000)}`;
        const s = Math.floor(rnd() * range);
        zs.set(s, m);
        scores.set(m, s);
        if (i % 3000 === 2999) checkAgainst(zs.tree, snapshot(), false);
      }
      expect(zs.tree.height).toBeGreaterThanOrEqual(2);
      // Small moves (in place and within a leaf), then shrink to a few, then regrow.
      for (const m of [...scores.keys()].slice(0, 2000)) {
        const s = scores.get(m)! + (rnd() < 0.5 ? 0.5 : -0.25);
        zs.set(s, m);
        scores.set(m, s);
      }
      checkAgainst(zs.tree, snapshot(), false);
      const members = [...scores.keys()];
      for (let k = 0; k < members.length; k++) {
        const m = members[(k * 7919) % members.length]!;
        if (!scores.has(m)) continue;
        if (scores.size <= 40) break;
        expect(zs.delete(m)).toBe(true);
        expect(zs.delete(m)).toBe(false);
        scores.delete(m);
        if (k % 1500 === 0) checkAgainst(zs.tree, snapshot(), false);
      }
      checkAgainst(zs.tree, snapshot());
      for (let i = 0; i < 3000; i++) {
        const m = `n${i}`;
        const s = Math.floor(rnd() * range);
        zs.set(s, m);
        scores.set(m, s);
      }
      checkAgainst(zs.tree, snapshot(), false);
    }
  });

  it('survives a long random mix of inserts, moves, deletes and range deletes', () => {
    const rnd = seeded(11);
    const zs = new SortedSet(false);
    const scores = new Map<string, number>();
    const snapshot = (): Pair[] => [...scores].map(([m, s]): Pair => [s, m]).sort(cmp);
    let maxHeight = 0;
    for (let k = 0; k < 30000; k++) {
      const r = rnd();
      const size = scores.size;
      if (r < 0.6 || size < 100) {
        // Insert or move: near the old score half of the time (in-place / in-leaf paths).
        const m = `m${Math.floor(rnd() * 20000)}`;
        const cur = scores.get(m);
        const s = cur !== undefined && rnd() < 0.5 ? cur + (rnd() - 0.5) : Math.floor(rnd() * 2000);
        zs.set(s, m);
        scores.set(m, s);
      } else if (r < 0.82) {
        const m = `m${Math.floor(rnd() * 20000)}`;
        expect(zs.delete(m)).toBe(scores.delete(m));
      } else if (r < 0.825) {
        const len = 1 + Math.floor(rnd() * (rnd() < 0.95 ? 100 : 1000));
        const a = Math.floor(rnd() * size);
        const model = snapshot();
        const n = zs.deleteRangeByIndex(a, a + len - 1);
        expect(n).toBe(Math.min(len, size - a));
        for (const [, m] of model.slice(a, a + len)) scores.delete(m);
      } else {
        const m = `m${Math.floor(rnd() * 20000)}`;
        const s = scores.get(m);
        if (s === undefined) expect(zs.rank(m)).toBe(-1);
        else {
          const p = zs.tree.at(zs.rank(m));
          expect([zs.tree.score(p), zs.tree.ele(p)]).toEqual([s, m]);
        }
      }
      maxHeight = Math.max(maxHeight, zs.tree.height);
      if (k % 1000 === 999) checkAgainst(zs.tree, snapshot(), false);
    }
    checkAgainst(zs.tree, snapshot(), false);
    expect(maxHeight).toBeGreaterThanOrEqual(2);
  });

  it('deletes rank ranges of any size (one descent per leaf)', () => {
    const rnd = seeded(7);
    const zs = new SortedSet(false);
    let model: Pair[] = [];
    for (let i = 0; i < 8000; i++) {
      const p: Pair = [Math.floor(rnd() * 500), `m${i}`];
      zs.set(p[0], p[1]);
      model.push(p);
    }
    model.sort(cmp);
    for (const len of [1, 3, 63, 64, 65, 200, 1000, 3000]) {
      const a = Math.floor(rnd() * (model.length - len));
      expect(zs.deleteRangeByIndex(a, a + len - 1)).toBe(len);
      for (const [, m] of model.slice(a, a + len)) expect(zs.score(m)).toBe(undefined);
      model = model.filter((_, i) => i < a || i >= a + len);
      expect(zs.size).toBe(model.length);
      checkAgainst(zs.tree, model, false);
    }
    expect(zs.deleteRangeByIndex(model.length - 5, model.length + 10)).toBe(5);
    model = model.slice(0, model.length - 5);
    checkAgainst(zs.tree, model, false);
    expect(zs.deleteRangeByIndex(0, model.length - 1)).toBe(model.length);
    checkAgainst(zs.tree, []);
    zs.set(1, 'again');
    checkAgainst(zs.tree, [[1, 'again']]);
  });

  it('fills leaves completely on ascending and descending loads', () => {
    for (const dir of [1, -1]) {
      const t = new ZTree();
      const model: Pair[] = [];
      for (let i = 0; i < 5000; i++) {
        t.insert(i * dir, 'x');
        model.push([i * dir, 'x']);
      }
      model.sort(cmp);
      checkAgainst(t, model, false);
      let leaves = 0;
      for (let x = t.head; x >= 0; x = t.lnx[x]!) leaves++;
      expect(leaves).toBe(Math.ceil(5000 / ZT_B));
    }
  });

  it('answers score ranges like a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 400 })), { maxLength: 400 }),
        fc.integer({ min: -1, max: 301 }),
        fc.integer({ min: -1, max: 301 }),
        fc.boolean(),
        fc.boolean(),
        (pairs, min, max, minex, maxex) => {
          const zs = new SortedSet(false);
          for (const [s, m] of pairs) zs.set(s, `e${m}`);
          const r: ScoreRange = { min, max, minex, maxex };
          const all = contents(zs.tree);
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

  it('answers lex ranges like a linear scan when all scores are equal', () => {
    const bound = fc.oneof(
      fc.constant({ kind: -1 as const, value: '', excl: true }),
      fc.constant({ kind: 1 as const, value: '', excl: true }),
      fc.record({ kind: fc.constant(0 as const), value: fc.integer({ min: 0, max: 500 }).map((n) => `k${n}`), excl: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 400 }), bound, bound, fc.boolean(), (ms, min, max, listpack) => {
        const zs = new SortedSet(listpack);
        for (const m of ms) zs.set(7, `k${m}`);
        const r: LexRange = { min, max };
        const gte = (v: string) => min.kind === -1 || (min.kind === 0 && (min.excl ? v > min.value : v >= min.value));
        const lte = (v: string) => max.kind === 1 || (max.kind === 0 && (max.excl ? v < max.value : v <= max.value));
        const inRange = contents(zs.tree).filter(([, e]) => gte(e) && lte(e));
        const f = zs.firstInLexRange(r);
        const l = zs.lastInLexRange(r);
        expect(f?.ele ?? null).toBe(inRange[0]?.[1] ?? null);
        expect(l?.ele ?? null).toBe(inRange[inRange.length - 1]?.[1] ?? null);
      }),
      { numRuns: 300 },
    );
  });

  it('updates scores in place, within a leaf, or by re-insertion', () => {
    const zs = new SortedSet(false);
    for (let i = 0; i < 1000; i++) zs.set(i, `m${i}`);
    zs.set(50.5, 'm50');
    zs.set(-1, 'm999');
    zs.set(63.5, 'm1');
    zs.set(2000, 'm0');
    expect(zs.rank('m999')).toBe(0);
    expect(zs.rank('m50')).toBe(49);
    expect(zs.rank('m0')).toBe(999);
    const model: Pair[] = [];
    for (let i = 0; i < 1000; i++) model.push([zs.score(`m${i}`)!, `m${i}`]);
    model.sort(cmp);
    checkAgainst(zs.tree, model);
    const n = zs.at(10)!;
    expect(n.forward!.ele).toBe(zs.at(11)!.ele);
    expect(n.prev!.ele).toBe(zs.at(9)!.ele);
    expect(zs.first()!.prev).toBe(null);
    expect(zs.last()!.forward).toBe(null);
  });

  it('clone is deep and keeps the encoding; toListpack turns -0 into 0', () => {
    const zs = new SortedSet(false);
    zs.set(-0, 'a');
    zs.set(1, 'b');
    const c = zs.clone();
    c.set(2, 'c');
    expect(zs.size).toBe(2);
    expect(c.encoding()).toBe('skiplist');
    expect(Object.is(zs.score('a'), -0)).toBe(true);
    zs.toListpack();
    expect(Object.is(zs.score('a'), 0)).toBe(true);
    expect(Object.is(zs.first()!.score, 0)).toBe(true);
  });
});
