/**
 * commands/memory.ts — MEMORY USAGE / STATS / DOCTOR / PURGE / MALLOC-STATS / HELP
 * (https://redis.io/commands/memory-usage/, object.c memoryCommand).
 *
 * The numbers come from memory/accounting.ts: MEMORY USAGE with the default SAMPLES is exactly
 * what the key contributes to INFO used_memory. MEMORY STATS prints Redis's field names, in its
 * order; allocator-level fields (jemalloc's allocated/active/resident) have no V8 equivalent and
 * are filled from the V8 heap statistics (allocated = heap used, active = heap committed,
 * resident = RSS), which is what they mean there.
 */
import v8 from 'node:v8';
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { eq } from './args';
import { parseInt64 } from '../util/numbers';
import { memoryOf, overheadOfDicts, datasetBytes, dbOverhead } from '../memory/accounting';
import { DEFAULT_SAMPLES, usageBytes } from '../memory/estimate';
import { scheduleLazyReclaim } from '../db/lazyfree';

/**
 * MEMORY USAGE key [SAMPLES count]: bytes of the key, its entry and its value; nil when absent.
 * Like Redis it finds the key without lazy expiry and without touching it (dictFind).
 */
function memoryUsageCommand(c: CommandContext): void {
  const argv = c.argv;
  let samples = DEFAULT_SAMPLES;
  for (let j = 3; j < argv.length; j++) {
    if (eq(argv[j]!, 'samples') && j + 1 < argv.length) {
      const n = parseInt64(argv[j + 1]!);
      if (n === null) throw new ReplyError(E.notInteger);
      if (n < 0) throw new ReplyError(E.syntax);
      samples = n > 1e9 ? 1e9 : n;
      j++;
    } else {
      throw new ReplyError(E.syntax);
    }
  }
  const dict = c.db.dict;
  const slot = dict.slotOf(argv[2]!);
  if (slot < 0) return c.reply.nil();
  const key = dict.keyAt(slot);
  const v = dict.valueAt(slot);
  c.reply.int(usageBytes(key, v, samples));
}

/** MEMORY STATS: Redis's field names and order (getMemoryOverheadData + memoryCommand). */
function memoryStatsCommand(c: CommandContext): void {
  const server = c.server;
  const m = memoryOf(server);
  const used = m.used(true);
  const clients = m.clientsBytes();
  const overhead = m.baseline + clients + overheadOfDicts(server);
  const dataset = datasetBytes(server, m);
  const heap = v8.getHeapStatistics();
  const rss = process.memoryUsage.rss();
  let keys = 0;
  const dbs: [number, number, number][] = [];
  for (const db of server.dbs) {
    keys += db.dict.size;
    if (db.dict.size !== 0) dbs.push([db.id, ...dbOverhead(db)]);
  }
  const net = used - m.baseline;
  const r = c.reply;
  r.map(27 + dbs.length);
  r.bulk('peak.allocated');
  r.int(m.peak);
  r.bulk('total.allocated');
  r.int(used);
  r.bulk('startup.allocated');
  r.int(m.baseline);
  r.bulk('replication.backlog');
  r.int(0);
  r.bulk('clients.slaves');
  r.int(0);
  r.bulk('clients.normal');
  r.int(clients);
  r.bulk('cluster.links');
  r.int(0);
  r.bulk('aof.buffer');
  r.int(0);
  r.bulk('lua.caches');
  r.int(0);
  r.bulk('functions.caches');
  r.int(0);
  for (const [id, main, expires] of dbs) {
    r.bulk(`db.${id}`);
    r.map(3);
    r.bulk('overhead.hashtable.main');
    r.int(main);
    r.bulk('overhead.hashtable.expires');
    r.int(expires);
    r.bulk('overhead.hashtable.slot-to-keys');
    r.int(0);
  }
  r.bulk('overhead.total');
  r.int(overhead);
  r.bulk('keys.count');
  r.int(keys);
  r.bulk('keys.bytes-per-key');
  r.int(keys === 0 ? 0 : Math.floor(net / keys));
  r.bulk('dataset.bytes');
  r.int(dataset);
  r.bulk('dataset.percentage');
  r.double(net > 0 ? (dataset * 100) / net : 0);
  r.bulk('peak.percentage');
  r.double((used * 100) / m.peak);
  r.bulk('allocator.allocated');
  r.int(heap.used_heap_size);
  r.bulk('allocator.active');
  r.int(heap.total_heap_size);
  r.bulk('allocator.resident');
  r.int(rss);
  r.bulk('allocator-fragmentation.ratio');
  r.double(heap.total_heap_size / heap.used_heap_size);
  r.bulk('allocator-fragmentation.bytes');
  r.int(heap.total_heap_size - heap.used_heap_size);
  r.bulk('allocator-rss.ratio');
  r.double(rss / heap.total_heap_size);
  r.bulk('allocator-rss.bytes');
  r.int(rss - heap.total_heap_size);
  r.bulk('rss-overhead.ratio');
  r.double(rss / rss);
  r.bulk('rss-overhead.bytes');
  r.int(0);
  r.bulk('fragmentation');
  r.double(rss / used);
  r.bulk('fragmentation.bytes');
  r.int(rss - used);
}

