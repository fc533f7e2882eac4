/**
 * test/integration/dockerfile.test.ts — the Dockerfile without a Docker engine.
 *
 * Always: every file the Dockerfile COPYs from the build context exists and is not excluded by
 * .dockerignore; COPY --from names a stage; the final stage is non-root, exposes 6379, has
 * VOLUME/WORKDIR /data, a HEALTHCHECK and an ENTRYPOINT; the entrypoint script parses; and the
 * HEALTHCHECK script (docker/healthcheck.js) tells a live server, a password-protected one and a
 * dead port apart.
 *
 * Unless RESPITE_DOCKERFILE_TEST=0 (it takes ~10 s: two `npm ci` runs) it also executes the
 * Dockerfile's steps as plain commands in a temp copy of the build context, one directory per
 * stage (container paths mapped into it; `chown` skipped, there is no `node` user here), starts
 * the server through the ENTRYPOINT with the CMD/extra args as `docker run` would, checks the
 * HEALTHCHECK command against it, and stops it with SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { freePort } from '../helpers/real-redis';

const root = path.resolve(__dirname, '../..');
// ~10 s with a warm npm cache (CI runs `npm ci` first); RESPITE_DOCKERFILE_TEST=0 skips it.
const FULL = process.env.RESPITE_DOCKERFILE_TEST !== '0';

interface Instr {
  op: string;
  args: string;
}
interface Stage {
  name: string;
  base: string;
  instrs: Instr[];
}

function parseDockerfile(text: string): Stage[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const stages: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    const op = m[1]!.toUpperCase();
    const args = m[2]!;
    if (op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args)!;
      stages.push({ base: f[1]!, name: f[2] ?? String(stages.length), instrs: [] });
    } else {
      stages[stages.length - 1]!.instrs.push({ op, args });
    }
  }
  return stages;
}

/** COPY/ADD arguments: flags, sources, destination (JSON or whitespace form). */
function copyArgs(args: string): { from: string | null; srcs: string[]; dest: string } {
  const words = args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
  let from: string | null = null;
  const rest: string[] = [];
  for (const w of words) {
    if (w.startsWith('--from=')) from = w.slice(7);
    else if (!w.startsWith('--')) rest.push(w);
  }
  return { from, srcs: rest.slice(0, -1), dest: rest[rest.length - 1]! };
}

function ignorePatterns(): string[] {
  const f = path.join(root, '.dockerignore');
  if (!fs.existsSync(f)) return [];
  return fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function globToRe(p: string): RegExp {
  return new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*').replace(/\?/g, '[^/]') + '$');
}

/** Whether .dockerignore excludes this context-relative path (or one of its parents). */
function ignored(rel: string, patterns: string[]): boolean {
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    for (const p of patterns) {
      const pat = p.replace(/^\//, '').replace(/\/$/, '');
      if (globToRe(pat).test(prefix) || (!pat.includes('/') && globToRe(pat).test(parts[i - 1]!) && i === parts.length)) return true;
    }
  }
  return false;
}

const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const final = stages[stages.length - 1]!;
const patterns = ignorePatterns();

function instr(stage: Stage, op: string): Instr[] {
  return stage.instrs.filter((i) => i.op === op);
}

function runHealthcheck(port: number | null, env: Record<string, string> = {}): Promise<number | null> {
  const hc = instr(final, 'HEALTHCHECK')[0]!.args;
  const cmd = JSON.parse(hc.slice(hc.indexOf('CMD') + 3).trim()) as string[];
  const args = cmd.slice(1).map((a) => a.replace(/^\/app\//, `${root}/`));
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { env: { ...process.env, ...(port ? { RESPITE_PORT: String(port) } : {}), ...env }, stdio: 'ignore' });
    p.on('close', (code) => resolve(code));
  });
}

