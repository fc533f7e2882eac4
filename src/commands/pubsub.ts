/**
 * commands/pubsub.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const pubsubCommands: readonly CommandSpec[] = [];
