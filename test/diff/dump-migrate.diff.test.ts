/**
 * MIGRATE between respite and redis-server 7.0.15, both directions: the same replies (OK,
 * NOKEY, target errors, IOERR), keys moved (or copied) with their TTLs, destination db.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDiff } from '../helpers/diff';
import { RawClient, parseReply } from '../helpers/raw-client';
import { startRealRedis, freePort, type RealRedis } from '../helpers/real-redis';
import { Server } from '../../src/server';

describeDiff('MIGRATE between respite and redis-server', () => {
  let real: RealRedis | null = null;
  let server: Server | null = null;
  let ours: RawClient;
  let theirs: RawClient;
  beforeAll(async () => {
    real = await startRealRedis(['--maxmemory', '2gb']);
    server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '' } });
    await server.listen();
    ours = await RawClient.connect(server.port);
    theirs = await RawClient.connect(real!.port);
  });
  afterAll(async () => {
    ours?.close();
    theirs?.close();
    await server?.close();
    await real?.stop();
  });

  it('moves keys both ways with the same replies', async () => {
    const rp = real!.port;
    const op = server!.port;
    for (const [src, dst, dstPort] of [[ours, theirs, rp], [theirs, ours, op]] as const) {
      await src.call('FLUSHALL');
      await dst.call('FLUSHALL');
      await src.call('SET', 'k', 'v');
      await src.call('RPUSH', 'l', 'a', 'b');
      await src.call('PEXPIRE', 'l', 100000);
      await src.call('HSET', 'h', 'f', 'x');
      expect(await src.call('MIGRATE', '127.0.0.1', dstPort, 'nosuch', 0, 5000)).toBe('+NOKEY\r\n');
      expect(await src.call('MIGRATE', '127.0.0.1', dstPort, 'k', 0, 5000)).toBe('+OK\r\n');
      expect(await src.call('EXISTS', 'k')).toBe(':0\r\n');
      expect(await dst.call('GET', 'k')).toBe('$1\r\nv\r\n');
      expect(await src.call('MIGRATE', '127.0.0.1', dstPort, '', 3, 5000, 'COPY', 'KEYS', 'l', 'h', 'nosuch')).toBe('+OK\r\n');
      expect(await src.call('EXISTS', 'l', 'h')).toBe(':2\r\n');
      await dst.call('SELECT', 3);
      expect(await dst.call('LRANGE', 'l', 0, -1)).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n');
      const pttl = parseReply(await dst.call('PTTL', 'l')) as number;
      expect(pttl).toBeGreaterThan(90000);
      await dst.call('SELECT', 0);
      // Target already has the key: BUSYKEY comes back wrapped; REPLACE overwrites.
      await src.call('SET', 'k', 'again');
      expect(await src.call('MIGRATE', '127.0.0.1', dstPort, 'k', 0, 5000)).toBe('-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n');
      expect(await src.call('EXISTS', 'k')).toBe(':1\r\n');
      expect(await src.call('MIGRATE', '127.0.0.1', dstPort, 'k', 0, 5000, 'REPLACE')).toBe('+OK\r\n');
      expect(await dst.call('GET', 'k')).toBe('$5\r\nagain\r\n');
    }
  });

  it('argument errors and IO errors match', async () => {
    const dead = await freePort();
    await ours.call('SET', 'k', 'v');
    await theirs.call('SET', 'k', 'v');
    for (const args of [
      ['MIGRATE', '127.0.0.1', dead, 'k', 0, 100, 'KEYS', 'a'],
      ['MIGRATE', '127.0.0.1', dead, '', 0, 100, 'foo'],
      ['MIGRATE', '127.0.0.1', dead, 'k', 'x', 100],
      ['MIGRATE', '127.0.0.1', dead, 'k', 0, 'x'],
      ['MIGRATE', '127.0.0.1', dead, 'k', 0, 100, 'AUTH'],
      ['MIGRATE', '127.0.0.1', dead, 'k', 0, 100],
      ['MIGRATE', '127.0.0.1', dead, 'k', 0],
    ] as (string | number)[][]) {
      const [a, b] = await Promise.all([ours.call(...args), theirs.call(...args)]);
      expect(a, args.join(' ')).toBe(b);
    }
    expect(await ours.call('COMMAND', 'GETKEYS', 'MIGRATE', 'h', 1, '', 0, 1, 'KEYS', 'a', 'b')).toBe(await theirs.call('COMMAND', 'GETKEYS', 'MIGRATE', 'h', 1, '', 0, 1, 'KEYS', 'a', 'b'));
  });
});
