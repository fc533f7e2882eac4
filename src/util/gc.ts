/**
 * util/gc.ts — V8's full-GC entry point, for the few places that collect on purpose (the GC
 * governor under maxmemory, the idle reclaim, lazy frees). `--expose-gc` is switched on at run
 * time and `gc` fetched from a fresh context, so the process needs no command-line flag; null
 * where V8 refuses.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gcFn: (() => void) | null | undefined;

export function getGc(): (() => void) | null {
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
