/**
 * io-threads/worker.ts — the entry point of the I/O thread (io-threads > 1).
 *
 * The worker owns every TCP socket completely: it binds, accepts, reads and writes. It executes
 * nothing: bytes read are shipped to the main thread, which runs every command one at a time
 * (bridge.ts); reply bytes come back per flush. One batch message per event-loop turn in each
 * direction. There is one such worker whatever io-threads says (bridge.ts explains why: one
 * event loop reading all sockets is what keeps Redis's order across connections).
 *
 * Imports only node built-ins and ./protocol (it is bundled on its own for vitest runs).
 */
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { RequestParser } from '../protocol/parser';
import { UpOp, DownOp, OutBuffer, type Batch, type Control, type OpenInfo, type WorkerInit, type WorkerSettings } from './protocol';

interface Conn {
  id: number;
  socket: net.Socket;
  /** Last write backlog reported to main (bytes not yet taken by the kernel). */
  reported: number;
  /** Reply bytes taken from main since the last Backlog report. */
  unacked: number;
  /** In `reports` (a Backlog op goes out with the next batch). */
  reporting: boolean;
  /** io-threads-do-reads: this connection's parser (null: raw bytes go to main). */
  parser: RequestParser | null;
  /** A protocol error or overflow was reported: main closes the connection, ignore the rest. */
  failed: boolean;
  /**
   * io-threads-do-reads, unauthenticated: one command was shipped and parsing waits for main
   * to run it (it may be AUTH or HELLO, which lift the unauthenticated size limits for what
   * follows). Main's DownOp.Auth releases it.
   */
  hold: boolean;
}

type Latin1Buffer = Buffer & { latin1Write(s: string, offset: number, len: number): number };

const init = workerData as WorkerInit;
const port = parentPort!;
const conns = new Map<number, Conn>();
const servers: net.Server[] = [];
let nextId = 1;
let closing = false;

// The batch under construction.
const m: number[] = [];
let opens: OpenInfo[] = [];
let texts: string[] = [];
/** The parser settings main sent last; every parser shares `limits`, so a change applies at once. */
let settings: WorkerSettings = init.settings;
const limits = { maxBulkLen: settings.maxBulkLen };
const out = new OutBuffer();
let scheduled = false;
/** Connections whose Backlog report rides on the next batch. */
let reports: Conn[] = [];
let reportTimer: NodeJS.Timeout | null = null;
/** Unacknowledged reply bytes that make a report go out at once. */
const ACK_BYTES = 16 * 1024;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(send);
}

/** A Backlog report for this connection goes with the next batch (now, or within 1 ms). */
function report(conn: Conn, now: boolean): void {
  if (!conn.reporting) {
    conn.reporting = true;
    reports.push(conn);
  }
  if (now) schedule();
  else if (reportTimer === null && !scheduled) {
    reportTimer = setTimeout(() => {
      reportTimer = null;
      if (reports.length > 0) schedule();
    }, 1);
  }
}

function send(): void {
  scheduled = false;
  // The Backlog reports go first: main must have settled a connection's in-flight bytes before
  // it runs the commands that came with them (CLIENT INFO omem, used_memory for maxmemory).
  let pre: number[] | null = null;
  if (reports.length > 0) {
    pre = [];
    for (const conn of reports) {
      conn.reporting = false;
      if (conns.get(conn.id) !== conn) continue;
      const backlog = conn.socket.writableLength;
      pre.push(UpOp.Backlog, conn.id, backlog, conn.unacked);
      conn.reported = backlog;
      conn.unacked = 0;
    }
    reports = [];
  }
  const n = pre === null ? m.length : pre.length + m.length;
  if (n === 0) return;
  const d = out.take();
  let ops: Int32Array<ArrayBuffer>;
  if (pre === null) ops = Int32Array.from(m);
  else {
    ops = new Int32Array(n);
    ops.set(pre);
    ops.set(m, pre.length);
  }
  const msg: Batch = { t: 'b', m: ops, d };
  if (opens.length > 0) msg.o = opens;
  if (texts.length > 0) msg.s = texts;
  m.length = 0;
  opens = [];
  texts = [];
  port.postMessage(msg, d ? [d, ops.buffer] : [ops.buffer]);
}

function onConnection(socket: net.Socket): void {
  if (closing) {
    socket.destroy();
    return;
  }
  const id = nextId++;
  const conn: Conn = { id, socket, reported: 0, unacked: 0, reporting: false, parser: init.doReads ? new RequestParser(limits) : null, failed: false, hold: false };
  if (conn.parser !== null) conn.parser.authRequired = settings.authRequired;
  conns.set(id, conn);
  socket.setNoDelay(true);
  if (init.keepAliveMs > 0) socket.setKeepAlive(true, init.keepAliveMs);
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  opens.push({ ra: socket.remoteAddress ?? '?', rp: socket.remotePort ?? 0, la: socket.localAddress ?? '?', lp: socket.localPort ?? 0, fd: typeof fd === 'number' ? fd : -1, au: settings.authRequired });
  m.push(UpOp.Open, id, opens.length - 1);
  schedule();
  socket.on('data', (chunk: Buffer) => {
    if (conn.parser !== null) {
      parseInput(conn, chunk);
      return;
    }
    const at = out.reserve(chunk.length);
    chunk.copy(out.buf!, at);
    m.push(UpOp.Data, id, at, chunk.length);
    schedule();
  });
  socket.on('error', () => {
    /* 'close' follows */
  });
  socket.on('drain', () => {
    if (conn.reported !== 0) report(conn, true);
  });
  socket.on('close', () => {
    conns.delete(id);
    m.push(UpOp.Close, id);
    schedule();
    if (closing) maybeExit();
  });
}

