/**
 * commands/bitmap.ts — (stub, to be filled in).
 */
import type { CommandSpec } from './registry';

export const bitmapCommands: readonly CommandSpec[] = [];
