/**
 * commands/config-cmd.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const configCommands: readonly CommandSpec[] = [];
