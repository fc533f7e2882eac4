/**
 * test/commands/geo.test.ts — geo commands in-process: GEOADD (as ZADD), positions, distances,
 * geohashes, radius/box searches with every option, STORE/STOREDIST, events, and error texts.
 * Expected values were taken from redis-server 7.0.15.
 */
import { describe, expect, it } from 'vitest';
import { InProcess, err } from '../helpers/run';

const SYNTAX = err('ERR syntax error');
const dbl = (value: number) => ({ type: 'double', value });
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');

function sicily(t: InProcess): void {
  expect(t.run('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania')).toBe(2);
}

function events(t: InProcess): string[] {
  t.server.notifyFlags = 0xffff;
  const got: string[] = [];
  t.server.hooks.publish = (ch, msg) => {
    if (ch.startsWith('__keyevent')) got.push(`${ch.slice(ch.indexOf(':') + 1)}:${msg}`);
    return 0;
  };
  return got;
}

describe('GEOADD', () => {
  it('stores 52-bit geohash scores through ZADD (NX, XX, CH)', () => {
    const t = new InProcess();
    sicily(t);
    expect(t.run('ZRANGE', 'Sicily', '0', '0', 'WITHSCORES')).toEqual(['Palermo', dbl(3479099956230698)]);
    expect(t.run('TYPE', 'Sicily')).toEqual({ type: 'status', value: 'zset' });
    expect(t.run('GEOADD', 'Sicily', 'NX', '13', '38', 'Palermo', '1', '1', 'x')).toBe(1);
    expect(t.run('GEOADD', 'Sicily', 'XX', 'CH', '13', '38', 'Palermo', '2', '2', 'y')).toBe(1);
    expect(t.run('ZCARD', 'Sicily')).toBe(3);
    expect(t.run('GEOADD', 'Sicily', 'NX', 'XX', '1', '1', 'z')).toEqual(SYNTAX);
    expect(t.run('GEOADD', 'Sicily', '1', '1', 'm', '2')).toEqual(SYNTAX);
    expect(t.run('GEOADD', 'Sicily', 'ch', 'ch', 'ch')).toEqual(SYNTAX);
  });

  it('coordinate errors', () => {
    const t = new InProcess();
    expect(t.run('GEOADD', 'k', '200', '100', 'm')).toEqual(err('ERR invalid longitude,latitude pair 200.000000,100.000000'));
    expect(t.run('GEOADD', 'k', '-0', '86', 'm')).toEqual(err('ERR invalid longitude,latitude pair -0.000000,86.000000'));
    expect(t.run('GEOADD', 'k', 'inf', '0', 'm')).toEqual(err('ERR invalid longitude,latitude pair inf,0.000000'));
    expect(t.run('GEOADD', 'k', 'x', '0', 'm')).toEqual(err('ERR value is not a valid float'));
    expect(t.run('GEOADD', 'k', '1', '1', 'ok', '1', '91', 'bad')).toEqual(err('ERR invalid longitude,latitude pair 1.000000,91.000000'));
    expect(t.run('EXISTS', 'k')).toBe(0);
    t.run('SET', 's', 'v');
    expect(t.run('GEOADD', 's', '1', '1', 'm')).toEqual(WRONGTYPE);
  });
});

