import { describe, expect, it } from 'vitest';
import { allocSize, entryBytes, keyBytes, stringBytes, stringValueBytes, usageBytes, valueBytes, KEY_ENTRY_BYTES } from '../../../src/memory/estimate';
import { ListValue } from '../../../src/ds/list';
import { HashValue } from '../../../src/ds/hash';
import { RedisSet } from '../../../src/ds/set';
import { SortedSet } from '../../../src/ds/zset';
import { Dict } from '../../../src/ds/dict';

describe('estimate', () => {
  it('V8 strings (collection elements): a 16-byte header plus the bytes, rounded to 8', () => {
    expect(stringBytes('')).toBe(16);
    expect(stringBytes('a')).toBe(24);
    expect(stringBytes('12345678')).toBe(24);
    expect(stringBytes('123456789')).toBe(32);
  });

  it('jemalloc size classes', () => {
    const classes = [8, 16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640];
    let k = 0;
    for (let n = 1; n <= 640; n++) {
      while (classes[k]! < n) k++;
      expect(allocSize(n)).toBe(classes[k]);
    }
    expect(allocSize(14336)).toBe(14336);
    expect(allocSize(14337)).toBe(16384);
    expect(allocSize(16385)).toBe(20480);
    expect(allocSize(1 << 20)).toBe(1 << 20);
    expect(allocSize((1 << 20) + 1)).toBe(1310720);
  });

  it('keyspace strings follow Redis 7.0 (figures read from redis-server 7.0.15 MEMORY USAGE)', () => {
    expect(usageBytes('foo', 'bar')).toBe(64);
    expect(usageBytes('lru:100000', 'AbCdE')).toBe(72);
    expect(usageBytes('n', '12345')).toBe(48);
    expect(usageBytes('n2', '123456789012')).toBe(48);
    expect(usageBytes('big', 'x'.repeat(100))).toBe(160);
    expect(usageBytes('e', '')).toBe(64);
    expect(usageBytes('', 'x')).toBe(64);
    expect(usageBytes('s45', 'x'.repeat(45))).toBe(112);
    expect(usageBytes('s44', 'x'.repeat(44))).toBe(96);
    // used_memory counts the dict entry at its jemalloc class: 8 bytes more than MEMORY USAGE.
    expect(entryBytes('lru:100000', 'AbCdE')).toBe(80);
    expect(entryBytes('k', 'v')).toBe(KEY_ENTRY_BYTES + 8 + 32);
  });

  it('integers live in the robj only when string2l accepts them', () => {
    for (const s of ['0', '7', '-1', '12345', '9223372036854775807', '-9223372036854775808']) expect(stringValueBytes(s)).toBe(16);
    for (const s of ['01', '-0', '+1', '1.5', ' 1', '-', '9223372036854775808', '-9223372036854775809', '123456789012345678901']) {
      expect(stringValueBytes(s)).toBeGreaterThan(16);
    }
  });

  it('key sds headers: sdshdr5 under 32 bytes, then 8/16-bit headers', () => {
    expect(keyBytes('k')).toBe(8);
    expect(keyBytes('x'.repeat(6))).toBe(8);
    expect(keyBytes('x'.repeat(7))).toBe(16);
    expect(keyBytes('x'.repeat(31))).toBe(48);
    expect(keyBytes('x'.repeat(32))).toBe(48);
    expect(keyBytes('x'.repeat(45))).toBe(64);
    expect(keyBytes('x'.repeat(300))).toBe(320);
  });

  it('grows with the value size, within jemalloc rounding', () => {
    const a = entryBytes('k', 'x'.repeat(1000));
    const b = entryBytes('k', 'x'.repeat(101000));
    expect(b - a).toBeGreaterThanOrEqual(100000);
    expect(b - a).toBeLessThan(125000);
  });

  it('collections: exact below the sample count, extrapolated above it, stable', () => {
    const l = new ListValue();
    for (let i = 0; i < 4; i++) l.pushTail('x'.repeat(10));
    const small = valueBytes(l);
    expect(valueBytes(l, 0)).toBe(small);
    for (let i = 0; i < 996; i++) l.pushTail('x'.repeat(10));
    const big = valueBytes(l);
    expect(big).toBe(valueBytes(l, 0)); // uniform elements: sampling is exact
    expect(big).toBe(valueBytes(l)); // deterministic
    expect(big).toBeGreaterThan(1000 * stringBytes('x'.repeat(10)));
  });

  it('sampling follows the elements it looks at (SAMPLES 0 reads all)', () => {
    const h = new HashValue();
    for (let i = 0; i < 100; i++) h.set('f' + i, i === 1 ? 'y'.repeat(100000) : 'v');
    // 5 evenly spaced samples miss field 1; all-samples counts it.
    expect(valueBytes(h, 0) - valueBytes(h, 5)).toBeGreaterThan(90000);
  });

  it('set and zset estimates count every member', () => {
    const s = new RedisSet();
    const z = new SortedSet(false);
    for (let i = 0; i < 50; i++) {
      s.add('m' + i, 512);
      z.insertNew(i, 'm' + i);
    }
    expect(valueBytes(s)).toBeGreaterThan(50 * 56);
    expect(valueBytes(z)).toBeGreaterThan(valueBytes(s));
  });
});

describe('Dict byte accounting', () => {
  it('tracks set / overwrite / delete / swap-delete / ordered delete / clear', () => {
    const d = new Dict<string>(true);
    d.sizer = (k, v) => k.length + v.length;
    const model = new Map<string, string>();
    const total = () => [...model].reduce((n, [k, v]) => n + k.length + v.length, 0);
    for (let i = 0; i < 2000; i++) {
      const k = 'k' + Math.floor(Math.random() * 300);
      const r = Math.random();
      if (r < 0.5) {
        const v = 'v'.repeat(Math.floor(Math.random() * 20));
        d.set(k, v);
        model.set(k, v);
      } else if (r < 0.8) {
        d.delete(k);
        model.delete(k);
      } else {
        d.deleteOrdered(k);
        model.delete(k);
      }
      expect(d.bytes).toBe(total());
    }
    for (const [k, v] of model) expect(d.sizeAt(d.slotOf(k))).toBe(k.length + v.length);
    d.clear();
    expect(d.bytes).toBe(0);
    d.set('a', 'bc');
    expect(d.bytes).toBe(3);
  });
});