/**
 * io-threads-do-reads: parses what the connection sent and queues each complete command as an
 * Argv op. A protocol error is queued after the commands before it; main replies and closes,
 * exactly as when it parses itself.
 */
function parseInput(conn: Conn, chunk: Buffer): void {
  if (conn.failed) return;
  conn.parser!.feed(chunk);
  parseQueued(conn);
  m.push(UpOp.Read, conn.id, chunk.length);
  schedule();
}

/**
 * Ships the complete commands in the connection's parser. While the connection is
 * unauthenticated it stops after one (Redis parses the next command only after running the
 * previous one: AUTH changes the limits the rest is parsed with).
 */
function parseQueued(conn: Conn): void {
  const parser = conn.parser!;
  while (!conn.hold) {
    const argv = parser.next();
    if (argv === null) break;
    let bytes = 0;
    for (let i = 0; i < argv.length; i++) bytes += argv[i]!.length;
    const at = out.reserve(bytes);
    const buf = out.buf as Latin1Buffer;
    m.push(UpOp.Argv, conn.id, at, argv.length);
    let p = at;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      m.push(a.length);
      p += buf.latin1Write(a, p, a.length);
    }
    if (parser.authRequired) conn.hold = true;
  }
  if (parser.error !== null) {
    conn.failed = true;
    texts.push(parser.error);
    m.push(UpOp.ProtoError, conn.id, texts.length - 1);
  } else if (parser.pending > settings.queryBufferLimit) {
    conn.failed = true;
    m.push(UpOp.QueryOverflow, conn.id);
  }
}

/** Applies one batch from the main thread. */
function onBatch(b: Batch): void {
  const ops = b.m;
  const data = b.d ? Buffer.from(b.d) : null;
  for (let i = 0; i < ops.length; ) {
    const op = ops[i]!;
    const conn = conns.get(ops[i + 1]!);
    if (op === DownOp.Write) {
      const off = ops[i + 2]!;
      const len = ops[i + 3]!;
      i += 4;
      if (conn === undefined || conn.socket.destroyed) continue;
      conn.socket.write(data!.subarray(off, off + len));
      conn.unacked += len;
      // Main counts these bytes as in flight until this report: soon when they matter (the
      // socket could not take them all, or many), else with the next batch or within 1 ms.
      report(conn, conn.socket.writableLength !== conn.reported || conn.unacked >= ACK_BYTES);
    } else if (op === DownOp.Auth) {
      const v = ops[i + 2]! === 1;
      i += 3;
      if (conn === undefined || conn.parser === null) continue;
      conn.parser.authRequired = v;
      if (conn.hold) {
        // Main ran the command shipped under the unauthenticated limits: parse on.
        conn.hold = false;
        if (!conn.failed) {
          parseQueued(conn);
          m.push(UpOp.Read, conn.id, 0);
          schedule();
        }
      }
    } else if (op === DownOp.End) {
      i += 2;
      if (conn !== undefined && !conn.socket.destroyed) conn.socket.end();
    } else {
      i += 2;
      if (conn === undefined) continue;
      if (conn.socket.writableEnded) conn.socket.destroySoon();
      else conn.socket.destroy();
    }
  }
}

function maybeExit(): void {
  if (conns.size !== 0) return;
  send();
  port.postMessage({ t: 'bye' } satisfies Control);
}

function shutdown(): void {
  closing = true;
  for (const s of servers) s.close();
  for (const c of conns.values()) {
    if (c.socket.writableEnded) c.socket.destroySoon();
    else c.socket.end(() => c.socket.destroy());
  }
  // Peers that never read their replies must not hold the shutdown up.
  setTimeout(() => {
    for (const c of conns.values()) c.socket.destroy();
  }, 500).unref();
  maybeExit();
}

port.on('message', (msg: Batch | Control) => {
  if (msg.t === 'b') onBatch(msg);
  else if (msg.t === 'shutdown') shutdown();
  else if (msg.t === 'settings') {
    settings = msg.settings;
    limits.maxBulkLen = settings.maxBulkLen;
  }
  else if (msg.t === 'rebind') {
    // close() stops listening at once; the accepted connections stay open.
    for (const srv of servers.splice(0)) srv.close();
    bindAll(msg.binds).catch(reportError);
  }
});

function listenOn(opts: net.ListenOptions): Promise<net.Server> {
  const srv = net.createServer({ noDelay: true }, onConnection);
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(opts, () => {
      srv.off('error', reject);
      srv.on('error', () => {});
      resolve(srv);
    });
  });
}

async function bindAll(binds: WorkerInit['binds']): Promise<void> {
  let bound = 0;
  let host = '127.0.0.1';
  for (const b of binds) {
    let srv: net.Server;
    try {
      srv = await listenOn({ host: b.host, port: bound || b.port, ipv6Only: b.host === '::', exclusive: true });
    } catch (err) {
      if (b.optional) continue;
      throw err;
    }
    const addr = srv.address();
    if (addr && typeof addr === 'object') {
      if (bound === 0) bound = addr.port;
      if (servers.length === 0) host = b.host === '0.0.0.0' || b.host === '::' ? '127.0.0.1' : b.host;
    }
    servers.push(srv);
  }
  port.postMessage({ t: 'listening', port: bound, host } satisfies Control);
}

function reportError(err: NodeJS.ErrnoException): void {
  port.postMessage({ t: 'error', message: err.message, code: err.code } satisfies Control);
}

bindAll(init.binds).catch(reportError);
