/**
 * util/gc.ts: the full-GC entry point, and the serial scavenger the CLI chooses on small machines.
 */
import { describe, it, expect, afterEach } from 'vitest';
import v8 from 'node:v8';
import { getGc, serialScavengeOnSmallMachines } from '../../../src/util/gc';

describe('util/gc', () => {
  const saved = process.env.RESPITE_PARALLEL_SCAVENGE;
  afterEach(() => {
    if (saved === undefined) delete process.env.RESPITE_PARALLEL_SCAVENGE;
    else process.env.RESPITE_PARALLEL_SCAVENGE = saved;
    // Leave this test process with V8's default.
    v8.setFlagsFromString('--parallel-scavenge');
  });

  it('gives a working full-GC function without --expose-gc on the command line', () => {
    const gc = getGc();
    expect(typeof gc).toBe('function');
    expect(() => gc!()).not.toThrow();
  });

  it('switches the scavenger to serial on two cores or fewer, unless told not to', () => {
    expect(serialScavengeOnSmallMachines(8)).toBe(false);
    expect(serialScavengeOnSmallMachines(3)).toBe(false);
    process.env.RESPITE_PARALLEL_SCAVENGE = '1';
    expect(serialScavengeOnSmallMachines(2)).toBe(false);
    delete process.env.RESPITE_PARALLEL_SCAVENGE;
    expect(serialScavengeOnSmallMachines(2)).toBe(true);
    expect(serialScavengeOnSmallMachines(1)).toBe(true);
  });
});
