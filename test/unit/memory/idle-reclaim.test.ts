import { describe, expect, it } from 'vitest';
import { IdleReclaimer } from '../../../src/memory/idle-reclaim';

const MB = 1024 * 1024;

function setup(heapAtStart = 10 * MB) {
  const st = { heap: heapAtStart, now: 0, activity: 0, gcs: 0, compacts: 0, live: heapAtStart };
  const r = new IdleReclaimer(
    () => st.activity,
    () => st.compacts++,
    () => st.heap,
    () => () => {
      st.gcs++;
      st.now += 100; // a 100 ms collection
      st.heap = st.live;
    },
    () => st.now,
  );
  return { st, r };
}

describe('IdleReclaimer', () => {
  it('collects once the server is idle for a second after its heap grew, and only then', () => {
    const { st, r } = setup();
    r.enable(true);
    r.enable(false); // (no timer in tests: checks are driven by hand)
    // A bulk load: the heap grows, commands keep coming.
    for (let i = 0; i < 20; i++) {
      st.activity += 1000;
      st.heap += 10 * MB;
      st.now += 250;
      expect(r.check()).toBe(false);
    }
    st.live = 150 * MB;
    // Quiet, but not for a whole second yet.
    st.now += 250;
    expect(r.check()).toBe(false);
    st.now += 500;
    expect(r.check()).toBe(false);
    st.now += 500;
    expect(r.check()).toBe(true);
    expect(st.gcs).toBe(1);
    expect(st.compacts).toBe(1);
    expect(r.reclaims).toBe(1);
    expect(r.lastMs).toBe(100);
    // Still idle, heap back to the live size: nothing more to do.
    for (let i = 0; i < 40; i++) {
      st.now += 250;
      expect(r.check()).toBe(false);
    }
    expect(st.gcs).toBe(1);
  });

  it('ignores growth below max(32 MB, 25% of the live heap)', () => {
    const { st, r } = setup(200 * MB);
    r.enable(true);
    r.enable(false);
    st.activity++;
    st.heap += 45 * MB; // < 50 MB (25% of 200 MB)
    st.now += 250;
    r.check();
    st.now += 2000;
    expect(r.check()).toBe(false);
    st.activity++;
    st.heap += 10 * MB;
    st.now += 250;
    r.check();
    st.now += 2000;
    expect(r.check()).toBe(true);
  });

  it('is rate-limited by its own cost', () => {
    const { st, r } = setup();
    r.enable(true);
    r.enable(false);
    st.heap = 100 * MB;
    st.now += 2000;
    expect(r.check()).toBe(true); // took 100 ms: the next one waits ≥ 5 s
    st.activity++;
    st.heap = 100 * MB;
    st.now += 250;
    r.check();
    st.now += 1500;
    expect(r.check()).toBe(false);
    st.now += 4000;
    expect(r.check()).toBe(true);
  });

  it('takes a heap that shrank on its own as the new reference', () => {
    const { st, r } = setup(100 * MB);
    r.enable(true);
    r.enable(false);
    st.heap = 40 * MB; // V8 collected by itself
    st.now += 2000;
    expect(r.check()).toBe(false);
    st.heap = 60 * MB; // +20 MB over the new reference: not enough
    st.now += 250;
    expect(r.check()).toBe(false);
    st.heap = 80 * MB;
    st.now += 250;
    expect(r.check()).toBe(true);
  });

  it('leaves heaps above 1 GB to V8 (the pause would be too long)', () => {
    const { st, r } = setup(900 * MB);
    r.enable(true);
    r.enable(false);
    st.heap = 1200 * MB;
    st.now += 2000;
    expect(r.check()).toBe(false);
    expect(st.gcs).toBe(0);
  });

  it('does nothing without a GC entry point', () => {
    let compacts = 0;
    const r = new IdleReclaimer(
      () => 0,
      () => compacts++,
      () => 500 * MB,
      () => null,
      () => 10_000,
    );
    expect(r.check()).toBe(false);
    expect(r.check()).toBe(false);
    expect(compacts).toBe(0);
  });
});
