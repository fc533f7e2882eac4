/**
 * pubsub.ts — publish/subscribe (Redis's pubsub.c): the server's channel, pattern and shard
 * channel tables, each client's subscriptions (`c.pubsub`), the subscribe/unsubscribe
 * confirmations and message delivery.
 *
 * Messages are written straight into the receivers' reply buffers (as Redis 7.0 does: a
 * subscriber that publishes to itself sees the message before its PUBLISH reply) and flushed
 * with server.queueFlush. RESP2 gets plain arrays, RESP3 push frames (`>`); the writer does the
 * switch. The pubsub class of client-output-buffer-limit applies to clients with
 * ClientFlag.Pubsub (server.checkOutputLimits).
 *
 * Installed lazily on a server by the first subscription (installPubsub), which also wires
 * server.hooks.publish so keyspace notifications (db/notify.ts) reach subscribers.
 */
import { ClientFlag, type Client } from './protocol/client';
import type { Server } from './server';
import { globMatch } from './util/glob';

/** A client's subscriptions. Sets keep subscription order. */
export interface PubsubState {
  channels: Set<string>;
  patterns: Set<string>;
  shard: Set<string>;
}

/** The server's tables: name → subscribers in subscription order. */
export interface PubsubTables {
  channels: Map<string, Set<Client>>;
  patterns: Map<string, Set<Client>>;
  shard: Map<string, Set<Client>>;
}

const EXT = 'pubsub';

/** The server's pub/sub tables (created, and the hooks installed, on first use). */
export function pubsubTables(server: Server): PubsubTables {
  let t = server.ext.get(EXT) as PubsubTables | undefined;
  if (t === undefined) {
    t = { channels: new Map(), patterns: new Map(), shard: new Map() };
    server.ext.set(EXT, t);
    const tables = t;
    server.hooks.publish = (channel, message) => publishMessage(server, tables, channel, message, false);
    server.hooks.clientClosed.push(unsubscribeEverything);
    server.hooks.clientReset.push(unsubscribeEverything);
    const v = server.hooks.infoValues;
    v.set('pubsub_channels', () => tables.channels.size);
    v.set('pubsub_patterns', () => tables.patterns.size);
    v.set('pubsubshard_channels', () => tables.shard.size);
    server.hooks.subscriptionCounts = (c) => {
      const s = c.pubsub;
      return s === null ? [0, 0, 0] : [s.channels.size, s.patterns.size, s.shard.size];
    };
  }
  return t;
}

function stateOf(c: Client): PubsubState {
  let s = c.pubsub;
  if (s === null) s = c.pubsub = { channels: new Set(), patterns: new Set(), shard: new Set() };
  return s;
}

/** clientSubscriptionsCount: channels + patterns (what SUBSCRIBE/PSUBSCRIBE replies count). */
function subCount(c: Client): number {
  const s = c.pubsub;
  return s === null ? 0 : s.channels.size + s.patterns.size;
}

function shardCount(c: Client): number {
  const s = c.pubsub;
  return s === null ? 0 : s.shard.size;
}

/** clientTotalPubSubSubscriptionCount */
export function totalSubscriptions(c: Client): number {
  const s = c.pubsub;
  return s === null ? 0 : s.channels.size + s.patterns.size + s.shard.size;
}

/** Writes a 3-element push/array frame [kind, name, count] (addReplyPubsub(Un)Subscribed). */
function confirm(c: Client, kind: string, name: string | null, count: number): void {
  // Like messages, confirmations are written even under CLIENT REPLY OFF (CLIENT_PUSHING).
  const w = c.writer;
  const muted = w !== null && w.muted;
  if (muted) w.muted = false;
  const r = c.reply;
  r.push(3);
  r.bulk(kind);
  if (name === null) r.nil();
  else r.bulk(name);
  r.int(count);
  if (muted) w.muted = true;
}

/** SUBSCRIBE / SSUBSCRIBE one channel, with its confirmation (pubsubSubscribeChannel). */
export function subscribeChannel(c: Client, channel: string, shard: boolean): void {
  const t = pubsubTables(c.server);
  const s = stateOf(c);
  const mine = shard ? s.shard : s.channels;
  if (!mine.has(channel)) {
    mine.add(channel);
    const table = shard ? t.shard : t.channels;
    let subs = table.get(channel);
    if (subs === undefined) {
      subs = new Set();
      table.set(channel, subs);
    }
    subs.add(c);
  }
  confirm(c, shard ? 'ssubscribe' : 'subscribe', channel, shard ? shardCount(c) : subCount(c));
}

/** UNSUBSCRIBE / SUNSUBSCRIBE one channel (pubsubUnsubscribeChannel). Returns 1 if it was subscribed. */
export function unsubscribeChannel(c: Client, channel: string, notify: boolean, shard: boolean): number {
  let removed = 0;
  const s = c.pubsub;
  const mine = s === null ? null : shard ? s.shard : s.channels;
  if (mine !== null && mine.delete(channel)) {
    removed = 1;
    const t = pubsubTables(c.server);
    const table = shard ? t.shard : t.channels;
    const subs = table.get(channel);
    if (subs !== undefined) {
      subs.delete(c);
      if (subs.size === 0) table.delete(channel);
    }
  }
  if (notify) confirm(c, shard ? 'sunsubscribe' : 'unsubscribe', channel, shard ? shardCount(c) : subCount(c));
  return removed;
}

