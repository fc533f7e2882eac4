/**
 * commands/latency.ts — LATENCY LATEST | HISTORY | RESET | GRAPH | DOCTOR | HISTOGRAM | HELP
 * (latencyCommand in latency.c, https://redis.io/docs/management/optimization/latency-monitor/).
 * The event series live in src/latency.ts; HISTOGRAM reads the per-command histograms that
 * INFO latencystats keeps (commands/info.ts).
 */
import type { CommandSpec, Flag } from './registry';
import type { Command } from './registry';
import type { CommandContext } from './context';
import { ReplyError } from '../errors';
import { replyHelp } from './help-reply';
import type { LatencySeries } from '../latency';
import { latencyBucketIndex, hdrBucket } from './info';

function latencyLatestCommand(c: CommandContext): void {
  const m = c.server.latency;
  const r = c.reply;
  r.array(m.events.size);
  for (const [name, ts] of m.events) {
    const last = ts.latest();
    r.array(4);
    r.bulk(name);
    r.int(last.time);
    r.int(last.latency);
    r.int(ts.max);
  }
}

function latencyHistoryCommand(c: CommandContext): void {
  const ts = c.server.latency.events.get(c.argv[2]!);
  const r = c.reply;
  if (ts === undefined) {
    r.array(0);
    return;
  }
  const samples = ts.ordered();
  r.array(samples.length);
  for (const s of samples) {
    r.array(2);
    r.int(s.time);
    r.int(s.latency);
  }
}

function latencyResetCommand(c: CommandContext): void {
  const m = c.server.latency;
  if (c.argv.length === 2) {
    c.reply.int(m.reset(null));
    return;
  }
  let n = 0;
  for (let j = 2; j < c.argv.length; j++) n += m.reset(c.argv[j]!);
  c.reply.int(n);
}

const GRAPH_COLS = 80;
const CHARSET = '_-`';
const CHARSET_FILL = '_o#';

/** sparklineRender with SPARKLINE_FILL, 4 rows, labels under each column. */
function sparkline(values: number[], labels: string[], rows: number): string {
  let out = '';
  for (let off = 0; off < values.length; off += GRAPH_COLS) {
    const len = Math.min(GRAPH_COLS, values.length - off);
    if (off !== 0) out += '\n';
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    let relmax = max - min;
    if (relmax === 0) relmax = 1;
    const steps = CHARSET.length * rows;
    for (let row = 0; ; row++) {
      let loop = false;
      const chars = new Array<string>(len).fill(' ');
      for (let j = 0; j < len; j++) {
        const v = values[j + off]!;
        let step = Math.trunc(((v - min) * steps) / relmax);
        if (step < 0) step = 0;
        if (step >= steps) step = steps - 1;
        if (row < rows) {
          const idx = step - (rows - row - 1) * CHARSET.length;
          loop = true;
          if (idx >= 0 && idx < CHARSET.length) chars[j] = CHARSET_FILL[idx]!;
          else if (idx >= CHARSET.length) chars[j] = '|';
        } else {
          if (row - rows < 1) {
            loop = true;
            break;
          }
          const label = labels[j + off]!;
          const ch = row - rows - 1;
          if (label.length > ch) {
            loop = true;
            chars[j] = label[ch]!;
          }
        }
      }
      if (!loop) break;
      out += chars.join('') + '\n';
    }
  }
  return out;
}

function latencyGraphCommand(c: CommandContext): void {
  const event = c.argv[2]!;
  const ts: LatencySeries | undefined = c.server.latency.events.get(event);
  if (ts === undefined) throw new ReplyError(`ERR No samples available for event '${event}'`);
  const now = Math.floor(Date.now() / 1000);
  const values: number[] = [];
  const labels: string[] = [];
  for (const s of ts.ordered()) {
    values.push(s.latency);
    const el = now - s.time;
    labels.push(el < 60 ? `${el}s` : el < 3600 ? `${Math.floor(el / 60)}m` : el < 86400 ? `${Math.floor(el / 3600)}h` : `${Math.floor(el / 86400)}d`);
  }
  const hi = values.length ? Math.max(...values) : 0;
  const lo = values.length ? Math.min(...values) : 0;
  let graph = `${event} - high ${hi} ms, low ${lo} ms (all time high ${ts.max} ms)\n`;
  graph += '-'.repeat(GRAPH_COLS) + '\n';
  graph += sparkline(values, labels, 4);
  c.reply.verbatim(graph);
}

