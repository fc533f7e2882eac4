/**
 * memory/gc-governor.ts — keeps the V8 heap (and so RSS) within a bounded factor of the
 * accounted used_memory while maxmemory is set.
 *
 * Why: eviction deletes old keys, which by then live in V8's old generation; they are only
 * reclaimed by a major GC, and V8 lets the old generation grow to 2–3× the live size before it
 * runs one. Under a churn workload (new keys written, old keys evicted, as in cache mode) RSS
 * then climbs to 3.5× maxmemory. This governor checks the heap every 100 ms and asks for a full
 * collection once the heap in use exceeds GARBAGE_FACTOR × used_memory + SLACK, rate-limited so
 * that forced collections take at most ~1/COST_FACTOR of the time.
 *
 * The GC entry point is V8's --expose-gc, enabled at run time (as db/lazyfree.ts does); when it
 * cannot be had, the governor does nothing.
 */
import v8 from 'node:v8';
import { getGc } from '../util/gc';

const GARBAGE_FACTOR = 1.5;
const SLACK = 32 * 1024 * 1024;
const COST_FACTOR = 10;
const CHECK_MS = 100;

export class GcGovernor {
  private timer: NodeJS.Timeout | null = null;
  private nextAllowed = 0;
  /** The heap in use right after the last forced GC (live data, accounted or not). */
  private liveAfterGc = 0;
  /** Forced collections so far (for tests and the report). */
  forced = 0;
  /** Whether checks apply right now (the owner's condition, e.g. the server is listening). */
  active: () => boolean = () => true;

  /**
   * `usedMemory` is the accounted used_memory; `heapUsed` and `gc` default to V8's (tests inject
   * their own).
   */
  constructor(
    private readonly usedMemory: () => number,
    private readonly heapUsed: () => number = () => v8.getHeapStatistics().used_heap_size,
    private readonly gc: () => (() => void) | null = getGc,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts or stops the periodic check (on while maxmemory is set). */
  enable(on: boolean): void {
    if (on && this.timer === null) {
      this.timer = setInterval(() => this.check(), CHECK_MS);
      this.timer.unref();
    } else if (!on && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** One check: forces a major GC when the heap holds too much garbage (and the budget allows). */
  check(): void {
    const now = this.now();
    if (now < this.nextAllowed || !this.active()) return;
    const heapUsed = this.heapUsed();
    // The floor follows what survived the last forced GC: memory we don't account (scripts,
    // client objects, tables of other features) must not make every check force a GC.
    const floor = Math.max(this.usedMemory(), this.liveAfterGc) * GARBAGE_FACTOR + SLACK;
    if (heapUsed <= floor) return;
    const gc = this.gc();
    if (gc === null) return;
    const t0 = this.now();
    gc();
    const t1 = this.now();
    this.liveAfterGc = this.heapUsed();
    this.forced++;
    this.nextAllowed = t1 + (t1 - t0) * COST_FACTOR;
  }
}
