/**
 * Durability of the real server process (node dist/cli.js, built by `npx tsc -p .`): a client
 * records every acknowledged write, the server is SIGKILLed mid-load and restarted on the same
 * directory. appendfsync always loses no acknowledged write; everysec loses at most about one
 * second of them. A truncated AOF loads (aof-load-truncated yes) and is repaired so later appends
 * survive; with aof-load-truncated no, or with a corrupted dump.rdb, the server exits non-zero.
 * Ports 7300-7309 (DURABILITY_PORT moves the base).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { RawClient, parseReply } from '../helpers/raw-client';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const hasDist = fs.existsSync(CLI);
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-durability-'));
const procs = new Set<ChildProcess>();
afterAll(() => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

function tmpDir(name: string): string {
  const d = path.join(tmpRoot, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

const P = Number(process.env.DURABILITY_PORT ?? 7300);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Proc {
  proc: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function spawnServer(dir: string, port: number, args: string[]): Proc {
  const proc = spawn(process.execPath, [CLI, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--maxmemory', '1gb', '--loglevel', 'warning', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.add(proc);
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, exited, output: () => out };
}

/** Starts the server and waits until it answers PING (loading done). */
async function startServer(dir: string, port: number, args: string[]): Promise<Proc & { c: RawClient }> {
  const p = spawnServer(dir, port, args);
  for (let i = 0; i < 200; i++) {
    if (p.proc.exitCode !== null) throw new Error(`server exited ${p.proc.exitCode}: ${p.output()}`);
    try {
      const c = await RawClient.connect(port);
      for (;;) {
        const r = await c.call('PING');
        if (r.startsWith('+PONG')) return { ...p, c };
        await sleep(20);
      }
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`server did not start: ${p.output()}`);
}

async function kill9(p: Proc): Promise<void> {
  p.proc.kill('SIGKILL');
  await p.exited;
}

async function stop(p: Proc & { c: RawClient }): Promise<void> {
  p.c.close();
  if (p.proc.exitCode === null) await kill9(p);
}

/**
 * Writes SET w:<i> <i> in pipelined windows, recording the time each reply (ack) arrived, until
 * the connection drops. The server is SIGKILLed after killAfterMs.
 */
async function loadAndKill(p: Proc & { c: RawClient }, killAfterMs: number): Promise<{ acked: number[]; ackTime: number[]; killTime: number }> {
  const acked: number[] = [];
  const ackTime: number[] = [];
  let killTime = 0;
  const killer = sleep(killAfterMs).then(() => {
    killTime = Date.now();
    p.proc.kill('SIGKILL');
  });
  let next = 0;
  const WINDOW = 32;
  try {
    for (;;) {
      const first = next;
      for (let i = 0; i < WINDOW; i++) p.c.send('SET', `w:${next}`, next++);
      for (let i = first; i < next; i++) {
        const r = await p.c.read(3000);
        expect(r).toBe('+OK\r\n');
        acked.push(i);
        ackTime.push(Date.now());
      }
      if (next > 2_000_000) break; // data bound
    }
  } catch (e) {
    if (!p.c.closed) throw e;
  }
  await killer;
  await p.exited;
  p.c.close();
  return { acked, ackTime, killTime };
}

/** Which of w:0..n-1 exist after a restart (checked with pipelined EXISTS in batches). */
async function present(c: RawClient, n: number): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let b = 0; b < n; b += 1000) {
    const keys: string[] = [];
    for (let i = b; i < Math.min(n, b + 1000); i++) keys.push(`w:${i}`);
    const vals = parseReply(await c.call('MGET', ...keys)) as (string | null)[];
    for (let j = 0; j < vals.length; j++) {
      expect(vals[j] === null || vals[j] === String(b + j)).toBe(true);
      out.push(vals[j] !== null);
    }
  }
  return out;
}

