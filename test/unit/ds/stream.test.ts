/**
 * Unit tests of ds/stream.ts and ds/stream-id.ts against a reference model (a sorted array of
 * entries): appends, deletes, exact and approximate trims, forward/reverse ranges, clone, PEL
 * maps, and the ID parser (string2ull rules).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Stream, IdMap } from '../../../src/ds/stream';
import { compareIds, decrId, formatId, incrId, parseStreamId, parseU64, MAX_ID, ZERO_ID, U64_MAX, type StreamID } from '../../../src/ds/stream-id';

interface ModelEntry {
  id: StreamID;
  kv: string[];
}

const idArb = fc.tuple(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: U64_MAX })).map(([ms, seq]) => ({ ms, seq }));

function rangeModel(m: ModelEntry[], start: StreamID, end: StreamID, rev: boolean): ModelEntry[] {
  const out = m.filter((e) => compareIds(e.id, start) >= 0 && compareIds(e.id, end) <= 0);
  return rev ? out.reverse() : out;
}

function collect(s: Stream, start: StreamID, end: StreamID, rev: boolean): ModelEntry[] {
  const out: ModelEntry[] = [];
  const it = s.iterate(start, end, rev);
  for (let id = it.next(); id !== null; id = it.next()) out.push({ id, kv: it.fields() });
  return out;
}

function checkInvariants(s: Stream, m: ModelEntry[]): void {
  expect(s.length).toBe(m.length);
  let live = 0;
  for (const n of s.nodes) {
    live += n.live;
    for (let i = 1; i < n.n; i++) expect(n.cmpAt(i - 1, n.idAt(i))).toBe(-1);
  }
  expect(live).toBe(m.length);
  expect(collect(s, ZERO_ID, MAX_ID, false)).toEqual(m);
  if (m.length) expect(s.firstId).toEqual(m[0]!.id);
  else expect(s.firstId).toEqual(ZERO_ID);
}

type Op =
  | { t: 'add'; dms: number; dseq: number; kv: string[] }
  | { t: 'del'; pick: number }
  | { t: 'maxlen'; n: number; approx: boolean; limit: number }
  | { t: 'minid'; pick: number; approx: boolean }
  | { t: 'range'; a: number; b: number; rev: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('add' as const), dms: fc.nat(3), dseq: fc.nat(3), kv: fc.array(fc.constantFrom('a', 'b', 'c', '12', '-7', 'x'.repeat(70)), { minLength: 2, maxLength: 6 }).map((a) => (a.length % 2 ? a.slice(1) : a)) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('del' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('maxlen' as const), n: fc.nat(30), approx: fc.boolean(), limit: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('minid' as const), pick: fc.nat(), approx: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('range' as const), a: fc.nat(), b: fc.nat(), rev: fc.boolean() }) },
);

describe('Stream against a sorted-array model', () => {
  it('random operations keep the model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(0, 60, 200, 4096), (ops, maxEntries, maxBytes) => {
        const s = new Stream();
        let m: ModelEntry[] = [];
        let last: StreamID = ZERO_ID;
        const limits = { maxEntries, maxBytes };
        const pickId = (p: number): StreamID => (m.length ? m[p % m.length]!.id : { ms: BigInt(p % 5), seq: 0n });
        for (const op of ops) {
          switch (op.t) {
            case 'add': {
              const id = { ms: last.ms + BigInt(op.dms), seq: op.dms ? BigInt(op.dseq) : last.seq + 1n + BigInt(op.dseq) };
              if (compareIds(id, last) <= 0) break;
              s.append(id, op.kv, 0, op.kv.length / 2, limits);
              m.push({ id, kv: op.kv.slice() });
              last = id;
              break;
            }
            case 'del': {
              const id = pickId(op.pick);
              const had = m.some((e) => compareIds(e.id, id) === 0);
              expect(s.delete(id)).toBe(had);
              m = m.filter((e) => compareIds(e.id, id) !== 0);
              break;
            }
            case 'maxlen': {
              const before = m.length;
              const removed = s.trim('maxlen', op.n, ZERO_ID, op.approx, op.approx ? op.limit : 0);
              if (!op.approx) expect(s.length).toBe(Math.min(before, op.n));
              else expect(s.length).toBeGreaterThanOrEqual(Math.min(before, op.n));
              expect(removed).toBe(before - s.length);
              m = m.slice(before - s.length);
              break;
            }
            case 'minid': {
              const minid = pickId(op.pick);
              const before = m.length;
              const removed = s.trim('minid', 0, minid, op.approx, op.approx ? 10000 : 0);
              const exact = m.filter((e) => compareIds(e.id, minid) >= 0);
              if (!op.approx) expect(s.length).toBe(exact.length);
              else expect(s.length).toBeGreaterThanOrEqual(exact.length);
              expect(removed).toBe(before - s.length);
              m = m.slice(before - s.length);
              break;
            }
            case 'range': {
              const a = pickId(op.a);
              const b = pickId(op.b);
              const [lo, hi] = compareIds(a, b) <= 0 ? [a, b] : [b, a];
              expect(collect(s, lo, hi, op.rev)).toEqual(rangeModel(m, lo, hi, op.rev));
              break;
            }
          }
          checkInvariants(s, m);
          if (maxEntries) for (const n of s.nodes) expect(n.n).toBeLessThanOrEqual(maxEntries);
        }
        const c = s.clone();
        expect(collect(c, ZERO_ID, MAX_ID, true)).toEqual(rangeModel(m, ZERO_ID, MAX_ID, true));
      }),
      { numRuns: 150 },
    );
  });

  it('cuts nodes at stream-node-max-entries and keeps tombstones until a node empties', () => {
    const s = new Stream();
    for (let i = 1; i <= 250; i++) s.append({ ms: BigInt(i), seq: 0n }, ['f', String(i)], 0, 1, { maxEntries: 100, maxBytes: 4096 });
    expect(s.nodes.map((n) => n.n)).toEqual([100, 100, 50]);
    expect(s.delete({ ms: 1n, seq: 0n })).toBe(true);
    expect(s.nodes[0]!.n).toBe(100);
    expect(s.nodes[0]!.live).toBe(99);
    expect(s.trim('maxlen', 120, ZERO_ID, true, 10000)).toBe(99);
    expect(s.length).toBe(150);
    expect(s.firstId).toEqual({ ms: 101n, seq: 0n });
    expect(s.lastValidId()).toEqual({ ms: 250n, seq: 0n });
  });

  it('huge IDs and the ID generator', () => {
    const s = new Stream();
    expect(s.nextId(1000, null, true)).toEqual({ ms: 1000n, seq: 0n });
    s.append({ ms: U64_MAX, seq: U64_MAX - 1n }, ['a', 'b'], 0, 1, { maxEntries: 100, maxBytes: 4096 });
    expect(s.nextId(1000, null, true)).toEqual(MAX_ID);
    expect(s.nextId(1000, { ms: U64_MAX, seq: 0n }, false)).toEqual(MAX_ID);
    expect(s.nextId(1000, { ms: 5n, seq: 0n }, true)).toBeNull();
    s.append(MAX_ID, ['a', 'b'], 0, 1, { maxEntries: 100, maxBytes: 4096 });
    expect(s.nextId(1000, null, true)).toBeNull();
    expect(s.get(MAX_ID)).toEqual(['a', 'b']);
  });
});

describe('stream IDs', () => {
  it('parse like string2ull', () => {
    expect(parseU64('0')).toBe(0n);
    expect(parseU64('18446744073709551615')).toBe(U64_MAX);
    expect(parseU64('18446744073709551616')).toBeNull();
    expect(parseU64('-1')).toBeNull();
    expect(parseU64('-0')).toBe(0n);
    expect(parseU64('-01')).toBe(U64_MAX);
    expect(parseU64('+5')).toBe(5n);
    expect(parseU64(' 5')).toBe(5n);
    expect(parseU64('5 ')).toBeNull();
    expect(parseU64('')).toBeNull();
    expect(parseStreamId('-', 0n, false)!.id).toEqual(ZERO_ID);
    expect(parseStreamId('+', 0n, true)).toBeNull();
    expect(parseStreamId('5', U64_MAX, true)!.id).toEqual({ ms: 5n, seq: U64_MAX });
    expect(parseStreamId('5-*', 0n, true, true)).toEqual({ id: { ms: 5n, seq: 0n }, seqGiven: false });
    expect(parseStreamId('5-*', 0n, true, false)).toBeNull();
    expect(parseStreamId('5-', 0n, true)).toBeNull();
    expect(parseStreamId('x'.repeat(128), 0n, true)).toBeNull();
  });

  it('order, successor, predecessor and formatting', () => {
    fc.assert(
      fc.property(idArb, idArb, (a, b) => {
        const c = compareIds(a, b);
        expect(Math.sign(c)).toBe(a.ms === b.ms ? Math.sign(Number(a.seq - b.seq)) : a.ms < b.ms ? -1 : 1);
        const n = incrId(a);
        if (n !== null) {
          expect(compareIds(n, a)).toBe(1);
          expect(decrId(n)).toEqual(a);
        }
        expect(parseStreamId(formatId(a), 0n, true)!.id).toEqual(a);
      }),
    );
    expect(incrId(MAX_ID)).toBeNull();
    expect(decrId(ZERO_ID)).toBeNull();
  });

  it('IdMap over many keys (chunk splits and merges) in mixed order', () => {
    const m = new IdMap<StreamID>();
    const ids: StreamID[] = [];
    for (let i = 0; i < 3000; i++) ids.push({ ms: BigInt((i * 7919) % 3001), seq: BigInt(i % 3) });
    for (const id of ids) m.tryInsert(id, id);
    const uniq = [...new Map(ids.map((x) => [formatId(x), x])).values()].sort(compareIds);
    expect([...m.values()]).toEqual(uniq);
    for (let i = 0; i < uniq.length; i += 2) m.delete(uniq[i]!);
    const rest = uniq.filter((_, i) => i % 2 === 1);
    expect([...m.values()]).toEqual(rest);
    expect(m.ceil({ ms: 0n, seq: 0n })).toEqual(rest[0]);
    let n = 0;
    for (let v = m.ceil(ZERO_ID); v !== undefined; v = m.higher(v)) n++;
    expect(n).toBe(rest.length);
  });

  it('IdMap: ascending appends (the XREADGROUP case) split the last chunk, later inserts still land in order', () => {
    const m = new IdMap<number>();
    for (let i = 0; i < 1000; i++) expect(m.tryInsert({ ms: BigInt(2 * i), seq: 0n }, 2 * i)).toBe(true);
    expect(m.tryInsert({ ms: 10n, seq: 0n }, -1)).toBe(false);
    for (const i of [1, 511, 1999, 257, 3]) m.tryInsert({ ms: BigInt(i), seq: 0n }, i);
    const want = [...Array.from({ length: 1000 }, (_, i) => 2 * i), 1, 511, 1999, 257, 3].sort((a, b) => a - b);
    expect([...m.values()]).toEqual(want);
    expect(m.size).toBe(1005);
  });

  it('IdMap keeps ID order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(idArb, fc.boolean())), (ops) => {
        const m = new IdMap<StreamID>();
        const ref = new Map<string, StreamID>();
        for (const [id, del] of ops) {
          const k = formatId(id);
          if (del) expect(m.delete(id)).toBe(ref.delete(k));
          else expect(m.tryInsert(id, id)).toBe(!ref.has(k) && (ref.set(k, id), true));
        }
        const sorted = [...ref.values()].sort(compareIds);
        expect([...m.values()]).toEqual(sorted);
        expect(m.size).toBe(sorted.length);
        if (sorted.length) {
          expect(m.ceil(sorted[0]!)).toEqual(sorted[0]);
          expect(m.first()).toEqual(sorted[0]);
          expect(m.last()).toEqual(sorted[sorted.length - 1]);
          for (let i = 0; i < sorted.length; i++) expect(m.higher(sorted[i]!)).toEqual(sorted[i + 1]);
        }
      }),
    );
  });
});
