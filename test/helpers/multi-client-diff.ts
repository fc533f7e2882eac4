/**
 * test/helpers/multi-client-diff.ts — differential testing with several connections per side
 * (pub/sub, WATCH from another client, tracking redirects, keyspace notifications). Each
 * `open()` returns a pair of raw connections, one to respite and one to real Redis; commands go
 * to both and the raw replies are compared byte for byte.
 *
 *   const d = useDiffPairs();
 *   const a = await d.open(), b = await d.open();
 *   await a.same('SUBSCRIBE', 'ch');            // compares the subscribe confirmation
 *   await b.same('PUBLISH', 'ch', 'hi');
 *   await a.sameRead();                          // compares the delivered message
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { RawClient } from './raw-client';
import { startRealRedis, type RealRedis } from './real-redis';
import { Server } from '../../src/server';

export interface Pair {
  ours: RawClient;
  theirs: RawClient;
  /** Sends to both, compares the next reply of each; returns ours. */
  same(...args: (string | number)[]): Promise<string>;
  /** Sends to both without reading. */
  send(...args: (string | number)[]): void;
  /** Reads the next reply on both and compares them. */
  sameRead(label?: string): Promise<string>;
  /** Sends to both and returns both replies without comparing. */
  both(...args: (string | number)[]): Promise<[string, string]>;
  close(): void;
}

export interface DiffPairs {
  readonly available: boolean;
  open(): Promise<Pair>;
  oursServer(): Server;
}

export function useDiffPairs(opts: { config?: Record<string, string>; redisArgs?: string[] } = {}): DiffPairs {
  let real: RealRedis | null = null;
  let server: Server | null = null;
  let opened: Pair[] = [];

  beforeAll(async () => {
    real = await startRealRedis(opts.redisArgs ?? []);
    if (!real) return;
    server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', ...(opts.config ?? {}) } });
    await server.listen();
  });
  afterAll(async () => {
    for (const p of opened) p.close();
    await server?.close();
    await real?.stop();
  });
  beforeEach(async () => {
    for (const p of opened) p.close();
    opened = [];
    if (!server || !real) return;
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(real.port);
    await a.call('FLUSHALL');
    await b.call('FLUSHALL');
    await a.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    await b.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    a.close();
    b.close();
  });

  return {
    get available() {
      return real !== null;
    },
    oursServer() {
      return server!;
    },
    async open() {
      const ours = await RawClient.connect(server!.port);
      const theirs = await RawClient.connect(real!.port);
      const p: Pair = {
        ours,
        theirs,
        async same(...args) {
          ours.send(...args);
          theirs.send(...args);
          const [x, y] = await Promise.all([ours.read(), theirs.read()]);
          expect(x, `reply to ${args.join(' ')}`).toBe(y);
          return x;
        },
        send(...args) {
          ours.send(...args);
          theirs.send(...args);
        },
        async sameRead(label = 'next reply') {
          const [x, y] = await Promise.all([ours.read(), theirs.read()]);
          expect(x, label).toBe(y);
          return x;
        },
        async both(...args) {
          ours.send(...args);
          theirs.send(...args);
          return Promise.all([ours.read(), theirs.read()]);
        },
        close() {
          ours.close();
          theirs.close();
        },
      };
      opened.push(p);
      return p;
    },
  };
}
