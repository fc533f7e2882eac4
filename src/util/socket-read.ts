/**
 * util/socket-read.ts — reads without the Readable stream machinery.
 *
 * A net.Socket created with the `onread` option reads into a caller's buffer and calls a
 * callback, skipping a Buffer allocation, push(), 'data' emission and maybeReadMore per read
 * (about 0.9 µs of CPU per unpipelined request, ~13% of a whole PING round trip measured with
 * redis-benchmark; see bench/cpu-per-op.mjs). Node offers `onread` only for sockets it creates
 * itself, not for the ones a net.Server accepts, so this switches an accepted socket to that mode
 * through the same per-socket fields the constructor sets. When those fields are not found (a
 * different Node version, or a socket stand-in), nothing is changed and false is returned: the
 * caller then listens to 'data' as usual.
 *
 * All sockets share one read buffer: the callback runs synchronously, and the caller must stop
 * referencing the bytes before it returns (RequestParser.ownPending copies a partial command).
 * Imports only node:net.
 */
import type { Socket } from 'node:net';

const READ_BUFFER_SIZE = 64 * 1024;
let shared: Buffer | null = null;

interface UserBufferHandle {
  useUserBuffer?: (buf: Uint8Array) => void;
}

function symbolNamed(obj: object, name: string): symbol | undefined {
  for (const s of Object.getOwnPropertySymbols(obj)) if (s.description === name) return s;
  return undefined;
}

/**
 * Makes `socket` deliver its reads to `onRead(n, buf)` (the first n bytes of buf are new).
 * Returns false, leaving the socket untouched, when this Node does not allow it.
 */
export function useReadBuffer(socket: Socket, onRead: (n: number, buf: Buffer) => void): boolean {
  const handle = (socket as unknown as { _handle?: UserBufferHandle | null })._handle;
  if (handle === null || handle === undefined || typeof handle.useUserBuffer !== 'function') return false;
  const kBuffer = symbolNamed(socket, 'kBuffer');
  const kBufferCb = symbolNamed(socket, 'kBufferCb');
  const kBufferGen = symbolNamed(socket, 'kBufferGen');
  if (kBuffer === undefined || kBufferCb === undefined || kBufferGen === undefined) return false;
  const s = socket as unknown as Record<symbol, unknown>;
  // Already in user-buffer mode, or not in the shape we know: leave it alone.
  if (s[kBuffer] !== null || s[kBufferCb] !== null || s[kBufferGen] !== null) return false;
  shared ??= Buffer.allocUnsafe(READ_BUFFER_SIZE);
  handle.useUserBuffer(shared);
  s[kBuffer] = shared;
  s[kBufferCb] = (n: number, buf: Buffer): void => {
    onRead(n, buf);
  };
  return true;
}

/** Views of the shared read buffer's first n bytes, by n mod 64 (see readView). */
const views: (Buffer | undefined)[] = [];

/**
 * buf's first n bytes as a Buffer. For the shared read buffer the view is cached by length:
 * requests of the same size (a client's polling loop, a benchmark) then cost no ~100-byte
 * Buffer object per read. Sound because no view of the shared buffer outlives its callback.
 */
export function readView(buf: Buffer, n: number): Buffer {
  if (buf !== shared) return buf.subarray(0, n);
  const i = n & 63;
  let v = views[i];
  if (v === undefined || v.length !== n) views[i] = v = buf.subarray(0, n);
  return v;
}
