/**
 * test/unit/ds/geohash.test.ts — ds/geohash.ts: interleaving against a bit-by-bit reference,
 * encode/decode round trips, the standard geohash alphabet, distance formula, search boxes and
 * Redis's number formats. Expected values were taken from redis-server 7.0.15.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CIRCULAR_TYPE,
  RECTANGLE_TYPE,
  decodeScore,
  formatDistance,
  formatHumanLongDouble,
  formatPrintfF,
  geoScore,
  geohashEncode,
  geohashEstimateStepsByRadius,
  geohashGetDistance,
  hashToDecimal,
  hashToNumber,
  scoreToU64,
  searchBoxes,
  standardGeohash,
  boxScoreRange,
} from '../../../src/ds/geohash';

/** Reference interleave: lat bit i → bit 2i, lon bit i → bit 2i+1. */
function refInterleave(lat: number, lon: number): bigint {
  let r = 0n;
  for (let i = 0; i < 32; i++) {
    if ((lat >>> i) & 1) r |= 1n << BigInt(2 * i);
    if ((lon >>> i) & 1) r |= 1n << BigInt(2 * i + 1);
  }
  return r;
}

describe('encoding', () => {
  it('interleaves like the bit-by-bit reference', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85.05112878, max: 85.05112878, noNaN: true }), (lon, lat) => {
        const h = geoScore(lon, lat)!;
        const latOff = Math.trunc(((lat + 85.05112878) / 170.10225756) * 2 ** 26);
        const lonOff = Math.trunc(((lon + 180) / 360) * 2 ** 26);
        expect((BigInt(h.hi) << 32n) | BigInt(h.lo)).toBe(refInterleave(latOff, lonOff));
      }),
    );
  });

  it('Palermo and Catania scores, positions and geohashes (as Redis prints them)', () => {
    const p = geoScore(13.361389, 38.115556)!;
    expect(hashToNumber(p)).toBe(3479099956230698);
    const c = geoScore(15.087269, 37.502669)!;
    expect(hashToDecimal(c)).toBe('3479447370796909');
    const xy = [0, 0];
    decodeScore(3479099956230698, xy);
    expect(formatHumanLongDouble(xy[0]!)).toBe('13.36138933897018433');
    expect(formatHumanLongDouble(xy[1]!)).toBe('38.11555639549629859');
    expect(standardGeohash(3479099956230698)).toBe('sqc8b49rny0');
    expect(standardGeohash(3479447370796909)).toBe('sqdtr74hyu0');
  });

  it('round trips stay within one cell', () => {
    // Up to (not at) the east edge: a longitude within an ulp or so of 180 fills the 26-bit cell
    // index, and Redis then decodes a latitude one whole cell off (GEOADD 179.99999999999997
    // 0.000353595058203382 gives GEOPOS 180 0.00035105888056819 in redis-server 7.0.15 too).
    fc.assert(
      fc.property(fc.double({ min: -180, max: 179.9999999, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true }), (lon, lat) => {
        const xy = [0, 0];
        decodeScore(hashToNumber(geoScore(lon, lat)!), xy);
        expect(Math.abs(xy[0]! - lon)).toBeLessThan(360 / 2 ** 26);
        expect(Math.abs(xy[1]! - lat)).toBeLessThan(170.2 / 2 ** 26);
      }),
    );
  });

  it('refuses positions outside the limits and ranges', () => {
    expect(geoScore(180.1, 0)).toBe(null);
    expect(geoScore(0, 85.06)).toBe(null);
    expect(geohashEncode(-10, 10, -10, 10, 11, 0, 26)).toBe(null);
    expect(geohashEncode(-180, 180, -90, 90, 0, 0, 0)).toBe(null);
  });

  it('odd scores convert like C (uint64_t)', () => {
    expect(scoreToU64(-1)).toBe(0xffffffffffffffffn);
    expect(scoreToU64(NaN)).toBe(0x8000000000000000n);
    expect(scoreToU64(1.9)).toBe(1n);
    expect(scoreToU64(Infinity)).toBe(0n);
  });
});

describe('distances and search areas', () => {
  it('haversine with Redis\'s earth radius', () => {
    expect(formatDistance(geohashGetDistance(13.36138933897018433, 38.11555639549629859, 15.08726745843887329, 37.50266842333162032))).toBe('166274.1516');
    expect(geohashGetDistance(1, 2, 1, 3)).toBeCloseTo(111226.29, 1);
  });

  it('steps by radius', () => {
    expect(geohashEstimateStepsByRadius(0, 0)).toBe(26);
    expect(geohashEstimateStepsByRadius(200000, 37)).toBe(6);
    expect(geohashEstimateStepsByRadius(200000, 70)).toBe(5);
    expect(geohashEstimateStepsByRadius(200000, 85)).toBe(4);
    expect(geohashEstimateStepsByRadius(1e9, 0)).toBe(1);
  });

  it('the nine boxes around (15, 37) at 200 km', () => {
    const boxes = searchBoxes({ type: CIRCULAR_TYPE, xy: [15, 37], conversion: 1000, radius: 200, width: 0, height: 0 });
    expect(boxes.map((b) => (b.step === 0 ? '-' : b.bits.toString(16)))).toEqual(['c59', 'c5c', '-', 'c5b', '-', 'c5e', '-', '-', '-']);
    const [min, max] = boxScoreRange(boxes[0]!);
    expect(max - min).toBe(2 ** 40);
    const rect = searchBoxes({ type: RECTANGLE_TYPE, xy: [0, 0], conversion: 1, radius: 0, width: 1000, height: 1000 });
    expect(rect.length).toBe(9);
  });
});

describe('number formats', () => {
  it('fixed 4-decimal distances (llrint, half to even)', () => {
    expect(formatDistance(0)).toBe('0.0000');
    expect(formatDistance(0.00004)).toBe('0.0000');
    expect(formatDistance(0.00005)).toBe('0.0000');
    expect(formatDistance(0.00015)).toBe('0.0001'); // 0.00015 * 1e4 = 1.4999…
    expect(formatDistance(0.0000625 * 4)).toBe('0.0002'); // 2.5 exactly: half to even
    expect(formatDistance(166.27415156960033)).toBe('166.2742');
    expect(formatDistance(12)).toBe('12.0000');
  });

  it('human long doubles and %f', () => {
    expect(formatHumanLongDouble(-0)).toBe('0');
    expect(formatHumanLongDouble(1.5)).toBe('1.5');
    expect(formatHumanLongDouble(180)).toBe('180');
    expect(formatHumanLongDouble(0.1)).toBe('0.10000000000000001');
    expect(formatPrintfF(200)).toBe('200.000000');
    expect(formatPrintfF(-0)).toBe('-0.000000');
    expect(formatPrintfF(Infinity)).toBe('inf');
    expect(formatPrintfF(1e30)).toBe('1000000000000000019884624838656.000000');
  });
});
