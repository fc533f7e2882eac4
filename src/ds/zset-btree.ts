/**
 * ds/zset-btree.ts — the ordered half of a sorted set: an order-statistic B+tree over
 * (score, member) pairs. It gives what Redis's zskiplist gives (t_zset.c) with the same
 * complexities: insert, delete, update, rank, element-by-rank and the first/last element of a
 * score or lex range are O(log n); walking m neighbours is O(m). Members compare as bytes
 * (latin1 strings compare code unit by code unit, i.e. memcmp).
 *
 * Why a B+tree and not a skiplist: a skiplist search on a 100k-member zset visits ~30 nodes
 * scattered over memory (one cache miss each, plus one more per tie on the score to read the
 * member); here it visits ~3 nodes and binary-searches each node's packed scores, so ZADD/ZRANK
 * cost a few cache misses. And nothing is allocated per element beyond the member string: the
 * whole tree lives in a few typed arrays (struct of arrays), so a big zset adds almost nothing
 * for the GC to trace, and updating a member's score allocates nothing.
 *
 * Layout. Leaves and inner nodes have separate id spaces; node `x` owns slots [x·B, x·B + B) of
 * its kind's arrays.
 *  - leaf x: its elements' scores and members in order, in pages of 64 leaves (`scp`/`elp`,
 *    so that growing never copies them), `ln[x]` how many, `lnx[x]`/`lpv[x]` the next/previous
 *    leaf (-1 = none). A "position" is x·B + i: the handle for iteration (valid until the next
 *    mutation); score(p) and ele(p) read it.
 *  - inner x: `kid` its children (leaf ids at height 1, inner ids above), `cnt` the number of
 *    elements under each child, `inn[x]` how many children, and `isc`/`iel` at slot j ≥ 1 a
 *    separator key: every key under child j-1 is < separator j ≤ every key under child j.
 *    (Slot 0's separator is not used for routing.) Deletions never update separators: they
 *    stay valid bounds.
 * Nodes are kept at least about a quarter full (an underfull node merges with a sibling when
 * both fit in three quarters of a node), so the height is O(log n); freed nodes are reused, and
 * the arrays are rebuilt compactly when most of them are free.
 * Pure data structure: no protocol, no server, no database.
 */

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

/** Slots per node (elements per leaf, children per inner node). */
export const ZT_B = 64;
const SHIFT = 6;
const MASK = ZT_B - 1;
const HALF = ZT_B >> 1;
/** A node with fewer entries than this after a removal tries to merge with a sibling... */
const UNDERFULL = ZT_B >> 2;
/** ...when the two together fit in this many. */
const MERGE_MAX = (ZT_B * 3) >> 2;
/** Leaf slots are stored in pages of 64 leaves (4096 slots): growing a big zset never copies them. */
const PAGE_SHIFT = SHIFT + 6;
const PAGE = 1 << PAGE_SHIFT;
const PMASK = PAGE - 1;
/** Rebuild compactly when at least this many leaves are allocated and at most 1/8 of the slots are live. */
const COMPACT_MIN_LEAVES = 64;
/** seek()'s tests: score ≥ the range's min, score > its max, member ≥ its min, member > its max. */
const SEEK_GTE_MIN = 0;
const SEEK_GT_MAX = 1;
const SEEK_LEX_GTE_MIN = 2;
const SEEK_LEX_GT_MAX = 3;

/** The descent path of the last search: inner node and child index per depth (shared: all ops are synchronous). */
const PN = new Int32Array(64);
const PJ = new Int32Array(64);

const NO_F64 = new Float64Array(0);
const NO_I32 = new Int32Array(0);
// Shared placeholders, so that a small zset (one leaf, no inner node) allocates little: replaced
// by arrays of its own before the first write (a second leaf grows lnx/lpv; see allocLeaf).
const NO_LINK = new Int32Array([-1]);
const NO_NUM: number[] = [];
const NO_STR: string[] = [];

/** A page of member slots (holey from the start, so every page has the same elements kind). */
function strPage(n: number): string[] {
  return new Array<string>(n).fill('');
}

/** A cursor on one element (for callers that iterate): valid until the tree is next modified. */
export class ZNode {
  constructor(
    private readonly t: ZTree,
    readonly pos: number,
  ) {}
  get score(): number {
    return this.t.score(this.pos);
  }
  get ele(): string {
    return this.t.ele(this.pos);
  }
  /** The following element, or null at the end. */
  get forward(): ZNode | null {
    const p = this.t.next(this.pos);
    return p < 0 ? null : new ZNode(this.t, p);
  }
  /** The preceding element, or null at the start. */
  get prev(): ZNode | null {
    const p = this.t.prev(this.pos);
    return p < 0 ? null : new ZNode(this.t, p);
  }
}

