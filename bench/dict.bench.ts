/**
 * bench/dict.bench.ts — the keyspace Dict against a plain Map (its lower bound: Dict is a Map
 * plus dense key/value arrays for O(1) RANDOMKEY and SCAN), on 100k keys shaped like
 * redis-benchmark's (key:000000012345). Run: npx vitest bench --run bench/dict.bench.ts
 */
import { bench, describe } from 'vitest';
import { Dict } from '../src/ds/dict';

const N = 100_000;
const keys = Array.from({ length: N }, (_, i) => `key:${String(i).padStart(12, '0')}`);
// Fresh strings equal to the stored keys, as the parser would produce them (not the same objects).
const probes = keys.map((k) => Buffer.from(k, 'latin1').toString('latin1'));

describe(`${N / 1000}k keys`, () => {
  bench('Dict set (insert all)', () => {
    const d = new Dict<string>(true);
    for (let i = 0; i < N; i++) d.set(keys[i]!, 'v');
  });
  bench('Map set (insert all)', () => {
    const m = new Map<string, string>();
    for (let i = 0; i < N; i++) m.set(keys[i]!, 'v');
  });

  const d = new Dict<string>(true);
  const m = new Map<string, string>();
  for (const k of keys) {
    d.set(k, 'v');
    m.set(k, 'v');
  }
  bench('Dict get (hit, fresh key strings)', () => {
    let n = 0;
    for (let i = 0; i < N; i++) if (d.get(probes[i]!) !== undefined) n++;
    if (n !== N) throw new Error('miss');
  });
  bench('Map get (hit, fresh key strings)', () => {
    let n = 0;
    for (let i = 0; i < N; i++) if (m.get(probes[i]!) !== undefined) n++;
    if (n !== N) throw new Error('miss');
  });
  bench('Dict delete + re-insert', () => {
    for (let i = 0; i < N; i += 10) d.delete(keys[i]!);
    for (let i = 0; i < N; i += 10) d.set(keys[i]!, 'v');
  });
  bench('Dict randomKey', () => {
    for (let i = 0; i < N; i++) d.randomKey();
  });
  bench('Dict full SCAN (count 10)', () => {
    let cursor = 0;
    let seen = 0;
    do cursor = d.scan(cursor, 10, () => void seen++);
    while (cursor !== 0);
    if (seen < N) throw new Error(`scan saw ${seen}`);
  });
});
