/**
 * io-threads/protocol.ts — the message format between the main thread and the I/O workers.
 *
 * Both directions batch everything one event-loop turn produced into ONE postMessage: a flat
 * list of numbers `m` (op, connection id, operands…) plus one transferred ArrayBuffer `d` that
 * holds the payload bytes the ops point into (offset, length). Batching per turn keeps the
 * cross-thread wake-ups (~40–60 µs each) to one per turn instead of one per command.
 *
 * Imports nothing: the worker bundle and the main thread both load it.
 */

/** Worker → main. */
export const enum UpOp {
  /** A connection was accepted: id, index into `o` (its addresses). */
  Open = 1,
  /** Bytes read from a connection: id, offset, length. */
  Data = 2,
  /** The worker's socket closed (either side): id. */
  Close = 3,
  /** Bytes the worker's socket still has to write (output-buffer accounting): id, bytes. */
  Backlog = 4,
}

/** Main → worker. */
export const enum DownOp {
  /** Reply bytes to write: id, offset, length. */
  Write = 1,
  /** Half-close after the pending writes (socket.end): id. */
  End = 2,
  /** Close now (socket.destroy), or once written when End came first: id. */
  Destroy = 3,
}

/** Addresses of an accepted connection (what accept() needs for CLIENT LIST and protected mode). */
export interface OpenInfo {
  ra: string;
  rp: number;
  la: string;
  lp: number;
}

/** One batch (either direction). */
export interface Batch {
  t: 'b';
  m: number[];
  d: ArrayBuffer | null;
  o?: OpenInfo[];
}

/** Worker start-up data. */
export interface WorkerInit {
  index: number;
  /** Worker 0 binds these (host, port, optional). */
  binds: { host: string; port: number; optional: boolean }[];
  /** Other workers listen on worker 0's listening fds. */
  fds: number[];
  keepAliveMs: number;
}

/** Control messages. */
export type Control =
  | { t: 'listening'; fds: number[]; port: number; host: string }
  | { t: 'error'; message: string; code?: string }
  | { t: 'shutdown' }
  | { t: 'bye' };

/**
 * A growable byte buffer whose ArrayBuffer is its own (not a slice of Node's pool), so it can
 * be transferred. `take()` hands the bytes over and starts a fresh buffer.
 */
export class OutBuffer {
  buf: Buffer | null = null;
  pos = 0;

  /** Reserves n bytes and returns the offset to write them at. */
  reserve(n: number): number {
    let b = this.buf;
    if (b === null) {
      b = Buffer.allocUnsafeSlow(Math.max(64 * 1024, n));
      this.buf = b;
      this.pos = 0;
    } else if (this.pos + n > b.length) {
      const nb = Buffer.allocUnsafeSlow(Math.max(b.length * 2, this.pos + n));
      b.copy(nb, 0, 0, this.pos);
      this.buf = nb;
      b = nb;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  take(): ArrayBuffer | null {
    const b = this.buf;
    if (b === null || this.pos === 0) return null;
    this.buf = null;
    this.pos = 0;
    return b.buffer as ArrayBuffer;
  }
}
