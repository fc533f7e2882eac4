/** Scripting replies and error texts, byte for byte against redis-server. */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('scripting commands match redis-server', () => {
  const d = useDiff();

  it('EVAL conversions', async () => {
    await d.same('EVAL', "return 'hello'", '0');
    await d.same('EVAL', 'return 3.99', '0');
    await d.same('EVAL', 'return true', '0');
    await d.same('EVAL', 'return false', '0');
    await d.same('EVAL', "return {1,2,3,'ciao',{1,2}}", '0');
    await d.same('EVAL', "return {ok='fine'}", '0');
    await d.same('EVAL', "return {err='x y'}", '0');
    await d.same('EVAL', 'return _G', '0');
    await d.same('EVAL', 'return {KEYS[1], ARGV[1]}', '1', 'k', 'a');
    await d.same('EVAL', "return redis.call('set', 'k', 'v')", '0');
    await d.same('EVAL', "return redis.call('get', 'k')", '0');
    await d.same('EVAL', "return redis.call('get', 'nokey')", '0');
    await d.same('EVAL', 'return redis.sha1hex("")', '0');
    await d.same('EVAL', 'return redis.REDIS_VERSION_NUM', '0');
  });

  it('EVAL error texts', async () => {
    await d.both('RPUSH', 'l', 'a');
    await d.same('EVAL', "return redis.call('incr','l')", '0');
    await d.same('EVAL', "return redis.pcall('incr','l')", '0');
    await d.same('EVAL', 'return x', '0');
    await d.same('EVAL', 'x=5', '0');
    await d.same('EVAL', "error('boom')", '0');
    await d.same('EVAL', "error({err='My Error'})", '0');
    await d.same('EVAL', "return redis.call('nosuch')", '0');
    await d.same('EVAL', "return redis.call('get')", '0');
    await d.same('EVAL', 'return redis.call()', '0');
    await d.same('EVAL', 'return 1 +', '0');
    await d.same('EVAL', 'return 1', '2', 'a');
    await d.same('EVAL', 'return 1', '-1');
    await d.same('EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0');
    await d.same('EVAL_RO', "return redis.call('set','x','1')", '0');
  });

  it('SCRIPT and FUNCTION', async () => {
    await d.same('SCRIPT', 'LOAD', 'return 1');
    await d.same('SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 'ffffffffffffffffffffffffffffffffffffffff');
    await d.same('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0');
    await d.same('SCRIPT', 'FLUSH');
    await d.same('SCRIPT', 'KILL');
    await d.same('FUNCTION', 'FLUSH');
    await d.same('FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('f1', function(k, a) return a[1] end)");
    await d.same('FCALL', 'f1', '0', 'hello');
    await d.same('FUNCTION', 'LIST');
    await d.same('FUNCTION', 'DUMP');
    await d.same('FUNCTION', 'LOAD', "#!lua name=lib2\nredis.register_function()");
    await d.same('FUNCTION', 'DELETE', 'nolib');
    await d.same('FUNCTION', 'STATS');
    await d.same('FUNCTION', 'FLUSH');
  });

  it('shebang, FUNCTION LIST options, RESTORE policies', async () => {
    await d.same('EVAL', '#!lua flags=no-writes\nreturn 1', '0');
    await d.same('EVAL', '#!lua badger=data\nreturn 1', '0');
    await d.same('EVAL', '#!lua flags=allow-oom,what?\nreturn 1', '0');
    await d.same('EVAL', '#!notlua\nreturn 1', '0');
    await d.same('EVAL_RO', '#!lua\nreturn 1', '0');
    // Not a tail call: `return redis.call(...)` errors report the engine's line (a known difference).
    await d.same('EVAL', "#!lua flags=no-writes\nlocal r = redis.call('set','x','1') return r", '0');
    await d.same('EVAL', "local a = 1\nlocal r = redis.call('incr', 'l')\nreturn r", '0');
    await d.same('EVAL', "local a = 1\nlocal r = redis.pcall('incr', 'l')\nreturn r", '0');
    await d.same('EVAL', "local a = 1\nreturn {pcall(function() redis.call('incr', 'l') end)}", '0');
    await d.same('FUNCTION', 'FLUSH');
    await d.same('FUNCTION', 'LOAD', "#!lua name=libA\nredis.register_function{function_name='fa', callback=function() return 1 end, flags={'no-writes', 'allow-oom'}, description='d'}");
    await d.same('FUNCTION', 'LOAD', "#!lua name=libB\nredis.register_function('fb', function() return 2 end)");
    await d.sameSorted('FUNCTION', 'LIST', 'LIBRARYNAME', 'libA');
    await d.same('FUNCTION', 'LIST', 'WITHCODE', 'LIBRARYNAME', 'libB');
    await d.same('FUNCTION', 'LIST', 'LIBRARYNAME');
    await d.same('FUNCTION', 'LIST', 'BAD');
    await d.same('FCALL_RO', 'fa', '0');
    await d.same('FCALL', 'nofunc', '0');
    await d.same('FCALL', 'fa', 'x');
    await d.same('FCALL', 'fa', '5');
    await d.same('FUNCTION', 'LOAD', "#!lua name=libA\nredis.register_function('fc', function() return 3 end)");
    await d.same('FUNCTION', 'LOAD', "#!lua name=libC\nredis.register_function('fa', function() return 3 end)");
    await d.same('FUNCTION', 'LOAD', 'no shebang');
    await d.same('FUNCTION', 'LOAD', '#!lua\nreturn 1');
    await d.same('FUNCTION', 'LOAD', '#!lua name=a-b\nreturn 1');
    await d.same('FUNCTION', 'LOAD', '#!lua name=x foo=bar\nreturn 1');
    await d.same('FUNCTION', 'LOAD', '#!lua name=x name=y\nreturn 1');
    await d.same('FUNCTION', 'RESTORE', 'garbage');
    await d.same('FUNCTION', 'RESTORE', 'x', 'BADPOLICY');
    await d.same('FUNCTION', 'FLUSH', 'BAD');
    await d.same('FUNCTION', 'DELETE', 'libB');
    await d.same('FUNCTION', 'STATS');
    await d.same('FUNCTION', 'FLUSH', 'SYNC');
  });

  it('RESP3 replies from scripts', async () => {
    await d.both('HELLO', '3');
    await d.both('HSET', 'h3', 'f', 'v');
    await d.same('EVAL', "redis.setresp(3) return redis.call('hgetall', 'h3')", '0');
    await d.same('EVAL', "redis.setresp(2) return redis.call('hgetall', 'h3')", '0');
    await d.same('EVAL', 'redis.setresp(3) return true', '0');
    await d.same('EVAL', 'redis.setresp(3) return false', '0');
    await d.same('EVAL', 'return true', '0');
    await d.same('EVAL', 'return false', '0');
    await d.same('EVAL', 'return {double=3.14}', '0');
    await d.same('EVAL', "return {big_number='1234567890123456789012'}", '0');
    await d.same('EVAL', "return {map={a=1}}", '0');
    await d.same('EVAL', "return {set={a=true}}", '0');
    await d.same('EVAL', 'return nil', '0');
    await d.same('EVAL', "redis.setresp(3) local v = redis.call('hgetall', 'h3') return v.map.f", '0');
    await d.both('HELLO', '2');
    await d.same('EVAL', 'return {double=3.14}', '0');
    await d.same('EVAL', "return {map={a=1}}", '0');
  });
});
