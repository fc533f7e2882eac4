/**
 * test/integration/package.test.ts — the npm package: `npm pack` ships only what runs
 * (dist/*.js + *.d.ts, README, package.json; no tests, sources or source maps), the tarball
 * installs globally into a temporary prefix and with npx, and its `respite-server` bin answers
 * --version and --help, serves PING and exits 0 on SIGTERM; the installed package's
 * `require('respite')` gives startServer.
 *
 * Uses the existing dist/ (`npm test` builds it; packing runs with --ignore-scripts so this test
 * doesn't rebuild the shared dist/). Installing needs the npm registry for the dependencies
 * (a few seconds with a warm cache). Set RESPITE_SKIP_PACK=1 to skip it (offline machines).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import Redis from 'ioredis';

const ROOT = path.resolve(__dirname, '../..');
const HAS_DIST = fs.existsSync(path.join(ROOT, 'dist/cli.js'));
const SKIP = process.env.RESPITE_SKIP_PACK === '1' || !HAS_DIST;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

function npm(args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  return spawnSync('npm', args, { cwd, encoding: 'utf8', timeout, env });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe.skipIf(SKIP)('npm package', () => {
  let tmp = '';
  let tarball = '';
  let files: string[] = [];

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-pack-'));
    const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(tmp, info[0]!.filename);
    files = info[0]!.files.map((f) => f.path);
  }, 120_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ships dist/ JavaScript and typings, README and package.json only', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/cli.js');
    const unexpected = files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f));
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    // Every shipped module comes from a current source file (no stale build output).
    const stale = files.filter((f) => f.endsWith('.js') && !fs.existsSync(path.join(ROOT, 'src', f.slice('dist/'.length).replace(/\.js$/, '.ts'))));
    expect(stale).toEqual([]);
  });

  it('npm install -g --prefix: respite-server --version/--help, serves, stops on SIGTERM; require works', async () => {
    const prefix = path.join(tmp, 'prefix');
    const inst = npm(['install', '-g', '--prefix', prefix, tarball], tmp);
    expect(inst.status, inst.stderr).toBe(0);
    const bin = path.join(prefix, 'bin', 'respite-server');
    expect(fs.existsSync(bin)).toBe(true);

    const v = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`^Respite server v=${pkg.version.replace(/\./g, '\\.')} redis_version=7\\.0\\.15 `));
    const h = spawnSync(bin, ['--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^Usage: /);

    const port = await freePort();
    const proc = spawn(bin, ['--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    try {
      const r = new Redis({ port, host: '127.0.0.1', retryStrategy: (n) => (n > 100 ? null : 50), maxRetriesPerRequest: 200 });
      r.on('error', () => {});
      try {
        expect(await r.ping()).toBe('PONG');
        expect(await r.set('k', 'v')).toBe('OK');
        expect(await r.get('k')).toBe('v');
      } finally {
        r.disconnect();
      }
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }

    // The installed library: require('respite') from its node_modules.
    const lib = path.join(prefix, 'lib', 'node_modules');
    const code = "const { startServer } = require('respite'); startServer().then(async (s) => { console.log(typeof s.port); await s.close(); })";
    const req = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_PATH: lib, NODE_ENV: '' } });
    expect(req.stderr).toBe('');
    expect(req.stdout).toBe('number\n');
  }, 180_000);

  it('npx --package=<tarball> respite-server --version', () => {
    const r = spawnSync('npx', ['--yes', `--package=${tarball}`, 'respite-server', '--version'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('redis_version=7.0.15');
  }, 180_000);
});
