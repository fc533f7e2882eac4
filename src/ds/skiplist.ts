/**
 * ds/skiplist.ts — the ordered half of a sorted set (Redis's zskiplist, t_zset.c): nodes ordered by
 * (score, member), each level link carrying a span (how many level-0 steps it jumps), so that
 * insert, delete, rank, element-by-rank and the first/last element of a score or lex range are all
 * O(log n). Members compare as bytes (latin1 strings compare code unit by code unit, i.e. memcmp).
 * Pure data structure: no protocol, no server, no database.
 */

export const SKIPLIST_MAXLEVEL = 32;
const SKIPLIST_P = 0.25;

export class SkipNode {
  /** Forward pointers, one per level. */
  readonly next: (SkipNode | null)[];
  /** span[i]: number of level-0 steps from this node to next[i] (to the end when null). */
  readonly span: number[];
  prev: SkipNode | null = null;
  constructor(
    public score: number,
    public readonly ele: string,
    level: number,
  ) {
    // Literal/push-built arrays: much cheaper than new Array(n).fill() for these tiny sizes, and
    // they stay packed (most nodes have one level).
    if (level === 1) {
      this.next = [null];
      this.span = [0];
    } else {
      const next: (SkipNode | null)[] = [];
      const span: number[] = [];
      for (let i = 0; i < level; i++) {
        next.push(null);
        span.push(0);
      }
      this.next = next;
      this.span = span;
    }
  }
}

/** A score interval; minex/maxex make the bound exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** One end of a lex interval: '-' (kind -1), '+' (kind 1) or a member, inclusive or not. */
export interface LexBound {
  kind: -1 | 0 | 1;
  value: string;
  excl: boolean;
}
export interface LexRange {
  min: LexBound;
  max: LexBound;
}

/** Orders (score, member) pairs as Redis does: by score, then by member bytes. */
function before(aScore: number, aEle: string, bScore: number, bEle: string): boolean {
  return aScore < bScore || (aScore === bScore && aEle < bEle);
}

export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}
export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}
/** True when no score can be in the range. */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

export function lexGteMin(v: string, r: LexRange): boolean {
  const b = r.min;
  if (b.kind === -1) return true;
  if (b.kind === 1) return false;
  return b.excl ? v > b.value : v >= b.value;
}
export function lexLteMax(v: string, r: LexRange): boolean {
  const b = r.max;
  if (b.kind === 1) return true;
  if (b.kind === -1) return false;
  return b.excl ? v < b.value : v <= b.value;
}
/** True when no member can be in the range (zslIsInLexRange's quick rejection). */
export function lexRangeEmpty(r: LexRange): boolean {
  const a = r.min;
  const b = r.max;
  if (a.kind === 1 || b.kind === -1) return true;
  if (a.kind === -1 || b.kind === 1) return false;
  return a.value > b.value || (a.value === b.value && (a.excl || b.excl));
}

function randomLevel(): number {
  let level = 1;
  while (level < SKIPLIST_MAXLEVEL && Math.random() < SKIPLIST_P) level++;
  return level;
}

export class SkipList {
  readonly header = new SkipNode(0, '', SKIPLIST_MAXLEVEL);
  tail: SkipNode | null = null;
  length = 0;
  level = 1;
  private readonly update: SkipNode[] = new Array<SkipNode>(SKIPLIST_MAXLEVEL);
  private readonly rank: number[] = new Array<number>(SKIPLIST_MAXLEVEL).fill(0);

