/**
 * bench/parser.bench.ts — RequestParser vs the `redis-parser` package on the same bytes.
 *
 * Honest framing: redis-parser (used by ioredis and node-redis) is a RESP *reply* parser. A
 * request is a RESP array of bulk strings, which is also a valid reply, so both can parse the
 * same multibulk traffic; redis-parser simply has less to do (no inline commands, no size
 * limits, no per-command argv hand-off). It decodes bulk strings as UTF-8 by default (not
 * binary-safe) or as Buffers (returnBuffers); we produce latin1 strings (binary-safe, usable
 * as Map keys). Run: npx vitest bench --run bench/parser.bench.ts
 */
import { bench, describe } from 'vitest';
import RedisParser from 'redis-parser';
import { RequestParser } from '../src/protocol/parser';
import { chunked, typicalTraffic } from './traffic';

const COMMANDS = 10_000;

for (const [label, valueSize] of [
  ['small values (3-32 B)', 32],
  ['4 KB values', 4096],
] as const) {
  const traffic = typicalTraffic(COMMANDS, valueSize);
  const chunks = chunked(traffic, 64 * 1024);

  describe(`${COMMANDS} pipelined commands, ${label}, 64 KB reads (${(traffic.length / 1024).toFixed(0)} KB)`, () => {
    bench('respite RequestParser (latin1 strings)', () => {
      const p = new RequestParser({ maxBulkLen: 512 * 1024 * 1024 });
      let n = 0;
      for (const c of chunks) {
        p.feed(c);
        while (p.next() !== null) n++;
      }
      if (n !== COMMANDS) throw new Error(`parsed ${n}`);
    });

    bench('redis-parser (utf8 strings)', () => {
      let n = 0;
      const p = new RedisParser({
        returnReply: () => void n++,
        returnError: () => {},
        returnFatalError: (e: Error) => {
          throw e;
        },
      });
      for (const c of chunks) p.execute(c);
      if (n !== COMMANDS) throw new Error(`parsed ${n}`);
    });

    bench('redis-parser (returnBuffers)', () => {
      let n = 0;
      const p = new RedisParser({
        returnReply: () => void n++,
        returnError: () => {},
        returnFatalError: (e: Error) => {
          throw e;
        },
        returnBuffers: true,
      });
      for (const c of chunks) p.execute(c);
      if (n !== COMMANDS) throw new Error(`parsed ${n}`);
    });
  });
}
