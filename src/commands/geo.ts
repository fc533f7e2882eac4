/**
 * commands/geo.ts — the geo commands (https://redis.io/commands/?group=geo; geo.c): GEOADD
 * GEOPOS GEODIST GEOHASH GEORADIUS GEORADIUSBYMEMBER (and _RO) GEOSEARCH GEOSEARCHSTORE.
 *
 * A geo set is a sorted set (ds/zset.ts) whose scores are 52-bit interleaved geohashes
 * (ds/geohash.ts). GEOADD rewrites itself into ZADD and runs the ZADD handler, as Redis does
 * (so flags, events and errors are ZADD's). Searches scan the same nine neighbour boxes as
 * Redis, in the same order, so results, their order and COUNT ANY cut-offs match.
 *
 * Must not import protocol/ or server internals beyond the command context.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { NotifyFlags } from '../db/notify';
import { lookupTyped } from '../db/database';
import { SortedSet } from '../ds/zset';
import { eq } from './args';
import { parseDouble, parseInt64 } from '../util/numbers';
import { zsetMaxEntries, zsetMaxValue } from './zset';
import {
  CIRCULAR_TYPE,
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  RECTANGLE_TYPE,
  boxScoreRange,
  decodeScore,
  distanceIfInShape,
  formatDistance,
  formatHumanLongDouble,
  formatPrintfF,
  geoScore,
  geohashGetDistance,
  hashToDecimal,
  scoreToInt,
  searchBoxes,
  standardGeohash,
  type GeoShape,
} from '../ds/geohash';

// ---------------------------------------------------------------------------------------------
// Argument helpers
// ---------------------------------------------------------------------------------------------

/** getDoubleFromObjectOrReply with an optional custom message. */
function argDoubleMsg(s: string, msg: string = E.notFloat): number {
  const v = parseDouble(s);
  if (v === null) throw new ReplyError(msg);
  return v;
}

/** extractLongLatOrReply: argv[i] longitude, argv[i+1] latitude, validated against Redis's limits. */
function extractLongLat(argv: readonly string[], i: number, xy: number[]): void {
  const lon = argDoubleMsg(argv[i]!);
  const lat = argDoubleMsg(argv[i + 1]!);
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    throw new ReplyError(E.geoInvalidLonLat(formatPrintfF(lon), formatPrintfF(lat)));
  }
  xy[0] = lon;
  xy[1] = lat;
}

/** extractUnitOrReply: meters per unit. */
function extractUnit(u: string): number {
  if (eq(u, 'm')) return 1;
  if (eq(u, 'km')) return 1000;
  if (eq(u, 'ft')) return 0.3048;
  if (eq(u, 'mi')) return 1609.34;
  throw new ReplyError(E.geoUnit);
}

function lookupGeoRead(c: CommandContext, key: string): SortedSet | undefined {
  return lookupTyped<SortedSet>(c.db, key, 'zset', true);
}

/** longLatFromMember: the decoded position of member, or false when absent. */
function memberPos(zs: SortedSet, member: string, xy: number[]): boolean {
  const score = zs.score(member);
  if (score === undefined) return false;
  decodeScore(score, xy);
  return true;
}

// ---------------------------------------------------------------------------------------------
// GEOADD
// ---------------------------------------------------------------------------------------------

/**
 * GEOADD key [NX|XX] [CH] longitude latitude member [...]: validated here, then executed as
 * ZADD key [options] score member … (argv rewritten, as Redis's replaceClientCommandVector).
 */
