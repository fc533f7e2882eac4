/**
 * ds/geohash.ts — the geohash math behind the geo commands (geohash.c, geohash_helper.c), with
 * the same floating-point steps as Redis so that scores, positions, distances and the set of
 * boxes searched come out identical.
 *
 * A position is stored as the sorted-set score of its 52-bit interleaved geohash (26 steps of
 * longitude in [-180, 180] and latitude in [-85.05112878, 85.05112878]; latitude bits at even
 * positions, longitude bits at odd ones). Hot paths (GEOADD encoding, decoding every candidate
 * of a search) work on 32-bit halves; the few neighbour-box computations per search use bigint.
 *
 * Pure math: imports nothing from the server.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
/** Earth's quadratic mean radius for WGS-84, as Redis uses it. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;
const TWO32 = 4294967296;

function degRad(ang: number): number {
  return ang * D_R;
}
function radDeg(ang: number): number {
  return ang / D_R;
}

/** Spreads the low 16 bits of x to the even bit positions of a 32-bit word. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** Gathers the even bits of a 32-bit word into 16 bits. */
function squash32(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** A geohash: `hi:lo` are the two 32-bit halves of the interleaved bits. */
export interface HashBits {
  hi: number;
  lo: number;
  step: number;
}

/** C's (uint32_t) conversion of a non-negative double below 2^32. */
function toU32(d: number): number {
  return Math.trunc(d) >>> 0;
}

/**
 * geohashEncode: the hash of (longitude, latitude) in the given ranges with `step` bits per
 * coordinate, or null when outside the Redis limits or the ranges.
 */
export function geohashEncode(
  longMin: number,
  longMax: number,
  latMin: number,
  latMax: number,
  longitude: number,
  latitude: number,
  step: number,
): HashBits | null {
  if (step > 32 || step === 0) return null;
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) return null;
  if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) return null;
  let latOffset = (latitude - latMin) / (latMax - latMin);
  let longOffset = (longitude - longMin) / (longMax - longMin);
  const scale = Math.pow(2, step);
  latOffset *= scale;
  longOffset *= scale;
  const la = toU32(latOffset);
  const lo = toU32(longOffset);
  return {
    lo: (spread16(la) | (spread16(lo) << 1)) >>> 0,
    hi: (spread16(la >>> 16) | (spread16(lo >>> 16) << 1)) >>> 0,
    step,
  };
}

/** geohashEncodeWGS84 with the Redis coordinate ranges. */
export function geohashEncodeWGS84(longitude: number, latitude: number, step: number): HashBits | null {
  return geohashEncode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, longitude, latitude, step);
}

/** The bits of a hash as a JS number (one rounding when above 2^53, as Redis's score parse). */
export function hashToNumber(h: HashBits): number {
  return h.hi * TWO32 + h.lo;
}

/** The exact integer of a hash, as decimal text (GEOADD's ZADD score argument). */
export function hashToDecimal(h: HashBits): string {
  const n = h.hi * TWO32 + h.lo;
  if (n <= Number.MAX_SAFE_INTEGER) return String(n);
  return ((BigInt(h.hi) << 32n) | BigInt(h.lo)).toString();
}

/** geohashAlign52Bits of a full-precision (step 26) hash: the sorted-set score. */
export function geoScore(longitude: number, latitude: number): HashBits | null {
  return geohashEncodeWGS84(longitude, latitude, GEO_STEP_MAX);
}

/** An area decoded from a hash. */
export interface Area {
  lonMin: number;
  lonMax: number;
  latMin: number;
  latMax: number;
}

