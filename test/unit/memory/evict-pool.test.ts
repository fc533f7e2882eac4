import { describe, expect, it } from 'vitest';
import { EvictionPool, EVPOOL_SIZE, policyFromName, Policy } from '../../../src/memory/evict';

/** The pool's entries as [key, idle] from worst to best. */
function entries(p: EvictionPool): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i < EVPOOL_SIZE && p.keys[i] !== null; i++) out.push([p.keys[i]!, p.idle[i]!]);
  return out;
}

describe('EvictionPool', () => {
  it('keeps entries sorted by idle, best last', () => {
    const p = new EvictionPool();
    for (const [k, idle] of [['a', 5], ['b', 1], ['c', 9], ['d', 3]] as const) p.insert(k, 0, idle);
    expect(entries(p)).toEqual([['b', 1], ['d', 3], ['a', 5], ['c', 9]]);
  });

  it('when full, drops the worst and ignores candidates worse than all', () => {
    const p = new EvictionPool();
    for (let i = 0; i < EVPOOL_SIZE; i++) p.insert('k' + i, 0, 100 + i);
    p.insert('worse', 0, 1);
    expect(entries(p).map((e) => e[0])).not.toContain('worse');
    p.insert('best', 0, 1000);
    const e = entries(p);
    expect(e.length).toBe(EVPOOL_SIZE);
    expect(e[EVPOOL_SIZE - 1]).toEqual(['best', 1000]);
    expect(e.map((x) => x[0])).not.toContain('k0');
    p.insert('mid', 0, 107.5);
    const idles = entries(p).map((x) => x[1]);
    expect(idles).toEqual([...idles].sort((a, b) => a - b));
  });

  it('matches a reference model (top-16 by idle of everything inserted) with distinct keys', () => {
    for (let round = 0; round < 20; round++) {
      const p = new EvictionPool();
      const all: [string, number][] = [];
      for (let i = 0; i < 200; i++) {
        const idle = Math.floor(Math.random() * 1e6);
        all.push(['k' + i, idle]);
        p.insert('k' + i, 0, idle);
      }
      all.sort((a, b) => a[1] - b[1]);
      expect(entries(p).map((e) => e[1])).toEqual(all.slice(-EVPOOL_SIZE).map((e) => e[1]));
    }
  });

  it('a re-sampled key is updated, not duplicated; removeAt keeps it packed', () => {
    const p = new EvictionPool();
    p.insert('a', 0, 1);
    p.insert('b', 0, 2);
    p.insert('a', 0, 3);
    expect(entries(p)).toEqual([['b', 2], ['a', 3]]);
    p.insert('a', 1, 0); // same name in another db is another key
    expect(entries(p)).toEqual([['a', 0], ['b', 2], ['a', 3]]);
    p.removeAt(1);
    expect(entries(p)).toEqual([['a', 0], ['a', 3]]);
  });

  it('parses the eight policy names', () => {
    expect(policyFromName('allkeys-lru')).toBe(Policy.AllkeysLru);
    expect(policyFromName('VOLATILE-TTL')).toBe(Policy.VolatileTtl);
    expect(policyFromName('noeviction')).toBe(Policy.NoEviction);
  });
});
