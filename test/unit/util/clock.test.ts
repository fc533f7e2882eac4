/** util/clock.ts: wall-clock ms from performance.now() readings, re-anchored after a clock step. */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { wallMs, checkWallClock } from '../../../src/util/clock';

function skew(): number {
  const before = Date.now();
  const est = wallMs(performance.now());
  const after = Date.now();
  if (est < before) return est - before;
  if (est > after) return est - after;
  return 0;
}

describe('wallMs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    checkWallClock();
  });

  it('agrees with Date.now() to within a millisecond, and is never behind it', () => {
    for (let i = 0; i < 1000; i++) {
      const d = skew();
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(1);
    }
  });

  it('follows a stepped system clock once the cron checks it, both ways', () => {
    for (const step of [60_000, -3_600_000]) {
      const real = Date.now.bind(Date);
      vi.spyOn(Date, 'now').mockImplementation(() => real() + step);
      expect(Math.abs(skew())).toBeGreaterThan(1000);
      checkWallClock();
      expect(skew()).toBeGreaterThanOrEqual(0);
      expect(skew()).toBeLessThanOrEqual(1);
      vi.restoreAllMocks();
      checkWallClock();
      expect(skew()).toBeGreaterThanOrEqual(0);
      expect(skew()).toBeLessThanOrEqual(1);
    }
  });
});