/** PSUBSCRIBE one pattern (pubsubSubscribePattern). */
export function subscribePattern(c: Client, pattern: string): void {
  const t = pubsubTables(c.server);
  const s = stateOf(c);
  if (!s.patterns.has(pattern)) {
    s.patterns.add(pattern);
    let subs = t.patterns.get(pattern);
    if (subs === undefined) {
      subs = new Set();
      t.patterns.set(pattern, subs);
    }
    subs.add(c);
  }
  confirm(c, 'psubscribe', pattern, subCount(c));
}

/** PUNSUBSCRIBE one pattern (pubsubUnsubscribePattern). Returns 1 if it was subscribed. */
export function unsubscribePattern(c: Client, pattern: string, notify: boolean): number {
  let removed = 0;
  const s = c.pubsub;
  if (s !== null && s.patterns.delete(pattern)) {
    removed = 1;
    const t = pubsubTables(c.server);
    const subs = t.patterns.get(pattern);
    if (subs !== undefined) {
      subs.delete(c);
      if (subs.size === 0) t.patterns.delete(pattern);
    }
  }
  if (notify) confirm(c, 'punsubscribe', pattern, subCount(c));
  return removed;
}

/** UNSUBSCRIBE / SUNSUBSCRIBE with no arguments. Confirms with a null channel when there was none. */
export function unsubscribeAllChannels(c: Client, notify: boolean, shard: boolean): number {
  let count = 0;
  const s = c.pubsub;
  const mine = s === null ? null : shard ? s.shard : s.channels;
  if (mine !== null && mine.size > 0) {
    for (const ch of [...mine]) count += unsubscribeChannel(c, ch, notify, shard);
  }
  if (notify && count === 0) confirm(c, shard ? 'sunsubscribe' : 'unsubscribe', null, shard ? shardCount(c) : subCount(c));
  return count;
}

/** PUNSUBSCRIBE with no arguments. */
export function unsubscribeAllPatterns(c: Client, notify: boolean): number {
  let count = 0;
  const s = c.pubsub;
  if (s !== null && s.patterns.size > 0) {
    for (const p of [...s.patterns]) count += unsubscribePattern(c, p, notify);
  }
  if (notify && count === 0) confirm(c, 'punsubscribe', null, subCount(c));
  return count;
}

/** Drops every subscription silently (client closed, RESET). */
export function unsubscribeEverything(c: Client): void {
  if (c.pubsub === null) return;
  unsubscribeAllChannels(c, false, false);
  unsubscribeAllChannels(c, false, true);
  unsubscribeAllPatterns(c, false);
  c.pubsub = null;
  c.flags &= ~ClientFlag.Pubsub;
}

/** Clears ClientFlag.Pubsub once nothing is subscribed (after the UNSUBSCRIBE family). */
export function updatePubsubFlag(c: Client): void {
  if (totalSubscriptions(c) === 0) c.flags &= ~ClientFlag.Pubsub;
}

/**
 * Publishes a message (pubsubPublishMessage): channel subscribers in subscription order, then
 * (not for shard channels) every matching pattern's subscribers. Returns the receiver count.
 */
export function publishMessage(server: Server, t: PubsubTables | undefined, channel: string, message: string, shard: boolean): number {
  if (t === undefined) return 0;
  let receivers = 0;
  const subs = (shard ? t.shard : t.channels).get(channel);
  if (subs !== undefined) {
    const kind = shard ? 'smessage' : 'message';
    for (const c of subs) {
      deliver(server, c, kind, null, channel, message);
      receivers++;
    }
  }
  if (shard || t.patterns.size === 0) return receivers;
  for (const [pattern, clients] of t.patterns) {
    if (!globMatch(pattern, channel)) continue;
    for (const c of clients) {
      deliver(server, c, 'pmessage', pattern, channel, message);
      receivers++;
    }
  }
  return receivers;
}

/** Writes one message frame to a subscriber, even under CLIENT REPLY OFF (CLIENT_PUSHING). */
function deliver(server: Server, c: Client, kind: string, pattern: string | null, channel: string, message: string | null): void {
  const w = c.writer;
  const muted = w !== null && w.muted;
  if (muted) w.muted = false;
  const r = c.reply;
  r.push(pattern === null ? 3 : 4);
  r.bulk(kind);
  if (pattern !== null) r.bulk(pattern);
  r.bulk(channel);
  if (message !== null) r.bulk(message);
  if (muted) w.muted = true;
  if (c !== server.current) server.queueFlush(c);
}

/**
 * Sends a `message` frame whose payload the caller writes next (tracking's RESP2 redirect to a
 * client subscribed to __redis__:invalidate). Returns false if nothing was written.
 */
export function beginPubsubMessage(c: Client, channel: string): void {
  const r = c.reply;
  r.push(3);
  r.bulk('message');
  r.bulk(channel);
}
