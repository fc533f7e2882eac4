import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

// MEMORY USAGE values differ from Redis's (V8 objects vs jemalloc size classes): only reply types
// and error texts are compared. OBJECT FREQ/IDLETIME errors depend on the policy.
describeDiff('MEMORY and maxmemory behaviour match redis-server', () => {
  const d = useDiff();

  it('MEMORY USAGE: types and errors', async () => {
    await d.same('MEMORY', 'USAGE', 'nokey');
    await d.both('SET', 'k', 'v');
    await d.both('RPUSH', 'l', 'a', 'b');
    await d.both('HSET', 'h', 'f', 'v');
    await d.sameType('MEMORY', 'USAGE', 'k');
    await d.sameType('MEMORY', 'USAGE', 'l', 'SAMPLES', '0');
    await d.sameType('MEMORY', 'USAGE', 'h', 'samples', '3');
    await d.same('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1');
    await d.same('MEMORY', 'USAGE', 'k', 'SAMPLES', 'abc');
    await d.same('MEMORY', 'USAGE', 'k', 'SAMPLES');
    await d.same('MEMORY', 'USAGE', 'k', 'bogus', '1');
    await d.same('MEMORY', 'USAGE', 'nokey', 'SAMPLES', '-1');
    await d.same('MEMORY', 'USAGE', 'nokey', 'SAMPLES', '5');
    await d.same('MEMORY', 'USAGE');
    await d.same('COMMAND', 'GETKEYS', 'MEMORY', 'USAGE', 'key');
  });

  it('MEMORY subcommands: help, purge, arity, unknown', async () => {
    await d.same('MEMORY', 'HELP');
    await d.same('MEMORY', 'PURGE');
    await d.same('MEMORY', 'DOCTOR', 'extra');
    await d.same('MEMORY', 'STATS', 'extra');
    await d.same('MEMORY', 'NOPE');
    await d.same('MEMORY');
    await d.sameType('MEMORY', 'STATS');
    await d.sameType('MEMORY', 'DOCTOR');
    // The container's subcommand order follows Redis's randomly seeded dict: compare each one.
    // (memory|usage is left out: the registry prints no key specs yet, for any command.)
    for (const sub of ['doctor', 'help', 'purge', 'malloc-stats', 'stats']) await d.same('COMMAND', 'INFO', `memory|${sub}`);
  });

  it('OBJECT FREQ / IDLETIME errors follow the policy', async () => {
    await d.both('SET', 'k', 'v');
    await d.same('OBJECT', 'FREQ', 'k');
    await d.same('OBJECT', 'FREQ', 'nokey');
    await d.same('OBJECT', 'IDLETIME', 'k');
    await d.both('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    await d.both('SET', 'k2', 'v');
    await d.same('OBJECT', 'FREQ', 'k2');
    await d.same('OBJECT', 'IDLETIME', 'k2');
    await d.both('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  });

  it('noeviction OOM: SET refused, GET/DEL allowed, MULTI aborted', async () => {
    await d.both('SET', 'a', '1');
    await d.both('CONFIG', 'SET', 'maxmemory', '1');
    await d.same('SET', 'b', '2');
    await d.same('LPUSH', 'l2', 'x');
    await d.same('GET', 'a');
    await d.same('MULTI');
    await d.same('GET', 'a');
    await d.same('EXEC');
    await d.same('DEL', 'a');
    // Scripts see the pre-command OOM state (server.pre_command_oom_state).
    await d.same('EVAL', '#!lua\nreturn 1', '0');
    await d.same('EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'a')", '0');
    await d.same('EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'x', '1')", '0');
    await d.same('EVAL', "return redis.pcall('set', 'y', '1')", '0');
    await d.same('EVAL', "return redis.call('get', 'x')", '0');
    await d.both('CONFIG', 'SET', 'maxmemory', '0');
    await d.same('SET', 'b', '2');
  });

  it('allkeys-random with maxmemory 1 evicts everything; writes then OOM', async () => {
    await d.both('FLUSHALL');
    await d.both('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random');
    await d.both('SET', 'x', '1');
    await d.both('SET', 'y', '2');
    await d.both('CONFIG', 'SET', 'maxmemory', '1');
    await d.same('DBSIZE');
    await d.same('SET', 'z', '3');
    await d.both('CONFIG', 'SET', 'maxmemory', '0');
    await d.both('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  });
});
