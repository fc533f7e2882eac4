/**
 * config-hooks.ts — applies config values to a running Server (the `apply` functions of
 * config.c: updateHZ, updatePort, applyBind, client-output-buffer-limit, notify-keyspace-events),
 * and the file-only directives (rename-command). Called once from Server's constructor; every
 * listener also runs immediately with the current value.
 *
 * Configs read live where they are used (maxclients, timeout, requirepass, protected-mode…) need
 * no hook.
 */
import type { Server } from './server';
import { parseObufLimits } from './config';
import { parseNotifyFlags } from './db/notify';

/** Registers the config listeners that keep `server` in step with its config. */
export function applyConfigHooks(server: Server): void {
  const config = server.config;
  config.onChange('client-output-buffer-limit', (v) => {
    const l = parseObufLimits(String(v));
    server.obufLimits = { normal: l.normal, replica: l.replica, pubsub: l.pubsub };
  });
  config.onChange('notify-keyspace-events', (v) => {
    server.notifyFlags = parseNotifyFlags(String(v)) ?? 0;
  });
  config.onChange('hz', () => server.restartCron());
  // port and bind: Redis rebinds at once (changeListenPort / changeBindAddr). Node binds
  // asynchronously, so the reply comes first and a failure is logged.
  const rebind = () => {
    if (!server.isListening) return;
    server.rebindTcp().catch((e: Error) => server.log.warn(`Failed to bind to specified addresses: ${e.message}`));
  };
  config.onChange('port', rebind);
  config.onChange('bind', rebind);
  for (const [from, to] of config.renameCommands) server.registry.rename(from, to);
}
