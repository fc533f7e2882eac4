import { describe, expect, it } from 'vitest';
import { entryBytes, stringBytes, valueBytes, KEY_ENTRY_BYTES } from '../../../src/memory/estimate';
import { ListValue } from '../../../src/ds/list';
import { HashValue } from '../../../src/ds/hash';
import { RedisSet } from '../../../src/ds/set';
import { SortedSet } from '../../../src/ds/zset';
import { Dict } from '../../../src/ds/dict';

describe('estimate', () => {
  it('strings: a 16-byte header plus the bytes, rounded to 8', () => {
    expect(stringBytes('')).toBe(16);
    expect(stringBytes('a')).toBe(24);
    expect(stringBytes('12345678')).toBe(24);
    expect(stringBytes('123456789')).toBe(32);
    expect(entryBytes('k', 'v')).toBe(KEY_ENTRY_BYTES + 24 + 24);
  });

  it('grows linearly with the value size', () => {
    const a = entryBytes('k', 'x'.repeat(1000));
    const b = entryBytes('k', 'x'.repeat(101000));
    expect(b - a).toBe(100000);
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
