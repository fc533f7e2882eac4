/**
 * scripting/busy.ts — scripts that outlive busy-reply-threshold (Redis's "timed out" scripts).
 *
 * Scripts normally run on the main thread (fast path, lua.ts). The engine can't be interrupted
 * or yield, so when a script with no writes so far hits its budget, it is stopped there and run
 * again from the start in a worker thread that has its own Lua VM. The main thread then returns
 * to the event loop: the caller stays blocked, redis.call requests from the worker are served
 * from the loop (still one at a time), every other client's command gets -BUSY (unless the
 * command is allow_busy, like SCRIPT KILL / FUNCTION KILL / FUNCTION STATS / SHUTDOWN), and
 * SCRIPT KILL / FUNCTION KILL terminate the worker, exactly the observable behaviour of Redis.
 *
 * Worker protocol: a MessageChannel carries messages both ways; the worker blocks on
 * Atomics.wait(ctl[0]) while the main thread serves one of its redis.call requests.
 */
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import type { ReplyValue } from 'lua-redis-wasm';
import type { Client } from '../protocol/client';
import { ClientFlag } from '../protocol/client';
import { FilterRank, type Server } from '../server';
import type { Command } from '../commands/registry';
import { afterCommand } from '../commands/dispatch';
import { hostCallFor, scriptErrorOf, writeResult, isUnsupportedReturn, RunCtx, REDIS_PROPS, type RunOutcome } from './lua';

