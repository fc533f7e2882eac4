/**
 * test/unit/protocol/writer.test.ts — golden bytes for every Reply method under RESP2 and RESP3,
 * deferred lengths (nested, in retired buffers, around big bulks), muted mode, and the value
 * shapes CaptureWriter records.
 */
import { describe, expect, it } from 'vitest';
import { CaptureWriter, RespWriter, type Reply } from '../../../src/protocol/writer';

/** Everything the writer produced, as latin1 text. */
function drain(w: RespWriter): string {
  const bufs = w.take();
  return bufs === null ? '' : Buffer.concat(bufs).toString('latin1');
}

function bytes(resp: number, f: (w: Reply) => void): string {
  const w = new RespWriter();
  w.resp = resp;
  f(w);
  return drain(w);
}

/** [name, call, RESP2 bytes, RESP3 bytes] */
const golden: [string, (w: Reply) => void, string, string][] = [
  ['ok', (w) => w.ok(), '+OK\r\n', '+OK\r\n'],
  ['status', (w) => w.status('QUEUED'), '+QUEUED\r\n', '+QUEUED\r\n'],
  ['error', (w) => w.error('ERR syntax error'), '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
  ['error strips CR/LF', (w) => w.error('ERR a\r\nb\nc'), '-ERR a  b c\r\n', '-ERR a  b c\r\n'],
  ['int 0', (w) => w.int(0), ':0\r\n', ':0\r\n'],
  ['int shared', (w) => w.int(1023), ':1023\r\n', ':1023\r\n'],
  ['int 1024', (w) => w.int(1024), ':1024\r\n', ':1024\r\n'],
  ['int negative', (w) => w.int(-1), ':-1\r\n', ':-1\r\n'],
  ['int max safe', (w) => w.int(2 ** 53 - 1), ':9007199254740991\r\n', ':9007199254740991\r\n'],
  ['int bigint', (w) => w.int(-9223372036854775808n), ':-9223372036854775808\r\n', ':-9223372036854775808\r\n'],
  ['bulk', (w) => w.bulk('hello'), '$5\r\nhello\r\n', '$5\r\nhello\r\n'],
  // Header digit counts and the short-string (charCodeAt loop) / long-string boundary.
  ...[9, 10, 15, 16, 17, 99, 100, 999, 1000].map((n): [string, (w: Reply) => void, string, string] => {
    const v = 'ab\xff\0'.repeat(250).slice(0, n);
    return [`bulk ${n}`, (w) => w.bulk(v), `$${n}\r\n${v}\r\n`, `$${n}\r\n${v}\r\n`];
  }),
  ...[9, 10, 99, 100, 999, 1000].map((n): [string, (w: Reply) => void, string, string] => [
    `int/array/map/set/push headers ${n}`,
    (w) => (w.int(n), w.array(n), w.map(n), w.set(n), w.push(n)),
    `:${n}\r\n*${n}\r\n*${n * 2}\r\n*${n}\r\n*${n}\r\n`,
    `:${n}\r\n*${n}\r\n%${n}\r\n~${n}\r\n>${n}\r\n`,
  ]),
  ['status short and long', (w) => (w.status('PONG'), w.status('x'.repeat(40))), `+PONG\r\n+${'x'.repeat(40)}\r\n`, `+PONG\r\n+${'x'.repeat(40)}\r\n`],
  ['bulk empty', (w) => w.bulk(''), '$0\r\n\r\n', '$0\r\n\r\n'],
  ['bulk binary', (w) => w.bulk('\0\r\n\xff'), '$4\r\n\0\r\n\xff\r\n', '$4\r\n\0\r\n\xff\r\n'],
  ['bulk 1024', (w) => w.bulk('x'.repeat(1024)), `$1024\r\n${'x'.repeat(1024)}\r\n`, `$1024\r\n${'x'.repeat(1024)}\r\n`],
  ['bulkInt', (w) => w.bulkInt(-42), '$3\r\n-42\r\n', '$3\r\n-42\r\n'],
  ['bulkInt bigint', (w) => w.bulkInt(9223372036854775807n), '$19\r\n9223372036854775807\r\n', '$19\r\n9223372036854775807\r\n'],
  ['nil', (w) => w.nil(), '$-1\r\n', '_\r\n'],
  ['nullArray', (w) => w.nullArray(), '*-1\r\n', '_\r\n'],
  ['array', (w) => (w.array(2), w.int(1), w.bulk('a')), '*2\r\n:1\r\n$1\r\na\r\n', '*2\r\n:1\r\n$1\r\na\r\n'],
  ['array empty', (w) => w.array(0), '*0\r\n', '*0\r\n'],
  ['array 5000', (w) => w.array(5000), '*5000\r\n', '*5000\r\n'],
  ['map', (w) => (w.map(1), w.bulk('k'), w.int(7)), '*2\r\n$1\r\nk\r\n:7\r\n', '%1\r\n$1\r\nk\r\n:7\r\n'],
  ['map 2000', (w) => w.map(2000), '*4000\r\n', '%2000\r\n'],
  ['set', (w) => (w.set(1), w.bulk('m')), '*1\r\n$1\r\nm\r\n', '~1\r\n$1\r\nm\r\n'],
  ['push', (w) => (w.push(1), w.bulk('message')), '*1\r\n$7\r\nmessage\r\n', '>1\r\n$7\r\nmessage\r\n'],
  ['double', (w) => w.double(1.5), '$3\r\n1.5\r\n', ',1.5\r\n'],
  ['double 0.1 (%.17g)', (w) => w.double(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n'],
  ['double integer', (w) => w.double(3), '$1\r\n3\r\n', ',3\r\n'],
  ['double inf', (w) => w.double(Infinity), '$3\r\ninf\r\n', ',inf\r\n'],
  ['double -inf', (w) => w.double(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
  ['double exponent (as redis-server prints ZSCORE 1e300)', (w) => w.double(1e300), '$23\r\n1.0000000000000001e+300\r\n', ',1.0000000000000001e+300\r\n'],
  ['doubleText (preformatted)', (w) => w.doubleText('3.5'), '$3\r\n3.5\r\n', ',3.5\r\n'],
  ['bool true', (w) => w.bool(true), ':1\r\n', '#t\r\n'],
  ['bool false', (w) => w.bool(false), ':0\r\n', '#f\r\n'],
  ['verbatim', (w) => w.verbatim('# Server\r\n'), '$10\r\n# Server\r\n\r\n', '=14\r\ntxt:# Server\r\n\r\n'],
  ['verbatim mkd', (w) => w.verbatim('x', 'mkd'), '$1\r\nx\r\n', '=5\r\nmkd:x\r\n'],
  ['bigNumber', (w) => w.bigNumber('12345678901234567890'), '$20\r\n12345678901234567890\r\n', '(12345678901234567890\r\n'],
  ['bulkArray', (w) => w.bulkArray(['a', '', 'bc']), '*3\r\n$1\r\na\r\n$0\r\n\r\n$2\r\nbc\r\n', '*3\r\n$1\r\na\r\n$0\r\n\r\n$2\r\nbc\r\n'],
  ['bulkArray empty', (w) => w.bulkArray([]), '*0\r\n', '*0\r\n'],
  ['deferred array', (w) => { const h = w.deferLen(); w.bulk('a'); w.setDeferredLen(h, 1); }, '*1\r\n$1\r\na\r\n', '*1\r\n$1\r\na\r\n'],
  ['deferred map', (w) => { const h = w.deferLen(); w.bulk('k'); w.bulk('v'); w.setDeferredLen(h, 1, 'map'); }, '*2\r\n$1\r\nk\r\n$1\r\nv\r\n', '%1\r\n$1\r\nk\r\n$1\r\nv\r\n'],
  ['deferred set', (w) => { const h = w.deferLen(); w.setDeferredLen(h, 0, 'set'); }, '*0\r\n', '~0\r\n'],
  ['deferred push', (w) => { const h = w.deferLen(); w.int(1); w.setDeferredLen(h, 1, 'push'); }, '*1\r\n:1\r\n', '>1\r\n:1\r\n'],
];

describe('RespWriter golden bytes', () => {
  for (const [name, f, r2, r3] of golden) {
    it(name, () => {
      expect(bytes(2, f)).toBe(r2);
      expect(bytes(3, f)).toBe(r3);
    });
  }

  it('keeps replies in order across many small writes and buffer boundaries', () => {
    const w = new RespWriter();
    let want = '';
    for (let i = 0; i < 20_000; i++) {
      w.bulk(`value-${i}`);
      want += `$${`value-${i}`.length}\r\nvalue-${i}\r\n`;
      w.int(i);
      want += `:${i}\r\n`;
    }
    expect(w.pending).toBe(want.length);
    expect(drain(w)).toBe(want);
    expect(w.pending).toBe(0);
    expect(w.take()).toBeNull();
  });

  it('writes big bulks (>= 64 KB, several MB) intact between small replies', () => {
    for (const size of [64 * 1024 - 1, 64 * 1024, 5 * 1024 * 1024]) {
      const w = new RespWriter();
      const big = 'ab'.repeat(size / 2) + (size % 2 ? 'c' : '');
      w.ok();
      w.bulk(big);
      w.int(5);
      expect(drain(w)).toBe(`+OK\r\n$${size}\r\n${big}\r\n:5\r\n`);
      expect(w.total).toBe(5 + `$${size}\r\n`.length + size + 2 + 4);
    }
  });

  it('can be reused after take/recycle and take/detach', () => {
    const w = new RespWriter();
    w.bulk('one');
    expect(drain(w)).toBe('$3\r\none\r\n');
    w.recycle();
    w.bulk('two');
    const first = w.take()!;
    w.detach();
    w.bulk('three');
    expect(Buffer.concat(first).toString('latin1')).toBe('$3\r\ntwo\r\n');
    expect(drain(w)).toBe('$5\r\nthree\r\n');
  });
});

describe('RespWriter deferred lengths', () => {
  function nested(resp: number, fill: number, closeOuterFirst: boolean): { got: string; want: string } {
    const w = new RespWriter();
    w.resp = resp;
    w.status('before');
    const outer = w.deferLen();
    w.bulk('first');
    const inner = w.deferLen();
    const item = 'i'.repeat(100);
    let body = '';
    for (let i = 0; i < fill; i++) {
      w.bulk(item);
      body += `$100\r\n${item}\r\n`;
    }
    const inner2 = w.deferLen();
    w.int(1);
    w.int(2);
    if (closeOuterFirst) {
      w.setDeferredLen(outer, 3);
      w.setDeferredLen(inner2, 1, 'map');
      w.setDeferredLen(inner, fill);
    } else {
      w.setDeferredLen(inner2, 1, 'map');
      w.setDeferredLen(inner, fill);
      w.setDeferredLen(outer, 3);
    }
    w.status('after');
    const map = resp === 2 ? '*2\r\n' : '%1\r\n';
    const want = `+before\r\n*3\r\n$5\r\nfirst\r\n*${fill}\r\n${body}${map}:1\r\n:2\r\n+after\r\n`;
    return { got: drain(w), want };
  }

  for (const resp of [2, 3]) {
    for (const fill of [0, 3, 200, 2000]) {
      for (const outerFirst of [false, true]) {
        it(`RESP${resp}, ${fill} items inside (${fill * 106} bytes), ${outerFirst ? 'outer' : 'inner'} closed first`, () => {
          const { got, want } = nested(resp, fill, outerFirst);
          expect(got).toBe(want);
        });
      }
    }
  }

  it('survives a big bulk (own chunk) inside a deferred aggregate', () => {
    const w = new RespWriter();
    const h = w.deferLen();
    const big = 'z'.repeat(200_000);
    w.bulk('a');
    w.bulk(big);
    w.bulk('b');
    w.setDeferredLen(h, 3);
    expect(drain(w)).toBe(`*3\r\n$1\r\na\r\n$200000\r\n${big}\r\n$1\r\nb\r\n`);
  });

  it('handles many sibling deferred aggregates in one reply', () => {
    const w = new RespWriter();
    w.array(500);
    let want = '*500\r\n';
    for (let i = 0; i < 500; i++) {
      const h = w.deferLen();
      for (let j = 0; j < i % 7; j++) w.bulkInt(j * 1000);
      w.setDeferredLen(h, i % 7);
      want += `*${i % 7}\r\n`;
      for (let j = 0; j < i % 7; j++) want += `$${String(j * 1000).length}\r\n${j * 1000}\r\n`;
    }
    expect(drain(w)).toBe(want);
  });

  it('large lengths fit the reserved slot', () => {
    const w = new RespWriter();
    w.resp = 2;
    const h = w.deferLen();
    w.setDeferredLen(h, 1_500_000_000, 'map');
    expect(drain(w)).toBe('*3000000000\r\n');
  });
});

describe('RespWriter muted mode (CLIENT REPLY OFF/SKIP)', () => {
  it('drops every kind of reply but still reports errors', () => {
    const w = new RespWriter();
    const errors: string[] = [];
    w.onError = (l) => errors.push(l);
    w.muted = true;
    w.ok();
    w.bulk('x');
    w.bulk('y'.repeat(100_000));
    w.int(5);
    w.array(1);
    w.nil();
    w.error('ERR nope');
    const h = w.deferLen();
    w.int(1);
    w.setDeferredLen(h, 1);
    w.double(1.5);
    w.verbatim('v');
    w.map(3);
    w.set(2);
    w.push(1);
    w.status('PONG');
    w.int(5000);
    expect(w.take()).toBeNull();
    expect(w.pending).toBe(0);
    expect(errors).toEqual(['ERR nope']);
    w.muted = false;
    w.ok();
    expect(drain(w)).toBe('+OK\r\n');
  });
});

describe('CaptureWriter shapes', () => {
  function capture(resp: number, f: (w: Reply) => void) {
    const w = new CaptureWriter(resp);
    f(w);
    return w.values;
  }

  it('records scalars', () => {
    const v = capture(2, (w) => {
      w.ok();
      w.status('PONG');
      w.error('ERR x\r\ny');
      w.int(3);
      w.int(12345678901234567890n);
      w.bulk('s');
      w.bulkInt(7);
      w.nil();
      w.nullArray();
      w.double(2.5);
      w.bool(true);
      w.verbatim('txt body');
      w.bigNumber('99');
    });
    expect(v).toEqual([
      { type: 'status', value: 'OK' },
      { type: 'status', value: 'PONG' },
      { type: 'error', value: 'ERR x  y' },
      3,
      12345678901234567890n,
      's',
      '7',
      null,
      null,
      { type: 'double', value: 2.5 },
      true,
      { type: 'verbatim', value: 'txt body', format: 'txt' },
      { type: 'bignum', value: '99' },
    ]);
  });

  it('records nested aggregates', () => {
    const v = capture(3, (w) => {
      w.array(3);
      w.int(1);
      w.map(2);
      w.bulk('a');
      w.array(0);
      w.bulk('b');
      w.set(2);
      w.bulk('x');
      w.bulk('y');
      w.push(1);
      w.bulk('p');
      w.bulk('after');
    });
    expect(v).toEqual([
      [1, { type: 'map', value: ['a', [], 'b', { type: 'set', value: ['x', 'y'] }] }, { type: 'push', value: ['p'] }],
      'after',
    ]);
  });

  it('records deferred aggregates, nested and inside fixed ones', () => {
    const v = capture(2, (w) => {
      w.array(2);
      const outer = w.deferLen();
      w.bulk('a');
      const inner = w.deferLen();
      w.int(1);
      w.int(2);
      w.setDeferredLen(inner, 1, 'map');
      w.setDeferredLen(outer, 2);
      w.bulk('last');
      const top = w.deferLen();
      w.setDeferredLen(top, 0, 'set');
      w.bulkArray(['q', 'r']);
    });
    expect(v).toEqual([[['a', { type: 'map', value: [1, 2] }], 'last'], { type: 'set', value: [] }, ['q', 'r']]);
  });

  it('feeds onError', () => {
    const w = new CaptureWriter();
    const seen: string[] = [];
    w.onError = (l) => seen.push(l);
    w.error('WRONGTYPE x');
    expect(seen).toEqual(['WRONGTYPE x']);
  });
});
