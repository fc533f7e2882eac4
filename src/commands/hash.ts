/**
 * commands/hash.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const hashCommands: readonly CommandSpec[] = [];