function geoaddCommand(c: CommandContext): void {
  const argv = c.argv;
  let xx = false;
  let nx = false;
  let longidx = 2;
  while (longidx < argv.length) {
    const opt = argv[longidx]!;
    if (eq(opt, 'nx')) nx = true;
    else if (eq(opt, 'xx')) xx = true;
    else if (!eq(opt, 'ch')) break;
    longidx++;
  }
  if ((argv.length - longidx) % 3 !== 0 || (xx && nx)) throw new ReplyError(E.syntax);
  const elements = (argv.length - longidx) / 3;
  const zargv: string[] = new Array<string>(longidx + elements * 2);
  zargv[0] = 'zadd';
  for (let i = 1; i < longidx; i++) zargv[i] = argv[i]!;
  const xy = [0, 0];
  for (let i = 0; i < elements; i++) {
    extractLongLat(argv, longidx + i * 3, xy);
    const h = geoScore(xy[0]!, xy[1]!)!;
    zargv[longidx + i * 2] = hashToDecimal(h);
    zargv[longidx + i * 2 + 1] = argv[longidx + i * 3 + 2]!;
  }
  c.argv = zargv;
  const zadd = c.server.registry.lookup('zadd');
  try {
    zadd!.spec.handler!(c);
  } finally {
    // SLOWLOG and MONITOR show the command as sent (c->original_argv in Redis).
    c.argv = argv;
  }
}

// ---------------------------------------------------------------------------------------------
// GEOPOS / GEODIST / GEOHASH
// ---------------------------------------------------------------------------------------------

/** GEOPOS key member…: [lon, lat] per member (human long double text), null array when absent. */
function geoposCommand(c: CommandContext): void {
  const argv = c.argv;
  const zs = lookupGeoRead(c, argv[1]!);
  const r = c.reply;
  r.array(argv.length - 2);
  const xy = [0, 0];
  for (let j = 2; j < argv.length; j++) {
    if (zs === undefined || !memberPos(zs, argv[j]!, xy)) {
      r.nullArray();
      continue;
    }
    r.array(2);
    r.doubleText(formatHumanLongDouble(xy[0]!));
    r.doubleText(formatHumanLongDouble(xy[1]!));
  }
}

/** GEODIST key m1 m2 [unit]: the distance with 4 decimals, or null when a member is missing. */
function geodistCommand(c: CommandContext): void {
  const argv = c.argv;
  let toMeter = 1;
  if (argv.length === 5) toMeter = extractUnit(argv[4]!);
  else if (argv.length > 5) throw new ReplyError(E.syntax);
  const zs = lookupGeoRead(c, argv[1]!);
  if (zs === undefined) {
    c.reply.nil();
    return;
  }
  const a = [0, 0];
  const b = [0, 0];
  if (!memberPos(zs, argv[2]!, a) || !memberPos(zs, argv[3]!, b)) {
    c.reply.nil();
    return;
  }
  c.reply.bulk(formatDistance(geohashGetDistance(a[0]!, a[1]!, b[0]!, b[1]!) / toMeter));
}

/** GEOHASH key member…: the 11-character standard geohash per member, null when absent. */
function geohashCommand(c: CommandContext): void {
  const argv = c.argv;
  const zs = lookupGeoRead(c, argv[1]!);
  c.reply.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = zs?.score(argv[j]!);
    if (score === undefined) c.reply.nil();
    else c.reply.bulk(standardGeohash(score));
  }
}

// ---------------------------------------------------------------------------------------------
// GEORADIUS / GEOSEARCH
// ---------------------------------------------------------------------------------------------

const RADIUS_COORDS = 1 << 0;
const RADIUS_MEMBER = 1 << 1;
const RADIUS_NOSTORE = 1 << 2;
const GEOSEARCH = 1 << 3;
const GEOSEARCHSTORE = 1 << 4;

const SORT_NONE = 0;
const SORT_ASC = 1;
const SORT_DESC = 2;

/** The matches of a search, column-wise (no object per candidate on the hot path). */
class GeoMatches {
  readonly member: string[] = [];
  readonly lon: number[] = [];
  readonly lat: number[] = [];
  readonly dist: number[] = [];
  readonly score: number[] = [];
  get length(): number {
    return this.member.length;
  }
}

/**
 * geoGetPointsInRange over every box of the search, in Redis's order, skipping a box equal to
 * the previous one processed, and stopping early at `limit` results (COUNT … ANY).
 */
