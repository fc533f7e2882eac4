import type { CommandSpec } from './registry';
export const geoCommands: readonly CommandSpec[] = [];
