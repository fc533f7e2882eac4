/**
 * ds/set.ts — the set value (t_set.c). Members live in a Dict (O(1) add/remove/random, SCAN with
 * Redis's guarantee). While every member is a base-10 int64 (string2ll rules) and the set is small
 * enough, Redis keeps it as an intset, which iterates in ascending numeric order; we mirror that
 * by flagging the set `intset` and iterating a sorted copy (cached until the next change).
 * The command layer passes the set-max-intset-entries limit to add().
 * Pure data structure: no protocol, no server, no database.
 */
import { Dict } from './dict';
import { parseInt64 } from '../util/numbers';

/** True when s is a canonical int64 as string2ll accepts it. */
export function isInt64String(s: string): boolean {
  return s.length <= 20 && parseInt64(s) !== null;
}

function compareInt(a: string, b: string): number {
  if (a.length <= 15 && b.length <= 15) return Number(a) - Number(b);
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export class RedisSet {
  readonly type = 'set' as const;
  readonly dict = new Dict<null>();
  /** True while Redis would keep this set as an intset. */
  intset = true;
  private sorted: string[] | null = null;

  encoding(): string {
    return this.intset ? 'intset' : 'hashtable';
  }

  clone(): RedisSet {
    const s = new RedisSet();
    s.intset = this.intset;
    const keys = this.dict.keys();
    for (let i = 0; i < keys.length; i++) s.dict.set(keys[i]!, null);
    return s;
  }

  get size(): number {
    return this.dict.size;
  }

  has(member: string): boolean {
    return this.dict.has(member);
  }

  /**
   * Adds member; returns true when it is new. Converts to hashtable when the member isn't an
   * integer or the intset would exceed maxIntsetEntries.
   */
  add(member: string, maxIntsetEntries: number): boolean {
    if (this.dict.has(member)) return false;
    if (this.intset && (!isInt64String(member) || this.dict.size + 1 > maxIntsetEntries)) {
      this.intset = false;
    }
    this.dict.set(member, null);
    this.sorted = null;
    return true;
  }

  delete(member: string): boolean {
    if (!this.dict.delete(member)) return false;
    this.sorted = null;
    return true;
  }

  /** Members in Redis's iteration order (ascending for an intset). Don't mutate the result. */
  members(): readonly string[] {
    if (!this.intset) return this.dict.keys();
    if (this.sorted === null) this.sorted = this.dict.keys().slice().sort(compareInt);
    return this.sorted;
  }

  randomMember(): string | undefined {
    return this.dict.randomKey();
  }
}