function collectPoints(zs: SortedSet, shape: GeoShape, limit: number): GeoMatches {
  const out = new GeoMatches();
  const boxes = searchBoxes(shape);
  let last = 0;
  const xy = [0, 0];
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    if (b.step === 0 && b.bits === 0n) continue;
    if (last !== 0 && b.bits === boxes[last]!.bits && b.step === boxes[last]!.step) continue;
    if (out.length !== 0 && limit !== 0 && out.length >= limit) break;
    const [min, max] = boxScoreRange(b);
    for (let n = zs.firstInRange({ min, max, minex: false, maxex: true }); n !== null; n = n.forward) {
      const score = n.score;
      if (score >= max) break;
      decodeScore(score, xy);
      const d = distanceIfInShape(shape, xy[0]!, xy[1]!);
      if (d >= 0) {
        out.member.push(n.ele);
        out.lon.push(xy[0]!);
        out.lat.push(xy[1]!);
        out.dist.push(d);
        out.score.push(score);
      }
      if (limit !== 0 && out.length >= limit) break;
    }
    last = i;
  }
  return out;
}

/**
 * Partial quicksort (Redis's pqsort.c, from NetBSD's qsort: Bentley-McIlroy three-way
 * partitioning, median-of-3 / ninther pivots, insertion sort below 7 elements), sorting only
 * the partitions that overlap [lrange, rrange]. Reimplemented on array indexes so that the
 * resulting order, including among equal keys, is the one Redis produces.
 */
