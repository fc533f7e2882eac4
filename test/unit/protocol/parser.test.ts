/**
 * test/unit/protocol/parser.test.ts — RequestParser: every case is fed in one chunk, byte by
 * byte, and split at every boundary (the ioredis decoder-test habit), and must give the same
 * commands and the same protocol error each time. Error texts are Redis 7.0's, pinned against a
 * real redis-server in test/integration/parser-fuzz.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RequestParser, PROTO_INLINE_MAX_SIZE, splitArgs } from '../../../src/protocol/parser';

const MAX_BULK = 512 * 1024 * 1024;

interface Outcome {
  cmds: string[][];
  error: string | null;
}

function parser(maxBulkLen = MAX_BULK, auth = false): RequestParser {
  const p = new RequestParser({ maxBulkLen });
  p.authRequired = auth;
  return p;
}

/** Feeds the chunks in order, draining commands after each one, as the server does. */
function run(chunks: Buffer[], maxBulkLen = MAX_BULK, auth = false): Outcome {
  const p = parser(maxBulkLen, auth);
  const cmds: string[][] = [];
  for (const c of chunks) {
    p.feed(c);
    for (let argv = p.next(); argv !== null; argv = p.next()) cmds.push(argv);
    if (p.error !== null) break;
  }
  return { cmds, error: p.error };
}

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

/** All the ways of cutting `input` that the tests try. */
function splits(input: Buffer): Buffer[][] {
  const out: Buffer[][] = [[input]];
  const bytes: Buffer[] = [];
  for (let i = 0; i < input.length; i++) bytes.push(input.subarray(i, i + 1));
  out.push(bytes);
  for (let i = 1; i < input.length; i++) out.push([input.subarray(0, i), input.subarray(i)]);
  return out;
}

/** Runs `input` every way and asserts that each gives `expected`. */
function expectParse(input: string | Buffer, expected: Outcome, maxBulkLen = MAX_BULK, auth = false): void {
  const buf = typeof input === 'string' ? b(input) : input;
  for (const chunks of splits(buf)) {
    const got = run(chunks, maxBulkLen, auth);
    // Commands before the error are found however the input is cut; the error itself too.
    expect(got, `split into ${chunks.map((c) => c.length).join('+')}`).toEqual(expected);
  }
}

const ok = (...cmds: string[][]): Outcome => ({ cmds, error: null });
const perr = (error: string, ...cmds: string[][]): Outcome => ({ cmds, error: `Protocol error: ${error}` });

