/**
 * commands/sort.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const sortCommands: readonly CommandSpec[] = [];