function pqsort<T>(a: T[], cmp: (x: T, y: T) => number, lrange: number, rrange: number): void {
  const swap = (i: number, j: number): void => {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  };
  const vecswap = (i: number, j: number, n: number): void => {
    for (let k = 0; k < n; k++) swap(i + k, j + k);
  };
  const med3 = (x: number, y: number, z: number): number =>
    cmp(a[x]!, a[y]!) < 0
      ? cmp(a[y]!, a[z]!) < 0
        ? y
        : cmp(a[x]!, a[z]!) < 0
          ? z
          : x
      : cmp(a[y]!, a[z]!) > 0
        ? y
        : cmp(a[x]!, a[z]!) < 0
          ? x
          : z;
  const outside = (s: number, k: number): boolean =>
    (lrange < s && rrange < s) || (lrange >= s + k && rrange >= s + k);
  const sortPart = (base: number, n: number): void => {
    for (;;) {
      if (n < 7) {
        for (let pm = base + 1; pm < base + n; pm++) {
          for (let pl = pm; pl > base && cmp(a[pl - 1]!, a[pl]!) > 0; pl--) swap(pl, pl - 1);
        }
        return;
      }
      let pm = base + Math.floor(n / 2);
      if (n > 7) {
        let pl = base;
        let pn = base + n - 1;
        if (n > 40) {
          const d = Math.floor(n / 8);
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(base, pm);
      let pa = base + 1;
      let pb = pa;
      let pc = base + n - 1;
      let pd = pc;
      for (;;) {
        let r: number;
        while (pb <= pc && (r = cmp(a[pb]!, a[base]!)) <= 0) {
          if (r === 0) swap(pa++, pb);
          pb++;
        }
        while (pb <= pc && (r = cmp(a[pc]!, a[base]!)) >= 0) {
          if (r === 0) swap(pc, pd--);
          pc--;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
      }
      const pn = base + n;
      let r = Math.min(pa - base, pb - pa);
      vecswap(base, pb - r, r);
      r = Math.min(pd - pc, pn - pd - 1);
      vecswap(pb, pn - r, r);
      r = pb - pa;
      if (r > 1 && !outside(base, r)) sortPart(base, r);
      r = pd - pc;
      if (r > 1) {
        base = pn - r;
        n = r;
        if (!outside(base, n)) continue;
      }
      return;
    }
  };
  sortPart(0, a.length);
}

/**
 * georadiusGeneric: the shared body of GEORADIUS[_RO], GEORADIUSBYMEMBER[_RO], GEOSEARCH and
 * GEOSEARCHSTORE. Argument errors are reported in Redis's order (the source key is looked up
 * first; a missing member or bad unit fails before the options are parsed).
 */
function georadiusGeneric(c: CommandContext, srcKeyIndex: number, flags: number): void {
  const argv = c.argv;
  let storekey: string | null = null;
  let storedist = false;
  const zs = lookupGeoRead(c, argv[srcKeyIndex]!);
  const shape: GeoShape = { type: 0, xy: [0, 0], conversion: 0, radius: 0, width: 0, height: 0 };
  let baseArgs: number;
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    shape.type = CIRCULAR_TYPE;
    extractLongLat(argv, 2, shape.xy);
    extractDistance(argv, baseArgs - 2, shape);
  } else if (flags & RADIUS_MEMBER && zs === undefined) {
    baseArgs = 5;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    shape.type = CIRCULAR_TYPE;
    if (!memberPos(zs!, argv[2]!, shape.xy)) throw new ReplyError(E.geoMemberDecode);
    extractDistance(argv, baseArgs - 2, shape);
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) {
      baseArgs = 3;
      storekey = argv[1]!;
    }
  }

  let withdist = false;
  let withhash = false;
  let withcoords = false;
  let frommember = false;
  let fromloc = false;
  let byradius = false;
  let bybox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[baseArgs + i]!;
    if (eq(arg, 'withdist')) withdist = true;
    else if (eq(arg, 'withhash')) withhash = true;
    else if (eq(arg, 'withcoord')) withcoords = true;
    else if (eq(arg, 'any')) any = true;
    else if (eq(arg, 'asc')) sort = SORT_ASC;
    else if (eq(arg, 'desc')) sort = SORT_DESC;
    else if (eq(arg, 'count') && i + 1 < remaining) {
      const v = parseInt64(argv[baseArgs + i + 1]!);
      if (v === null) throw new ReplyError(E.notInteger);
      if (v <= 0) throw new ReplyError(E.geoCountPositive);
      count = v;
      i++;
    } else if (eq(arg, 'store') && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[baseArgs + i + 1]!;
      storedist = false;
      i++;
    } else if (eq(arg, 'storedist') && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[baseArgs + i + 1]!;
      storedist = true;
      i++;
    } else if (eq(arg, 'storedist') && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storedist = true;
    } else if (eq(arg, 'frommember') && i + 1 < remaining && flags & GEOSEARCH && !fromloc) {
      if (zs !== undefined && !memberPos(zs, argv[baseArgs + i + 1]!, shape.xy)) {
        throw new ReplyError(E.geoMemberDecode);
      }
      frommember = true;
      i++;
    } else if (eq(arg, 'fromlonlat') && i + 2 < remaining && flags & GEOSEARCH && !frommember) {
      extractLongLat(argv, baseArgs + i + 1, shape.xy);
      fromloc = true;
      i += 2;
    } else if (eq(arg, 'byradius') && i + 2 < remaining && flags & GEOSEARCH && !bybox) {
      extractDistance(argv, baseArgs + i + 1, shape);
      shape.type = CIRCULAR_TYPE;
      byradius = true;
      i += 2;
    } else if (eq(arg, 'bybox') && i + 3 < remaining && flags & GEOSEARCH && !byradius) {
      extractBox(argv, baseArgs + i + 1, shape);
      shape.type = RECTANGLE_TYPE;
      bybox = true;
      i += 3;
    } else {
      throw new ReplyError(E.syntax);
    }
  }

  if (storekey !== null && (withdist || withhash || withcoords)) {
    throw new ReplyError(E.geoStoreWith(flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'));
  }
  if (flags & GEOSEARCH && !(frommember || fromloc)) throw new ReplyError(E.geoFromOne(argv[0]!));
  if (flags & GEOSEARCH && !(byradius || bybox)) throw new ReplyError(E.geoByOne(argv[0]!));
  if (any && count === 0) throw new ReplyError(E.geoAnyNeedsCount);

  const db = c.db;
  if (zs === undefined) {
    if (storekey !== null) {
      if (db.deleteKey(storekey)) {
        c.server.signalModifiedKey(db, storekey);
        c.server.notify(NotifyFlags.Generic, 'del', storekey, db.id);
        c.server.dirty++;
      }
      c.reply.int(0);
    } else {
      c.reply.array(0);
    }
    return;
  }

  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;
  const points = collectPoints(zs, shape, any ? count : 0);
  if (points.length === 0 && storekey === null) {
    c.reply.array(0);
    return;
  }
  const resultLength = points.length;
  const returned = count === 0 || resultLength < count ? resultLength : count;
  // A full sort is glibc's qsort, a stable merge sort (Array.prototype.sort is stable too). With
  // COUNT Redis partially sorts with pqsort, whose order of equal distances we reproduce.
  // order[k] is the index in `points` of the k-th result.
  const order: number[] = new Array<number>(resultLength);
  for (let i = 0; i < resultLength; i++) order[i] = i;
  if (sort !== SORT_NONE) {
    const dist = points.dist;
    const asc = (a: number, b: number): number => (dist[a]! > dist[b]! ? 1 : dist[a] === dist[b] ? 0 : -1);
    const cmp = sort === SORT_ASC ? asc : (a: number, b: number): number => -asc(a, b);
    if (returned === resultLength) order.sort(cmp);
    else pqsort(order, cmp, 0, returned - 1);
  }

  if (storekey === null) {
    const optionLength = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
    const r = c.reply;
    r.array(returned);
    for (let i = 0; i < returned; i++) {
      const k = order[i]!;
      if (optionLength) r.array(optionLength + 1);
      r.bulk(points.member[k]!);
      if (withdist) r.bulk(formatDistance(points.dist[k]! / shape.conversion));
      if (withhash) r.int(scoreToInt(points.score[k]!));
      if (withcoords) {
        r.array(2);
        r.doubleText(formatHumanLongDouble(points.lon[k]!));
        r.doubleText(formatHumanLongDouble(points.lat[k]!));
      }
    }
    return;
  }

  if (returned > 0) {
    let maxelelen = 0;
    for (let i = 0; i < returned; i++) {
      const l = points.member[order[i]!]!.length;
      if (l > maxelelen) maxelelen = l;
    }
    const listpack = returned <= zsetMaxEntries(c) && maxelelen <= zsetMaxValue(c);
    const out = new SortedSet(listpack);
    for (let i = 0; i < returned; i++) {
      const k = order[i]!;
      out.insertNew(storedist ? points.dist[k]! / shape.conversion : points.score[k]!, points.member[k]!);
    }
    // setKey: replaces any value and its TTL, signals the key.
    if (db.expires.size !== 0) db.lookupWrite(storekey);
    db.setKey(storekey, out);
    c.server.signalModifiedKey(db, storekey);
    c.server.notify(NotifyFlags.Zset, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore', storekey, db.id);
    c.server.dirty += returned;
  } else if (db.deleteKey(storekey)) {
    c.server.signalModifiedKey(db, storekey);
    c.server.notify(NotifyFlags.Generic, 'del', storekey, db.id);
    c.server.dirty++;
  }
  c.reply.int(returned);
}

/** extractDistanceOrReply: radius and unit at argv[i], argv[i+1]. */
function extractDistance(argv: readonly string[], i: number, shape: GeoShape): void {
  const d = argDoubleMsg(argv[i]!, E.geoNeedRadius);
  if (d < 0) throw new ReplyError(E.geoRadiusNegative);
  shape.radius = d;
  shape.conversion = extractUnit(argv[i + 1]!);
}

/** extractBoxOrReply: width, height and unit at argv[i..i+2]. */
function extractBox(argv: readonly string[], i: number, shape: GeoShape): void {
  const w = argDoubleMsg(argv[i]!, E.geoNeedWidth);
  const h = argDoubleMsg(argv[i + 1]!, E.geoNeedHeight);
  if (h < 0 || w < 0) throw new ReplyError(E.geoBoxNegative);
  shape.height = h;
  shape.width = w;
  shape.conversion = extractUnit(argv[i + 2]!);
}

function georadiusCommand(c: CommandContext): void {
  georadiusGeneric(c, 1, RADIUS_COORDS);
}
function georadiusbymemberCommand(c: CommandContext): void {
  georadiusGeneric(c, 1, RADIUS_MEMBER);
}
function georadiusroCommand(c: CommandContext): void {
  georadiusGeneric(c, 1, RADIUS_COORDS | RADIUS_NOSTORE);
}
function georadiusbymemberroCommand(c: CommandContext): void {
  georadiusGeneric(c, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
}
function geosearchCommand(c: CommandContext): void {
  georadiusGeneric(c, 1, GEOSEARCH);
}
function geosearchstoreCommand(c: CommandContext): void {
  georadiusGeneric(c, 2, GEOSEARCH | GEOSEARCHSTORE);
}

/**
 * The keys COMMAND GETKEYS reports (key specs): the source key, then the key after the first
 * STORE and after the first STOREDIST searched from `startfrom` (never the last argument).
 */
function radiusKeysFrom(startfrom: number): (argv: readonly string[]) => number[] {
  return (argv) => {
    const keys = [1];
    for (const kw of ['store', 'storedist']) {
      for (let i = startfrom; i < argv.length - 1; i++) {
        if (eq(argv[i]!, kw)) {
          keys.push(i + 1);
          break;
        }
      }
    }
    return keys;
  };
}
const georadiusKeys = radiusKeysFrom(6);
const georadiusbymemberKeys = radiusKeysFrom(5);

const G = { group: 'geo', acl: ['geo'] } as const;
const RO_ACCESS = (): readonly string[] => ['RO', 'access'];
const radiusKeyFlags = (_argv: readonly string[], _pos: number, index: number): readonly string[] =>
  index === 0 ? ['RO', 'access'] : ['OW', 'update'];

export const geoCommands: readonly CommandSpec[] = [
  {
    name: 'geoadd', arity: -5, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.0', summary: 'Add one or more geospatial items in the geospatial index represented using a sorted set',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    keyFlags: () => ['RW', 'update'],
    handler: geoaddCommand,
  },
  {
    name: 'geopos', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.0', summary: 'Returns longitude and latitude of members of a geospatial index',
    complexity: 'O(N) where N is the number of members requested.',
    keyFlags: RO_ACCESS, handler: geoposCommand,
  },
  {
    name: 'geodist', arity: -4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.0', summary: 'Returns the distance between two members of a geospatial index',
    complexity: 'O(log(N))', keyFlags: RO_ACCESS, handler: geodistCommand,
  },
  {
    name: 'geohash', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.0', summary: 'Returns members of a geospatial index as standard geohash strings',
    complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    keyFlags: RO_ACCESS, handler: geohashCommand,
  },
  {
    name: 'georadius', arity: -6, flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.0', summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
    keys: georadiusKeys, keyFlags: radiusKeyFlags, handler: georadiusCommand,
  },
  {
    name: 'georadius_ro', arity: -6, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.10', summary: 'A read-only variant for GEORADIUS',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
    keyFlags: RO_ACCESS, handler: georadiusroCommand,
  },
  {
    name: 'georadiusbymember', arity: -5, flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.0', summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
    keys: georadiusbymemberKeys, keyFlags: radiusKeyFlags, handler: georadiusbymemberCommand,
  },
  {
    name: 'georadiusbymember_ro', arity: -5, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '3.2.10', summary: 'A read-only variant for GEORADIUSBYMEMBER',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
    keyFlags: RO_ACCESS, handler: georadiusbymemberroCommand,
  },
  {
    name: 'geosearch', arity: -7, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...G,
    since: '6.2.0', summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
    complexity: 'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape',
    keyFlags: RO_ACCESS, handler: geosearchCommand,
  },
  {
    name: 'geosearchstore', arity: -8, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1, ...G,
    since: '6.2.0', summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
    complexity: 'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape',
    keyFlags: (_argv, _pos, index) => (index === 0 ? ['OW', 'update'] : ['RO', 'access']),
    handler: geosearchstoreCommand,
  },
];
