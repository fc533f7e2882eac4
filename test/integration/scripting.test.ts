/**
 * Scripting over real sockets with ioredis: EVAL/EVALSHA (defineCommand uses EVALSHA then EVAL
 * on NOSCRIPT), FUNCTION LOAD + FCALL, RESP3 values seen by a RESP2 client, binary-safe arguments, atomicity
 * with WATCH, and a runaway script that is stopped without killing the connection.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ 'busy-reply-threshold': 10 });
});
afterAll(async () => {
  await ts.close();
});

describe('scripting over sockets', () => {
  it('EVAL, EVALSHA and defineCommand', async () => {
    const r = ts.client();
    expect(await r.eval("return {KEYS[1], ARGV[1], 42, redis.call('set', KEYS[1], ARGV[1]).ok}", 1, 'k', 'v')).toEqual(['k', 'v', 42, 'OK']);
    const sha = (await r.script('LOAD', 'return redis.call("get", KEYS[1])')) as string;
    expect(await r.evalsha(sha, 1, 'k')).toBe('v');
    r.defineCommand('getPlus', { numberOfKeys: 1, lua: "return (redis.call('get', KEYS[1]) or '') .. ARGV[1]" });
    await r.script('FLUSH');
    expect(await (r as unknown as { getPlus(k: string, a: string): Promise<string> }).getPlus('k', '!')).toBe('v!');
    await expect(r.evalsha('ffffffffffffffffffffffffffffffffffffffff', 0)).rejects.toThrow('NOSCRIPT No matching script. Please use EVAL.');
  });

  it('binary-safe keys, args and replies', async () => {
    const r = ts.client();
    const bin = Buffer.from([0, 1, 2, 255, 13, 10]);
    const res = (await r.evalBuffer("redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])", 1, bin, bin)) as Buffer;
    expect(Buffer.compare(res, bin)).toBe(0);
  });

  it('FUNCTION LOAD and FCALL', async () => {
    const r = ts.client();
    await r.call('FUNCTION', 'FLUSH');
    expect(await r.call('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('incr2', function(keys, args) return redis.call('incrby', keys[1], 2) end)")).toBe('lib');
    expect(await r.call('FCALL', 'incr2', 1, 'n')).toBe(2);
    expect(await r.call('FCALL', 'INCR2', 1, 'n')).toBe(4);
    await expect(r.call('FCALL_RO', 'incr2', 1, 'n')).rejects.toThrow(/Can not execute a script with write flag using \*_ro command/);
  });

  it('RESP3 script replies to a RESP2 client (ioredis speaks RESP2)', async () => {
    const r = ts.client();
    await r.hset('h', 'f', 'v');
    expect(await r.call('EVAL', "redis.setresp(3) return redis.call('hgetall', KEYS[1])", 1, 'h')).toEqual(['f', 'v']);
    expect(await r.call('EVAL', 'return {double=1.5}', 0)).toBe('1.5');
  });

  it('a script is atomic and dirties WATCHed keys', async () => {
    const a = ts.client();
    const b = ts.client();
    await a.set('w', '1');
    await a.watch('w');
    await b.eval("redis.call('set', KEYS[1], '2')", 1, 'w');
    expect(await a.multi().get('w').exec()).toBeNull();
  });

  it('a timed-out script: others get BUSY, SCRIPT KILL stops it, the link stays usable', async () => {
    const r = ts.client();
    const other = ts.client();
    await other.ping();
    const pending = r.eval('while true do end', 0).then(
      () => 'no error',
      (e: Error) => e.message,
    );
    // Wait until the script has gone busy (others get -BUSY).
    let busyErr = '';
    for (let i = 0; i < 100 && busyErr === ''; i++) {
      await new Promise((res) => setTimeout(res, 50));
      busyErr = await other.ping().then(() => '', (e: Error) => e.message);
    }
    expect(busyErr).toBe('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    await expect(other.call('FUNCTION', 'KILL')).rejects.toThrow('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    expect(await other.script('KILL')).toBe('OK');
    expect(await pending).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\. script: /);
    expect(await r.ping()).toBe('PONG');
    expect(await other.ping()).toBe('PONG');
    await expect(other.script('KILL')).rejects.toThrow('NOTBUSY No scripts in execution right now.');
  }, 20000);

  it('a timed-out script that wrote is not killable', async () => {
    const r = ts.client();
    const other = ts.client();
    // Writes first, then loops long enough to be stopped by its budget: it was never busy (no
    // worker run for writers), so the kill reaches it as the budget kill.
    const res = await r.eval("redis.call('set', 'wk', '1') local i = 0 while i < 2e9 do i = i + 1 end", 0).then(() => 'done', (e: Error) => e.message);
    expect(res).toMatch(/killed/);
    expect(await other.get('wk')).toBe('1');
  }, 30000);
});