(hasDist ? describe : describe.skip)('durability of node dist/cli.js under SIGKILL', () => {
  it('appendfsync always: every acknowledged write survives SIGKILL and restart', async () => {
    const dir = tmpDir('always');
    const args = ['--appendonly', 'yes', '--appendfsync', 'always'];
    const a = await startServer(dir, P, args);
    const { acked } = await loadAndKill(a, 1500);
    expect(acked.length).toBeGreaterThan(50);
    const b = await startServer(dir, P, args);
    const sent = acked.length + 64;
    const got = await present(b.c, sent);
    const lost = acked.filter((i) => !got[i]);
    expect(lost).toEqual([]);
    // The AOF is sequential: what survived is a prefix (no holes).
    const last = got.lastIndexOf(true);
    expect(got.slice(0, last + 1).every(Boolean)).toBe(true);
    // The restarted server keeps appending to a valid AOF: one more restart round-trips.
    expect(await b.c.call('SET', 'after', 'restart')).toBe('+OK\r\n');
    await kill9(b);
    b.c.close();
    const c = await startServer(dir, P, args);
    expect(await c.c.call('GET', 'after')).toBe('$7\r\nrestart\r\n');
    expect(parseReply(await c.c.call('DBSIZE'))).toBe(last + 2);
    await stop(c);
  }, 30_000);

  it('appendfsync everysec: at most about one second of acknowledged writes is lost', async () => {
    const dir = tmpDir('everysec');
    const args = ['--appendonly', 'yes', '--appendfsync', 'everysec'];
    const a = await startServer(dir, P + 1, args);
    const { acked, ackTime, killTime } = await loadAndKill(a, 2500);
    expect(acked.length).toBeGreaterThan(50);
    const b = await startServer(dir, P + 1, args);
    const got = await present(b.c, acked.length + 64);
    const lostIdx = acked.map((_, j) => j).filter((j) => !got[acked[j]!]);
    // SIGKILL leaves the kernel's page cache intact, so only writes still in the process's own
    // buffer can be lost; whatever is lost must have been acknowledged within ~1 s of the kill.
    const oldestLost = lostIdx.length === 0 ? killTime : ackTime[lostIdx[0]!]!;
    console.log(`everysec: ${acked.length} acknowledged, ${lostIdx.length} lost`);
    expect(killTime - oldestLost).toBeLessThanOrEqual(2000);
    const last = got.lastIndexOf(true);
    expect(got.slice(0, last + 1).every(Boolean)).toBe(true);
    await stop(b);
  }, 30_000);

  it('a truncated AOF loads with aof-load-truncated yes (repaired), and is refused with no', async () => {
    const dir = tmpDir('truncated');
    const args = ['--appendonly', 'yes', '--appendfsync', 'always'];
    const a = await startServer(dir, P + 2, args);
    for (let i = 0; i < 100; i++) expect(await a.c.call('SET', `t:${i}`, `value-${i}`)).toBe('+OK\r\n');
    expect(await a.c.call('RPUSH', 'lastcmd', 'x'.repeat(50))).toBe(':1\r\n');
    await stop(a);
    const adir = path.join(dir, 'appendonlydir');
    const incr = fs.readdirSync(adir).find((f) => f.endsWith('.incr.aof'))!;
    const incrPath = path.join(adir, incr);
    const full = fs.readFileSync(incrPath);
    // Cut in the middle of the RPUSH's value.
    const cut = full.subarray(0, full.length - 30);
    fs.writeFileSync(incrPath, cut);
    const saved = Buffer.from(cut);
    // aof-load-truncated no: refused, non-zero exit.
    const r = spawnServer(dir, P + 3, [...args, '--aof-load-truncated', 'no']);
    const code = await Promise.race([r.exited, sleep(15_000).then(() => 'timeout')]);
    if (code === 'timeout') r.proc.kill('SIGKILL');
    expect(code).not.toBe(0);
    expect(code).not.toBe('timeout');
    expect(fs.readFileSync(incrPath).equals(saved)).toBe(true); // untouched
    // Default (yes): loads every complete command; the partial one is dropped.
    const b = await startServer(dir, P + 2, args);
    expect(parseReply(await b.c.call('DBSIZE'))).toBe(100);
    expect(await b.c.call('GET', 't:99')).toBe('$8\r\nvalue-99\r\n');
    expect(await b.c.call('EXISTS', 'lastcmd')).toBe(':0\r\n');
    // New writes after the repair survive the next restart.
    expect(await b.c.call('SET', 'post', 'repair')).toBe('+OK\r\n');
    await stop(b);
    const c = await startServer(dir, P + 2, args);
    expect(await c.c.call('GET', 'post')).toBe('$6\r\nrepair\r\n');
    expect(parseReply(await c.c.call('DBSIZE'))).toBe(101);
    await stop(c);
  }, 40_000);

  it('a corrupted dump.rdb is refused with a non-zero exit', async () => {
    const dir = tmpDir('rdb');
    const a = await startServer(dir, P + 4, []);
    for (let i = 0; i < 50; i++) await a.c.call('SET', `r:${i}`, 'v'.repeat(40));
    expect(await a.c.call('SAVE')).toBe('+OK\r\n');
    await stop(a);
    const f = path.join(dir, 'dump.rdb');
    // The intact file loads.
    const ok = await startServer(dir, P + 4, []);
    expect(parseReply(await ok.c.call('DBSIZE'))).toBe(50);
    await stop(ok);
    const buf = fs.readFileSync(f);
    buf[Math.floor(buf.length / 2)] ^= 0xff;
    fs.writeFileSync(f, buf);
    const r = spawnServer(dir, P + 5, []);
    const code = await Promise.race([r.exited, sleep(15_000).then(() => 'timeout')]);
    if (code === 'timeout') r.proc.kill('SIGKILL');
    expect(code).not.toBe('timeout');
    expect(code).not.toBe(0);
    // Cut short: refused too.
    fs.writeFileSync(f, buf.subarray(0, buf.length - 40));
    const r2 = spawnServer(dir, P + 5, []);
    const code2 = await Promise.race([r2.exited, sleep(15_000).then(() => 'timeout')]);
    if (code2 === 'timeout') r2.proc.kill('SIGKILL');
    expect(code2).not.toBe('timeout');
    expect(code2).not.toBe(0);
  }, 40_000);
});