/** geohashDecode in the Redis coordinate ranges. */
function decodeArea(hi: number, lo: number, step: number, out: Area): void {
  const ilato = (squash32(lo) | (squash32(hi) << 16)) >>> 0;
  const ilono = (squash32(lo >>> 1) | (squash32(hi >>> 1) << 16)) >>> 0;
  const latScale = GEO_LAT_MAX - GEO_LAT_MIN;
  const longScale = GEO_LONG_MAX - GEO_LONG_MIN;
  const div = Math.pow(2, step);
  out.latMin = GEO_LAT_MIN + (ilato / div) * latScale;
  out.latMax = GEO_LAT_MIN + (((ilato + 1) >>> 0) / div) * latScale;
  out.lonMin = GEO_LONG_MIN + (ilono / div) * longScale;
  out.lonMax = GEO_LONG_MIN + (((ilono + 1) >>> 0) / div) * longScale;
}

/** 2^GEO_STEP_MAX: the number of cells per coordinate in a score. */
const CELLS = 67108864;
const LAT_SCALE = GEO_LAT_MAX - GEO_LAT_MIN;
const LONG_SCALE = GEO_LONG_MAX - GEO_LONG_MIN;

/**
 * decodeGeohash: the (longitude, latitude) of a sorted-set score, into xy. The score goes
 * through C's (uint64_t) conversion first, so odd scores decode like they do in Redis.
 */
export function decodeScore(score: number, xy: number[]): void {
  let hi: number;
  let lo: number;
  if (score >= 0 && score < 18446744073709551616) {
    const t = Math.trunc(score);
    hi = Math.floor(t / TWO32);
    lo = t - hi * TWO32;
  } else {
    const u = scoreToU64(score);
    hi = Number(u >> 32n);
    lo = Number(u & 0xffffffffn);
  }
  // decodeArea at GEO_STEP_MAX, inlined (GEOSEARCH decodes every score of its boxes): the same
  // operations in the same order, so the same doubles.
  const ilato = (squash32(lo) | (squash32(hi) << 16)) >>> 0;
  const ilono = (squash32(lo >>> 1) | (squash32(hi >>> 1) << 16)) >>> 0;
  const latMin = GEO_LAT_MIN + (ilato / CELLS) * LAT_SCALE;
  const latMax = GEO_LAT_MIN + (((ilato + 1) >>> 0) / CELLS) * LAT_SCALE;
  const lonMin = GEO_LONG_MIN + (ilono / CELLS) * LONG_SCALE;
  const lonMax = GEO_LONG_MIN + (((ilono + 1) >>> 0) / CELLS) * LONG_SCALE;
  let x = (lonMin + lonMax) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (latMin + latMax) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  xy[0] = x;
  xy[1] = y;
}

/** x86-64's double → uint64 conversion for scores outside [0, 2^64). */
export function scoreToU64(score: number): bigint {
  if (score >= 0 && score < 18446744073709551616) return BigInt(Math.trunc(score));
  if (Number.isNaN(score) || score <= -9223372036854775808) return 0x8000000000000000n;
  if (score >= 18446744073709551616) return 0n; // (indefinite of x-2^63) ^ 2^63
  return BigInt.asUintN(64, BigInt(Math.trunc(score)));
}

/** The score as the integer GEORADIUS WITHHASH prints ((long long) of the double). */
export function scoreToInt(score: number): bigint | number {
  if (Number.isSafeInteger(score)) return score;
  if (score >= -9223372036854775808 && score < 9223372036854775808) return BigInt(Math.trunc(score));
  return -9223372036854775808n;
}

/**
 * The 11-character standard geohash of a score (GEOHASH): decoded, re-encoded with the
 * standard [-180,180] x [-90,90] ranges on 26 steps, the last character always '0'.
 */
