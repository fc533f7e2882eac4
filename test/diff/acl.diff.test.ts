/**
 * Differential tests: ACL against a real redis-server 7.0.15 (raw bytes compared).
 * Redis walks its command table in hash order (seeded at start-up), so replies that list single
 * commands in that order (ACL CAT <category>, describe rules that end in +cmd/-cmd lists) are
 * compared as sorted sets of elements / tokens.
 */
import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('ACL (differential)', () => {
  const d = useDiff();

  /** Same reply once the space-separated tokens of every string are sorted. */
  async function sameTokens(...args: string[]): Promise<void> {
    const [x, y] = await d.both(...args);
    const norm = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(norm) : typeof v === 'string' ? v.split(' ').sort().join(' ') : v;
    expect(norm(parseReply(x)), `reply to ${args.join(' ')}`).toEqual(norm(parseReply(y)));
  }

  it('ACL CAT and CAT <category>', async () => {
    await d.same('ACL', 'CAT');
    // Categories of the commands respite has (cluster/replication/MODULE commands may be missing).
    for (const cat of ['keyspace', 'read', 'write', 'string', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'dangerous', 'connection', 'transaction', 'scripting', 'blocking', 'fast', 'slow', 'list', 'hash', 'set', 'sortedset', 'bitmap']) {
      const [x, y] = await d.both('ACL', 'CAT', cat);
      const reg = d.oursServer().registry;
      const theirs = (parseReply(y) as string[]).filter((n) => reg.lookupFull(n) !== undefined).sort();
      expect((parseReply(x) as string[]).sort(), `ACL CAT ${cat}`).toEqual(theirs);
    }
    await d.sameError('ACL', 'CAT', 'nosuch');
    await d.sameError('ACL', 'CAT', 'a', 'b');
  });

  it('SETUSER sequences give the same GETUSER and LIST', async () => {
    const seqs: string[][] = [
      ['dx1', 'on', '>pw', '+@read', '~app:*'],
      ['dx2', '+@all', '-@dangerous', 'allkeys', '&chan*'],
      ['dx3', '%R~r:*', '%W~w:*', '%RW~b:*', '+get', '+set'],
      ['dx4', '+ping', '(+get ~k1)', '(+set ~k2 &c)'],
      ['dx5', 'on', 'nopass', '+@all', '-get', '~*', '&*'],
      ['dx6', '-@all', '+config|get'],
      ['dx7', '+@hash', '+@set', '-hset'],
      ['dx8', 'on', '>a', '>b', '<a', 'skip-sanitize-payload'],
      ['dx9', '+@all', '~*', 'reset'],
      ['dx10', 'allcommands', 'nocommands', '+@geo', 'resetkeys', '~x', '~y', '%R~y'],
    ];
    for (const s of seqs) {
      await d.same('ACL', 'SETUSER', ...s);
      await sameTokens('ACL', 'GETUSER', s[0]!);
    }
    await sameTokens('ACL', 'LIST');
    await d.same('ACL', 'USERS');
    await d.same('ACL', 'SETUSER', 'dx4', 'clearselectors');
    await d.same('ACL', 'GETUSER', 'dx4');
    await d.same('ACL', 'GETUSER', 'nobody');
    await d.same('ACL', 'DELUSER', ...seqs.map((s) => s[0]!), 'nobody');
    await d.same('ACL', 'LIST');
  });

  it('SETUSER and DELUSER error texts', async () => {
    const bad = [
      ['+nosuch'], ['+@nosuch'], ['~a', 'allkeys', '~b'], ['allchannels', '&x'], ['%X~a'], ['%'], ['bogus'], ['#abc'], ['!abc'],
      ['<notset'], ['+config|get|x'], ['+select|'], ['(+get'], ['(+get', '~x'], ['-select|0'], ['(nosuch)'],
    ];
    for (const b of bad) await d.sameError('ACL', 'SETUSER', 'dxe', ...b);
    await d.same('ACL', 'GETUSER', 'dxe');
    await d.sameError('ACL', 'SETUSER', 'a b');
    await d.sameError('ACL', 'DELUSER', 'x', 'default');
    await d.sameError('ACL', 'SETUSER');
    await d.sameError('ACL', 'GETUSER', 'a', 'b');
    await d.sameError('ACL', 'NOSUCH');
    await d.sameError('ACL');
    await d.sameError('ACL', 'LOAD');
    await d.sameError('ACL', 'SAVE');
    await d.sameError('ACL', 'GENPASS', '0');
    await d.sameError('ACL', 'GENPASS', '4097');
    await d.sameError('ACL', 'GENPASS', 'x');
    await d.sameError('ACL', 'LOG', 'x');
    await d.sameError('ACL', 'HELP', 'x');
    await d.same('ACL', 'HELP');
    await d.same('ACL', 'WHOAMI');
  });

  it('DRYRUN', async () => {
    await d.same('ACL', 'SETUSER', 'dd', 'on', '>pw', '+@read', '+publish', '%R~r:*', '%W~w:*', 'resetchannels', '&ch');
    await d.same('ACL', 'DRYRUN', 'dd', 'GET', 'r:1');
    await d.same('ACL', 'DRYRUN', 'dd', 'GET', 'w:1');
    await d.same('ACL', 'DRYRUN', 'dd', 'SET', 'w:1', 'x');
    await d.same('ACL', 'DRYRUN', 'dd', 'MGET', 'r:1', 'x', 'y');
    await d.same('ACL', 'DRYRUN', 'dd', 'PUBLISH', 'ch', 'm');
    await d.same('ACL', 'DRYRUN', 'dd', 'PUBLISH', 'other', 'm');
    await d.same('ACL', 'DRYRUN', 'dd', 'CONFIG', 'GET', 'x');
    await d.sameError('ACL', 'DRYRUN', 'nobody', 'GET', 'x');
    await d.sameError('ACL', 'DRYRUN', 'dd', 'NOSUCH');
    await d.sameError('ACL', 'DRYRUN', 'dd', 'GET');
    await d.sameError('ACL', 'DRYRUN', 'dd', 'CONFIG');
    await d.sameError('ACL', 'DRYRUN', 'dd');
    await d.same('ACL', 'DELUSER', 'dd');
  });

  it('NOPERM texts, AUTH failures and the ACL LOG shape', async () => {
    await d.same('ACL', 'LOG', 'RESET');
    await d.same('ACL', 'SETUSER', 'dn', 'on', '>pw', '+@read', '+auth', '~app:*', 'resetchannels', '&ok', '+subscribe', '+publish');
    await d.same('AUTH', 'dn', 'pw');
    await d.same('SET', 'app:1', 'x');
    await d.same('GET', 'other:1');
    await d.same('GET', 'app:1');
    await d.same('PUBLISH', 'no', 'x');
    await d.same('SUBSCRIBE', 'no');
    await d.same('AUTH', 'dn', 'wrong');
    await d.same('AUTH', 'default', 'anything');
    await d.same('AUTH', 'x');
    const [x, y] = await d.both('ACL', 'LOG');
    const strip = (v: unknown): unknown =>
      (v as unknown[][]).map((e) => e.filter((_, i) => i < 10 || i === 10).map((f, i) => (i === 11 || i === 13 ? '' : f)));
    expect(strip(parseReply(x))).toEqual(strip(parseReply(y)));
    await d.same('ACL', 'LOG', '0');
    await d.same('ACL', 'DELUSER', 'dn');
  });

  it('scripts run with the caller\'s permissions (context lua) and MULTI re-checks at EXEC', async () => {
    await d.same('ACL', 'LOG', 'RESET');
    await d.same('ACL', 'SETUSER', 'ds', 'on', 'nopass', '+eval', '+get', '+auth', '+multi', '+exec', '+set', '~k*');
    await d.same('AUTH', 'ds', 'x');
    await d.same('EVAL', "return redis.call('incr','k1')", '0');
    await d.same('EVAL', "return redis.pcall('incr','k1')", '0');
    await d.same('EVAL', "return redis.call('get','other')", '0');
    await d.same('EVAL', "return redis.call('get','k1')", '0');
    await d.same('MULTI');
    await d.same('SET', 'k2', 'v');
    await d.same('INCR', 'k2');
    await d.same('EXEC');
    await d.same('AUTH', 'default', 'x');
    const [x, y] = await d.both('ACL', 'LOG');
    const strip = (v: unknown): unknown => (v as unknown[][]).map((e) => e.slice(0, 10));
    expect(strip(parseReply(x))).toEqual(strip(parseReply(y)));
    await d.same('ACL', 'DELUSER', 'ds');
  });
});
