/**
 * test/helpers/run.ts — runs commands in-process through the dispatcher, with no sockets and a
 * clock the test controls (the Dragonfly-style command tier).
 *
 *   const t = new InProcess();
 *   t.run('SET', 'k', 'v', 'PX', '100');   // → { type: 'status', value: 'OK' }
 *   t.advance(101);
 *   t.run('GET', 'k');                       // → null
 */
import { Server } from '../../src/server';
import { Client } from '../../src/protocol/client';
import { CaptureWriter, type Captured } from '../../src/protocol/writer';
import { processCommand } from '../../src/commands/dispatch';

export class InProcess {
  readonly server: Server;
  readonly client: Client;
  private readonly writer: CaptureWriter;
  time: number;
  private static ids = 1_000_000;

  constructor(config: Record<string, string | number | boolean> = {}, resp = 2) {
    this.server = new Server({ config: { port: 0, save: '', ...config } });
    this.time = 1_700_000_000_000;
    this.server.clock = () => this.time;
    this.server.now = this.time;
    this.writer = new CaptureWriter(resp);
    this.client = new Client(this.server, null, InProcess.ids++, this.writer);
    this.client.setResp(resp);
  }

  /** Runs one command and returns its reply value. Throws if a handler hit a non-Redis exception. */
  run(...args: (string | number)[]): Captured {
    this.server.lastUnexpectedError = null;
    const before = this.writer.values.length;
    processCommand(this.client, args.map(String));
    if (this.server.lastUnexpectedError) throw this.server.lastUnexpectedError;
    const out = this.writer.values.slice(before);
    this.writer.values.length = before;
    return out.length === 1 ? out[0]! : (out as Captured);
  }

  /** A second client on the same server (for WATCH, blocking, pub/sub cases). */
  newClient(resp = 2): { client: Client; run: (...args: (string | number)[]) => Captured } {
    const w = new CaptureWriter(resp);
    const c = new Client(this.server, null, InProcess.ids++, w);
    c.setResp(resp);
    return {
      client: c,
      run: (...args) => {
        const before = w.values.length;
        processCommand(c, args.map(String));
        const out = w.values.slice(before);
        w.values.length = before;
        return out.length === 1 ? out[0]! : (out as Captured);
      },
    };
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Shorthands for expected values. */
export const ok = { type: 'status', value: 'OK' } as const;
export const err = (value: string) => ({ type: 'error', value }) as const;
export const status = (value: string) => ({ type: 'status', value }) as const;
