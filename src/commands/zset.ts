/**
 * commands/zset.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const zsetCommands: readonly CommandSpec[] = [];
