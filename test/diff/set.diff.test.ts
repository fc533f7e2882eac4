/**
 * Differential tests: set commands against a real redis-server. Replies whose order Redis leaves
 * unspecified (hashtable sets) are compared sorted; intset sets are compared byte for byte, since
 * Redis 7.0 returns them in ascending numeric order.
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('set commands match redis-server', () => {
  const d = useDiff();

  it('SADD, SREM, SCARD, SISMEMBER, SMISMEMBER', async () => {
    await d.same('SADD', 's', 'a', 'b', 'c', 'a');
    await d.same('SADD', 's', 'a');
    await d.same('SCARD', 's');
    await d.same('SCARD', 'nokey');
    await d.same('SISMEMBER', 's', 'a');
    await d.same('SISMEMBER', 's', 'z');
    await d.same('SISMEMBER', 'nokey', 'a');
    await d.same('SMISMEMBER', 's', 'a', 'z', 'b');
    await d.same('SMISMEMBER', 'nokey', 'a', 'z');
    await d.same('SREM', 's', 'a', 'z');
    await d.same('SREM', 'nokey', 'a');
    await d.same('SREM', 's', 'b', 'c', 'd');
    await d.same('EXISTS', 's');
    await d.both('SET', 'str', 'x');
    await d.same('SADD', 'str', 'a');
    await d.same('SREM', 'str', 'a');
    await d.same('SCARD', 'str');
    await d.same('SMISMEMBER', 'str', 'a');
  });

  it('intset encoding and order', async () => {
    await d.same('SADD', 'i', '5', '-3', '100', '0', '9223372036854775807', '-9223372036854775808', '17');
    await d.same('SMEMBERS', 'i');
    await d.same('OBJECT', 'ENCODING', 'i');
    await d.same('SSCAN', 'i', '0');
    await d.same('SORT', 'i');
    await d.same('SADD', 'i', '01');
    await d.same('OBJECT', 'ENCODING', 'i');
    await d.sameSorted('SMEMBERS', 'i');
    await d.both('SADD', 'j', '9223372036854775808');
    await d.same('OBJECT', 'ENCODING', 'j');
    for (let i = 0; i < 513; i++) await d.both('SADD', 'big', String(i));
    await d.same('OBJECT', 'ENCODING', 'big');
    await d.same('SADD', 'h', 'a', 'b');
    await d.same('OBJECT', 'ENCODING', 'h');
  });

  it('SMOVE', async () => {
    await d.both('SADD', 'a', '1', '2', '3');
    await d.both('SADD', 'b', 'x');
    await d.same('SMOVE', 'a', 'b', '1');
    await d.same('SMOVE', 'a', 'b', '1');
    await d.same('SMOVE', 'a', 'a', '2');
    await d.same('SMOVE', 'a', 'a', '9');
    await d.same('SMOVE', 'nokey', 'b', '1');
    await d.same('SMOVE', 'a', 'new', '2');
    await d.same('SMOVE', 'a', 'new', '3');
    await d.same('EXISTS', 'a');
    await d.same('SMEMBERS', 'new');
    await d.same('OBJECT', 'ENCODING', 'new');
    await d.both('SET', 'str', 'x');
    await d.same('SMOVE', 'str', 'b', 'x');
    await d.same('SMOVE', 'b', 'str', 'x');
    await d.same('SMOVE', 'nokey', 'str', 'x');
  });

  it('SPOP and SRANDMEMBER', async () => {
    await d.both('SADD', 's', 'a', 'b', 'c', 'd', 'e');
    await d.sameType('SPOP', 's');
    await d.same('SCARD', 's');
    await d.same('SPOP', 's', '0');
    await d.same('SPOP', 's', '-1');
    await d.same('SPOP', 's', 'x');
    await d.same('SPOP', 's', '1', '2');
    await d.same('SPOP', 'nokey');
    await d.same('SPOP', 'nokey', '3');
    await d.sameType('SPOP', 's', '2');
    await d.same('SCARD', 's');
    await d.sameType('SPOP', 's', '10');
    await d.same('EXISTS', 's');
    await d.both('SADD', 's', 'a', 'b', 'c', 'd', 'e');
    await d.sameSorted('SRANDMEMBER', 's', '5');
    await d.sameSorted('SRANDMEMBER', 's', '50');
    await d.same('SRANDMEMBER', 's', '0');
    await d.same('SRANDMEMBER', 'nokey');
    await d.same('SRANDMEMBER', 'nokey', '3');
    await d.same('SRANDMEMBER', 's', 'x');
    await d.same('SRANDMEMBER', 's', '-9223372036854775808');
    await d.same('SRANDMEMBER', 's', '1', '2');
    await d.sameType('SRANDMEMBER', 's', '-7');
    await d.sameType('SRANDMEMBER', 's', '3');
    await d.both('SADD', 'i', '3', '1', '2');
    await d.same('SRANDMEMBER', 'i', '10');
    await d.same('SPOP', 'i', '10');
  });

  it('SINTER, SUNION, SDIFF, their STORE forms and SINTERCARD', async () => {
    await d.both('SADD', 'a', '1', '2', '3', 'x');
    await d.both('SADD', 'b', '2', '3', '4', 'x');
    await d.both('SADD', 'c', '3', '4', '5');
    await d.both('SADD', 'ia', '1', '2', '3');
    await d.both('SADD', 'ib', '3', '2', '9');
    await d.sameSorted('SINTER', 'a', 'b');
    await d.same('SINTER', 'ia', 'ib');
    await d.same('SINTER', 'a', 'nokey');
    await d.sameSorted('SUNION', 'a', 'b', 'nokey');
    await d.same('SUNION', 'ia', 'ib');
    await d.sameSorted('SDIFF', 'a', 'b');
    await d.same('SDIFF', 'ia', 'ib');
    await d.same('SDIFF', 'a', 'a');
    await d.same('SDIFF', 'nokey', 'a');
    for (const op of ['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']) {
      await d.same(op, 'dst', 'a', 'b', 'c');
      await d.sameSorted('SMEMBERS', 'dst');
      await d.same(op, 'dst', 'ia', 'ib');
      await d.same('SMEMBERS', 'dst');
      await d.same('OBJECT', 'ENCODING', 'dst');
      await d.same(op, 'dst', 'nokey');
      await d.same('EXISTS', 'dst');
    }
    await d.same('SINTERCARD', '2', 'a', 'b');
    await d.same('SINTERCARD', '2', 'a', 'b', 'LIMIT', '1');
    await d.same('SINTERCARD', '2', 'a', 'b', 'LIMIT', '0');
    await d.same('SINTERCARD', '2', 'a', 'b', 'LIMIT', '-1');
    await d.same('SINTERCARD', '2', 'a', 'b', 'LIMIT');
    await d.same('SINTERCARD', '0', 'a');
    await d.same('SINTERCARD', 'x', 'a');
    await d.same('SINTERCARD', '3', 'a', 'b');
    await d.same('SINTERCARD', '1', 'nokey');
    await d.both('SET', 'str', 'x');
    await d.same('SINTER', 'nokey', 'str');
    await d.same('SUNION', 'a', 'str');
    await d.same('SDIFF', 'str', 'a');
    await d.same('SINTERSTORE', 'dst', 'a', 'str');
    await d.same('SINTERCARD', '2', 'a', 'str');
  });

  it('SSCAN', async () => {
    await d.both('SADD', 's', 'a', 'b', 'c', 'ab');
    await d.sameSorted('SMEMBERS', 's');
    await d.same('SSCAN', 'nokey', '0');
    await d.same('SSCAN', 'nokey', '0', 'COUNT', '0');
    await d.same('SSCAN', 'nokey', 'x', 'COUNT', '0');
    await d.same('SSCAN', 's', '0', 'MATCH');
    await d.sameType('SSCAN', 's', ''); // cursor "" is 0 (strtoul); hashtable order differs
    await d.same('SSCAN', 's', ' 1');
    await d.same('SSCAN', 's', '18446744073709551616');
    await d.same('SSCAN', 's', 'x');
    await d.same('SSCAN', 's', '0', 'COUNT', '0');
    await d.same('SSCAN', 's', '0', 'FOO', 'bar');
    await d.same('SSCAN', 's', '0', 'COUNT', 'x');
    await d.both('SADD', 'i', '1', '2', '10', '20');
    await d.same('SSCAN', 'i', '0', 'MATCH', '1*');
  });

  it('RESP3 set replies', async () => {
    await d.both('SADD', 'i', '3', '1', '2');
    await d.both('HELLO', '3');
    await d.same('SMEMBERS', 'i');
    await d.same('SINTER', 'i', 'i');
    await d.same('SUNION', 'i');
    await d.same('SDIFF', 'i', 'nokey');
    await d.same('SMEMBERS', 'nokey');
    await d.same('SPOP', 'nokey', '2');
    await d.same('SPOP', 'i', '0');
    await d.same('SRANDMEMBER', 'i', '5');
    await d.same('SPOP', 'nokey');
    await d.same('SPOP', 'i', '5');
    await d.both('HELLO', '2');
  });
});
