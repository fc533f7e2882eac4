/**
 * memory/idle-reclaim.ts — gives memory back to the OS once a listening server goes idle after
 * its heap grew (a bulk load, a burst of writes), as V8's memory reducer does for browsers.
 *
 * Why: V8 collects the old generation only when its heap limit heuristics say so. After a load
 * of 1M keys the heap holds the live data plus everything the load left behind (the keyspace
 * arrays' and hash table's old backing stores, request buffers that reached the old generation):
 * about 40% more than is live, kept as RSS for as long as the server stays idle, since an idle
 * server allocates nothing and so never reaches the next GC. Redis's allocator returns freed
 * pages on its own (jemalloc's decay); this is our equivalent.
 *
 * How: a 250 ms timer looks at the command and input-byte counters. Once nothing came in for
 * IDLE_MS and the V8 heap in use grew by more than max(MIN_GROWTH, GROWTH_FACTOR × the live size
 * measured after the previous reclaim), it trims the keyspace tables' spare capacity (a loaded
 * table's arrays carry up to 50% growth slack; see Dict.compact) and runs one full GC. The GC is
 * synchronous (≈ 100 ms with 1M small keys on a 2-core VM), so it is rate-limited by its own
 * cost: the next one waits at least COST_FACTOR × its duration (and MIN_INTERVAL_MS). A server
 * that never pauses never pays for it; one that does pays once per burst. Heaps above MAX_HEAP
 * (384 MB, a pause of ≈ 250 ms) are left alone: a longer one is too much to inflict on the
 * next client of a cache that was merely quiet.
 *
 * What it cannot give back: the young generation (V8 grows its semi-spaces to 16 MB each under
 * a write burst and keeps them; `node --max-semi-space-size=4 dist/cli.js` trades ~25 MB of RSS
 * for more scavenges, ≈ 5-10% more CPU on write-heavy loads).
 *
 * The GC entry point is V8's --expose-gc, enabled at run time as memory/gc-governor.ts does.
 */
import v8 from 'node:v8';
import { getGc } from '../util/gc';

const CHECK_MS = 250;
/** Quiet time (no command, no input byte) before the server counts as idle. */
const IDLE_MS = 1000;
/** Heap growth (bytes) below which a reclaim is not worth a full GC. */
const MIN_GROWTH = 32 * 1024 * 1024;
/** ... or this fraction of the live heap, whichever is larger. */
const GROWTH_FACTOR = 0.25;
/** The next reclaim waits at least this many times the duration of the last one. */
const COST_FACTOR = 50;
const MIN_INTERVAL_MS = 5000;
/**
 * Above this heap size a synchronous full GC would stall the next client for more than about a
 * quarter of a second (≈ 0.7 ms per MB here): leave the heap to V8's own, mostly concurrent,
 * collections.
 */
const MAX_HEAP = 384 * 1024 * 1024;

export class IdleReclaimer {
  private timer: NodeJS.Timeout | null = null;
  private lastActivity = -1;
  private lastActiveAt = 0;
  private nextAllowed = 0;
  /** Heap in use right after the last reclaim (or at start): the live size it compares against. */
  private live = -1;
  /** Reclaims done so far (for tests and INFO-style reporting). */
  reclaims = 0;
  /** Duration of the last reclaim, ms. */
  lastMs = 0;

  /**
   * `activity` is any counter that changes while the server works (commands + input bytes);
   * `compact` trims spare table capacity before the GC; the rest default to V8's (tests inject).
   */
  constructor(
    private readonly activity: () => number,
    private readonly compact: () => void,
    private readonly heapUsed: () => number = () => v8.getHeapStatistics().used_heap_size,
    private readonly gc: () => (() => void) | null = getGc,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts or stops the periodic check. */
  enable(on: boolean): void {
    if (on && this.timer === null) {
      this.live = this.heapUsed();
      this.lastActivity = this.activity();
      this.lastActiveAt = this.now();
      this.timer = setInterval(() => this.check(), CHECK_MS);
      this.timer.unref();
    } else if (!on && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** One check; returns true when it reclaimed. */
  check(): boolean {
    const now = this.now();
    const a = this.activity();
    if (a !== this.lastActivity) {
      this.lastActivity = a;
      this.lastActiveAt = now;
      return false;
    }
    if (now - this.lastActiveAt < IDLE_MS || now < this.nextAllowed) return false;
    const used = this.heapUsed();
    if (this.live < 0 || used < this.live) {
      // Not enabled through enable(), or V8 collected by itself: what is in use now is the reference.
      this.live = used;
      return false;
    }
    if (used - this.live < Math.max(MIN_GROWTH, this.live * GROWTH_FACTOR) || used > MAX_HEAP) return false;
    const gc = this.gc();
    if (gc === null) return false;
    const t0 = this.now();
    this.compact();
    gc();
    const t1 = this.now();
    this.live = this.heapUsed();
    this.reclaims++;
    this.lastMs = t1 - t0;
    this.nextAllowed = t1 + Math.max(MIN_INTERVAL_MS, (t1 - t0) * COST_FACTOR);
    return true;
  }
}
