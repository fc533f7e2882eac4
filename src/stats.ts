/**
 * stats.ts — server-wide counters reported by INFO stats (Redis's server.stat_*), and the
 * instantaneous-metrics sampler (trackInstantaneousMetric in server.c).
 */

const SAMPLES = 16;

/** An instantaneous metric: the mean rate (per second) over the last 16 samples. */
export class Metric {
  private readonly samples = new Array<number>(SAMPLES).fill(0);
  private idx = 0;
  private lastTime = 0;
  private lastValue = 0;
  sample(now: number, value: number): void {
    if (this.lastTime !== 0) {
      const dt = now - this.lastTime;
      this.samples[this.idx] = dt > 0 ? ((value - this.lastValue) * 1000) / dt : 0;
      this.idx = (this.idx + 1) % SAMPLES;
    }
    this.lastTime = now;
    this.lastValue = value;
  }
  get value(): number {
    let s = 0;
    for (const v of this.samples) s += v;
    return s / SAMPLES;
  }
}

export class Stats {
  totalConnections = 0;
  rejectedConnections = 0;
  numCommands = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  expiredKeys = 0;
  expiredStalePerc = 0;
  expiredTimeCapReachedCount = 0;
  expireCycleCpuMs = 0;
  evictedKeys = 0;
  /** Values Redis would have freed in a background thread (UNLINK of big values, FLUSH* ASYNC). */
  lazyfreedObjects = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  clientOutputLimitDisconnections = 0;
  totalErrorReplies = 0;
  unexpectedErrorReplies = 0;
  /** Socket reads / writes handled (INFO total_reads_processed / total_writes_processed). */
  readsProcessed = 0;
  writesProcessed = 0;
  /** errorstats: error code (first word) → count. */
  readonly errors = new Map<string, number>();
  readonly opsPerSec = new Metric();
  readonly inputKbps = new Metric();
  readonly outputKbps = new Metric();
  private lastSample = 0;

  /** Counts an error reply under its code, as INFO errorstats shows it. */
  countError(line: string): void {
    this.totalErrorReplies++;
    const sp = line.indexOf(' ');
    const code = sp < 0 ? line : line.slice(0, sp);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Called from the cron; samples at most every 100 ms as Redis does. */
  sample(now: number): void {
    if (now - this.lastSample < 100) return;
    this.lastSample = now;
    this.opsPerSec.sample(now, this.numCommands);
    this.inputKbps.sample(now, this.netInputBytes / 1024);
    this.outputKbps.sample(now, this.netOutputBytes / 1024);
  }

  /** CONFIG RESETSTAT. */
  reset(): void {
    this.rejectedConnections = 0;
    this.totalConnections = 0;
    this.numCommands = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.expiredKeys = 0;
    this.expiredStalePerc = 0;
    this.expiredTimeCapReachedCount = 0;
    this.expireCycleCpuMs = 0;
    this.evictedKeys = 0;
    this.lazyfreedObjects = 0;
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.clientOutputLimitDisconnections = 0;
    this.totalErrorReplies = 0;
    this.unexpectedErrorReplies = 0;
    this.readsProcessed = 0;
    this.writesProcessed = 0;
    this.errors.clear();
  }
}
