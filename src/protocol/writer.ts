/**
 * protocol/writer.ts — the one reply vocabulary (networking.c's addReply* family).
 *
 * `Reply` is what handlers call. `RespWriter` encodes RESP2 or RESP3 bytes into a per-client
 * buffer that the server flushes once per event-loop turn; RESP2 fallbacks for RESP3 types live
 * here and nowhere else. `CaptureWriter` builds plain values instead (EXEC inside scripts,
 * in-process tests). Imports only errors and number formatting.
 */
import { formatDouble17 } from '../util/numbers';

export interface Reply {
  /** 2 or 3: the protocol the client speaks. */
  resp: number;
  ok(): void;
  status(s: string): void;
  /** An error line such as "ERR syntax error"; CR/LF are replaced by spaces. */
  error(line: string): void;
  int(n: number | bigint): void;
  bulk(s: string): void;
  /** A bulk string from a number (Redis's addReplyBulkLongLong). */
  bulkInt(n: number | bigint): void;
  /** The null bulk string: $-1 in RESP2, _ in RESP3. */
  nil(): void;
  /** The null array: *-1 in RESP2, _ in RESP3. */
  nullArray(): void;
  array(n: number): void;
  map(n: number): void;
  set(n: number): void;
  push(n: number): void;
  double(d: number): void;
  /** A double already formatted (addReplyHumanLongDouble): bulk string in RESP2, ',' type in RESP3. */
  doubleText(s: string): void;
  bool(b: boolean): void;
  verbatim(s: string, format?: string): void;
  bigNumber(s: string): void;
  /** Called for every error reply (INFO errorstats, failed_calls). */
  onError: ((line: string) => void) | null;
  /** Opens an aggregate whose length is known later; close it with setDeferredLen. */
  deferLen(): number;
  setDeferredLen(handle: number, n: number, kind?: AggregateKind): void;
  /** An array of bulk strings (Redis's common addReplyArrayLen + addReplyBulk loop). */
  bulkArray(items: readonly string[]): void;
}

export type AggregateKind = 'array' | 'map' | 'set' | 'push';

const CRLF = '\r\n';
const INITIAL = 16 * 1024;
/** Bulk values at least this big are written as a buffer of their own, not copied twice. */
const BIG_BULK = 64 * 1024;

/**
 * Strings up to this length are copied with a charCodeAt loop: cheaper than the native
 * latin1Write call below ~24 bytes (measured on node 20), and most keys, members, small values,
 * scores and status lines are that short.
 */
const SHORT = 16;

type Latin1Buffer = Buffer & { latin1Write(s: string, offset: number, len: number): number };

/** Placeholder width for a deferred aggregate header: "*" + up to 10 digits + CRLF, padded. */
const DEFER_WIDTH = 16;

/**
 * Encodes replies for one client. Bytes accumulate in `buf`; full buffers and big values are
 * queued in `chunks`. `take()` hands everything to the socket layer and resets.
 */
export class RespWriter implements Reply {
  resp = 2;
  private buf: Latin1Buffer | null = null;
  private pos = 0;
  private chunks: Buffer[] | null = null;
  private chunkBytes = 0;
  /** Deferred headers: positions in the current buffer, or -1 once moved to a chunk. */
  private deferred: { buf: Buffer; at: number }[] = [];
  /** Number of reply bytes produced since creation (for stats). */
  total = 0;
  /** When set, replies are dropped (CLIENT REPLY OFF/SKIP). */
  muted = false;
  onError: ((line: string) => void) | null = null;

  /** Bytes waiting to be flushed. */
  get pending(): number {
    return this.chunkBytes + this.pos;
  }

  private ensure(n: number): Latin1Buffer {
    let buf = this.buf;
    if (buf === null) {
      buf = Buffer.allocUnsafeSlow(Math.max(INITIAL, n)) as Latin1Buffer;
      this.buf = buf;
      this.pos = 0;
      return buf;
    }
    if (this.pos + n <= buf.length) return buf;
    this.retire();
    buf = Buffer.allocUnsafeSlow(Math.max(INITIAL, n)) as Latin1Buffer;
    this.buf = buf;
    this.pos = 0;
    return buf;
  }

  /** Moves the used part of the current buffer to the chunk queue. */
  private retire(): void {
    if (this.buf !== null && this.pos > 0) {
      (this.chunks ??= []).push(this.buf.subarray(0, this.pos));
      this.chunkBytes += this.pos;
      // Deferred headers in that buffer stay patchable: they reference the same memory.
    }
    this.buf = null;
    this.pos = 0;
  }

  raw(s: string): void {
    if (this.muted) return;
    const n = s.length;
    const buf = this.ensure(n);
    if (n <= SHORT) {
      const p = this.pos;
      for (let i = 0; i < n; i++) buf[p + i] = s.charCodeAt(i);
    } else buf.latin1Write(s, this.pos, n);
    this.pos += n;
    this.total += n;
  }

