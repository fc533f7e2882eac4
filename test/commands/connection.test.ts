import { describe, it, expect } from 'vitest';
import { InProcess, ok, err, status } from '../helpers/run';
import { ClientFlag } from '../../src/protocol/client';

describe('PING / ECHO / SELECT', () => {
  it('PING forms and arity', () => {
    const t = new InProcess();
    expect(t.run('PING')).toEqual(status('PONG'));
    expect(t.run('PING', 'hi')).toBe('hi');
    expect(t.run('PING', 'a', 'b')).toEqual(err("ERR wrong number of arguments for 'ping' command"));
  });
  it('PING in RESP2 subscribed context replies ["pong", msg]', () => {
    const t = new InProcess();
    t.client.flags |= ClientFlag.Pubsub;
    expect(t.run('PING')).toEqual(['pong', '']);
    expect(t.run('PING', 'x')).toEqual(['pong', 'x']);
  });
  it('ECHO', () => {
    const t = new InProcess();
    expect(t.run('ECHO', 'a\r\nb')).toBe('a\r\nb');
    expect(t.run('ECHO')).toEqual(err("ERR wrong number of arguments for 'echo' command"));
  });
  it('SELECT validates the index', () => {
    const t = new InProcess();
    expect(t.run('SELECT', '3')).toEqual(ok);
    expect(t.client.db.id).toBe(3);
    expect(t.run('SELECT', 'abc')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('SELECT', '99999999999')).toEqual(err('ERR value is out of range, value must between -2147483648 and 2147483647'));
    expect(t.run('SELECT', '-1')).toEqual(err('ERR DB index is out of range'));
    expect(t.run('SELECT', '16')).toEqual(err('ERR DB index is out of range'));
  });
});

describe('QUIT / RESET', () => {
  it('QUIT replies OK and flags close-after-reply', () => {
    const t = new InProcess();
    expect(t.run('QUIT')).toEqual(ok);
    expect(t.client.flags & ClientFlag.CloseAfterReply).toBeTruthy();
  });
  it('RESET restores db 0, RESP2, no name, replies on', () => {
    const t = new InProcess();
    t.run('SELECT', '5');
    t.run('CLIENT', 'SETNAME', 'foo');
    t.run('HELLO', '3');
    expect(t.client.resp).toBe(3);
    expect(t.run('RESET')).toEqual(status('RESET'));
    expect(t.client.db.id).toBe(0);
    expect(t.client.resp).toBe(2);
    expect(t.run('CLIENT', 'GETNAME')).toBe(null);
  });
  it('RESET runs the clientReset hooks', () => {
    const t = new InProcess();
    let called = 0;
    t.server.hooks.clientReset.push(() => called++);
    t.run('RESET');
    expect(called).toBe(1);
  });
});

describe('AUTH', () => {
  it('without a password configured', () => {
    const t = new InProcess();
    expect(t.run('AUTH', 'x')).toEqual(
      err('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?'),
    );
    expect(t.run('AUTH', 'default', 'anything')).toEqual(ok);
    expect(t.run('AUTH', 'bob', 'x')).toEqual(err('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(t.run('AUTH', 'a', 'b', 'c')).toEqual(err('ERR syntax error'));
  });
  it('with requirepass', () => {
    const t = new InProcess({ requirepass: 'secret' });
    const c2 = t.newClient();
    expect(c2.run('PING')).toEqual(err('NOAUTH Authentication required.'));
    expect(c2.run('AUTH', 'wrong')).toEqual(err('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(c2.run('AUTH', 'secret')).toEqual(ok);
    expect(c2.run('PING')).toEqual(status('PONG'));
    const c3 = t.newClient();
    expect(c3.run('AUTH', 'default', 'secret')).toEqual(ok);
  });
});

describe('HELLO', () => {
  it('replies with the server map and switches protocol', () => {
    const t = new InProcess();
    const r = t.run('HELLO', '3') as { type: string; value: unknown[] };
    expect(r.type).toBe('map');
    expect(r.value).toEqual(['server', 'redis', 'version', '7.0.15', 'proto', 3, 'id', t.client.id, 'mode', 'standalone', 'role', 'master', 'modules', []]);
    expect(t.client.resp).toBe(3);
    const r2 = t.run('HELLO') as { value: unknown[] };
    expect(r2.value[5]).toBe(3);
  });
  it('errors', () => {
    const t = new InProcess();
    expect(t.run('HELLO', '4')).toEqual(err('NOPROTO unsupported protocol version'));
    expect(t.run('HELLO', '1')).toEqual(err('NOPROTO unsupported protocol version'));
    expect(t.run('HELLO', 'abc')).toEqual(err('ERR Protocol version is not an integer or out of range'));
    expect(t.run('HELLO', '3', 'foo')).toEqual(err("ERR Syntax error in HELLO option 'foo'"));
    expect(t.run('HELLO', '2', 'AUTH', 'default')).toEqual(err("ERR Syntax error in HELLO option 'AUTH'"));
    expect(t.run('HELLO', '2', 'SETNAME', 'a b')).toEqual(err('ERR Client names cannot contain spaces, newlines or special characters.'));
    expect(t.client.resp).toBe(2);
  });
  it('SETNAME and AUTH options', () => {
    const t = new InProcess({ requirepass: 'pw' });
    const c = t.newClient();
    expect((c.run('HELLO', '2') as { type: string }).type).toBe('error');
    expect(c.run('HELLO', '2')).toEqual(
      err('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time'),
    );
    expect(c.run('HELLO', '2', 'AUTH', 'default', 'bad')).toEqual(err('WRONGPASS invalid username-password pair or user is disabled.'));
    const r = c.run('HELLO', '2', 'AUTH', 'default', 'pw', 'SETNAME', 'me') as { value: unknown[] };
    expect(r.value[0]).toBe('server');
    expect(c.run('CLIENT', 'GETNAME')).toBe('me');
  });
});
