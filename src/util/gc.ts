/**
 * util/gc.ts — V8's garbage collector as the server uses it:
 *  - the full-GC entry point, for the few places that collect on purpose (the GC governor under
 *    maxmemory, the idle reclaim, lazy frees). `--expose-gc` is switched on at run time and `gc`
 *    fetched from a fresh context, so the process needs no command-line flag; null where V8
 *    refuses;
 *  - the choice of a serial young-generation GC on small machines (the CLI).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import os from 'node:os';

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

/**
 * The server's process (the CLI) on a machine with two cores or fewer: young-generation GCs
 * run on the main thread alone. respite, like Redis, serves from one thread; the scavenger's
 * helper threads would otherwise take the other core from whatever shares the machine (clients,
 * redis-benchmark), which on two cores cost 10-14 % of pipelined SET throughput. The flag is read
 * at every scavenge, so setting it at run time works. RESPITE_PARALLEL_SCAVENGE=1 keeps V8's
 * default. Returns whether it was switched off.
 */
export function serialScavengeOnSmallMachines(cores: number = os.availableParallelism()): boolean {
  if (cores > 2 || process.env.RESPITE_PARALLEL_SCAVENGE === '1') return false;
  try {
    v8.setFlagsFromString('--no-parallel-scavenge');
    return true;
  } catch {
    return false;
  }
}