  rawBuffer(b: Buffer): void {
    if (this.muted) return;
    const n = b.length;
    const buf = this.ensure(n);
    b.copy(buf, this.pos);
    this.pos += n;
    this.total += n;
  }

  ok(): void {
    if (this.muted) return;
    const buf = this.ensure(5);
    const p = this.pos;
    buf[p] = 43; // +OK\r\n
    buf[p + 1] = 79;
    buf[p + 2] = 75;
    buf[p + 3] = 13;
    buf[p + 4] = 10;
    this.pos = p + 5;
    this.total += 5;
  }
  status(s: string): void {
    this.raw('+' + s + CRLF);
  }
  error(line: string): void {
    if (this.onError !== null) this.onError(line);
    if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) line = line.replace(/[\r\n]/g, ' ');
    this.raw('-' + line + CRLF);
  }
  int(n: number | bigint): void {
    if (typeof n === 'number' && n >= 0 && n < 1000 && (n | 0) === n) this.smallHeader(58 /* : */, n);
    else this.raw(':' + String(n) + CRLF);
  }
  /** Writes `<prefix><n>\r\n` for 0 <= n < 1000 without a string or a copy call. */
  private smallHeader(prefix: number, n: number): void {
    if (this.muted) return;
    const buf = this.ensure(6);
    let p = this.pos;
    buf[p++] = prefix;
    if (n >= 100) {
      buf[p++] = 48 + ((n / 100) | 0);
      buf[p++] = 48 + (((n / 10) | 0) % 10);
    } else if (n >= 10) buf[p++] = 48 + ((n / 10) | 0);
    buf[p++] = 48 + (n % 10);
    buf[p++] = 13;
    buf[p++] = 10;
    this.total += p - this.pos;
    this.pos = p;
  }
  bulk(s: string): void {
    if (this.muted) return;
    const n = s.length;
    if (n >= BIG_BULK) {
      this.header('$', n);
      this.retire();
      const b = Buffer.allocUnsafeSlow(n + 2) as Latin1Buffer;
      b.latin1Write(s, 0, n);
      b[n] = 13;
      b[n + 1] = 10;
      (this.chunks ??= []).push(b);
      this.chunkBytes += n + 2;
      this.total += n + 2;
      return;
    }
    const need = n + 16;
    const buf = this.ensure(need);
    let p = this.pos;
    buf[p++] = 36; // $
    if (n < 10) buf[p++] = 48 + n;
    else if (n < 100) {
      buf[p++] = 48 + ((n / 10) | 0);
      buf[p++] = 48 + (n % 10);
    } else {
      const h = String(n);
      p += buf.latin1Write(h, p, h.length);
    }
    buf[p++] = 13;
    buf[p++] = 10;
    // Short values: a JS loop beats the native latin1Write call (~15 vs ~45 ns for 16 bytes).
    if (n <= SHORT) {
      for (let i = 0; i < n; i++) buf[p + i] = s.charCodeAt(i);
      p += n;
    } else p += buf.latin1Write(s, p, n);
    buf[p++] = 13;
    buf[p++] = 10;
    this.total += p - this.pos;
    this.pos = p;
  }
  bulkInt(n: number | bigint): void {
    this.bulk(String(n));
  }
  nil(): void {
    this.raw(this.resp === 2 ? '$-1\r\n' : '_\r\n');
  }
  nullArray(): void {
    this.raw(this.resp === 2 ? '*-1\r\n' : '_\r\n');
  }
  private header(prefix: string, n: number): void {
    if (n >= 0 && n < 1000) this.smallHeader(prefix.charCodeAt(0), n);
    else this.raw(prefix + n + CRLF);
  }
  array(n: number): void {
    this.header('*', n);
  }
  map(n: number): void {
    if (this.resp === 2) this.header('*', n * 2);
    else this.header('%', n);
  }
  set(n: number): void {
    this.header(this.resp === 2 ? '*' : '~', n);
  }
  push(n: number): void {
    this.header(this.resp === 2 ? '*' : '>', n);
  }
  double(d: number): void {
    const s = formatDouble17(d);
    if (this.resp === 2) this.bulk(s);
    else this.raw(',' + s + CRLF);
  }
  doubleText(s: string): void {
    if (this.resp === 2) this.bulk(s);
    else this.raw(',' + s + CRLF);
  }
  bool(b: boolean): void {
    if (this.resp === 2) this.int(b ? 1 : 0);
    else this.raw(b ? '#t\r\n' : '#f\r\n');
  }
  verbatim(s: string, format = 'txt'): void {
    if (this.resp === 2) this.bulk(s);
    else {
      this.raw('=' + (s.length + 4) + CRLF + format + ':');
      this.raw(s);
      this.raw(CRLF);
    }
  }
  bigNumber(s: string): void {
    if (this.resp === 2) this.bulk(s);
    else this.raw('(' + s + CRLF);
  }
  deferLen(): number {
    if (this.muted) return -1;
    const buf = this.ensure(DEFER_WIDTH);
    const at = this.pos;
    this.pos += DEFER_WIDTH;
    this.deferred.push({ buf, at });
    return this.deferred.length - 1;
  }
  setDeferredLen(handle: number, n: number, kind: AggregateKind = 'array'): void {
    if (handle < 0) return;
    const d = this.deferred[handle]!;
    let prefix = '*';
    let len = n;
    if (kind === 'map') {
      if (this.resp === 2) len = n * 2;
      else prefix = '%';
    } else if (kind === 'set' && this.resp === 3) prefix = '~';
    else if (kind === 'push' && this.resp === 3) prefix = '>';
    // The header is right-aligned in its slot; the slot's start is padded with a no-op that
    // every RESP reader skips: we shift the rest instead, so write it left-aligned and pad
    // by moving bytes. Simpler: the slot is reserved, fill it exactly when it fits.
    const hdr = prefix + len + CRLF;
    this.fillDeferred(d.buf, d.at, hdr);
  }

  /** Writes `hdr` into a reserved slot, closing the gap left by the unused reserved bytes. */
  private fillDeferred(buf: Buffer, at: number, hdr: string): void {
    const gap = DEFER_WIDTH - hdr.length;
    if (buf === this.buf) {
      // Shift what follows the slot left by `gap` bytes.
      buf.copy(buf, at + hdr.length, at + DEFER_WIDTH, this.pos);
      (buf as Latin1Buffer).latin1Write(hdr, at, hdr.length);
      this.pos -= gap;
      this.adjustDeferred(buf, at, gap);
      this.total += hdr.length;
      return;
    }
    // The slot is in a retired chunk: rebuild that chunk without the gap.
    const chunks = this.chunks!;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      if (c.buffer === buf.buffer && c.byteOffset === buf.byteOffset) {
        const fixed = Buffer.allocUnsafeSlow(c.length - gap);
        c.copy(fixed, 0, 0, at);
        fixed.write(hdr, at, 'latin1');
        c.copy(fixed, at + hdr.length, at + DEFER_WIDTH);
        chunks[i] = fixed;
        this.chunkBytes -= gap;
        this.total += hdr.length;
        // Later slots in the same chunk now live in `fixed`, shifted by gap.
        for (const d of this.deferred) {
          if (d.buf === buf) {
            if (d.at > at) d.at -= gap;
            d.buf = fixed;
          }
        }
        return;
      }
    }
  }

  private adjustDeferred(buf: Buffer, at: number, gap: number): void {
    for (const d of this.deferred) if (d.buf === buf && d.at > at) d.at -= gap;
  }

  bulkArray(items: readonly string[]): void {
    this.array(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]!);
  }

  /**
   * Everything produced since the last take, as buffers ready for socket.write, or null when
   * nothing is pending. `reuse` says the current buffer may be kept for the next replies once
   * the caller has finished writing it synchronously (see Client.flush).
   */
  take(): Buffer[] | null {
    if (this.pos === 0 && this.chunks === null) return null;
    let out: Buffer[];
    if (this.chunks !== null) {
      out = this.chunks;
      if (this.pos > 0) out.push(this.buf!.subarray(0, this.pos));
      this.chunks = null;
      this.chunkBytes = 0;
    } else {
      out = this.one;
      out[0] = this.viewOf(this.pos);
    }
    this.pos = 0;
    this.deferred.length = 0;
    return out;
  }

  /**
   * The array take() returns for a single buffer: reused, so it is valid until the next take()
   * (callers hand it to the socket at once; a write that stays queued keeps the Buffer, not the
   * array).
   */
  private readonly one: Buffer[] = [];
  /** The last view handed out, of `viewBuf`'s first `viewLen` bytes (a Buffer view is ~100 bytes). */
  private view: Buffer | null = null;
  private viewBuf: Buffer | null = null;
  private viewLen = -1;

  /**
   * buf's first n bytes as a Buffer. A client whose replies have the same length each time (an
   * unpipelined benchmark, a polling loop) gets the same view again while its buffer is reused.
   */
  private viewOf(n: number): Buffer {
    const buf = this.buf!;
    if (n === this.viewLen && buf === this.viewBuf) return this.view!;
    const v = buf.subarray(0, n);
    this.view = v;
    this.viewBuf = buf;
    this.viewLen = n;
    return v;
  }

  /** Called after take() when the socket did not keep a reference to the buffers. */
  recycle(): void {
    // Keep `buf` (its bytes were copied to the kernel); drop it when it grew large.
    if (this.buf !== null && this.buf.length > 4 * INITIAL) {
      this.buf = null;
      this.forgetView();
    }
  }

  /** Called after take() when the socket still references the buffers: never reuse them. */
  detach(): void {
    this.buf = null;
    this.pos = 0;
    this.forgetView();
  }

  private forgetView(): void {
    this.view = null;
    this.viewBuf = null;
    this.viewLen = -1;
  }

  /** Releases the buffer of an idle client. */
  release(): void {
    if (this.pos === 0 && this.chunks === null) {
      this.buf = null;
      this.forgetView();
    }
  }
}

