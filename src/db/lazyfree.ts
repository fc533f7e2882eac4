/**
 * db/lazyfree.ts — the analogue of Redis's lazyfree.c. Redis hands big values (UNLINK, FLUSH*
 * ASYNC, lazyfree-lazy-* deletes) to a background thread so that the memory comes back without
 * blocking the command. In V8 a dropped value is only reclaimed by a later major GC, which may not
 * come for a long time on an idle server, so INFO used_memory would stay high. After such a big
 * free we therefore ask for one full collection soon after the command (debounced: at most one a
 * second), which is the closest thing to "freed in the background, shortly".
 *
 * The GC entry point comes from V8's --expose-gc flag, enabled at run time; when that is not
 * possible the request is a no-op (the memory is still reclaimed eventually).
 * Imports nothing from the server.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** LAZYFREE_THRESHOLD: frees of more allocations than this go to the background in Redis. */
export const LAZYFREE_THRESHOLD = 64;

const MIN_INTERVAL_MS = 1000;

let gcFn: (() => void) | null | undefined;
let timer: NodeJS.Timeout | null = null;
let lastRun = 0;

function getGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  try {
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === 'function') {
      gcFn = g;
    } else {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/** Requests a background reclaim of memory just released by a lazy free. Cheap to call often. */
export function scheduleLazyReclaim(): void {
  if (timer !== null) return;
  const wait = Math.max(10, lastRun + MIN_INTERVAL_MS - Date.now());
  timer = setTimeout(() => {
    timer = null;
    lastRun = Date.now();
    const gc = getGc();
    if (gc !== null) gc();
  }, wait);
  timer.unref();
}
