/**
 * RequestParser.ownPending: after it, the parser no longer references the fed chunk, so the
 * server may reuse its read buffer (util/socket-read.ts).
 */
import { describe, it, expect } from 'vitest';
import { RequestParser } from '../../../src/protocol/parser';

const limits = { maxBulkLen: 512 * 1024 * 1024 };

function drain(p: RequestParser): string[][] {
  const out: string[][] = [];
  for (let a = p.next(); a !== null; a = p.next()) out.push(a);
  return out;
}

describe('RequestParser.ownPending', () => {
  const wire = '*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n';
  for (let cut = 1; cut < wire.length; cut++) {
    it(`split at ${cut}: the reused buffer is overwritten between reads`, () => {
      const p = new RequestParser(limits);
      const shared = Buffer.alloc(wire.length);
      shared.write(wire.slice(0, cut), 0, 'latin1');
      p.feed(shared.subarray(0, cut));
      const got = drain(p);
      p.ownPending();
      shared.fill(0x58); // the next read lands in the same memory
      shared.write(wire.slice(cut), 0, 'latin1');
      p.feed(shared.subarray(0, wire.length - cut));
      got.push(...drain(p));
      p.ownPending();
      expect(got).toEqual([['GET', 'foo'], ['SET', 'key', 'value']]);
      expect(p.pending).toBe(0);
      expect(p.error).toBeNull();
    });
  }

  it('inline commands split in the middle survive too', () => {
    const p = new RequestParser(limits);
    const shared = Buffer.from('PING\r\nECHO hel', 'latin1');
    p.feed(shared);
    const got = drain(p);
    p.ownPending();
    shared.fill(0);
    shared.write('lo\r\n', 0, 'latin1');
    p.feed(shared.subarray(0, 4));
    got.push(...drain(p));
    expect(got).toEqual([['PING'], ['ECHO', 'hello']]);
  });
});
