/**
 * bench/zset.bench.ts — the sorted set (dict + order-statistic B+tree, ds/zset-btree.ts) on a
 * 100k-member set (the size where cache misses dominate): ZADD-style score update (tree
 * remove + insert), rank, first-in-score-range plus a 10-element walk, a rank-range delete and
 * re-insert, and formatDouble17 on integer and fractional scores. Pseudo-random but
 * deterministic. Run: npx vitest bench --run bench/zset.bench.ts
 */
import { bench, describe } from 'vitest';
import { SortedSet } from '../src/ds/zset';
import { formatDouble17 } from '../src/util/numbers';

const N = 100_000;
let seed = 1;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const member = (i: number): string => `element:${String(i).padStart(12, '0')}`;

const zs = new SortedSet(false);
for (let i = 0; i < N; i++) zs.set(Math.floor(rnd() * N), member(i));
const OPS = 1000;

describe(`SortedSet of ${N} members, ${OPS} operations per iteration`, () => {
  bench('set (new score: tree remove + insert)', () => {
    for (let k = 0; k < OPS; k++) zs.set(Math.floor(rnd() * N), member(Math.floor(rnd() * N)));
  });
  bench('rank', () => {
    for (let k = 0; k < OPS; k++) zs.rank(member(Math.floor(rnd() * N)));
  });
  bench('firstInRange + 10 elements', () => {
    const t = zs.tree;
    for (let k = 0; k < OPS; k++) {
      let p = t.firstInRange({ min: Math.floor(rnd() * N), max: Infinity, minex: true, maxex: false });
      for (let j = 0; j < 10 && p >= 0; j++) p = t.next(p);
    }
  });
  bench('deleteRangeByIndex of 1000, then re-insert them', () => {
    const t = zs.tree;
    const start = Math.floor(rnd() * (N - OPS));
    const scores: number[] = [];
    const members: string[] = [];
    for (let i = 0, p = t.at(start); i < OPS; i++, p = t.next(p)) {
      scores.push(t.score(p));
      members.push(t.ele(p));
    }
    zs.deleteRangeByIndex(start, start + OPS - 1);
    for (let i = 0; i < OPS; i++) zs.insertNew(scores[i]!, members[i]!);
  });
});

describe(`formatDouble17, ${OPS} scores per iteration`, () => {
  bench('integers', () => {
    for (let k = 0; k < OPS; k++) formatDouble17(k * 7919);
  });
  bench('fractions', () => {
    for (let k = 0; k < OPS; k++) formatDouble17(k / 7 + 0.1);
  });
});
