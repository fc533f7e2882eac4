/**
 * ds/skiplist.ts — the ordered half of a sorted set (Redis's zskiplist, t_zset.c): nodes ordered by
 * (score, member), each level link carrying a span (how many level-0 steps it jumps), so that
 * insert, delete, rank, element-by-rank and the first/last element of a score or lex range are all
 * O(log n). Members compare as bytes (latin1 strings compare code unit by code unit, i.e. memcmp).
 * Pure data structure: no protocol, no server, no database.
 *
 * Layout (why it is not one object per node with link arrays): a search visits ~4·log4(n) nodes,
 * and with objects each visit touched the node, its boxed score, its `next` array and its `span`
 * array — four cache misses per step, which made ZADD/ZRANK on a large zset several times slower
 * than Redis. Here the whole index lives in one ArrayBuffer viewed as Int32Array + Float64Array:
 * each node owns a block of 4 + 2·level int32 slots
 *
 *   [h, h+1] score (f64 at h/2)   h+2 level   h+3 index of its SkipNode in `nodes`
 *   h+4+2i   next block at level i (0 = none: block 0 is the header)   h+5+2i  span at level i
 *
 * so a step reads one link and the next block's score, usually from the same cache line. Scores
 * are compared first; the member (via `nodes`) is only read on equal scores. Every element also
 * has a small SkipNode object (score, ele, prev, forward) mirroring level 0, which is what callers
 * iterate and what the lookups return. Freed blocks go to a free list per level; when most of the
 * buffer is free it is rebuilt compactly (O(n), amortised over the deletions that emptied it).
 */

export const SKIPLIST_MAXLEVEL = 32;

/** One element as callers see it. Only level 0 is mirrored here: forward and prev. */
export class SkipNode {
  /** The following element (level 0), or null at the tail. Higher levels live in the SkipList. */
  forward: SkipNode | null = null;
  prev: SkipNode | null = null;
  constructor(
    public score: number,
    public readonly ele: string,
  ) {}

