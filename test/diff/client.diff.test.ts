import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

function fieldNames(line: string): string[] {
  return line.trim().split(' ').map((kv) => kv.slice(0, kv.indexOf('=')));
}

describeDiff('CLIENT matches redis-server', () => {
  const d = useDiff();
  it('errors', async () => {
    for (const args of [
      ['CLIENT'], ['CLIENT', 'foo'], ['CLIENT', 'KILL'], ['CLIENT', 'KILL', '1.2.3.4:5'], ['CLIENT', 'KILL', 'id', '0'],
      ['CLIENT', 'KILL', 'id', 'abc'], ['CLIENT', 'KILL', 'id', '10', 'wrong_arg'], ['CLIENT', 'KILL', 'type', 'foo'],
      ['CLIENT', 'KILL', 'user', 'nobody'], ['CLIENT', 'KILL', 'skipme', 'maybe'], ['CLIENT', 'LIST', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', 'bar'], ['CLIENT', 'LIST', 'ID', 'abc'], ['CLIENT', 'REPLY', 'bla'], ['CLIENT', 'UNBLOCK', 'abc'],
      ['CLIENT', 'UNBLOCK', '1', 'foo'], ['CLIENT', 'UNBLOCK', '1', 'timeout', 'x'], ['CLIENT', 'NO-EVICT', 'maybe'], ['CLIENT', 'NO-TOUCH', 'on'],
      ['CLIENT', 'SETINFO', 'lib-name', 'x'], ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME'], ['CLIENT', 'ID', 'x'], ['CLIENT', 'GETNAME', 'x'],
    ]) {
      await d.same(...args);
    }
  });
  it('names, counts and simple replies', async () => {
    await d.same('CLIENT', 'GETNAME');
    await d.same('CLIENT', 'SETNAME', 'n1');
    await d.same('CLIENT', 'GETNAME');
    await d.same('CLIENT', 'SETNAME', '');
    await d.same('CLIENT', 'GETNAME');
    await d.same('CLIENT', 'KILL', 'id', '123456');
    await d.same('CLIENT', 'KILL', 'type', 'master');
    await d.same('CLIENT', 'KILL', 'user', 'default', 'skipme', 'yes', 'laddr', '9.9.9.9:1');
    await d.same('CLIENT', 'UNBLOCK', '123456');
    await d.same('CLIENT', 'NO-EVICT', 'on');
    await d.same('CLIENT', 'NO-EVICT', 'OFF');
    await d.same('CLIENT', 'HELP');
    await d.sameType('CLIENT', 'ID');
  });
  it('LIST and INFO have the same fields in the same order', async () => {
    const [x, y] = await d.both('CLIENT', 'LIST');
    const ox = parseReply(x) as string;
    const oy = parseReply(y) as string;
    expect(fieldNames(ox.split('\n')[0]!)).toEqual(fieldNames(oy.split('\n')[0]!));
    const [ix, iy] = await d.both('CLIENT', 'INFO');
    const lx = parseReply(ix) as string;
    const ly = parseReply(iy) as string;
    expect(fieldNames(lx)).toEqual(fieldNames(ly));
    // The values that do not depend on the process match too.
    const pick = (l: string) => l.replace(/(id|addr|laddr|fd|age|idle|qbuf-free|argv-mem|rbs|rbp|tot-mem)=\S*/g, '$1=?');
    expect(pick(lx)).toBe(pick(ly));
  });
  it('RESET turns replies back on, but a SKIP for RESET itself holds', async () => {
    for (const c of [d.ours(), d.theirs()]) {
      c.send('CLIENT', 'REPLY', 'OFF');
      c.send('RESET');
      c.send('CLIENT', 'REPLY', 'SKIP');
      c.send('RESET');
      c.send('PING', 'after');
    }
    for (let i = 0; i < 2; i++) {
      const [a, b] = await Promise.all([d.ours().read(), d.theirs().read()]);
      expect(a).toBe(b);
    }
  });
  it('REPLY OFF / SKIP / ON', async () => {
    for (const c of [d.ours(), d.theirs()]) {
      c.send('CLIENT', 'REPLY', 'OFF');
      c.send('PING', 'a');
      c.send('CLIENT', 'REPLY', 'SKIP');
      c.send('CLIENT', 'REPLY', 'ON');
      c.send('CLIENT', 'REPLY', 'SKIP');
      c.send('PING', 'b');
      c.send('PING', 'c');
    }
    const [a1, b1] = await Promise.all([d.ours().read(), d.theirs().read()]);
    expect(a1).toBe(b1);
    const [a2, b2] = await Promise.all([d.ours().read(), d.theirs().read()]);
    expect(a2).toBe(b2);
    expect(a2).toBe('$1\r\nc\r\n');
  });
});
