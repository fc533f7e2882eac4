/**
 * test/diff/geo.diff.test.ts — geo commands against a real redis-server: scores (ZRANGE
 * WITHSCORES), positions, distances, geohashes, search results and their order, STORE keys and
 * every error text must be byte-identical.
 */
import { expect, it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('geo commands match redis-server', () => {
  const d = useDiff();

  let seed = 4711;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };

  async function sicily(): Promise<void> {
    await d.same('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
    await d.same('GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2');
  }

  it('GEOADD options, scores and errors', async () => {
    await sicily();
    await d.same('ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES');
    await d.same('GEOADD', 'Sicily', 'NX', '13', '38', 'Palermo', '1', '1', 'new');
    await d.same('GEOADD', 'Sicily', 'XX', 'CH', '13', '38', 'Palermo', '1', '1', 'new2');
    await d.same('GEOADD', 'Sicily', 'CH', 'NX', '13', '38', 'Palermo');
    await d.same('GEOADD', 'Sicily', 'NX', 'XX', '13', '38', 'Palermo');
    await d.same('GEOADD', 'Sicily', '13', '38');
    await d.same('GEOADD', 'Sicily', 'ch', 'ch', 'ch');
    await d.same('GEOADD', 'Sicily', 'GT', '13', '38', 'x');
    await d.same('GEOADD', 'Sicily', '200', '100', 'm');
    await d.same('GEOADD', 'Sicily', '-180.0001', '0', 'm');
    await d.same('GEOADD', 'Sicily', '0', '85.06', 'm');
    await d.same('GEOADD', 'Sicily', '-0', '-85.06', 'm');
    await d.same('GEOADD', 'Sicily', 'inf', '0', 'm');
    await d.same('GEOADD', 'Sicily', 'x', '0', 'm');
    await d.same('GEOADD', 'Sicily', '0', 'nan', 'm');
    await d.same('GEOADD', 'Sicily', '1e400', '0', 'm');
    await d.same('GEOADD', 'Sicily', '1e30', '-1e30', 'm');
    await d.same('GEOADD', 'Sicily', '1', '1', 'ok', '200', '0', 'bad');
    await d.same('ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES');
    await d.same('GEOADD', 'edges', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw', '0', '0', 'z', '-0', '-0', 'nz');
    await d.same('ZRANGE', 'edges', '0', '-1', 'WITHSCORES');
    await d.same('GEOPOS', 'edges', 'ne', 'sw', 'z', 'nz');
    await d.same('GEOHASH', 'edges', 'ne', 'sw', 'z', 'nz');
    await d.both('SET', 's', 'x');
    await d.same('GEOADD', 's', '1', '1', 'a');
    await d.same('GEOPOS', 's', 'a');
    await d.same('GEODIST', 's', 'a', 'b');
    await d.same('GEOHASH', 's', 'a');
    await d.same('GEORADIUS', 's', '1', '1', '1', 'km');
    await d.same('GEOSEARCH', 's', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km');
    await d.same('OBJECT', 'ENCODING', 'Sicily');
  });

  it('GEOPOS / GEODIST / GEOHASH', async () => {
    await sicily();
    await d.same('GEOPOS', 'Sicily', 'Palermo', 'nope', 'Catania');
    await d.same('GEOPOS', 'nokey', 'a', 'b');
    await d.same('GEOPOS', 'Sicily');
    await d.same('GEOHASH', 'Sicily', 'Palermo', 'Catania', 'nope');
    await d.same('GEOHASH', 'nokey', 'a');
    await d.same('GEOHASH', 'Sicily');
    for (const u of ['m', 'km', 'KM', 'mi', 'ft', 'Ft']) await d.same('GEODIST', 'Sicily', 'Palermo', 'Catania', u);
    await d.same('GEODIST', 'Sicily', 'Palermo', 'Catania');
    await d.same('GEODIST', 'Sicily', 'Palermo', 'Palermo');
    await d.same('GEODIST', 'Sicily', 'Palermo', 'nope');
    await d.same('GEODIST', 'nokey', 'a', 'b');
    await d.same('GEODIST', 'nokey', 'a', 'b', 'xx');
    await d.same('GEODIST', 'Sicily', 'Palermo', 'Catania', 'yd');
    await d.same('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'extra');
    // Plain zset members with arbitrary scores decode too.
    await d.both('ZADD', 'z', '0', 'zero', '-1', 'neg', '1.5', 'frac', '4503599627370496', 'big', '1e300', 'huge', 'inf', 'inf', '-inf', 'minf');
    await d.same('GEOPOS', 'z', 'zero', 'neg', 'frac', 'big', 'huge', 'inf', 'minf');
    await d.same('GEOHASH', 'z', 'zero', 'neg', 'frac', 'big', 'huge', 'inf', 'minf');
    await d.same('GEODIST', 'z', 'zero', 'big');
    await d.same('GEORADIUS', 'z', '0', '0', '20000', 'km', 'WITHHASH', 'WITHCOORD', 'WITHDIST');
  });

  it('GEORADIUS / GEORADIUSBYMEMBER options and replies', async () => {
    await sicily();
    const opts = [[], ['WITHDIST'], ['WITHCOORD'], ['WITHHASH'], ['WITHDIST', 'WITHCOORD', 'WITHHASH'], ['ASC'], ['DESC'],
      ['COUNT', '1'], ['COUNT', '3', 'DESC'], ['COUNT', '2', 'ANY'], ['COUNT', '1', 'ANY', 'ASC', 'WITHDIST'], ['withdist', 'desc']];
    for (const o of opts) {
      await d.same('GEORADIUS', 'Sicily', '15', '37', '200', 'km', ...o);
      await d.same('GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', ...o);
      await d.same('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '300', 'km', ...o);
      await d.same('GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '300', 'km', ...o);
    }
    for (const u of ['m', 'km', 'mi', 'ft']) await d.same('GEORADIUS', 'Sicily', '15', '37', '300', u, 'WITHDIST', 'ASC');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '0', 'km');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '-1', 'km');
    await d.same('GEORADIUS', 'Sicily', '15', '37', 'x', 'km');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '1', 'yd');
    await d.same('GEORADIUS', 'Sicily', '190', '37', '1', 'km');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'COUNT', '0');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'COUNT', '-3');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'COUNT', 'x');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'COUNT');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'ANY');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'FOO');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'STORE');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'STORE', 'dst', 'WITHDIST');
    await d.same('GEORADIUS_RO', 'Sicily', '15', '37', '100', 'km', 'STORE', 'dst');
    await d.same('GEORADIUSBYMEMBER', 'Sicily', 'nope', '100', 'km');
    await d.same('GEORADIUSBYMEMBER', 'nokey', 'nope', '100', 'km');
    await d.same('GEORADIUSBYMEMBER', 'nokey', 'nope', '100', 'km', 'STORE', 'x');
    await d.same('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '100', 'furlong');
    await d.same('GEORADIUS', 'nokey', '15', '37', '100', 'km');
    await d.same('GEORADIUS', 'nokey', '15', '37', '100', 'km', 'BADOPT');
  });

  it('STORE / STOREDIST / GEOSEARCHSTORE', async () => {
    await sicily();
    await d.same('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst');
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'dst2');
    await d.same('ZRANGE', 'dst2', '0', '-1', 'WITHSCORES');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '200', 'mi', 'STORE', 'a', 'STOREDIST', 'dst3', 'COUNT', '1');
    await d.same('ZRANGE', 'dst3', '0', '-1', 'WITHSCORES');
    await d.same('EXISTS', 'a');
    await d.same('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '1', 'm', 'STORE', 'dst');
    await d.same('EXISTS', 'dst');
    await d.same('GEORADIUS', 'nokey', '15', '37', '200', 'km', 'STORE', 'dst2');
    await d.same('EXISTS', 'dst2');
    await d.same('GEOSEARCHSTORE', 'gs', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km');
    await d.same('ZRANGE', 'gs', '0', '-1', 'WITHSCORES');
    await d.same('GEOSEARCHSTORE', 'gs', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'km', 'STOREDIST', 'DESC', 'COUNT', '2');
    await d.same('ZRANGE', 'gs', '0', '-1', 'WITHSCORES');
    await d.same('OBJECT', 'ENCODING', 'gs');
    await d.same('GEOSEARCHSTORE', 'gs', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHDIST');
    await d.same('GEOSEARCHSTORE', 'gs', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x');
    await d.same('GEOSEARCHSTORE', 'gs', 'nokey', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km');
    await d.same('EXISTS', 'gs');
    await d.both('SET', 'str', 'v');
    await d.both('EXPIRE', 'str', '100');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'str');
    await d.same('TTL', 'str');
    await d.same('TYPE', 'str');
  });

  it('GEOSEARCH options and errors', async () => {
    await sicily();
    const from = [['FROMLONLAT', '15', '37'], ['FROMMEMBER', 'Palermo'], ['frommember', 'edge2']];
    const by = [['BYRADIUS', '200', 'km'], ['BYBOX', '400', '400', 'km'], ['BYBOX', '200', '100', 'mi'], ['byradius', '0', 'm']];
    const opts = [[], ['WITHDIST', 'WITHCOORD', 'WITHHASH'], ['DESC'], ['COUNT', '2'], ['COUNT', '1', 'ANY'], ['ASC', 'WITHDIST']];
    for (const f of from) for (const b of by) for (const o of opts) await d.same('GEOSEARCH', 'Sicily', ...f, ...b, ...o);
    await d.same('GEOSEARCH', 'Sicily', 'BYRADIUS', '200', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '1', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km');
    await d.same('GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km');
    await d.same('GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km', 'ANY');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '-1', '1', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', 'w', '1', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', 'h', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'yd');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', 'r', 'km');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'STORE', 'x');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'STOREDIST');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'ANY');
    await d.same('geosearch', 'Sicily', 'FROMLONLAT', '15', '37', 'FOO', '1', 'km');
    await d.same('GeoSearch', 'Sicily', 'BYRADIUS', '1', 'km', 'ASC');
    await d.same('GEOSEARCH', 'Sicily', 'FROMLONLAT', '200', '37', 'BYRADIUS', '1', 'km');
  });

  it('random points: search results and order match', async () => {
    const args: string[] = [];
    for (let i = 0; i < 600; i++) {
      const lon = (rnd() * 360 - 180).toFixed(6);
      const lat = (rnd() * 170 - 85).toFixed(6);
      args.push(lon, lat, `p${i}`);
    }
    // Clustered points around a few centres, including duplicates (equal distances).
    for (let i = 0; i < 300; i++) {
      const lon = (2.35 + (rnd() - 0.5) * 2).toFixed(5);
      const lat = (48.85 + (rnd() - 0.5) * 2).toFixed(5);
      args.push(lon, lat, `c${i}`);
    }
    args.push('2.35', '48.85', 'dupA', '2.35', '48.85', 'dupB', '2.35', '48.85', 'dupC');
    await d.same('GEOADD', 'pts', ...args);
    await d.same('ZRANGE', 'pts', '0', '-1', 'WITHSCORES');
    const centres = [['2.35', '48.85'], ['0', '0'], ['179.9', '80'], ['-179.9', '-80'], ['100', '66.5'], ['-45', '-70']];
    for (const [lon, lat] of centres) {
      for (const r of ['1', '50', '500', '3000', '10000']) {
        await d.same('GEORADIUS', 'pts', lon!, lat!, r, 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC');
        await d.same('GEORADIUS', 'pts', lon!, lat!, r, 'km', 'DESC');
        await d.same('GEORADIUS', 'pts', lon!, lat!, r, 'km');
        await d.same('GEORADIUS', 'pts', lon!, lat!, r, 'km', 'COUNT', '5', 'ANY');
        await d.same('GEOSEARCH', 'pts', 'FROMLONLAT', lon!, lat!, 'BYBOX', r, String(Number(r) * 2), 'km', 'WITHDIST', 'ASC');
        await d.same('GEOSEARCH', 'pts', 'FROMLONLAT', lon!, lat!, 'BYBOX', r, r, 'km');
      }
    }
    await d.same('GEORADIUSBYMEMBER', 'pts', 'dupA', '0', 'm');
    await d.same('GEORADIUSBYMEMBER', 'pts', 'dupA', '1', 'm', 'ASC');
    await d.same('GEORADIUSBYMEMBER', 'pts', 'c5', '100', 'km', 'WITHDIST', 'COUNT', '50');
    await d.same('GEODIST', 'pts', 'p1', 'p2', 'km');
    for (let i = 0; i < 50; i++) await d.same('GEODIST', 'pts', `p${i}`, `c${i}`);
    await d.same('GEOHASH', 'pts', ...Array.from({ length: 100 }, (_, i) => `p${i}`));
    await d.same('GEOPOS', 'pts', ...Array.from({ length: 100 }, (_, i) => `c${i}`));
  });

  it('COUNT partial sort keeps Redis\'s order of equal distances (pqsort)', async () => {
    const args: string[] = [];
    for (let i = 1; i <= 40; i++) args.push('2.35', '48.85', `m${i}`);
    for (let i = 1; i <= 20; i++) args.push('2.36', '48.86', `n${i}`);
    for (let i = 1; i <= 30; i++) args.push((2.35 + Math.floor(rnd() * 4) / 100).toFixed(2), '48.85', `r${i}`);
    await d.same('GEOADD', 't', ...args);
    for (const n of ['1', '2', '3', '5', '6', '7', '8', '13', '40', '41', '45', '50', '59', '60', '89', '90', '100']) {
      await d.same('GEORADIUS', 't', '2.35', '48.85', '10', 'km', 'COUNT', n);
      await d.same('GEORADIUS', 't', '2.35', '48.85', '10', 'km', 'COUNT', n, 'DESC');
      await d.same('GEOSEARCH', 't', 'FROMMEMBER', 'r3', 'BYBOX', '20', '20', 'km', 'COUNT', n, 'WITHDIST');
    }
  });

  it('RESP3 replies', async () => {
    await d.same('HELLO', '3').catch(() => undefined);
    await d.reconnect();
    await d.both('HELLO', '3');
    await sicily();
    await d.same('GEOPOS', 'Sicily', 'Palermo', 'nope');
    await d.same('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH');
    await d.same('GEODIST', 'Sicily', 'Palermo', 'nope');
    await d.same('GEOHASH', 'Sicily', 'nope');
    await d.reconnect();
  });

  it('COMMAND INFO and GETKEYS', async () => {
    for (const c of ['geoadd', 'geopos', 'geodist', 'geohash', 'georadius', 'georadius_ro', 'georadiusbymember',
      'georadiusbymember_ro', 'geosearch', 'geosearchstore']) {
      const [ours, theirs] = await d.both('COMMAND', 'INFO', c);
      const po = parseReply(ours) as unknown[][];
      const pt = parseReply(theirs) as unknown[][];
      expect(po[0]!.slice(0, 8), c).toEqual(pt[0]!.slice(0, 8));
    }
    await d.same('COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '1', '1', 'km', 'STORE', 'a', 'STOREDIST', 'b');
    await d.same('COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'k', 'm', '1', 'km', 'STORE', 'a');
    await d.same('COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '1', '1', 'km', 'store', 'a', 'STORE', 'b');
    await d.same('COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '1', '1', 'km', 'COUNT', 'store');
    await d.same('COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'k', 'store', '1', 'km', 'storedist', 'x', 'store', 'y');
    await d.same('COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km');
  });
});
