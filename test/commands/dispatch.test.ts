/**
 * The dispatcher's per-command work: checks that features arm only while they can reject
 * something (in processCommand's order whatever the arming order), the save after FLUSHALL,
 * and the command time of pipelined batches (one clock read per command).
 */
import { describe, it, expect } from 'vitest';
import { InProcess, err, ok } from '../helpers/run';
import { Server } from '../../src/server';
import { Client } from '../../src/protocol/client';

describe('dispatcher checks', () => {
  it('an idle server runs no per-command checks or observers', () => {
    const t = new InProcess();
    expect(t.server.commandFilters).toHaveLength(0);
    expect(t.server.callObservers).toHaveLength(0);
    expect(t.server.hooks.keyModified).toHaveLength(0);
    expect(t.server.hooks.afterCommand).toHaveLength(0);
  });

  it('maxmemory and min-replicas arm their checks, which run OOM first', () => {
    const t = new InProcess();
    t.run('SET', 'filler', 'x'.repeat(100_000));
    // min-replicas first, maxmemory second: the OOM check still comes first (processCommand).
    expect(t.run('CONFIG', 'SET', 'min-replicas-to-write', '1')).toEqual(ok);
    expect(t.server.commandFilters).toHaveLength(1);
    expect(t.run('SET', 'k', 'v')).toEqual(err('NOREPLICAS Not enough good replicas to write.'));
    expect(t.run('CONFIG', 'SET', 'maxmemory', '1', 'maxmemory-policy', 'noeviction')).toEqual(ok);
    expect(t.server.commandFilters).toHaveLength(2);
    expect(t.run('SET', 'k', 'v')).toEqual(err("OOM command not allowed when used memory > 'maxmemory'."));
    expect(t.run('CONFIG', 'SET', 'maxmemory', '0')).toEqual(ok);
    expect(t.server.commandFilters).toHaveLength(1);
    expect(t.run('SET', 'k', 'v')).toEqual(err('NOREPLICAS Not enough good replicas to write.'));
    expect(t.run('CONFIG', 'SET', 'min-replicas-to-write', '0')).toEqual(ok);
    expect(t.server.commandFilters).toHaveLength(0);
    expect(t.run('SET', 'k', 'v')).toEqual(ok);
  });

  it('slowlog-log-slower-than and latency-monitor-threshold are read by call() as they change', () => {
    const t = new InProcess({ 'enable-debug-command': 'yes' });
    expect(t.run('CONFIG', 'SET', 'slowlog-log-slower-than', '0')).toEqual(ok);
    t.run('GET', 'a');
    expect(t.run('SLOWLOG', 'LEN')).toBe(2);
    expect(t.run('CONFIG', 'SET', 'slowlog-log-slower-than', '-1')).toEqual(ok);
    t.run('GET', 'a');
    expect(t.run('SLOWLOG', 'LEN')).toBe(3);
    t.run('DEBUG', 'SLEEP', '0.003');
    expect(t.run('LATENCY', 'LATEST')).toEqual([]);
    expect(t.run('CONFIG', 'SET', 'latency-monitor-threshold', '2')).toEqual(ok);
    t.run('DEBUG', 'SLEEP', '0.003');
    const latest = t.run('LATENCY', 'LATEST') as unknown[][];
    expect(latest.map((e) => e[0])).toEqual(['command']);
  });

  it('latency-tracking off stops the per-command histograms', () => {
    const t = new InProcess();
    t.run('GET', 'a');
    expect(String((t.run('INFO', 'latencystats') as { value: string }).value)).toContain('latency_percentiles_usec_get:');
    t.run('CONFIG', 'RESETSTAT');
    t.run('CONFIG', 'SET', 'latency-tracking', 'no');
    t.run('GET', 'a');
    expect(String((t.run('INFO', 'latencystats') as { value: string }).value)).not.toContain('latency_percentiles_usec_get:');
  });
});

describe('pipelined command time', () => {
  const enc = (argv: string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;

  it('each command of a batch runs at a time between the batch start and its end', () => {
    const server = new Server({ config: { port: 0, save: '' } });
    const c = new Client(server, null, 1);
    let input = '';
    for (let i = 0; i < 2000; i++) input += enc(['SET', `k${i}`, 'v', 'PX', '100000']);
    const before = Date.now();
    c.parser!.feed(Buffer.from(input, 'latin1'));
    server.processInput(c);
    const after = Date.now();
    expect(server.batchClock).toBe(-1);
    let prev = 0;
    for (let i = 0; i < 2000; i++) {
      const at = server.dbs[0]!.getExpire(`k${i}`) - 100000;
      expect(at).toBeGreaterThanOrEqual(Math.max(before, prev));
      expect(at).toBeLessThanOrEqual(after);
      prev = at;
    }
    const stats = server.registry.lookup('set')!;
    expect(stats.calls).toBe(2000);
    expect(stats.usec).toBeGreaterThan(0);
  });
});