function mbulk(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

describe('RequestParser: multibulk', () => {
  it('parses commands, pipelines and binary arguments', () => {
    expectParse(mbulk('PING'), ok(['PING']));
    expectParse(mbulk('SET', 'key', 'value'), ok(['SET', 'key', 'value']));
    expectParse(mbulk('SET', '', ''), ok(['SET', '', '']));
    expectParse(mbulk('GET', 'a') + mbulk('GET', 'b') + mbulk('DEL', 'a', 'b'), ok(['GET', 'a'], ['GET', 'b'], ['DEL', 'a', 'b']));
    const binary = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    expectParse(mbulk('SET', binary, '\r\n\0'), ok(['SET', binary, '\r\n\0']));
  });

  it('skips *0 and negative counts like Redis', () => {
    expectParse('*0\r\n' + mbulk('PING'), ok(['PING']));
    expectParse('*-1\r\n*-5\r\n' + mbulk('PING'), ok(['PING']));
    expectParse('*-9223372036854775808\r\n' + mbulk('PING'), ok(['PING']));
  });

  it('does not look at the byte after \\r (Redis skips two bytes)', () => {
    // "$4\rP" consumes the P as the line feed: the bulk is "INGx".
    expect(run([b('*1\r\n$4\rPINGxx\r\n')])).toEqual(ok(['INGx']));
  });

  it('waits for the \\n of a header', () => {
    const p = parser();
    p.feed(b('*1\r'));
    expect(p.next()).toBeNull();
    p.feed(b('\n$4\r'));
    expect(p.next()).toBeNull();
    p.feed(b('\nPING\r'));
    expect(p.next()).toBeNull();
    expect(p.error).toBeNull();
    p.feed(b('\n'));
    expect(p.next()).toEqual(['PING']);
    expect(p.pending).toBe(0);
  });

  it('reports invalid multibulk lengths', () => {
    for (const h of ['*x', '*', '*1x', '*+1', '*01', '*-0', '* 1', '*2147483648', '*9223372036854775808', '*-9223372036854775809', '*123456789012345678901']) {
      expectParse(`${h}\r\n`, perr('invalid multibulk length'));
    }
    expectParse(mbulk('PING') + '*abc\r\n' + mbulk('PING'), perr('invalid multibulk length', ['PING']));
  });

  it('reports invalid bulk lengths', () => {
    for (const h of ['$x', '$', '$-1', '$-0', '$01', '$+1', '$1x', '$9223372036854775808']) {
      expectParse(`*1\r\n${h}\r\n`, perr('invalid bulk length'));
    }
    expectParse(mbulk('PING') + '*2\r\n$3\r\nGET\r\n$-5\r\n', perr('invalid bulk length', ['PING']));
  });

  it("reports expected '$'", () => {
    expectParse('*1\r\nPING\r\n', perr("expected '$', got 'P'"));
    expectParse('*2\r\n$3\r\nGET\r\n:1\r\n', perr("expected '$', got ':'"));
    expectParse('*1\r\n\r\n', perr("expected '$', got '\r'"));
  });

  it('applies proto-max-bulk-len', () => {
    expectParse('*1\r\n$11\r\n', perr('invalid bulk length'), 10);
    expectParse(mbulk('0123456789'), ok(['0123456789']), 10);
  });

  it('limits header lines to 64 KB', () => {
    const long = '9'.repeat(PROTO_INLINE_MAX_SIZE + 1);
    expect(run([b('*' + long)])).toEqual(perr('too big mbulk count string'));
    expect(run([b('*1\r\n$' + long)])).toEqual(perr('too big bulk count string'));
    // Exactly the limit is still waited for.
    expect(run([b('*' + '9'.repeat(PROTO_INLINE_MAX_SIZE - 1))])).toEqual(ok());
  });

  it('applies the unauthenticated limits', () => {
    const eleven = Array.from({ length: 11 }, () => 'a');
    expectParse(mbulk(...eleven.slice(0, 10)), ok(eleven.slice(0, 10)), MAX_BULK, true);
    expect(run([b(mbulk(...eleven))], MAX_BULK, true)).toEqual(perr('unauthenticated multibulk length'));
    expect(run([b(mbulk('AUTH', 'x'.repeat(16384)))], MAX_BULK, true)).toEqual(ok(['AUTH', 'x'.repeat(16384)]));
    expect(run([b(mbulk('AUTH', 'x'.repeat(16385)))], MAX_BULK, true)).toEqual(perr('unauthenticated bulk length'));
    expect(run([b(mbulk(...eleven))], MAX_BULK, false)).toEqual(ok(eleven));
  });

  it('waits (like strchr) when a NUL precedes the header terminator', () => {
    expect(run([b('*1\0\r\n$4\r\nPING\r\n')])).toEqual(ok());
    expect(run([b('*1\r\n$\x004\r\nPING\r\n')])).toEqual(ok());
    // ...until the line outgrows the limit.
    expect(run([b('*1\0' + 'x'.repeat(PROTO_INLINE_MAX_SIZE))])).toEqual(perr('too big mbulk count string'));
    // NULs inside bulk data are plain bytes.
    expectParse(mbulk('a\0b', '\0'), ok(['a\0b', '\0']));
  });

  it('stops for good after a protocol error', () => {
    const p = parser();
    p.feed(b('*x\r\n' + mbulk('PING')));
    expect(p.next()).toBeNull();
    expect(p.error).toBe('Protocol error: invalid multibulk length');
    p.feed(b(mbulk('PING')));
    expect(p.next()).toBeNull();
    p.reset();
    p.feed(b(mbulk('PING')));
    expect(p.next()).toEqual(['PING']);
  });
});

describe('RequestParser: big arguments', () => {
  const sizes = [32 * 1024 - 1, 32 * 1024, 100_000, 3 * 1024 * 1024 + 7];
  for (const size of sizes) {
    it(`${size} bytes, in 1..64 KB chunks`, () => {
      const value = Buffer.alloc(size);
      for (let i = 0; i < size; i++) value[i] = (i * 31 + 7) & 0xff;
      const input = Buffer.concat([b(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${size}\r\n`), value, b('\r\n' + mbulk('GET', 'k'))]);
      const want = ok(['SET', 'k', value.toString('latin1')], ['GET', 'k']);
      for (const chunk of [1 + (size % 977), 1000, 16 * 1024, 64 * 1024, input.length]) {
        const chunks: Buffer[] = [];
        for (let i = 0; i < input.length; i += chunk) chunks.push(input.subarray(i, i + chunk));
        const got = run(chunks);
        expect(got.error).toBeNull();
        expect(got.cmds.length).toBe(2);
        expect(got.cmds[0]![2] === want.cmds[0]![2]).toBe(true);
        expect(got.cmds[1]).toEqual(['GET', 'k']);
      }
      // Split at every boundary around the header and the end of the value.
      const hdr = input.indexOf(b(`$${size}\r\n`));
      const edges = [hdr, hdr + 3, hdr + 3 + String(size).length, input.length - 16, input.length - 17];
      for (const e of edges) {
        for (let d = -3; d <= 3; d++) {
          const at = e + d;
          const got = run([input.subarray(0, at), input.subarray(at)]);
          expect(got.cmds.length).toBe(2);
          expect(got.cmds[0]![2] === want.cmds[0]![2]).toBe(true);
        }
      }
    });
  }

  it('accounts big arguments in pending', () => {
    const p = parser();
    p.feed(b('*2\r\n$3\r\nSET\r\n$100000\r\n' + 'x'.repeat(1000)));
    expect(p.next()).toBeNull();
    expect(p.pending).toBe(1000);
    expect(p.capacity).toBeGreaterThanOrEqual(100_002);
    p.feed(b('x'.repeat(99_000) + '\r\n'));
    expect(p.next()).toEqual(['SET', 'x'.repeat(100_000)]);
    expect(p.pending).toBe(0);
  });

  it('dribbling a 64 KB line byte by byte stays fast (no quadratic copy or rescan)', () => {
    const p = parser();
    const line = b('x'.repeat(PROTO_INLINE_MAX_SIZE));
    for (let i = 0; i < line.length; i++) {
      p.feed(line.subarray(i, i + 1));
      expect(p.next()).toBeNull();
    }
    p.feed(b('\n'));
    expect(p.next()).toEqual(['x'.repeat(PROTO_INLINE_MAX_SIZE)]);
  });
});

describe('RequestParser: inline', () => {
  it('splits words and skips empty lines', () => {
    expectParse('PING\r\n', ok(['PING']));
    expectParse('PING\n', ok(['PING']));
    expectParse('  SET   a  b \r\n', ok(['SET', 'a', 'b']));
    expectParse('\r\n\n   \r\nPING\r\n', ok(['PING']));
    expectParse('SET a b\r\n' + mbulk('GET', 'a') + 'GET a\n', ok(['SET', 'a', 'b'], ['GET', 'a'], ['GET', 'a']));
    expectParse('a\tb\r\n', ok(['a', 'b']));
  });

  it('handles quotes and escapes', () => {
    expectParse('SET "a b" \'c d\'\r\n', ok(['SET', 'a b', 'c d']));
    expectParse('ECHO "\\x41\\x4a\\x4Z" \r\n', ok(['ECHO', 'AJ\\x4Z'.replace('\\x4Z', 'x4Z')]));
    expectParse('ECHO "\\n\\r\\t\\b\\a\\\\\\"\\q"\r\n', ok(['ECHO', '\n\r\t\b\x07\\"q']));
    expectParse("ECHO 'it\\'s' 'a\\nb'\r\n", ok(['ECHO', "it's", 'a\\nb']));
    expectParse('ECHO ""\r\n', ok(['ECHO', '']));
    expectParse('ECHO a"b c"\r\n', ok(['ECHO', 'ab c']));
    expectParse('ECHO "\\xff\\x00"\r\n', ok(['ECHO', '\xff\0']));
  });

  it('rejects unbalanced quotes', () => {
    for (const line of ['ECHO "a', "ECHO 'a", 'ECHO "a"b', "ECHO 'a'b", 'ECHO "a\\"']) {
      expectParse(line + '\r\n', perr('unbalanced quotes in request'));
    }
    expectParse('PING\r\nECHO "x\r\nPING\r\n', perr('unbalanced quotes in request', ['PING']));
  });

  it('limits inline requests to 64 KB', () => {
    expect(run([b('x'.repeat(PROTO_INLINE_MAX_SIZE + 1))])).toEqual(perr('too big inline request'));
    expect(run([b('GET ' + 'x'.repeat(PROTO_INLINE_MAX_SIZE - 10) + '\r\n')]).cmds.length).toBe(1);
  });

  it('waits (like strchr) when a NUL comes before the line feed', () => {
    expect(run([b('PING\0\r\n')])).toEqual(ok());
    expect(run([b('PING\r\nECHO a\0b\r\nPING\r\n')])).toEqual(ok(['PING']));
  });

  it('splitArgs ends the line at a NUL (sdssplitargs takes a C string)', () => {
    expect(splitArgs('a b\0c d')).toEqual(['a', 'b']);
    expect(splitArgs('"a\0b')).toEqual(null);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz (undici's habit): random commands split at random points, and random garbage.

const arg = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }).map((s) => Buffer.from(s, 'utf8').toString('latin1')) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1')) },
  { weight: 1, arbitrary: fc.integer({ min: 30_000, max: 70_000 }).map((n) => 'v'.repeat(n)) },
);
const command = fc.array(arg, { minLength: 1, maxLength: 6 });

function encode(cmds: string[][]): Buffer {
  return Buffer.concat(cmds.map((c) => b(mbulk(...c))));
}

function cut(buf: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (buf.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

describe('RequestParser: fuzz', () => {
  it('random commands split at random points parse to the same argv', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (cmds, points) => {
        const got = run(cut(encode(cmds), points));
        expect(got.error).toBeNull();
        expect(got.cmds).toEqual(cmds);
      }),
      { numRuns: 300 },
    );
  });

  it('random inline commands round-trip through quoting', () => {
    const word = fc.string({ minLength: 0, maxLength: 10 }).map((s) => Buffer.from(s, 'utf8').toString('latin1'));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 5 }), (words, points) => {
        // Quote every word with \xHH escapes, the way redis-cli prints binary strings.
        const line = words.map((w) => '"' + [...w].map((ch) => '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0')).join('') + '"').join(' ') + '\r\n';
        const got = run(cut(b(line), points));
        expect(got).toEqual(ok(words));
      }),
      { numRuns: 300 },
    );
  });

  it('garbage gives commands or a protocol error, never an exception, and every cut agrees', () => {
    const piece = fc.oneof(
      fc.constantFrom('*', '$', '\r', '\n', '\r\n', '"', "'", '\\', '\\x4', '\0', ' ', '-', '0', '1', '3', '99', 'PING', '*1\r\n', '$3\r\n', '*2\r\n$3\r\nGET\r\n'),
      fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a).toString('latin1')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (pieces, points) => {
        const input = b(pieces.join(''));
        const whole = run([input]);
        const parts = run(cut(input, points));
        expect(parts).toEqual(whole);
        if (whole.error !== null) expect(whole.error).toMatch(/^Protocol error: /);
        for (const c of whole.cmds) expect(c.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('RequestParser: repeated command names', () => {
  it('reuses the previous name only when the bytes match exactly', () => {
    const names = ['GET', 'GET', 'SET', 'get', 'GET', 'G\xffT', 'G\0T', 'GETX', '', 'x'.repeat(16), 'x'.repeat(16), 'x'.repeat(17), 'GET'];
    const input = names.map((n) => `*2\r\n$${n.length}\r\n${n}\r\n$1\r\nk\r\n`).join('');
    expectParse(input, ok(...names.map((n) => [n, 'k'])));
  });
});

describe('RequestParser: short and long arguments decode every byte', () => {
  it('gives the latin1 string of the bytes for every length around the short-string path', () => {
    const args: string[] = [];
    for (let n = 0; n <= 20; n++) {
      let a = '';
      for (let i = 0; i < n; i++) a += String.fromCharCode((n * 37 + i * 101) & 255);
      args.push(a);
    }
    args.push('\0'.repeat(16), '\xff'.repeat(16), '\x80\x7f\x00\xfe');
    const input = args.map((a) => `*2\r\n$${a.length}\r\n${a}\r\n$${a.length}\r\n${a}\r\n`).join('');
    expectParse(input, ok(...args.map((a) => [a, a])));
  });
});
