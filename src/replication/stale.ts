/**
 * replication/stale.ts — "is this replica stale?" for code outside replication/ that must not
 * import the replication machinery (scripts check it per redis.call: scriptVerifyAllowStale).
 * A replica is stale when its link to the primary is not up and replica-serve-stale-data is no.
 */
import type { Server } from '../server';

export function runningStale(s: Server): boolean {
  if (!s.isReplica) return false;
  const r = s.ext.get('replication') as { link: { state: string } | null } | undefined;
  if (r === undefined || r.link === null || r.link.state === 'connected') return false;
  return !s.config.bool('replica-serve-stale-data');
}
