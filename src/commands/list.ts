/**
 * commands/list.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const listCommands: readonly CommandSpec[] = [];
