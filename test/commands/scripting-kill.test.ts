/** Runaway scripts are stopped after busy-reply-threshold (min 1 s); argument/number edge cases. */
import { it, expect, beforeAll } from 'vitest';
import { InProcess } from '../helpers/run';
import { luaReady } from '../../src/scripting/lua';

beforeAll(async () => {
  await luaReady;
});

it('stops runaway scripts, even inside pcall', () => {
  const t = new InProcess({ 'busy-reply-threshold': 10 });
  const r1 = t.run('EVAL', "local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end", 0) as { value: string };
  expect(r1.value).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\. script: /);
  const r2 = t.run('EVAL', 'while true do end', 0) as { value: string };
  expect(r2.value).toMatch(/killed by user/);
  expect(t.run('PING')).toEqual({ type: 'status', value: 'PONG' });
});

it('protects the redis table, passes many args, formats numbers with %.17g', () => {
  const t = new InProcess();
  expect((t.run('EVAL', 'redis.call = function() return 1 end', 0) as { value: string }).value).toMatch(/Attempt to modify a readonly table/);
  expect(t.run('EVAL', "local a = {} for i=1,7999 do a[i] = 1 end return redis.call('lpush', 'l', unpack(a))", 0)).toBe(7999);
  expect(t.run('EVAL', "redis.call('set', 'foo', 9007199254740991) return redis.call('get','foo')", 0)).toBe('9007199254740991');
});

it('INFO reports the Lua heap (lua_gc count)', () => {
  const t = new InProcess();
  t.run('EVAL', 'return 1', 0);
  const r = t.run('INFO', 'memory') as string | { value: string };
  const info = typeof r === 'string' ? r : r.value;
  const m = /used_memory_lua:(\d+)/.exec(info);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(1000);
  expect(Number(m![1])).toBeLessThan(1024 * 1024);
  expect(info).toMatch(/number_of_cached_scripts:1\r\n/);
});

it('assigning the redis global is refused (globals protection)', () => {
  const t = new InProcess();
  expect((t.run('EVAL', 'redis = function() return 1 end', 0) as { value: string }).value).toMatch(/Attempt to modify a readonly table/);
  expect((t.run('EVAL', 'x = 1', 0) as { value: string }).value).toMatch(/Attempt to modify a readonly table/);
});

it('errors of commands inside a script that replied normally do not fail EVAL', () => {
  const t = new InProcess();
  t.run('RPUSH', 'l', 'a');
  t.run('CONFIG', 'RESETSTAT');
  expect(t.run('EVAL', "local e = redis.pcall('incr', 'l') return 1", 0)).toBe(1);
  expect(t.run('EVAL', "return redis.pcall('incr', 'l')", 0)).toEqual({ type: 'error', value: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
  const r = t.run('INFO', 'commandstats') as string | { value: string };
  const info = typeof r === 'string' ? r : r.value;
  expect(info).toMatch(/cmdstat_eval:calls=2,.*rejected_calls=0,failed_calls=1\r\n/);
  expect(info).toMatch(/cmdstat_incr:calls=2,.*rejected_calls=0,failed_calls=2\r\n/);
});

it('redis.acl_check_cmd', () => {
  const t = new InProcess();
  expect(t.run('EVAL', "return redis.acl_check_cmd('set','xx',1)", 1, 'xx')).toBe(1);
  expect((t.run('EVAL', "return redis.acl_check_cmd('nosuchcmd','xx')", 0) as { value: string }).value).toMatch(/Invalid command passed to redis.acl_check_cmd\(\)/);
  t.run('ACL', 'SETUSER', 'bob', 'on', '>123', '+@scripting', '+set', '~x*');
  expect(t.run('AUTH', 'bob', '123')).toEqual({ type: 'status', value: 'OK' });
  expect(t.run('EVAL', "return redis.acl_check_cmd('set','xx',1)", 1, 'xx')).toBe(1);
  expect(t.run('EVAL', "return redis.acl_check_cmd('hset','xx','f',1)", 1, 'xx')).toBe(null);
  expect(t.run('EVAL', "return redis.acl_check_cmd('set','yy',1)", 1, 'xx')).toBe(null);
});

it('error stats of scripts follow Redis (Consistent eval error reporting)', () => {
  const t = new InProcess();
  const stat = (name: string): string => {
    const r = t.run('INFO', 'commandstats') as string | { value: string };
    const info = typeof r === 'string' ? r : r.value;
    return new RegExp(`cmdstat_${name}:([^\\r]*)`).exec(info)?.[1] ?? '';
  };
  t.run('CONFIG', 'RESETSTAT');
  expect((t.run('EVAL', "return redis.call('select',99)", 0) as { value: string }).value).toMatch(/^ERR DB index is out of range/);
  expect(stat('select')).toMatch(/calls=1,.*rejected_calls=0,failed_calls=1$/);
  expect(stat('eval')).toMatch(/calls=1,.*rejected_calls=0,failed_calls=1$/);
  t.run('CONFIG', 'RESETSTAT');
  expect(t.run('EVAL_RO', "local t = redis.pcall('set','x','y') return t['err']", 1, 'x')).toBe('ERR Write commands are not allowed from read-only scripts.');
  expect(stat('set')).toMatch(/calls=0,.*rejected_calls=1,failed_calls=0$/);
  expect(stat('eval_ro')).toMatch(/calls=1,.*rejected_calls=0,failed_calls=0$/);
});

it('returning a command error table counts it once', () => {
  const t = new InProcess();
  t.run('RPUSH', 'l', 'a');
  t.run('CONFIG', 'RESETSTAT');
  expect(t.run('EVAL', "return redis.pcall('incr', 'l')", 0)).toEqual({ type: 'error', value: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
  const r = t.run('INFO', 'stats') as string | { value: string };
  const info = typeof r === 'string' ? r : r.value;
  expect(info).toMatch(/total_error_replies:1\r\n/);
});

it('a function assigning the redis global is refused', () => {
  const t = new InProcess();
  expect(t.run('FUNCTION', 'LOAD', "#!lua name=t3\nredis.register_function('t3', function(KEYS, ARGV)\nredis = function() return 1 end\nend)")).toBe('t3');
  expect((t.run('FCALL', 't3', 0) as { value: string }).value).toMatch(/Attempt to modify a readonly table/);
});