describe('Dockerfile (static checks)', () => {
  it('has a multi-stage build on node:20-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.base).toBe('node:20-slim');
  });

  it('COPYs only files that exist and are in the build context', () => {
    const names = new Set(stages.map((s) => s.name));
    for (const s of stages) {
      for (const c of instr(s, 'COPY')) {
        const { from, srcs } = copyArgs(c.args);
        if (from !== null) {
          expect(names.has(from), `COPY --from=${from}`).toBe(true);
          continue;
        }
        for (const src of srcs) {
          expect(fs.existsSync(path.join(root, src)), `${src} exists`).toBe(true);
          expect(ignored(src, patterns), `${src} not excluded by .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('.dockerignore keeps the heavy and local directories out', () => {
    for (const p of ['node_modules', 'dist', '.git', 'test']) expect(ignored(p, patterns), p).toBe(true);
    for (const p of ['src/server.ts', 'package.json', 'docker/healthcheck.js']) expect(ignored(p, patterns), p).toBe(false);
  });

  it('final stage: non-root, port, volume, workdir, healthcheck, entrypoint', () => {
    const user = instr(final, 'USER').pop()?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(instr(final, 'EXPOSE').map((i) => i.args)).toContain('6379');
    expect(instr(final, 'VOLUME').map((i) => i.args.replace(/[[\]"]/g, '').trim())).toContain('/data');
    expect(instr(final, 'WORKDIR').pop()?.args).toBe('/data');
    expect(instr(final, 'HEALTHCHECK').length).toBe(1);
    expect(instr(final, 'ENTRYPOINT').length).toBe(1);
    // Only production dependencies in the final image.
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('the entrypoint script parses', () => {
    const r = spawnSync('sh', ['-n', path.join(root, 'docker/entrypoint.sh')]);
    expect(r.status).toBe(0);
  });
});

describe('HEALTHCHECK script', () => {
  let t: TestServer;
  let locked: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    locked = await startTestServer({ requirepass: 'secret' });
  });
  afterAll(async () => {
    await t?.close();
    await locked?.close();
  });

  it('is healthy against a live server', async () => {
    expect(await runHealthcheck(t.port)).toBe(0);
  });
  it('is healthy when the server wants a password (it answered)', async () => {
    expect(await runHealthcheck(locked.port)).toBe(0);
  });
  it('is unhealthy when nothing listens', async () => {
    expect(await runHealthcheck(await freePort())).toBe(1);
  });
});

describe.skipIf(!FULL)('Dockerfile steps executed as plain commands (skip: RESPITE_DOCKERFILE_TEST=0)', () => {
  let tmp: string;
  let server: ChildProcess | null = null;
  const stageRoot = new Map<string, string>();
  let finalEnv: Record<string, string> = {};
  let finalWorkdir = '/';

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('builds every stage', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-docker-'));
    const ctx = path.join(tmp, 'context');
    // The build context as Docker would send it: the repo minus .dockerignore.
    fs.cpSync(root, ctx, { recursive: true, filter: (src) => src === root || !ignored(path.relative(root, src), patterns) });
    stages.forEach((s, idx) => {
      const sroot = path.join(tmp, `stage-${idx}`);
      fs.mkdirSync(sroot, { recursive: true });
      stageRoot.set(s.name, sroot);
      let cwd = '/';
      const env: Record<string, string> = {};
      const map = (p: string) => path.join(sroot, path.posix.resolve(cwd, p));
      for (const i of s.instrs) {
        if (i.op === 'WORKDIR') {
          cwd = path.posix.resolve(cwd, i.args.trim());
          fs.mkdirSync(map('.'), { recursive: true });
        } else if (i.op === 'ENV') {
          const m = /^(\S+?)[= ](.*)$/.exec(i.args.trim())!;
          env[m[1]!] = m[2]!;
        } else if (i.op === 'COPY') {
          const { from, srcs, dest } = copyArgs(i.args);
          const base = from === null ? ctx : stageRoot.get(from)!;
          const toDir = dest.endsWith('/') || srcs.length > 1;
          for (const src of srcs) {
            const s2 = from === null ? path.join(base, src) : path.join(base, src);
            const target = toDir ? path.join(map(dest), path.basename(src)) : map(dest);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.cpSync(s2, target, { recursive: true });
          }
        } else if (i.op === 'RUN') {
          // Map container paths into the stage directory; there is no `node` user to chown to.
          const cmd = i.args
            .split('&&')
            .map((c) => c.trim())
            .filter((c) => !c.startsWith('chown '))
            .map((c) => c.replace(/(^|\s)\/(app|data)\b/g, `$1${sroot}/$2`))
            .join(' && ');
          const r = spawnSync('sh', ['-c', cmd], { cwd: map('.'), env: { ...process.env, ...env, NODE_ENV: env.NODE_ENV ?? '' }, encoding: 'utf8', timeout: 240_000 });
          expect(r.status, `RUN ${cmd}\n${r.stdout}\n${r.stderr}`).toBe(0);
        }
      }
      if (s === final) {
        finalEnv = env;
        finalWorkdir = cwd;
      }
    });
    const app = path.join(stageRoot.get(final.name)!, 'app');
    expect(fs.existsSync(path.join(app, 'dist/cli.js'))).toBe(true);
    // Production dependencies only: no dev tools in the image.
    expect(fs.existsSync(path.join(app, 'node_modules/pino'))).toBe(true);
    expect(fs.existsSync(path.join(app, 'node_modules/typescript'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules/vitest'))).toBe(false);
  }, 300_000);

  it('runs through the ENTRYPOINT, answers the HEALTHCHECK, stops on SIGTERM', async () => {
    const sroot = stageRoot.get(final.name)!;
    const ep = JSON.parse(instr(final, 'ENTRYPOINT')[0]!.args) as string[];
    const cmd = JSON.parse(instr(final, 'CMD').pop()?.args ?? '[]') as string[];
    const port = await freePort();
    // `docker run respite --port P --bind 127.0.0.1` (loopback only here; later flags win).
    const argv = [...ep.slice(1), ...cmd, '--port', String(port), '--bind', '127.0.0.1', '--save', ''];
    server = spawn(path.join(sroot, ep[0]!), argv, {
      cwd: path.join(sroot, finalWorkdir),
      env: { ...process.env, ...finalEnv, RESPITE_HOME: path.join(sroot, 'app') },
      stdio: 'ignore',
    });
    let code: number | null = 1;
    for (let i = 0; i < 50 && code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const hc = instr(final, 'HEALTHCHECK')[0]!.args;
      const hcCmd = JSON.parse(hc.slice(hc.indexOf('CMD') + 3).trim()) as string[];
      code = await new Promise<number | null>((resolve) => {
        const p = spawn(hcCmd[0]!, hcCmd.slice(1).map((a) => a.replace(/^\/app\//, `${sroot}/app/`)), { env: { ...process.env, RESPITE_PORT: String(port) }, stdio: 'ignore' });
        p.on('close', resolve);
      });
    }
    expect(code).toBe(0);
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (c) => resolve(c)));
    server.kill('SIGTERM');
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 10_000))])).toBe(0);
  }, 30_000);
});
