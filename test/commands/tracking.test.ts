/**
 * Client-side caching in-process: CLIENT TRACKING options and errors, TRACKINGINFO, GETREDIR,
 * CACHING, invalidation (default mode, NOLOOP, OPTIN/OPTOUT, BCAST, redirect, FLUSHALL), and
 * tracking-table-max-keys.
 */
import { describe, it, expect } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';
import { CaptureWriter } from '../../src/protocol/writer';
import type { Client } from '../../src/protocol/client';

const P = (...value: unknown[]) => ({ type: 'push', value });
const inval = (keys: string[] | null) => P('invalidate', keys);

function drain(c: Client): unknown[] {
  const w = c.reply as CaptureWriter;
  const v = w.values.slice();
  w.values.length = 0;
  return v;
}

/** CLIENT TRACKINGINFO as CaptureWriter records it. */
const info = (flags: string[], redirect: number, prefixes: string[]) => ({
  type: 'map',
  value: ['flags', { type: 'set', value: flags }, 'redirect', redirect, 'prefixes', prefixes],
});

/** CLIENT INFO's line (a verbatim string). */
function clientInfo(t: InProcess): string {
  const v = t.run('CLIENT', 'INFO') as string | { value: string };
  return typeof v === 'string' ? v : v.value;
}

/** In-process clients are not in server.clients; redirect lookups need them there. */
function register(t: InProcess, c: Client): void {
  t.server.clients.set(c.id, c);
}

describe('CLIENT TRACKING options', () => {
  it('rejects invalid combinations with Redis texts', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'TRACKING', 'maybe')).toEqual(err('ERR syntax error'));
    expect(t.run('CLIENT', 'TRACKING', 'on', 'bogus')).toEqual(err('ERR syntax error'));
    expect(t.run('CLIENT', 'TRACKING', 'on', 'PREFIX', 'a')).toEqual(err('ERR PREFIX option requires BCAST mode to be enabled'));
    expect(t.run('CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTOUT')).toEqual(err('ERR OPTIN and OPTOUT are not compatible with BCAST'));
    expect(t.run('CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT')).toEqual(err("ERR You can't specify both OPTIN mode and OPTOUT mode"));
    expect(t.run('CLIENT', 'TRACKING', 'on', 'REDIRECT', 'x')).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('CLIENT', 'TRACKING', 'on', 'REDIRECT', '424242')).toEqual(err('ERR The client ID you want redirect to does not exist'));
    expect(t.run('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(t.client.id), 'REDIRECT', String(t.client.id))).toEqual(
      err('ERR A client can only redirect to a single other client'),
    );
    expect(t.run('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'ab', 'PREFIX', 'a')).toEqual(
      err("ERR Prefix 'ab' overlaps with another provided prefix 'a'. Prefixes for a single client must not overlap."),
    );
    expect(t.run('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'ab')).toEqual(ok);
    expect(t.run('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'abc')).toEqual(
      err("ERR Prefix 'abc' overlaps with an existing prefix 'ab'. Prefixes for a single client must not overlap."),
    );
    expect(t.run('CLIENT', 'TRACKING', 'on')).toEqual(
      err("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode."),
    );
    t.run('CLIENT', 'TRACKING', 'off');
    t.run('CLIENT', 'TRACKING', 'on', 'OPTIN');
    expect(t.run('CLIENT', 'TRACKING', 'on', 'OPTOUT')).toEqual(
      err("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode."),
    );
  });

  it('CACHING errors', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'CACHING', 'yes')).toEqual(
      err('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled'),
    );
    t.run('CLIENT', 'TRACKING', 'on');
    expect(t.run('CLIENT', 'CACHING', 'yes')).toEqual(err('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.'));
    expect(t.run('CLIENT', 'CACHING', 'no')).toEqual(err('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.'));
    expect(t.run('CLIENT', 'CACHING', 'x')).toEqual(err('ERR syntax error'));
  });

  it('TRACKINGINFO and GETREDIR', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'TRACKINGINFO')).toEqual(info(['off'], -1, []));
    expect(t.run('CLIENT', 'GETREDIR')).toBe(-1);
    t.run('CLIENT', 'TRACKING', 'on', 'OPTIN', 'NOLOOP');
    t.run('CLIENT', 'CACHING', 'yes');
    expect(t.run('CLIENT', 'TRACKINGINFO')).toEqual(info(['on', 'optin', 'caching-yes', 'noloop'], 0, []));
    // CACHING lasts for one command (the next CLIENT command keeps it).
    t.run('GET', 'x');
    expect(t.run('CLIENT', 'TRACKINGINFO')).toEqual(info(['on', 'optin', 'noloop'], 0, []));
    expect(t.run('CLIENT', 'GETREDIR')).toBe(0);
    t.run('CLIENT', 'TRACKING', 'off');
    t.run('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'b', 'PREFIX', 'a');
    expect(t.run('CLIENT', 'TRACKINGINFO')).toEqual(info(['on', 'bcast'], 0, ['a', 'b']));
    expect(JSON.stringify(t.run('INFO', 'stats'))).toMatch(/tracking_total_prefixes:2/);
  });
});

