import { describe, expect, it } from 'vitest';
import { GcGovernor } from '../../../src/memory/gc-governor';

const MB = 1024 * 1024;

describe('GcGovernor', () => {
  it('forces a GC only when the heap holds more than 1.5x used_memory + 32 MB, rate-limited by its cost', () => {
    let heap = 100 * MB;
    let now = 0;
    let gcs = 0;
    const used = 100 * MB;
    const g = new GcGovernor(
      () => used,
      () => heap,
      () => () => {
        gcs++;
        now += 50; // a 50 ms collection
        heap = used;
      },
      () => now,
    );
    g.check();
    expect(gcs).toBe(0); // 100 MB ≤ 150 + 32
    heap = 190 * MB;
    g.check();
    expect(gcs).toBe(1);
    heap = 300 * MB;
    now += 100; // within 10 x 50 ms of the last one
    g.check();
    expect(gcs).toBe(1);
    now += 500;
    g.check();
    expect(gcs).toBe(2);
    expect(g.forced).toBe(2);
  });

  it('raises its floor to the live heap it finds after a GC (memory it cannot account)', () => {
    let heap = 400 * MB;
    let now = 0;
    let gcs = 0;
    const g = new GcGovernor(
      () => 10 * MB,
      () => heap,
      () => () => {
        gcs++;
        heap = 300 * MB; // 300 MB stay live (not part of the dataset)
      },
      () => now,
    );
    g.check();
    expect(gcs).toBe(1);
    for (let i = 0; i < 10; i++) {
      now += 1000;
      heap = 400 * MB; // < 300 x 1.5 + 32: no storm
      g.check();
    }
    expect(gcs).toBe(1);
  });

  it('does nothing while inactive or without a GC entry point', () => {
    let gcs = 0;
    const g = new GcGovernor(() => 0, () => 1e12, () => () => gcs++, () => 0);
    g.active = () => false;
    g.check();
    expect(gcs).toBe(0);
    const h = new GcGovernor(() => 0, () => 1e12, () => null, () => 0);
    h.check();
    expect(h.forced).toBe(0);
  });
});
