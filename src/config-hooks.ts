/**
 * config-hooks.ts — applies config values to a running Server (the `apply` functions of
 * config.c: updateHZ, updatePort, applyBind, client-output-buffer-limit, notify-keyspace-events),
 * and the file-only directives (rename-command). Called once from Server's constructor; every
 * listener also runs immediately with the current value.
 *
 * Configs read live where they are used (maxclients, timeout, requirepass, protected-mode…) need
 * no hook.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from './server';
import { lastParsedNotifyFlags, parseObufLimits } from './config';
import { NotifyFlags, parseNotifyFlags } from './db/notify';

/** Registers the config listeners that keep `server` in step with its config. */
export function applyConfigHooks(server: Server): void {
  const config = server.config;
  config.onChange('client-output-buffer-limit', (v) => {
    const l = parseObufLimits(String(v));
    server.obufLimits = { normal: l.normal, replica: l.replica, pubsub: l.pubsub };
  });
  config.onChange('notify-keyspace-events', (v) => {
    server.notifyFlags = (parseNotifyFlags(String(v)) ?? 0) | (lastParsedNotifyFlags & NotifyFlags.New);
  });
  config.onChange('hz', () => server.restartCron());
  // port and bind: Redis rebinds at once (changeListenPort / changeBindAddr) and CONFIG SET
  // fails when it can't. Node binds asynchronously, so a new port is first probed synchronously
  // (in a child process) to give the same error; the rebinding itself follows the reply.
  const rebind = () => {
    server.rebindTcp().catch((e: Error) => server.log.warn(`Failed to bind to specified addresses: ${e.message}`));
  };
  let lastPort = config.num('port');
  config.onChange('port', (v) => {
    const port = v as number;
    if (port === lastPort) return;
    if (server.isListening) {
      if (port !== 0 && !portAvailable(config.str('bind'), port)) throw new Error('Unable to listen on this port. Check server logs.');
      rebind();
    }
    lastPort = port;
  });
  config.onChange('bind', () => {
    if (server.isListening) rebind();
  });
  // maxclients: like adjustOpenFilesLimit, refuse more clients than the fd limit allows
  // (Redis keeps 32 descriptors for itself).
  let started = false;
  config.onChange('maxclients', (v) => {
    const limit = openFilesLimit();
    if (limit !== null && (v as number) + 32 > limit) {
      if (started) throw new Error(`The operating system is not able to handle the specified number of clients, try with ${limit - 32}`);
      server.log.warn(`You requested maxclients of ${v as number} requiring at least ${(v as number) + 32} max file descriptors, but the limit is ${limit}.`);
    }
    started = true;
  });
  for (const [from, to] of config.renameCommands) server.registry.rename(from, to);
}

const PROBE = `
const net = require('net');
const [binds, port] = JSON.parse(process.argv[1]);
let list = binds.length ? binds : ['*', '-::*'];
(async () => {
  const open = [];
  for (const b of list) {
    const optional = b.startsWith('-');
    let host = optional ? b.slice(1) : b;
    if (host === '*') host = '0.0.0.0'; else if (host === '::*') host = '::';
    const ok = await new Promise((res) => {
      const s = net.createServer();
      s.once('error', () => res(false));
      s.listen({ host, port, exclusive: true, ipv6Only: host === '::' }, () => { open.push(s); res(true); });
    });
    if (!ok && !optional) process.exit(1);
  }
  process.exit(0);
})();
`;

/** True when every non-optional address of `bind` can listen on `port` right now. */
function portAvailable(bind: string, port: number): boolean {
  const binds = bind.split(' ').filter(Boolean);
  const r = spawnSync(process.execPath, ['-e', PROBE, JSON.stringify([binds, port])], { timeout: 5000, stdio: 'ignore' });
  return r.status === 0;
}

/** The hard RLIMIT_NOFILE (Node raises the soft limit to it at start-up), or null if unknown. */
function openFilesLimit(): number | null {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    if (!line) return null;
    const hard = line.slice('Max open files'.length).trim().split(/\s+/)[1];
    if (!hard || hard === 'unlimited') return null;
    const n = Number(hard);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}
