/** In-process tests of SORT / SORT_RO on sets and sorted sets (lists need the list commands). */
import { describe, it, expect, beforeEach } from 'vitest';
import { InProcess, err } from '../helpers/run';

describe('SORT (in-process)', () => {
  let t: InProcess;
  beforeEach(() => {
    t = new InProcess();
  });

  it('numeric, ALPHA, DESC, LIMIT', () => {
    t.run('SADD', 's', '10', '2', '33', '-1');
    expect(t.run('SORT', 's')).toEqual(['-1', '2', '10', '33']);
    expect(t.run('SORT', 's', 'ALPHA')).toEqual(['-1', '10', '2', '33']);
    expect(t.run('SORT', 's', 'DESC', 'LIMIT', '1', '2')).toEqual(['10', '2']);
    t.run('SADD', 'w', 'a', 'b');
    expect(t.run('SORT', 'w')).toEqual(err("ERR One or more scores can't be converted into double"));
    expect(t.run('SORT', 's', 'BAD')).toEqual(err('ERR syntax error'));
  });

  it('BY and GET with hash fields', () => {
    t.run('ZADD', 'z', '1', 'a', '2', 'b');
    t.run('SET', 'w_a', '9');
    t.run('SET', 'w_b', '1');
    t.run('SET', 'v_a', 'A');
    expect(t.run('SORT', 'z', 'BY', 'w_*', 'GET', '#', 'GET', 'v_*')).toEqual(['b', null, 'a', 'A']);
    expect(t.run('SORT', 'z', 'BY', 'nosort', 'DESC')).toEqual(['b', 'a']);
  });

  it('SORT_RO refuses STORE; STORE of an empty result deletes', () => {
    t.run('SADD', 's', '1');
    expect(t.run('SORT_RO', 's', 'STORE', 'd')).toEqual(err('ERR syntax error'));
    t.run('SET', 'd', 'x');
    expect(t.run('SORT', 'nokey', 'STORE', 'd')).toBe(0);
    expect(t.run('EXISTS', 'd')).toBe(0);
    expect(t.run('SORT', 's', 'STORE', 'd')).toBe(1);
    expect(t.run('TYPE', 'd')).toEqual({ type: 'status', value: 'list' });
  });
});
