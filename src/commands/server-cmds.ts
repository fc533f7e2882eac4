/**
 * commands/server-cmds.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const serverCommands: readonly CommandSpec[] = [];