  /** Old spelling of `forward` as a one-element link array; allocates, so use `forward`. */
  get next(): readonly (SkipNode | null)[] {
    return [this.forward];
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

/**
 * Level with P(level > k) = 4^-k (Redis's ZSKIPLIST_P = 0.25), from one random draw: every pair
 * of zero bits adds a level. 32 random bits give up to 17 levels; a higher level has probability
 * 4^-16 and would not change any complexity.
 */
function randomLevel(): number {
  let r = (Math.random() * 4294967296) >>> 0;
  let level = 1;
  while ((r & 3) === 0 && level < 17) {
    level++;
    r >>>= 2;
  }
  return level;
}

/** Block slot offsets (see the file header). */
const LEVEL = 2;
const OBJ = 3;
const NEXT = 4;
const SPAN = 5;
/** int32 slots of the header block. */
const HEADER_SIZE = NEXT + 2 * SKIPLIST_MAXLEVEL;
const INITIAL_CAP = 2 * HEADER_SIZE;
/** Rebuild when the buffer is at least this big (int32 slots) and at most a quarter of it is live. */
const COMPACT_MIN = 16 * 1024;

export class SkipList {
  /** The header's SkipNode: header.forward is the first element. Never part of the order. */
  readonly header = new SkipNode(0, '');
  tail: SkipNode | null = null;
  length = 0;
  level = 1;
  private i32: Int32Array;
  private f64: Float64Array;
  /** First unused slot of the buffer. */
  private top = 0;
  /** int32 slots held by live blocks (header included). */
  private used = 0;
  /** Free blocks per level, chained through their OBJ slot; 0 = none. */
  private readonly free = new Int32Array(SKIPLIST_MAXLEVEL + 1);
  /** SkipNode of each block, by the index in its OBJ slot; index 0 is the header. */
  private nodes: (SkipNode | null)[] = [];
  private nodeFree: number[] = [];
  private readonly update = new Int32Array(SKIPLIST_MAXLEVEL);
  private readonly rank = new Int32Array(SKIPLIST_MAXLEVEL);

  constructor() {
    const buf = new ArrayBuffer(INITIAL_CAP * 4);
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
    this.nodes.push(this.header);
    this.top = HEADER_SIZE;
    this.used = HEADER_SIZE;
    this.i32[LEVEL] = SKIPLIST_MAXLEVEL;
    this.i32[OBJ] = 0;
  }

  /** A zeroed block for a node of `level` levels; may replace the buffers (handles stay valid). */
  private allocBlock(level: number): number {
    const size = NEXT + 2 * level;
    let h = this.free[level]!;
    if (h !== 0) {
      this.free[level] = this.i32[h + OBJ]!;
    } else {
      h = this.top;
      if (h + size > this.i32.length) this.grow(h + size);
      this.top = h + size;
    }
    const a = this.i32;
    a.fill(0, h + NEXT, h + size);
    a[h + LEVEL] = level;
    this.used += size;
    return h;
  }

  private grow(need: number): void {
    let cap = this.i32.length * 2;
    while (cap < need) cap *= 2;
    const buf = new ArrayBuffer(cap * 4);
    const a = new Int32Array(buf);
    a.set(this.i32.subarray(0, this.top));
    this.i32 = a;
    this.f64 = new Float64Array(buf);
  }

  private freeBlock(h: number): void {
    const a = this.i32;
    const level = a[h + LEVEL]!;
    const oi = a[h + OBJ]!;
    this.nodes[oi] = null;
    this.nodeFree.push(oi);
    a[h + OBJ] = this.free[level]!;
    this.free[level] = h;
    this.used -= NEXT + 2 * level;
  }

  private nodeOf(h: number): SkipNode {
    return this.nodes[this.i32[h + OBJ]!]!;
  }

  /** Inserts a pair that must not already be present. Returns the new node. */
  insert(score: number, ele: string, level = randomLevel()): SkipNode {
    return this.link(new SkipNode(score, ele), level);
  }

  /** Links `node` (score and ele set, not in the list) with `level` levels. */
  private link(node: SkipNode, level: number): SkipNode {
    const score = node.score;
    const ele = node.ele;
    const update = this.update;
    const rank = this.rank;
    const nodes = this.nodes;
    let a = this.i32;
    const f = this.f64;
    let x = 0;
    const top = this.level - 1;
    for (let i = top; i >= 0; i--) {
      let r = i === top ? 0 : rank[i + 1]!;
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0) {
        const s = f[n >> 1]!;
        if (s < score || (s === score && nodes[a[n + OBJ]!]!.ele < ele)) {
          r += a[x + SPAN + 2 * i]!;
          x = n;
          n = a[x + NEXT + 2 * i]!;
        } else break;
      }
      rank[i] = r;
      update[i] = x;
    }
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = 0;
        a[SPAN + 2 * i] = this.length;
      }
      this.level = level;
    }
    const h = this.allocBlock(level);
    a = this.i32;
    this.f64[h >> 1] = score;
    let oi: number;
    if (this.nodeFree.length > 0) {
      oi = this.nodeFree.pop()!;
      nodes[oi] = node;
    } else {
      oi = nodes.length;
      nodes.push(node);
    }
    a[h + OBJ] = oi;
    const r0 = rank[0]!;
    for (let i = 0; i < level; i++) {
      const u = update[i]!;
      const d = r0 - rank[i]!;
      a[h + NEXT + 2 * i] = a[u + NEXT + 2 * i]!;
      a[u + NEXT + 2 * i] = h;
      a[h + SPAN + 2 * i] = a[u + SPAN + 2 * i]! - d;
      a[u + SPAN + 2 * i] = d + 1;
    }
    for (let i = level; i < this.level; i++) a[update[i]! + SPAN + 2 * i]!++;
    const u0 = update[0]!;
    const p = nodes[a[u0 + OBJ]!]!;
    const nx = p.forward;
    p.forward = node;
    node.prev = u0 === 0 ? null : p;
    node.forward = nx;
    if (nx !== null) nx.prev = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  /**
   * Fills `update` with the last block before (score, ele) at every level and returns the block
   * at level 0 after it (0 when none).
   */
  private findUpdate(score: number, ele: string): number {
    const update = this.update;
    const nodes = this.nodes;
    const a = this.i32;
    const f = this.f64;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0) {
        const s = f[n >> 1]!;
        if (s < score || (s === score && nodes[a[n + OBJ]!]!.ele < ele)) {
          x = n;
          n = a[x + NEXT + 2 * i]!;
        } else break;
      }
      update[i] = x;
    }
    return a[x + NEXT]!;
  }

  /** Unlinks block t (whose predecessors are in `update`) and its node; frees the block. */
  private unlink(t: number, node: SkipNode): void {
    const a = this.i32;
    const update = this.update;
    for (let i = 0; i < this.level; i++) {
      const u = update[i]!;
      if (a[u + NEXT + 2 * i] === t) {
        a[u + SPAN + 2 * i]! += a[t + SPAN + 2 * i]! - 1;
        a[u + NEXT + 2 * i] = a[t + NEXT + 2 * i]!;
      } else {
        a[u + SPAN + 2 * i]!--;
      }
    }
    const p = node.prev ?? this.header;
    const nx = node.forward;
    p.forward = nx;
    if (nx !== null) nx.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.forward = null;
    while (this.level > 1 && a[NEXT + 2 * (this.level - 1)] === 0) this.level--;
    this.freeBlock(t);
    this.length--;
  }

  /** Deletes the pair; returns true when it was found. */
  delete(score: number, ele: string): boolean {
    const t = this.findUpdate(score, ele);
    if (t === 0 || this.f64[t >> 1] !== score) return false;
    const node = this.nodeOf(t);
    if (node.ele !== ele) return false;
    this.unlink(t, node);
    if (this.top >= COMPACT_MIN && this.used * 4 < this.top) this.compact();
    return true;
  }

  /**
   * Changes the score of a present pair. Updates in place when the order doesn't change,
   * otherwise removes and re-inserts (same node object, same level). Returns the node.
   */
  updateScore(curScore: number, ele: string, newScore: number): SkipNode {
    const t = this.findUpdate(curScore, ele);
    const node = t === 0 ? null : this.nodeOf(t);
    if (node === null || node.score !== curScore || node.ele !== ele) throw new Error('skiplist: element not found');
    const p = node.prev;
    const n = node.forward;
    if ((p === null || p.score < newScore || (p.score === newScore && p.ele < ele)) &&
        (n === null || n.score > newScore || (n.score === newScore && n.ele > ele))) {
      node.score = newScore;
      this.f64[t >> 1] = newScore;
      return node;
    }
    const level = this.i32[t + LEVEL]!;
    this.unlink(t, node);
    node.score = newScore;
    return this.link(node, level);
  }

  /** 1-based rank of the pair, 0 when absent. */
  rankOf(score: number, ele: string): number {
    const nodes = this.nodes;
    const a = this.i32;
    const f = this.f64;
    let rank = 0;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0) {
        const s = f[n >> 1]!;
        if (s < score || (s === score && nodes[a[n + OBJ]!]!.ele <= ele)) {
          rank += a[x + SPAN + 2 * i]!;
          x = n;
          n = a[x + NEXT + 2 * i]!;
        } else break;
      }
      if (x !== 0 && f[x >> 1] === score && nodes[a[x + OBJ]!]!.ele === ele) return rank;
    }
    return 0;
  }

  /** The node at 1-based rank, or null when out of range. */
  byRank(rank: number): SkipNode | null {
    if (rank < 1 || rank > this.length) return null;
    const a = this.i32;
    let traversed = 0;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0 && traversed + a[x + SPAN + 2 * i]! <= rank) {
        traversed += a[x + SPAN + 2 * i]!;
        x = n;
        n = a[x + NEXT + 2 * i]!;
      }
      if (traversed === rank) return this.nodeOf(x);
    }
    return null;
  }

  first(): SkipNode | null {
    return this.header.forward;
  }

  /** First node with score in range, or null. */
  firstInRange(r: ScoreRange): SkipNode | null {
    if (scoreRangeEmpty(r) || this.length === 0) return null;
    const a = this.i32;
    const f = this.f64;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0 && !scoreGteMin(f[n >> 1]!, r)) {
        x = n;
        n = a[x + NEXT + 2 * i]!;
      }
    }
    const c = a[x + NEXT]!;
    if (c === 0 || !scoreLteMax(f[c >> 1]!, r)) return null;
    return this.nodeOf(c);
  }

  /** Last node with score in range, or null. */
  lastInRange(r: ScoreRange): SkipNode | null {
    if (scoreRangeEmpty(r) || this.length === 0) return null;
    const a = this.i32;
    const f = this.f64;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0 && scoreLteMax(f[n >> 1]!, r)) {
        x = n;
        n = a[x + NEXT + 2 * i]!;
      }
    }
    if (x === 0 || !scoreGteMin(f[x >> 1]!, r)) return null;
    return this.nodeOf(x);
  }

  firstInLexRange(r: LexRange): SkipNode | null {
    if (lexRangeEmpty(r) || this.length === 0) return null;
    const a = this.i32;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0 && !lexGteMin(this.nodeOf(n).ele, r)) {
        x = n;
        n = a[x + NEXT + 2 * i]!;
      }
    }
    const c = a[x + NEXT]!;
    if (c === 0) return null;
    const node = this.nodeOf(c);
    return lexLteMax(node.ele, r) ? node : null;
  }

  lastInLexRange(r: LexRange): SkipNode | null {
    if (lexRangeEmpty(r) || this.length === 0) return null;
    const a = this.i32;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = a[x + NEXT + 2 * i]!;
      while (n !== 0 && lexLteMax(this.nodeOf(n).ele, r)) {
        x = n;
        n = a[x + NEXT + 2 * i]!;
      }
    }
    if (x === 0) return null;
    const node = this.nodeOf(x);
    return lexGteMin(node.ele, r) ? node : null;
  }

  /** Removes the node (found by its pair). */
  deleteNode(node: SkipNode): void {
    this.delete(node.score, node.ele);
  }

  /**
   * Number of levels of the element's block (its tower height), or 0 when absent. For tests and
   * invariant checks.
   */
  levelOf(node: SkipNode): number {
    const t = this.findUpdate(node.score, node.ele);
    return t !== 0 && this.nodeOf(t) === node ? this.i32[t + LEVEL]! : 0;
  }

  /**
   * For invariant checks: at `level`, the chain of (node, span) links from the header, as
   * [span from the header, then each node with the span of its own link at that level].
   */
  linksAt(level: number): { node: SkipNode | null; span: number }[] {
    const a = this.i32;
    const out: { node: SkipNode | null; span: number }[] = [];
    let x = 0;
    for (;;) {
      const n = a[x + NEXT + 2 * level]!;
      out.push({ node: x === 0 ? null : this.nodeOf(x), span: a[x + SPAN + 2 * level]! });
      if (n === 0) return out;
      x = n;
    }
  }

  /** The header's link at `level` is empty (for invariant checks). */
  headerEmptyAt(level: number): boolean {
    return this.i32[NEXT + 2 * level] === 0;
  }

  /**
   * Rebuilds the buffer with only the live blocks, in order (the same towers, so the same
   * structure). Called when at most a quarter of a large buffer is live.
   */
  private compact(): void {
    const old = this.i32;
    const oldF = this.f64;
    let cap = INITIAL_CAP;
    while (cap < this.used * 2) cap *= 2;
    const buf = new ArrayBuffer(cap * 4);
    const a = new Int32Array(buf);
    const f = new Float64Array(buf);
    a[LEVEL] = SKIPLIST_MAXLEVEL;
    a[OBJ] = 0;
    let top = HEADER_SIZE;
    // last[i]: the block that ends level i so far; lastRank[i]: its rank.
    const last = this.update;
    const lastRank = this.rank;
    last.fill(0);
    lastRank.fill(0);
    let rank = 0;
    // The node table is renumbered densely too (it does not shrink otherwise).
    const oldNodes = this.nodes;
    const nodes: (SkipNode | null)[] = [this.header];
    for (let o = old[NEXT]!; o !== 0; o = old[o + NEXT]!) {
      const level = old[o + LEVEL]!;
      const h = top;
      top += NEXT + 2 * level;
      f[h >> 1] = oldF[o >> 1]!;
      a[h + LEVEL] = level;
      a[h + OBJ] = nodes.length;
      nodes.push(oldNodes[old[o + OBJ]!]!);
      rank++;
      for (let i = 0; i < level; i++) {
        const l = last[i]!;
        a[l + NEXT + 2 * i] = h;
        a[l + SPAN + 2 * i] = rank - lastRank[i]!;
        last[i] = h;
        lastRank[i] = rank;
      }
    }
    for (let i = 0; i < this.level; i++) a[last[i]! + SPAN + 2 * i] = rank - lastRank[i]!;
    this.i32 = a;
    this.f64 = f;
    this.top = top;
    this.used = top;
    this.free.fill(0);
    this.nodes = nodes;
    this.nodeFree = [];
  }
}
