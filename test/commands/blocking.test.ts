import { describe, expect, it } from 'vitest';
import { InProcess, err } from '../helpers/run';
import type { CaptureWriter } from '../../src/protocol/writer';
import type { Client } from '../../src/protocol/client';
import { blockingOf } from '../../src/blocking';

/** Replies written to a client outside its own command (served / timed out). */
function pending(c: Client): unknown[] {
  return (c.reply as CaptureWriter).values.splice(0);
}

describe('blocking framework (in-process)', () => {
  it('BLPOP blocks, is served FIFO by a later push, and reports blocked_clients', () => {
    const t = new InProcess();
    const a = t.newClient();
    const b = t.newClient();
    expect(a.run('BLPOP', 'k1', 'k2', 0)).toEqual([]);
    expect(b.run('BLPOP', 'k2', 0)).toEqual([]);
    const blk = blockingOf(t.server);
    expect(blk.blockedClients).toBe(2);
    expect(t.run('RPUSH', 'k2', 'x', 'y', 'z')).toBe(3);
    expect(pending(a.client)).toEqual([['k2', 'x']]);
    expect(pending(b.client)).toEqual([['k2', 'y']]);
    expect(t.run('LRANGE', 'k2', 0, -1)).toEqual(['z']);
    expect(blk.blockedClients).toBe(0);
    expect(t.server.dbs[0]!.blockingKeys.size).toBe(0);
  });

  it('an existing list is popped without blocking; the first non-empty key wins', () => {
    const t = new InProcess();
    t.run('RPUSH', 'k2', 'a', 'b');
    expect(t.run('BRPOP', 'k1', 'k2', 0)).toEqual(['k2', 'b']);
    expect(t.run('BLMPOP', 0, 2, 'k1', 'k2', 'LEFT', 'COUNT', 5)).toEqual(['k2', ['a']]);
    expect(t.run('EXISTS', 'k2')).toBe(0);
  });

  it('times out with a null array at the deadline', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLPOP', 'k', '0.5');
    const blk = blockingOf(t.server);
    t.advance(499);
    blk.checkTimeouts();
    expect(pending(a.client)).toEqual([]);
    t.advance(1);
    blk.checkTimeouts();
    expect(pending(a.client)).toEqual([null]);
    expect(blk.blockedClients).toBe(0);
    expect(blk.clientsInTimeoutTable).toBe(0);
  });

  it('a push inside MULTI serves waiters after EXEC, all at once', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLPOP', 'k', 0);
    t.run('MULTI');
    t.run('LPUSH', 'k', 'a');
    t.run('LPUSH', 'k', 'b');
    expect(pending(a.client)).toEqual([]);
    expect(t.run('EXEC')).toEqual([1, 2]);
    expect(pending(a.client)).toEqual([['k', 'b']]);
    expect(t.run('LRANGE', 'k', 0, -1)).toEqual(['a']);
  });

  it('push then pop inside MULTI leaves nothing for the waiter, which keeps waiting', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLPOP', 'k', 0);
    t.run('MULTI');
    t.run('LPUSH', 'k', 'a');
    t.run('LPOP', 'k');
    t.run('EXEC');
    expect(pending(a.client)).toEqual([]);
    expect(blockingOf(t.server).blockedClients).toBe(1);
    t.run('RPUSH', 'k', 'z');
    expect(pending(a.client)).toEqual([['k', 'z']]);
  });

  it('BLMOVE chains: serving one waiter can serve another', () => {
    const t = new InProcess();
    const a = t.newClient();
    const b = t.newClient();
    a.run('BLMOVE', 'l1', 'l2', 'LEFT', 'RIGHT', 0);
    b.run('BRPOPLPUSH', 'l2', 'l3', 0);
    t.run('RPUSH', 'l1', 'v');
    expect(pending(a.client)).toEqual(['v']);
    expect(pending(b.client)).toEqual(['v']);
    expect(t.run('LRANGE', 'l3', 0, -1)).toEqual(['v']);
    expect(t.run('EXISTS', 'l1', 'l2')).toBe(0);
  });

  it('BLMOVE to a key of the wrong type: the waiter gets WRONGTYPE, the source is kept', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0);
    t.run('SET', 'dst', 'x');
    t.run('RPUSH', 'src', 'v');
    expect(pending(a.client)).toEqual([err('WRONGTYPE Operation against a key holding the wrong kind of value')]);
    expect(t.run('LRANGE', 'src', 0, -1)).toEqual(['v']);
  });

  it('a waiter keeps waiting while the key holds another type', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLPOP', 'k', 0);
    t.run('SET', 'k', 'str');
    t.run('DEL', 'k');
    t.run('RPUSH', 'k', 'v');
    expect(pending(a.client)).toEqual([['k', 'v']]);
  });

  it('the same key twice is registered once', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLPOP', 'k', 'k', 0);
    expect((t.server.dbs[0]!.blockingKeys.get('k') as unknown[]).length).toBe(1);
    t.run('RPUSH', 'k', '1', '2');
    expect(pending(a.client)).toEqual([['k', '1']]);
  });

  it('BLMPOP serves with its count; RESP3 timeout is a null', () => {
    const t = new InProcess();
    const a = t.newClient(3);
    a.run('BLMPOP', 0, 1, 'k', 'RIGHT', 'COUNT', 2);
    t.run('RPUSH', 'k', 'a', 'b', 'c');
    expect(pending(a.client)).toEqual([['k', ['c', 'b']]]);
    a.run('BLPOP', 'none', 1);
    t.advance(1000);
    blockingOf(t.server).checkTimeouts();
    expect(pending(a.client)).toEqual([null]);
  });

  it('CLIENT UNBLOCK hook: TIMEOUT and ERROR', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLPOP', 'k', 0);
    const hook = t.server.hooks.unblockClient!;
    expect(hook(a.client, false)).toBe(true);
    expect(pending(a.client)).toEqual([null]);
    expect(hook(a.client, false)).toBe(false);
    a.run('BLPOP', 'k', 0);
    expect(hook(a.client, true)).toBe(true);
    expect(pending(a.client)).toEqual([err('UNBLOCKED client unblocked via CLIENT UNBLOCK')]);
  });

  it('a closed client is forgotten', () => {
    const t = new InProcess();
    const a = t.newClient();
    a.run('BLPOP', 'k', 0);
    for (const fn of t.server.hooks.clientClosed) fn(a.client);
    expect(blockingOf(t.server).blockedClients).toBe(0);
    expect(t.server.dbs[0]!.blockingKeys.size).toBe(0);
    t.run('RPUSH', 'k', 'v');
    expect(t.run('LLEN', 'k')).toBe(1);
  });
});

