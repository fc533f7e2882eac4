/**
 * commands/tracking.ts — (stub) CLIENT subcommands owned by the tracking/pause feature:
 * TRACKING, CACHING, GETREDIR, TRACKINGINFO, PAUSE, UNPAUSE. commands/connection.ts spreads
 * them into the CLIENT container.
 */
import type { CommandSpec } from './registry';

export const trackingClientSubcommands: readonly CommandSpec[] = [];
