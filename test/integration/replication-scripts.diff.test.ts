/**
 * test/integration/replication-scripts.diff.test.ts — scripts and functions on a replica,
 * against a real redis-server, raw bytes compared: the script flags (no-writes, allow-stale)
 * decide between running, READONLY and MASTERDOWN as in Redis 7.0. The replicas point at
 * 127.0.0.1:1 (nothing listens), so the link stays down and "stale" is the state under test.
 */
import { it, expect, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { describeDiff, useDiff } from '../helpers/diff';

const LIB = [
  '#!lua name=repllib',
  "redis.register_function('w', function(keys, args) return redis.call('set', keys[1], 'x') end)",
  "redis.register_function{function_name='ro', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}",
  "redis.register_function{function_name='st', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes','allow-stale'}}",
  "redis.register_function{function_name='stping', callback=function(keys, args) return redis.call('ping') end, flags={'no-writes','allow-stale'}}",
  "redis.register_function{function_name='stw', callback=function(keys, args) return redis.call('set', keys[1], 'y') end, flags={'allow-stale'}}",
].join('\n');

const GET = "return redis.call('get', KEYS[1])";
const SET = "return redis.call('set', KEYS[1], 'v')";
const PING = "return redis.call('ping')";
const sha = (body: string): string => createHash('sha1').update(body).digest('hex');
const RO_GET = '#!lua flags=no-writes\n' + GET;
const STALE_PING = '#!lua flags=no-writes,allow-stale\n' + PING;

interface Same {
  same(...a: (string | number)[]): Promise<string>;
}

/** Every script shape, run in the current replica state. */
async function scripts(d: Same): Promise<void> {
  await d.same('SET', 'k', 'w');
  await d.same('GET', 'k');
  await d.same('PING');
  await d.same('EVAL', GET, '1', 'k');
  await d.same('EVAL', SET, '1', 'k');
  await d.same('EVAL', PING, '0');
  await d.same('EVAL', '#!lua\n' + GET, '1', 'k');
  await d.same('EVAL', '#!lua\n' + SET, '1', 'k');
  await d.same('EVAL', RO_GET, '1', 'k');
  await d.same('EVAL', '#!lua flags=no-writes\n' + SET, '1', 'k');
  await d.same('EVAL', '#!lua flags=no-writes,allow-stale\n' + GET, '1', 'k');
  await d.same('EVAL', STALE_PING, '0');
  await d.same('EVAL', '#!lua flags=allow-stale\n' + SET, '1', 'k');
  await d.same('EVAL_RO', GET, '1', 'k');
  await d.same('EVAL_RO', SET, '1', 'k');
  await d.same('EVAL_RO', '#!lua flags=allow-stale\n' + PING, '0');
  await d.same('EVALSHA', sha(RO_GET), '1', 'k');
  await d.same('EVALSHA', sha(STALE_PING), '0');
  await d.same('EVALSHA', sha(GET), '1', 'k');
  await d.same('EVALSHA', '0123456789012345678901234567890123456789', '0');
  await d.same('EVALSHA_RO', sha(GET), '1', 'k');
  await d.same('FCALL', 'w', '1', 'k');
  await d.same('FCALL', 'ro', '1', 'k');
  await d.same('FCALL', 'st', '1', 'k');
  await d.same('FCALL', 'stping', '0');
  await d.same('FCALL', 'stw', '1', 'k');
  await d.same('FCALL', 'nosuchfunction', '0');
  await d.same('FCALL_RO', 'ro', '1', 'k');
  await d.same('FCALL_RO', 'w', '1', 'k');
  await d.same('FCALL_RO', 'stping', '0');
  await d.same('MULTI');
  await d.same('FCALL', 'ro', '1', 'k');
  await d.same('EVAL', RO_GET, '1', 'k');
  await d.same('EXEC');
  await d.same('MULTI');
  await d.same('FCALL', 'w', '1', 'k');
  await d.same('EXEC');
  await d.same('MULTI');
  await d.same('EVAL', PING, '0');
  await d.same('EXEC');
  await d.same('MULTI');
  await d.same('EVAL', GET, '1', 'k');
  await d.same('GET', 'k');
  await d.same('EXEC');
  await d.same('MULTI');
  await d.same('PING');
  await d.same('EXEC');
}

describeDiff('scripts on a replica match redis-server', () => {
  const diff = useDiff();
  // Error positions ("on @user_script:2.") are the scripting engine's business, not compared here.
  const d: Same = {
    async same(...a) {
      const [x, y] = await diff.both(...a);
      const strip = (r: string): string => r.replace(/ on @user_(script|function):\d+\.\r\n$/, ' on @user_$1:N.\r\n');
      expect(strip(x), `reply to ${a.join(' ')}`).toBe(strip(y));
      return x;
    },
  };
  /** A replica of nothing (link down) with the given settings; the library and scripts loaded. */
  async function replica(readOnly: string, serveStale: string): Promise<void> {
    await d.same('REPLICAOF', 'NO', 'ONE');
    await d.same('FUNCTION', 'LOAD', 'REPLACE', LIB);
    await d.same('SCRIPT', 'LOAD', RO_GET);
    await d.same('SCRIPT', 'LOAD', STALE_PING);
    await d.same('SCRIPT', 'LOAD', GET);
    await d.same('SET', 'k', 'v');
    await d.same('CONFIG', 'SET', 'replica-read-only', readOnly);
    await d.same('CONFIG', 'SET', 'replica-serve-stale-data', serveStale);
    await d.same('REPLICAOF', '127.0.0.1', '1');
  }
  afterEach(async () => {
    await d.same('REPLICAOF', 'NO', 'ONE');
    await d.same('CONFIG', 'SET', 'replica-read-only', 'yes');
    await d.same('CONFIG', 'SET', 'replica-serve-stale-data', 'yes');
  });
  it('read-only replica serving stale data: no-writes scripts run, write scripts get READONLY', async () => {
    await replica('yes', 'yes');
    await scripts(d);
  });
  it('replica-serve-stale-data no: MASTERDOWN unless allow-stale, and then per command', async () => {
    await replica('yes', 'no');
    await scripts(d);
  });
  it('writable replica', async () => {
    await replica('no', 'yes');
    await scripts(d);
  });
  it('writable replica, replica-serve-stale-data no', async () => {
    await replica('no', 'no');
    await scripts(d);
  });
});
