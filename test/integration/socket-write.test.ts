/**
 * Replies written straight to the socket's handle (src/util/socket-write.ts): when the kernel
 * pushes back, the queued bytes show as omem, arrive intact and in order once the reader
 * catches up, and a client killed or closing with writes still queued is cleaned up without
 * harming anyone else.
 */
import net from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { encodeCommand } from '../helpers/raw-client';

const VALUE_LEN = 512 * 1024;
const GETS = 24;

function clientLine(list: string, name: string): string {
  return list.split('\n').find((l) => l.includes(` name=${name} `)) ?? '';
}

async function waitFor(cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('replies to a slow reader', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.client().set('big', Buffer.alloc(VALUE_LEN, 'v'));
  });
  afterAll(async () => {
    await t.close();
  });

  function slowReader(name: string): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port: t.port, host: '127.0.0.1' }, () => {
        s.pause();
        s.write(encodeCommand(['CLIENT', 'SETNAME', name]));
        for (let i = 0; i < GETS; i++) s.write(encodeCommand(['GET', 'big']));
        s.write(encodeCommand(['PING']));
        resolve(s);
      });
      s.once('error', reject);
    });
  }

  it('queued reply bytes show as omem and arrive complete and in order', async () => {
    const s = await slowReader('slow1');
    const admin = t.client();
    await waitFor(async () => /omem=[1-9]/.test(clientLine(String(await admin.call('CLIENT', 'LIST')), 'slow1')), 'omem > 0');
    const chunks: Buffer[] = [];
    const header = `$${VALUE_LEN}\r\n`;
    const expected = 5 + GETS * (header.length + VALUE_LEN + 2) + 7; // +OK, the bulks, +PONG
    const done = new Promise<void>((resolve) => {
      let got = 0;
      s.on('data', (d: Buffer) => {
        chunks.push(d);
        got += d.length;
        if (got >= expected) resolve();
      });
    });
    s.resume();
    await done;
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(expected);
    expect(all.subarray(0, 5).toString()).toBe('+OK\r\n');
    let pos = 5;
    for (let i = 0; i < GETS; i++) {
      expect(all.subarray(pos, pos + header.length).toString()).toBe(header);
      pos += header.length;
      const body = all.subarray(pos, pos + VALUE_LEN);
      expect(body.every((b) => b === 0x76)).toBe(true);
      pos += VALUE_LEN;
      expect(all.subarray(pos, pos + 2).toString()).toBe('\r\n');
      pos += 2;
    }
    expect(all.subarray(pos).toString()).toBe('+PONG\r\n');
    await waitFor(async () => / omem=0 /.test(clientLine(String(await admin.call('CLIENT', 'LIST')), 'slow1')), 'omem back to 0');
    s.destroy();
  });

  it('CLIENT KILL of a client with queued writes, and a reader that vanishes, leave the server serving', async () => {
    const a = await slowReader('slow2');
    const b = await slowReader('slow3');
    const admin = t.client();
    await waitFor(async () => /omem=[1-9]/.test(clientLine(String(await admin.call('CLIENT', 'LIST')), 'slow2')), 'omem > 0');
    const closed = new Promise<void>((r) => a.on('close', () => r()));
    expect(await admin.call('CLIENT', 'KILL', 'SKIPME', 'yes', 'ID', String(await idOf(admin, 'slow2')))).toBe(1);
    a.resume();
    await closed;
    b.destroy();
    await waitFor(async () => !String(await admin.call('CLIENT', 'LIST')).includes('name=slow'), 'both clients gone');
    expect(await admin.strlen('big')).toBe(VALUE_LEN);
    expect(await admin.ping()).toBe('PONG');
  });
});

async function idOf(r: { call(...a: string[]): Promise<unknown> }, name: string): Promise<number> {
  const line = clientLine(String(await r.call('CLIENT', 'LIST')), name);
  return Number(/id=(\d+)/.exec(line)![1]);
}
