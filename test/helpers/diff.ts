/**
 * test/helpers/diff.ts — differential testing against a real redis-server (the miniredis habit).
 * The same commands go to respite and to Redis over raw sockets; replies are compared as bytes.
 *
 *   const d = useDiff();               // in a describe(): starts both servers (skips without Redis)
 *   it('...', async () => { await d.same('SET', 'k', 'v'); await d.sameSorted('SMEMBERS', 's'); });
 *
 * Helpers: same (exact bytes), sameSorted (array replies compared as sorted sets of elements),
 * sameError (both error; same text), sameType (same RESP type, values may differ),
 * both (run on both, compare nothing: for setup).
 */
import { afterAll, beforeAll, beforeEach, expect, describe } from 'vitest';
import { RawClient, parseReply } from './raw-client';
import { startRealRedis, type RealRedis } from './real-redis';
import { Server } from '../../src/server';
import { persistenceOf } from '../../src/persistence/snapshot';

export interface Diff {
  /** True when real Redis is available (otherwise tests using this harness are skipped). */
  readonly available: boolean;
  ours(): RawClient;
  theirs(): RawClient;
  oursServer(): Server;
  both(...args: (string | number)[]): Promise<[string, string]>;
  same(...args: (string | number)[]): Promise<string>;
  sameSorted(...args: (string | number)[]): Promise<void>;
  sameError(...args: (string | number)[]): Promise<void>;
  sameType(...args: (string | number)[]): Promise<void>;
  /** Sends raw bytes to both and compares the next reply. */
  sameRaw(bytes: string): Promise<string>;
  /** Opens a fresh pair of connections (e.g. after HELLO 3 or SELECT). */
  reconnect(): Promise<void>;
}

export const hasRealRedis = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('node:child_process').spawnSync(process.env.REDIS_SERVER ?? 'redis-server', ['--version']).status === 0;
  } catch {
    return false;
  }
})();

/** describe() that is skipped with a visible note when no redis-server is installed. */
export const describeDiff: typeof describe = (hasRealRedis ? describe : describe.skip) as typeof describe;

export function useDiff(opts: { config?: Record<string, string>; redisArgs?: string[] } = {}): Diff {
  let real: RealRedis | null = null;
  let server: Server | null = null;
  let a: RawClient | null = null;
  let b: RawClient | null = null;

  beforeAll(async () => {
    real = await startRealRedis(opts.redisArgs ?? []);
    if (!real) return;
    // eslint-disable-next-line no-console
    console.log(`differential tests against redis-server ${real.version}`);
    server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', ...(opts.config ?? {}) } });
    persistenceOf(server).loadOnStartup = false; // never pick up a dump.rdb from the cwd
    await server.listen();
    a = await RawClient.connect(server.port);
    b = await RawClient.connect(real.port);
  });
  afterAll(async () => {
    a?.close();
    b?.close();
    await server?.close();
    await real?.stop();
  });
  beforeEach(async () => {
    if (!a || !b) return;
    await a.call('FLUSHALL');
    await b.call('FLUSHALL');
  });

  const both = async (...args: (string | number)[]): Promise<[string, string]> => {
    const [x, y] = await Promise.all([a!.call(...args), b!.call(...args)]);
    return [x, y];
  };
  const d: Diff = {
    get available() {
      return real !== null;
    },
    ours: () => a!,
    theirs: () => b!,
    oursServer: () => server!,
    both,
    async same(...args) {
      const [x, y] = await both(...args);
      expect(x, `reply to ${args.join(' ')}`).toBe(y);
      return x;
    },
    async sameSorted(...args) {
      const [x, y] = await both(...args);
      const px = parseReply(x);
      const py = parseReply(y);
      if (Array.isArray(px) && Array.isArray(py)) {
        const sort = (v: unknown[]) => v.map((e) => JSON.stringify(e)).sort();
        expect(sort(px), `sorted reply to ${args.join(' ')}`).toEqual(sort(py));
      } else {
        expect(x, `reply to ${args.join(' ')}`).toBe(y);
      }
    },
    async sameError(...args) {
      const [x, y] = await both(...args);
      expect(y.startsWith('-'), `redis replied ${y}`).toBe(true);
      expect(x, `error reply to ${args.join(' ')}`).toBe(y);
    },
    async sameType(...args) {
      const [x, y] = await both(...args);
      expect(x[0], `reply type of ${args.join(' ')}: ours ${x} theirs ${y}`).toBe(y[0]);
    },
    async sameRaw(bytes) {
      a!.write(bytes);
      b!.write(bytes);
      const [x, y] = await Promise.all([a!.read(), b!.read()]);
      expect(x, `reply to raw ${JSON.stringify(bytes)}`).toBe(y);
      return x;
    },
    async reconnect() {
      a?.close();
      b?.close();
      a = await RawClient.connect(server!.port);
      b = await RawClient.connect(real!.port);
    },
  };
  return d;
}