/** A reply value as CaptureWriter records it. */
export type Captured =
  | string
  | number
  | bigint
  | null
  | boolean
  | { type: 'status'; value: string }
  | { type: 'error'; value: string }
  | { type: 'double'; value: number }
  | { type: 'verbatim'; value: string; format: string }
  | { type: 'bignum'; value: string }
  | { type: 'map'; value: Captured[] }
  | { type: 'set'; value: Captured[] }
  | { type: 'push'; value: Captured[] }
  | Captured[];

interface Frame {
  items: Captured[];
  left: number;
  container: Captured[] | { type: 'map' | 'set' | 'push'; value: Captured[] };
  deferred: boolean;
}

/**
 * Records replies as values (Dragonfly's CapturingReplyBuilder). Used by scripts and by the
 * in-process command tests. `values` holds each top-level reply in order.
 */
export class CaptureWriter implements Reply {
  resp: number;
  values: Captured[] = [];
  onError: ((line: string) => void) | null = null;
  private stack: Frame[] = [];
  private deferredFrames: Frame[] = [];

  constructor(resp = 2) {
    this.resp = resp;
  }

  private add(v: Captured): void {
    let top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.values.push(v);
      return;
    }
    top.items.push(v);
    if (!top.deferred) top.left--;
    while (top !== undefined && !top.deferred && top.left === 0) {
      this.stack.pop();
      const done = top.container;
      top = this.stack[this.stack.length - 1];
      if (top === undefined) this.values.push(done);
      else {
        top.items.push(done);
        if (!top.deferred) top.left--;
      }
    }
  }

  private open(n: number, kind: 'array' | 'map' | 'set' | 'push'): void {
    const items: Captured[] = [];
    const container = kind === 'array' ? items : { type: kind, value: items };
    if (n === 0) {
      this.add(container);
      return;
    }
    this.stack.push({ items, left: kind === 'map' ? n * 2 : n, container, deferred: false });
  }

  ok(): void {
    this.add({ type: 'status', value: 'OK' });
  }
  status(s: string): void {
    this.add({ type: 'status', value: s });
  }
  error(line: string): void {
    if (this.onError !== null) this.onError(line);
    this.add({ type: 'error', value: line.replace(/[\r\n]/g, ' ') });
  }
  int(n: number | bigint): void {
    this.add(typeof n === 'bigint' ? n : n);
  }
  bulk(s: string): void {
    this.add(s);
  }
  bulkInt(n: number | bigint): void {
    this.add(String(n));
  }
  nil(): void {
    this.add(null);
  }
  nullArray(): void {
    this.add(null);
  }
  array(n: number): void {
    this.open(n, 'array');
  }
  map(n: number): void {
    this.open(n, 'map');
  }
  set(n: number): void {
    this.open(n, 'set');
  }
  push(n: number): void {
    this.open(n, 'push');
  }
  double(d: number): void {
    this.add({ type: 'double', value: d });
  }
  doubleText(s: string): void {
    if (this.resp === 2) this.bulk(s);
    else this.double(Number(s));
  }
  bool(b: boolean): void {
    this.add(b);
  }
  verbatim(s: string, format = 'txt'): void {
    this.add({ type: 'verbatim', value: s, format });
  }
  bigNumber(s: string): void {
    this.add({ type: 'bignum', value: s });
  }
  deferLen(): number {
    const items: Captured[] = [];
    const frame: Frame = { items, left: 0, container: items, deferred: true };
    this.stack.push(frame);
    this.deferredFrames.push(frame);
    return this.deferredFrames.length - 1;
  }
  setDeferredLen(handle: number, n: number, kind: AggregateKind = 'array'): void {
    const frame = this.deferredFrames[handle]!;
    if (kind !== 'array') frame.container = { type: kind, value: frame.items };
    frame.deferred = false;
    frame.left = 0;
    // The frame is complete: pop it (and any parents it completes).
    const idx = this.stack.indexOf(frame);
    if (idx >= 0) {
      this.stack.splice(idx, 1);
      this.add(frame.container);
    }
    void n;
  }
  bulkArray(items: readonly string[]): void {
    this.array(items.length);
    for (const s of items) this.bulk(s);
  }
}
