/**
 * MONITOR against real Redis: the same commands give the same monitor lines once the
 * timestamp and the client address are normalized (quoting, redaction, which commands are
 * hidden, MULTI/EXEC ordering, aborted transactions).
 */
import { it, expect } from 'vitest';
import { describeDiff } from '../helpers/diff';
import { useDiffPairs } from '../helpers/multi-client-diff';

const norm = (line: string) => line.replace(/^\+\d+\.\d{6} \[(\d+) [^\]]+\] /, '+T [$1 ADDR] ');

describeDiff('MONITOR output matches redis-server', () => {
  const d = useDiffPairs();

  it('same lines for a mixed workload', async () => {
    const mon = await d.open();
    const c = await d.open();
    await mon.same('MONITOR');
    const cmds: (string | number)[][] = [
      ['SET', 'k', 'plain'],
      ['SET', 'bin', 'a\r\n\t"\\\x00\x7f\xe9'],
      ['GET', 'k'],
      ['CLIENT', 'ID'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['AUTH', 'nopass'],
      ['AUTH', 'u', 'p'],
      ['HELLO', '2', 'AUTH', 'u', 'p'],
      ['SELECT', '3'],
      ['PING'],
      ['MULTI'],
      ['SET', 'a', '1'],
      ['NOSUCH'],
      ['EXEC'],
      ['MULTI'],
      ['INCR', 'a'],
      ['EXEC'],
      ['SELECT', '0'],
      ['DEBUG', 'SLEEP', '0'],
    ];
    let expected = 0;
    for (const cmd of cmds) {
      await c.both(...cmd);
      expected++;
    }
    // Read what each side produced: stop at a final marker command.
    await c.both('ECHO', 'end-marker');
    const read = async (side: 'ours' | 'theirs'): Promise<string[]> => {
      const out: string[] = [];
      for (;;) {
        const l = await mon[side].read(2000);
        out.push(norm(l));
        if (l.includes('"end-marker"')) return out;
      }
    };
    const [a, b] = await Promise.all([read('ours'), read('theirs')]);
    expect(a).toEqual(b);
    expect(expected).toBeGreaterThan(0);
  });
});