/** createLatencyReport, in a shortened form: the per-event statistics and the main advice. */
function latencyDoctorCommand(c: CommandContext): void {
  const m = c.server.latency;
  if (m.events.size === 0 && m.threshold === 0) {
    c.reply.verbatim(
      'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n',
    );
    return;
  }
  let report = '';
  let n = 0;
  let advices = 0;
  let slowlogInspect = false;
  const now = Math.floor(Date.now() / 1000);
  for (const [event, ts] of m.events) {
    n++;
    if (n === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    const samples = ts.ordered();
    let sum = 0;
    let oldest = 0;
    for (const s of samples) {
      sum += s.latency;
      if (oldest === 0 || s.time < oldest) oldest = s.time;
    }
    const avg = samples.length ? Math.floor(sum / samples.length) : 0;
    let mad = 0;
    for (const s of samples) mad += Math.abs(avg - s.latency);
    mad = samples.length ? Math.floor(mad / samples.length) : 0;
    const period = Math.max(1, now - oldest);
    report += `${n}. ${event}: ${samples.length} latency spikes (average ${avg}ms, mean deviation ${mad}ms, period ${(period / samples.length).toFixed(2)} sec). Worst all time event ${ts.max}ms.\n`;
    if (event === 'command') {
      slowlogInspect = true;
      advices += 2;
    }
  }
  if (n === 0) {
    report +=
      'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
  } else if (advices === 0) {
    report +=
      "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n";
  } else {
    report += '\nI have a few advices for you:\n\n';
    if (slowlogInspect) {
      report +=
        "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n";
      report +=
        '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
    }
  }
  c.reply.verbatim(report);
}

/** fillCommandCDF: calls, then cumulative counts at 1024·2^k ns (as µs), where they grow. */
function replyCommandCdf(c: CommandContext, h: Uint32Array): void {
  let total = 0;
  for (let i = 0; i < h.length; i++) total += h[i]!;
  const points: number[] = [];
  let cum = 0;
  let prev = 0;
  let bucket = 0;
  for (let level = 1024; cum < total && level <= 2 ** 31; level *= 2) {
    const upto = latencyBucketIndex(level);
    for (; bucket <= upto && bucket < h.length; bucket++) cum += h[bucket]!;
    if (cum > prev) points.push(Math.floor(hdrBucket(level) / 1000), cum);
    prev = cum;
  }
  const r = c.reply;
  r.map(2);
  r.bulk('calls');
  r.int(total);
  r.bulk('histogram_usec');
  r.map(points.length / 2);
  for (const p of points) r.int(p);
}

function latencyHistogramCommand(c: CommandContext): void {
  const server = c.server;
  const found: [Command, Uint32Array][] = [];
  const add = (cmd: Command): void => {
    const h = cmd.latencyHist;
    if (h !== null) found.push([cmd, h]);
  };
  if (c.argv.length === 2) {
    for (const cmd of server.registry.all) {
      add(cmd);
      if (cmd.subcommands) for (const sub of cmd.subcommands.values()) add(sub);
    }
  } else {
    for (let j = 2; j < c.argv.length; j++) {
      const cmd = server.registry.lookupFull(c.argv[j]!);
      if (cmd === undefined) continue;
      add(cmd);
      if (cmd.subcommands) for (const sub of cmd.subcommands.values()) add(sub);
    }
  }
  c.reply.map(found.length);
  for (const [cmd, h] of found) {
    c.reply.bulk(cmd.fullName);
    replyCommandCdf(c, h);
  }
}

const HELP = [
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
];

function latencyHelpCommand(c: CommandContext): void {
  replyHelp(c, HELP);
}

const ADMIN: readonly Flag[] = ['admin', 'noscript', 'loading', 'stale'];
const SPECIAL = ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'];

function sub(name: string, arity: number, handler: (c: CommandContext) => void, since: string, summary: string, tips?: string[]): CommandSpec {
  return {
    name, arity, flags: ADMIN, firstKey: 0, lastKey: 0, step: 0, group: 'server', since, summary, complexity: 'O(1)', handler,
    ...(tips ? { tips } : {}),
  };
}

export const latencyCommands: readonly CommandSpec[] = [
  {
    name: 'latency', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '2.8.13', summary: 'A container for latency diagnostics commands', complexity: 'Depends on subcommand.',
    subcommands: [
      sub('latest', 2, latencyLatestCommand, '2.8.13', 'Return the latest latency samples for all events.', SPECIAL),
      sub('graph', 3, latencyGraphCommand, '2.8.13', 'Return a latency graph for the event.', SPECIAL),
      sub('doctor', 2, latencyDoctorCommand, '2.8.13', 'Return a human readable latency analysis report.', SPECIAL),
      {
        name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '2.8.13',
        summary: 'Show helpful text about the different subcommands.', complexity: 'O(1)', handler: latencyHelpCommand,
      },
      {
        ...sub('histogram', -2, latencyHistogramCommand, '7.0.0', 'Return the cumulative distribution of latencies of a subset of commands or all.', SPECIAL),
        complexity: 'O(N) where N is the number of commands with latency information being retrieved.',
      },
      sub('reset', -2, latencyResetCommand, '2.8.13', 'Reset latency data for one or more events.', ['request_policy:all_nodes', 'response_policy:all_succeeded']),
      sub('history', 3, latencyHistoryCommand, '2.8.13', 'Return timestamp-latency samples for the event.', SPECIAL),
    ],
  },
];
