/**
 * The active expire cycle (db/expire.ts) run directly against an in-process server with a fake
 * clock: what it deletes, when it stops, the cursor walk's coverage, and its statistics.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { InProcess } from '../helpers/run';
import { activeExpireCycle, setActiveExpire } from '../../src/db/expire';

let t: InProcess;
beforeEach(() => {
  t = new InProcess();
});

function fill(n: number, expiredEvery: number, db = 0): void {
  const d = t.server.dbs[db]!;
  for (let i = 0; i < n; i++) {
    d.setKey(`k${i}`, 'v');
    d.setExpire(`k${i}`, i % expiredEvery === 0 ? t.time - 1 : t.time + 100000);
  }
}

describe('activeExpireCycle', () => {
  it('keeps sampling a db while more than 10% of the sample was expired', () => {
    fill(1000, 2); // 500 expired
    activeExpireCycle(t.server, t.time);
    const left = t.server.dbs[0]!.size;
    expect(left).toBeLessThan(600);
    expect(left).toBeGreaterThanOrEqual(500);
    expect(t.server.stats.expiredKeys).toBe(1000 - left);
    // live keys are never touched
    for (let i = 1; i < 1000; i += 2) expect(t.server.dbs[0]!.dict.has(`k${i}`)).toBe(true);
  });

  it('a key expiring exactly now is not expired yet (now > when)', () => {
    const d = t.server.dbs[0]!;
    d.setKey('edge', 'v');
    d.setExpire('edge', t.time);
    activeExpireCycle(t.server, t.time);
    expect(d.size).toBe(1);
    activeExpireCycle(t.server, t.time + 1);
    expect(d.size).toBe(0);
  });

  it('walks the whole table: a lone expired key among many is found within size/20 cycles', () => {
    fill(1000, 100000); // only k0 expired
    t.server.dbs[0]!.setExpire('k0', t.time + 100000);
    t.server.dbs[0]!.setExpire('k777', t.time - 1);
    let cycles = 0;
    while (t.server.dbs[0]!.dict.has('k777')) {
      activeExpireCycle(t.server, t.time);
      expect(++cycles).toBeLessThanOrEqual(1000 / 20 + 1);
    }
    expect(t.server.dbs[0]!.size).toBe(999);
  });

  it('visits every database, and fires expired events', () => {
    const events: string[] = [];
    t.server.notifyFlags = 0xffff;
    t.server.hooks.publish = (ch, msg) => {
      if (ch.includes('keyevent') && ch.endsWith('expired')) events.push(`${ch}:${msg}`);
      return 0;
    };
    for (const db of [0, 5, 15]) {
      const d = t.server.dbs[db]!;
      d.setKey('x', 'v');
      d.setExpire('x', t.time - 1);
    }
    activeExpireCycle(t.server, t.time);
    expect(events.sort()).toEqual(['__keyevent@0__:expired:x', '__keyevent@15__:expired:x', '__keyevent@5__:expired:x']);
  });

  it('updates avg_ttl and expired_stale_perc', () => {
    fill(100, 4);
    activeExpireCycle(t.server, t.time);
    expect(t.server.dbs[0]!.avgTtl).toBeGreaterThan(0);
    expect(t.server.dbs[0]!.avgTtl).toBeLessThanOrEqual(100000);
    expect(t.server.stats.expiredStalePerc).toBeGreaterThan(0);
    expect(t.server.stats.expiredStalePerc).toBeLessThan(0.05);
    t.server.dbs[0]!.flush();
    activeExpireCycle(t.server, t.time);
    expect(t.server.dbs[0]!.avgTtl).toBe(0);
  });

  it('does nothing when disabled, paused or on a replica', () => {
    fill(10, 1);
    setActiveExpire(t.server, false);
    activeExpireCycle(t.server, t.time);
    expect(t.server.dbs[0]!.size).toBe(10);
    setActiveExpire(t.server, true);
    t.server.expiryPaused = true;
    activeExpireCycle(t.server, t.time);
    expect(t.server.dbs[0]!.size).toBe(10);
    t.server.expiryPaused = false;
    t.server.isReplica = true;
    activeExpireCycle(t.server, t.time);
    expect(t.server.dbs[0]!.size).toBe(10);
    t.server.isReplica = false;
    activeExpireCycle(t.server, t.time);
    expect(t.server.dbs[0]!.size).toBe(0);
  });

  it('SWAPDB carries the sampling cursor with the table', () => {
    fill(1000, 100000);
    t.server.dbs[0]!.setExpire('k0', t.time + 100000);
    for (let i = 0; i < 10; i++) activeExpireCycle(t.server, t.time);
    t.run('SWAPDB', '0', '1');
    t.server.dbs[1]!.setExpire('k999', t.time - 1);
    let cycles = 0;
    while (t.server.dbs[1]!.dict.has('k999')) {
      activeExpireCycle(t.server, t.time);
      expect(++cycles).toBeLessThanOrEqual(1000 / 20 + 1);
    }
  });
});
