/**
 * Differential tests: SLOWLOG and LATENCY reply shapes and errors against redis-server 7.0.15.
 * Timestamps, durations and client addresses differ by nature; they are blanked before comparing.
 */
import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('SLOWLOG / LATENCY (differential)', () => {
  const d = useDiff();

  /** SLOWLOG GET entries without id, time, duration and peer. */
  const entries = (raw: string): unknown =>
    (parseReply(raw) as unknown[][]).map((e) => [e.length, e[3], e[5]]);

  it('SLOWLOG GET/LEN/RESET with argument trimming and redaction', async () => {
    await d.same('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    await d.same('CONFIG', 'SET', 'slowlog-max-len', '128');
    await d.same('SLOWLOG', 'RESET');
    await d.same('CLIENT', 'SETNAME', 'slow');
    await d.same('SADD', 's', ...Array.from({ length: 40 }, (_, i) => String(i)));
    await d.same('SET', 'k', 'B'.repeat(200));
    await d.same('AUTH', 'default', 'pw');
    await d.same('ACL', 'SETUSER', 'sl', '>x');
    await d.same('CONFIG', 'SET', 'masterauth', '');
    await d.same('GEOADD', 'g', '13.361389', '38.115556', 'Palermo');
    await d.same('MULTI');
    await d.same('INCR', 'n');
    await d.same('EXEC');
    await d.same('NOSUCH', 'x');
    await d.same('SLOWLOG', 'LEN');
    const [x, y] = await d.both('SLOWLOG', 'GET', '-1');
    expect(entries(x)).toEqual(entries(y));
    const [x2, y2] = await d.both('SLOWLOG', 'GET', '2');
    expect(entries(x2)).toEqual(entries(y2));
    await d.same('SLOWLOG', 'GET', '0');
    await d.sameError('SLOWLOG', 'GET', '-2');
    await d.sameError('SLOWLOG', 'GET', 'abc');
    await d.sameError('SLOWLOG', 'GET', '1', '2');
    await d.sameError('SLOWLOG', 'LEN', 'x');
    await d.sameError('SLOWLOG', 'NOPE');
    await d.sameError('SLOWLOG');
    await d.same('SLOWLOG', 'HELP');
    await d.same('ACL', 'DELUSER', 'sl');
    await d.same('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    await d.same('SLOWLOG', 'RESET');
    await d.same('SLOWLOG', 'LEN');
  });

  it('LATENCY subcommands', async () => {
    await d.same('LATENCY', 'RESET');
    await d.same('LATENCY', 'LATEST');
    await d.same('LATENCY', 'HISTORY', 'command');
    await d.same('LATENCY', 'RESET', 'a', 'b');
    await d.sameError('LATENCY', 'GRAPH', 'command');
    await d.same('LATENCY', 'DOCTOR');
    await d.same('LATENCY', 'HELP');
    await d.sameError('LATENCY', 'HELP', 'x');
    await d.sameError('LATENCY', 'HISTORY');
    await d.sameError('LATENCY', 'LATEST', 'x');
    await d.sameError('LATENCY', 'NOPE');
    await d.same('CONFIG', 'RESETSTAT');
    await d.same('SET', 'a', '1');
    await d.same('LATENCY', 'HISTOGRAM', 'nosuch');
    const [x, y] = await d.both('LATENCY', 'HISTOGRAM', 'set', 'nosuch', 'config');
    const shape = (raw: string): unknown => {
      const v = parseReply(raw) as unknown[];
      return v.map((e, i) => (i % 2 === 0 ? e : (e as unknown[]).slice(0, 3)));
    };
    expect(shape(x)).toEqual(shape(y));
  });
});
