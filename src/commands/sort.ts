/**
 * commands/sort.ts — SORT and SORT_RO (https://redis.io/commands/sort/), after sort.c.
 * Sorts the elements of a list, set or sorted set numerically (strtod) or with ALPHA (bytes),
 * optionally BY an external key pattern (`*` replaced by the element, `->field` reads a hash
 * field; a pattern without `*` means "don't sort"), GETs external values, LIMITs, and STOREs the
 * result as a list.
 */
import type { CommandSpec } from './registry';
import { docs } from './set-zset-docs';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { argInt, eq } from './args';
import { parseDouble } from '../util/numbers';
import type { SortedSet } from '../ds/zset';
import type { RedisSet } from '../ds/set';
import { ListValue } from '../ds/list';
import type { HashValue } from '../ds/hash';
import { NotifyFlags } from '../db/notify';
import { ClientFlag } from '../protocol/client';
import type { Database } from '../db/database';

/**
 * lookupKeyByPattern: the value a BY/GET pattern designates for one element, or null.
 * "#" is the element itself; otherwise the first '*' is replaced by the element and an optional
 * "->field" suffix (after the '*') selects a hash field.
 */
function lookupByPattern(db: Database, pattern: string, subst: string): string | null {
  if (pattern === '#') return subst;
  const star = pattern.indexOf('*');
  if (star < 0) return null;
  const arrow = pattern.indexOf('->', star + 1);
  let field: string | null = null;
  let keyEnd = pattern.length;
  if (arrow >= 0 && arrow + 2 < pattern.length) {
    field = pattern.slice(arrow + 2);
    keyEnd = arrow;
  }
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, keyEnd);
  const v = db.lookupRead(key);
  if (v === undefined) return null;
  if (field !== null) {
    if (typeof v === 'string' || v.type !== 'hash') return null;
    const f = (v as unknown as HashValue).get(field);
    return f === undefined ? null : f;
  }
  return typeof v === 'string' ? v : null;
}

/** strtod as SORT applies it: the whole string, no NaN, no overflow/underflow (ERANGE). */
function sortStrtod(s: string): number | null {
  let i = 0;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch === 32 || (ch >= 9 && ch <= 13)) i++;
    else break;
  }
  if (i === s.length) return i === 0 ? 0 : null;
  const t = i === 0 ? s : s.slice(i);
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) {
    const d = Number(t);
    if (!Number.isFinite(d)) return null;
    if (d === 0 && /[1-9]/.test(t.replace(/[eE].*$/, ''))) return null;
    return d;
  }
  if (/^[+-]?(?:inf|infinity)$/i.test(t)) return t.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (/^[+-]?0[xX]/.test(t)) return parseDouble(t); // C99 hex floats, as strtod reads them
  return null;
}

