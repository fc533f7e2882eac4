/**
 * The eviction-cycle and eviction-del latency events (evict.c performEvictions). The eviction
 * timer is replaced by a fake clock that advances 3 ms per reading, so every cycle and every
 * deletion measures ≥ 3 ms whatever the machine does: no timing assertions.
 */
import { describe, expect, it } from 'vitest';
import { InProcess, ok } from '../helpers/run';
import { memoryOf } from '../../src/memory/accounting';

function fakeClock(t: InProcess): void {
  let now = 0;
  memoryOf(t.server).eviction.clock = () => (now += 3);
}

/** The events LATENCY LATEST lists, by name → [latest, max]. */
function latest(t: InProcess): Map<string, [number, number]> {
  const rows = t.run('LATENCY', 'LATEST') as unknown[][];
  return new Map(rows.map((r) => [r[0] as string, [r[2] as number, r[3] as number]]));
}

/** Writes keys until at least one eviction happened. */
function evictSome(t: InProcess): void {
  const m = memoryOf(t.server);
  expect(t.run('CONFIG', 'SET', 'maxmemory', String(m.used() + 20_000))).toEqual(ok);
  expect(t.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru')).toEqual(ok);
  for (let i = 0; i < 1000; i++) t.run('SET', `key:${i}`, 'x'.repeat(100));
  expect(t.server.stats.evictedKeys).toBeGreaterThan(0);
}

describe('eviction latency events', () => {
  it('eviction-cycle and eviction-del are recorded when the monitor is on', () => {
    const t = new InProcess();
    fakeClock(t);
    expect(t.run('CONFIG', 'SET', 'latency-monitor-threshold', '1')).toEqual(ok);
    evictSome(t);
    const ev = latest(t);
    expect(ev.get('eviction-del')).toEqual([3, 3]);
    // A cycle reads the clock at its start, around each deletion and at its end: ≥ 9 ms here.
    const cycle = ev.get('eviction-cycle');
    expect(cycle).toBeDefined();
    expect(cycle![1]).toBeGreaterThanOrEqual(9);
    const hist = t.run('LATENCY', 'HISTORY', 'eviction-cycle') as number[][];
    expect(hist.length).toBeGreaterThan(0);
  });

  it('nothing is recorded below the threshold or with the monitor off', () => {
    const t = new InProcess();
    fakeClock(t);
    evictSome(t);
    expect(latest(t).has('eviction-cycle')).toBe(false);
    t.run('FLUSHALL');
    expect(t.run('CONFIG', 'SET', 'latency-monitor-threshold', '1000')).toEqual(ok);
    evictSome(t);
    const ev = latest(t);
    expect(ev.has('eviction-cycle')).toBe(false);
    expect(ev.has('eviction-del')).toBe(false);
  });

  it('no eviction-cycle while under the limit', () => {
    const t = new InProcess();
    fakeClock(t);
    expect(t.run('CONFIG', 'SET', 'latency-monitor-threshold', '1')).toEqual(ok);
    expect(t.run('CONFIG', 'SET', 'maxmemory', '100mb')).toEqual(ok);
    for (let i = 0; i < 100; i++) t.run('SET', `key:${i}`, 'v');
    expect(latest(t).has('eviction-cycle')).toBe(false);
  });
});
