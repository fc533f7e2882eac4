import { describe, it, expect } from 'vitest';
import { Stream } from '../../../src/ds/stream';
import { RdbWriter } from '../../../src/persistence/rdb-writer';
import { RdbReader } from '../../../src/persistence/rdb-reader';

const limits = { maxBytes: 4096, maxEntries: 100 };

function build(): Stream {
  const s = new Stream();
  for (let i = 1; i <= 350; i++) {
    const kv = i % 3 === 0 ? ['a', String(i), 'b', 'x'.repeat(i % 40)] : ['other', String(-i), 'f2', 'v'];
    s.append({ ms: BigInt(1000 + Math.floor(i / 2)), seq: BigInt(i % 2 === 0 ? 0 : 5) }, kv, 0, kv.length / 2, limits);
  }
  s.delete({ ms: 1001n, seq: 5n });
  s.delete({ ms: 1100n, seq: 0n });
  const g = s.createGroup('g1', { ms: 1050n, seq: 0n }, 77)!;
  const c1 = g.createConsumer('alice', 123456)!;
  g.createConsumer('bob', 42);
  for (const id of [{ ms: 1002n, seq: 0n }, { ms: 1003n, seq: 5n }]) {
    const nack = { id, consumer: c1, deliveryTime: 999, deliveryCount: 3 };
    g.pel.tryInsert(id, nack);
    c1.pel.tryInsert(id, nack);
  }
  s.createGroup('g0', { ms: 0n, seq: 0n }, -1);
  return s;
}

function roundTrip(s: Stream): Stream {
  const w = new RdbWriter();
  w.object(s);
  const r = new RdbReader(Buffer.from(w.out.view()));
  const t = r.byte();
  expect(t).toBe(19);
  const v = r.object(t) as Stream;
  expect(r.remaining).toBe(0);
  return v;
}

function entries(s: Stream): string[] {
  const out: string[] = [];
  const it = s.iterate({ ms: 0n, seq: 0n }, { ms: 0xffffffffffffffffn, seq: 0xffffffffffffffffn }, false);
  for (let id = it.next(); id !== null; id = it.next()) out.push(`${id.ms}-${id.seq}:${it.fields().join(',')}`);
  return out;
}

describe('stream RDB codec', () => {
  it('round-trips entries, tombstones, node boundaries, metadata and groups', () => {
    const s = build();
    const t = roundTrip(s);
    expect(entries(t)).toEqual(entries(s));
    expect(t.length).toBe(s.length);
    expect(t.nodes.length).toBe(s.nodes.length);
    expect(t.nodes.map((n) => [n.n, n.live, n.lpBytes()])).toEqual(s.nodes.map((n) => [n.n, n.live, n.lpBytes()]));
    expect(t.lastId).toEqual(s.lastId);
    expect(t.firstId).toEqual(s.firstId);
    expect(t.maxDeletedId).toEqual(s.maxDeletedId);
    expect(t.entriesAdded).toBe(s.entriesAdded);
    const g = t.getGroup('g1')!;
    expect(g.entriesRead).toBe(77);
    expect(t.getGroup('g0')!.entriesRead).toBe(-1);
    expect([...g.consumers.keys()].sort()).toEqual(['alice', 'bob']);
    const alice = g.consumers.get('alice')!;
    expect(alice.seenTime).toBe(123456);
    expect([...alice.pel.values()].map((n) => [n.id.ms, n.id.seq, n.deliveryCount, n.deliveryTime, n.consumer?.name])).toEqual([
      [1002n, 0n, 3, 999, 'alice'],
      [1003n, 5n, 3, 999, 'alice'],
    ]);
    // Appending after a load keeps working.
    t.append({ ms: 5000n, seq: 0n }, ['a', '1'], 0, 1, limits);
    expect(t.length).toBe(s.length + 1);
  });

  it('round-trips an empty stream with a group', () => {
    const s = new Stream();
    s.createGroup('g', { ms: 0n, seq: 0n }, 0);
    const t = roundTrip(s);
    expect(t.length).toBe(0);
    expect(t.getGroup('g')).toBeDefined();
  });
});
