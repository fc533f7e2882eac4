import { describe, it, expect } from 'vitest';
import { InProcess, err } from '../helpers/run';

describe('COMMAND', () => {
  it('COUNT matches COMMAND and the registry', () => {
    const t = new InProcess();
    const n = t.run('COMMAND', 'COUNT') as number;
    expect(n).toBe(t.server.registry.all.length);
    expect((t.run('COMMAND') as unknown[]).length).toBe(n);
    expect((t.run('COMMAND', 'INFO') as unknown[]).length).toBe(n);
  });
  it('INFO entries have the 10 fields', () => {
    const t = new InProcess();
    const [ping, nope, client] = t.run('COMMAND', 'INFO', 'PING', 'nosuch', 'client') as unknown[][];
    expect(ping!.slice(0, 6)).toEqual(['ping', -1, { type: 'set', value: [{ type: 'status', value: 'fast' }] }, 0, 0, 0]);
    expect(ping![6]).toEqual({ type: 'set', value: [{ type: 'status', value: '@fast' }, { type: 'status', value: '@connection' }] });
    expect(ping![7]).toEqual({ type: 'set', value: ['request_policy:all_shards', 'response_policy:all_succeeded'] });
    expect(ping![8]).toEqual({ type: 'set', value: [] });
    expect(nope).toBe(null);
    const subs = client![9] as unknown[][];
    expect(subs.map((s) => s[0])).toContain('client|list');
    const [list] = t.run('COMMAND', 'INFO', 'client|LIST') as unknown[][];
    expect(list![0]).toBe('client|list');
    expect(list![1]).toBe(-2);
    expect(t.run('COMMAND', 'INFO', 'get|key')).toEqual([null]);
    expect(t.run('COMMAND', 'INFO', 'client|list|x')).toEqual([null]);
  });
  it('hidden flags are not printed, printed flags in Redis order', () => {
    const t = new InProcess();
    const [auth] = t.run('COMMAND', 'INFO', 'auth') as unknown[][];
    const flags = (auth![2] as { value: { value: string }[] }).value.map((f) => f.value);
    expect(flags).toEqual(['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy']);
  });
  it('LIST and FILTERBY', () => {
    const t = new InProcess();
    const all = t.run('COMMAND', 'LIST') as string[];
    expect(all).toContain('ping');
    expect(all).toContain('client|kill');
    expect(t.run('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'pin?')).toEqual(['ping']);
    expect(t.run('COMMAND', 'LIST', 'FILTERBY', 'pattern', 'CLIENT|K*')).toEqual(['client|kill']);
    const conn = t.run('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'connection') as string[];
    expect(conn).toContain('hello');
    expect(conn).not.toContain('info');
    expect(t.run('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch')).toEqual([]);
    expect(t.run('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toEqual([]);
    expect(t.run('COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar')).toEqual(err('ERR syntax error'));
    expect(t.run('COMMAND', 'LIST', 'bad_arg')).toEqual(err('ERR syntax error'));
    expect(t.run('COMMAND', 'LIST', 'FILTERBY', 'PATTERN')).toEqual(err('ERR syntax error'));
  });
  it('GETKEYS', () => {
    const t = new InProcess();
    expect(t.run('COMMAND', 'GETKEYS', 'foo', 'a')).toEqual(err('ERR Invalid command specified'));
    expect(t.run('COMMAND', 'GETKEYS', 'ping', 'x')).toEqual(err('ERR The command has no key arguments'));
    expect(t.run('COMMAND', 'GETKEYS', 'get')).toEqual(err("ERR wrong number of arguments for 'command|getkeys' command"));
    expect(t.run('COMMAND', 'GETKEYS', 'get', 'k', 'x')).toEqual(err('ERR Invalid number of arguments specified for command'));
    expect(t.run('COMMAND', 'GETKEYS', 'get', 'key')).toEqual(['key']);
    expect(t.run('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
    const kf = t.run('COMMAND', 'GETKEYSANDFLAGS', 'get', 'key') as unknown[][];
    expect(kf[0]![0]).toBe('key');
  });
  it('DOCS', () => {
    const t = new InProcess();
    const r = t.run('COMMAND', 'DOCS', 'ping', 'nosuch') as { type: string; value: unknown[] };
    expect(r.type).toBe('map');
    expect(r.value[0]).toBe('ping');
    const doc = r.value[1] as { value: unknown[] };
    expect(doc.value).toEqual(['summary', 'Ping the server', 'since', '1.0.0', 'group', 'connection', 'complexity', 'O(1)']);
  });
  it('HELP and unknown subcommand', () => {
    const t = new InProcess();
    expect((t.run('COMMAND', 'HELP') as { value: string }[])[0]!.value).toBe('COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(t.run('COMMAND', 'foo')).toEqual(err("ERR unknown subcommand 'foo'. Try COMMAND HELP."));
  });
});
