/**
 * commands/context.ts — what a handler sees. The context is the calling client itself (a
 * network client, a script's fake client or a test client): handlers read `argv`, use `db`,
 * reply through `reply`, and reach shared state through `server`. Handlers never touch sockets.
 */
export type { Client as CommandContext } from '../protocol/client';
