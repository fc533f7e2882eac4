/**
 * commands/keyspace.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const keyspaceCommands: readonly CommandSpec[] = [];
