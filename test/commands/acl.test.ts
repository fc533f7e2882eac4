/**
 * ACL rules and commands, in-process (acl.c semantics; texts pinned by test/diff/acl.diff.test.ts).
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';
import { hashPassword } from '../../src/acl/acl';

/** Maps, sets and doubles as plain arrays/numbers (the RESP2 view). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && 'type' in v) {
    const o = v as { type: string; value: unknown };
    if (o.type === 'map' || o.type === 'set') return (o.value as unknown[]).map(plain);
    if (o.type === 'double') return o.value;
  }
  return v;
}

/** A second client authenticated as `user` (password "pw"). */
function as(t: InProcess, user: string, rules: string[]) {
  expect(t.run('ACL', 'SETUSER', user, 'on', '>pw', ...rules)).toEqual(ok);
  const c = t.newClient();
  expect(c.run('AUTH', user, 'pw')).toEqual(ok);
  return c;
}

const NOPERM_KEY = err('NOPERM this user has no permissions to access one of the keys used as arguments');
const NOPERM_CH = err('NOPERM this user has no permissions to access one of the channels used as arguments');
const noperm = (cmd: string) => err(`NOPERM this user has no permissions to run the '${cmd}' command`);

describe('ACL users', () => {
  it('default user and LIST/USERS/WHOAMI', () => {
    const t = new InProcess();
    expect(t.run('ACL', 'LIST')).toEqual(['user default on nopass ~* &* +@all']);
    expect(t.run('ACL', 'USERS')).toEqual(['default']);
    expect(t.run('ACL', 'WHOAMI')).toBe('default');
    expect(t.run('ACL', 'SETUSER', 'zed')).toEqual(ok);
    expect(t.run('ACL', 'SETUSER', 'abe')).toEqual(ok);
    expect(t.run('ACL', 'USERS')).toEqual(['abe', 'default', 'zed']);
    expect(t.run('ACL', 'LIST')).toContain('user zed off resetchannels -@all');
  });

  it('the acceptance case: +@read ~app:*', () => {
    const t = new InProcess();
    t.run('SET', 'app:1', 'v');
    t.run('SET', 'other:1', 'w');
    const u = as(t, 'app', ['+@read', '~app:*']);
    expect(u.run('GET', 'app:1')).toBe('v');
    expect(u.run('SET', 'app:1', 'x')).toEqual(noperm('set'));
    expect(u.run('GET', 'other:1')).toEqual(NOPERM_KEY);
    expect(u.run('ACL', 'WHOAMI')).toEqual(noperm('acl|whoami'));
    const log = plain(t.run('ACL', 'LOG')) as unknown[][];
    expect(log.length).toBe(3);
    expect(log[0]!.slice(0, 10)).toEqual(['count', 1, 'reason', 'command', 'context', 'toplevel', 'object', 'acl|whoami', 'username', 'app']);
    expect(log[1]!.slice(0, 8)).toEqual(['count', 1, 'reason', 'key', 'context', 'toplevel', 'object', 'other:1']);
    expect(log[2]![7]).toBe('set');
  });

  it('passwords: >, <, #, !, nopass, resetpass', () => {
    const t = new InProcess();
    const h = hashPassword('p2');
    expect(t.run('ACL', 'SETUSER', 'u', 'on', '>p1', `#${h}`)).toEqual(ok);
    expect((plain(t.run('ACL', 'GETUSER', 'u')) as unknown[])[3]).toEqual([hashPassword('p1'), h]);
    const c = t.newClient();
    expect(c.run('AUTH', 'u', 'p2')).toEqual(ok);
    expect(c.run('AUTH', 'u', 'nope')).toEqual(err('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(t.run('ACL', 'SETUSER', 'u', '<p1', `!${h}`)).toEqual(ok);
    expect((plain(t.run('ACL', 'GETUSER', 'u')) as unknown[])[3]).toEqual([]);
    expect(t.run('ACL', 'SETUSER', 'u', '<p1')).toEqual(
      err("ERR Error in ACL SETUSER modifier '<p1': The password you are trying to remove from the user does not exist"),
    );
    expect(t.run('ACL', 'SETUSER', 'u', '#abc')).toEqual(
      err("ERR Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"),
    );
    t.run('ACL', 'SETUSER', 'u', 'nopass');
    expect(c.run('AUTH', 'u', 'anything')).toEqual(ok);
    t.run('ACL', 'SETUSER', 'u', 'resetpass');
    expect(c.run('AUTH', 'u', 'anything')).toEqual(err('WRONGPASS invalid username-password pair or user is disabled.'));
    t.run('ACL', 'SETUSER', 'u', 'nopass', 'off');
    expect(c.run('AUTH', 'u', 'x')).toEqual(err('WRONGPASS invalid username-password pair or user is disabled.'));
    const log = plain(t.run('ACL', 'LOG', '1')) as unknown[][];
    expect(log[0]!.slice(0, 10)).toEqual(['count', 3, 'reason', 'auth', 'context', 'toplevel', 'object', 'AUTH', 'username', 'u']);
  });

  it('all-or-nothing SETUSER and error texts', () => {
    const t = new InProcess();
    expect(t.run('ACL', 'SETUSER', 'v', 'on', '+nosuch')).toEqual(err("ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL"));
    expect(t.run('ACL', 'GETUSER', 'v')).toBeNull();
    expect(t.run('ACL', 'SETUSER', 'v', '~a', 'allkeys', '~b')).toEqual(
      err(
        "ERR Error in ACL SETUSER modifier '~b': Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
      ),
    );
    expect(t.run('ACL', 'SETUSER', 'v', 'allchannels', '&x')).toEqual(
      err(
        "ERR Error in ACL SETUSER modifier '&x': Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
      ),
    );
    expect(t.run('ACL', 'SETUSER', 'v', '%X~a')).toEqual(err("ERR Error in ACL SETUSER modifier '%X~a': Syntax error"));
    expect(t.run('ACL', 'SETUSER', 'v', 'bogus')).toEqual(err("ERR Error in ACL SETUSER modifier 'bogus': Syntax error"));
    expect(t.run('ACL', 'SETUSER', 'v', '+config|get|x')).toEqual(
      err("ERR Error in ACL SETUSER modifier '+config|get|x': Allowing first-arg of a subcommand is not supported"),
    );
    expect(t.run('ACL', 'SETUSER', 'v', '+select|')).toEqual(err("ERR Error in ACL SETUSER modifier '+select|': Syntax error"));
    expect(t.run('ACL', 'SETUSER', 'v', '(+get')).toEqual(err("ERR Unmatched parenthesis in acl selector starting at '(+get'."));
    expect(t.run('ACL', 'SETUSER', 'a b')).toEqual(err("ERR Usernames can't contain spaces or null characters"));
    expect(t.run('ACL', 'GETUSER', 'v')).toBeNull();
  });

  it('command rules: categories, commands, subcommands, first args', () => {
    const t = new InProcess();
    const u = as(t, 'c', ['~*', '+@all', '-@dangerous', '-get']);
    expect(u.run('SET', 'k', 'v')).toEqual(ok);
    expect(u.run('GET', 'k')).toEqual(noperm('get'));
    expect(u.run('FLUSHALL')).toEqual(noperm('flushall'));
    expect(t.run('ACL', 'LIST')).toContain('user c on #' + hashPassword('pw') + ' ~* resetchannels +@all -@dangerous -get');
    t.run('ACL', 'SETUSER', 'c', 'nocommands', '+config|get', '+select|0', '+client');
    expect(plain(u.run('CONFIG', 'GET', 'maxmemory'))).toEqual(['maxmemory', '0']);
    expect(u.run('CONFIG', 'SET', 'maxmemory', '0')).toEqual(noperm('config|set'));
    expect(u.run('SELECT', '0')).toEqual(ok);
    expect(u.run('SELECT', '1')).toEqual(noperm('select'));
    expect(u.run('CLIENT', 'ID')).toEqual(u.client.id);
    t.run('ACL', 'SETUSER', 'c', '-client|id');
    expect(u.run('CLIENT', 'ID')).toEqual(noperm('client|id'));
    expect(u.run('PING')).toEqual(noperm('ping'));
    // AUTH/HELLO/QUIT/RESET (no_auth) are always allowed.
    expect(u.run('AUTH', 'c', 'pw')).toEqual(ok);
  });

  it('key patterns with read/write flags', () => {
    const t = new InProcess();
    const u = as(t, 'k', ['+@all', '%R~r:*', '%W~w:*', '~b:*']);
    t.run('SET', 'r:1', 'a');
    expect(u.run('GET', 'r:1')).toBe('a');
    expect(u.run('SET', 'r:1', 'x')).toEqual(NOPERM_KEY);
    expect(u.run('SET', 'w:1', 'x')).toEqual(ok);
    expect(u.run('GET', 'w:1')).toEqual(NOPERM_KEY);
    expect(u.run('SET', 'w:1', 'x', 'GET')).toEqual(NOPERM_KEY);
    expect(u.run('LPUSH', 'w:l', 'a')).toEqual(1);
    expect(u.run('LMOVE', 'w:l', 'b:l', 'LEFT', 'LEFT')).toEqual(NOPERM_KEY);
    expect(u.run('COPY', 'r:1', 'w:2')).toEqual(1);
    expect(u.run('COPY', 'w:1', 'r:2')).toEqual(NOPERM_KEY);
    expect(u.run('EXISTS', 'r:1', 'w:1', 'b:1')).toEqual(2);
    expect(u.run('EXISTS', 'z')).toEqual(NOPERM_KEY);
    expect(t.run('ACL', 'DRYRUN', 'k', 'GET', 'w:1')).toBe("This user has no permissions to access the 'w:1' key");
    expect(t.run('ACL', 'DRYRUN', 'k', 'GET', 'r:1')).toEqual(ok);
    t.run('ACL', 'SETUSER', 'k', 'resetkeys', '%RW~b:*');
    expect((plain(t.run('ACL', 'GETUSER', 'k')) as unknown[])[7]).toBe('~b:*');
    t.run('ACL', 'SETUSER', 'k', 'allkeys');
    expect(u.run('GET', 'anything')).toBeNull();
  });

  it('channel patterns for PUBLISH / SUBSCRIBE / PSUBSCRIBE', () => {
    const t = new InProcess();
    const u = as(t, 'p', ['+@all', '~*', 'resetchannels', '&news.*', '&lit']);
    expect(u.run('PUBLISH', 'news.a', 'x')).toBe(0);
    expect(u.run('PUBLISH', 'sports', 'x')).toEqual(NOPERM_CH);
    expect(u.run('SUBSCRIBE', 'news.a', 'other')).toEqual(NOPERM_CH);
    expect(plain(u.run('PSUBSCRIBE', 'news.*'))).toEqual({ type: 'push', value: ['psubscribe', 'news.*', 1] });
    expect(u.run('PSUBSCRIBE', 'news.a*')).toEqual(NOPERM_CH);
    expect(t.run('ACL', 'DRYRUN', 'p', 'PUBLISH', 'x', 'y')).toBe("This user has no permissions to access the 'x' channel");
    const log = plain(t.run('ACL', 'LOG', '1')) as unknown[][];
    expect(log[0]!.slice(2, 8)).toEqual(['reason', 'channel', 'context', 'toplevel', 'object', 'news.a*']);
  });

  it('acl-pubsub-default allchannels makes new users allchannels', () => {
    const t = new InProcess({ 'acl-pubsub-default': 'allchannels' });
    t.run('ACL', 'SETUSER', 'n');
    expect(t.run('ACL', 'LIST')).toContain('user n off &* -@all');
  });

  it('selectors: any selector may allow the command', () => {
    const t = new InProcess();
    const u = as(t, 's', ['+ping', '(+get ~k1)', '(+set ~k2)']);
    t.run('SET', 'k1', 'a');
    expect(u.run('GET', 'k1')).toBe('a');
    expect(u.run('GET', 'k2')).toEqual(NOPERM_KEY);
    expect(u.run('SET', 'k2', 'b')).toEqual(ok);
    expect(u.run('SET', 'k1', 'b')).toEqual(NOPERM_KEY);
    expect(u.run('DEL', 'k1')).toEqual(noperm('del'));
    const gu = plain(t.run('ACL', 'GETUSER', 's')) as unknown[];
    expect(gu[4]).toBe('commands');
    expect(gu[5]).toBe('-@all +ping');
    expect(gu[11]).toEqual([
      ['commands', '-@all +get', 'keys', '~k1', 'channels', ''],
      ['commands', '-@all +set', 'keys', '~k2', 'channels', ''],
    ]);
    expect(t.run('ACL', 'LIST')).toContain(
      `user s on #${hashPassword('pw')} resetchannels -@all +ping (~k1 resetchannels -@all +get) (~k2 resetchannels -@all +set)`,
    );
    t.run('ACL', 'SETUSER', 's', 'clearselectors');
    expect(u.run('GET', 'k1')).toEqual(noperm('get'));
    // A selector spread over several arguments is merged.
    expect(t.run('ACL', 'SETUSER', 's', '(~x', '+get)')).toEqual(ok);
    expect(u.run('GET', 'x')).toBeNull();
  });

  it('reset', () => {
    const t = new InProcess();
    t.run('ACL', 'SETUSER', 'r', 'on', 'nopass', '+@all', '~*', '&*', '(+get ~x)');
    t.run('ACL', 'SETUSER', 'r', 'reset');
    expect(t.run('ACL', 'LIST')).toContain('user r off sanitize-payload resetchannels -@all');
  });

  it('DELUSER disconnects the user, default cannot be removed', () => {
    const t = new InProcess();
    const u = as(t, 'gone', ['+@all']);
    expect(t.run('ACL', 'DELUSER', 'default')).toEqual(err("ERR The 'default' user cannot be removed"));
    expect(t.run('ACL', 'DELUSER', 'gone', 'nobody')).toBe(1);
    expect(t.run('ACL', 'USERS')).toEqual(['default']);
    // (Disconnection of its clients: test/integration/acl.test.ts.)
    expect(u.client.user).toBe('gone');
  });

  it('CAT, GENPASS, HELP, LOG RESET, errors', () => {
    const t = new InProcess();
    const cats = t.run('ACL', 'CAT') as string[];
    expect(cats.length).toBe(21);
    expect(cats[0]).toBe('keyspace');
    expect(t.run('ACL', 'CAT', 'nope')).toEqual(err("ERR Unknown category 'nope'"));
    expect((t.run('ACL', 'CAT', 'hyperloglog') as string[]).sort()).toEqual(['pfadd', 'pfcount', 'pfdebug', 'pfmerge', 'pfselftest']);
    expect((t.run('ACL', 'GENPASS') as string).length).toBe(64);
    expect((t.run('ACL', 'GENPASS', '5') as string).length).toBe(2);
    expect(t.run('ACL', 'GENPASS', '0')).toEqual(
      err('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096'),
    );
    expect((t.run('ACL', 'HELP') as unknown[]).length).toBe(29);
    expect(t.run('ACL', 'LOG', 'RESET')).toEqual(ok);
    expect(t.run('ACL', 'LOG')).toEqual([]);
    expect(t.run('ACL', 'LOAD')).toEqual(
      err(
        'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
      ),
    );
    expect(t.run('ACL', 'DRYRUN', 'nobody', 'GET', 'x')).toEqual(err("ERR User 'nobody' not found"));
    expect(t.run('ACL', 'DRYRUN', 'default', 'NOPE')).toEqual(err("ERR Command 'NOPE' not found"));
    expect(t.run('ACL', 'DRYRUN', 'default', 'GET')).toEqual(err("ERR wrong number of arguments for 'get' command"));
  });

  it('requirepass is the default user password', () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'requirepass', 'sekret');
    expect((plain(t.run('ACL', 'GETUSER', 'default')) as unknown[]).slice(0, 4)).toEqual(['flags', ['on'], 'passwords', [hashPassword('sekret')]]);
    const c = t.newClient();
    expect(c.run('GET', 'x')).toEqual(err('NOAUTH Authentication required.'));
    expect(c.run('AUTH', 'sekret')).toEqual(ok);
    t.run('CONFIG', 'SET', 'requirepass', '');
    expect(t.run('ACL', 'LIST')).toEqual(['user default on nopass ~* &* +@all']);
  });

  it('MULTI: queue-time NOPERM flags the transaction; EXEC re-checks', () => {
    const t = new InProcess();
    const u = as(t, 'm', ['+@all', '~*']);
    expect(u.run('MULTI')).toEqual(ok);
    expect(u.run('SET', 'a', '1')).toEqual({ type: 'status', value: 'QUEUED' });
    t.run('ACL', 'SETUSER', 'm', '-set');
    expect(u.run('EXEC')).toEqual([
      err(
        'NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: no permission to execute the command or subcommand',
      ),
    ]);
    const log = plain(t.run('ACL', 'LOG', '1')) as unknown[][];
    expect(log[0]!.slice(2, 6)).toEqual(['reason', 'command', 'context', 'multi']);
  });
});
