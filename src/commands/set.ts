/**
 * commands/set.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const setCommands: readonly CommandSpec[] = [];
