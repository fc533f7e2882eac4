/**
 * ds/zset.ts — the sorted set value (Redis's zset: a dict member → score plus an ordered index
 * by (score, member), here the B+tree of ds/zset-btree.ts). Both encodings Redis reports share
 * one representation, because the order of a listpack zset is the same (score, member) order;
 * `listpack` only records what OBJECT ENCODING prints and how ZSCAN/ZRANDMEMBER and lex ranges
 * behave (a listpack is scanned in one call, and searched linearly).
 * The command layer decides conversions (it knows the zset-max-listpack-* config).
 * Elements are reached through positions (numbers, -1 = none) or ZNode cursors; both are valid
 * until the zset is next modified.
 * Pure data structure: no protocol, no server, no database.
 */
import { Dict } from './dict';
import { ZTree, ZNode, lexGteMin, lexLteMax, lexRangeEmpty, type ScoreRange, type LexRange } from './zset-btree';

export { ZNode };

export class SortedSet {
  readonly type = 'zset' as const;
  readonly dict = new Dict<number>();
  readonly tree = new ZTree();
  /** True while Redis would keep this zset as a listpack. */
  listpack: boolean;

  constructor(listpack = true) {
    this.listpack = listpack;
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  clone(): SortedSet {
    const z = new SortedSet(this.listpack);
    const t = this.tree;
    for (let p = t.first(); p >= 0; p = t.next(p)) z.insertNew(t.score(p), t.ele(p));
    return z;
  }

  get size(): number {
    return this.dict.size;
  }

  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  /** Adds a member known to be absent. */
  insertNew(score: number, member: string): void {
    // A listpack stores integral scores as integers, so -0 reads back as 0.
    if (score === 0 && this.listpack) score = 0;
    this.dict.set(member, score);
    this.tree.insert(score, member);
  }

  /**
   * Sets the score of member (adding it when absent). Returns true when it was added.
   * Score must not be NaN.
   */
  set(score: number, member: string): boolean {
    const cur = this.dict.get(member);
    if (cur === undefined) {
      this.insertNew(score, member);
      return true;
    }
    this.update(cur, score, member);
    return false;
  }

  /** Changes the score of a present member whose current score is `cur`. */
  update(cur: number, score: number, member: string): void {
    if (score === 0 && this.listpack) score = 0;
    if (!Object.is(cur, score)) {
      this.tree.update(cur, member, score);
      this.dict.set(member, score);
    }
  }

  /** Removes member; returns true when it was present. */
  delete(member: string): boolean {
    const cur = this.dict.get(member);
    if (cur === undefined) return false;
    this.dict.delete(member);
    this.tree.delete(cur, member);
    return true;
  }

  /** 0-based rank in ascending order (descending when reverse), or -1 when absent. */
  rank(member: string, reverse = false): number {
    const s = this.dict.get(member);
    if (s === undefined) return -1;
    const r = this.tree.rank(s, member);
    return reverse ? this.tree.length - 1 - r : r;
  }

  private node(p: number): ZNode | null {
    return p < 0 ? null : new ZNode(this.tree, p);
  }

  /** The element at 0-based ascending index, or null. */
  at(index: number): ZNode | null {
    return this.node(this.tree.at(index));
  }
  first(): ZNode | null {
    return this.node(this.tree.first());
  }
  last(): ZNode | null {
    return this.node(this.tree.last());
  }
  firstInRange(r: ScoreRange): ZNode | null {
    return this.node(this.tree.firstInRange(r));
  }
  lastInRange(r: ScoreRange): ZNode | null {
    return this.node(this.tree.lastInRange(r));
  }

  /**
   * Lex ranges only make sense when all scores are equal; otherwise Redis's answer depends on the
   * encoding: a listpack is scanned linearly (deterministic, reproduced here), a skiplist is
   * searched top-down (here: the tree is). Both first reject ranges that miss the [first, last]
   * members.
   */
  private inLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const t = this.tree;
    if (t.length === 0) return false;
    return lexGteMin(t.ele(t.last()), r) && lexLteMax(t.ele(t.first()), r);
  }

  /** Position of the first member in the lex range, or -1. */
  firstInLexRangePos(r: LexRange): number {
    if (!this.inLexRange(r)) return -1;
    const t = this.tree;
    if (!this.listpack) return t.firstInLexRange(r);
    for (let p = t.first(); p >= 0; p = t.next(p)) {
      if (lexGteMin(t.ele(p), r)) return lexLteMax(t.ele(p), r) ? p : -1;
    }
    return -1;
  }
  /** Position of the last member in the lex range, or -1. */
  lastInLexRangePos(r: LexRange): number {
    if (!this.inLexRange(r)) return -1;
    const t = this.tree;
    if (!this.listpack) return t.lastInLexRange(r);
    for (let p = t.last(); p >= 0; p = t.prev(p)) {
      if (lexLteMax(t.ele(p), r)) return lexGteMin(t.ele(p), r) ? p : -1;
    }
    return -1;
  }
  firstInLexRange(r: LexRange): ZNode | null {
    return this.node(this.firstInLexRangePos(r));
  }
  lastInLexRange(r: LexRange): ZNode | null {
    return this.node(this.lastInLexRangePos(r));
  }

  /** Number of elements before node (its 0-based rank). */
  rankOfNode(n: ZNode): number {
    return this.tree.rankAt(n.pos);
  }

  /**
   * Removes the elements of ascending 0-based ranks [start, end] (clamped to the set). Returns
   * how many. O(log n + m), like zslDeleteRangeByRank.
   */
  deleteRangeByIndex(start: number, end: number): number {
    const t = this.tree;
    if (start < 0) start = 0;
    if (end >= t.length) end = t.length - 1;
    if (start > end) return 0;
    const dict = this.dict;
    let p = t.at(start);
    for (let i = start; i <= end; i++, p = t.next(p)) dict.delete(t.ele(p));
    t.deleteRange(start, end - start + 1);
    return end - start + 1;
  }

  /** Switches to the listpack encoding (zsetConvert): integral scores are stored as integers there, so -0 becomes 0. */
  toListpack(): void {
    this.listpack = true;
    const t = this.tree;
    for (let p = t.first(); p >= 0; p = t.next(p)) {
      if (Object.is(t.score(p), -0)) {
        t.setScoreAt(p, 0);
        this.dict.set(t.ele(p), 0);
      }
    }
  }

  /** Largest member length in bytes (for listpack conversion decisions). */
  maxMemberLength(): number {
    let m = 0;
    const keys = this.dict.keys();
    for (let i = 0; i < keys.length; i++) if (keys[i]!.length > m) m = keys[i]!.length;
    return m;
  }
}
