import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

/** Fields Redis prints that respite leaves out (no honest value), and respite's own extra field. */
const OMITTED = new Set([
  'redis_build_id', 'atomicvar_api', 'gcc_version', 'used_memory_overhead', 'used_memory_dataset',
  'used_memory_dataset_perc', 'allocator_allocated', 'allocator_active', 'allocator_resident', 'allocator_frag_ratio',
  'allocator_frag_bytes', 'allocator_rss_ratio', 'allocator_rss_bytes', 'rss_overhead_ratio', 'rss_overhead_bytes',
  'mem_total_replication_buffers', 'mem_cluster_links', 'current_cow_peak', 'current_cow_size', 'current_cow_size_age',
  'current_fork_perc', 'current_save_keys_processed', 'current_save_keys_total',
]);
const FILLED_BY_OTHERS = /^(used_memory_lua|used_memory_vm|used_memory_scripts|used_memory_functions|number_of_|mem_|rdb_|aof_|pubsub|tracking_|sync_|total_net_repl|instantaneous_.*repl|evicted_clients|total_eviction|current_eviction|latest_fork|total_forks|migrate_|slave_expires|active_defrag_|dump_payload|total_reads|total_writes|clients_in_timeout|lazyfreed)/;

type Sections = Map<string, [string, string][]>;
function parseInfo(text: string): Sections {
  const out: Sections = new Map();
  let cur: [string, string][] = [];
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) out.set(line.slice(2), (cur = []));
    else if (line.includes(':')) cur.push([line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]);
  }
  return out;
}
const kind = (v: string) => (/^-?\d+$/.test(v) ? 'int' : /^-?\d+\.\d+$/.test(v) ? 'float' : 'text');

describeDiff('INFO matches redis-server (field names, order and types)', () => {
  const d = useDiff();
  it('same sections for each section argument', async () => {
    for (const args of [[], ['default'], ['all'], ['everything'], ['cpu', 'sentinel'], ['SERVER', 'keyspace'], ['nosuch']]) {
      const [x, y] = await d.both('INFO', ...args);
      expect([...parseInfo(parseReply(x) as string).keys()], `INFO ${args.join(' ')}`).toEqual([...parseInfo(parseReply(y) as string).keys()]);
    }
  });
  it('fields are a subset of Redis fields, in Redis order, with the same value types', async () => {
    await d.both('SET', 'k', 'v');
    await d.both('GET', 'k');
    await d.both('GET', 'nokey');
    await d.both('NOSUCHCMD');
    const [x, y] = await d.both('INFO', 'everything');
    const ours = parseInfo(parseReply(x) as string);
    const theirs = parseInfo(parseReply(y) as string);
    for (const [sec, tf] of theirs) {
      if (sec === 'Commandstats' || sec === 'Errorstats' || sec === 'Latencystats' || sec === 'Keyspace') continue;
      const of = ours.get(sec)!.filter(([k]) => k !== 'respite_version');
      const theirNames = tf.map(([k]) => k);
      // Every field of ours exists in Redis, in the same relative order.
      const idx = of.map(([k]) => theirNames.indexOf(k));
      expect(idx.filter((i) => i < 0), `${sec}: fields unknown to Redis ${of.filter((_, i) => idx[i]! < 0).map(([k]) => k)}`).toEqual([]);
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
      // Every Redis field is either printed by us or on the known-omitted lists.
      const have = new Set(of.map(([k]) => k));
      const missing = theirNames.filter((k) => !have.has(k) && !OMITTED.has(k) && !FILLED_BY_OTHERS.test(k));
      expect(missing, `${sec}: missing fields`).toEqual([]);
      const theirMap = new Map(tf);
      for (const [k, v] of of) expect(kind(v), `${sec}.${k}: ours ${v} theirs ${theirMap.get(k)}`).toBe(kind(theirMap.get(k)!));
    }
  });
  it('keyspace, commandstats and errorstats lines have the same shape', async () => {
    await d.both('SET', 'k', 'v');
    await d.both('NOSUCHCMD');
    const [x, y] = await d.both('INFO', 'keyspace');
    expect(x).toBe(y);
    const [cx, cy] = await d.both('INFO', 'commandstats');
    const shape = (s: string) => (parseReply(s) as string).split('\r\n').find((l) => l.startsWith('cmdstat_set:'))!.replace(/\d+(\.\d+)?/g, 'N');
    expect(shape(cx)).toBe(shape(cy));
    const [ex, ey] = await d.both('INFO', 'errorstats');
    expect(ex).toBe(ey);
  });
});
