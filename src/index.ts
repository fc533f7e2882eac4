/**
 * index.ts — the embedding API: start a real respite server inside a Node process.
 *
 *   import { startServer } from 'respite';
 *   const server = await startServer({ port: 0 });
 *   // server.port, server.url …
 *   await server.close();
 */
import { Server, RESPITE_VERSION, REDIS_VERSION } from './server';

export { Server, RESPITE_VERSION, REDIS_VERSION };

export interface StartOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Address to bind. Default 127.0.0.1. */
  bind?: string;
  /** Any other config directive, as in redis.conf (e.g. { maxmemory: '100mb' }). */
  [directive: string]: string | number | boolean | undefined;
}

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  readonly url: string;
  /** The underlying server, for advanced use. */
  readonly server: Server;
  /** Deletes every key in every database (FLUSHALL), for test isolation. */
  flushall(): void;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config: Record<string, string | number | boolean> = { port: 0, bind: '127.0.0.1', save: '' };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) config[k] = v;
  const server = new Server({ config });
  await server.listen();
  return {
    port: server.port,
    host: server.host,
    url: `redis://${server.host}:${server.port}`,
    server,
    flushall: () => {
      for (const db of server.dbs) db.flush();
    },
    close: () => server.close(),
  };
}
