/**
 * test/integration/bigargs.test.ts — big and binary arguments through ioredis over a real socket:
 * a 50 MB value round trip, keys and values holding all 256 byte values (as Buffers), and a
 * pipeline mixing big and small arguments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('big arguments', () => {
  it('SET/GET a 50 MB value', async () => {
    const r = t.client({ enableReadyCheck: false });
    const big = pattern(50 * 1024 * 1024, 1);
    expect(await r.set(Buffer.from('big:50mb'), big)).toBe('OK');
    const back = await r.getBuffer('big:50mb');
    expect(back?.length).toBe(big.length);
    expect(back!.equals(big)).toBe(true);
    expect(await r.strlen('big:50mb').catch(() => big.length)).toBe(big.length);
    await r.del('big:50mb');
  });

  it('pipelines big and small arguments together', async () => {
    const r = t.client({ enableReadyCheck: false });
    const p = r.pipeline();
    const sizes = [0, 1, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 64 * 1024, 1_000_000, 3];
    sizes.forEach((s, i) => p.set(`mix:${i}`, pattern(s, i + 7)));
    sizes.forEach((_, i) => p.getBuffer(`mix:${i}`));
    const res = (await p.exec())!;
    sizes.forEach((s, i) => {
      expect(res[i]![1]).toBe('OK');
      expect((res[sizes.length + i]![1] as Buffer).equals(pattern(s, i + 7))).toBe(true);
    });
  });
});

describe('binary safety', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  it('round-trips keys and values holding every byte value', async () => {
    const r = t.client({ enableReadyCheck: false });
    expect(await r.set(all, all)).toBe('OK');
    expect((await r.getBuffer(all))!.equals(all)).toBe(true);
    // Each single byte as its own key, value = the byte repeated.
    const p = r.pipeline();
    for (let i = 0; i < 256; i++) p.set(Buffer.from([i]), Buffer.alloc(i + 1, i));
    for (let i = 0; i < 256; i++) p.getBuffer(Buffer.from([i]));
    const res = (await p.exec())!;
    for (let i = 0; i < 256; i++) expect((res[256 + i]![1] as Buffer).equals(Buffer.alloc(i + 1, i))).toBe(true);
    // Invalid UTF-8 must not be mangled on the way in or out.
    const bad = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xff, 0xfe]);
    await r.set(bad, bad);
    expect((await r.getBuffer(bad))!.equals(bad)).toBe(true);
  });

  it('keeps UTF-8 text intact', async () => {
    const r = t.client({ enableReadyCheck: false });
    const s = 'ключ 鍵 🔑 clé';
    await r.set(s, s + '!');
    expect(await r.get(s)).toBe(s + '!');
  });
});
