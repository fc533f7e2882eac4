/**
 * db/lazyfree.ts — the analogue of Redis's lazyfree.c. Redis hands big values (UNLINK, FLUSH*
 * ASYNC, lazyfree-lazy-* deletes) to a background thread so that the memory comes back without
 * blocking the command. In V8 a dropped value is only reclaimed by a later major GC, which may not
 * come for a long time on an idle server, so INFO used_memory would stay high. After such a big
 * free we therefore ask for one full collection soon after the command, which is the closest thing
 * to "freed in the background, shortly". Requests are coalesced and rate-limited by the cost of
 * the last collection (at most one a second, and no more than ~2% of the time in forced GCs), so
 * a workload that UNLINKs big values all the time cannot turn this into a GC storm.
 *
 * The GC entry point comes from V8's --expose-gc flag, enabled at run time; when that is not
 * possible the request is a no-op (the memory is still reclaimed eventually).
 * Imports nothing from the server.
 */
import { getGc } from '../util/gc';

/** LAZYFREE_THRESHOLD: frees of more allocations than this go to the background in Redis. */
export const LAZYFREE_THRESHOLD = 64;

const MIN_INTERVAL_MS = 1000;
/** Wait this many times the duration of the last forced GC before forcing another one. */
const COST_FACTOR = 50;

let timer: NodeJS.Timeout | null = null;
let nextAllowed = 0;

/** Requests a background reclaim of memory just released by a lazy free. Cheap to call often. */
export function scheduleLazyReclaim(): void {
  if (timer !== null) return;
  const wait = Math.max(10, nextAllowed - Date.now());
  timer = setTimeout(() => {
    timer = null;
    const gc = getGc();
    const t0 = Date.now();
    if (gc !== null) gc();
    const t1 = Date.now();
    nextAllowed = t1 + Math.max(MIN_INTERVAL_MS, (t1 - t0) * COST_FACTOR);
  }, wait);
  timer.unref();
}
