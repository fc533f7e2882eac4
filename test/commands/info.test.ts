import { describe, it, expect } from 'vitest';
import { InProcess } from '../helpers/run';

function info(t: InProcess, ...args: string[]): string {
  const r = t.run('INFO', ...args) as { type: string; value: string } | string;
  return typeof r === 'string' ? r : r.value;
}
function sections(text: string): string[] {
  return text.split('\r\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2));
}
function field(text: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\r\\n)${name.replace('|', '\\|')}:([^\\r]*)`).exec(text);
  return m?.[1];
}

describe('INFO', () => {
  it('default, all and everything section sets', () => {
    const t = new InProcess();
    const def = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace'];
    expect(sections(info(t))).toEqual(def);
    expect(sections(info(t, 'default'))).toEqual(def);
    const all = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Commandstats', 'Errorstats', 'Latencystats', 'Cluster', 'Keyspace'];
    expect(sections(info(t, 'all'))).toEqual(all);
    expect(sections(info(t, 'everything'))).toEqual(all);
    expect(sections(info(t, 'cpu', 'all'))).toEqual(all);
  });
  it('selected sections, case-insensitive, unknown ignored, in Redis order', () => {
    const t = new InProcess();
    expect(sections(info(t, 'CPU'))).toEqual(['CPU']);
    expect(sections(info(t, 'keyspace', 'server'))).toEqual(['Server', 'Keyspace']);
    expect(info(t, 'sentinel')).toBe('');
    expect(info(t, 'cpu', 'cpu').match(/used_cpu_user:/g)!.length).toBe(1);
  });
  it('format: CRLF lines, blank line between sections', () => {
    const t = new InProcess();
    const s = info(t, 'server', 'cluster');
    expect(s.endsWith('cluster_enabled:0\r\n')).toBe(true);
    expect(s).toContain('\r\n\r\n# Cluster\r\n');
    expect(field(s, 'redis_version')).toBe('7.0.15');
    expect(field(s, 'respite_version')).toMatch(/^\d+\.\d+\.\d+/);
    expect(field(s, 'process_id')).toBe(String(process.pid));
  });
  it('keyspace and stats values are real', () => {
    const t = new InProcess();
    t.server.dbs[0]!.setKey('a', '1');
    t.server.dbs[0]!.setKey('b', '1');
    t.server.dbs[0]!.setExpire('a', t.time + 100000);
    t.server.dbs[3]!.setKey('c', '1');
    const ks = info(t, 'keyspace');
    expect(ks).toBe('# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n');
    const before = Number(field(info(t, 'stats'), 'total_commands_processed'));
    t.run('PING');
    expect(Number(field(info(t, 'stats'), 'total_commands_processed'))).toBe(before + 2);
  });
  it('commandstats and errorstats', () => {
    const t = new InProcess();
    t.run('PING');
    t.run('PING');
    t.run('CLIENT', 'SETNAME', 'a b');
    t.run('NOSUCHCMD');
    t.run('HELLO', '9');
    const cs = info(t, 'commandstats');
    expect(cs).toMatch(/\r\ncmdstat_ping:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n/);
    expect(cs).toMatch(/cmdstat_client\|setname:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1\r\n/);
    const es = info(t, 'errorstats');
    expect(es).toBe('# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_NOPROTO:count=1\r\n');
  });
  it('feature modules fill fields through hooks.infoValues', () => {
    const t = new InProcess();
    t.server.hooks.infoValues.set('pubsub_channels', () => 7);
    const s = info(t, 'stats');
    expect(field(s, 'pubsub_channels')).toBe('7');
    // In Redis's position: after keyspace_misses.
    expect(s.indexOf('pubsub_channels')).toBeGreaterThan(s.indexOf('keyspace_misses'));
  });
  it('RESP3 replies with a verbatim string', () => {
    const t = new InProcess({}, 3);
    const r = t.run('INFO', 'cluster') as { type: string; format: string };
    expect(r.type).toBe('verbatim');
    expect(r.format).toBe('txt');
  });
});

describe('INFO latencystats', () => {
  it('HDR buckets at 2 significant digits, as Redis prints them', async () => {
    const { hdrBucket } = await import('../../src/commands/info');
    expect(hdrBucket(1)).toBe(1);
    expect(hdrBucket(255)).toBe(255);
    expect(hdrBucket(1000)).toBe(1003);
    expect(hdrBucket(2000)).toBe(2007);
    expect(hdrBucket(57000)).toBe(57087);
  });
  it('per-command percentile lines, reset by CONFIG RESETSTAT, off with latency-tracking no', () => {
    const t = new InProcess();
    t.run('PING');
    t.run('CLIENT', 'ID');
    const s = info(t, 'latencystats');
    expect(s).toMatch(/\r\nlatency_percentiles_usec_ping:p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}\r\n/);
    expect(s).toMatch(/latency_percentiles_usec_client\|id:p50=/);
    t.run('CONFIG', 'RESETSTAT');
    expect(info(t, 'latencystats')).not.toMatch(/usec_ping:/);
    t.run('CONFIG', 'SET', 'latency-tracking', 'no');
    t.run('PING');
    expect(info(t, 'latencystats')).not.toMatch(/usec_ping:/);
  });
});
