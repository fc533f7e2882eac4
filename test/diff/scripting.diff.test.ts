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
});
