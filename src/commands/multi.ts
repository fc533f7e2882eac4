/**
 * commands/multi.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const multiCommands: readonly CommandSpec[] = [];
