/**
 * test/helpers/real-redis.ts — finds and starts a real redis-server for differential tests.
 * Uses $REDIS_SERVER or redis-server on PATH, on a free loopback port, with --save "" and
 * --appendonly no. When none is installed, `startRealRedis` returns null and the diff tests skip
 * (CI installs Debian's redis-server, so they always run there).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { realRedisIoThreadsArgs } from './io-threads-env';

export interface RealRedis {
  port: number;
  version: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export function redisServerBinary(): string | null {
  const bin = process.env.REDIS_SERVER ?? 'redis-server';
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startRealRedis(extraArgs: string[] = []): Promise<RealRedis | null> {
  const bin = redisServerBinary();
  if (!bin) return null;
  const version = /v=(\S+)/.exec(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', '', '--loglevel', 'warning', ...realRedisIoThreadsArgs(), ...extraArgs], { stdio: 'ignore' });
    let ok = await waitForPort(port, 5000);
    if (ok) {
      const pid = await listenerPid(port);
      // With requirepass INFO is refused: then trust a spawned process that is still alive.
      if (pid === -2) await new Promise((r) => setTimeout(r, 300));
      ok = pid === proc.pid || (pid === -2 && proc.exitCode === null);
    }
    if (ok) {
      return {
        port,
        version,
        proc,
        stop: () =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null) return resolve();
            proc.once('exit', () => resolve());
            proc.kill('SIGKILL');
          }),
      };
    }
    proc.kill('SIGKILL');
  }
  throw new Error('could not start redis-server');
}

/**
 * The process_id INFO reports on that port. Another test may grab the port between freePort()
 * and redis-server's bind; then our redis-server exits and someone else answers, so callers check
 * that the pid is the one they spawned.
 */
function listenerPid(port: number): Promise<number> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => s.write('INFO server\r\n'));
    let buf = '';
    const done = (pid: number) => {
      s.destroy();
      resolve(pid);
    };
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.startsWith('-NOAUTH')) return done(-2);
      const m = /process_id:(\d+)/.exec(buf);
      if (m) done(Number(m[1]));
    });
    s.on('error', () => done(-1));
    setTimeout(() => done(-1), 2000);
  });
}

async function waitForPort(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