describe('invalidation', () => {
  it('RESP3: keys read are invalidated once when modified by others', () => {
    const t = new InProcess({}, 3);
    register(t, t.client);
    const other = t.newClient();
    t.run('CLIENT', 'TRACKING', 'on');
    t.run('GET', 'a');
    t.run('MGET', 'b', 'c');
    other.run('SET', 'a', '1');
    other.run('MSET', 'b', '1', 'c', '1');
    other.run('SET', 'a', '2');
    expect(drain(t.client)).toEqual([inval(['a']), inval(['b']), inval(['c'])]);
  });

  it('own modification: invalidation after the reply; NOLOOP suppresses it', () => {
    const t = new InProcess({}, 3);
    register(t, t.client);
    t.run('CLIENT', 'TRACKING', 'on');
    t.run('GET', 'a');
    expect(t.run('SET', 'a', '1')).toEqual([ok, inval(['a'])]);
    t.run('CLIENT', 'TRACKING', 'on', 'NOLOOP');
    t.run('GET', 'a');
    expect(t.run('SET', 'a', '2')).toEqual(ok);
  });

  it('invalidation inside MULTI comes after the EXEC reply', () => {
    const t = new InProcess({}, 3);
    register(t, t.client);
    t.run('CLIENT', 'TRACKING', 'on');
    t.run('GET', 'a');
    t.run('MULTI');
    t.run('SET', 'a', '1');
    t.run('GET', 'a');
    expect(t.run('EXEC')).toEqual([[ok, '1'], inval(['a'])]);
  });

  it('OPTIN tracks only after CACHING yes; OPTOUT skips after CACHING no', () => {
    const t = new InProcess({}, 3);
    register(t, t.client);
    const other = t.newClient();
    t.run('CLIENT', 'TRACKING', 'on', 'OPTIN');
    t.run('GET', 'x');
    t.run('CLIENT', 'CACHING', 'yes');
    t.run('GET', 'y');
    other.run('MSET', 'x', '1', 'y', '1');
    expect(drain(t.client)).toEqual([inval(['y'])]);
    t.run('CLIENT', 'TRACKING', 'off');
    t.run('CLIENT', 'TRACKING', 'on', 'OPTOUT');
    t.run('CLIENT', 'CACHING', 'no');
    t.run('GET', 'x');
    t.run('GET', 'y');
    other.run('MSET', 'x', '2', 'y', '2');
    expect(drain(t.client)).toEqual([inval(['y'])]);
  });

  it('redirect to a RESP2 subscriber of __redis__:invalidate; broken redirect', () => {
    const t = new InProcess();
    register(t, t.client);
    const redir = t.newClient();
    const other = t.newClient();
    register(t, redir.client);
    redir.run('SUBSCRIBE', '__redis__:invalidate');
    t.run('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(redir.client.id));
    t.run('GET', 'k');
    other.run('SET', 'k', '1');
    expect(drain(redir.client)).toEqual([P('message', '__redis__:invalidate', ['k'])]);
    other.run('FLUSHALL');
    expect(drain(redir.client)).toEqual([P('message', '__redis__:invalidate', null)]);
    t.server.clients.delete(redir.client.id);
    t.run('GET', 'k');
    other.run('SET', 'k', '2');
    expect(t.run('CLIENT', 'TRACKINGINFO')).toEqual(info(['on', 'broken_redirect'], redir.client.id, []));
    // CLIENT INFO flags: t (tracking), then R (broken redirect), as Redis prints them.
    expect(clientInfo(t)).toMatch(/ flags=tR /);
    expect(t.run('CLIENT', 'TRACKING', 'off')).toEqual(ok);
    expect(clientInfo(t)).toMatch(/ flags=N /);
  });

  it('CLIENT INFO shows B for BCAST tracking', () => {
    const t = new InProcess();
    expect(t.run('CLIENT', 'TRACKING', 'on', 'BCAST')).toEqual(ok);
    expect(clientInfo(t)).toMatch(/ flags=tB /);
  });

  it('FLUSHALL sends a null invalidation and empties the table', () => {
    const t = new InProcess({}, 3);
    register(t, t.client);
    const other = t.newClient();
    t.run('CLIENT', 'TRACKING', 'on');
    t.run('GET', 'k');
    register(t, t.client);
    other.run('FLUSHALL');
    expect(drain(t.client)).toEqual([inval(null)]);
    expect(JSON.stringify(t.run('INFO', 'stats'))).toMatch(/tracking_total_keys:0/);
  });

  it('BCAST: keys under the prefixes, sorted, at the end of the event loop', async () => {
    const t = new InProcess({}, 3);
    register(t, t.client);
    const other = t.newClient();
    t.run('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'u:');
    other.run('MSET', 'u:2', '1', 'x', '1', 'u:1', '1');
    expect(drain(t.client)).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(drain(t.client)).toEqual([inval(['u:1', 'u:2'])]);
  });

  it('tracking-table-max-keys evicts keys with an invalidation', () => {
    const t = new InProcess({}, 3);
    register(t, t.client);
    t.run('CLIENT', 'TRACKING', 'on');
    t.run('MGET', 'a', 'b', 'c');
    t.run('CONFIG', 'SET', 'tracking-table-max-keys', '1');
    // The limit applies before the next command: two invalidations, then PING's reply.
    const got = t.run('PING') as unknown[];
    expect(got.length).toBe(3);
    expect((got[0] as { value: unknown[] }).value[0]).toBe('invalidate');
    expect(got[2]).toEqual({ type: 'status', value: 'PONG' });
    expect(JSON.stringify(t.run('INFO', 'stats'))).toMatch(/tracking_total_keys:1/);
  });
});
