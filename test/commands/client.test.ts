import { describe, it, expect } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';
import { ClientFlag } from '../../src/protocol/client';
import { clientInfoString } from '../../src/commands/client-cmd';

const FIELDS = 'id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp'.split(' ');

describe('CLIENT', () => {
  it('ID, SETNAME, GETNAME', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'ID')).toBe(t.client.id);
    expect(t.run('CLIENT', 'GETNAME')).toBe(null);
    expect(t.run('CLIENT', 'SETNAME', 'myname')).toEqual(ok);
    expect(t.run('CLIENT', 'GETNAME')).toBe('myname');
    expect(t.run('CLIENT', 'SETNAME', 'a b')).toEqual(err('ERR Client names cannot contain spaces, newlines or special characters.'));
    expect(t.run('CLIENT', 'SETNAME', 'a\nb')).toEqual(err('ERR Client names cannot contain spaces, newlines or special characters.'));
    expect(t.run('CLIENT', 'GETNAME')).toBe('myname');
    expect(t.run('CLIENT', 'SETNAME', '')).toEqual(ok);
    expect(t.run('CLIENT', 'GETNAME')).toBe(null);
  });
  it('arity and unknown subcommands', () => {
    const t = new InProcess();
    expect(t.run('CLIENT')).toEqual(err("ERR wrong number of arguments for 'client' command"));
    expect(t.run('CLIENT', 'foo')).toEqual(err("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
    expect(t.run('CLIENT', 'KILL')).toEqual(err("ERR wrong number of arguments for 'client|kill' command"));
    expect(t.run('CLIENT', 'ID', 'x')).toEqual(err("ERR wrong number of arguments for 'client|id' command"));
    expect(t.run('CLIENT', 'SETINFO', 'lib-name', 'x')).toEqual(err("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP."));
    expect(t.run('CLIENT', 'NO-TOUCH', 'on')).toEqual(err("ERR unknown subcommand 'NO-TOUCH'. Try CLIENT HELP."));
  });
  it('INFO line has every field in order', () => {
    const t = new InProcess();
    const r = t.run('CLIENT', 'INFO') as { type: string; value: string };
    expect(r.type).toBe('verbatim');
    expect(r.value.endsWith('\n')).toBe(true);
    const names = r.value.trim().split(' ').map((kv) => kv.slice(0, kv.indexOf('=')));
    expect(names).toEqual(FIELDS);
    expect(r.value).toMatch(/ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 /);
    expect(r.value).toMatch(/ cmd=client\|info user=default redir=-1 resp=2\n$/);
  });
  it('LIST options and errors', () => {
    const t = new InProcess();
    // In-process clients are not in the server's client table: the list is empty.
    expect((t.run('CLIENT', 'LIST') as { value: string }).value).toBe('');
    expect(t.run('CLIENT', 'LIST', 'TYPE', 'bar')).toEqual(err("ERR Unknown client type 'bar'"));
    expect(t.run('CLIENT', 'LIST', 'ID', 'abc')).toEqual(err('ERR Invalid client ID'));
    expect(t.run('CLIENT', 'LIST', 'foo')).toEqual(err('ERR syntax error'));
    for (const ty of ['normal', 'master', 'replica', 'slave', 'pubsub']) expect((t.run('CLIENT', 'LIST', 'TYPE', ty) as { type: string }).type).toBe('verbatim');
    t.server.clients.set(t.client.id, t.client);
    const line = (t.run('CLIENT', 'LIST', 'ID', String(t.client.id), '999') as { value: string }).value;
    expect(line.startsWith(`id=${t.client.id} `)).toBe(true);
    expect(line.split('\n').length).toBe(2);
    expect((t.run('CLIENT', 'LIST', 'TYPE', 'pubsub') as { value: string }).value).toBe('');
  });
  it('flag letters', () => {
    const t = new InProcess();
    t.client.flags |= ClientFlag.Multi | ClientFlag.Pubsub | ClientFlag.NoEvict;
    t.client.multiState = { commands: [] };
    expect(clientInfoString(t.client)).toMatch(/ flags=Pxe /);
    expect(clientInfoString(t.client)).toMatch(/ multi=0 /);
  });
  it('KILL errors', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'KILL', 'id', '10', 'wrong_arg')).toEqual(err('ERR syntax error'));
    expect(t.run('CLIENT', 'KILL', 'id', 'str')).toEqual(err('ERR client-id should be greater than 0'));
    expect(t.run('CLIENT', 'KILL', 'id', '-1')).toEqual(err('ERR client-id should be greater than 0'));
    expect(t.run('CLIENT', 'KILL', 'id', '0')).toEqual(err('ERR client-id should be greater than 0'));
    expect(t.run('CLIENT', 'KILL', 'type', 'wrong')).toEqual(err("ERR Unknown client type 'wrong'"));
    expect(t.run('CLIENT', 'KILL', 'user', 'nobody')).toEqual(err("ERR No such user 'nobody'"));
    expect(t.run('CLIENT', 'KILL', 'skipme', 'maybe')).toEqual(err('ERR syntax error'));
    expect(t.run('CLIENT', 'KILL', '1.2.3.4:5')).toEqual(err('ERR No such client'));
    expect(t.run('CLIENT', 'KILL', 'id', '12345')).toBe(0);
    expect(t.run('CLIENT', 'KILL', 'user', 'default')).toBe(0);
  });
  it('KILL of the caller closes it after the reply', () => {
    const t = new InProcess();
    t.client.addr = '1.2.3.4:5';
    t.server.clients.set(t.client.id, t.client);
    expect(t.run('CLIENT', 'KILL', 'ADDR', '1.2.3.4:5')).toBe(0);
    expect(t.run('CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'SKIPME', 'no')).toBe(1);
    expect(t.client.flags & ClientFlag.CloseAfterReply).toBeTruthy();
  });
  it('REPLY / NO-EVICT syntax', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'REPLY', 'bla')).toEqual(err('ERR syntax error'));
    expect(t.run('CLIENT', 'REPLY', 'ON')).toEqual(ok);
    expect(t.run('CLIENT', 'NO-EVICT', 'maybe')).toEqual(err('ERR syntax error'));
    expect(t.run('CLIENT', 'NO-EVICT', 'on')).toEqual(ok);
    expect(t.client.flags & ClientFlag.NoEvict).toBeTruthy();
    expect(t.run('CLIENT', 'NO-EVICT', 'off')).toEqual(ok);
    expect(t.client.flags & ClientFlag.NoEvict).toBe(0);
  });
  it('UNBLOCK goes through the blocking hook', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'UNBLOCK', 'abc')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('CLIENT', 'UNBLOCK', '1', 'foo')).toEqual(err('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'));
    const other = t.newClient();
    t.server.clients.set(other.client.id, other.client);
    expect(t.run('CLIENT', 'UNBLOCK', String(other.client.id))).toBe(0);
    other.client.flags |= ClientFlag.Blocked;
    const calls: [number, boolean][] = [];
    t.server.hooks.unblockClient = (c, e) => {
      calls.push([c.id, e]);
      return true;
    };
    expect(t.run('CLIENT', 'UNBLOCK', String(other.client.id), 'ERROR')).toBe(1);
    expect(calls).toEqual([[other.client.id, true]]);
  });
  it('HELP', () => {
    const t = new InProcess();
    const r = t.run('CLIENT', 'HELP') as { value: string }[];
    expect(r[0]!.value).toBe('CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(r[r.length - 1]!.value).toBe('    Prints this help.');
  });
});
