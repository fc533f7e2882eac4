/**
 * util/glob.ts against Redis's stringmatchlen. The table below was recorded from KEYS on
 * redis-server 7.0.15 (keys and patterns are byte strings; "é" is the two UTF-8 bytes C3 A9).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { globMatch, isMatchAll } from '../../../src/util/glob';

const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

const KEYS = ['a', 'b', 'ab', 'abc', 'a[b', 'a\\b', 'a-b', 'a]', '-', '^', 'A', 'é', 'x*y', 'x?y', 'xay', '', 'a\\', '[', ']', 'z', '0', '9'].map(utf8);

/** pattern → the keys KEYS returned on real Redis. */
const TABLE: [string, string[]][] = [
  ['[a-', ['-', 'a']],
  ['[a', ['a']],
  ['a[', []],
  ['[', []],
  ['[]', []],
  ['[]]', []],
  ['[^]', ['-', '0', '9', 'A', '[', ']', '^', 'a', 'b', 'z']],
  ['[^', ['-', '0', '9', 'A', '[', ']', '^', 'a', 'b', 'z']],
  ['a\\', ['a\\']],
  ['a\\\\', ['a\\']],
  ['\\', []],
  ['[\\]', [']']],
  ['[\\\\]', []],
  ['[z-a]', ['a', 'b', 'z']],
  ['[a-]', [']', '^', 'a']],
  ['[-a]', ['-', 'a']],
  ['[^a-z]', ['-', '0', '9', 'A', '[', ']', '^']],
  ['[a-z', ['a', 'b', 'z']],
  ['x\\*y', ['x*y']],
  ['x\\?y', ['x?y']],
  ['a*c', ['abc']],
  ['*]', [']', 'a]']],
  ['[!a]', ['a']],
  ['[é-z]', ['-', '0', '9', 'A', '[', ']', '^', 'a', 'b', 'z']],
  ['[0-é]', ['-', '0']],
  ['[]a]', []],
  ['?', ['-', '0', '9', 'A', '[', ']', '^', 'a', 'b', 'z']],
  ['??', ['a\\', 'a]', 'ab', 'é']],
  ['[A-a]', ['A', '[', ']', '^', 'a']],
  ['a[^b', ['a\\', 'a]']],
  ['[b-a-z]', ['-', 'a', 'b', 'z']],
];

describe('globMatch', () => {
  it.each(TABLE)('pattern %s matches what Redis matched', (pattern, expected) => {
    const got = KEYS.filter((k) => globMatch(utf8(pattern), k)).sort();
    expect(got).toEqual(expected.map(utf8).sort());
  });

  it('basic wildcards', () => {
    expect(globMatch('*', 'anything')).toBe(true);
    expect(globMatch('*', '')).toBe(false); // stringmatchlen never matches an empty string
    expect(globMatch('', '')).toBe(true);
    expect(globMatch('h?llo', 'hello')).toBe(true);
    expect(globMatch('h*llo', 'heeeello')).toBe(true);
    expect(globMatch('h[ae]llo', 'hallo')).toBe(true);
    expect(globMatch('h[ae]llo', 'hillo')).toBe(false);
    expect(globMatch('h[^e]llo', 'hallo')).toBe(true);
    expect(globMatch('h[^e]llo', 'hello')).toBe(false);
    expect(globMatch('h[a-b]llo', 'hbllo')).toBe(true);
    expect(globMatch('a*', 'a')).toBe(true);
    expect(globMatch('a**', 'a')).toBe(true);
    expect(globMatch('a*b*', 'ab')).toBe(true);
  });

  it('nocase folds ASCII letters, but not escaped set members', () => {
    expect(globMatch('HELLO', 'hello', true)).toBe(true);
    expect(globMatch('[A-C]x', 'bX', true)).toBe(true);
    expect(globMatch('[\\A]', 'a', true)).toBe(false);
    expect(globMatch('HELLO', 'hello')).toBe(false);
  });

  it('many stars do not blow up (skipLongerMatches)', () => {
    const p = '*a'.repeat(30) + 'b';
    const s = 'a'.repeat(60);
    expect(globMatch(p, s)).toBe(false);
  });

  it('agrees with a regex model on patterns without sets or escapes', () => {
    const alpha = fc.constantFrom('a', 'b', '*', '?');
    fc.assert(
      fc.property(fc.array(alpha, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b'), { maxLength: 8 }), (pa, sa) => {
        const p = pa.join('');
        const s = sa.join('');
        const re = new RegExp('^' + p.replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
        // Redis quirk: an empty string is never matched by a non-empty pattern.
        const expected = s === '' ? p === '' : re.test(s);
        expect(globMatch(p, s)).toBe(expected);
      }),
    );
  });

  it('isMatchAll', () => {
    expect(isMatchAll('*')).toBe(true);
    expect(isMatchAll('**')).toBe(false);
  });
});