describe('blocking framework against a reference model', () => {
  it('random BLPOP/BRPOP waiters and pushes: FIFO per key, nothing lost or served twice', async () => {
    const fc = (await import('fast-check')).default;
    const keyArb = fc.constantFrom('k1', 'k2', 'k3');
    const step = fc.oneof(
      fc.record({ kind: fc.constant('block' as const), keys: fc.uniqueArray(keyArb, { minLength: 1, maxLength: 3 }), right: fc.boolean() }),
      fc.record({ kind: fc.constant('push' as const), key: keyArb, n: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const t = new InProcess();
        // Model: waiters in blocking order; lists as arrays.
        const waiters: { id: number; keys: string[]; right: boolean }[] = [];
        const lists = new Map<string, string[]>();
        const expected = new Map<number, [string, string]>();
        const clients: { id: number; c: Client }[] = [];
        let seq = 0;
        for (const s of steps) {
          if (s.kind === 'block') {
            const nc = t.newClient();
            const id = clients.length;
            clients.push({ id, c: nc.client });
            const have = s.keys.find((k) => (lists.get(k)?.length ?? 0) > 0);
            const r = nc.run(s.right ? 'BRPOP' : 'BLPOP', ...s.keys, 0);
            if (have !== undefined) {
              const l = lists.get(have)!;
              const v = s.right ? l.pop()! : l.shift()!;
              expect(r).toEqual([have, v]);
            } else {
              expect(r).toEqual([]);
              waiters.push({ id, keys: s.keys, right: s.right });
            }
          } else {
            const vals = Array.from({ length: s.n }, () => `v${seq++}`);
            t.run('RPUSH', s.key, ...vals);
            const l = lists.get(s.key) ?? [];
            l.push(...vals);
            lists.set(s.key, l);
            for (let i = 0; i < waiters.length && l.length > 0; ) {
              const w = waiters[i]!;
              if (!w.keys.includes(s.key)) {
                i++;
                continue;
              }
              expected.set(w.id, [s.key, w.right ? l.pop()! : l.shift()!]);
              waiters.splice(i, 1);
            }
          }
        }
        for (const { id, c } of clients) {
          const got = pending(c);
          const exp = expected.get(id);
          expect(got).toEqual(exp === undefined ? [] : [exp]);
        }
        for (const [k, l] of lists) expect(t.run('LRANGE', k, 0, -1)).toEqual(l);
        expect(blockingOf(t.server).blockedClients).toBe(waiters.length);
      }),
      { numRuns: 150 },
    );
  });
});
