import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListValue } from '../../../src/ds/list';

type Op =
  | { op: 'pushHead' | 'pushTail'; v: string }
  | { op: 'popHead' | 'popTail' }
  | { op: 'setAt' | 'insertAt'; i: number; v: string }
  | { op: 'removeValue'; v: string; limit: number; fromTail: boolean }
  | { op: 'trim'; head: number; tail: number };

const val = fc.constantFrom('a', 'b', 'c', '');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('pushHead' as const, 'pushTail' as const), v: val }),
  fc.record({ op: fc.constantFrom('popHead' as const, 'popTail' as const) }),
  fc.record({ op: fc.constantFrom('setAt' as const, 'insertAt' as const), i: fc.nat(40), v: val }),
  fc.record({ op: fc.constant('removeValue' as const), v: val, limit: fc.nat(3), fromTail: fc.boolean() }),
  fc.record({ op: fc.constant('trim' as const), head: fc.nat(4), tail: fc.nat(4) }),
);

/** The reference: a plain JS array with the same semantics. */
function applyModel(m: string[], o: Op): unknown {
  switch (o.op) {
    case 'pushHead': m.unshift(o.v); return undefined;
    case 'pushTail': m.push(o.v); return undefined;
    case 'popHead': return m.shift();
    case 'popTail': return m.pop();
    case 'setAt': if (m.length) m[o.i % m.length] = o.v; return undefined;
    case 'insertAt': m.splice(o.i % (m.length + 1), 0, o.v); return undefined;
    case 'removeValue': {
      let removed = 0;
      if (!o.fromTail) {
        for (let i = 0; i < m.length; ) {
          if (m[i] === o.v && (o.limit === 0 || removed < o.limit)) { m.splice(i, 1); removed++; } else i++;
        }
      } else {
        for (let i = m.length - 1; i >= 0; i--) {
          if (m[i] === o.v && (o.limit === 0 || removed < o.limit)) { m.splice(i, 1); removed++; }
        }
      }
      return removed;
    }
    case 'trim': {
      if (o.head + o.tail >= m.length) m.length = 0;
      else { m.splice(0, o.head); m.splice(m.length - o.tail, o.tail); }
      return undefined;
    }
  }
}

function applyList(l: ListValue, o: Op): unknown {
  switch (o.op) {
    case 'pushHead': l.pushHead(o.v); return undefined;
    case 'pushTail': l.pushTail(o.v); return undefined;
    case 'popHead': return l.popHead();
    case 'popTail': return l.popTail();
    case 'setAt': if (l.length) l.setAt(o.i % l.length, o.v); return undefined;
    case 'insertAt': l.insertAt(o.i % (l.length + 1), o.v); return undefined;
    case 'removeValue': return l.removeValue(o.v, o.limit, o.fromTail);
    case 'trim': l.trim(o.head, o.tail); return undefined;
  }
}

describe('ListValue', () => {
  it('matches a JS array model under random operations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const l = new ListValue();
        const m: string[] = [];
        for (const o of ops) {
          expect(applyList(l, o)).toEqual(applyModel(m, o));
          expect(l.length).toBe(m.length);
        }
        expect(l.toArray()).toEqual(m);
        for (let i = 0; i < m.length; i++) expect(l.at(i)).toBe(m[i]);
        if (m.length) expect(l.range(0, m.length - 1)).toEqual(m);
        for (const v of ['a', 'b', 'x']) expect(l.indexOf(v)).toBe(m.indexOf(v));
      }),
      { numRuns: 300 },
    );
  });

  it('normalizes Redis indexes', () => {
    const l = new ListValue(['a', 'b', 'c']);
    expect(l.normalize(0)).toBe(0);
    expect(l.normalize(-1)).toBe(2);
    expect(l.normalize(-3)).toBe(0);
    expect(l.normalize(-4)).toBe(-1);
    expect(l.normalize(3)).toBe(-1);
  });

  it('always reports the quicklist encoding (Redis 7.0) and clones deeply', () => {
    const l = new ListValue(['a']);
    expect(l.encoding()).toBe('quicklist');
    expect(l.type).toBe('list');
    const c = l.clone();
    c.pushTail('b');
    expect(l.toArray()).toEqual(['a']);
    expect(c.toArray()).toEqual(['a', 'b']);
  });
});
