/**
 * A seeded random stream of generic key commands sent to respite and redis-server; every reply
 * must match byte for byte (order-free replies are compared as sorted sets). Relative TTLs are
 * only set far in the future and read back through absolute forms, so timing cannot interfere.
 */
import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';
import { prng as rng } from '../helpers/prng';

describeDiff('random generic-command streams match redis-server', () => {
  const d = useDiff();

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed);
      const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
      const keys = ['a', 'b', 'c', 'd', 'e'];
      const k = () => pick(keys);
      const farAt = () => String(4102444800 + Math.floor(r() * 1000)); // year 2100
      const ops: (() => (string | number)[])[] = [
        () => ['SET', k(), pick(['1', '12345', 'x', 'y'.repeat(50)])],
        () => ['RPUSH', k(), 'p', 'q'],
        () => ['SADD', k(), 'm1', 'm2'],
        () => ['DEL', k(), k()],
        () => ['UNLINK', k()],
        () => ['EXISTS', k(), k(), k()],
        () => ['TYPE', k()],
        () => ['RENAME', k(), k()],
        () => ['RENAMENX', k(), k()],
        () => ['MOVE', k(), pick(['0', '1', '2'])],
        () => ['COPY', k(), k(), ...pick([[], ['REPLACE'], ['DB', '1'], ['DB', '2', 'REPLACE']])],
        () => ['EXPIREAT', k(), farAt(), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT']])],
        () => ['PEXPIREAT', k(), farAt() + '123'],
        () => ['EXPIRE', k(), '100000', ...pick([[], ['NX'], ['XX'], ['GT'], ['LT']])],
        () => ['EXPIRE', k(), '-5'],
        () => ['PERSIST', k()],
        () => ['EXPIRETIME', k()],
        () => ['PEXPIRETIME', k()],
        () => ['TTL', k()],
        () => ['SELECT', pick(['0', '1', '2'])],
        () => ['SWAPDB', pick(['0', '1', '2']), pick(['0', '1', '2'])],
        () => ['DBSIZE'],
        () => ['OBJECT', 'ENCODING', k()],
        () => ['TOUCH', k(), k()],
        () => ['GET', k()],
        () => ['LRANGE', k(), '0', '-1'],
        () => ['FLUSHDB'],
      ];
      await d.both('SELECT', '0');
      for (let i = 0; i < 600; i++) {
        const op = r() < 0.02 ? ops[ops.length - 1]! : pick(ops.slice(0, -1));
        const cmd = op();
        if (cmd[0] === 'TTL') {
          // Relative, rounded: only its sign class must agree.
          const [x, y] = await d.both(...cmd);
          expect(Math.sign(Number(x.slice(1))), `TTL #${i}`).toBe(Math.sign(Number(y.slice(1))));
          continue;
        }
        await d.same(...cmd);
        if (i % 50 === 49) {
          const [x, y] = await d.both('KEYS', '*');
          expect((parseReply(x) as string[]).sort()).toEqual((parseReply(y) as string[]).sort());
        }
      }
      await d.both('SELECT', '0');
    });
  }
});