describe('GEOPOS / GEODIST / GEOHASH', () => {
  it('replies like Redis', () => {
    const t = new InProcess();
    sicily(t);
    expect(t.run('GEOPOS', 'Sicily', 'Palermo', 'nope')).toEqual([['13.36138933897018433', '38.11555639549629859'], null]);
    expect(t.run('GEOPOS', 'nokey', 'a')).toEqual([null]);
    expect(t.run('GEODIST', 'Sicily', 'Palermo', 'Catania')).toBe('166274.1516');
    expect(t.run('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km')).toBe('166.2742');
    expect(t.run('GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI')).toBe('103.3182');
    expect(t.run('GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft')).toBe('545518.8700');
    expect(t.run('GEODIST', 'Sicily', 'Palermo', 'nope')).toBe(null);
    expect(t.run('GEODIST', 'nokey', 'a', 'b')).toBe(null);
    expect(t.run('GEODIST', 'Sicily', 'Palermo', 'Catania', 'yd')).toEqual(err('ERR unsupported unit provided. please use M, KM, FT, MI'));
    expect(t.run('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'x')).toEqual(SYNTAX);
    expect(t.run('GEOHASH', 'Sicily', 'Palermo', 'Catania', 'nope')).toEqual(['sqc8b49rny0', 'sqdtr74hyu0', null]);
  });

  it('RESP3 coordinates are doubles', () => {
    const t = new InProcess({}, 3);
    sicily(t);
    expect(t.run('GEOPOS', 'Sicily', 'Palermo')).toEqual([[
      { type: 'double', value: 13.36138933897018433 },
      { type: 'double', value: 38.11555639549629859 },
    ]]);
  });
});

describe('GEORADIUS / GEOSEARCH', () => {
  it('radius search with options', () => {
    const t = new InProcess();
    sicily(t);
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '100', 'km')).toEqual(['Catania']);
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC')).toEqual([['Catania', '56.4413'], ['Palermo', '190.4424']]);
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD', 'WITHHASH', 'DESC', 'COUNT', '1')).toEqual([
      ['Palermo', 3479099956230698, ['13.36138933897018433', '38.11555639549629859']],
    ]);
    expect(t.run('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km')).toEqual(['Palermo', 'Catania']);
    expect(t.run('GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '1', 'km')).toEqual(['Palermo']);
    expect(t.run('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC')).toEqual(['Catania', 'Palermo']);
    expect(t.run('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Catania', 'BYRADIUS', '10', 'km')).toEqual(['Catania']);
    expect(t.run('GEORADIUS', 'nokey', '15', '37', '200', 'km')).toEqual([]);
  });

  it('errors in Redis\'s order', () => {
    const t = new InProcess();
    sicily(t);
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '-1', 'km')).toEqual(err('ERR radius cannot be negative'));
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', 'x', 'km')).toEqual(err('ERR need numeric radius'));
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '1', 'km', 'COUNT', '0')).toEqual(err('ERR COUNT must be > 0'));
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '1', 'km', 'ANY')).toEqual(err('ERR the ANY argument requires COUNT argument'));
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '1', 'km', 'STORE', 'x', 'WITHDIST')).toEqual(
      err('ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    );
    expect(t.run('GEORADIUS_RO', 'Sicily', '15', '37', '1', 'km', 'STORE', 'x')).toEqual(SYNTAX);
    expect(t.run('GEORADIUSBYMEMBER', 'Sicily', 'nope', '1', 'km')).toEqual(err('ERR could not decode requested zset member'));
    expect(t.run('geosearch', 'Sicily', 'BYRADIUS', '1', 'km', 'ASC', 'DESC')).toEqual(err('ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch'));
    expect(t.run('GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'ASC', 'DESC')).toEqual(err('ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH'));
    expect(t.run('GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'BYBOX', '-1', '1', 'km')).toEqual(err('ERR height or width cannot be negative'));
    expect(t.run('GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '1', 'BYBOX', 'w', '1', 'km')).toEqual(err('ERR need numeric width'));
    expect(t.run('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'WITHCOORD')).toEqual(
      err('ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    );
  });

  it('STORE / STOREDIST / GEOSEARCHSTORE: zsets, events, dirty, deletes on empty', () => {
    const t = new InProcess();
    sicily(t);
    const got = events(t);
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'st')).toBe(2);
    expect(t.run('ZRANGE', 'st', '0', '-1', 'WITHSCORES')).toEqual(['Palermo', dbl(3479099956230698), 'Catania', dbl(3479447370796909)]);
    expect(t.run('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'sd', 'COUNT', '1')).toBe(1);
    expect(t.run('ZRANGE', 'sd', '0', '-1', 'WITHSCORES')).toEqual(['Catania', dbl(56.441257870158204)]);
    const d = t.server.dirty;
    expect(t.run('GEOSEARCHSTORE', 'gs', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '300', 'km', 'STOREDIST')).toBe(2);
    expect(t.server.dirty).toBe(d + 2);
    expect(t.run('GEORADIUS', 'Sicily', '50', '50', '1', 'km', 'STORE', 'st')).toBe(0);
    expect(t.run('EXISTS', 'st')).toBe(0);
    expect(t.run('GEORADIUS', 'nokey', '50', '50', '1', 'km', 'STORE', 'sd')).toBe(0);
    expect(t.run('EXISTS', 'sd')).toBe(0);
    expect(got).toEqual(['new:st', 'georadiusstore:st', 'new:sd', 'georadiusstore:sd', 'new:gs', 'geosearchstore:gs', 'del:st', 'keymiss:st', 'keymiss:nokey', 'del:sd', 'keymiss:sd']);
  });

  it('COMMAND GETKEYS finds the STORE key', () => {
    const t = new InProcess();
    expect(t.run('COMMAND', 'GETKEYS', 'GEORADIUS', 'src', '1', '1', '1', 'km', 'STORE', 'dst')).toEqual(['src', 'dst']);
    expect(t.run('COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'src', 'm', '1', 'km', 'STOREDIST', 'dst')).toEqual(['src', 'dst']);
  });
});
