/**
 * MULTI / EXEC / DISCARD / WATCH / UNWATCH in-process (fake clock): queueing, EXECABORT,
 * errors inside EXEC, WATCH invalidation (modification, expiry with 7.0 semantics, FLUSHDB,
 * SWAPDB), and the time snapshot shared by the whole transaction.
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok, err, status } from '../helpers/run';
import { ClientFlag } from '../../src/protocol/client';

const QUEUED = status('QUEUED');

describe('MULTI / EXEC', () => {
  it('queues and executes in order', () => {
    const t = new InProcess();
    expect(t.run('MULTI')).toEqual(ok);
    expect(t.run('SET', 'a', '1')).toEqual(QUEUED);
    expect(t.run('INCR', 'a')).toEqual(QUEUED);
    expect(t.run('GET', 'a')).toEqual(QUEUED);
    expect(t.run('EXEC')).toEqual([ok, 2, '2']);
    expect(t.client.flags & ClientFlag.Multi).toBe(0);
    expect(t.client.multiState).toBeNull();
  });

  it('errors outside a transaction and nesting', () => {
    const t = new InProcess();
    expect(t.run('EXEC')).toEqual(err('ERR EXEC without MULTI'));
    expect(t.run('DISCARD')).toEqual(err('ERR DISCARD without MULTI'));
    t.run('MULTI');
    expect(t.run('MULTI')).toEqual(err('ERR MULTI calls can not be nested'));
    expect(t.run('WATCH', 'x')).toEqual(err('ERR WATCH inside MULTI is not allowed'));
    // Neither error aborts the transaction (they are not dispatcher rejections).
    expect(t.run('EXEC')).toEqual([]);
  });

  it('a queueing error aborts EXEC; an execution error does not', () => {
    const t = new InProcess();
    t.run('MULTI');
    t.run('SET', 'a', '1');
    expect(t.run('NOSUCH')).toEqual(err("ERR unknown command 'NOSUCH', with args beginning with: "));
    expect(t.run('GET')).toEqual(err("ERR wrong number of arguments for 'get' command"));
    expect(t.run('EXEC')).toEqual(err('EXECABORT Transaction discarded because of previous errors.'));
    expect(t.run('GET', 'a')).toBeNull();

    t.run('SET', 's', 'str');
    t.run('MULTI');
    t.run('INCR', 's');
    t.run('SET', 'b', '2');
    expect(t.run('EXEC')).toEqual([err('ERR value is not an integer or out of range'), ok]);
    expect(t.run('GET', 'b')).toBe('2');
  });

  it('EXEC rejected by the dispatcher discards the transaction (execCommandAbort)', () => {
    const t = new InProcess();
    t.run('MULTI');
    t.run('SET', 'a', '1');
    expect(t.run('EXEC', 'x')).toEqual(err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"));
    expect(t.run('EXEC')).toEqual(err('ERR EXEC without MULTI'));
    expect(t.run('GET', 'a')).toBeNull();
  });

  it('DISCARD drops the queue and the watches', () => {
    const t = new InProcess();
    const other = t.newClient();
    t.run('WATCH', 'w');
    t.run('MULTI');
    t.run('SET', 'a', '1');
    expect(t.run('DISCARD')).toEqual(ok);
    other.run('SET', 'w', 'x');
    t.run('MULTI');
    t.run('GET', 'a');
    expect(t.run('EXEC')).toEqual([null]);
  });

  it('the whole transaction sees one time snapshot', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'v', 'PX', '10');
    t.run('MULTI');
    t.run('GET', 'k');
    t.run('PTTL', 'k');
    t.advance(5);
    expect(t.run('EXEC')).toEqual(['v', 5]);
  });

  it('RESET discards the transaction', () => {
    const t = new InProcess();
    t.run('MULTI');
    t.run('SET', 'a', '1');
    expect(t.run('RESET')).toEqual(status('RESET'));
    expect(t.run('EXEC')).toEqual(err('ERR EXEC without MULTI'));
  });
});

describe('WATCH', () => {
  it('a modification by another client fails EXEC with a null array', () => {
    const t = new InProcess();
    const other = t.newClient();
    t.run('SET', 'w', '1');
    expect(t.run('WATCH', 'w', 'w', 'z')).toEqual(ok);
    expect(t.client.watchedKeys!.length).toBe(2);
    other.run('SET', 'w', '2');
    expect(t.client.flags & ClientFlag.DirtyCas).toBeTruthy();
    // Dirty clients stop watching at once.
    expect(t.client.watchedKeys).toBeNull();
    expect(t.server.dbs[0]!.watchedKeys.size).toBe(0);
    t.run('MULTI');
    t.run('SET', 'w', 'mine');
    expect(t.run('EXEC')).toBeNull();
    expect(t.run('GET', 'w')).toBe('2');
  });

  it('own modifications before MULTI also count; UNWATCH clears', () => {
    const t = new InProcess();
    t.run('WATCH', 'w');
    t.run('SET', 'w', '1');
    t.run('MULTI');
    expect(t.run('EXEC')).toBeNull();
    t.run('WATCH', 'w');
    t.run('SET', 'w', '2');
    expect(t.run('UNWATCH')).toEqual(ok);
    t.run('MULTI');
    t.run('PING');
    expect(t.run('EXEC')).toEqual([status('PONG')]);
  });

  it('a key in another db is a different key', () => {
    const t = new InProcess();
    const other = t.newClient();
    t.run('WATCH', 'w');
    other.run('SELECT', '1');
    other.run('SET', 'w', '1');
    t.run('MULTI');
    t.run('PING');
    expect(t.run('EXEC')).toEqual([status('PONG')]);
  });

  it('expiry of a watched key after WATCH fails EXEC', () => {
    const t = new InProcess();
    t.run('SET', 'e', '1', 'PX', '100');
    t.run('WATCH', 'e');
    t.advance(200);
    t.run('MULTI');
    t.run('PING');
    expect(t.run('EXEC')).toBeNull();
  });

  it('a key already expired at WATCH time and then deleted is no change (7.0)', () => {
    // In-process servers run no cron, so only the lazy expiry below deletes the key.
    const t = new InProcess();
    t.run('SET', 'e', '1', 'PX', '100');
    t.advance(200);
    t.run('WATCH', 'e');
    expect(t.client.watchedKeys![0]!.expired).toBe(true);
    // The lazy expiry deletes it: signalModifiedKey, but logically nothing changed.
    expect(t.run('GET', 'e')).toBeNull();
    t.run('MULTI');
    t.run('PING');
    expect(t.run('EXEC')).toEqual([status('PONG')]);
  });

  it('FLUSHDB / FLUSHALL touch watched keys that exist', () => {
    const t = new InProcess();
    const other = t.newClient();
    t.run('SET', 'f', '1');
    t.run('WATCH', 'f');
    other.run('FLUSHALL');
    t.run('MULTI');
    expect(t.run('EXEC')).toBeNull();
    // A missing key is not touched by a flush.
    t.run('WATCH', 'missing');
    other.run('FLUSHDB');
    t.run('MULTI');
    expect(t.run('EXEC')).toEqual([]);
  });

  it('SWAPDB touches keys that appear or disappear', () => {
    const t = new InProcess();
    const other = t.newClient();
    other.run('SELECT', '1');
    other.run('SET', 's', '1');
    t.run('WATCH', 's');
    other.run('SWAPDB', '0', '1');
    t.run('MULTI');
    expect(t.run('EXEC')).toBeNull();
  });

  it('RENAME touches both names; DEL of a missing key touches nothing', () => {
    const t = new InProcess();
    const other = t.newClient();
    other.run('SET', 'src', '1');
    t.run('WATCH', 'dst');
    other.run('DEL', 'nothing');
    other.run('RENAME', 'src', 'dst');
    t.run('MULTI');
    expect(t.run('EXEC')).toBeNull();
  });
});
