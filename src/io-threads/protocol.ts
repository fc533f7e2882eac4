/**
 * io-threads/protocol.ts — the message format between the main thread and the I/O worker.
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
  /**
   * Output-buffer accounting: id, the bytes its socket still has to write (writableLength), and
   * the reply bytes taken from main's Write ops since the last report (main subtracts them from
   * its in-flight count). Sent when the backlog changes, with any other batch, after 16 KB, or
   * after a millisecond (so an idle connection's count settles at 0).
   */
  Backlog = 4,
  /**
   * io-threads-do-reads: one parsed command: id, offset, argc, then argc argument lengths; the
   * arguments' bytes follow each other in `d` from offset.
   */
  Argv = 5,
  /** io-threads-do-reads: a protocol error after the commands before it: id, index into `s`. */
  ProtoError = 6,
  /** io-threads-do-reads: the query buffer passed client-query-buffer-limit: id. */
  QueryOverflow = 7,
  /**
   * io-threads-do-reads: a read of `bytes` bytes happened, after the Argv/ProtoError/
   * QueryOverflow ops it produced: main now runs the queued commands (id, bytes).
   */
  Read = 8,
}

/** Main → worker. */
export const enum DownOp {
  /** Reply bytes to write: id, offset, length. */
  Write = 1,
  /** Half-close after the pending writes (socket.end): id. */
  End = 2,
  /** Close now (socket.destroy), or once written when End came first: id. */
  Destroy = 3,
  /** io-threads-do-reads: whether the client must still authenticate (parser size limits): id, 0|1. */
  Auth = 4,
}

/** Addresses of an accepted connection (what accept() needs for CLIENT LIST and protected mode). */
export interface OpenInfo {
  ra: string;
  rp: number;
  la: string;
  lp: number;
  /** The socket's file descriptor (CLIENT LIST fd=). */
  fd: number;
  /** io-threads-do-reads: whether the worker parses its first bytes as unauthenticated. */
  au: boolean;
}

/**
 * The settings the worker's parser enforces. Sent at start-up and again whenever one changes
 * (CONFIG SET proto-max-bulk-len / client-query-buffer-limit, requirepass, ACL on the default
 * user), before the reply of the command that changed it.
 */
export interface WorkerSettings {
  maxBulkLen: number;
  queryBufferLimit: number;
  /** Whether a new connection starts unauthenticated (its parser limits multibulk sizes). */
  authRequired: boolean;
}

/** One batch (either direction). */
export interface Batch {
  t: 'b';
  /** The ops, transferred (cheaper to post than a JS array of numbers). */
  m: Int32Array;
  d: ArrayBuffer | null;
  o?: OpenInfo[];
  /** Protocol error texts (UpOp.ProtoError). */
  s?: string[];
}

/** Worker start-up data. */
export interface WorkerInit {
  /** The worker binds these (host, port, optional). */
  binds: { host: string; port: number; optional: boolean }[];
  keepAliveMs: number;
  /** io-threads-do-reads yes: the worker parses RESP and ships argv (else raw bytes). */
  doReads: boolean;
  /** The parser settings at start-up (updated by 'settings' messages). */
  settings: WorkerSettings;
}

/** Control messages. */
export type Control =
  | { t: 'listening'; port: number; host: string }
  | { t: 'error'; message: string; code?: string }
  | { t: 'shutdown' }
  | { t: 'settings'; settings: WorkerSettings }
  /** CONFIG SET port/bind: close the listeners and listen again. */
  | { t: 'rebind'; binds: WorkerInit['binds'] }
  | { t: 'bye' };

/**
 * A growable byte buffer whose ArrayBuffer is its own (not a slice of Node's pool), so it can
 * be transferred. `take()` hands the bytes over and starts a fresh buffer.
 */
export class OutBuffer {
  buf: Buffer | null = null;
  pos = 0;
  /**
   * The size of the next fresh buffer: the last batch's size rounded up to a power of two
   * (a buffer per batch is transferred away, so a fixed 64 KB would cost the GC 64 KB per
   * batch of a few small replies).
   */
  private hint = 1024;

  /** Reserves n bytes and returns the offset to write them at. */
  reserve(n: number): number {
    let b = this.buf;
    if (b === null) {
      b = Buffer.allocUnsafeSlow(Math.max(this.hint, n));
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
    let h = 1024;
    while (h < this.pos && h < 64 * 1024) h *= 2;
    this.hint = h;
    this.buf = null;
    this.pos = 0;
    return b.buffer as ArrayBuffer;
  }
}
