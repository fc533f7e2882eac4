import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

/**
 * A random stream of string and bitmap commands with edge-case arguments, sent to respite and
 * redis-server; every reply must be byte-identical. Deterministic (seeded).
 */
describeDiff('random string/bitmap command stream matches redis-server', () => {
  const d = useDiff();

  it('3000 random commands', async () => {
    let seed = Number(process.env.STRING_FUZZ_SEED ?? 777);
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
    const keys = ['k1', 'k2', 'k3', 'n1', 'b1'];
    const ints = ['0', '1', '-1', '2', '7', '8', '9', '-8', '-9', '15', '16', '17', '100', '-100', '255', '1000',
      '9223372036854775807', '-9223372036854775808', '4294967296', 'x', '', '1.5', ' 1', '01'];
    const small = ['0', '1', '2', '3', '5', '8', '13', '-1', '-2', '-5', '20', '40'];
    const vals = ['', 'a', 'hello', '123', '-45', '3.5', '\x00\xff\x80', 'foobar', '9223372036854775806', '1e3', ' 7'];
    const gen = (): string[] => {
      const k = pick(keys);
      switch (rnd(30)) {
        case 0: return ['SET', k, pick(vals), ...pick([[], ['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['EX', '1000'], ['PX', pick(['1000000', '0', '-1'])], ['GET', 'XX'], ['NX', 'GET']])];
        case 1: return ['GET', k];
        case 2: return ['APPEND', k, pick(vals)];
        case 3: return ['SETRANGE', k, pick(small), pick(vals)];
        case 4: return ['GETRANGE', k, pick(small), pick(small)];
        case 5: return ['INCR', k];
        case 6: return ['DECRBY', k, pick(ints)];
        case 7: return ['INCRBY', k, pick(ints)];
        case 8: return ['INCRBYFLOAT', k, pick(['0.1', '-0.1', '1e3', '2.5', '-7', 'x', '1.25e-2'])];
        case 9: return ['STRLEN', k];
        case 10: return ['SETBIT', k, pick([...small.slice(0, 7), '63', '64', '100', '-1', 'x']), pick(['0', '1', '2'])];
        case 11: return ['GETBIT', k, pick(['0', '1', '7', '8', '40', '1000', '-1'])];
        case 12: return ['BITCOUNT', k, ...pick([[], [pick(small), pick(small)], [pick(small), pick(small), pick(['BIT', 'BYTE', 'bit'])]])];
        case 13: return ['BITPOS', k, pick(['0', '1']), ...pick([[], [pick(small)], [pick(small), pick(small)], [pick(small), pick(small), pick(['BIT', 'BYTE'])]])];
        case 14: return ['BITOP', pick(['AND', 'OR', 'XOR', 'NOT']), pick(keys), ...(rnd(2) ? [pick(keys)] : [pick(keys), pick(keys)])];
        case 15: {
          const args: string[] = ['BITFIELD', k];
          const n = 1 + rnd(3);
          for (let i = 0; i < n; i++) {
            const t = pick(['u1', 'u4', 'u8', 'i8', 'i5', 'u16', 'i32', 'u63', 'i64']);
            const off = pick(['0', '3', '7', '8', '#1', '#2', '20']);
            const op = rnd(4);
            if (op === 0) args.push('GET', t, off);
            else if (op === 1) args.push('SET', t, off, pick(ints.slice(0, 18)));
            else if (op === 2) args.push('INCRBY', t, off, pick(ints.slice(0, 18)));
            else args.push('OVERFLOW', pick(['WRAP', 'SAT', 'FAIL']));
          }
          return args;
        }
        case 16: return ['MSET', k, pick(vals), pick(keys), pick(vals)];
        case 17: return ['MSETNX', k, pick(vals), pick(keys), pick(vals)];
        case 18: return ['MGET', ...keys];
        case 19: return ['GETSET', k, pick(vals)];
        case 20: return ['GETDEL', k];
        case 21: return ['GETEX', k, ...pick([[], ['PERSIST'], ['EX', '1000'], ['PXAT', '1'], ['EX', '0']])];
        case 22: return ['SETNX', k, pick(vals)];
        case 23: return ['SETEX', k, pick(['100', '0', 'x']), pick(vals)];
        case 24: return ['LCS', k, pick(keys), ...pick([[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '2']])];
        case 25: return ['DECR', k];
        case 26: return ['BITFIELD_RO', k, 'GET', pick(['u8', 'i4', 'u1']), pick(['0', '5', '#1'])];
        case 27: return ['SUBSTR', k, pick(small), pick(small)];
        case 28: return ['PSETEX', k, pick(['100000', '0']), pick(vals)];
        default: return ['EXISTS', k];
      }
    };
    for (let i = 0; i < 3000; i++) await d.same(...gen());
    await d.same('MGET', ...keys);
  });
});
