/**
 * ds/list.ts — the list value (Redis's quicklist, t_list.c "List API" half).
 *
 * Backed by denque (a ring buffer): O(1) push/pop at both ends and O(1) access by index, which
 * is at least as good as Redis's quicklist everywhere (LINDEX/LSET are O(n) there). Inserts and
 * removals in the middle are O(n), as in Redis.
 *
 * OBJECT ENCODING: Redis 7.0 always reports "quicklist" for lists (the listpack encoding of
 * small lists only arrived in 7.2), whatever list-max-listpack-size says; checked against
 * redis-server 7.0.15 (`RPUSH l a` then `OBJECT ENCODING l` → quicklist).
 *
 * Pure data structure: imports no protocol, server or db code. It matches db's TypedValue
 * interface structurally.
 */
import Denque from 'denque';

export class ListValue {
  readonly type = 'list' as const;
  private items: Denque<string>;

  constructor(items?: string[]) {
    this.items = items ? new Denque<string>(items) : new Denque<string>();
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): ListValue {
    return new ListValue(this.items.toArray());
  }

  get length(): number {
    return this.items.length;
  }

  pushHead(v: string): void {
    this.items.unshift(v);
  }

  pushTail(v: string): void {
    this.items.push(v);
  }

  popHead(): string | undefined {
    return this.items.shift();
  }

  popTail(): string | undefined {
    return this.items.pop();
  }

  /** The element at a 0-based index from the head (0 ≤ i < length). */
  at(i: number): string {
    return this.items.peekAt(i)!;
  }

  /**
   * Normalizes a Redis index (negative counts from the tail) to 0..length-1, or -1 when out of
   * range.
   */
  normalize(index: number): number {
    const n = this.items.length;
    const i = index < 0 ? n + index : index;
    return i < 0 || i >= n ? -1 : i;
  }

  /** Replaces the element at 0-based index i (0 ≤ i < length). */
  setAt(i: number, v: string): void {
    this.items.splice(i, 1, v);
  }

  /** Inserts v so that it ends up at 0-based position i (0 ≤ i ≤ length). */
  insertAt(i: number, v: string): void {
    if (i === 0) this.items.unshift(v);
    else if (i === this.items.length) this.items.push(v);
    else this.items.splice(i, 0, v);
  }

  /** First 0-based index of v from the head, or -1. */
  indexOf(v: string): number {
    const n = this.items.length;
    for (let i = 0; i < n; i++) if (this.items.peekAt(i) === v) return i;
    return -1;
  }

  /**
   * Removes up to `limit` occurrences of v (0 = all), scanning from the head, or from the tail
   * when `fromTail`. Returns how many were removed. O(n).
   */
  removeValue(v: string, limit: number, fromTail: boolean): number {
    const arr = this.items.toArray();
    const n = arr.length;
    let removed = 0;
    if (!fromTail) {
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const e = arr[i]!;
        if (e === v && (limit === 0 || removed < limit)) removed++;
        else out.push(e);
      }
      if (removed) this.items = new Denque<string>(out);
    } else {
      const keep: boolean[] = new Array<boolean>(n).fill(true);
      for (let i = n - 1; i >= 0; i--) {
        if (arr[i] === v) {
          keep[i] = false;
          if (++removed === limit) break;
        }
      }
      if (removed) {
        const out: string[] = [];
        for (let i = 0; i < n; i++) if (keep[i]) out.push(arr[i]!);
        this.items = new Denque<string>(out);
      }
    }
    return removed;
  }

  /** Removes `head` elements from the head and `tail` elements from the tail. */
  trim(head: number, tail: number): void {
    const q = this.items;
    if (head + tail >= q.length) {
      q.clear();
      return;
    }
    for (let i = 0; i < head; i++) q.shift();
    for (let i = 0; i < tail; i++) q.pop();
  }

  /** The elements from 0-based start to end inclusive (0 ≤ start ≤ end < length). */
  range(start: number, end: number): string[] {
    const out = new Array<string>(end - start + 1);
    for (let i = start, j = 0; i <= end; i++, j++) out[j] = this.items.peekAt(i)!;
    return out;
  }

  toArray(): string[] {
    return this.items.toArray();
  }
}
