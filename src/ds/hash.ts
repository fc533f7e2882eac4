/**
 * ds/hash.ts — the hash value (t_hash.c "Hash type API" half).
 *
 * Two encodings, as OBJECT ENCODING reports them:
 *  - "listpack" while small: fields keep insertion order (a field updated in place keeps its
 *    position, a deleted field closes the gap), which is what HGETALL/HKEYS/HSCAN show in Redis;
 *  - "hashtable" once the hash grows past hash-max-listpack-entries or a field/value is longer
 *    than hash-max-listpack-value. The conversion is one-way, as in Redis.
 * The thresholds are the caller's business (the command layer reads the config): this module
 * only records the encoding and keeps order while it is "listpack".
 *
 * Both encodings sit on ds/dict.ts: O(1) get/set/delete, O(1) random field (HRANDFIELD) and the
 * SCAN cursor with Redis's guarantee (HSCAN). Listpack deletes use deleteOrdered (O(n), n ≤ 128
 * by default). Pure: no protocol, server or db imports.
 */
import { Dict } from './dict';

export class HashValue {
  readonly type = 'hash' as const;
  readonly dict = new Dict<string>();
  /** True while the hash is "listpack" encoded. */
  listpack = true;

  encoding(): string {
    return this.listpack ? 'listpack' : 'hashtable';
  }

  clone(): HashValue {
    const h = new HashValue();
    h.listpack = this.listpack;
    const keys = this.dict.keys();
    const vals = this.dict.values();
    for (let i = 0; i < keys.length; i++) h.dict.set(keys[i]!, vals[i]!);
    return h;
  }

  get size(): number {
    return this.dict.size;
  }

  get(field: string): string | undefined {
    return this.dict.get(field);
  }

  has(field: string): boolean {
    return this.dict.has(field);
  }

  /** Sets field to value; returns true when the field is new. */
  set(field: string, value: string): boolean {
    return this.dict.set(field, value);
  }

  /** Deletes the field (keeping order while listpack); returns true when it existed. */
  delete(field: string): boolean {
    return this.listpack ? this.dict.deleteOrdered(field) : this.dict.delete(field);
  }

  /** Switches to the "hashtable" encoding (never reverts). */
  convert(): void {
    this.listpack = false;
  }

  /**
   * Converts when the hash has more than maxEntries fields (the check hashTypeSet does after
   * each insert while listpack-encoded).
   */
  checkEntries(maxEntries: number): void {
    if (this.listpack && this.dict.size > maxEntries) this.listpack = false;
  }
}