const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
export function standardGeohash(score: number): string {
  const xy = [0, 0];
  decodeScore(score, xy);
  const h = geohashEncode(-180, 180, -90, 90, xy[0]!, xy[1]!, 26);
  const bits = h === null ? 0n : (BigInt(h.hi) << 32n) | BigInt(h.lo);
  let out = '';
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
    out += GEOALPHABET[idx];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Distances
// ---------------------------------------------------------------------------------------------

export function geohashGetLatDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** Haversine distance in meters (geohashGetDistance). */
export function geohashGetDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return geohashGetLatDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

// ---------------------------------------------------------------------------------------------
// Search areas
// ---------------------------------------------------------------------------------------------

export const CIRCULAR_TYPE = 1;
export const RECTANGLE_TYPE = 2;

/** GeoShape: the search centre, its kind and size (in `conversion` units), and its bounds. */
export interface GeoShape {
  type: number;
  xy: number[];
  conversion: number;
  radius: number;
  width: number;
  height: number;
}

/**
 * geoWithinShape's distance test: the distance in meters from the centre when the point
 * (x2, y2) is inside the shape, else -1.
 */
export function distanceIfInShape(shape: GeoShape, x2: number, y2: number): number {
  const x1 = shape.xy[0]!;
  const y1 = shape.xy[1]!;
  if (shape.type === CIRCULAR_TYPE) {
    const d = geohashGetDistance(x1, y1, x2, y2);
    return d > shape.radius * shape.conversion ? -1 : d;
  }
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  // Latitude distance first: it is cheaper.
  if (geohashGetLatDistance(y2, y1) > heightM / 2) return -1;
  if (geohashGetDistance(x2, y2, x1, y2) > widthM / 2) return -1;
  return geohashGetDistance(x1, y1, x2, y2);
}

export function geohashEstimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat] around the shape. */
function boundingBox(shape: GeoShape): number[] {
  const longitude = shape.xy[0]!;
  const latitude = shape.xy[1]!;
  const circ = shape.type === CIRCULAR_TYPE;
  const height = shape.conversion * (circ ? shape.radius : shape.height / 2);
  const width = shape.conversion * (circ ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  const south = latitude < 0;
  return [
    south ? longitude - longDeltaBottom : longitude - longDeltaTop,
    latitude - latDelta,
    south ? longitude + longDeltaBottom : longitude + longDeltaTop,
    latitude + latDelta,
  ];
}

/** A search box: bigint bits (step*2 of them) and step; step 0 means "skip". */
export interface Box {
  bits: bigint;
  step: number;
}

const M55 = 0x5555555555555555n;
const MAA = 0xaaaaaaaaaaaaaaaan;
const U64 = 0xffffffffffffffffn;

function moveX(h: Box, d: number): void {
  if (d === 0) return;
  let x = h.bits & MAA;
  const y = h.bits & M55;
  const zz = M55 >> BigInt(64 - h.step * 2);
  if (d > 0) x = (x + (zz + 1n)) & U64;
  else {
    x = x | zz;
    x = (x - (zz + 1n)) & U64;
  }
  x &= MAA >> BigInt(64 - h.step * 2);
  h.bits = x | y;
}

function moveY(h: Box, d: number): void {
  if (d === 0) return;
  const x = h.bits & MAA;
  let y = h.bits & M55;
  const zz = MAA >> BigInt(64 - h.step * 2);
  if (d > 0) y = (y + (zz + 1n)) & U64;
  else {
    y = y | zz;
    y = (y - (zz + 1n)) & U64;
  }
  y &= M55 >> BigInt(64 - h.step * 2);
  h.bits = x | y;
}

function boxArea(b: Box): Area {
  const a: Area = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
  decodeArea(Number(b.bits >> 32n), Number(b.bits & 0xffffffffn), b.step, a);
  return a;
}

function encodeBox(lon: number, lat: number, step: number): Box {
  const h = geohashEncodeWGS84(lon, lat, step);
  if (h === null) return { bits: 0n, step };
  return { bits: (BigInt(h.hi) << 32n) | BigInt(h.lo), step };
}

/**
 * geohashCalculateAreasByShapeWGS84 + membersOfAllNeighbors' order: the boxes to scan, as
 * [centre, N, S, E, W, NE, NW, SE, SW]; boxes Redis excludes have step 0.
 */
export function searchBoxes(shape: GeoShape): Box[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape) as [number, number, number, number];
  const longitude = shape.xy[0]!;
  const latitude = shape.xy[1]!;
  let radiusMeters =
    shape.type === CIRCULAR_TYPE
      ? shape.radius
      : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
  radiusMeters *= shape.conversion;
  let steps = geohashEstimateStepsByRadius(radiusMeters, latitude);

  const build = (): Box[] => {
    const c = encodeBox(longitude, latitude, steps);
    const mk = (dx: number, dy: number): Box => {
      const b = { bits: c.bits, step: c.step };
      moveX(b, dx);
      moveY(b, dy);
      return b;
    };
    // centre, north, south, east, west, NE, NW, SE, SW
    return [c, mk(0, 1), mk(0, -1), mk(1, 0), mk(-1, 0), mk(1, 1), mk(-1, 1), mk(1, -1), mk(-1, -1)];
  };
  let boxes = build();
  {
    const north = boxArea(boxes[1]!);
    const south = boxArea(boxes[2]!);
    const east = boxArea(boxes[3]!);
    const west = boxArea(boxes[4]!);
    const decrease = north.latMax < maxLat || south.latMin > minLat || east.lonMax < maxLon || west.lonMin > minLon;
    if (steps > 1 && decrease) {
      steps--;
      boxes = build();
    }
  }
  if (steps >= 2) {
    const area = boxArea(boxes[0]!);
    const zero = (i: number): void => {
      boxes[i] = { bits: 0n, step: 0 };
    };
    if (area.latMin < minLat) {
      zero(2);
      zero(8);
      zero(7);
    }
    if (area.latMax > maxLat) {
      zero(1);
      zero(5);
      zero(6);
    }
    if (area.lonMin < minLon) {
      zero(4);
      zero(8);
      zero(6);
    }
    if (area.lonMax > maxLon) {
      zero(3);
      zero(7);
      zero(5);
    }
  }
  return boxes;
}

