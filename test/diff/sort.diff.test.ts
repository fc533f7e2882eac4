/** Differential tests: SORT and SORT_RO against a real redis-server. */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('SORT matches redis-server', () => {
  const d = useDiff();

  const seed = async () => {
    await d.both('RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5');
    await d.both('RPUSH', 'al', 'b', 'a', 'c', 'B', '10', '9');
    await d.both('SADD', 's', '3', '1', '2');
    await d.both('SADD', 'hs', 'x', 'y', 'z');
    await d.both('ZADD', 'z', '3', 'a', '1', 'b', '2', 'c');
    await d.both('MSET', 'w_3', '1', 'w_1', '3', 'w_2', '2', 'w_10', '0', 'o_1', 'one', 'o_2', 'two', 'w_x', '2', 'w_y', '1');
    await d.both('HSET', 'h_1', 'f', '30', 'g', 'G1');
    await d.both('HSET', 'h_2', 'f', '20', 'g', 'G2');
    await d.both('HSET', 'h_3', 'f', '10');
  };

  it('numeric and ALPHA sorting, ASC/DESC, LIMIT', async () => {
    await seed();
    await d.same('SORT', 'l');
    await d.same('SORT', 'l', 'DESC');
    await d.same('SORT', 'l', 'LIMIT', '1', '3');
    await d.same('SORT', 'l', 'LIMIT', '-5', '2');
    await d.same('SORT', 'l', 'LIMIT', '2', '-1');
    await d.same('SORT', 'l', 'LIMIT', '10', '3');
    await d.same('SORT', 'l', 'LIMIT', '0', '0');
    await d.same('SORT', 'al');
    await d.same('SORT', 'al', 'ALPHA');
    await d.same('SORT', 'al', 'ALPHA', 'DESC', 'LIMIT', '1', '2');
    await d.same('SORT', 's');
    await d.same('SORT', 'hs', 'ALPHA');
    await d.same('SORT', 'z');
    await d.same('SORT', 'z', 'ALPHA');
    await d.same('SORT', 'nokey');
    await d.same('SORT_RO', 'l', 'DESC');
  });

  it('BY and GET patterns', async () => {
    await seed();
    await d.same('SORT', 'l', 'BY', 'w_*');
    await d.same('SORT', 's', 'BY', 'w_*', 'GET', 'o_*', 'GET', '#');
    await d.same('SORT', 's', 'BY', 'h_*->f', 'GET', 'h_*->g', 'GET', 'h_*->f');
    await d.same('SORT', 's', 'BY', 'nosort');
    await d.same('SORT', 'l', 'BY', 'nosort');
    await d.same('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2');
    await d.same('SORT', 'z', 'BY', 'nosort');
    await d.same('SORT', 'z', 'BY', 'nosort', 'DESC');
    await d.same('SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '5');
    await d.same('SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '1');
    await d.same('SORT', 'hs', 'BY', 'w_*', 'ALPHA');
    await d.same('SORT', 'hs', 'BY', 'w_*');
    await d.same('SORT', 's', 'GET', 'nostar');
    await d.same('SORT', 's', 'GET', 'o_*', 'GET', 'h_*->nofield');
  });

  it('STORE', async () => {
    await seed();
    await d.same('SORT', 'l', 'STORE', 'dst');
    await d.same('LRANGE', 'dst', '0', '-1');
    await d.same('SORT', 's', 'GET', 'o_*', 'STORE', 'dst');
    await d.same('LRANGE', 'dst', '0', '-1');
    await d.same('SORT', 'hs', 'BY', 'nosort', 'STORE', 'dst');
    await d.same('LRANGE', 'dst', '0', '-1');
    await d.same('SORT', 'nokey', 'STORE', 'dst');
    await d.same('EXISTS', 'dst');
    await d.same('SORT_RO', 'l', 'STORE', 'dst');
  });

  it('errors', async () => {
    await seed();
    await d.same('SORT', 'al');
    await d.same('SORT', 'l', 'FOO');
    await d.same('SORT', 'l', 'LIMIT', '1');
    await d.same('SORT', 'l', 'LIMIT', 'x', '1');
    await d.both('SET', 'str', 'x');
    await d.same('SORT', 'str');
    await d.both('HSET', 'hash', 'a', '1');
    await d.same('SORT', 'hash');
    await d.same('COMMAND', 'GETKEYS', 'SORT', 'l', 'LIMIT', '0', '1', 'STORE', 'a', 'STORE', 'b');
  });
});
