/**
 * Scripting corner cases, byte for byte against redis-server: conversions both ways, redis.call
 * argument conversion (%.17g numbers, binary strings), error texts and their marker handling,
 * pcall/error interplay, RESP3 types, the sandbox, shebang flags, FUNCTION libraries and FCALL.
 * One ordered sequence (later cases use keys and libraries earlier ones created).
 *
 * Known differences, not asserted here: the line in "on @user_script:N." is the prelude's line 1
 * when the error is raised inside respite's Lua wrappers without a position in its text (a
 * redis.call error in a `return redis.call(...)` tail call, argument-type and arity errors,
 * error(x, 0), error({err=...}), redis.sha1hex(), acl_check_cmd), plus a few texts:
 *   ["EVAL", "\n\nreturn redis.call('incr', 'l')", "0"]
 *   ["EVAL", "\n\nreturn redis.call('set', 'n', true)", "0"]
 *   ["EVAL", "\n\nreturn redis.pcall('set', 'n', nil)", "0"]
 *   ["EVAL", "\n\nlocal x = redis.call('set', 'n', {}) return x", "0"]
 *   ["EVAL", "\nreturn redis.call('nosuch')", "0"]
 *   ["EVAL", "\nreturn redis.call('get')", "0"]
 *   ["EVAL_RO", "\nreturn redis.call('set', 'a', 'b')", "0"]
 *   ["EVAL", "return type(getmetatable(redis))", "0"]
 *   ["EVAL", "\nreturn redis.error_reply()", "0"]
 *   ["EVAL", "local t = {} local c = t for i = 1, 300 do c[1] = {} c = c[1] end return t", "0"]
 *   ["EVAL", "\nreturn redis.sha1hex()", "0"]
 *   ["EVAL", "\nerror('boom', 0)", "0"]
 *   ["EVAL", "\nerror('boom', 2)", "0"]
 *   ["EVAL", "\nerror({err='My Error'})", "0"]
 *   ["EVAL", "\nerror({err='-WRONG x'})", "0"]
 *   ["EVAL", "return 1e300", "0"]
 *   ["EVAL", "\nreturn redis.acl_check_cmd('nosuch')", "0"]
 *   ["EVAL", "\nlocal f = loadstring('x = 1') return f()", "0"]
 *   ["EVAL", "#!lua flags=no-writes\n\nreturn redis.call('set', 'str', 'y')", "0"]
 *   ["FCALL", "f2", "0"]
 *   ["FCALL", "inner2", "0"]
 *   ["FUNCTION", "LOAD", "#!lua name=lib7\nredis = 1"]
 *   ["FUNCTION", "LIST"]
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

const CASES: (string | number)[][] = [
  ["FLUSHALL"],
  ["SET", "str", "x"],
  ["RPUSH", "l", "a"],
  ["EVAL", "return redis.call('INCR', KEYS[1])", "1", "cnt"],
  ["EVAL", "return redis.call('incr', 'l')", "0"],
  ["EVAL", "\n\nlocal r = redis.call('incr', 'l') return r", "0"],
  ["EVAL", "\n\nredis.call('incr', 'l')\nreturn 1", "0"],
  ["EVAL", "return redis.pcall('incr', 'l')", "0"],
  ["EVAL", "\nlocal ok, e = pcall(redis.call, 'incr', 'l') return {tostring(ok), type(e), type(e) == 'table' and e.err or e}", "0"],
  ["EVAL", "\nlocal ok, e = pcall(function()\n redis.call('incr', 'l') end) return {tostring(ok), type(e), type(e) == 'table' and e.err or e}", "0"],
  ["EVAL", "\nlocal ok, e = pcall(function()\n return redis.call('incr', 'l') end) return {tostring(ok), type(e), type(e) == 'table' and e.err or e}", "0"],
  ["EVAL", "return redis.call('set', 'n', 0.1)", "0"],
  ["GET", "n"],
  ["EVAL", "return redis.call('set', 'n', 1e20)", "0"],
  ["GET", "n"],
  ["EVAL", "return redis.call('set', 'n', 3)", "0"],
  ["GET", "n"],
  ["EVAL", "return redis.call('set', 'n', -0.0)", "0"],
  ["GET", "n"],
  ["EVAL", "return redis.pcall('set', 'n', 1/3)", "0"],
  ["GET", "n"],
  ["EVAL", "return redis.call('set', 'n', {})", "0"],
  ["EVAL", "return redis.call()", "0"],
  ["EVAL", "return redis.pcall()", "0"],
  ["EVAL", "return redis.pcall('nosuch')", "0"],
  ["EVAL", "\n\nredis.foo = 1", "0"],
  ["EVAL", "\n\nredis.call = 1", "0"],
  ["EVAL", "\nredis = 1", "0"],
  ["EVAL", "\nlocal r = redis r.x = 2", "0"],
  ["EVAL", "local r = redis return r.call('get', 'str')", "0"],
  ["EVAL", "return redis.error_reply('My err')", "0"],
  ["EVAL", "return redis.error_reply('-X y')", "0"],
  ["EVAL", "return redis.status_reply('fine')", "0"],
  ["EVAL", "return {err=5}", "0"],
  ["EVAL", "return {ok=5}", "0"],
  ["EVAL", "return {1,2,nil,4}", "0"],
  ["EVAL", "return {1,{2,{3,{'x'}}},true,false}", "0"],
  ["EVAL", "return redis", "0"],
  ["EVAL", "return KEYS", "2", "a", "b"],
  ["EVAL", "return setmetatable({}, {__index = function() return 'x' end})", "0"],
  ["EVAL", "redis.setresp(3) return redis.call('hgetall', 'nohash')", "0"],
  ["HSET", "h", "a", "1"],
  ["EVAL", "redis.setresp(3) return redis.call('hgetall', 'h')", "0"],
  ["EVAL", "redis.setresp(3) local r = redis.call('hgetall', 'h') return {type(r), r.map and 'map' or 'nomap'}", "0"],
  ["EVAL", "return {double=3.5}", "0"],
  ["EVAL", "redis.setresp(3) return {double=3.5}", "0"],
  ["EVAL", "redis.setresp(3) return {big_number='123'}", "0"],
  ["EVAL", "redis.setresp(3) return {map={a=1}}", "0"],
  ["EVAL", "redis.setresp(3) return {set={a=true}}", "0"],
  ["EVAL", "redis.setresp(3) return true", "0"],
  ["EVAL", "redis.setresp(3) return false", "0"],
  ["EVAL", "\nredis.setresp(4)", "0"],
  ["EVAL", "return redis.sha1hex('abc')", "0"],
  ["EVAL", "redis.log(redis.LOG_WARNING, 'hi') return 1", "0"],
  ["EVAL", "\nredis.log()", "0"],
  ["EVAL", "\n\nreturn nosuchvar", "0"],
  ["EVAL", "\nnewglobal = 1", "0"],
  ["EVAL", "\nerror('boom')", "0"],
  ["EVAL", "\nlocal ok, e = pcall(error, 'x') return {tostring(ok), e}", "0"],
  ["EVAL", "\nlocal ok, e = pcall(function() error({err='x'}) end) return {tostring(ok), type(e)}", "0"],
  ["EVAL", "\nlocal ok, e = pcall(function() return nosuch.x end) return {tostring(ok), e}", "0"],
  ["EVAL", "\nreturn pcall(redis.pcall, 'incr', 'l')", "0"],
  ["EVAL", "return 'a\\r\\nb'", "0"],
  ["EVAL", "return {ok='a\\r\\nb'}", "0"],
  ["EVAL", "return {err='a\\r\\nb'}", "0"],
  ["EVAL", "return 3.99", "0"],
  ["EVAL", "return -3.99", "0"],
  ["EVAL", "return cjson.encode({a=1})", "0"],
  ["EVAL", "return cmsgpack.unpack(cmsgpack.pack({1,2,'x'}))", "0"],
  ["EVAL", "return bit.band(7, 3)", "0"],
  ["EVAL", "return struct.pack('>I', 5)", "0"],
  ["EVAL", "return redis.acl_check_cmd('get', 'x')", "0"],
  ["EVAL", "return redis.REDIS_VERSION", "0"],
  ["EVAL", "return {redis.call('ping'), redis.call('echo', 'x')}", "0"],
  ["EVAL", "local t = {} for i = 1, 70 do t[i] = i end return redis.call('echo', unpack(t))", "0"],
  ["EVAL", "local t = {'del'} for i = 1, 70 do t[i + 1] = i + 0.5 end return redis.call(unpack(t))", "0"],
  ["EVAL", "return redis.call('echo', '\\0\\255')", "0"],
  ["EVAL", "return {KEYS[1], ARGV[1]}", "1", "k\0\u00ff", "a\u00fe"],
  ["EVAL", "return 1 +", "0"],
  ["EVAL", "\n\nreturn 1 +", "0"],
  ["EVAL", "return loadstring('return 1')()", "0"],
  ["EVAL", "return string.rep('x', 3)", "0"],
  ["EVAL", "return tostring(redis.call == redis.call)", "0"],
  ["EVAL", "return tostring(redis.breakpoint())", "0"],
  ["EVAL", "return redis.replicate_commands()", "0"],
  ["EVAL", "return redis.set_repl(redis.REPL_ALL)", "0"],
  ["EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'str')", "0"],
  ["EVAL", "#!lua\nreturn redis.call('set', 'str2', 'y')", "0"],
  ["EVAL", "#!lua name=x\nreturn 1", "0"],
  ["EVAL", "return function() end", "0"],
  ["EVAL", "return coroutine.create(function() end)", "0"],
  ["EVAL", "return {1, function() end, 3}", "0"],
  ["EVAL", "redis.setresp(3) return function() end", "0"],
  ["FUNCTION", "FLUSH"],
  ["FUNCTION", "LOAD", "#!lua name=lib1\nredis.register_function('f1', function(k, a) return redis.call('incr', k[1]) end)\nredis.register_function('f2', function(k, a)\n return redis.call('incr', 'l') end)\nredis.register_function{function_name='f3', callback=function(k, a) error('x') end, flags={'no-writes'}}\nredis.register_function('f4', function() return {1, {ok='x'}, redis.pcall('incr', 'l')} end)\nredis.register_function('f5', function() redis.foo = 1 end)\nredis.register_function('f6', function() return redis.call('set', 'k', 0.1) end)"],
  ["FCALL", "f1", "1", "fc"],
  ["FCALL", "f3", "0"],
  ["FCALL", "f4", "0"],
  ["FCALL", "f5", "0"],
  ["FCALL", "f6", "0"],
  ["GET", "k"],
  ["FCALL_RO", "f1", "1", "fc"],
  ["FCALL_RO", "f3", "0"],
  ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('g1', function() return 1 end)\nlocal x = nosuch"],
  ["FUNCTION", "LOAD", "#!lua name=lib3\nredis.register_function('g1', function() return 1 end)\nredis.call('ping')"],
  ["FUNCTION", "LOAD", "#!lua name=lib4\nredis.register_function('g2', 5)"],
  ["FUNCTION", "LOAD", "#!lua name=lib5\nreturn 1 +"],
  ["FUNCTION", "LOAD", "#!lua name=lib6\nlocal lib = redis\nlib.register_function{function_name='n1', callback=function(k, a) return 'n1' .. #k end, description='d'}\nredis.register_function{FUNCTION_NAME='N2', CallBack=function() return 'N2' end}\nredis.register_function('inner', function() redis.register_function('x', function() end) end)\nredis.register_function('inner2', function() return lib.register_function('y', function() end) end)\nredis.register_function('args', function(k, a) return {k[1], a[1], #a, redis.call('echo', a[2] or 'none')} end)\nredis.register_function('num', function(k, a) return redis.call('incrbyfloat', k[1], 0.1) end)"],
  ["FCALL", "n1", "2", "a", "b"],
  ["FCALL", "N2", "0"],
  ["FCALL", "n2", "0"],
  ["FCALL", "inner", "0"],
  ["FCALL", "args", "1", "k1", "a1", "a2"],
  ["FCALL", "num", "1", "fl"],
  ["FCALL", "num", "1", "fl"],
  ["FCALL", "nosuchf", "0"],
  ["FUNCTION", "LOAD", "#!lua name=lib8\nredis.register_function('dup', function() end)\nredis.register_function('dup', function() end)"],
];

describeDiff('scripting corner cases match redis-server', () => {
  const d = useDiff();

  it('each reply is byte-identical', async () => {
    await d.both('FUNCTION', 'FLUSH');
    for (const c of CASES) await d.same(...c);
  });
});