/** scoresOfGeoHashBox: the [min, max) score range covering a box. */
export function boxScoreRange(b: Box): [number, number] {
  const shift = BigInt(52 - b.step * 2);
  return [Number(b.bits << shift), Number((b.bits + 1n) << shift)];
}

// ---------------------------------------------------------------------------------------------
// Reply formatting
// ---------------------------------------------------------------------------------------------

/** "%.17Lf" of a double with trailing zeros (and a bare '.') removed; "-0" → "0" (LD_STR_HUMAN). */
export function formatHumanLongDouble(d: number): string {
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : d < 0 ? '-inf' : 'nan';
  let s = Math.abs(d) < 1e21 ? d.toFixed(17) : BigInt(d).toString() + '.' + '0'.repeat(17);
  if (s.indexOf('.') >= 0) {
    let l = s.length;
    while (s.charCodeAt(l - 1) === 48) l--;
    if (s.charCodeAt(l - 1) === 46) l--;
    s = s.slice(0, l);
  }
  if (s === '-0') s = '0';
  return s;
}

/** llrint: round half to even. */
function llrint(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** fixedpoint_d2string(d, 4): distances as GEODIST / WITHDIST print them ("166.2742"). */
export function formatDistance(d: number): string {
  if (d === 0) return '0.0000';
  const sv = llrint(d * 10000);
  const neg = sv < 0;
  const digits = String(Math.abs(sv)).padStart(5, '0');
  return (neg ? '-' : '') + digits.slice(0, -4) + '.' + digits.slice(-4);
}

/** C's "%f" (6 decimals) as used in the invalid longitude,latitude error. */
export function formatPrintfF(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'nan' : d > 0 ? 'inf' : '-inf';
  if (Object.is(d, -0)) return '-0.000000';
  if (Math.abs(d) < 1e21) return d.toFixed(6);
  return (d < 0 ? '-' : '') + BigInt(Math.abs(d)).toString() + '.000000';
}
