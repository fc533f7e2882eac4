/**
 * test/helpers/raw-client.ts — a RESP client over a raw socket that returns each reply as the
 * exact bytes the server sent (latin1 text). For inline commands, pipelining, malformed frames,
 * and byte-for-byte comparison with real Redis.
 */
import net from 'node:net';

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;
  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new RawClient(s)));
      s.setNoDelay(true);
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private waitData(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting for reply; have ${JSON.stringify(this.buf.toString('latin1'))}`)), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Sends raw bytes (a string is sent as latin1). */
  write(data: string | Buffer): void {
    this.sock.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Sends one command as a RESP multibulk. */
  send(...args: (string | number | Buffer)[]): void {
    this.write(encodeCommand(args));
  }

  /** The next complete reply, as raw latin1 text (including nested frames). */
  async read(timeoutMs = 30000): Promise<string> {
    for (;;) {
      const end = replyEnd(this.buf, 0);
      if (end > 0) {
        const out = this.buf.subarray(0, end).toString('latin1');
        this.buf = this.buf.subarray(end);
        return out;
      }
      if (this.closed) throw new Error(`connection closed; pending ${JSON.stringify(this.buf.toString('latin1'))}`);
      await this.waitData(timeoutMs);
    }
  }

  /** Whether a complete reply has arrived already (without waiting for one). */
  ready(): boolean {
    return replyEnd(this.buf, 0) > 0;
  }

  get localPort(): number {
    return this.sock.localPort ?? 0;
  }

  /** Sends a command and returns its raw reply. */
  async call(...args: (string | number | Buffer)[]): Promise<string> {
    this.send(...args);
    return this.read();
  }

  /** Resolves once the server closed the connection; returns whatever bytes were left. */
  async waitClosed(timeoutMs = 5000): Promise<string> {
    while (!this.closed) await this.waitData(timeoutMs);
    return this.buf.toString('latin1');
  }

  close(): void {
    this.sock.destroy();
  }
}

export function encodeCommand(args: (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Offset just past the reply starting at `pos`, or -1 when incomplete. */
export function replyEnd(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return -1;
  const nl = buf.indexOf('\r\n', pos);
  if (nl < 0) return -1;
  const type = String.fromCharCode(buf[pos]!);
  const line = buf.subarray(pos + 1, nl).toString('latin1');
  const next = nl + 2;
  switch (type) {
    case '+': case '-': case ':': case '_': case ',': case '#': case '(':
      return next;
    case '$': case '=': case '!': {
      const n = parseInt(line, 10);
      if (n < 0) return next;
      return buf.length >= next + n + 2 ? next + n + 2 : -1;
    }
    case '*': case '~': case '>': case '%': case '|': {
      let n = parseInt(line, 10);
      if (n < 0) return next;
      if (type === '%' || type === '|') n *= 2;
      let p = next;
      for (let i = 0; i < n; i++) {
        p = replyEnd(buf, p);
        if (p < 0) return -1;
      }
      if (type === '|') return replyEnd(buf, p);
      return p;
    }
    default:
      // Not RESP (should not happen): treat the line as the reply.
      return next;
  }
}

/** Parses raw reply text into a JS value (arrays, strings, numbers, null) for loose comparisons. */
export function parseReply(text: string): unknown {
  const buf = Buffer.from(text, 'latin1');
  const [v] = parseAt(buf, 0);
  return v;
}

function parseAt(buf: Buffer, pos: number): [unknown, number] {
  const nl = buf.indexOf('\r\n', pos);
  const type = String.fromCharCode(buf[pos]!);
  const line = buf.subarray(pos + 1, nl).toString('latin1');
  let p = nl + 2;
  switch (type) {
    case '+': return [line, p];
    case '-': return [{ error: line }, p];
    case ':': return [Number(line), p];
    case '_': return [null, p];
    case ',': return [Number(line), p];
    case '#': return [line === 't', p];
    case '(': return [BigInt(line), p];
    case '$': case '=': {
      const n = parseInt(line, 10);
      if (n < 0) return [null, p];
      return [buf.subarray(p, p + n).toString('latin1'), p + n + 2];
    }
    default: {
      let n = parseInt(line, 10);
      if (n < 0) return [null, p];
      if (type === '%') n *= 2;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const [v, q] = parseAt(buf, p);
        out.push(v);
        p = q;
      }
      return [out, p];
    }
  }
}
