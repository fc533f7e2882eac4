/**
 * latency.ts — the latency monitor (latency.c): per-event time series of the worst latency (ms)
 * in each second, 160 samples per event, plus the all-time max. Events are recorded only when
 * latency-monitor-threshold (ms) is non-zero and the latency reaches it. `command` and
 * `fast-command` come from call() (commands/dispatch.ts); other modules report their own events
 * (expire-cycle, eviction-cycle, …) through latencyAddSampleIfNeeded().
 */
import type { Server } from './server';
import type { Command } from './commands/registry';

export const LATENCY_TS_LEN = 160;

export interface LatencySample {
  time: number;
  latency: number;
}

export class LatencySeries {
  idx = 0;
  max = 0;
  readonly samples: LatencySample[] = [];
  constructor() {
    for (let i = 0; i < LATENCY_TS_LEN; i++) this.samples.push({ time: 0, latency: 0 });
  }

  /** latencyAddSample: one sample per second (the worst). */
  add(latency: number, now: number): void {
    if (latency > this.max) this.max = latency;
    const prev = this.samples[(this.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN]!;
    if (prev.time === now) {
      if (latency > prev.latency) prev.latency = latency;
      return;
    }
    const s = this.samples[this.idx]!;
    s.time = now;
    s.latency = latency;
    this.idx = (this.idx + 1) % LATENCY_TS_LEN;
  }

  /** The samples that exist, oldest first. */
  ordered(): LatencySample[] {
    const out: LatencySample[] = [];
    for (let j = 0; j < LATENCY_TS_LEN; j++) {
      const s = this.samples[(this.idx + j) % LATENCY_TS_LEN]!;
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  latest(): LatencySample {
    return this.samples[(this.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN]!;
  }
}

export class LatencyMonitor {
  /** Insertion-ordered: LATENCY LATEST lists events in this order. */
  readonly events = new Map<string, LatencySeries>();
  threshold: number;

  constructor(server: Server) {
    this.threshold = server.config.num('latency-monitor-threshold');
    server.config.onChange('latency-monitor-threshold', (v) => (this.threshold = Number(v)));
  }

  /** The `command` or `fast-command` event of a call() that took `usec` (≥ the threshold). */
  commandSample(cmd: Command, usec: number): void {
    this.addSample(cmd.spec.flags.includes('fast') ? 'fast-command' : 'command', Math.floor(usec / 1000));
  }

  addSample(event: string, ms: number): void {
    let ts = this.events.get(event);
    if (ts === undefined) this.events.set(event, (ts = new LatencySeries()));
    ts.add(Math.floor(ms), Math.floor(Date.now() / 1000));
  }

  /** latencyResetEvent: null resets every event. Returns how many were reset. */
  reset(event: string | null): number {
    let n = 0;
    for (const name of [...this.events.keys()]) {
      if (event === null || name.toLowerCase() === event.toLowerCase()) {
        this.events.delete(name);
        n++;
      }
    }
    return n;
  }
}

/** latencyAddSampleIfNeeded: records `ms` for `event` when monitoring is on and ms ≥ threshold. */
export function latencyAddSampleIfNeeded(server: Server, event: string, ms: number): void {
  const m = server.latency;
  if (m.threshold !== 0 && ms >= m.threshold) m.addSample(event, ms);
}
