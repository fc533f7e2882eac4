/**
 * MONITOR and scripts over real sockets: EVAL / EVALSHA / FCALL reach the monitors before the
 * commands their script runs ("[0 lua] …"), as Redis's evalCommand / fcallCommandGeneric feed
 * them first; a short EVALSHA sha is still shown.
 */
import { it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { RawClient } from '../helpers/raw-client';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

it('script commands follow their EVAL / EVALSHA / FCALL line', async () => {
  const mon = await RawClient.connect(ts.port);
  expect(await mon.call('MONITOR')).toBe('+OK\r\n');
  const c = await RawClient.connect(ts.port);
  const body = "return redis.call('set', KEYS[1], ARGV[1])";
  await c.call('EVAL', body, '1', 'foo', 'bar');
  expect(await mon.read()).toMatch(/\] "EVAL" ".*" "1" "foo" "bar"\r\n$/);
  expect(await mon.read()).toMatch(/\[0 lua\] "set" "foo" "bar"\r\n$/);
  const sha = (await c.call('SCRIPT', 'LOAD', body)).split('\r\n')[1]!;
  expect(await mon.read()).toMatch(/\] "SCRIPT" "LOAD" /);
  await c.call('EVALSHA', sha, '1', 'k2', 'v2');
  expect(await mon.read()).toMatch(/\] "EVALSHA" "[0-9a-f]{40}" "1" "k2" "v2"\r\n$/);
  expect(await mon.read()).toMatch(/\[0 lua\] "set" "k2" "v2"\r\n$/);
  expect(await c.call('EVALSHA', 'abc', '0')).toMatch(/^-NOSCRIPT/);
  expect(await mon.read()).toMatch(/\] "EVALSHA" "abc" "0"\r\n$/);
  await c.call('FUNCTION', 'LOAD', "#!lua name=monlib\nredis.register_function('mf', function() return redis.call('set', 'foo', 'baz') end)");
  expect(await mon.read()).toMatch(/\] "FUNCTION" "LOAD" /);
  await c.call('FCALL', 'mf', '0');
  expect(await mon.read()).toMatch(/\] "FCALL" "mf" "0"\r\n$/);
  expect(await mon.read()).toMatch(/\[0 lua\] "set" "foo" "baz"\r\n$/);
  mon.close();
  c.close();
});
