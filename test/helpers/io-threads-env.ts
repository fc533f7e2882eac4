/**
 * test/helpers/io-threads-env.ts — the threaded test pass's settings (see start-server.ts).
 * Imports nothing from the server, so real-redis.ts can use it too.
 *
 * RESPITE_TEST_IO_THREADS=N (N > 1): in-process servers listen with io-threads N, and the real
 * redis-server of the differential tests gets --io-threads N too (its CONFIG GET then agrees).
 * RESPITE_TEST_IO_THREADS_DO_READS=yes|no|per-file (default per-file: a stable hash of the test
 * file's path picks yes or no, so both modes run in one pass and a file always gets the same).
 */
import path from 'node:path';
import { expect } from 'vitest';

/** io-threads of the threaded pass, or 1 when it isn't on. */
export function testIoThreads(): number {
  const n = Number(process.env.RESPITE_TEST_IO_THREADS ?? '1');
  return Number.isInteger(n) && n > 1 ? n : 1;
}

/** io-threads-do-reads of the threaded pass for the current test file. */
export function testDoReads(): boolean {
  const mode = (process.env.RESPITE_TEST_IO_THREADS_DO_READS ?? 'per-file').toLowerCase();
  if (mode === 'yes') return true;
  if (mode === 'no') return false;
  const file = path.basename(expect.getState().testPath ?? '');
  let h = 2166136261;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 16777619);
  return ((h >>> 0) & 1) === 1;
}

/** Extra redis-server arguments of the threaded pass (none otherwise). */
export function realRedisIoThreadsArgs(): string[] {
  const n = testIoThreads();
  if (n === 1) return [];
  return ['--io-threads', String(n), '--io-threads-do-reads', testDoReads() ? 'yes' : 'no'];
}
