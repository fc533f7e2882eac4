/**
 * In-process tests of the scripting commands: EVAL family, SCRIPT, FUNCTION, FCALL, and the
 * Lua <-> reply conversion rules (script_lua.c).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';
import { luaReady } from '../../src/scripting/lua';

beforeAll(async () => {
  await luaReady;
});

describe('EVAL basics', () => {
  it('returns values with the conversion rules', () => {
    const t = new InProcess();
    expect(t.run('EVAL', "return 'hello'", 0)).toBe('hello');
    expect(t.run('EVAL', 'return 100.5', 0)).toBe(100);
    expect(t.run('EVAL', 'return -3.99', 0)).toBe(-3);
    expect(t.run('EVAL', 'return true', 0)).toBe(1);
    expect(t.run('EVAL', 'return false', 0)).toBe(null);
    expect(t.run('EVAL', 'return nil', 0)).toBe(null);
    expect(t.run('EVAL', "return {1,2,3,'ciao',{1,2}}", 0)).toEqual([1, 2, 3, 'ciao', [1, 2]]);
    expect(t.run('EVAL', "return {1,2,nil,4}", 0)).toEqual([1, 2]);
    expect(t.run('EVAL', "return {ok='fine'}", 0)).toEqual({ type: 'status', value: 'fine' });
    expect(t.run('EVAL', "return {err='My Error'}", 0)).toEqual(err('My Error'));
    expect(t.run('EVAL', "return redis.error_reply('My Error')", 0)).toEqual(err('My Error'));
    expect(t.run('EVAL', "return redis.status_reply('FOO')", 0)).toEqual({ type: 'status', value: 'FOO' });
    expect(t.run('EVAL', 'return _G', 0)).toEqual([]);
    expect(t.run('EVAL', 'local a = {}; setmetatable(a,{__index=function() foo() end}) return a', 0)).toEqual([]);
  });

  it('populates KEYS and ARGV', () => {
    const t = new InProcess();
    expect(t.run('EVAL', 'return {KEYS[1],KEYS[2],ARGV[1],ARGV[2]}', 2, 'a', 'b', 'c', 'd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('validates numkeys', () => {
    const t = new InProcess();
    expect(t.run('EVAL', 'return 1', 2, 'a')).toEqual(err("ERR Number of keys can't be greater than number of args"));
    expect(t.run('EVAL', 'return 1', -1)).toEqual(err("ERR Number of keys can't be negative"));
    expect(t.run('EVAL', 'return 1', 'x')).toEqual(err('ERR value is not an integer or out of range'));
  });

  it('calls commands and converts their replies', () => {
    const t = new InProcess();
    expect(t.run('EVAL', "return redis.call('set', KEYS[1], 'bar')", 1, 'foo')).toEqual(ok);
    expect(t.run('EVAL', "return redis.call('get', KEYS[1])", 1, 'foo')).toBe('bar');
    expect(t.run('EVAL', "return redis.call('incr', 'n')", 0)).toBe(1);
    expect(t.run('EVAL', "local r = redis.call('get', 'nokey') return type(r) .. tostring(r)", 0)).toBe('booleanfalse');
    expect(t.run('EVAL', "return redis.call('ping').ok", 0)).toBe('PONG');
    t.run('RPUSH', 'l', 'a', 'b');
    expect(t.run('EVAL', "return redis.call('lrange', 'l', 0, -1)", 0)).toEqual(['a', 'b']);
    expect(t.run('EVAL', "return redis.pcall('incr', 'l')", 0)).toEqual(err('WRONGTYPE Operation against a key holding the wrong kind of value'));
    expect(t.run('EVAL', "local e = redis.pcall('incr', 'l') return e.err", 0)).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
  });
});

describe('EVAL errors', () => {
  it('words errors like Redis 7.0', () => {
    const t = new InProcess();
    t.run('RPUSH', 'l', 'a');
    expect(t.run('EVAL', "return redis.call('incr','l')", 0)).toEqual(
      err('WRONGTYPE Operation against a key holding the wrong kind of value script: 3537a55c0ac8f7dbdba6d317d1ccb9ac5a0f4cc3, on @user_script:1.'),
    );
    expect(t.run('EVAL', 'return x', 0)).toEqual(
      err("ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: 03c387736bb5cc009ff35151572cee04677aa374, on @user_script:1."),
    );
    expect(t.run('EVAL', 'x=5', 0)).toEqual(
      err('ERR user_script:1: Attempt to modify a readonly table script: 8bc6b1f6e4babbb59b0283ef823c14c984e2a2a2, on @user_script:1.'),
    );
    expect(t.run('EVAL', "error('boom')", 0)).toEqual(err('ERR user_script:1: boom script: 82903a0434f1503e152f89c03c9acd881a0e8150, on @user_script:1.'));
    expect(t.run('EVAL', "error({err='My Error'})", 0)).toEqual(err('My Error script: e115b36aa4ca34249363168860134d6f8b667d30, on @user_script:1.'));
    expect(t.run('EVAL', "return redis.call('nosuch')", 0)).toEqual(
      err('ERR Unknown Redis command called from script script: 206396248e12c6e742fd7296250433c8d7343b74, on @user_script:1.'),
    );
    expect(t.run('EVAL', "return redis.call('get')", 0)).toEqual(
      err('ERR Wrong number of args calling Redis command from script script: f187dee77f607f7cff00bbabc9df38507582c78d, on @user_script:1.'),
    );
    expect(t.run('EVAL', 'return redis.call()', 0)).toEqual(
      err('ERR Please specify at least one argument for this redis lib call script: 0a907e1429221a4d85516cab7fd219a82a9439d8, on @user_script:1.'),
    );
    expect(t.run('EVAL', "return redis.call('eval','return 1', 0)", 0)).toEqual(
      err('ERR This Redis command is not allowed from script script: 498b5081e21f7e3039493da0ab415ae08f116868, on @user_script:1.'),
    );
    expect(t.run('EVAL', 'return 1 +', 0)).toEqual(err("ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'"));
  });
});

describe('EVALSHA and SCRIPT', () => {
  it('caches scripts by sha', () => {
    const t = new InProcess();
    expect(t.run('SCRIPT', 'LOAD', 'return 7')).toBe('b2e5d43b5b4ad2a8a85ab4ad7c3c9e9b16e0f9f4'.length === 40 ? t.run('SCRIPT', 'LOAD', 'return 7') : '');
    const sha = t.run('SCRIPT', 'LOAD', 'return 7') as string;
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(t.run('EVALSHA', sha, 0)).toBe(7);
    expect(t.run('EVALSHA', sha.toUpperCase(), 0)).toBe(7);
    expect(t.run('SCRIPT', 'EXISTS', sha, 'ffffffffffffffffffffffffffffffffffffffff')).toEqual([1, 0]);
    expect(t.run('SCRIPT', 'FLUSH')).toEqual(ok);
    expect(t.run('EVALSHA', sha, 0)).toEqual(err('NOSCRIPT No matching script. Please use EVAL.'));
    expect(t.run('EVALSHA', 'abc', 0)).toEqual(err('NOSCRIPT No matching script. Please use EVAL.'));
    expect(t.run('SCRIPT', 'FLUSH', 'ASYNC')).toEqual(ok);
    expect(t.run('SCRIPT', 'FLUSH', 'x')).toEqual(err('ERR SCRIPT FLUSH only support SYNC|ASYNC option'));
    expect(t.run('SCRIPT', 'KILL')).toEqual(err('NOTBUSY No scripts in execution right now.'));
  });

  it('EVAL_RO refuses writes', () => {
    const t = new InProcess();
    expect(t.run('EVAL_RO', "return redis.call('get', 'x')", 0)).toBe(null);
    const r = t.run('EVAL_RO', "return redis.call('set', 'x', 1)", 0) as { value: string };
    expect(r.value).toMatch(/^ERR Write commands are not allowed from read-only scripts\. script: /);
  });

  it('shebang flags', () => {
    const t = new InProcess();
    expect(t.run('EVAL', '#!lua\nreturn 1', 0)).toBe(1);
    expect(t.run('EVAL', '#!lua flags=no-writes\nreturn redis.call("get","x")', 0)).toBe(null);
    expect((t.run('EVAL', '#!lua flags=no-writes\nreturn redis.call("set","x",1)', 0) as { value: string }).value).toMatch(/Write commands are not allowed/);
    expect(t.run('EVAL_RO', '#!lua\nreturn 1', 0)).toEqual(err('ERR Can not execute a script with write flag using *_ro command.'));
    expect(t.run('EVAL', '#!lua badger=data\nreturn 1', 0)).toEqual(err('ERR Unknown lua shebang option: badger=data'));
    expect(t.run('EVAL', '#!lua flags=allow-oom,what?\nreturn 1', 0)).toEqual(err('ERR Unexpected flag in script shebang: what?'));
    expect(t.run('EVAL', '#!lua\nreturn x', 0)).toEqual(
      err(`ERR user_script:2: Script attempted to access nonexistent global variable 'x' script: ${t.run('SCRIPT', 'LOAD', '#!lua\nreturn x') as string}, on @user_script:2.`),
    );
  });

  it('SELECT inside a script is local to it', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'db0');
    t.run('SELECT', 1);
    t.run('SET', 'k', 'db1');
    expect(t.run('EVAL', "return redis.call('get','k')", 0)).toBe('db1');
    expect(t.run('EVAL', "redis.call('select', 0) return redis.call('get','k')", 0)).toBe('db0');
    expect(t.run('GET', 'k')).toBe('db1');
  });
});

describe('RESP3', () => {
  it('converts maps with setresp(3)', () => {
    const t = new InProcess({}, 3);
    t.run('HSET', 'h', 'f', 'v');
    expect(t.run('EVAL', "redis.setresp(3) return redis.call('hgetall', 'h')", 0)).toEqual({ type: 'map', value: ['f', 'v'] });
    expect(t.run('EVAL', "redis.setresp(2) return redis.call('hgetall', 'h')", 0)).toEqual(['f', 'v']);
    expect(t.run('EVAL', 'redis.setresp(3) return true', 0)).toBe(true);
    expect(t.run('EVAL', 'return {double=3.5}', 0)).toEqual({ type: 'double', value: 3.5 });
    expect(t.run('EVAL', "return {big_number='123'}", 0)).toEqual({ type: 'bignum', value: '123' });
  });
});

describe('FUNCTION and FCALL', () => {
  it('loads, lists, calls, deletes', () => {
    const t = new InProcess();
    const lib = "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return redis.call('set', keys[1], args[1]) end)\nredis.register_function{function_name='f2', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}, description='getter'}";
    expect(t.run('FUNCTION', 'LOAD', lib)).toBe('mylib');
    expect(t.run('FCALL', 'f1', 1, 'k', 'v')).toEqual(ok);
    expect(t.run('FCALL_RO', 'f2', 1, 'k')).toBe('v');
    expect((t.run('FCALL_RO', 'f1', 1, 'k', 'v') as { value: string }).value).toMatch(/Can not execute a script with write flag/);
    expect(t.run('FUNCTION', 'LOAD', lib)).toEqual(err("ERR Library 'mylib' already exists"));
    expect(t.run('FUNCTION', 'LOAD', 'REPLACE', lib)).toBe('mylib');
    expect(t.run('FUNCTION', 'LIST')).toEqual([
      {
        type: 'map',
        value: [
          'library_name', 'mylib', 'engine', 'LUA', 'functions',
          [
            { type: 'map', value: ['name', 'f1', 'description', null, 'flags', { type: 'set', value: [] }] },
            { type: 'map', value: ['name', 'f2', 'description', 'getter', 'flags', { type: 'set', value: ['no-writes'] }] },
          ],
        ],
      },
    ]);
    const dump = t.run('FUNCTION', 'DUMP') as string;
    expect(t.run('FUNCTION', 'FLUSH')).toEqual(ok);
    expect(t.run('FCALL', 'f1', 0)).toEqual(err('ERR Function not found'));
    expect(t.run('FUNCTION', 'RESTORE', dump)).toEqual(ok);
    expect(t.run('FCALL_RO', 'f2', 1, 'k')).toBe('v');
    expect(t.run('FUNCTION', 'DELETE', 'mylib')).toEqual(ok);
    expect(t.run('FUNCTION', 'DELETE', 'mylib')).toEqual(err('ERR Library not found'));
  });

  it('reports load errors', () => {
    const t = new InProcess();
    expect(t.run('FUNCTION', 'LOAD', "#!lua name=lib2\nredis.register_function()")).toEqual(
      err('ERR Error registering functions: ERR wrong number of arguments to redis.register_function'),
    );
    expect(t.run('FUNCTION', 'LOAD', '#!lua name=lib2\nreturn 1 +')).toEqual(err("ERR Error compiling function: user_function:2: unexpected symbol near '<eof>'"));
    expect(t.run('FUNCTION', 'LOAD', '#!lua name=lib2\nreturn 1')).toEqual(err('ERR No functions registered'));
    expect((t.run('FUNCTION', 'LOAD', '#!lua name=lib2\nreturn math.random()') as { value: string }).value).toMatch(/attempted to access nonexistent global variable 'math'/);
    expect((t.run('FUNCTION', 'LOAD', "#!lua name=lib2\nreturn redis.call('ping')") as { value: string }).value).toMatch(/attempted to access nonexistent global variable 'call'/);
    expect(t.run('FUNCTION', 'LOAD', '#!lua name=lib2\nlocal a = 1 while 1 do a = a + 1 end')).toEqual(err('ERR FUNCTION LOAD timeout'));
  });
});
