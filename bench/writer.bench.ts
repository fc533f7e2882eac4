/**
 * bench/writer.bench.ts — RespWriter on typical replies: +OK, small bulks, integers, an
 * LRANGE-style array of 100 bulks, a deferred-length reply, and a 4 KB bulk; `take()` included,
 * as the server calls it once per read. Run: npx vitest bench --run bench/writer.bench.ts
 */
import { bench, describe } from 'vitest';
import { RespWriter } from '../src/protocol/writer';

const REPLIES = 10_000;
const small = 'xxx';
const value32 = 'v'.repeat(32);
const value4k = 'v'.repeat(4096);
const hundred = Array.from({ length: 100 }, (_, i) => `element:${i}`);

function writer(resp: number): RespWriter {
  const w = new RespWriter();
  w.resp = resp;
  return w;
}

describe(`${REPLIES} replies, then take()`, () => {
  const w = writer(2);
  bench('+OK', () => {
    for (let i = 0; i < REPLIES; i++) w.ok();
    w.take();
    w.recycle();
  });
  bench('bulk 3 B', () => {
    for (let i = 0; i < REPLIES; i++) w.bulk(small);
    w.take();
    w.recycle();
  });
  bench('bulk 32 B', () => {
    for (let i = 0; i < REPLIES; i++) w.bulk(value32);
    w.take();
    w.recycle();
  });
  bench('int (shared and formatted)', () => {
    for (let i = 0; i < REPLIES; i++) w.int(i);
    w.take();
    w.recycle();
  });
  bench('nil', () => {
    for (let i = 0; i < REPLIES; i++) w.nil();
    w.take();
    w.recycle();
  });
  bench('bulk 4 KB', () => {
    for (let i = 0; i < REPLIES; i++) w.bulk(value4k);
    w.take();
    w.recycle();
  });
});

describe(`${REPLIES / 100} LRANGE-style replies (100 bulks each)`, () => {
  const w = writer(2);
  bench('bulkArray', () => {
    for (let i = 0; i < REPLIES / 100; i++) w.bulkArray(hundred);
    w.take();
    w.recycle();
  });
  bench('deferLen + 100 bulks + setDeferredLen', () => {
    for (let i = 0; i < REPLIES / 100; i++) {
      const h = w.deferLen();
      for (const s of hundred) w.bulk(s);
      w.setDeferredLen(h, hundred.length);
    }
    w.take();
    w.recycle();
  });
  const w3 = writer(3);
  bench('RESP3 map of 50 pairs', () => {
    for (let i = 0; i < REPLIES / 100; i++) {
      w3.map(50);
      for (let j = 0; j < 100; j += 2) {
        w3.bulk(hundred[j]!);
        w3.double(j + 0.5);
      }
    }
    w3.take();
    w3.recycle();
  });
});
