/**
 * Randomized differential test: a long, seeded random sequence of set and sorted-set commands is
 * sent to respite and to a real redis-server; every reply must match (sorted where Redis leaves
 * the order unspecified). Commands whose outcome is random (SPOP, SRANDMEMBER…) are left out so
 * the two keyspaces never diverge.
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { prng as rng } from '../helpers/prng';

const SEED = Number(process.env.ZSET_FUZZ_SEED ?? 20261124);
const OPS = 3000;

function randomStream(title: string, ops: number, seed: number, config: Record<string, string>, resp3 = false): void {
  describeDiff(title, () => {
  const d = useDiff({ config, redisArgs: Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]) });

  it(`${ops} random commands (seed ${seed})`, async () => {
    const r = rng(seed);
    if (resp3) await d.both('HELLO', '3');
    // Weights and values for SORT BY/GET patterns.
    await d.both('MSET', 'w_a', '3', 'w_b', '1', 'w_1', '2', 'w_foo', 'x', 'v_a', 'A', 'v_2', 'two');
    await d.both('HSET', 'h_a', 'f', '5');
    const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const long = 'L'.repeat(70);
    const members = ['0', '1', '2', '3', '7', '10', '42', '-5', 'a', 'b', 'c', 'd', 'e', 'foo', 'bar', long];
    const intMembers = ['0', '1', '2', '3', '7', '10', '42', '-5', '100', '9223372036854775807'];
    const skeys = ['s1', 's2', 's3'];
    const zkeys = ['z1', 'z2', 'z3'];
    const score = () => pick(['0', '1', '2', '-1', '1.5', '0.1', '3', '10', 'inf', '-inf', '(1', String(int(-20, 20))]);
    const plainScore = () => pick(['0', '1', '2', '-1', '1.5', '0.1', '3', '10', 'inf', '-inf', String(int(-20, 20))]);
    const lexItem = () => pick(['-', '+', '[a', '(b', '[c', '(foo', '[1', '(7', '[']);
    const ms = (n: number, pool = members) => Array.from({ length: n }, () => pick(pool));

    // The last commands sent, reported on failure to make a mismatch easy to replay.
    const history: string[] = [];
    const same = d.same.bind(d);
    const sameSorted = d.sameSorted.bind(d);
    const wrap = (f: (...a: string[]) => Promise<unknown>) => async (...a: string[]) => {
      history.push(a.map((x) => (x.length > 20 ? x.slice(0, 8) + '…' : x)).join(' '));
      if (history.length > 40) history.shift();
      try {
        await f(...a);
      } catch (e) {
        throw new Error(`${(e as Error).message}\nlast commands:\n${history.join('\n')}`);
      }
    };
    const dd = { same: wrap(same), sameSorted: wrap(sameSorted) };
    for (let i = 0; i < ops; i++) {
      const sk = pick(skeys);
      const zk = pick(zkeys);
      const roll = int(0, 46);
      switch (roll) {
        case 0: case 1: await dd.same('SADD', sk, ...ms(int(1, 4), r() < 0.6 ? intMembers : members)); break;
        case 2: await dd.same('SREM', sk, ...ms(int(1, 3), intMembers.concat(members))); break;
        case 3: await dd.same('SMOVE', sk, pick(skeys), pick(members)); break;
        case 4: await dd.same('SISMEMBER', sk, pick(members)); break;
        case 5: await dd.same('SMISMEMBER', sk, ...ms(3)); break;
        case 6: await dd.same('SCARD', sk); break;
        case 7: await dd.sameSorted(pick(['SINTER', 'SUNION', 'SDIFF']), sk, pick(skeys)); break;
        case 8: await dd.same(pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), pick(skeys), sk, pick(skeys)); break;
        case 9: await dd.same('SINTERCARD', '2', sk, pick(skeys), 'LIMIT', String(int(0, 3))); break;
        case 10: await dd.sameSorted('SMEMBERS', sk); break;
        case 11: await dd.same('OBJECT', 'ENCODING', sk); break;
        case 12: case 13: case 14: {
          const opts = r() < 0.5 ? [] : [pick(['NX', 'XX', 'GT', 'LT', 'CH', 'XX'])];
          if (r() < 0.2) opts.push('CH');
          await dd.same('ZADD', zk, ...opts, ...Array.from({ length: int(1, 3) }, () => [plainScore(), pick(members)]).flat());
          break;
        }
        case 15: await dd.same('ZADD', zk, pick(['', 'GT', 'LT', 'NX', 'XX']) || 'CH', 'INCR', plainScore(), pick(members)); break;
        case 16: await dd.same('ZINCRBY', zk, plainScore(), pick(members)); break;
        case 17: await dd.same('ZREM', zk, ...ms(int(1, 3))); break;
        case 18: await dd.same('ZRANGE', zk, String(int(-5, 5)), String(int(-5, 5)), ...(r() < 0.5 ? ['WITHSCORES'] : []), ...(r() < 0.3 ? ['REV'] : [])); break;
        case 19: await dd.same('ZRANGEBYSCORE', zk, score(), score(), 'WITHSCORES', ...(r() < 0.4 ? ['LIMIT', String(int(-1, 3)), String(int(-1, 4))] : [])); break;
        case 20: await dd.same('ZREVRANGEBYSCORE', zk, score(), score(), ...(r() < 0.4 ? ['LIMIT', String(int(0, 3)), String(int(-1, 4))] : [])); break;
        // Lex ranges are only deterministic in Redis when all scores are equal: use 'zl' for them.
        case 21: await dd.same('ZRANGEBYLEX', 'zl', lexItem(), lexItem(), ...(r() < 0.4 ? ['LIMIT', String(int(0, 3)), String(int(-1, 4))] : [])); break;
        case 22: await dd.same('ZREVRANGEBYLEX', 'zl', lexItem(), lexItem()); break;
        case 23: await dd.same('ZCOUNT', zk, score(), score()); break;
        case 24: await dd.same('ZLEXCOUNT', 'zl', lexItem(), lexItem()); break;
        case 25: await dd.same(pick(['ZRANK', 'ZREVRANK']), zk, pick(members)); break;
        case 26: await dd.same('ZREMRANGEBYRANK', zk, String(int(-4, 4)), String(int(-4, 4))); break;
        case 27: await dd.same('ZREMRANGEBYSCORE', zk, score(), score()); break;
        case 28: await dd.same('ZREMRANGEBYLEX', 'zl', lexItem(), lexItem()); break;
        case 29: await dd.same(pick(['ZPOPMIN', 'ZPOPMAX']), zk, ...(r() < 0.5 ? [String(int(0, 3))] : [])); break;
        case 30: await dd.same('ZMPOP', '2', zk, pick(zkeys), pick(['MIN', 'MAX']), 'COUNT', String(int(1, 3))); break;
        case 31: case 32: {
          const op = pick(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']);
          const extra = op === 'ZDIFFSTORE' ? [] : [...(r() < 0.5 ? ['WEIGHTS', pick(['1', '2', '-1', '0.5', 'inf']), pick(['1', '0', '3'])] : []), ...(r() < 0.5 ? ['AGGREGATE', pick(['SUM', 'MIN', 'MAX'])] : [])];
          await dd.same(op, pick(zkeys), '2', zk, pick([...zkeys, ...skeys]), ...extra);
          break;
        }
        case 33: await dd.same(pick(['ZUNION', 'ZINTER', 'ZDIFF']), '2', zk, pick([...zkeys, ...skeys]), 'WITHSCORES'); break;
        case 34: await dd.same('ZINTERCARD', '2', zk, pick([...zkeys, ...skeys])); break;
        case 35: await dd.same('ZMSCORE', zk, ...ms(3)); break;
        case 36: await dd.same('ZSCORE', zk, pick(members)); break;
        case 37: await dd.same('ZRANGESTORE', pick(zkeys), zk, String(int(-3, 3)), String(int(-3, 3))); break;
        case 38: await dd.same('OBJECT', 'ENCODING', zk); break;
        case 39: await dd.same('ZADD', 'zl', ...ms(int(1, 4)).flatMap((m) => ['0', m])); break;
        case 40: await dd.same('SORT', pick([zk, sk]), 'ALPHA', ...(r() < 0.5 ? ['DESC'] : []), ...(r() < 0.3 ? ['LIMIT', String(int(0, 2)), String(int(0, 3))] : [])); break;
        case 41: await dd.same('ZRANDMEMBER', zk, '100', 'WITHSCORES'); break;
        // Elements with equal BY values keep the order of the source, which is hash order for
        // zsets and hashtable sets: only the multiset of the reply is comparable.
        case 42: await dd.sameSorted('SORT', pick([zk, sk]), 'BY', pick(['w_*', 'h_*->f', 'nosort']), 'GET', '#', 'GET', pick(['v_*', 'w_*', 'h_*->f']), 'ALPHA'); break;
        case 43: await dd.same(pick(['BZPOPMIN', 'BZPOPMAX']), zk, pick(zkeys), '0.01'); break;
        case 44: await dd.same('BZMPOP', '0.01', '2', zk, pick(zkeys), pick(['MIN', 'MAX']), 'COUNT', String(int(1, 3))); break;
        case 45: await dd.same('SINTERCARD', '3', sk, pick(skeys), pick(skeys)); break;
        default: await dd.same('ZRANGESTORE', pick(zkeys), zk, score(), score(), 'BYSCORE', ...(r() < 0.5 ? ['REV'] : [])); break;
      }
    }
  }, 120_000);
});
}

randomStream('random set/zset command stream matches redis-server', OPS, SEED, {});
// Tiny encoding limits: conversions (intset→hashtable, listpack→skiplist) happen all the time.
randomStream('random stream under RESP3', 1500, SEED + 2, {}, true);
randomStream('random stream with tiny encoding limits', 1500, SEED + 1, {
  'set-max-intset-entries': '4',
  'zset-max-listpack-entries': '4',
  'zset-max-listpack-value': '3',
});
