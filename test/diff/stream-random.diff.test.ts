/**
 * Randomised differential test: seeded random sequences of stream commands (explicit IDs, so no
 * clock dependence) against respite and a real redis-server, every reply compared byte for byte.
 * Small node limits make node boundaries, tombstones and approximate trims matter.
 */
import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { prng as rng } from '../helpers/prng';

describeDiff('random stream command sequences match redis-server', () => {
  const d = useDiff();

  /** Same reply once integers (delivery times, idle times) are masked. */
  const sameLoose = async (...args: string[]) => {
    const [x, y] = await d.both(...args);
    const mask = (v: string) => v.replace(/:\d+\r\n/g, ':N\r\n');
    expect(mask(x), `reply to ${args.join(' ')}`).toBe(mask(y));
  };

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed);
      const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
      const int = (n: number) => Math.floor(r() * n);
      await d.both('CONFIG', 'SET', 'stream-node-max-entries', String(1 + int(8)));
      await d.both('CONFIG', 'SET', 'stream-node-max-bytes', pick(['0', '80', '300', '4096']));
      let ms = 1;
      const keys = ['s', 't'];
      const groups = ['g1', 'g2'];
      const consumers = ['alice', 'bob', 'carol'];
      const someId = () => (r() < 0.2 ? pick(['-', '+', '0', '(0-0']) : `${int(ms + 2)}-${int(3)}`);
      const plainId = () => `${int(ms + 2)}-${int(3)}`;
      for (let step = 0; step < 250; step++) {
        const k = pick(keys);
        const x = r();
        if (x < 0.3) {
          ms += int(3);
          const id = r() < 0.2 ? `${ms}-*` : `${ms}-${int(3)}`;
          const fields = r() < 0.5 ? ['f', String(int(1000))] : ['f', 'v', pick(['g', 'h']), 'x'.repeat(int(40))];
          const trim = r() < 0.2 ? [pick(['MAXLEN', 'MINID']), pick(['~', '=']), r() < 0.5 ? String(int(20)) : plainId()] : [];
          if (trim[0] === 'MINID' && trim[2]!.indexOf('-') < 0) trim[2] = `${trim[2]}-0`;
          if (trim[0] === 'MAXLEN') trim[2] = String(int(20));
          await d.same('XADD', k, ...trim, id, ...fields);
        } else if (x < 0.38) {
          await d.same('XDEL', k, plainId(), plainId());
        } else if (x < 0.43) {
          if (r() < 0.5) await d.same('XTRIM', k, 'MAXLEN', pick(['~', '=']), String(int(25)));
          else await d.same('XTRIM', k, 'MINID', pick(['~', '=']), plainId());
        } else if (x < 0.53) {
          const cmd = pick(['XRANGE', 'XREVRANGE']);
          const args = r() < 0.5 ? ['COUNT', String(int(6))] : [];
          await d.same(cmd, k, someId(), someId(), ...args);
        } else if (x < 0.58) {
          await d.same('XINFO', 'STREAM', k);
        } else if (x < 0.62) {
          await d.same('XGROUP', 'CREATE', k, pick(groups), r() < 0.5 ? '$' : plainId(), ...(r() < 0.5 ? ['MKSTREAM'] : []), ...(r() < 0.2 ? ['ENTRIESREAD', String(int(5))] : []));
        } else if (x < 0.72) {
          const noack = r() < 0.2 ? ['NOACK'] : [];
          await d.same('XREADGROUP', 'GROUP', pick(groups), pick(consumers), 'COUNT', String(1 + int(4)), ...noack, 'STREAMS', k, r() < 0.7 ? '>' : '0');
        } else if (x < 0.77) {
          await d.same('XACK', k, pick(groups), plainId(), plainId());
        } else if (x < 0.81) {
          await d.same('XPENDING', k, pick(groups));
        } else if (x < 0.85) {
          await d.same('XINFO', 'GROUPS', k);
        } else if (x < 0.88) {
          await d.same('XAUTOCLAIM', k, pick(groups), pick(consumers), '0', someId() === '+' ? '0' : plainId(), 'COUNT', String(1 + int(3)), 'JUSTID');
        } else if (x < 0.9) {
          await d.same('XCLAIM', k, pick(groups), pick(consumers), '0', plainId(), plainId(), 'JUSTID', ...(r() < 0.3 ? ['FORCE'] : []));
        } else if (x < 0.92) {
          await d.same('XGROUP', 'SETID', k, pick(groups), r() < 0.5 ? '$' : plainId());
        } else if (x < 0.94) {
          await d.same('XSETID', k, `${ms + int(3)}-${int(3)}`);
        } else if (x < 0.96) {
          await d.same('XREAD', 'COUNT', String(1 + int(5)), 'STREAMS', 's', 't', plainId(), plainId());
        } else if (x < 0.97) {
          await d.same('XGROUP', 'DELCONSUMER', k, pick(groups), pick(consumers));
        } else if (x < 0.98) {
          await d.same('XGROUP', 'DESTROY', k, pick(groups));
        } else if (x < 0.985) {
          const op = int(4);
          if (op === 0) await sameLoose('XPENDING', k, pick(groups), someId(), someId(), String(int(6)), ...(r() < 0.5 ? [pick(consumers)] : []));
          else if (op === 1) await sameLoose('XINFO', 'STREAM', k, 'FULL', 'COUNT', String(int(4)));
          else if (op === 2) await sameLoose('XCLAIM', k, pick(groups), pick(consumers), '0', plainId(), plainId());
          else await sameLoose('XAUTOCLAIM', k, pick(groups), pick(consumers), '0', plainId(), 'COUNT', String(1 + int(3)));
        } else {
          await d.same('XLEN', k);
        }
      }
      await d.same('XRANGE', 's', '-', '+');
      await d.same('XRANGE', 't', '-', '+');
      await d.both('CONFIG', 'SET', 'stream-node-max-entries', '100');
      await d.both('CONFIG', 'SET', 'stream-node-max-bytes', '4096');
    });
  }
});