interface SortItem {
  obj: string;
  score: number;
  cmp: string | null;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sortCommandGeneric. */
function sortGeneric(c: CommandContext, readonly: boolean): void {
  const argv = c.argv;
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j]!;
    if (eq(a, 'asc')) desc = false;
    else if (eq(a, 'desc')) desc = true;
    else if (eq(a, 'alpha')) alpha = true;
    else if (eq(a, 'limit') && left >= 2) {
      limitStart = argInt(argv[j + 1]!);
      limitCount = argInt(argv[j + 2]!);
      j += 2;
    } else if (!readonly && eq(a, 'store') && left >= 1) {
      storekey = argv[j + 1]!;
      j++;
    } else if (eq(a, 'by') && left >= 1) {
      sortby = argv[j + 1]!;
      if (sortby.indexOf('*') < 0) dontsort = true;
      j++;
    } else if (eq(a, 'get') && left >= 1) {
      gets.push(argv[j + 1]!);
      j++;
    } else {
      throw new ReplyError(E.syntax);
    }
  }

  const sortval = c.db.lookupRead(argv[1]!);
  if (sortval !== undefined && (typeof sortval === 'string' || (sortval.type !== 'set' && sortval.type !== 'list' && sortval.type !== 'zset'))) {
    throw new ReplyError(E.wrongType);
  }
  const type = sortval === undefined ? 'list' : sortval.type;
  // A set has no order of its own: with STORE (or in a script) "don't sort" becomes ALPHA, so
  // the stored result is deterministic.
  if (dontsort && type === 'set' && (storekey !== null || (c.flags & ClientFlag.Script) !== 0)) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }

  // Redis converts a sorted set to its skiplist encoding for good before sorting it.
  if (type === 'zset') (sortval as SortedSet).listpack = false;

  let vectorlen: number;
  if (sortval === undefined) vectorlen = 0;
  else if (type === 'list') vectorlen = (sortval as unknown as ListValue).length;
  else if (type === 'set') vectorlen = (sortval as RedisSet).size;
  else vectorlen = (sortval as SortedSet).size;

  let start = Math.min(Math.max(limitStart, 0), vectorlen);
  limitCount = Math.min(Math.max(limitCount, -1), vectorlen);
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;

  const vector: SortItem[] = [];
  if (sortval === undefined) {
    // empty
  } else if (type === 'list' && dontsort) {
    if (end >= start) {
      const list = sortval as unknown as ListValue;
      const len = list.length;
      const n = start !== 0 || end !== vectorlen - 1 ? end - start + 1 : vectorlen;
      for (let k = 0; k < n; k++) {
        const idx = desc ? len - start - 1 - k : start + k;
        if (idx < 0 || idx >= len) break;
        vector.push({ obj: list.at(idx), score: 0, cmp: null });
      }
      end -= start;
      start = 0;
    }
  } else if (type === 'list') {
    const arr = (sortval as unknown as ListValue).toArray();
    for (let k = 0; k < arr.length; k++) vector.push({ obj: arr[k]!, score: 0, cmp: null });
  } else if (type === 'set') {
    const m = (sortval as RedisSet).members();
    for (let k = 0; k < m.length; k++) vector.push({ obj: m[k]!, score: 0, cmp: null });
  } else if (dontsort) {
    const zs = sortval as SortedSet;
    const n = start !== 0 || end !== vectorlen - 1 ? end - start + 1 : vectorlen;
    let node = desc ? zs.at(vectorlen - 1 - start) : zs.at(start);
    for (let k = 0; k < n && node !== null; k++) {
      vector.push({ obj: node.ele, score: 0, cmp: null });
      node = desc ? node.prev : node.forward;
    }
    end -= start;
    start = 0;
  } else {
    const keys = (sortval as SortedSet).dict.keys();
    for (let k = 0; k < keys.length; k++) vector.push({ obj: keys[k]!, score: 0, cmp: null });
  }

  let convError = false;
  if (!dontsort) {
    for (let k = 0; k < vector.length; k++) {
      const it = vector[k]!;
      let byval: string | null;
      if (sortby !== null) {
        byval = lookupByPattern(c.db, sortby, it.obj);
        if (byval === null) continue;
      } else {
        byval = it.obj;
      }
      if (alpha) {
        if (sortby !== null) it.cmp = byval;
      } else {
        const d = sortStrtod(byval);
        if (d === null) convError = true;
        else it.score = d;
      }
    }
    const bypattern = sortby !== null;
    const sign = desc ? -1 : 1;
    vector.sort((x, y) => {
      let cmp: number;
      if (!alpha) {
        if (x.score > y.score) cmp = 1;
        else if (x.score < y.score) cmp = -1;
        else cmp = byteCompare(x.obj, y.obj);
      } else if (bypattern) {
        if (x.cmp === null || y.cmp === null) cmp = x.cmp === y.cmp ? 0 : x.cmp === null ? -1 : 1;
        else cmp = byteCompare(x.cmp, y.cmp);
      } else {
        cmp = byteCompare(x.obj, y.obj);
      }
      return sign * cmp;
    });
  }

  const getop = gets.length;
  const span = end - start + 1;
  const outputlen = getop ? getop * span : span;
  if (convError) throw new ReplyError(E.sortScores);
  if (storekey === null) {
    c.reply.array(outputlen);
    for (let k = start; k <= end; k++) {
      const obj = vector[k]!.obj;
      if (!getop) c.reply.bulk(obj);
      for (let g = 0; g < getop; g++) {
        const v = lookupByPattern(c.db, gets[g]!, obj);
        if (v === null) c.reply.nil();
        else c.reply.bulk(v);
      }
    }
    return;
  }
  const out: string[] = [];
  for (let k = start; k <= end; k++) {
    const obj = vector[k]!.obj;
    if (!getop) out.push(obj);
    for (let g = 0; g < getop; g++) out.push(lookupByPattern(c.db, gets[g]!, obj) ?? '');
  }
  if (outputlen > 0) {
    c.db.setKey(storekey, new ListValue(out));
    c.server.signalModifiedKey(c.db, storekey);
    c.server.signalKeyAsReady(c.db, storekey);
    c.server.notify(NotifyFlags.List, 'sortstore', storekey, c.db.id);
    c.server.dirty += outputlen;
  } else if (c.db.deleteKey(storekey)) {
    c.server.signalModifiedKey(c.db, storekey);
    c.server.notify(NotifyFlags.Generic, 'del', storekey, c.db.id);
    c.server.dirty++;
  }
  c.reply.int(outputlen);
}

function sortCommand(c: CommandContext): void {
  sortGeneric(c, false);
}
function sortroCommand(c: CommandContext): void {
  sortGeneric(c, true);
}

/** sortGetKeys: the sorted key, plus the last STORE destination (LIMIT/GET/BY args skipped). */
function sortKeys(argv: readonly string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (eq(a, 'limit')) i += 2;
    else if (eq(a, 'get') || eq(a, 'by')) i += 1;
    else if (eq(a, 'store') && i + 1 < argv.length) store = i + 1;
  }
  if (store >= 0) keys.push(store);
  return keys;
}

function sortRoKeys(): number[] {
  return [1];
}

export const sortCommands: readonly CommandSpec[] = [
  { name: 'sort', arity: -2, ...docs('sort'), flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1, group: 'generic', acl: ['set', 'sortedset', 'list', 'dangerous'], keys: sortKeys, handler: sortCommand },
  { name: 'sort_ro', arity: -2, ...docs('sort_ro'), flags: ['readonly', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1, group: 'generic', acl: ['set', 'sortedset', 'list', 'dangerous'], keys: sortRoKeys, handler: sortroCommand },
];