export class ZTree {
  length = 0;
  /** 0: the root is a leaf. */
  height = 0;
  root = 0;
  /** First and last leaf. */
  head = 0;
  tail = 0;
  // Leaves: the scores and members of leaf x are in page x >> 6 of scp/elp, from slot
  // (x & 63) << 6. Page 0 starts small and doubles up to a full page (small zsets stay small);
  // later pages are allocated whole.
  scp: Float64Array[] = [new Float64Array(8)];
  elp: string[][] = [strPage(8)];
  ln: Int32Array = new Int32Array(1);
  lnx: Int32Array = NO_LINK;
  lpv: Int32Array = NO_LINK;
  private leafCap = 1;
  private leafTop = 1;
  private leafFree: number[] = NO_NUM;
  // Inner nodes (allocated with the first split).
  isc: Float64Array = NO_F64;
  iel: string[] = NO_STR;
  kid: Int32Array = NO_I32;
  cnt: Int32Array = NO_I32;
  inn: Int32Array = NO_I32;
  private nodeCap = 0;
  private nodeTop = 0;
  private nodeFree: number[] = NO_NUM;

  // -------------------------------------------------------------------------------------------
  // Allocation

  private allocLeaf(): number {
    if (this.leafFree.length > 0) return this.leafFree.pop()!;
    const id = this.leafTop++;
    if (id >= this.leafCap) {
      const cap = this.leafCap * 2;
      this.ln = growI32(this.ln, cap, 0);
      this.lnx = growI32(this.lnx, cap, -1);
      this.lpv = growI32(this.lpv, cap, -1);
      this.leafCap = cap;
    }
    this.ensureSlots(id, ZT_B);
    this.ln[id] = 0;
    return id;
  }

  /** Makes leaf x's page hold the leaf's first n slots (leaf ids are handed out in order). */
  private ensureSlots(x: number, n: number): void {
    const pg = x >> (PAGE_SHIFT - SHIFT);
    if (pg >= this.scp.length) {
      this.scp.push(new Float64Array(PAGE));
      this.elp.push(strPage(PAGE));
      return;
    }
    const need = ((x << SHIFT) & PMASK) + n;
    const sp = this.scp[pg]!;
    if (sp.length >= need) return;
    let len = sp.length * 2;
    while (len < need) len *= 2;
    const s2 = new Float64Array(len);
    s2.set(sp);
    this.scp[pg] = s2;
    const ep = this.elp[pg]!;
    const m = ep.length;
    ep.length = len;
    ep.fill('', m);
  }

  private freeLeaf(x: number): void {
    const p = this.lpv[x]!;
    const n = this.lnx[x]!;
    if (p >= 0) this.lnx[p] = n;
    else this.head = n;
    if (n >= 0) this.lpv[n] = p;
    else this.tail = p;
    const b = (x << SHIFT) & PMASK;
    const el = this.elp[x >> (PAGE_SHIFT - SHIFT)]!;
    for (let i = 0; i < this.ln[x]!; i++) el[b + i] = '';
    this.ln[x] = 0;
    if (this.leafFree === NO_NUM) this.leafFree = [];
    this.leafFree.push(x);
  }

  private allocNode(): number {
    if (this.nodeFree.length > 0) return this.nodeFree.pop()!;
    const id = this.nodeTop++;
    if (id >= this.nodeCap) {
      const cap = this.nodeCap === 0 ? 4 : this.nodeCap * 2;
      const isc = new Float64Array(cap << SHIFT);
      isc.set(this.isc);
      this.isc = isc;
      const iel = this.iel === NO_STR ? [] : this.iel;
      const n = iel.length;
      iel.length = cap << SHIFT;
      iel.fill('', n);
      this.iel = iel;
      this.kid = growI32(this.kid, cap << SHIFT, 0);
      this.cnt = growI32(this.cnt, cap << SHIFT, 0);
      this.inn = growI32(this.inn, cap, 0);
      this.nodeCap = cap;
    }
    this.inn[id] = 0;
    return id;
  }

  private freeNode(x: number): void {
    const b = x << SHIFT;
    const iel = this.iel;
    for (let i = 0; i < ZT_B; i++) iel[b + i] = '';
    this.inn[x] = 0;
    if (this.nodeFree === NO_NUM) this.nodeFree = [];
    this.nodeFree.push(x);
  }

  // -------------------------------------------------------------------------------------------
  // Search

