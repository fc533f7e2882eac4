/**
 * io-threads/thread-cpu.ts — the calling thread's CPU time, for INFO cpu's
 * used_cpu_sys_main_thread / used_cpu_user_main_thread (Redis: getrusage(RUSAGE_THREAD)).
 *
 * Node >= 23.9 has process.threadCpuUsage(). On Node 20 and 22, Linux gives the thread's times
 * in /proc/thread-self: `schedstat` has its run time in nanoseconds (user + system), `stat` its
 * utime/stime in clock ticks (10 ms); the nanosecond total is split in the ticks' proportion.
 * Elsewhere the process's times stand in (the main thread does most of the work).
 */
import fs from 'node:fs';

export interface ThreadCpu {
  /** Microseconds. */
  user: number;
  system: number;
}

type WithThreadCpu = NodeJS.Process & { threadCpuUsage?: () => ThreadCpu };

let procWorks = process.platform === 'linux';

export function threadCpuUsage(): ThreadCpu {
  const p = process as WithThreadCpu;
  if (typeof p.threadCpuUsage === 'function') return p.threadCpuUsage();
  if (procWorks) {
    try {
      const totalUs = Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1000;
      const stat = fs.readFileSync('/proc/thread-self/stat', 'latin1');
      // Fields after the parenthesised command name (which may contain spaces): state is field 3,
      // utime field 14, stime field 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ut = Number(f[11]);
      const st = Number(f[12]);
      if (Number.isFinite(totalUs) && Number.isFinite(ut) && Number.isFinite(st)) {
        const sys = ut + st > 0 ? Math.round((totalUs * st) / (ut + st)) : 0;
        return { user: Math.round(totalUs) - sys, system: sys };
      }
    } catch {
      /* no /proc (container without it): fall through */
    }
    procWorks = false;
  }
  return process.cpuUsage();
}