const WORKER_SRC = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { load } = require(workerData.lib);
const ctl = new Int32Array(workerData.sab);
const port = workerData.port;
let seen = 0;
function norm(v) {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.length);
  if (Array.isArray(v)) return v.map(norm);
  const o = {};
  for (const k of Object.keys(v)) o[k] = norm(v[k]);
  return o;
}
function call(args, raise) {
  port.postMessage({ t: 'call', args, raise });
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m) return norm(m.message.v);
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
  }
}
load({ profile: 'redis-7.0', redisProps: workerData.props }).then((mod) => {
  const eng = mod.create({
    redisCall: (a) => call(a, true),
    redisPcall: (a) => call(a, false),
    log: (l, m) => port.postMessage({ t: 'log', l, m }),
    onSetResp: (v) => port.postMessage({ t: 'resp', v }),
  });
  port.on('message', (m) => {
    if (m.t !== 'job') return;
    let v;
    if (eng.exports && eng.exports._set_limits) eng.exports._set_limits(0xffffffff, 0, 0);
    try {
      v = eng.evalWithArgs(Buffer.from(m.chunk), m.keys.map((k) => Buffer.from(k)), m.args.map((a) => Buffer.from(a)));
    } catch (e) {
      v = { err: Buffer.from(String(e && e.message || e)), code: Buffer.from('ERR') };
    }
    port.postMessage({ t: 'done', v });
  });
  port.postMessage({ t: 'ready' });
});
`;

interface WorkerHandle {
  worker: Worker;
  port: MessagePort;
  ctl: Int32Array;
  ready: Promise<void>;
}

let spare: WorkerHandle | null = null;

function spawn(): WorkerHandle {
  const ch = new MessageChannel();
  const sab = new SharedArrayBuffer(8);
  const worker = new Worker(WORKER_SRC, {
    eval: true,
    workerData: { sab, port: ch.port2, lib: require.resolve('lua-redis-wasm'), props: REDIS_PROPS },
    transferList: [ch.port2],
  });
  worker.unref();
  worker.on('error', () => {
    /* a killed or broken worker is replaced on next use */
  });
  const port = ch.port1;
  const ready = new Promise<void>((resolve) => {
    const onMsg = (m: { t: string }) => {
      if (m.t === 'ready') {
        port.off('message', onMsg);
        resolve();
      }
    };
    port.on('message', onMsg);
  });
  port.unref();
  return { worker, port, ctl: new Int32Array(sab), ready };
}

function takeWorker(): WorkerHandle {
  const w = spare ?? spawn();
  spare = null;
  return w;
}

/** Uint8Array (structured clone of a Buffer) → Buffer, recursively. */
function norm(v: unknown): ReplyValue {
  if (v === null || typeof v !== 'object') return v as ReplyValue;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.length);
  if (Array.isArray(v)) return v.map(norm) as ReplyValue;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) o[k] = norm((v as Record<string, unknown>)[k]);
  return o as ReplyValue;
}

/** The script running in busy mode (at most one per process). */
export interface BusyScript {
  server: Server;
  caller: Client;
  ctx: RunCtx;
  handle: WorkerHandle;
  chunkName: string;
  /** Set by SCRIPT KILL / FUNCTION KILL / client gone. */
  done: boolean;
  onFinish: () => void;
}

export let busy: BusyScript | null = null;

/**
 * Starts the chunk in a worker for `caller`; the caller is blocked until it ends. `onFinish`
 * runs after the reply is written (the caller's state cleanup).
 */
export function runBusy(ctx: RunCtx, chunk: string, keys: readonly string[], args: readonly string[], chunkName: string, onFinish: () => void): void {
  const caller = ctx.caller;
  const server = ctx.server;
  const handle = takeWorker();
  const b: BusyScript = { server, caller, ctx, handle, chunkName, done: false, onFinish };
  busy = b;
  caller.flags |= ClientFlag.Blocked;
  installBusyFilter(server);
  ctx.writeDirty = false;
  ctx.deadline = 0;
  ctx.setResp(2);
  handle.port.ref();
  const onMsg = (m: { t: string; args?: Uint8Array[]; raise?: boolean; v?: unknown; l?: number; m?: Uint8Array }) => {
    if (b.done) return;
    if (m.t === 'call') {
      const argv = (m.args ?? []).map((a) => Buffer.from(a.buffer, a.byteOffset, a.length));
      const v = hostCallFor(ctx, argv, m.raise === true);
      handle.port.postMessage({ v });
      Atomics.add(handle.ctl, 0, 1);
      Atomics.notify(handle.ctl, 0);
    } else if (m.t === 'resp') {
      ctx.setResp(m.v as number);
    } else if (m.t === 'log') {
      server.log.info(Buffer.from(m.m!).toString('latin1'));
    } else if (m.t === 'done') {
      const v = norm(m.v);
      let res: RunOutcome;
      if (v !== null && typeof v === 'object' && 'err' in v && (v as { meta?: unknown }).meta !== undefined) {
        res = scriptErrorOf(v as never, ctx.funcname, chunkName);
      } else if (v !== null && typeof v === 'object' && 'err' in v && isUnsupportedReturn(v.err)) {
        res = { ok: true, value: null }; // a function/userdata/thread result: nil, as in lua.ts
      } else res = { ok: true, value: v };
      handle.port.off('message', onMsg);
      handle.port.unref();
      // The worker is clean (its VM reset its globals per chunk): keep it as the spare.
      if (spare === null) spare = handle;
      else void handle.worker.terminate();
      finish(b, res);
    }
  };
  void handle.ready.then(() => {
    if (b.done) return;
    handle.port.on('message', onMsg);
    handle.port.postMessage({ t: 'job', chunk: Buffer.from(chunk, 'latin1'), keys: keys.map((k) => Buffer.from(k, 'latin1')), args: args.map((a) => Buffer.from(a, 'latin1')) });
  });
}

function finish(b: BusyScript, res: RunOutcome): void {
  b.done = true;
  if (busy === b) busy = null;
  const c = b.caller;
  const server = b.server;
  if (server.clients.has(c.id) || c.socket === null) {
    if (res.ok) writeResult(c.reply, res.value, b.ctx.resp);
    else c.reply.error(res.error);
  }
  c.flags &= ~ClientFlag.Blocked;
  b.onFinish();
  afterCommand(c);
  server.queueFlush(c);
  if (c.parser !== null && server.clients.has(c.id)) {
    setImmediate(() => {
      if ((c.flags & ClientFlag.Blocked) === 0 && server.clients.has(c.id)) {
        server.processInput(c);
        server.flush(c);
      }
    });
  }
}

/** SCRIPT KILL / FUNCTION KILL: returns the error line, or null when killed. */
export function killBusy(server: Server, isEval: boolean): string | null {
  const b = busy;
  if (b === null || b.server !== server) return 'NOTBUSY No scripts in execution right now.';
  if (b.ctx.writeDirty) {
    return 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
  }
  if (isEval && !b.ctx.isEval) return 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
  if (!isEval && b.ctx.isEval) return 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
  void b.handle.worker.terminate();
  finish(b, { ok: false, error: `ERR Script killed by user with SCRIPT KILL... script: ${b.ctx.funcname}, on @${b.chunkName}:1.`, fromCall: false });
  return null;
}

const filtered = new WeakSet<Server>();
const allowBusy = new WeakMap<Command, boolean>();

/** Rejects other clients' commands with -BUSY while a script runs in busy mode. */
function installBusyFilter(server: Server): void {
  if (filtered.has(server)) return;
  filtered.add(server);
  server.setCommandFilter(FilterRank.Busy, (c: Client, cmd: Command) => {
    const b = busy;
    if (b === null || b.server !== server || c === b.ctx.scriptClient) return null;
    let ok = allowBusy.get(cmd);
    if (ok === undefined) {
      ok = cmd.spec.flags.includes('allow_busy');
      allowBusy.set(cmd, ok);
    }
    if (ok) return null;
    return b.ctx.isEval
      ? 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'
      : 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
  }, true);
  server.shutdownHooks.push(() => {
    const b = busy;
    if (b !== null && b.server === server) {
      void b.handle.worker.terminate();
      b.done = true;
      busy = null;
    }
  });
  server.hooks.clientClosed.push((c) => {
    const b = busy;
    if (b !== null && b.caller === c && !b.ctx.writeDirty) {
      void b.handle.worker.terminate();
      b.done = true;
      busy = null;
      b.onFinish();
    }
  });
}

/** Pre-spawns the spare worker (so the first timed-out script doesn't wait for a VM). */
export function prepareBusyWorker(): void {
  if (spare === null) spare = spawn();
}

