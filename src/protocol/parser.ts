/**
 * protocol/parser.ts — the incremental request parser (networking.c: processInlineBuffer and
 * processMultibulkBuffer). Bytes in, one argv at a time out; any chunk boundary is legal.
 *
 * Arguments are latin1 strings: one char per byte, binary safe, usable as Map keys.
 * Protocol errors carry Redis's exact text; the caller replies with it and closes the connection.
 * Imports nothing from the server; it only knows bytes and limits.
 */

/** Redis's PROTO_INLINE_MAX_SIZE: the longest line (inline command or length header) accepted. */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Above this size a bulk argument is collected in a buffer of its own (PROTO_MBULK_BIG_ARG). */
const BIG_ARG = 32 * 1024;
/** Most argv slots allocated from a multibulk header before the arguments arrive (Redis: 1024). */
const PREALLOC_ARGV = 1024;
/** The argv between commands (never written: every command starts with startArgv). */
const NO_ARGV: string[] = [];

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
}

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

const CR = 13;
const LF = 10;

export class RequestParser {
  /** The unparsed bytes are buf[pos, buf.length); `buf` may be a view of `store`. */
  private buf: Latin1Buffer | null = null;
  private pos = 0;
  /** A buffer we own with spare room after buf's end, so that appends are amortised O(1). */
  private store: Buffer | null = null;
  /**
   * Terminator-scan memo: while `pos === scanPos`, the first `scanLen` bytes from pos hold no
   * terminator, so a dribbling client (one byte per read) is not rescanned from the start.
   */
  private scanPos = -1;
  private scanLen = 0;
  /** A NUL byte was seen in that prefix: strchr never gets past it. */
  private scanNul = false;
  /** Arguments still expected for the current multibulk, 0 when between commands. */
  private multibulk = 0;
  /** Length of the bulk being read, -1 while its header is not read yet. */
  private bulkLen = -1;
  /**
   * The command being read: sized from the multibulk header (up to PREALLOC_ARGV, as Redis
   * caps argv_len), filled by index; argc counts the arguments read so far.
   */
  private argv: string[] = NO_ARGV;
  private argc = 0;
  /** The last argv[0] read by the fast path (see commandName). */
  private lastName = '';
  /** A big bulk argument being filled chunk by chunk. */
  private big: Buffer | null = null;
  private bigFill = 0;
  /** Set when a protocol error was found: the text to reply with (without "-ERR "). */
  error: string | null = null;
  /** Whether the client is still unauthenticated (Redis limits its multibulk sizes). */
  authRequired = false;

  constructor(private readonly limits: ParserLimits) {}

  /** Bytes received and not yet turned into a command (the query buffer). */
  get pending(): number {
    return (this.buf ? this.buf.length - this.pos : 0) + (this.big ? this.bigFill : 0);
  }

