import { describe, it, expect } from 'vitest';
import { InProcess, ok, err, status } from '../helpers/run';

describe('TIME / LASTSAVE', () => {
  it('TIME is [seconds, microseconds] as strings', () => {
    const t = new InProcess();
    const [s, us] = t.run('TIME') as string[];
    expect(Math.abs(Number(s) - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(us)).toBeGreaterThanOrEqual(0);
    expect(Number(us)).toBeLessThan(1e6);
    expect(t.run('TIME', 'x')).toEqual(err("ERR wrong number of arguments for 'time' command"));
  });
  it('LASTSAVE', () => {
    const t = new InProcess();
    expect(t.run('LASTSAVE')).toBe(t.server.lastSave);
  });
});

describe('SHUTDOWN argument checks', () => {
  it('syntax', () => {
    const t = new InProcess();
    expect(t.run('SHUTDOWN', 'foo')).toEqual(err('ERR syntax error'));
    expect(t.run('SHUTDOWN', 'SAVE', 'NOSAVE')).toEqual(err('ERR syntax error'));
    expect(t.run('SHUTDOWN', 'ABORT', 'NOW')).toEqual(err('ERR syntax error'));
    expect(t.run('SHUTDOWN', 'ABORT')).toEqual(err('ERR No shutdown in progress.'));
  });
});

describe('DEBUG', () => {
  it('is refused unless enable-debug-command allows it', () => {
    const t = new InProcess();
    expect(t.run('DEBUG', 'SLEEP', '0')).toEqual(
      err('ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.'),
    );
  });
  it('is refused as protected before AUTH and ACL are checked (processCommand order)', () => {
    const notAllowed = (what: string) =>
      err(`ERR ${what} command not allowed. If the enable-${what.toLowerCase()}-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`);
    const t = new InProcess();
    expect(t.run('ACL', 'SETUSER', 'u', 'on', '>p', '+@read', '~*')).toEqual(ok);
    expect(t.run('AUTH', 'u', 'p')).toEqual(ok);
    expect(t.run('DEBUG', 'SLEEP', '0')).toEqual(notAllowed('DEBUG'));
    expect(t.run('MODULE', 'LOAD', '/x')).toEqual(notAllowed('MODULE'));
    expect(t.run('MODULE', 'LIST')).toEqual(err("NOPERM this user has no permissions to run the 'module|list' command"));
    const t2 = new InProcess();
    expect(t2.run('CONFIG', 'SET', 'requirepass', 'pw')).toEqual(ok);
    const fresh = t2.newClient();
    expect(fresh.run('DEBUG', 'SLEEP', '0')).toEqual(notAllowed('DEBUG'));
    expect(fresh.run('GET', 'x')).toEqual(err('NOAUTH Authentication required.'));
  });
  it('subcommands', () => {
    const t = new InProcess({ 'enable-debug-command': 'yes' });
    expect(t.run('DEBUG', 'SLEEP', '0')).toEqual(ok);
    expect(t.run('DEBUG', 'set-active-expire', '0')).toEqual(ok);
    expect(t.server.activeExpireEnabled).toBe(false);
    expect(t.run('DEBUG', 'set-active-expire', '1')).toEqual(ok);
    expect(t.server.activeExpireEnabled).toBe(true);
    expect(t.run('DEBUG', 'protocol', 'integer')).toBe(12345);
    expect(t.run('DEBUG', 'protocol', 'string')).toBe('Hello World');
    expect(t.run('DEBUG', 'protocol', 'push')).toEqual(err('ERR RESP2 is not supported by this command'));
    expect(t.run('DEBUG', 'protocol', 'nope')).toEqual(
      err('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false'),
    );
    expect(t.run('DEBUG', 'object', 'nokey')).toEqual(err('ERR no such key'));
    t.run('SET', 'k', '123');
    expect((t.run('DEBUG', 'object', 'k') as { value: string }).value).toMatch(/encoding:int /);
    expect(t.run('DEBUG', 'change-repl-id')).toEqual(ok);
    expect(t.run('DEBUG', 'quicklist-packed-threshold', '100')).toEqual(ok);
    expect(t.run('DEBUG', 'quicklist-packed-threshold', 'x')).toEqual(err('ERR argument must be a memory value bigger than 1 and smaller than 4gb'));
    expect(t.run('DEBUG', 'stringmatch-test')).toEqual(status('Apparently Redis did not crash: test passed'));
    expect(t.run('DEBUG', 'nosuch')).toEqual(err("ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP."));
  });
});

describe('DEBUG protection in the dispatcher', () => {
  it('a refused DEBUG inside MULTI aborts the transaction and counts as rejected', () => {
    const t = new InProcess();
    expect(t.run('MULTI')).toEqual(ok);
    expect((t.run('DEBUG', 'SLEEP', '0') as { type: string }).type).toBe('error');
    expect(t.run('EXEC')).toEqual(err('EXECABORT Transaction discarded because of previous errors.'));
    const stats = t.run('INFO', 'commandstats') as { value: string } | string;
    const text = typeof stats === 'string' ? stats : stats.value;
    expect(text).toMatch(/cmdstat_debug:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0/);
  });
});