  /** Descends towards (s, e), recording the path in PN/PJ; returns the leaf. */
  private descend(s: number, e: string): number {
    let x = this.root;
    const h = this.height;
    if (h === 0) return x;
    const isc = this.isc;
    const iel = this.iel;
    const kid = this.kid;
    const inn = this.inn;
    for (let d = 0; d < h; d++) {
      const b = x << SHIFT;
      // First separator > (s, e); the child before it.
      let lo = b + 1;
      let hi = b + inn[x]!;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        const ms = isc[m]!;
        if (ms < s || (ms === s && iel[m]! <= e)) lo = m + 1;
        else hi = m;
      }
      PN[d] = x;
      PJ[d] = lo - 1 - b;
      x = kid[lo - 1]!;
    }
    return x;
  }

  /** Position of the first element of leaf x that is >= (s, e) (x·B + ln[x] when none). */
  private lowerBound(x: number, s: number, e: string): number {
    const pg = x >> (PAGE_SHIFT - SHIFT);
    const sc = this.scp[pg]!;
    const el = this.elp[pg]!;
    const b = (x << SHIFT) & PMASK;
    let lo = b;
    let hi = b + this.ln[x]!;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      const ms = sc[m]!;
      if (ms < s || (ms === s && el[m]! < e)) lo = m + 1;
      else hi = m;
    }
    return (x << SHIFT) + lo - b;
  }

  /** Position of (s, e), or -1; the path to its leaf is left in PN/PJ. */
  private find(s: number, e: string): number {
    const x = this.descend(s, e);
    return this.findInLeaf(x, s, e);
  }

  /** Position of (s, e) in leaf x, or -1 (lowerBound and the equality test on one page lookup). */
  private findInLeaf(x: number, s: number, e: string): number {
    const pg = x >> (PAGE_SHIFT - SHIFT);
    const sc = this.scp[pg]!;
    const el = this.elp[pg]!;
    const b = (x << SHIFT) & PMASK;
    const end = b + this.ln[x]!;
    let lo = b;
    let hi = end;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      const ms = sc[m]!;
      if (ms < s || (ms === s && el[m]! < e)) lo = m + 1;
      else hi = m;
    }
    return lo < end && sc[lo] === s && el[lo] === e ? (x << SHIFT) + lo - b : -1;
  }

  has(s: number, e: string): boolean {
    return this.find(s, e) >= 0;
  }

  // -------------------------------------------------------------------------------------------
  // Insert

  /** Inserts a pair that must not already be present. */
  insert(s: number, e: string): void {
    const x = this.descend(s, e);
    const p = this.lowerBound(x, s, e);
    this.length++;
    const cnt = this.cnt;
    for (let d = 0; d < this.height; d++) cnt[(PN[d]! << SHIFT) + PJ[d]!]!++;
    const k = p - (x << SHIFT);
    if (this.ln[x]! < ZT_B) this.leafInsertAt(x, k, s, e);
    else this.splitLeafInsert(x, k, s, e);
  }

  private leafInsertAt(x: number, k: number, s: number, e: string): void {
    const n = this.ln[x]!;
    const pg = x >> (PAGE_SHIFT - SHIFT);
    const b = (x << SHIFT) & PMASK;
    if (b + n + 1 > this.scp[pg]!.length) this.ensureSlots(x, n + 1);
    const sc = this.scp[pg]!;
    const el = this.elp[pg]!;
    for (let i = b + n; i > b + k; i--) {
      sc[i] = sc[i - 1]!;
      el[i] = el[i - 1]!;
    }
    sc[b + k] = s;
    el[b + k] = e;
    this.ln[x] = n + 1;
  }

  /**
   * Splits the full leaf x and inserts (s, e) at its index k. Appending at the end (or the
   * start) moves nothing: ascending or descending loads fill leaves completely.
   */
  private splitLeafInsert(x: number, k: number, s: number, e: string): void {
    const m = k === ZT_B ? ZT_B : k === 0 ? 0 : HALF;
    const r = this.allocLeaf();
    const sl = this.scp[x >> (PAGE_SHIFT - SHIFT)]!;
    const elx = this.elp[x >> (PAGE_SHIFT - SHIFT)]!;
    const sr = this.scp[r >> (PAGE_SHIFT - SHIFT)]!;
    const er = this.elp[r >> (PAGE_SHIFT - SHIFT)]!;
    const bl = (x << SHIFT) & PMASK;
    const br = (r << SHIFT) & PMASK;
    for (let i = m; i < ZT_B; i++) {
      sr[br + i - m] = sl[bl + i]!;
      er[br + i - m] = elx[bl + i]!;
      elx[bl + i] = '';
    }
    this.ln[x] = m;
    this.ln[r] = ZT_B - m;
    const nx = this.lnx[x]!;
    this.lnx[r] = nx;
    this.lpv[r] = x;
    this.lnx[x] = r;
    if (nx >= 0) this.lpv[nx] = r;
    else this.tail = r;
    if (k < m || (k === m && m !== ZT_B)) this.leafInsertAt(x, k, s, e);
    else this.leafInsertAt(r, k - m, s, e);
    this.addChild(this.height - 1, r, this.score(r << SHIFT), this.ele(r << SHIFT), this.ln[x]!, this.ln[r]!);
  }

  /**
   * Inserts child c (first key sepS/sepE, cCnt elements) right after child PJ[d] of inner node
   * PN[d], whose count becomes leftCnt; d = -1 grows a new root. Splits full nodes upwards.
   */
  private addChild(d: number, c: number, sepS: number, sepE: string, leftCnt: number, cCnt: number): void {
    if (d < 0) {
      const old = this.root;
      const r = this.allocNode();
      const b = r << SHIFT;
      this.kid[b] = old;
      this.cnt[b] = leftCnt;
      this.kid[b + 1] = c;
      this.cnt[b + 1] = cCnt;
      this.isc[b + 1] = sepS;
      this.iel[b + 1] = sepE;
      this.inn[r] = 2;
      this.root = r;
      this.height++;
      return;
    }
    const p = PN[d]!;
    const q = PJ[d]! + 1;
    this.cnt[(p << SHIFT) + q - 1] = leftCnt;
    if (this.inn[p]! < ZT_B) {
      this.nodeInsertAt(p, q, c, sepS, sepE, cCnt);
      return;
    }
    const m = q === ZT_B ? ZT_B : HALF;
    const r = this.allocNode();
    const isc = this.isc;
    const iel = this.iel;
    const kid = this.kid;
    const cnt = this.cnt;
    const bl = p << SHIFT;
    const br = r << SHIFT;
    for (let i = m; i < ZT_B; i++) {
      isc[br + i - m] = isc[bl + i]!;
      iel[br + i - m] = iel[bl + i]!;
      kid[br + i - m] = kid[bl + i]!;
      cnt[br + i - m] = cnt[bl + i]!;
      iel[bl + i] = '';
    }
    this.inn[p] = m;
    this.inn[r] = ZT_B - m;
    if (q < m || (q === m && m !== ZT_B)) this.nodeInsertAt(p, q, c, sepS, sepE, cCnt);
    else this.nodeInsertAt(r, q - m, c, sepS, sepE, cCnt);
    this.addChild(d - 1, r, isc[br]!, iel[br]!, this.sumCounts(p), this.sumCounts(r));
  }

  private nodeInsertAt(p: number, q: number, c: number, s: number, e: string, n: number): void {
    const b = p << SHIFT;
    const isc = this.isc;
    const iel = this.iel;
    const kid = this.kid;
    const cnt = this.cnt;
    for (let i = b + this.inn[p]!; i > b + q; i--) {
      isc[i] = isc[i - 1]!;
      iel[i] = iel[i - 1]!;
      kid[i] = kid[i - 1]!;
      cnt[i] = cnt[i - 1]!;
    }
    isc[b + q] = s;
    iel[b + q] = e;
    kid[b + q] = c;
    cnt[b + q] = n;
    this.inn[p]!++;
  }

  private sumCounts(p: number): number {
    const cnt = this.cnt;
    const b = p << SHIFT;
    let t = 0;
    for (let i = b + this.inn[p]! - 1; i >= b; i--) t += cnt[i]!;
    return t;
  }

  // -------------------------------------------------------------------------------------------
  // Delete

  /** Deletes the pair; returns true when it was found. */
  delete(s: number, e: string): boolean {
    const p = this.find(s, e);
    if (p < 0) return false;
    this.removeAt(p);
    if (this.leafTop >= COMPACT_MIN_LEAVES && this.length * 8 < this.leafTop << SHIFT) this.rebuild();
    return true;
  }

  /**
   * Deletes the `count` elements from 0-based rank `start` on (they must exist): one descent
   * per leaf touched, so O(log n + count), like zslDeleteRangeByRank.
   */
  deleteRange(start: number, count: number): void {
    while (count > 0) {
      // Descend by rank, recording the path.
      let x = this.root;
      let r = start;
      const kid = this.kid;
      const cnt = this.cnt;
      for (let d = 0; d < this.height; d++) {
        const b = x << SHIFT;
        let i = b;
        while (r >= cnt[i]!) r -= cnt[i++]!;
        PN[d] = x;
        PJ[d] = i - b;
        x = kid[i]!;
      }
      const b = (x << SHIFT) & PMASK;
      const n = this.ln[x]!;
      const t = Math.min(count, n - r);
      const sc = this.scp[x >> (PAGE_SHIFT - SHIFT)]!;
      const el = this.elp[x >> (PAGE_SHIFT - SHIFT)]!;
      for (let i = b + r; i + t < b + n; i++) {
        sc[i] = sc[i + t]!;
        el[i] = el[i + t]!;
      }
      for (let i = b + n - t; i < b + n; i++) el[i] = '';
      this.ln[x] = n - t;
      this.length -= t;
      count -= t;
      for (let d = 0; d < this.height; d++) cnt[(PN[d]! << SHIFT) + PJ[d]!]! -= t;
      if (this.height > 0 && n - t < UNDERFULL) this.fixLeaf(x);
    }
    if (this.leafTop >= COMPACT_MIN_LEAVES && this.length * 8 < this.leafTop << SHIFT) this.rebuild();
  }

  /** Removes the element at position p, whose leaf's path is in PN/PJ. */
  private removeAt(p: number): void {
    const x = p >> SHIFT;
    const b = (x << SHIFT) & PMASK;
    const n = this.ln[x]! - 1;
    const sc = this.scp[x >> (PAGE_SHIFT - SHIFT)]!;
    const el = this.elp[x >> (PAGE_SHIFT - SHIFT)]!;
    for (let i = p & PMASK; i < b + n; i++) {
      sc[i] = sc[i + 1]!;
      el[i] = el[i + 1]!;
    }
    el[b + n] = '';
    this.ln[x] = n;
    this.length--;
    const h = this.height;
    if (h === 0) return;
    const cnt = this.cnt;
    for (let d = 0; d < h; d++) cnt[(PN[d]! << SHIFT) + PJ[d]!]!--;
    if (n < UNDERFULL) this.fixLeaf(x);
  }

  /** Leaf x (child PJ[h-1] of PN[h-1]) became underfull: drop it when empty, else try a merge. */
  private fixLeaf(x: number): void {
    const d = this.height - 1;
    const p = PN[d]!;
    const j = PJ[d]!;
    const b = p << SHIFT;
    if (this.ln[x] === 0) {
      this.freeLeaf(x);
      this.removeChild(d, j);
      return;
    }
    const kid = this.kid;
    if (j + 1 < this.inn[p]! && this.ln[x]! + this.ln[kid[b + j + 1]!]! <= MERGE_MAX) {
      this.mergeLeaves(x, kid[b + j + 1]!);
      this.cnt[b + j]! += this.cnt[b + j + 1]!;
      this.removeChild(d, j + 1);
    } else if (j > 0 && this.ln[x]! + this.ln[kid[b + j - 1]!]! <= MERGE_MAX) {
      this.mergeLeaves(kid[b + j - 1]!, x);
      this.cnt[b + j - 1]! += this.cnt[b + j]!;
      this.removeChild(d, j);
    }
  }

  /** Appends leaf r's elements to its left neighbour l and frees r. */
  private mergeLeaves(l: number, r: number): void {
    const sl = this.scp[l >> (PAGE_SHIFT - SHIFT)]!;
    const el = this.elp[l >> (PAGE_SHIFT - SHIFT)]!;
    const sr = this.scp[r >> (PAGE_SHIFT - SHIFT)]!;
    const er = this.elp[r >> (PAGE_SHIFT - SHIFT)]!;
    const bl = ((l << SHIFT) & PMASK) + this.ln[l]!;
    const br = (r << SHIFT) & PMASK;
    const n = this.ln[r]!;
    for (let i = 0; i < n; i++) {
      sl[bl + i] = sr[br + i]!;
      el[bl + i] = er[br + i]!;
    }
    this.ln[l]! += n;
    this.freeLeaf(r);
  }

  /** Removes child j of PN[d] (already freed or merged away), then fixes that node. */
  private removeChild(d: number, j: number): void {
    const p = PN[d]!;
    const b = p << SHIFT;
    const n = this.inn[p]! - 1;
    const isc = this.isc;
    const iel = this.iel;
    const kid = this.kid;
    const cnt = this.cnt;
    for (let i = b + j; i < b + n; i++) {
      isc[i] = isc[i + 1]!;
      iel[i] = iel[i + 1]!;
      kid[i] = kid[i + 1]!;
      cnt[i] = cnt[i + 1]!;
    }
    iel[b + n] = '';
    this.inn[p] = n;
    if (d === 0) {
      // The root: drop levels while it has a single child.
      while (this.height > 0 && this.inn[this.root] === 1) {
        const r = this.root;
        this.root = this.kid[r << SHIFT]!;
        this.height--;
        this.freeNode(r);
      }
      return;
    }
    if (n >= UNDERFULL) return;
    const g = PN[d - 1]!;
    const gj = PJ[d - 1]!;
    const gb = g << SHIFT;
    if (n === 0) {
      this.freeNode(p);
      this.removeChild(d - 1, gj);
      return;
    }
    const inn = this.inn;
    if (gj + 1 < inn[g]! && n + inn[kid[gb + gj + 1]!]! <= MERGE_MAX) {
      this.mergeNodes(p, kid[gb + gj + 1]!, isc[gb + gj + 1]!, iel[gb + gj + 1]!);
      this.cnt[gb + gj]! += this.cnt[gb + gj + 1]!;
      this.removeChild(d - 1, gj + 1);
    } else if (gj > 0 && n + inn[kid[gb + gj - 1]!]! <= MERGE_MAX) {
      this.mergeNodes(kid[gb + gj - 1]!, p, isc[gb + gj]!, iel[gb + gj]!);
      this.cnt[gb + gj - 1]! += this.cnt[gb + gj]!;
      this.removeChild(d - 1, gj);
    }
  }

  /** Appends inner node r's children to its left sibling l (sepS/sepE: r's separator) and frees r. */
  private mergeNodes(l: number, r: number, sepS: number, sepE: string): void {
    const isc = this.isc;
    const iel = this.iel;
    const kid = this.kid;
    const cnt = this.cnt;
    const bl = (l << SHIFT) + this.inn[l]!;
    const br = r << SHIFT;
    const n = this.inn[r]!;
    for (let i = 0; i < n; i++) {
      isc[bl + i] = isc[br + i]!;
      iel[bl + i] = iel[br + i]!;
      kid[bl + i] = kid[br + i]!;
      cnt[bl + i] = cnt[br + i]!;
    }
    isc[bl] = sepS;
    iel[bl] = sepE;
    this.inn[l]! += n;
    this.freeNode(r);
  }

  /** Rebuilds all arrays compactly (in order, leaves full), after most elements were deleted. */
  private rebuild(): void {
    const n = this.length;
    const ss = new Float64Array(n);
    const es: string[] = new Array<string>(n);
    let i = 0;
    for (let p = this.first(); p >= 0; p = this.next(p)) {
      ss[i] = this.score(p);
      es[i++] = this.ele(p);
    }
    this.reset();
    for (i = 0; i < n; i++) this.insert(ss[i]!, es[i]!);
  }

  private reset(): void {
    this.length = 0;
    this.height = 0;
    this.root = 0;
    this.head = 0;
    this.tail = 0;
    this.scp = [new Float64Array(8)];
    this.elp = [strPage(8)];
    this.ln = new Int32Array(1);
    this.lnx = NO_LINK;
    this.lpv = NO_LINK;
    this.leafCap = 1;
    this.leafTop = 1;
    this.leafFree = NO_NUM;
    this.isc = NO_F64;
    this.iel = NO_STR;
    this.kid = NO_I32;
    this.cnt = NO_I32;
    this.inn = NO_I32;
    this.nodeCap = 0;
    this.nodeTop = 0;
    this.nodeFree = NO_NUM;
  }

  // -------------------------------------------------------------------------------------------
  // Update

  /**
   * Changes the score of a present pair (Redis's zslUpdateScore): in place when the order
   * doesn't change, moved inside its leaf when it stays there, else removed and re-inserted.
   */
  update(cur: number, member: string, s: number): void {
    const gp = this.find(cur, member);
    if (gp < 0) throw new Error('zset tree: element not found');
    const x = gp >> SHIFT;
    const sc = this.scp[x >> (PAGE_SHIFT - SHIFT)]!;
    const el = this.elp[x >> (PAGE_SHIFT - SHIFT)]!;
    // Page-local slots from here on.
    const p = gp & PMASK;
    const b = (x << SHIFT) & PMASK;
    const last = b + this.ln[x]! - 1;
    // Keep the stored string (the caller's is usually a fresh argv string: storing it would
    // promote it and leave the old one as old-generation garbage).
    const e = el[p]!;
    // Bounds the new key must respect to stay in this leaf: its other elements, or (at an end)
    // the old key itself, which was within the leaf's separators.
    const fo = p > b ? b : p < last ? b + 1 : -1;
    const lo = p < last ? last : p > b ? last - 1 : -1;
    const aboveLo = p > b ? sc[p - 1]! < s || (sc[p - 1] === s && el[p - 1]! < e) : s > cur;
    const belowHi = p < last ? s < sc[p + 1]! || (s === sc[p + 1] && e < el[p + 1]!) : s < cur;
    if (aboveLo && belowHi) {
      sc[p] = s;
      return;
    }
    // Still inside this leaf's range (fo/lo: its first/last other element): shift within the leaf.
    const inLo = s > cur || (fo >= 0 && (sc[fo]! < s || (sc[fo] === s && el[fo]! < e)));
    const inHi = s < cur || (lo >= 0 && (s < sc[lo]! || (s === sc[lo] && e < el[lo]!)));
    if (inLo && inHi) {
      for (let i = p; i < last; i++) {
        sc[i] = sc[i + 1]!;
        el[i] = el[i + 1]!;
      }
      this.ln[x]!--;
      const q = this.lowerBound(x, s, e) & PMASK;
      for (let i = last; i > q; i--) {
        sc[i] = sc[i - 1]!;
        el[i] = el[i - 1]!;
      }
      sc[q] = s;
      el[q] = e;
      this.ln[x]!++;
      return;
    }
    this.removeAt(gp);
    this.insert(s, e);
  }

  /** Sets the score at position p to a value that compares equal (e.g. -0 → 0). */
  setScoreAt(p: number, s: number): void {
    this.scp[p >> PAGE_SHIFT]![p & PMASK] = s;
  }

  // -------------------------------------------------------------------------------------------
  // Rank and positions

  /** 0-based rank of the pair, or -1 when absent: its index in its leaf plus the counts of the
   * children left of the descent's path. */
  rank(s: number, e: string): number {
    const p = this.findInLeaf(this.descend(s, e), s, e);
    if (p < 0) return -1;
    let r = p & MASK;
    const cnt = this.cnt;
    for (let d = 0; d < this.height; d++) {
      const b = PN[d]! << SHIFT;
      for (let i = b; i < b + PJ[d]!; i++) r += cnt[i]!;
    }
    return r;
  }

  /** 0-based rank of the element at position p. */
  rankAt(p: number): number {
    return this.rank(this.score(p), this.ele(p));
  }

  /** Position of the element of 0-based rank r, or -1 when out of range. */
  at(r: number): number {
    if (r < 0 || r >= this.length) return -1;
    let x = this.root;
    const kid = this.kid;
    const cnt = this.cnt;
    for (let d = 0; d < this.height; d++) {
      let i = x << SHIFT;
      while (r >= cnt[i]!) r -= cnt[i++]!;
      x = kid[i]!;
    }
    return (x << SHIFT) + r;
  }

  first(): number {
    return this.length === 0 ? -1 : this.head << SHIFT;
  }
  last(): number {
    return this.length === 0 ? -1 : (this.tail << SHIFT) + this.ln[this.tail]! - 1;
  }
  next(p: number): number {
    const x = p >> SHIFT;
    if ((p & MASK) + 1 < this.ln[x]!) return p + 1;
    const n = this.lnx[x]!;
    return n < 0 ? -1 : n << SHIFT;
  }
  prev(p: number): number {
    if ((p & MASK) > 0) return p - 1;
    const v = this.lpv[p >> SHIFT]!;
    return v < 0 ? -1 : (v << SHIFT) + this.ln[v]! - 1;
  }
  score(p: number): number {
    return this.scp[p >> PAGE_SHIFT]![p & PMASK]!;
  }
  ele(p: number): string {
    return this.elp[p >> PAGE_SHIFT]![p & PMASK]!;
  }

  // -------------------------------------------------------------------------------------------
  // Ranges. Each end of a range is found by one search for the first position where a monotone
  // test turns true (seek): the first element inside the range is the first that is not before
  // it, the last one is the one before the first that is past it.

  /** Position of the first element with score in range, or -1. */
  firstInRange(r: ScoreRange): number {
    if (this.length === 0 || scoreRangeEmpty(r)) return -1;
    const p = this.seek(SEEK_GTE_MIN, r);
    return p >= 0 && scoreLteMax(this.score(p), r) ? p : -1;
  }

  /** Position of the last element with score in range, or -1. */
  lastInRange(r: ScoreRange): number {
    if (this.length === 0 || scoreRangeEmpty(r)) return -1;
    const after = this.seek(SEEK_GT_MAX, r);
    const p = after < 0 ? this.last() : this.prev(after);
    return p >= 0 && scoreGteMin(this.score(p), r) ? p : -1;
  }

  /**
   * Position of the first element with member in the lex range, searching as if members were
   * sorted (they are when all scores are equal, the only case where lex ranges are defined).
   */
  firstInLexRange(r: LexRange): number {
    if (this.length === 0 || lexRangeEmpty(r)) return -1;
    const p = this.seek(SEEK_LEX_GTE_MIN, r);
    return p >= 0 && lexLteMax(this.ele(p), r) ? p : -1;
  }

  /** Position of the last element with member in the lex range (see firstInLexRange), or -1. */
  lastInLexRange(r: LexRange): number {
    if (this.length === 0 || lexRangeEmpty(r)) return -1;
    const after = this.seek(SEEK_LEX_GT_MAX, r);
    const p = after < 0 ? this.last() : this.prev(after);
    return p >= 0 && lexGteMin(this.ele(p), r) ? p : -1;
  }

  /**
   * The first position whose element passes `test` (false … false, true … true in tree order),
   * or -1 when none does: one descent by the inner separators (a child's first element), then
   * a binary search in the leaf.
   */
  private seek(test: number, r: ScoreRange | LexRange): number {
    let x = this.root;
    for (let d = 0; d < this.height; d++) {
      // The last child whose separator fails the test holds the first element that passes.
      const b = x << SHIFT;
      let lo = b + 1;
      let hi = b + this.inn[x]!;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (this.passes(test, this.isc[m]!, this.iel[m]!, r)) hi = m;
        else lo = m + 1;
      }
      x = this.kid[lo - 1]!;
    }
    const page = x >> (PAGE_SHIFT - SHIFT);
    const sc = this.scp[page]!;
    const el = this.elp[page]!;
    const b = (x << SHIFT) & PMASK;
    let lo = b;
    let hi = b + this.ln[x]!;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (this.passes(test, sc[m]!, el[m]!, r)) hi = m;
      else lo = m + 1;
    }
    if (lo < b + this.ln[x]!) return (x << SHIFT) + lo - b;
    const n = this.lnx[x]!;
    return n < 0 ? -1 : n << SHIFT;
  }

  private passes(test: number, score: number, ele: string, r: ScoreRange | LexRange): boolean {
    switch (test) {
      case SEEK_GTE_MIN:
        return scoreGteMin(score, r as ScoreRange);
      case SEEK_GT_MAX:
        return !scoreLteMax(score, r as ScoreRange);
      case SEEK_LEX_GTE_MIN:
        return lexGteMin(ele, r as LexRange);
      default:
        return !lexLteMax(ele, r as LexRange);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Invariant check (tests)

  /** Throws when a structural invariant is broken. O(n). */
  check(): void {
    const fail = (m: string): never => {
      throw new Error('zset tree: ' + m);
    };
    const less = (s1: number, e1: string, s2: number, e2: string) => s1 < s2 || (s1 === s2 && e1 < e2);
    // Leaf chain: order, counts, non-empty leaves.
    let total = 0;
    let prevLeaf = -1;
    let ps = 0;
    let pe = '';
    const leaves: number[] = [];
    for (let x = this.head; x >= 0; x = this.lnx[x]!) {
      if (this.lpv[x] !== prevLeaf) fail('prev link');
      const n = this.ln[x]!;
      if (n === 0 && this.length > 0) fail('empty leaf');
      if (n > ZT_B) fail('leaf overflow');
      for (let i = 0; i < n; i++) {
        const p = (x << SHIFT) + i;
        if (total > 0 && !less(ps, pe, this.score(p), this.ele(p))) fail('order');
        ps = this.score(p);
        pe = this.ele(p);
        total++;
      }
      leaves.push(x);
      prevLeaf = x;
      if (leaves.length > this.leafTop) fail('leaf cycle');
    }
    if (this.tail !== prevLeaf) fail('tail');
    if (total !== this.length) fail('length');
    // Tree: counts, separators, leaves in chain order, uniform depth.
    let li = 0;
    const walk = (x: number, h: number, loS: number, loE: string | null, hiS: number, hiE: string | null): number => {
      if (h === 0) {
        if (leaves[li++] !== x) fail('leaf order');
        for (let i = 0; i < this.ln[x]!; i++) {
          const p = (x << SHIFT) + i;
          if (loE !== null && less(this.score(p), this.ele(p), loS, loE)) fail('below separator');
          if (hiE !== null && !less(this.score(p), this.ele(p), hiS, hiE)) fail('above separator');
        }
        return this.ln[x]!;
      }
      const b = x << SHIFT;
      const n = this.inn[x]!;
      if (n < 1 || n > ZT_B) fail('inner size');
      if (x !== this.root && n < 1) fail('inner underflow');
      let t = 0;
      for (let j = 0; j < n; j++) {
        const cl = j === 0 ? loE : this.iel[b + j]!;
        const cls = j === 0 ? loS : this.isc[b + j]!;
        const ch = j + 1 < n ? this.iel[b + j + 1]! : hiE;
        const chs = j + 1 < n ? this.isc[b + j + 1]! : hiS;
        const c = walk(this.kid[b + j]!, h - 1, cls, cl, chs, ch);
        if (c !== this.cnt[b + j]) fail('count');
        t += c;
      }
      return t;
    };
    if (walk(this.root, this.height, 0, null, 0, null) !== this.length) fail('tree length');
    if (li !== leaves.length) fail('unreached leaves');
  }
}

function growI32(a: Int32Array, cap: number, fill: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