  /** The allocated size of the query buffer, for CLIENT LIST qbuf/qbuf-free and limits. */
  get capacity(): number {
    return (this.store ? this.store.length : this.buf ? this.buf.length : 0) + (this.big ? this.big.length : 0);
  }

  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.big !== null) {
      // Filling a big argument: copy straight into its buffer, keep the rest.
      const need = this.big.length - this.bigFill;
      const n = Math.min(need, chunk.length);
      chunk.copy(this.big, this.bigFill, 0, n);
      this.bigFill += n;
      if (n < chunk.length) this.append(chunk.subarray(n));
      return;
    }
    this.append(chunk);
  }

  private append(chunk: Buffer): void {
    const buf = this.buf;
    if (buf === null || this.pos >= buf.length) {
      // Nothing pending: parse the socket's chunk in place (no copy).
      this.buf = chunk as Latin1Buffer;
      this.pos = 0;
      this.store = null;
      this.scanPos = -1;
      return;
    }
    const rest = buf.length - this.pos;
    const need = rest + chunk.length;
    const store = this.store;
    if (store !== null && buf.buffer === store.buffer && buf.byteOffset === store.byteOffset) {
      if (store.length - buf.length >= chunk.length) {
        // Room after the valid bytes: append in place.
        chunk.copy(store, buf.length);
        this.buf = store.subarray(0, buf.length + chunk.length) as Latin1Buffer;
        return;
      }
      if (store.length >= need && this.pos >= rest) {
        // Enough room once the consumed prefix is dropped (non-overlapping move).
        store.copy(store, 0, this.pos, buf.length);
        chunk.copy(store, rest);
        this.moved(0);
        this.buf = store.subarray(0, need) as Latin1Buffer;
        return;
      }
    }
    // Grow geometrically once we are accumulating (a slowly arriving request then costs O(n)
    // copies overall); the first merge of a split command only gets modest slack, since the
    // next read usually completes it and the buffer is dropped.
    const cap = store !== null ? need * 2 : need + Math.min(need, 16 * 1024);
    const next = Buffer.allocUnsafe(Math.max(cap, 1024));
    buf.copy(next, 0, this.pos);
    chunk.copy(next, rest);
    this.store = next;
    this.moved(0);
    this.buf = next.subarray(0, need) as Latin1Buffer;
  }

  /**
   * Makes the parser stop referencing the last fed chunk: unparsed bytes still lying in it are
   * copied to a buffer of our own. The server calls this after each read when the chunk is a view
   * of a read buffer it reuses for the next read.
   */
  ownPending(): void {
    const buf = this.buf;
    if (buf === null || this.store !== null) return;
    if (this.pos >= buf.length) {
      this.buf = null;
      this.pos = 0;
      return;
    }
    const rest = buf.length - this.pos;
    const next = Buffer.allocUnsafe(Math.max(rest + Math.min(rest, 16 * 1024), 1024));
    buf.copy(next, 0, this.pos);
    this.store = next;
    this.moved(0);
    this.buf = next.subarray(0, rest) as Latin1Buffer;
  }

  /** The unparsed bytes now start at `to` (after a compaction): keep the scan memo valid. */
  private moved(to: number): void {
    if (this.scanPos === this.pos) this.scanPos = to;
    else this.scanPos = -1;
    this.pos = to;
  }

  /**
   * strchr(querybuf + pos, term) as Redis does it: the offset of the first `term` byte at or
   * after pos, or -1 when there is none or when a NUL byte comes first (the C string ends
   * there, so Redis waits for more data; see the NUL cases in parser.test.ts).
   */
  private findTerm(term: number): number {
    const buf = this.buf!;
    const pos = this.pos;
    let from = pos;
    if (this.scanPos === pos) {
      if (this.scanNul) {
        this.scanLen = buf.length - pos;
        return -1; // stuck behind a NUL for good (until a size limit closes the connection)
      }
      from = pos + this.scanLen;
    }
    const idx = buf.indexOf(term, from);
    const limit = idx < 0 ? buf.length : idx;
    let nul = false;
    for (let i = from; i < limit; i++) {
      if (buf[i] === 0) {
        nul = true;
        break;
      }
    }
    this.scanPos = pos;
    this.scanNul = nul;
    if (idx < 0 || nul) {
      this.scanLen = buf.length - pos;
      return -1;
    }
    // Remember the terminator-free prefix in case the line is not complete yet (\r without \n).
    this.scanLen = idx - pos;
    return idx;
  }

  /**
   * The next complete command, or null when more bytes are needed or a protocol error was
   * found (then `error` is set). An empty array is never returned: empty commands are skipped.
   */
  next(): string[] | null {
    for (;;) {
      if (this.error !== null) return null;
      if (this.multibulk === 0) {
        const buf = this.buf;
        if (buf === null || this.pos >= buf.length) return null;
        if (buf[this.pos] === 42 /* '*' */) {
          const r = this.readMultibulkHeader();
          if (r === 0) return null; // need more
          if (r === 2) continue; // empty multibulk, skip
        } else {
          const argv = this.readInline();
          if (argv === null) return null;
          if (argv.length === 0) continue;
          return argv;
        }
      }
      const argv = this.readBulks();
      if (argv !== null) return argv;
      return null;
    }
  }

  /** Drops any partial state (used when the connection is reset or closed). */
  reset(): void {
    this.buf = null;
    this.store = null;
    this.pos = 0;
    this.scanPos = -1;
    this.multibulk = 0;
    this.bulkLen = -1;
    this.argv = NO_ARGV;
    this.argc = 0;
    this.big = null;
    this.bigFill = 0;
    this.error = null;
  }

  /** 0: need more, 1: header read, 2: empty multibulk consumed. */
  private readMultibulkHeader(): number {
    const buf = this.buf!;
    const ll0 = fastLength(buf, this.pos + 1);
    if (ll0 > 0 && (ll0 <= 10 || !this.authRequired) && ll0 <= 2147483647) {
      this.pos = fastEnd + 2;
      this.multibulk = ll0;
      this.startArgv(ll0);
      return 1;
    }
    const cr = this.findTerm(CR);
    if (cr < 0) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = 'Protocol error: too big mbulk count string';
      return 0;
    }
    if (cr + 1 >= buf.length) return 0; // the \n has not arrived yet
    const ll = parseLength(buf, this.pos + 1, cr);
    if (ll === null || ll > 2147483647) {
      this.error = 'Protocol error: invalid multibulk length';
      return 0;
    }
    if (ll > 10 && this.authRequired) {
      this.error = 'Protocol error: unauthenticated multibulk length';
      return 0;
    }
    // Redis skips two bytes after the \r without looking at them; so do we.
    this.pos = cr + 2;
    if (ll <= 0) return 2;
    this.multibulk = ll;
    this.startArgv(ll);
    return 1;
  }

  /** A new argv for n arguments: one allocation of the right size (push() would over-allocate). */
  private startArgv(n: number): void {
    this.argv = new Array<string>(n <= PREALLOC_ARGV ? n : PREALLOC_ARGV);
    this.argc = 0;
  }

  private readBulks(): string[] | null {
    while (this.multibulk > 0) {
      if (this.big !== null) {
        if (this.bigFill < this.big.length) return null;
        const big = this.big as Latin1Buffer;
        this.argv[this.argc++] = big.latin1Slice(0, big.length - 2);
        this.big = null;
        this.bigFill = 0;
        this.bulkLen = -1;
        this.multibulk--;
        continue;
      }
      const buf = this.buf;
      if (buf === null) return null;
      if (this.bulkLen === -1) {
        // Fast path for the common "$<digits>\r?" header; anything else takes the general path,
        // which gives the same result for these bytes.
        const ll0 = buf[this.pos] === 36 ? fastLength(buf, this.pos + 1) : -1;
        if (ll0 >= 0) {
          const cr0 = fastEnd;
          if (ll0 <= this.limits.maxBulkLen && (ll0 <= 16384 || !this.authRequired)) {
            this.pos = cr0 + 2;
            this.bulkLen = ll0;
            if (ll0 < BIG_ARG || buf.length - this.pos >= ll0 + 2) {
              const end0 = this.pos + ll0;
              if (end0 + 2 > buf.length) return null;
              this.argv[this.argc] = this.argc === 0 && ll0 <= 16 ? this.commandName(buf, this.pos, ll0) : latin1(buf, this.pos, ll0);
              this.argc++;
              this.pos = end0 + 2;
              this.bulkLen = -1;
              this.multibulk--;
              continue;
            }
            this.startBig(buf, ll0);
            continue;
          }
        }
        const cr = this.findTerm(CR);
        if (cr < 0) {
          if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = 'Protocol error: too big bulk count string';
          return null;
        }
        if (cr + 1 >= buf.length) return null;
        if (buf[this.pos] !== 36 /* '$' */) {
          this.error = `Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos]!)}'`;
          return null;
        }
        const ll = parseLength(buf, this.pos + 1, cr);
        if (ll === null || ll < 0 || ll > this.limits.maxBulkLen) {
          this.error = 'Protocol error: invalid bulk length';
          return null;
        }
        if (ll > 16384 && this.authRequired) {
          this.error = 'Protocol error: unauthenticated bulk length';
          return null;
        }
        this.pos = cr + 2;
        this.bulkLen = ll;
        if (ll >= BIG_ARG && buf.length - this.pos < ll + 2) {
          this.startBig(buf, ll);
          continue;
        }
      }
      const end = this.pos + this.bulkLen;
      if (end + 2 > buf.length) return null;
      this.argv[this.argc++] = latin1(buf, this.pos, this.bulkLen);
      this.pos = end + 2;
      this.bulkLen = -1;
      this.multibulk--;
    }
    const argv = this.argv;
    this.argv = NO_ARGV;
    this.consumedAll();
    return argv;
  }

  /**
   * argv[0] of a request: the previous command's name string again when the bytes match (a
   * client usually repeats the same command), else a new string that becomes the remembered one.
   * Saves the latin1Slice call, and the registry's Map lookup gets a string whose hash is cached.
   */
  private commandName(buf: Latin1Buffer, at: number, n: number): string {
    const last = this.lastName;
    if (last.length === n) {
      let i = 0;
      while (i < n && buf[at + i] === last.charCodeAt(i)) i++;
      if (i === n) return last;
    }
    const s = latin1(buf, at, n);
    this.lastName = s;
    return s;
  }

  /** Collects a big argument in its own buffer, so that its chunks are copied once. */
  private startBig(buf: Buffer, ll: number): void {
    this.big = Buffer.allocUnsafe(ll + 2);
    const have = Math.max(0, buf.length - this.pos);
    if (have > 0) buf.copy(this.big, 0, this.pos);
    this.bigFill = have;
    this.buf = null;
    this.store = null;
    this.pos = 0;
  }

  /** Forgets a fully consumed buffer, so that the next chunk is parsed in place. */
  private consumedAll(): void {
    if (this.buf !== null && this.pos >= this.buf.length) {
      this.buf = null;
      this.store = null;
      this.pos = 0;
    }
  }

  private readInline(): string[] | null {
    const buf = this.buf!;
    const nl = this.findTerm(LF);
    if (nl < 0) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = 'Protocol error: too big inline request';
      return null;
    }
    let end = nl;
    if (end > this.pos && buf[end - 1] === CR) end--;
    const line = buf.latin1Slice(this.pos, end);
    const argv = splitArgs(line);
    if (argv === null) {
      this.error = 'Protocol error: unbalanced quotes in request';
      return null;
    }
    this.pos = nl + 1;
    this.consumedAll();
    return argv;
  }
}