/**
 * The MEMORY DOCTOR report (getMemoryDoctorReport), with the checks that have a meaning here.
 * "Empty" is judged on the memory above the start-up baseline (Redis starts at under 1 MB and
 * says empty below 5 MB in total; a V8 heap alone is bigger than that).
 */
export function memoryDoctorReport(c: CommandContext): string {
  const server = c.server;
  const m = memoryOf(server);
  const used = m.used(true);
  const issues: string[] = [];
  const empty = used - m.baseline + 1024 * 1024 < 1024 * 1024 * 5;
  if (!empty) {
    if (m.peak / used > 1.5) {
      issues.push(
        ' * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n',
      );
    }
    const rss = process.memoryUsage.rss();
    if (rss / used > 1.4 && rss - used > 10 * 1024 * 1024) {
      issues.push(
        ' * High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 (this means that the Resident Set Size of the Redis process is much larger than the sum of the logical allocations Redis performed). This problem is usually due either to a large peak memory (check if there is a peak memory entry above in the report) or may result from a workload that causes the allocator to fragment memory a lot. If the problem is a large peak memory, then there is no issue. Otherwise, make sure you are using the Jemalloc allocator and not the default libc malloc. Note: The currently used allocator is "v8".\n\n',
      );
    }
    const n = server.clients.size;
    if (n > 0 && m.clientsBytes(true) / n > 1024 * 200) {
      issues.push(
        ' * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending commands with large replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it causes problems in your instance, or to understand better why certain clients are using a big amount of memory.\n\n',
      );
    }
  }
  if (empty) {
    return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
  }
  if (issues.length === 0) return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  return 'Sam, I detected a few issues in this Redis instance memory implants:\n\n' + issues.join('') + "I'm here to keep you safe, Sam. I want to help you.\n";
}

function memoryDoctorCommand(c: CommandContext): void {
  c.reply.verbatim(memoryDoctorReport(c));
}

/** MEMORY PURGE: asks V8 for a full collection soon (the closest thing to purging dirty pages). */
function memoryPurgeCommand(c: CommandContext): void {
  scheduleLazyReclaim();
  c.reply.ok();
}

/** MEMORY MALLOC-STATS: what Redis says when its allocator has no statistics report. */
function memoryMallocStatsCommand(c: CommandContext): void {
  c.reply.bulk('Stats not supported for the current allocator');
}

const HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
  'HELP',
  '    Prints this help.',
];

function memoryHelpCommand(c: CommandContext): void {
  c.reply.array(HELP.length);
  for (const line of HELP) c.reply.status(line);
}

const G = 'server' as const;
const STATS_TIPS = ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'];

export const memoryCommands: readonly CommandSpec[] = [
  {
    name: 'memory', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: G,
    subcommands: [
      { name: 'doctor', arity: 2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: G, tips: STATS_TIPS, handler: memoryDoctorCommand },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, group: G, handler: memoryHelpCommand },
      { name: 'purge', arity: 2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: G, tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: memoryPurgeCommand },
      { name: 'usage', arity: -3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1, group: G, keyFlags: () => ['RO'], handler: memoryUsageCommand },
      { name: 'malloc-stats', arity: 2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: G, tips: STATS_TIPS, handler: memoryMallocStatsCommand },
      { name: 'stats', arity: 2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: G, tips: STATS_TIPS, handler: memoryStatsCommand },
    ],
  },
];
