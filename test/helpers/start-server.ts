/**
 * test/helpers/start-server.ts — a respite server in the test process, on 127.0.0.1 and port 0.
 */
import Redis, { type RedisOptions } from 'ioredis';
import { Server } from '../../src/server';
import { persistenceOf } from '../../src/persistence/snapshot';

export interface TestServer {
  server: Server;
  port: number;
  /** An ioredis client connected to this server; closed by close(). */
  client(opts?: RedisOptions): Redis;
  close(): Promise<void>;
}

export async function startTestServer(config: Record<string, string | number | boolean> = {}): Promise<TestServer> {
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
