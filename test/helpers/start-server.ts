/**
 * test/helpers/start-server.ts — a respite server in the test process, on 127.0.0.1 and port 0.
 *
 * The threaded test pass: with RESPITE_TEST_IO_THREADS=N (N > 1) every in-process server that
 * listens (this helper, the diff helpers, startServer(), `new Server(...).listen()` in a test)
 * runs with `io-threads N`, unless the test chose io-threads itself; io-threads-do-reads is yes
 * for about half of the test files (io-threads-env.ts, RESPITE_TEST_IO_THREADS_DO_READS). The
 * differential tests' redis-server gets the same settings (real-redis.ts). `npm test` runs the
 * integration tests twice, the second time with RESPITE_TEST_IO_THREADS=2 (vitest.config.ts);
 * test/helpers/io-threads-setup.ts installs the hook. By hand:
 *   RESPITE_TEST_IO_THREADS=2 npx vitest run test/integration/pubsub.test.ts
 */
import Redis, { type RedisOptions } from 'ioredis';
import { Server } from '../../src/server';
import { persistenceOf } from '../../src/persistence/snapshot';
import { testIoThreads, testDoReads } from './io-threads-env';

export { testIoThreads } from './io-threads-env';

export interface TestServer {
  server: Server;
  port: number;
  /** An ioredis client connected to this server; closed by close(). */
  client(opts?: RedisOptions): Redis;
  close(): Promise<void>;
}

/**
 * Threaded pass: makes Server.listen() start the I/O threads on every server whose test left
 * io-threads at its default. Idempotent; a no-op when RESPITE_TEST_IO_THREADS is unset.
 */
export function installTestIoThreads(): void {
  const n = testIoThreads();
  const proto = Server.prototype as Server & { __testIoThreads?: boolean };
  if (n === 1 || proto.__testIoThreads) return;
  proto.__testIoThreads = true;
  const listen = proto.listen;
  proto.listen = function (this: Server): Promise<void> {
    if (this.config.isDefault('io-threads')) {
      this.config.set('io-threads', String(n));
      if (this.config.isDefault('io-threads-do-reads')) this.config.set('io-threads-do-reads', testDoReads() ? 'yes' : 'no');
    }
    return listen.call(this);
  };
}

export async function startTestServer(config: Record<string, string | number | boolean> = {}): Promise<TestServer> {
  installTestIoThreads();
  const server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', ...config } });
  persistenceOf(server).loadOnStartup = false; // never pick up a dump.rdb from the cwd
  await server.listen();
  const clients: Redis[] = [];
  return {
    server,
    port: server.port,
    client(opts: RedisOptions = {}) {
      const r = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: false, maxRetriesPerRequest: 0, retryStrategy: () => null, ...opts });
      r.on('error', () => {});
      clients.push(r);
      return r;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await server.close();
    },
  };
}
