/**
 * multi.ts — transactions and optimistic locking (Redis's multi.c): the MULTI queue lives in
 * `c.multiState` (filled by the dispatcher), WATCHed keys in `c.watchedKeys` (per client, in
 * WATCH order) and `db.watchedKeys` (key → watchers, per database).
 *
 * A watched key is "touched" (the watcher's next EXEC fails with a null array) when:
 *  - it is modified: server.signalModifiedKey → hooks.keyModified → touchWatchedKey;
 *  - it expires after WATCH (EXEC checks isWatchedKeyExpired; 7.0 semantics: a key that was
 *    already expired at WATCH time and is then deleted does not count as a change);
 *  - its database is flushed or swapped: touchAllWatchedKeysInDb (FLUSHDB/FLUSHALL/SWAPDB call
 *    server.signalFlushedDb / server.signalSwapDb, which reach it through hooks).
 *
 * Imports only types from protocol/ and db/; commands/multi.ts holds the command handlers.
 */
import { ClientFlag, type Client } from './protocol/client';
import type { Database } from './db/database';
import type { Server } from './server';

/** One (client, db, key) watch (multi.c watchedKey). */
export interface WatchedKey {
  readonly key: string;
  readonly db: Database;
  readonly client: Client;
  /** The key was already logically expired when WATCH was called. */
  expired: boolean;
}

const INSTALLED = 'multi';

type Watchers = Set<WatchedKey>;

function watchersOf(db: Database): Map<string, Watchers> {
  return db.watchedKeys as unknown as Map<string, Watchers>;
}

/** Registers the keyspace hooks once per server (done lazily by the first WATCH). */
export function installWatch(server: Server): void {
  if (server.ext.has(INSTALLED)) return;
  server.ext.set(INSTALLED, true);
  server.hooks.keyModified.push(touchWatchedKey);
  server.hooks.clientClosed.push(unwatchAllKeys);
  server.hooks.clientReset.push(discardTransaction);
  server.hooks.dbEmptied.push(touchAllWatchedKeysInDb);
}

/** WATCH one key for the client in its current db (watchForKey). No-op if already watched. */
export function watchForKey(c: Client, key: string): void {
  const db = c.db;
  let list = c.watchedKeys;
  if (list === null) list = c.watchedKeys = [];
  for (let i = 0; i < list.length; i++) {
    const wk = list[i]!;
    if (wk.db === db && wk.key === key) return;
  }
  const table = watchersOf(db);
  let watchers = table.get(key);
  if (watchers === undefined) {
    watchers = new Set();
    table.set(key, watchers);
  }
  const wk: WatchedKey = { key, db, client: c, expired: db.dict.has(key) && db.isExpired(key) };
  list.push(wk);
  watchers.add(wk);
}

/** Forgets every key the client watches (unwatchAllKeys). Does not clear DirtyCas. */
export function unwatchAllKeys(c: Client): void {
  const list = c.watchedKeys;
  if (list === null || list.length === 0) return;
  for (let i = 0; i < list.length; i++) {
    const wk = list[i]!;
    const table = watchersOf(wk.db);
    const watchers = table.get(wk.key);
    if (watchers !== undefined) {
      watchers.delete(wk);
      if (watchers.size === 0) table.delete(wk.key);
    }
  }
  c.watchedKeys = null;
}

/** True when a key that was live at WATCH time is now logically expired (isWatchedKeyExpired). */
export function isWatchedKeyExpired(c: Client): boolean {
  const list = c.watchedKeys;
  if (list === null) return false;
  for (let i = 0; i < list.length; i++) {
    const wk = list[i]!;
    if (wk.expired) continue;
    if (wk.db.dict.has(wk.key) && wk.db.isExpired(wk.key)) return true;
  }
  return false;
}

/**
 * A key was modified: flag every client watching it as dirty (touchWatchedKey). Watchers of a
 * key that was already expired at WATCH time are not flagged when the key is now gone (the
 * expired key was merely deleted). Like Redis 7.0, meeting such a watch entry for a key that
 * still exists stops the scan of this key's watchers.
 */
export function touchWatchedKey(db: Database, key: string): void {
  const table = watchersOf(db);
  if (table.size === 0) return;
  const watchers = table.get(key);
  if (watchers === undefined) return;
  for (const wk of [...watchers]) {
    if (wk.expired) {
      if (!db.dict.has(key)) {
        wk.expired = false;
        continue;
      }
      break;
    }
    wk.client.flags |= ClientFlag.DirtyCas;
    // Dirty already: no need to keep watching anything.
    unwatchAllKeys(wk.client);
  }
}

/**
 * A database was emptied (FLUSHDB/FLUSHALL: replacedWith null) or swapped with another one
 * (SWAPDB: replacedWith is the db whose contents move in). Call BEFORE the data changes.
 * Flags the watchers of every key that exists now or will exist afterwards
 * (touchAllWatchedKeysInDb).
 */
export function touchAllWatchedKeysInDb(emptied: Database, replacedWith: Database | null): void {
  const table = watchersOf(emptied);
  if (table.size === 0) return;
  for (const [key, watchers] of table) {
    const existsInEmptied = emptied.dict.has(key);
    const existsInReplacement = replacedWith !== null && replacedWith.dict.has(key);
    if (!existsInEmptied && !existsInReplacement) continue;
    for (const wk of watchers) {
      if (wk.expired) {
        if (!existsInReplacement) {
          wk.expired = false;
          continue;
        } else if (replacedWith!.isExpired(key)) {
          continue;
        }
      } else if (!existsInEmptied && replacedWith!.isExpired(key)) {
        wk.expired = true;
        continue;
      }
      wk.client.flags |= ClientFlag.DirtyCas;
    }
  }
}

/** Drops the queued commands and the transaction flags, and unwatches (discardTransaction). */
export function discardTransaction(c: Client): void {
  c.multiState = null;
  c.flags &= ~(ClientFlag.Multi | ClientFlag.DirtyCas | ClientFlag.DirtyExec);
  unwatchAllKeys(c);
}
