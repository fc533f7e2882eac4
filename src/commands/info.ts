/**
 * commands/info.ts — INFO [section ...] (https://redis.io/commands/info/), server.c's
 * genRedisInfoString. Sections, field names and their order are Redis 7.0's. Every value is
 * honest: a field we cannot fill is left out rather than faked (see FIELDS below: a field with
 * no getter is printed only when a feature module supplies it through server.hooks.infoValues).
 *
 * The reply is a verbatim string ("txt"), a bulk string under RESP2.
 */
import os from 'node:os';
import path from 'node:path';
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import type { Server } from '../server';
import type { Command } from './registry';
import { ClientFlag } from '../protocol/client';
import { REDIS_VERSION, RESPITE_VERSION } from '../server';
import { threadCpuUsage } from '../io-threads/thread-cpu';

type Getter = ((s: Server) => string | number) | null;

/** Section order as Redis prints them. */
const SECTION_ORDER = [
  'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules',
  'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace',
] as const;
const DEFAULT_SECTIONS = new Set(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace']);
const TITLES: Record<string, string> = {
  server: 'Server', clients: 'Clients', memory: 'Memory', persistence: 'Persistence', stats: 'Stats',
  replication: 'Replication', cpu: 'CPU', modules: 'Modules', commandstats: 'Commandstats',
  errorstats: 'Errorstats', latencystats: 'Latencystats', cluster: 'Cluster', keyspace: 'Keyspace',
};

let memPeak = 0;
let memStartup = 0;
const replId = randomHex(40);

function randomHex(n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

/** Memory we attribute to the server: the V8 heap plus buffers outside it (no allocator stats). */
function usedMemory(): number {
  const m = process.memoryUsage();
  const used = m.heapUsed + m.external;
  if (used > memPeak) memPeak = used;
  if (memStartup === 0) memStartup = used;
  return used;
}

/** bytesToHuman (server.c): 100B, 1.35M, 2.00G… */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (let i = 0; i < units.length; i++) {
    if (d < 1024 || i === units.length - 1) return `${d.toFixed(2)}${units[i]}`;
    d /= 1024;
  }
  return `${n}B`;
}

function cfg(s: Server, name: string): string | null {
  return s.config.spec(name) ? s.config.get(name) : null;
}

function countClients(s: Server, flag: ClientFlag): number {
  let n = 0;
  for (const c of s.clients.values()) if (c.flags & flag) n++;
  return n;
}

function cpuSeconds(us: number): string {
  return `${Math.floor(us / 1e6)}.${String(Math.floor(us % 1e6)).padStart(6, '0')}`;
}

const FIELDS: Record<string, [string, Getter][]> = {
  server: [
    ['redis_version', () => REDIS_VERSION],
    ['respite_version', () => RESPITE_VERSION],
    ['redis_git_sha1', () => '00000000'],
    ['redis_git_dirty', () => 0],
    ['redis_mode', () => 'standalone'],
    ['os', () => `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', () => (process.arch.endsWith('64') ? 64 : 32)],
    // Node's clocks (performance.now, process.hrtime) are libuv's uv_hrtime: clock_gettime(CLOCK_MONOTONIC).
    ['monotonic_clock', () => 'POSIX clock_gettime'],
    ['multiplexing_api', () => (process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue')],
    ['process_id', () => process.pid],
    ['process_supervised', () => 'no'],
    ['run_id', (s) => s.runId],
    ['tcp_port', (s) => s.port],
    ['server_time_usec', () => Math.floor((performance.timeOrigin + performance.now()) * 1000)],
    ['uptime_in_seconds', (s) => Math.floor((Date.now() - s.startedAt) / 1000)],
    ['uptime_in_days', (s) => Math.floor((Date.now() - s.startedAt) / 86400000)],
    ['hz', (s) => s.config.num('hz')],
    ['configured_hz', (s) => s.config.num('hz')],
    ['lru_clock', () => Math.floor(Date.now() / 1000) & 0xffffff],
    ['executable', () => path.resolve(process.argv[1] ?? process.execPath)],
    ['config_file', (s) => (s.configFile ? path.resolve(s.configFile) : '')],
    // Respite's I/O threads run for as long as io-threads > 1 (Redis parks its own when idle).
    ['io_threads_active', (s) => (s.ioThreads !== null ? 1 : 0)],
  ],
  clients: [
    ['connected_clients', (s) => s.clients.size],
    ['cluster_connections', () => 0],
    ['maxclients', (s) => s.config.num('maxclients')],
    ['client_recent_max_input_buffer', (s) => {
      let m = 0;
      for (const c of s.clients.values()) if (c.parser && c.parser.capacity > m) m = c.parser.capacity;
      return m;
    }],
    ['client_recent_max_output_buffer', (s) => {
      let m = 0;
      for (const c of s.clients.values()) {
        const n = c.outputPending + (c.writer ? c.writer.pending : 0);
        if (n > m) m = n;
      }
      return m;
    }],
    ['blocked_clients', (s) => countClients(s, ClientFlag.Blocked)],
    ['tracking_clients', (s) => countClients(s, ClientFlag.Tracking)],
    ['clients_in_timeout_table', null],
  ],
  memory: [
    ['used_memory', () => usedMemory()],
    ['used_memory_human', () => bytesToHuman(usedMemory())],
    ['used_memory_rss', () => process.memoryUsage.rss()],
    ['used_memory_rss_human', () => bytesToHuman(process.memoryUsage.rss())],
    ['used_memory_peak', () => (usedMemory(), memPeak)],
    ['used_memory_peak_human', () => (usedMemory(), bytesToHuman(memPeak))],
    ['used_memory_peak_perc', () => `${((usedMemory() * 100) / memPeak).toFixed(2)}%`],
    ['used_memory_overhead', null],
    ['used_memory_startup', () => (usedMemory(), memStartup)],
    ['used_memory_dataset', null],
    ['used_memory_dataset_perc', null],
    ['total_system_memory', () => os.totalmem()],
    ['total_system_memory_human', () => bytesToHuman(os.totalmem())],
    ['used_memory_lua', null],
    ['used_memory_vm_eval', null],
    ['used_memory_lua_human', null],
    ['used_memory_scripts_eval', null],
    ['number_of_cached_scripts', null],
    ['number_of_functions', null],
    ['number_of_libraries', null],
    ['used_memory_vm_functions', null],
    ['used_memory_vm_total', null],
    ['used_memory_vm_total_human', null],
    ['used_memory_functions', null],
    ['used_memory_scripts', null],
    ['used_memory_scripts_human', null],
    ['maxmemory', (s) => cfg(s, 'maxmemory') ?? 0],
    ['maxmemory_human', (s) => bytesToHuman(Number(cfg(s, 'maxmemory') ?? 0))],
    ['maxmemory_policy', (s) => cfg(s, 'maxmemory-policy') ?? 'noeviction'],
    ['mem_fragmentation_ratio', () => (process.memoryUsage.rss() / usedMemory()).toFixed(2)],
    ['mem_fragmentation_bytes', () => process.memoryUsage.rss() - usedMemory()],
    // No AOF buffer or replica buffers exist until persistence/replication register their own values.
    ['mem_not_counted_for_evict', () => 0],
    ['mem_replication_backlog', () => 0],
    ['mem_clients_slaves', () => 0],
    ['mem_clients_normal', (s) => {
      let n = 0;
      for (const c of s.clients.values()) n += (c.parser ? c.parser.capacity : 0) + c.outputPending + (c.writer ? c.writer.pending : 0);
      return n;
    }],
    ['mem_aof_buffer', () => 0],
    ['mem_allocator', () => 'v8'],
    ['active_defrag_running', () => 0],
    ['lazyfree_pending_objects', () => 0],
    ['lazyfreed_objects', (s) => s.stats.lazyfreedObjects],
  ],
  persistence: [
    ['loading', () => 0],
    ['async_loading', () => 0],
    ['rdb_changes_since_last_save', (s) => s.dirty],
    ['rdb_bgsave_in_progress', () => 0],
    ['rdb_last_save_time', (s) => s.lastSave],
    ['rdb_last_bgsave_status', null],
    ['rdb_last_bgsave_time_sec', null],
    ['rdb_current_bgsave_time_sec', null],
    ['rdb_saves', null],
    ['rdb_last_cow_size', null],
    ['rdb_last_load_keys_expired', null],
    ['rdb_last_load_keys_loaded', null],
    ['aof_enabled', (s) => (s.config.spec('appendonly') && s.config.bool('appendonly') ? 1 : 0)],
    ['aof_rewrite_in_progress', () => 0],
    ['aof_rewrite_scheduled', () => 0],
    ['aof_last_rewrite_time_sec', null],
    ['aof_current_rewrite_time_sec', null],
    ['aof_last_bgrewrite_status', null],
    ['aof_rewrites', null],
    ['aof_rewrites_consecutive_failures', null],
    ['aof_last_write_status', null],
    ['aof_last_cow_size', null],
    ['module_fork_in_progress', () => 0],
    ['module_fork_last_cow_size', () => 0],
  ],
  stats: [
    ['total_connections_received', (s) => s.stats.totalConnections],
    ['total_commands_processed', (s) => s.stats.numCommands],
    ['instantaneous_ops_per_sec', (s) => Math.floor(s.stats.opsPerSec.value)],
    ['total_net_input_bytes', (s) => s.stats.netInputBytes],
    ['total_net_output_bytes', (s) => s.stats.netOutputBytes],
    ['total_net_repl_input_bytes', null],
    ['total_net_repl_output_bytes', null],
    ['instantaneous_input_kbps', (s) => s.stats.inputKbps.value.toFixed(2)],
    ['instantaneous_output_kbps', (s) => s.stats.outputKbps.value.toFixed(2)],
    ['instantaneous_input_repl_kbps', null],
    ['instantaneous_output_repl_kbps', null],
    ['rejected_connections', (s) => s.stats.rejectedConnections],
    ['sync_full', null],
    ['sync_partial_ok', null],
    ['sync_partial_err', null],
    ['expired_keys', (s) => s.stats.expiredKeys],
    ['expired_stale_perc', (s) => (s.stats.expiredStalePerc * 100).toFixed(2)],
    ['expired_time_cap_reached_count', (s) => s.stats.expiredTimeCapReachedCount],
    ['expire_cycle_cpu_milliseconds', (s) => Math.floor(s.stats.expireCycleCpuMs)],
    ['evicted_keys', (s) => s.stats.evictedKeys],
    ['evicted_clients', null],
    ['total_eviction_exceeded_time', null],
    ['current_eviction_exceeded_time', null],
    ['keyspace_hits', (s) => s.stats.keyspaceHits],
    ['keyspace_misses', (s) => s.stats.keyspaceMisses],
    ['pubsub_channels', null],
    ['pubsub_patterns', null],
    ['pubsubshard_channels', null],
    ['latest_fork_usec', null],
    ['total_forks', null],
    ['migrate_cached_sockets', null],
    ['slave_expires_tracked_keys', null],
    ['active_defrag_hits', () => 0],
    ['active_defrag_misses', () => 0],
    ['active_defrag_key_hits', () => 0],
    ['active_defrag_key_misses', () => 0],
    ['total_active_defrag_time', () => 0],
    ['current_active_defrag_time', () => 0],
    ['tracking_total_keys', null],
    ['tracking_total_items', null],
    ['tracking_total_prefixes', null],
    ['unexpected_error_replies', (s) => s.stats.unexpectedErrorReplies],
    ['total_error_replies', (s) => s.stats.totalErrorReplies],
    ['dump_payload_sanitizations', null],
    ['total_reads_processed', (s) => s.stats.readsProcessed],
    ['total_writes_processed', (s) => s.stats.writesProcessed],
    ['io_threaded_reads_processed', (s) => (s.ioThreads !== null ? s.ioThreads.stats.reads : 0)],
    ['io_threaded_writes_processed', (s) => (s.ioThreads !== null ? s.ioThreads.stats.writes : 0)],
    ['reply_buffer_shrinks', () => 0],
    ['reply_buffer_expands', () => 0],
  ],
  replication: [
    ['role', (s) => (s.isReplica ? 'slave' : 'master')],
    ['connected_slaves', () => 0],
    ['master_failover_state', () => 'no-failover'],
    ['master_replid', () => replId],
    ['master_replid2', () => '0'.repeat(40)],
    ['master_repl_offset', () => 0],
    ['second_repl_offset', () => -1],
    ['repl_backlog_active', () => 0],
    ['repl_backlog_size', (s) => cfg(s, 'repl-backlog-size') ?? 1048576],
    ['repl_backlog_first_byte_offset', () => 0],
    ['repl_backlog_histlen', () => 0],
  ],
  cpu: [
    ['used_cpu_sys', () => cpuSeconds(process.cpuUsage().system)],
    ['used_cpu_user', () => cpuSeconds(process.cpuUsage().user)],
    ['used_cpu_sys_children', () => '0.000000'],
    ['used_cpu_user_children', () => '0.000000'],
    ['used_cpu_sys_main_thread', () => cpuSeconds(threadCpuUsage().system)],
    ['used_cpu_user_main_thread', () => cpuSeconds(threadCpuUsage().user)],
  ],
  modules: [],
  cluster: [['cluster_enabled', () => 0]],
};

function genFieldsSection(s: Server, name: string): string {
  const provided = s.hooks.infoValues;
  let out = '';
  for (const [field, getter] of FIELDS[name]!) {
    const p = provided.get(field);
    if (p !== undefined) out += `${field}:${p()}\r\n`;
    else if (getter !== null) out += `${field}:${getter(s)}\r\n`;
  }
  return out;
}

/** INFO's sanitising of names: ':' and CR/LF would break the "field:value" lines. */
function safeInfoName(name: string): string {
  return /[:\r\n]/.test(name) ? name.replace(/[:\r\n]/g, '_') : name;
}

function genCommandStats(cmds: Iterable<Command>): string {
  let out = '';
  for (const c of cmds) {
    if (c.calls || c.failedCalls || c.rejectedCalls) {
      const usec = Math.floor(c.usec);
      const per = c.calls === 0 ? 0 : c.usec / c.calls;
      out += `cmdstat_${safeInfoName(c.fullName)}:calls=${c.calls},usec=${usec},usec_per_call=${per.toFixed(2)},rejected_calls=${c.rejectedCalls},failed_calls=${c.failedCalls}\r\n`;
    }
    if (c.subcommands) out += genCommandStats(c.subcommands.values());
  }
  return out;
}

function genSection(s: Server, name: string): string {
  switch (name) {
    case 'commandstats':
      return genCommandStats(s.registry.all);
    case 'errorstats': {
      let out = '';
      for (const code of [...s.stats.errors.keys()].sort()) out += `errorstat_${code}:count=${s.stats.errors.get(code)}\r\n`;
      return out;
    }
    case 'latencystats':
      return genLatencyStats(s);
    case 'keyspace': {
      let out = '';
      for (const db of s.dbs) {
        const keys = db.dict.size;
        const expires = db.expires.size;
        if (keys || expires) out += `db${db.id}:keys=${keys},expires=${expires},avg_ttl=${Math.floor(db.avgTtl)}\r\n`;
      }
      return out;
    }
    default:
      return genFieldsSection(s, name);
  }
}

// -------------------------------------------------------------------------------------------------
// latencystats: per-command latency histograms (Redis keeps an HDR histogram with 2 significant
// digits, in ns, between 1 ns and 1 s; we keep the same buckets, so the reported values are the
// same bucket edges Redis prints, e.g. 1.003 for 1 µs).
// -------------------------------------------------------------------------------------------------

const LAT_MAX_NS = 1_000_000_000;
/** Buckets: 0..255 exact, then 128 sub-buckets per power of two up to 2^30 ns. */
const LAT_BUCKETS = 256 + 22 * 128;

/** The bucket of v (1 ≤ v ≤ 1e9 ns): exact below 256, then 2 significant digits (8 bits). */
function bucketIndex(v: number): number {
  if (v < 256) return v;
  const shift = 31 - Math.clz32(v) - 7;
  return 256 + (shift - 1) * 128 + ((v >>> shift) - 128);
}

/** The highest value that falls in bucket i (hdr_highest_equivalent_value). */
function bucketHighest(i: number): number {
  if (i < 256) return i;
  const shift = ((i - 256) >> 7) + 1;
  const sub = ((i - 256) & 127) + 128;
  return sub * 2 ** shift + 2 ** shift - 1;
}

/** The highest value equivalent to v at 2 significant digits (hdr_highest_equivalent_value). */
export function hdrBucket(v: number): number {
  return bucketHighest(bucketIndex(v));
}

/** hdr_value_at_percentile over one command's buckets. */
function valueAtPercentile(h: Uint32Array, total: number, percentile: number): number {
  const want = Math.max(1, Math.ceil((Math.min(percentile, 100) / 100) * total));
  let acc = 0;
  for (let i = 0; i < h.length; i++) {
    acc += h[i]!;
    if (acc >= want) return bucketHighest(i);
  }
  return 0;
}

/** The histogram bucket index of v ns (LATENCY HISTOGRAM's reporting levels). */
export function latencyBucketIndex(v: number): number {
  return bucketIndex(v);
}

/** Records one call's duration in its command's histogram (call() in dispatch.ts, while latency-tracking is on). */
export function recordCommandLatency(cmd: Command, usec: number): void {
  let h = cmd.latencyHist;
  if (h === null) h = cmd.latencyHist = new Uint32Array(LAT_BUCKETS);
  const ns = usec * 1000;
  h[ns < 1 ? 1 : ns >= LAT_MAX_NS ? bucketIndex(LAT_MAX_NS) : bucketIndex(ns | 0)]!++;
}

/** Follows latency-tracking, and has CONFIG RESETSTAT clear the histograms. */
export function installLatencyTracking(s: Server): void {
  s.config.onChange('latency-tracking', (v) => (s.latencyTracking = v === true));
  s.resetStatHooks.push(() => {
    for (const cmd of s.registry.all) {
      cmd.latencyHist = null;
      if (cmd.subcommands) for (const sub of cmd.subcommands.values()) sub.latencyHist = null;
    }
  });
}

function genLatencyStats(s: Server): string {
  const spec = s.config.spec('latency-tracking-info-percentiles');
  const pcts = (spec ? s.config.get(spec.name) : '50 99 99.9').split(' ').filter(Boolean);
  let out = '';
  const walk = (cmds: Iterable<Command>): void => {
    for (const cmd of cmds) {
      const h = cmd.latencyHist;
      if (h !== null) {
        let total = 0;
        for (let i = 0; i < h.length; i++) total += h[i]!;
        out += `latency_percentiles_usec_${safeInfoName(cmd.fullName)}:`;
        out += pcts.map((p) => `p${p}=${(valueAtPercentile(h, total, Number(p)) / 1000).toFixed(3)}`).join(',');
        out += '\r\n';
      }
      if (cmd.subcommands) walk(cmd.subcommands.values());
    }
  };
  walk(s.registry.all);
  return out;
}

/**
 * The INFO text for the given section arguments (genInfoSectionDict + genRedisInfoString):
 * no argument means "default"; "all" is every section; "everything" adds module sections
 * (we have none); unknown names are ignored. Sections are separated by an empty line.
 */
export function genInfoString(s: Server, args: readonly string[]): string {
  let all = false;
  const wanted = new Set<string>();
  if (args.length === 0) for (const d of DEFAULT_SECTIONS) wanted.add(d);
  for (const a of args) {
    const l = a.toLowerCase();
    if (l === 'all' || l === 'everything') all = true;
    else if (l === 'default') for (const d of DEFAULT_SECTIONS) wanted.add(d);
    else wanted.add(l);
  }
  let out = '';
  let n = 0;
  for (const name of SECTION_ORDER) {
    if (!all && !wanted.has(name)) continue;
    if (n++) out += '\r\n';
    out += `# ${TITLES[name]}\r\n` + genSection(s, name);
  }
  return out;
}

function infoCommand(c: CommandContext): void {
  c.reply.verbatim(genInfoString(c.server, c.argv.slice(1)));
}

export const infoCommands: readonly CommandSpec[] = [
  {
    name: 'info', arity: -1, flags: ['loading', 'stale', 'sentinel'], firstKey: 0, lastKey: 0, step: 0, acl: ['dangerous'], group: 'server',
    since: '1.0.0', summary: 'Get information and statistics about the server', complexity: 'O(1)',
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: infoCommand,
  },
];
