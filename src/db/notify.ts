/**
 * db/notify.ts — keyspace notifications (notify.c): the notify-keyspace-events classes and the
 * publishing of __keyspace@<db>__:<key> and __keyevent@<db>__:<event> messages.
 */
import type { Server } from '../server';

export const enum NotifyFlags {
  Keyspace = 1 << 0, // K
  Keyevent = 1 << 1, // E
  Generic = 1 << 2, // g
  String = 1 << 3, // $
  List = 1 << 4, // l
  Set = 1 << 5, // s
  Hash = 1 << 6, // h
  Zset = 1 << 7, // z
  Expired = 1 << 8, // x
  Evicted = 1 << 9, // e
  Stream = 1 << 10, // t
  KeyMiss = 1 << 11, // m
  Loaded = 1 << 12, // module only
  Module = 1 << 13, // d
  New = 1 << 14, // n
  All = Generic | String | List | Set | Hash | Zset | Expired | Evicted | Stream | Module, // A
}

/** Parses the notify-keyspace-events string into flags; null when it has an unknown class. */
export function parseNotifyFlags(s: string): number | null {
  let flags = 0;
  for (const ch of s) {
    switch (ch) {
      case 'A': flags |= NotifyFlags.All; break;
      case 'g': flags |= NotifyFlags.Generic; break;
      case '$': flags |= NotifyFlags.String; break;
      case 'l': flags |= NotifyFlags.List; break;
      case 's': flags |= NotifyFlags.Set; break;
      case 'h': flags |= NotifyFlags.Hash; break;
      case 'z': flags |= NotifyFlags.Zset; break;
      case 'x': flags |= NotifyFlags.Expired; break;
      case 'e': flags |= NotifyFlags.Evicted; break;
      case 'K': flags |= NotifyFlags.Keyspace; break;
      case 'E': flags |= NotifyFlags.Keyevent; break;
      case 't': flags |= NotifyFlags.Stream; break;
      case 'm': flags |= NotifyFlags.KeyMiss; break;
      case 'd': flags |= NotifyFlags.Module; break;
      case 'n': flags |= NotifyFlags.New; break;
      default: return null;
    }
  }
  return flags;
}

/** Renders flags back to text, in Redis's order (keyspaceEventsFlagsToString). */
export function formatNotifyFlags(flags: number): string {
  let s = '';
  if ((flags & NotifyFlags.All) === NotifyFlags.All) s += 'A';
  else {
    if (flags & NotifyFlags.Generic) s += 'g';
    if (flags & NotifyFlags.String) s += '$';
    if (flags & NotifyFlags.List) s += 'l';
    if (flags & NotifyFlags.Set) s += 's';
    if (flags & NotifyFlags.Hash) s += 'h';
    if (flags & NotifyFlags.Zset) s += 'z';
    if (flags & NotifyFlags.Expired) s += 'x';
    if (flags & NotifyFlags.Evicted) s += 'e';
    if (flags & NotifyFlags.Stream) s += 't';
    if (flags & NotifyFlags.Module) s += 'd';
    if (flags & NotifyFlags.New) s += 'n';
  }
  if (flags & NotifyFlags.Keyspace) s += 'K';
  if (flags & NotifyFlags.Keyevent) s += 'E';
  if (flags & NotifyFlags.KeyMiss) s += 'm';
  return s;
}

/** Publishes the keyspace and keyevent messages for one event (notifyKeyspaceEvent). */
export function notifyKeyspaceEvent(server: Server, type: number, event: string, key: string, dbid: number): void {
  const flags = server.notifyFlags;
  if ((flags & type) === 0) return;
  const publish = server.hooks.publish;
  if (publish === null) return;
  if (flags & NotifyFlags.Keyspace) publish(`__keyspace@${dbid}__:${key}`, event);
  if (flags & NotifyFlags.Keyevent) publish(`__keyevent@${dbid}__:${event}`, key);
}
