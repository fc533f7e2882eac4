/**
 * Differential test: scores printed with %.17g (ZSCORE, ZRANGE WITHSCORES, ZINCRBY, GEOPOS-style
 * doubles) match redis-server byte for byte, including exact ties, which glibc rounds to even
 * and JavaScript's toPrecision rounds up (formatDouble17's isTie), and the fixed/exponential
 * notation thresholds. RESP2 (bulk strings) and RESP3 (',' doubles via HELLO 3).
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

const SCORES = [
  '1000.00006103515625', // tie: ...562|5 → even 2
  '2107217434052128.25', // tie in the last fixed digit
  '8.94069671630859375e-07', // tie in exponential notation
  '1.78813934326171875e-07', // tie that rounds up (odd digit)
  '0.1', '1.5', '-2.5', '3', '-0', '0.0001', '0.00001', '1e16', '1e17', '72057594037927936',
  '9007199254740993', '123456.789', '1e-300', '1.7976931348623157e308', '4.9e-324',
];

describeDiff('%.17g doubles match redis-server', () => {
  const d = useDiff();

  it('ZADD / ZSCORE / ZRANGE WITHSCORES / ZINCRBY under RESP2 and RESP3', async () => {
    for (let i = 0; i < SCORES.length; i++) await d.same('ZADD', 'dz', SCORES[i]!, `m${i}`);
    for (let i = 0; i < SCORES.length; i++) await d.same('ZSCORE', 'dz', `m${i}`);
    await d.same('ZRANGE', 'dz', '0', '-1', 'WITHSCORES');
    await d.same('ZINCRBY', 'dz', '0.25', 'm1');
    await d.same('ZINCRBY', 'dz', '1e-7', 'm0');
    await d.both('HELLO', '3');
    for (let i = 0; i < SCORES.length; i++) await d.same('ZSCORE', 'dz', `m${i}`);
    await d.same('ZRANGE', 'dz', '0', '-1', 'WITHSCORES');
  });
});
