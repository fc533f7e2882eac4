/**
 * LATENCY, in-process (latency.c semantics). Event samples are added directly (no timing).
 */
import { describe, it, expect } from 'vitest';
import { InProcess, err } from '../helpers/run';
import { latencyAddSampleIfNeeded, LatencySeries } from '../../src/latency';

function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && 'type' in v) {
    const o = v as { type: string; value: unknown };
    if (o.type === 'map' || o.type === 'set') return (o.value as unknown[]).map(plain);
    return o.value;
  }
  return v;
}

describe('LATENCY', () => {
  it('series keep one (worst) sample per second and 160 samples', () => {
    const s = new LatencySeries();
    s.add(5, 100);
    s.add(9, 100);
    s.add(3, 100);
    expect(s.ordered()).toEqual([{ time: 100, latency: 9 }]);
    for (let i = 1; i <= 200; i++) s.add(i, 100 + i);
    expect(s.ordered().length).toBe(160);
    expect(s.ordered()[0]!.time).toBe(141);
    expect(s.max).toBe(200);
    expect(s.latest()).toEqual({ time: 300, latency: 200 });
  });

  it('samples only when the threshold is set and reached', () => {
    const t = new InProcess();
    latencyAddSampleIfNeeded(t.server, 'expire-cycle', 500);
    expect(t.run('LATENCY', 'LATEST')).toEqual([]);
    t.run('CONFIG', 'SET', 'latency-monitor-threshold', '100');
    latencyAddSampleIfNeeded(t.server, 'expire-cycle', 50);
    expect(t.run('LATENCY', 'LATEST')).toEqual([]);
    latencyAddSampleIfNeeded(t.server, 'expire-cycle', 150);
    const latest = t.run('LATENCY', 'LATEST') as unknown[][];
    expect(latest.length).toBe(1);
    expect(latest[0]![0]).toBe('expire-cycle');
    expect(latest[0]![2]).toBe(150);
    expect(latest[0]![3]).toBe(150);
    const hist = t.run('LATENCY', 'HISTORY', 'expire-cycle') as number[][];
    expect(hist.length).toBe(1);
    expect(hist[0]![1]).toBe(150);
    expect(t.run('LATENCY', 'HISTORY', 'nosuch')).toEqual([]);
    expect(plain(t.run('LATENCY', 'GRAPH', 'expire-cycle'))).toMatch(/^expire-cycle - high 150 ms, low 150 ms \(all time high 150 ms\)\n-{80}\n/);
    expect(t.run('LATENCY', 'GRAPH', 'nosuch')).toEqual(err("ERR No samples available for event 'nosuch'"));
    expect(plain(t.run('LATENCY', 'DOCTOR'))).toMatch(/^Dave, I have observed latency spikes/);
    expect(t.run('LATENCY', 'RESET', 'nosuch')).toBe(0);
    expect(t.run('LATENCY', 'RESET', 'EXPIRE-CYCLE')).toBe(1);
    expect(t.run('LATENCY', 'LATEST')).toEqual([]);
    t.server.latency.addSample('command', 10);
    t.server.latency.addSample('fast-command', 10);
    expect(t.run('LATENCY', 'RESET')).toBe(2);
  });

  it('DOCTOR when disabled, HELP, argument errors', () => {
    const t = new InProcess();
    expect(plain(t.run('LATENCY', 'DOCTOR'))).toMatch(/^I'm sorry, Dave, I can't do that/);
    expect((t.run('LATENCY', 'HELP') as unknown[]).length).toBe(17);
    expect(t.run('LATENCY', 'HELP', 'x')).toEqual(err("ERR wrong number of arguments for 'latency|help' command"));
    expect(t.run('LATENCY', 'HISTORY')).toEqual(err("ERR wrong number of arguments for 'latency|history' command"));
  });

  it('HISTOGRAM: per command and subcommand, unknown names skipped', () => {
    const t = new InProcess();
    t.run('CONFIG', 'RESETSTAT');
    t.run('SET', 'a', '1');
    t.run('SET', 'a', '2');
    t.run('CLIENT', 'ID');
    const all = plain(t.run('LATENCY', 'HISTOGRAM')) as unknown[];
    const names = all.filter((_, i) => i % 2 === 0);
    expect(names).toContain('set');
    expect(names).toContain('client|id');
    expect(names).toContain('config|resetstat');
    const h = plain(t.run('LATENCY', 'HISTOGRAM', 'set', 'nosuch')) as unknown[];
    expect(h[0]).toBe('set');
    const body = h[1] as unknown[];
    expect(body.slice(0, 3)).toEqual(['calls', 2, 'histogram_usec']);
    const buckets = body[3] as number[];
    expect(buckets.length % 2).toBe(0);
    expect(buckets[buckets.length - 1]).toBe(2);
    const sub = plain(t.run('LATENCY', 'HISTOGRAM', 'client')) as unknown[];
    expect(sub[0]).toBe('client|id');
    expect(t.run('LATENCY', 'HISTOGRAM', 'nosuch')).toEqual({ type: 'map', value: [] });
  });
});
