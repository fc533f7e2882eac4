/**
 * io-threads: a worker thread owns the TCP sockets (accept, read, write); the main thread keeps a
 * Client per connection and executes every command. Runs each scenario with io-threads 4 and
 * both values of io-threads-do-reads.
 */
import net from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type Redis from 'ioredis';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { RawClient, encodeCommand } from '../helpers/raw-client';
import { ArgvQueue } from '../../src/io-threads/bridge';
import { testIoThreads } from '../helpers/start-server';

for (const doReads of [true, false]) {
  describe(`io-threads 4, io-threads-do-reads ${doReads ? 'yes' : 'no'}`, () => {
    let t: TestServer;
    let r: Redis;
    const raws: RawClient[] = [];
    const raw = async (): Promise<RawClient> => {
      const c = await RawClient.connect(t.port);
      raws.push(c);
      return c;
    };

    beforeAll(async () => {
      t = await startTestServer({ 'io-threads': 4, 'io-threads-do-reads': doReads });
      r = t.client();
    });
    afterAll(async () => {
      for (const c of raws) c.close();
      await t.close();
    });

    it('runs one worker thread for every socket (one event loop keeps the order across connections)', () => {
      expect(t.server.ioThreads).not.toBeNull();
      expect(t.server.ioThreads!.threads).toBe(1);
    });

    // Redis reads all sockets from one event loop: a command sent on one connection and then,
    // without waiting, one sent on another run in that order; the suite relies on it (a deferred
    // UNSUBSCRIBE or XREADGROUP BLOCK, then PUBLISH or SET from another client). With one event
    // loop per worker, ~10-20% of these pairs ran the second command first.
    it('a command sent on one connection, then at once on another, runs first', async () => {
      const pairs = await Promise.all(Array.from({ length: 8 }, async () => [await RawClient.connect(t.port), await RawClient.connect(t.port)] as const));
      const rounds = 40;
      let wrong = 0;
      await Promise.all(
        pairs.map(async ([a, b], p) => {
          for (let i = 0; i < rounds; i++) {
            a.send('SET', `iot:ord:${p}`, String(i));
            b.send('GET', `iot:ord:${p}`);
            if ((await b.read()) !== `$${String(i).length}\r\n${i}\r\n`) wrong++;
            expect(await a.read()).toBe('+OK\r\n');
          }
        }),
      );
      // The suite's shape: a subscriber leaves without waiting for the reply, then a PUBLISH.
      await Promise.all(
        pairs.map(async ([sub, pub], p) => {
          for (let i = 0; i < rounds / 4; i++) {
            sub.send('SUBSCRIBE', `iot:ord:ch${p}`);
            await sub.read();
            sub.send('UNSUBSCRIBE');
            if ((await pub.call('PUBLISH', `iot:ord:ch${p}`, 'x')) !== ':0\r\n') wrong++;
            await sub.read();
          }
        }),
      );
      for (const [a, b] of pairs) {
        a.close();
        b.close();
      }
      expect(wrong).toBe(0);
    });

    // Redis writes all the output of one event-loop iteration before it polls again; here one
    // worker writes each main turn's batch in one go, the output a command caused on other
    // connections first, so it is in the kernel before the command's own reply. A client that got
    // the reply then finds the rest already readable (its event loop reports the earlier bytes
    // no later than the reply).
    it('when a PUBLISH or an unblocking push replies, the subscriber\'s message and the unblocked client\'s reply are already there', async () => {
      const n = 8;
      const subs = await Promise.all(Array.from({ length: n }, () => RawClient.connect(t.port)));
      const pubs = await Promise.all(Array.from({ length: n }, () => RawClient.connect(t.port)));
      for (let p = 0; p < n; p++) expect(await subs[p]!.call('SUBSCRIBE', `iot:now:${p}`)).toContain('subscribe');
      const waiters = await Promise.all(Array.from({ length: n }, () => RawClient.connect(t.port)));
      let late = 0;
      await Promise.all(
        pubs.map(async (pub, p) => {
          for (let i = 0; i < 30; i++) {
            expect(await pub.call('PUBLISH', `iot:now:${p}`, `m${i}`)).toBe(':1\r\n');
            // Checked in the microtask after the reply's 'data' event, before any other I/O event.
            if (!subs[p]!.ready()) late++;
            expect(await subs[p]!.read()).toContain(`m${i}`);
          }
          const w = waiters[p]!;
          for (let i = 0; i < 10; i++) {
            w.send('BLPOP', `iot:now:l${p}`, '0');
            // The BLPOP must have run before the push (asked on the pusher's connection).
            while (!(await isBlocked(pub, w))) await new Promise((res) => setTimeout(res, 1));
            expect(await pub.call('RPUSH', `iot:now:l${p}`, `v${i}`)).toBe(':1\r\n');
            if (!w.ready()) late++;
            expect(await w.read()).toContain(`v${i}`);
          }
          // The BLPOP and the push at once: often run in the same turn (the BLPOP first, see above).
          for (let i = 0; i < 10; i++) {
            w.send('BLPOP', `iot:now:l${p}`, '0');
            expect(await pub.call('RPUSH', `iot:now:l${p}`, `u${i}`)).toBe(':1\r\n');
            if (!w.ready()) late++;
            expect(await w.read()).toContain(`u${i}`);
          }
        }),
      );
      for (const c of [...subs, ...pubs, ...waiters]) c.close();
      expect(late).toBe(0);
    });

    it('GET/SET round trips', async () => {
      for (let i = 0; i < 50; i++) {
        expect(await r.set(`k${i}`, `v${i}`)).toBe('OK');
        expect(await r.get(`k${i}`)).toBe(`v${i}`);
      }
      expect(await r.get('missing')).toBeNull();
    });

    it('a pipeline of 10k commands keeps its order', async () => {
      const c = await raw();
      const parts: Buffer[] = [];
      for (let i = 0; i < 10000; i++) parts.push(encodeCommand(['RPUSH', 'iot:order', String(i)]));
      c.write(Buffer.concat(parts));
      for (let i = 0; i < 10000; i++) expect(await c.read()).toBe(`:${i + 1}\r\n`);
      const p = r.pipeline();
      for (let i = 0; i < 10000; i++) p.lindex('iot:order', i);
      const res = await p.exec();
      expect(res!.map(([, v]) => v)).toEqual(Array.from({ length: 10000 }, (_, i) => String(i)));
      await r.del('iot:order');
    });

    it('MULTI/EXEC', async () => {
      const res = await r.multi().set('iot:m', '1').incr('iot:m').get('iot:m').exec();
      expect(res).toEqual([[null, 'OK'], [null, 2], [null, '2']]);
    });

    it('BLPOP is served by a push from other connections (spread over the workers)', async () => {
      const waiter = t.client();
      const pushers = [t.client(), t.client(), t.client(), t.client()];
      const pending = waiter.blpop('iot:q', 5);
      // Let the BLPOP reach the server before pushing.
      await new Promise((res) => setTimeout(res, 50));
      for (let i = 0; i < pushers.length; i++) await pushers[i]!.rpush('iot:q', `x${i}`);
      expect(await pending).toEqual(['iot:q', 'x0']);
      expect(await r.lrange('iot:q', 0, -1)).toEqual(['x1', 'x2', 'x3']);
      await r.del('iot:q');
    });

    it('pub/sub delivery', async () => {
      const sub = t.client();
      const got: string[] = [];
      sub.on('message', (ch: string, msg: string) => got.push(`${ch}:${msg}`));
      await sub.subscribe('iot:ch');
      const pubs = [t.client(), t.client(), t.client()];
      for (let i = 0; i < pubs.length; i++) expect(await pubs[i]!.publish('iot:ch', `m${i}`)).toBe(1);
      for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((res) => setTimeout(res, 10));
      expect(got).toEqual(['iot:ch:m0', 'iot:ch:m1', 'iot:ch:m2']);
    });

    it('CLIENT LIST shows every client, CLIENT KILL closes a remote one', async () => {
      const cs = await Promise.all(Array.from({ length: 6 }, () => raw()));
      for (let i = 0; i < cs.length; i++) expect(await cs[i]!.call('CLIENT', 'SETNAME', `iot${i}`)).toBe('+OK\r\n');
      const list = (await r.client('LIST')) as string;
      for (let i = 0; i < cs.length; i++) expect(list).toContain(` name=iot${i} `);
      expect(list.trim().split('\n').length).toBe(t.server.clients.size);
      // Every TCP client is owned by a worker thread; with do-reads the worker parses.
      expect(t.server.ioThreads!.connections).toBe(t.server.clients.size);
      for (const cl of t.server.clients.values()) expect(cl.parser instanceof ArgvQueue).toBe(doReads);
      const id = Number(/id=(\d+) addr=\S+ laddr=\S+ fd=\S+ name=iot3 /.exec(list)![1]);
      expect(await r.client('KILL', 'ID', String(id))).toBe(1);
      await cs[3]!.waitClosed();
      expect(await cs[2]!.call('PING')).toBe('+PONG\r\n');
      expect(((await r.client('LIST')) as string).includes('name=iot3 ')).toBe(false);
    });

    it('QUIT replies +OK and closes', async () => {
      const c = await raw();
      expect(await c.call('QUIT')).toBe('+OK\r\n');
      await c.waitClosed();
    });

    it('a protocol error is replied to, then the connection is closed', async () => {
      const c = await raw();
      c.write('*1\r\n$x\r\n');
      expect(await c.read()).toBe('-ERR Protocol error: invalid bulk length\r\n');
      await c.waitClosed();
      expect(await r.ping()).toBe('PONG');
    });

    it('commands before a protocol error run first; inline commands work', async () => {
      const c = await raw();
      c.write('SET iot:inline 7\r\n*2\r\n$3\r\nGET\r\n$10\r\niot:inline\r\n*1\r\n$-5\r\n');
      expect(await c.read()).toBe('+OK\r\n');
      expect(await c.read()).toBe('$1\r\n7\r\n');
      expect(await c.read()).toBe('-ERR Protocol error: invalid bulk length\r\n');
      await c.waitClosed();
    });

    it('a command split byte by byte', async () => {
      const c = await raw();
      const bytes = encodeCommand(['ECHO', 'split-me']);
      for (let i = 0; i < bytes.length; i++) {
        c.write(bytes.subarray(i, i + 1));
        await new Promise((res) => setImmediate(res));
      }
      expect(await c.read()).toBe('$8\r\nsplit-me\r\n');
    });

    it('big values (5 MB) both ways', async () => {
      const big = Buffer.alloc(5 * 1024 * 1024);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
      expect(await r.set('iot:big', big)).toBe('OK');
      const back = await r.getBuffer('iot:big');
      expect(back!.equals(big)).toBe(true);
      expect(await r.strlen('iot:big')).toBe(big.length);
      await r.del('iot:big');
    });

    it('MONITOR sees commands from other connections', async () => {
      const mon = await raw();
      expect(await mon.call('MONITOR')).toBe('+OK\r\n');
      await r.set('iot:mon', 'x');
      const line = await mon.read();
      expect(line).toMatch(/^\+\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "set" "iot:mon" "x"\r\n$/);
      mon.close();
    });

    it('a subscriber that does not read is closed at the pubsub output-buffer hard limit', async () => {
      await r.config('SET', 'client-output-buffer-limit', 'pubsub 2mb 0 0');
      try {
        const net = await import('node:net');
        const sock = net.connect({ port: t.port, host: '127.0.0.1' });
        await new Promise((res) => sock.once('connect', res));
        let closed = false;
        sock.on('close', () => (closed = true));
        sock.on('error', () => {});
        sock.write(encodeCommand(['SUBSCRIBE', 'iot:flood']));
        await new Promise((res) => sock.once('data', res));
        sock.pause();
        const payload = 'x'.repeat(256 * 1024);
        let delivered = 1;
        for (let i = 0; i < 400 && delivered === 1; i++) delivered = (await r.publish('iot:flood', payload)) as number;
        expect(delivered).toBe(0);
        sock.destroy();
        expect(closed || delivered === 0).toBe(true);
      } finally {
        await r.config('SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
      }
    });

    it('INFO: io_threads_active 1, threaded reads/writes counted, main-thread CPU', async () => {
      const info = (await r.info('everything')) as string;
      const num = (f: string): number => Number(new RegExp(`^${f}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
      expect(num('io_threads_active')).toBe(1);
      expect(num('io_threaded_reads_processed')).toBeGreaterThan(100);
      expect(num('io_threaded_writes_processed')).toBeGreaterThan(100);
      expect(num('used_cpu_user_main_thread') + num('used_cpu_sys_main_thread')).toBeGreaterThan(0);
      // The main thread's share is part of the process's total.
      expect(num('used_cpu_user_main_thread')).toBeLessThanOrEqual(num('used_cpu_user') + 0.02);
    });

    it('CLIENT LIST fd= is the worker\'s socket fd; omem settles at 0 after a big reply', async () => {
      const c = await raw();
      await r.set('iot:omem', 'x'.repeat(300 * 1024));
      expect((await c.call('GET', 'iot:omem')).length).toBeGreaterThan(300 * 1024);
      const line = await c.call('CLIENT', 'INFO');
      expect(line).toMatch(/ fd=\d+ /);
      expect(line).toMatch(/ omem=0 /);
      await r.del('iot:omem');
    });

    it('CONFIG SET proto-max-bulk-len / client-query-buffer-limit reach the worker\'s parser', async () => {
      await r.config('SET', 'proto-max-bulk-len', '1mb');
      try {
        const c = await raw();
        c.write('*2\r\n$4\r\nECHO\r\n$2000000\r\n');
        expect(await c.read()).toBe('-ERR Protocol error: invalid bulk length\r\n');
        await c.waitClosed();
      } finally {
        await r.config('SET', 'proto-max-bulk-len', '512mb');
      }
      await r.config('SET', 'client-query-buffer-limit', '1mb');
      try {
        const c = await raw();
        c.write('*2\r\n$3\r\nSET\r\n$100000000\r\n');
        c.write('x'.repeat(2 * 1024 * 1024));
        await c.waitClosed();
      } finally {
        await r.config('SET', 'client-query-buffer-limit', '1gb');
      }
      expect(await r.ping()).toBe('PONG');
    });

    it('requirepass: unauthenticated limits for new connections; AUTH lifts them for the rest of its pipeline', async () => {
      const big = '*11\r\n$4\r\nECHO\r\n' + '$1\r\na\r\n'.repeat(10);
      await r.config('SET', 'requirepass', 'iotpw');
      try {
        const c = await raw();
        c.write(big);
        expect(await c.read()).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
        await c.waitClosed();
        const d = await raw();
        d.write('*2\r\n$4\r\nAUTH\r\n$5\r\niotpw\r\n' + big + 'PING\r\n');
        expect(await d.read()).toBe('+OK\r\n');
        expect(await d.read()).toBe("-ERR wrong number of arguments for 'echo' command\r\n");
        expect(await d.read()).toBe('+PONG\r\n');
        // A wrong password leaves the limits on.
        const e = await raw();
        e.write('*2\r\n$4\r\nAUTH\r\n$5\r\nwrong\r\n' + big);
        expect(await e.read()).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
        expect(await e.read()).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
        expect(await d.call('CONFIG', 'SET', 'requirepass', '')).toBe('+OK\r\n');
      } finally {
        await r.config('SET', 'requirepass', '').catch(() => {});
      }
      const f = await raw();
      f.write(big);
      expect(await f.read()).toBe("-ERR wrong number of arguments for 'echo' command\r\n");
    });

    it('a blocked client pipelining past client-query-buffer-limit is closed, nothing after BLPOP runs', async () => {
      await r.config('SET', 'client-query-buffer-limit', '1mb');
      try {
        const c = await raw();
        const parts = [encodeCommand(['BLPOP', 'iot:none', '0'])];
        const v = 'x'.repeat(1000);
        for (let i = 0; i < 3000; i++) parts.push(encodeCommand(['SET', `iot:qb${i}`, v]));
        c.write(Buffer.concat(parts));
        expect(await c.waitClosed()).toBe('');
        expect(await r.exists('iot:qb0')).toBe(0);
      } finally {
        await r.config('SET', 'client-query-buffer-limit', '1gb');
      }
    });

    it('a client disconnecting is removed from the client table', async () => {
      const c = await raw();
      expect(await c.call('CLIENT', 'SETNAME', 'iot-gone')).toBe('+OK\r\n');
      c.close();
      for (let i = 0; i < 100; i++) {
        if (!((await r.client('LIST')) as string).includes('name=iot-gone ')) break;
        await new Promise((res) => setTimeout(res, 10));
      }
      expect(((await r.client('LIST')) as string).includes('name=iot-gone ')).toBe(false);
    });
  });
}

describe('io-threads shutdown', () => {
  it('close() ends every connection and stops the workers', async () => {
    const t = await startTestServer({ 'io-threads': 3 });
    const c = await RawClient.connect(t.port);
    expect(await c.call('PING')).toBe('+PONG\r\n');
    const io = t.server.ioThreads!;
    await t.close();
    await c.waitClosed();
    expect(io.connections).toBe(0);
    expect(io.threads).toBe(1);
  });

  it('a worker that dies: its connections are closed on main too, and a new worker listens on the same port', async () => {
    const t = await startTestServer({ 'io-threads': 4 });
    const c = await RawClient.connect(t.port);
    expect(await c.call('CLIENT', 'SETNAME', 'iot-before')).toBe('+OK\r\n');
    const io = t.server.ioThreads!;
    const warned: string[] = [];
    const warn = t.server.log.warn.bind(t.server.log);
    t.server.log.warn = ((msg: string) => {
      warned.push(msg);
      warn(msg);
    }) as typeof t.server.log.warn;
    // Stands in for a crash (an uncaught exception or OOM in the worker ends it the same way).
    await (io as unknown as { links: { worker: { terminate(): Promise<number> } }[] }).links[0]!.worker.terminate();
    await c.waitClosed();
    // The new worker listens soon after (nothing else listens on the port meanwhile).
    let d: RawClient | null = null;
    for (let i = 0; i < 500 && d === null; i++) {
      d = await RawClient.connect(t.port).catch(() => null);
      if (d === null) await new Promise((res) => setTimeout(res, 10));
    }
    expect(await d!.call('PING')).toBe('+PONG\r\n');
    const list = await d!.call('CLIENT', 'LIST');
    expect(list).not.toContain('name=iot-before');
    expect(warned.some((w) => w.includes('I/O thread exited unexpectedly'))).toBe(true);
    d!.close();
    await t.close();
  });

  it('CONFIG SET port moves the workers\' listeners; open connections stay', async () => {
    const t = await startTestServer({ 'io-threads': 3 });
    const c = await RawClient.connect(t.port);
    const old = t.port;
    expect(await c.call('CONFIG', 'SET', 'port', '7659')).toBe('+OK\r\n');
    // CONFIG SET returns before the asynchronous rebind completes (as single-threaded); wait for it.
    for (let i = 0; i < 200 && t.server.port !== 7659; i++) await new Promise((res) => setTimeout(res, 10));
    const moved: RawClient | null = await RawClient.connect(7659);
    if (moved === null) throw new Error('nothing listens on 7659');
    expect(await moved.call('PING')).toBe('+PONG\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    await expect(RawClient.connect(old)).rejects.toThrow(/ECONNREFUSED/);
    moved.close();
    c.close();
    await t.close();
  });

  it.skipIf(testIoThreads() > 1)('io-threads 1 keeps the single-threaded path', async () => {
    const t = await startTestServer({});
    expect(t.server.ioThreads).toBeNull();
    await t.close();
  });
});

/** Whether `c` is blocked, asked on `via` (CLIENT LIST flags=b for c's local port). */
async function isBlocked(via: RawClient, c: RawClient): Promise<boolean> {
  const list = await via.call('CLIENT', 'LIST');
  const port = c.localPort;
  return list.split('\n').some((l) => l.includes(`:${port} `) && / flags=b /.test(l));
}
