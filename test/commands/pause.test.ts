/**
 * CLIENT PAUSE / UNPAUSE in-process: argument errors, WRITE vs ALL postponement, may-replicate
 * commands and scripts, EXEC with queued writes, resumption order, expiry held back.
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok, err, status } from '../helpers/run';
import { CaptureWriter } from '../../src/protocol/writer';
import { ClientFlag, type Client } from '../../src/protocol/client';
import { pauseClients, unpauseClients, PAUSE_WRITE, PAUSE_ALL, PAUSE_OFF } from '../../src/pause';

function drain(c: Client): unknown[] {
  const w = c.reply as CaptureWriter;
  const v = w.values.slice();
  w.values.length = 0;
  return v;
}
const tick = () => new Promise((r) => setImmediate(r));

describe('CLIENT PAUSE', () => {
  it('argument errors', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'PAUSE', 'abc')).toEqual(err('ERR timeout is not an integer or out of range'));
    expect(t.run('CLIENT', 'PAUSE', '-1')).toEqual(err('ERR timeout is negative'));
    expect(t.run('CLIENT', 'PAUSE', '10', 'SOME')).toEqual(err('ERR CLIENT PAUSE mode must be WRITE or ALL'));
    expect(t.run('CLIENT', 'PAUSE', '10', 'WRITE', 'x')).toEqual(err("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."));
    expect(t.run('CLIENT', 'UNPAUSE', 'x')).toEqual(err("ERR wrong number of arguments for 'client|unpause' command"));
    expect(t.run('CLIENT', 'UNPAUSE')).toEqual(ok);
  });

  it('WRITE pauses writes and may-replicate commands only; UNPAUSE resumes in order', async () => {
    const t = new InProcess();
    const a = t.newClient();
    const b = t.newClient();
    expect(t.run('CLIENT', 'PAUSE', '100000', 'WRITE')).toEqual(ok);
    expect(a.run('GET', 'k')).toBeNull();
    expect(a.run('PING')).toEqual(status('PONG'));
    expect(a.run('SET', 'k', '1')).toEqual([]);
    expect(a.client.flags & ClientFlag.Blocked).toBeTruthy();
    expect(b.run('PUBLISH', 'ch', 'x')).toEqual([]);
    expect(t.run('CLIENT', 'UNPAUSE')).toEqual(ok);
    await tick();
    expect(drain(a.client)).toEqual([ok]);
    expect(drain(b.client)).toEqual([0]);
    expect(t.run('GET', 'k')).toBe('1');
  });

  it('WRITE: EVAL without flags waits, a no-writes shebang does not; EXEC with writes waits', async () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('MULTI');
    expect(a.run('GET', 'x')).toEqual(status('QUEUED'));
    t.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    expect(a.run('EXEC')).toEqual([null]);
    a.run('MULTI');
    // Queueing a write is itself postponed (as in Redis 7.0).
    expect(a.run('SET', 'x', '1')).toEqual([]);
    t.run('CLIENT', 'UNPAUSE');
    await tick();
    expect(drain(a.client)).toEqual([status('QUEUED')]);
    t.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    expect(a.run('EXEC')).toEqual([]);
    t.run('CLIENT', 'UNPAUSE');
    await tick();
    expect(drain(a.client)).toEqual([[ok]]);
  });

  it('ALL pauses everything, including the pausing client', async () => {
    const t = new InProcess();
    t.run('CLIENT', 'PAUSE', '100000');
    const a = t.newClient();
    expect(a.run('GET', 'k')).toEqual([]);
    expect(t.server.pauseType).toBe(2);
    // Syntax errors are answered at once.
    const b = t.newClient();
    expect(b.run('GET')).toEqual(err("ERR wrong number of arguments for 'get' command"));
    // Even CLIENT UNPAUSE waits under ALL (as in Redis): the pause ends by its timeout.
    expect(b.run('CLIENT', 'UNPAUSE')).toEqual([]);
  });

  it('a pause only grows and ends by itself', async () => {
    const t = new InProcess();
    t.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    t.run('CLIENT', 'PAUSE', '10', 'WRITE');
    expect(t.server.pauseType).toBe(1);
    t.advance(50);
    // The later end (100000) is kept.
    expect(t.newClient().run('SET', 'k', '1')).toEqual([]);
    t.run('CLIENT', 'UNPAUSE');
    expect(t.server.pauseType).toBe(0);
    t.run('CLIENT', 'PAUSE', '50', 'WRITE');
    expect(t.server.expiryPaused).toBe(true);
    t.advance(100);
    const a = t.newClient();
    // The expired pause is noticed by the next command.
    expect(a.run('SET', 'k', 'v')).toEqual(ok);
    expect(t.server.pauseType).toBe(0);
    expect(t.server.expiryPaused).toBe(false);
  });

  it('expiry is held back while paused', () => {
    const t = new InProcess();
    t.run('SET', 'e', '1', 'PX', '10');
    t.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    t.advance(50);
    expect(t.run('GET', 'e')).toBeNull();
    expect(t.server.dbs[0]!.dict.has('e')).toBe(true);
    t.run('CLIENT', 'UNPAUSE');
    expect(t.run('GET', 'e')).toBeNull();
    expect(t.server.dbs[0]!.dict.has('e')).toBe(false);
  });
});

describe('pause purposes (CLIENT PAUSE and FAILOVER)', () => {
  it('CLIENT UNPAUSE ends only the client pause; a FAILOVER pause stays in force', async () => {
    const t = new InProcess();
    const a = t.newClient();
    pauseClients(t.server, Number.MAX_SAFE_INTEGER, PAUSE_WRITE, 'failover');
    expect(t.run('CLIENT', 'PAUSE', '100000', 'WRITE')).toEqual(ok);
    expect(t.run('CLIENT', 'UNPAUSE')).toEqual(ok);
    await tick();
    // Writes still wait for the failover pause.
    expect(t.server.pauseType).toBe(PAUSE_WRITE);
    expect(a.run('SET', 'k', '1')).toEqual([]);
    unpauseClients(t.server, 'failover');
    await tick();
    expect(drain(a.client)).toEqual([ok]);
    expect(t.server.pauseType).toBe(PAUSE_OFF);
  });

  it('the pause in force is the strictest of the purposes; ALL ending leaves WRITE', async () => {
    const t = new InProcess();
    const a = t.newClient();
    pauseClients(t.server, Number.MAX_SAFE_INTEGER, PAUSE_WRITE, 'failover');
    pauseClients(t.server, Number.MAX_SAFE_INTEGER, PAUSE_ALL, 'client');
    expect(a.run('GET', 'k')).toEqual([]);
    unpauseClients(t.server, 'client');
    await tick();
    expect(drain(a.client)).toEqual([null]);
    expect(a.run('SET', 'k', '1')).toEqual([]);
    unpauseClients(t.server, 'failover');
    await tick();
    expect(drain(a.client)).toEqual([ok]);
  });
});
