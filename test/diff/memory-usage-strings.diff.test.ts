import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

// String keys: used_memory and MEMORY USAGE follow Redis's accounting model (jemalloc size
// classes, sds headers, embstr/int/raw encodings), so MEMORY USAGE of a key written by SET is
// byte-identical to redis-server's.
describeDiff('MEMORY USAGE of string keys matches redis-server', () => {
  const d = useDiff();

  it('key and value lengths across sds types and jemalloc classes', async () => {
    const keyLens = [0, 1, 6, 7, 10, 22, 30, 31, 32, 100, 255, 256, 300];
    const valLens = [0, 1, 5, 12, 43, 44, 45, 100, 200, 255, 256, 1000, 4000, 20000];
    for (const kl of keyLens) {
      for (const vl of valLens) {
        const key = 'k'.repeat(kl);
        await d.both('SET', key, 'v'.repeat(vl));
        await d.same('MEMORY', 'USAGE', key);
      }
    }
  });

  it('integer-encoded values and near misses', async () => {
    for (const v of ['0', '7', '-1', '12345', '10000', '9223372036854775807', '-9223372036854775808', '01', '-0', '+1', '1.5', '9223372036854775808', '123456789012345678901']) {
      await d.both('SET', 'n', v);
      await d.same('MEMORY', 'USAGE', 'n');
    }
  });

  it('big values (query-buffer arguments, trimmed)', async () => {
    for (const vl of [32768, 40000, 70000, 100000, 300000]) {
      await d.both('SET', 'big', 'v'.repeat(vl));
      await d.same('MEMORY', 'USAGE', 'big');
    }
  });

  it('binary keys and values', async () => {
    await d.both('SET', 'bin\x00\xff', '\x00\x01\x02\xfe');
    await d.same('MEMORY', 'USAGE', 'bin\x00\xff');
  });
});
