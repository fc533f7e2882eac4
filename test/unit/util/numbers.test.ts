/**
 * formatDouble17 (addReplyDouble's "%.17g"): golden vectors printed by glibc's printf (and
 * Python's '%.17g', which agrees on all of them) for integers, short decimals, random doubles,
 * random bit patterns and the notation thresholds (1e-4/1e-5, 2^53, 1e17); plus fast-check
 * properties against the general toExponential path and round-tripping.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { formatDouble17, formatDouble17Exp } from '../../../src/util/numbers';

const vectors = JSON.parse(readFileSync(new URL('./double17-vectors.json', import.meta.url), 'utf8')) as [string, string][];
const fromHex = (h: string) => Buffer.from(h, 'hex').readDoubleBE(0);

describe('formatDouble17', () => {
  it('prints what C printf("%.17g") prints (golden vectors)', () => {
    expect(vectors.length).toBeGreaterThan(1000);
    const bad: string[] = [];
    for (const [h, want] of vectors) {
      const got = formatDouble17(fromHex(h));
      if (got !== want) bad.push(`${h}: ${got} != ${want}`);
      // Negated too: %.17g of -x is "-" + %.17g of x.
      const neg = formatDouble17(-fromHex(h));
      const wantNeg = want.startsWith('-') ? want.slice(1) : '-' + want;
      if (neg !== wantNeg) bad.push(`-${h}: ${neg} != ${wantNeg}`);
    }
    expect(bad).toEqual([]);
  });

  it('handles the special values', () => {
    expect(formatDouble17(0)).toBe('0');
    expect(formatDouble17(-0)).toBe('-0');
    expect(formatDouble17(Infinity)).toBe('inf');
    expect(formatDouble17(-Infinity)).toBe('-inf');
    expect(formatDouble17(NaN)).toBe('nan');
    expect(formatDouble17(0.0001)).toBe('0.0001');
    expect(formatDouble17(0.00001)).toBe('1.0000000000000001e-05');
    expect(formatDouble17(2 ** 56)).toBe('72057594037927936');
    expect(formatDouble17(1e17)).toBe('1e+17');
  });

  it('agrees with the general path for any double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => formatDouble17(d) === formatDouble17Exp(d)),
      { numRuns: 20000 },
    );
  });

  it('agrees with the general path for common scores (integers, halves, short decimals)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom(1, 2, 4, 10, 100, 1000, 1024, 3, 1e6, 1e-3),
        (n, div) => formatDouble17(n / div) === formatDouble17Exp(n / div),
      ),
      { numRuns: 20000 },
    );
  });

  it('round-trips: 17 significant digits identify the double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => Object.is(Number(formatDouble17(d)), d)),
      { numRuns: 20000 },
    );
  });
});
