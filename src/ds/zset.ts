/**
 * ds/zset.ts — the sorted set value (Redis's zset: a dict member → score plus a skiplist ordered
 * by (score, member)). Both encodings Redis reports share one representation here, because the
 * order of a listpack zset is the same (score, member) order; `listpack` only records what
 * OBJECT ENCODING prints and how ZSCAN/ZRANDMEMBER behave (a listpack is scanned in one call).
 * The command layer decides conversions (it knows the zset-max-listpack-* config).
 * Pure data structure: no protocol, no server, no database.
 */
import { Dict } from './dict';
import { SkipList, lexGteMin, lexLteMax, lexRangeEmpty, type SkipNode, type ScoreRange, type LexRange } from './skiplist';

export class SortedSet {
  readonly type = 'zset' as const;
  readonly dict = new Dict<number>();
  readonly zsl = new SkipList();
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
    for (let n = this.zsl.first(); n !== null; n = n.forward) z.insertNew(n.score, n.ele);
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
    this.zsl.insert(score, member);
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
    if (score === 0 && this.listpack) score = 0;
    if (!Object.is(cur, score)) {
      this.zsl.updateScore(cur, member, score);
      this.dict.set(member, score);
    }
    return false;
  }

  /** Removes member; returns true when it was present. */
  delete(member: string): boolean {
    const cur = this.dict.get(member);
    if (cur === undefined) return false;
    this.dict.delete(member);
    this.zsl.delete(cur, member);
    return true;
  }

  /** 0-based rank in ascending order, or -1 when absent. */
  rank(member: string, reverse = false): number {
    const s = this.dict.get(member);
    if (s === undefined) return -1;
    const r = this.zsl.rankOf(s, member);
    return reverse ? this.zsl.length - r : r - 1;
  }

  /** The node at 0-based ascending index, or null. */
  at(index: number): SkipNode | null {
    return this.zsl.byRank(index + 1);
  }

  first(): SkipNode | null {
    return this.zsl.first();
  }
  last(): SkipNode | null {
    return this.zsl.tail;
  }

  firstInRange(r: ScoreRange): SkipNode | null {
    return this.zsl.firstInRange(r);
  }
  lastInRange(r: ScoreRange): SkipNode | null {
    return this.zsl.lastInRange(r);
  }
  /**
   * Lex ranges only make sense when all scores are equal; otherwise Redis's answer depends on the
   * encoding: a listpack is scanned linearly (deterministic, reproduced here), a skiplist is
   * searched top-down. Both first reject ranges that miss the [first, last] members.
   */
  private inLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const last = this.zsl.tail;
    const first = this.zsl.first();
    return last !== null && first !== null && lexGteMin(last.ele, r) && lexLteMax(first.ele, r);
  }

  firstInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    if (!this.listpack) return this.zsl.firstInLexRange(r);
    for (let n = this.zsl.first(); n !== null; n = n.forward) {
      if (lexGteMin(n.ele, r)) return lexLteMax(n.ele, r) ? n : null;
    }
    return null;
  }
  lastInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    if (!this.listpack) return this.zsl.lastInLexRange(r);
    for (let n = this.zsl.tail; n !== null; n = n.prev) {
      if (lexLteMax(n.ele, r)) return lexGteMin(n.ele, r) ? n : null;
    }
    return null;
  }

  /** Number of elements before node (its 0-based rank). */
  rankOfNode(n: SkipNode): number {
    return this.zsl.rankOf(n.score, n.ele) - 1;
  }

  /** Removes the elements of ascending 0-based ranks [start, end]. Returns how many. */
  deleteRangeByIndex(start: number, end: number): number {
    let node = this.at(start);
    let removed = 0;
    for (let i = start; i <= end && node !== null; i++) {
      const next = node.forward;
      this.delete(node.ele);
      removed++;
      node = next;
    }
    return removed;
  }

  /** Switches to the listpack encoding (zsetConvert): integral scores are stored as integers there, so -0 becomes 0. */
  toListpack(): void {
    this.listpack = true;
    for (let n = this.zsl.first(); n !== null; n = n.forward) {
      if (Object.is(n.score, -0)) {
        n.score = 0;
        this.dict.set(n.ele, 0);
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