/** Where fastLength found the \r. */
let fastEnd = 0;

const fcc = String.fromCharCode;

/**
 * The latin1 string of bytes [p, p + n). Up to 16 bytes String.fromCharCode with explicit
 * arguments is used: a builtin with no call into C++, 2-4x cheaper than latin1Slice at these
 * lengths (8-20 ns against ~40 on node 20), and most keys, fields and small values are that short.
 * Codes below 256 give the same one-byte string latin1Slice makes.
 */
function latin1(b: Latin1Buffer, p: number, n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return fcc(b[p]!);
    case 2:
      return fcc(b[p]!, b[p + 1]!);
    case 3:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!);
    case 4:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!);
    case 5:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!);
    case 6:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!);
    case 7:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!);
    case 8:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    case 9:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!);
    case 10:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!);
    case 11:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!);
    case 12:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!);
    case 13:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!);
    case 14:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!);
    case 15:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!, b[p + 14]!);
    case 16:
      return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!, b[p + 14]!, b[p + 15]!);
    default:
      return b.latin1Slice(p, p + n);
  }
}

/**
 * The common case of a length header: 1 to 15 digits without a leading zero (or a lone "0"),
 * then \r and one more byte present. Returns the value (and sets fastEnd to the \r's offset),
 * or -1 when the bytes need the general, Redis-exact path (incomplete, signed, odd, huge).
 */
