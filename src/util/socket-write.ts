/**
 * util/socket-write.ts — writes without the Writable stream machinery (the write-side twin of
 * socket-read.ts).
 *
 * socket.write() goes through Writable.write → writeOrBuffer → _write → writeGeneric, allocates
 * a write request, and schedules an afterWrite tick even when the kernel took every byte at
 * once, which is nearly always the case for replies. A DirectOutput hands the buffer straight
 * to the socket's libuv handle (the call socket.write ends in), reusing one request object for
 * as long as writes complete synchronously. libuv keeps the order of everything written to a
 * handle, so socket.end() and socket.destroy() still work as usual: end() shuts down after the
 * queued writes, destroy() cancels them.
 *
 * When the handle or Node's stream_wrap binding is not in the shape this expects (a different
 * Node version, an io-threads socket stand-in), directOutput returns null and the caller keeps
 * using socket.write(). Imports only node:net.
 */
import type { Socket } from 'node:net';

interface WriteReq {
  handle: unknown;
  oncomplete: ((this: WriteReq, status: number) => void) | null;
  async: boolean;
  bytes: number;
  buffer: unknown;
  out: DirectOutput | null;
  size: number;
}

interface StreamHandle {
  writeBuffer(req: WriteReq, buf: Buffer): number;
  writev(req: WriteReq, chunks: Buffer[], allBuffers: boolean): number;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

let binding: StreamWrapBinding | null | undefined;

function streamWrap(): StreamWrapBinding | null {
  if (binding !== undefined) return binding;
  binding = null;
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kLastWriteWasAsync === 'number') {
      binding = b as StreamWrapBinding;
    }
  } catch {
    binding = null;
  }
  return binding;
}

/** A write request finished after the kernel had pushed back (an asynchronous write). */
function onAsyncWriteDone(this: WriteReq, status: number): void {
  const out = this.out;
  this.buffer = null;
  this.out = null;
  if (out === null) return;
  out.pending -= this.size;
  if (out.pending < 0) out.pending = 0;
  if (status < 0) out.socket.destroy();
}

export class DirectOutput {
  /** Bytes handed to libuv and not yet on the wire (what socket.writableLength would be). */
  pending = 0;
  /** A request object not yet seen by libuv: reused while writes complete synchronously. */
  private req: WriteReq | null = null;

  constructor(
    readonly socket: Socket,
    private readonly handle: StreamHandle,
    private readonly b: StreamWrapBinding,
  ) {}

  /**
   * Writes the buffers in order. Returns true when the kernel took all of them at once (the
   * caller may reuse their memory), false when some are still queued (they are kept alive here
   * until written) or the socket failed (then it is destroyed and 'close' follows).
   */
  write(bufs: Buffer[], bytes: number): boolean {
    const socket = this.socket;
    // The handle is gone once the socket is destroyed; a socket that is ending must not be
    // written after its shutdown request.
    if (socket.destroyed || socket.writableEnded || (socket as unknown as { _handle: unknown })._handle !== this.handle) return false;
    let req = this.req;
    if (req === null) {
      req = new this.b.WriteWrap();
      req.handle = this.handle;
      req.oncomplete = onAsyncWriteDone;
      req.async = false;
      req.bytes = 0;
      req.buffer = null;
      req.out = null;
      req.size = 0;
      this.req = req;
    }
    const err = bufs.length === 1 ? this.handle.writeBuffer(req, bufs[0]!) : this.handle.writev(req, bufs, true);
    if (err !== 0) {
      socket.destroy();
      return false;
    }
    if (this.b.streamBaseState[this.b.kLastWriteWasAsync] === 0) return true;
    // libuv now owns this request: it completes through onAsyncWriteDone.
    this.req = null;
    req.async = true;
    req.buffer = bufs.length === 1 ? bufs[0] : bufs.slice(); // the caller may reuse its array
    req.out = this;
    req.size = bytes;
    this.pending += bytes;
    return false;
  }
}

/** A DirectOutput for socket, or null when this Node or this socket does not allow it. */
export function directOutput(socket: Socket): DirectOutput | null {
  const b = streamWrap();
  if (b === null) return null;
  const handle = (socket as unknown as { _handle?: Partial<StreamHandle> | null })._handle;
  if (handle === null || handle === undefined || typeof handle.writeBuffer !== 'function' || typeof handle.writev !== 'function') return null;
  return new DirectOutput(socket, handle as StreamHandle, b);
}
