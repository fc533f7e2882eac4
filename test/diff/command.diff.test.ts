import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

type Entry = unknown[];
/** Subcommands come in dict order in Redis: compare them sorted by name. */
function normalize(e: Entry): Entry {
  const subs = (e[9] as Entry[]).map(normalize).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return [...e.slice(0, 9), subs];
}

describeDiff('COMMAND matches redis-server', () => {
  const d = useDiff();
  it('COMMAND INFO of connection/server commands, byte for byte', async () => {
    for (const name of ['ping', 'echo', 'select', 'quit', 'reset', 'auth', 'hello', 'time', 'lastsave', 'shutdown', 'debug', 'info', 'lolwut']) {
      await d.same('COMMAND', 'INFO', name);
    }
    await d.same('COMMAND', 'INFO', 'client|list', 'client|kill', 'command|getkeys', 'CLIENT|ID', 'nosuch', 'get|key', 'client|list|x');
  });
  it('COMMAND INFO of containers (subcommands sorted)', async () => {
    for (const name of ['client', 'command']) {
      const [x, y] = await d.both('COMMAND', 'INFO', name);
      const ox = (parseReply(x) as Entry[]).map(normalize);
      const oy = (parseReply(y) as Entry[]).map(normalize);
      expect(ox).toEqual(oy);
    }
  });
  it('COMMAND errors', async () => {
    await d.same('COMMAND', 'foo');
    await d.same('COMMAND', 'GETKEYS', 'get');
    await d.same('COMMAND', 'GETKEYS', 'foo', 'a');
    await d.same('COMMAND', 'GETKEYS', 'ping', 'x');
    await d.same('COMMAND', 'GETKEYS', 'set', 'a');
    await d.same('COMMAND', 'GETKEYS', 'client', 'list');
    await d.same('COMMAND', 'LIST', 'bad_arg');
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar');
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'PATTERN');
    await d.same('COMMAND', 'COUNT', 'x');
    await d.same('COMMAND', 'HELP');
  });
  it('GETKEYS and filtered LIST', async () => {
    await d.same('COMMAND', 'GETKEYS', 'get', 'key');
    await d.same('COMMAND', 'GETKEYS', 'set', 'k', 'v', 'EX', '10');
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch');
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'nosuch');
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'pin?');
    await d.sameSorted('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'client|*');
    await d.sameType('COMMAND', 'COUNT');
  });
});

describeDiff('server commands match redis-server', () => {
  const d = useDiff();
  it('TIME, LASTSAVE shapes', async () => {
    await d.sameType('TIME');
    const [x] = await d.both('TIME');
    expect(x).toMatch(/^\*2\r\n\$10\r\n\d{10}\r\n\$\d\r\n\d+\r\n$/);
    await d.sameType('LASTSAVE');
    await d.same('TIME', 'x');
  });
  it('SHUTDOWN syntax errors and DEBUG refused by default', async () => {
    await d.same('SHUTDOWN', 'foo');
    await d.same('SHUTDOWN', 'SAVE', 'NOSAVE');
    await d.same('SHUTDOWN', 'ABORT', 'NOW');
    await d.same('SHUTDOWN', 'ABORT');
    await d.same('DEBUG', 'SLEEP', '0');
    await d.same('DEBUG');
  });
  it('LOLWUT', async () => {
    await d.same('LOLWUT');
    await d.same('LOLWUT', 'VERSION', '7');
    await d.same('LOLWUT', 'VERSION', 'abc');
  });
});