function fastLength(buf: Buffer, start: number): number {
  const len = buf.length;
  let i = start;
  let v = 0;
  const lim = Math.min(len, start + 15);
  while (i < lim) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  const digits = i - start;
  if (digits === 0 || (digits > 1 && buf[start] === 48)) return -1;
  if (i + 1 >= len || buf[i] !== CR) return -1;
  fastEnd = i;
  return v;
}

/** string2ll over bytes [start, end): strict decimal, optional '-'. null when invalid. */
function parseLength(buf: Buffer, start: number, end: number): number | null {
  const n = end - start;
  if (n <= 0 || n > 20) return null;
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === end) return null;
  }
  if (n === 1 && buf[start] === 48) return 0;
  const first = buf[i]!;
  if (first < 49 || first > 57) return null;
  let v = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (end - start >= 19 && v >= 9e18) {
    // Near the int64 limits doubles are inexact: decide overflow exactly, as string2ll does.
    const big = BigInt(buf.toString('latin1', start, end));
    if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  }
  return neg ? -v : v;
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * sdssplitargs: splits an inline command line the way redis-cli and telnet users expect.
 * Double quotes take \n \r \t \b \a \\ \" and \xHH escapes; single quotes take \'. A closing
 * quote must be followed by a space or the end. Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  // sdssplitargs reads a C string: a NUL byte ends the line.
  const nul = line.indexOf('\0');
  if (nul >= 0) line = line.slice(0, nul);
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = '';
    while (!done) {
      if (inq) {
        if (i >= n) return null;
        const ch = line[i]!;
        if (ch === '\\' && line[i + 1] === 'x' && i + 3 < n + 0 && isHex(line[i + 2] ?? '') && isHex(line[i + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i]!;
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (insq) {
        if (i >= n) return null;
        const ch = line[i]!;
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const ch = line[i]!;
        const code = line.charCodeAt(i);
        if (code === 32 || code === 10 || code === 13 || code === 9 || code === 0) {
          done = true;
        } else if (ch === '"') {
          inq = true;
        } else if (ch === "'") {
          insq = true;
        } else {
          cur += ch;
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 13;
}