  /** Inserts a pair that must not already be present. Returns the new node. */
  insert(score: number, ele: string, level = randomLevel()): SkipNode {
    const update = this.update;
    const rank = this.rank;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1]!;
      let n = x.next[i]!;
      while (n !== null && before(n.score, n.ele, score, ele)) {
        rank[i]! += x.span[i]!;
        x = n;
        n = x.next[i]!;
      }
      update[i] = x;
    }
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.length;
      }
      this.level = level;
    }
    const node = new SkipNode(score, ele, level);
    for (let i = 0; i < level; i++) {
      const u = update[i]!;
      node.next[i] = u.next[i]!;
      u.next[i] = node;
      node.span[i] = u.span[i]! - (rank[0]! - rank[i]!);
      u.span[i] = rank[0]! - rank[i]! + 1;
    }
    for (let i = level; i < this.level; i++) update[i]!.span[i]!++;
    node.prev = update[0] === this.header ? null : update[0]!;
    const n0 = node.next[0]!;
    if (n0 !== null) n0.prev = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  /** Unlinks x given the update vector of its predecessors. */
  private unlink(x: SkipNode, update: SkipNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i]!;
      if (u.next[i] === x) {
        u.span[i]! += x.span[i]! - 1;
        u.next[i] = x.next[i]!;
      } else {
        u.span[i]!--;
      }
    }
    const n0 = x.next[0]!;
    if (n0 !== null) n0.prev = x.prev;
    else this.tail = x.prev;
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Deletes the pair; returns true when it was found. */
  delete(score: number, ele: string): boolean {
    const update = this.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && before(n.score, n.ele, score, ele)) {
        x = n;
        n = x.next[i]!;
      }
      update[i] = x;
    }
    const t = x.next[0]!;
    if (t !== null && t.score === score && t.ele === ele) {
      this.unlink(t, update);
      return true;
    }
    return false;
  }

  /**
   * Changes the score of a present pair. Updates in place when the order doesn't change,
   * otherwise removes and re-inserts. Returns the node now holding the element.
   */
  updateScore(curScore: number, ele: string, newScore: number): SkipNode {
    const update = this.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && before(n.score, n.ele, curScore, ele)) {
        x = n;
        n = x.next[i]!;
      }
      update[i] = x;
    }
    const node = x.next[0]!;
    if (node === null || node.score !== curScore || node.ele !== ele) throw new Error('skiplist: element not found');
    const p = node.prev;
    const n = node.next[0]!;
    if ((p === null || p.score < newScore || (p.score === newScore && p.ele < ele)) &&
        (n === null || n.score > newScore || (n.score === newScore && n.ele > ele))) {
      node.score = newScore;
      return node;
    }
    this.unlink(node, update);
    return this.insert(newScore, ele, node.next.length);
  }

  /** 1-based rank of the pair, 0 when absent. */
  rankOf(score: number, ele: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && (before(n.score, n.ele, score, ele) || (n.score === score && n.ele === ele))) {
        rank += x.span[i]!;
        x = n;
        n = x.next[i]!;
      }
      if (x !== this.header && x.ele === ele && x.score === score) return rank;
    }
    return 0;
  }

  /** The node at 1-based rank, or null when out of range. */
  byRank(rank: number): SkipNode | null {
    if (rank < 1 || rank > this.length) return null;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && traversed + x.span[i]! <= rank) {
        traversed += x.span[i]!;
        x = n;
        n = x.next[i]!;
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  first(): SkipNode | null {
    return this.header.next[0]!;
  }

  /** First node with score in range, or null. */
  firstInRange(r: ScoreRange): SkipNode | null {
    if (scoreRangeEmpty(r) || this.length === 0) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && !scoreGteMin(n.score, r)) {
        x = n;
        n = x.next[i]!;
      }
    }
    const c = x.next[0]!;
    if (c === null || !scoreLteMax(c.score, r)) return null;
    return c;
  }

  /** Last node with score in range, or null. */
  lastInRange(r: ScoreRange): SkipNode | null {
    if (scoreRangeEmpty(r) || this.length === 0) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && scoreLteMax(n.score, r)) {
        x = n;
        n = x.next[i]!;
      }
    }
    if (x === this.header || !scoreGteMin(x.score, r)) return null;
    return x;
  }

  firstInLexRange(r: LexRange): SkipNode | null {
    if (lexRangeEmpty(r) || this.length === 0) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && !lexGteMin(n.ele, r)) {
        x = n;
        n = x.next[i]!;
      }
    }
    const c = x.next[0]!;
    if (c === null || !lexLteMax(c.ele, r)) return null;
    return c;
  }

  lastInLexRange(r: LexRange): SkipNode | null {
    if (lexRangeEmpty(r) || this.length === 0) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i]!;
      while (n !== null && lexLteMax(n.ele, r)) {
        x = n;
        n = x.next[i]!;
      }
    }
    if (x === this.header || !lexGteMin(x.ele, r)) return null;
    return x;
  }

  /** Removes the node (found by its pair). */
  deleteNode(node: SkipNode): void {
    this.delete(node.score, node.ele);
  }
}
