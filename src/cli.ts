#!/usr/bin/env node
/**
 * cli.ts — `respite-server [/path/to/redis.conf] [--name value ...] [-]`, like redis-server:
 * the file is read first, then stdin (`-`), then the flags, so flags win. A bad directive prints
 * Redis's "*** FATAL CONFIG FILE ERROR ***" block to stderr and exits 1. SIGTERM/SIGINT shut
 * down cleanly (shutdown-on-sigterm / shutdown-on-sigint choose SAVE/NOSAVE/NOW/FORCE). A dataset
 * that cannot be loaded at start-up (corrupt dump.rdb or AOF) is logged as Redis logs it, exit 1.
 */
import fs from 'node:fs';
import { Server, RESPITE_VERSION, REDIS_VERSION } from './server';
import { loadConfigFromArgs, ConfigFileError, type LoadedConfig } from './config-file';
import { Registry } from './commands/registry';
import { allCommands } from './commands/index';
import { StartupLoadError } from './persistence/snapshot';
import { serialScavengeOnSmallMachines } from './util/gc';

const USAGE =
  'Usage: ./respite-server [/path/to/redis.conf] [options] [-]\n' +
  '       ./respite-server - (read config from stdin)\n' +
  '       ./respite-server -v or --version\n' +
  '       ./respite-server -h or --help\n\n' +
  'Examples:\n' +
  '       ./respite-server (run the server with default conf)\n' +
  '       echo \'maxmemory 128mb\' | ./respite-server -\n' +
  '       ./respite-server /etc/redis/6379.conf\n' +
  '       ./respite-server --port 7777\n' +
  '       ./respite-server /etc/myredis.conf --loglevel verbose -\n' +
  '       ./respite-server /etc/myredis.conf --loglevel verbose\n\n' +
  'Common options (any redis.conf directive works as --name value):\n' +
  '       --port 6379             TCP port (the default)\n' +
  '       --bind "127.0.0.1 -::1" addresses to listen on (default: all interfaces)\n' +
  '       --save ""               disable RDB snapshots (default: 3600 1 300 100 60 10000)\n' +
  '       --dir /var/lib/respite  working directory for dump.rdb\n' +
  '       --maxmemory 256mb --maxmemory-policy allkeys-lru\n' +
  '       --requirepass secret    password for the default user\n' +
  '       --loglevel warning      debug, verbose, notice (default) or warning\n' +
  '       --logfile /path/to/log  log to a file instead of stdout\n';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--version' || args[0] === '-v') {
    process.stdout.write(`Respite server v=${RESPITE_VERSION} redis_version=${REDIS_VERSION} node=${process.version} bits=64\n`);
    return;
  }
  if (args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  let loaded: LoadedConfig;
  try {
    const registry = new Registry(allCommands);
    loaded = loadConfigFromArgs(args, { commandExists: (name) => registry.lookup(name) !== undefined });
  } catch (e) {
    if (e instanceof ConfigFileError) {
      const msg = e.message;
      process.stderr.write(msg.startsWith('***') ? `\n${msg}\n` : `${msg}\n`);
      process.exit(1);
    }
    throw e;
  }
  serialScavengeOnSmallMachines();
  let server: Server;
  try {
    server = new Server({ configObject: loaded.config, configFile: loaded.file });
  } catch (e) {
    // Start-up errors Redis reports and exits on (ACL users / ACL file).
    process.stderr.write(`# ${(e as Error).message}\n`);
    process.exit(1);
  }
  const log = server.log;
  log.warn('oO0OoO0OoO0Oo Respite is starting oO0OoO0OoO0Oo');
  log.warn(`Respite version=${RESPITE_VERSION}, redis_version=${REDIS_VERSION}, pid=${process.pid}, just started`);
  if (loaded.file) log.warn(`Configuration loaded from ${loaded.file}`);
  else log.warn('Warning: no config file specified, using the default config. In order to specify a config file use respite-server /path/to/redis.conf');
  if (server.config.bool('daemonize')) log.warn('daemonize yes is not supported: running in the foreground');
  try {
    await server.listen();
  } catch (e) {
    if (e instanceof StartupLoadError) {
      // A corrupt dump.rdb / AOF: Redis's own log lines, then exit 1 (loadDataFromDisk).
      for (const line of e.lines) log.warn(line);
      process.exit(1);
    }
    log.warn(`Warning: Could not create server TCP listening socket *:${server.config.num('port')}: ${(e as Error).message}`);
    log.warn('Failed listening on port ' + server.config.num('port') + ' (tcp), aborting.');
    process.exit(1);
  }
  const pidfile = server.config.str('pidfile');
  if (pidfile) {
    try {
      fs.writeFileSync(pidfile, `${process.pid}\n`);
    } catch (e) {
      log.warn(`Failed to write PID file: ${(e as Error).message}`);
    }
  }
  let stopping = false;
  const stop = (sig: 'SIGTERM' | 'SIGINT') => {
    if (stopping) {
      if (sig === 'SIGINT') {
        log.warn('You insist... exiting now.');
        process.exit(1);
      }
      return;
    }
    stopping = true;
    const flags = server.config.str(sig === 'SIGINT' ? 'shutdown-on-sigint' : 'shutdown-on-sigterm').split(' ');
    const save = flags.includes('save') ? true : flags.includes('nosave') ? false : undefined;
    log.warn(`Received ${sig} scheduling shutdown...`);
    void server
      .shutdown({ save, now: flags.includes('now'), force: flags.includes('force') })
      .then((ok) => {
        if (!ok) {
          stopping = false;
          log.warn('SIGTERM received but errors trying to shut down the server, check the logs for more information');
          return;
        }
        if (pidfile) {
          try {
            fs.unlinkSync(pidfile);
          } catch {
            /* gone */
          }
        }
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Announced only once the signal handlers are in place: a script that sends SIGTERM as soon
  // as it reads the "ready" line gets a clean shutdown, not the default signal death.
  log.info(
    { version: RESPITE_VERSION, redis_version: REDIS_VERSION, port: server.port, pid: process.pid },
    `Respite ${RESPITE_VERSION} (Redis ${REDIS_VERSION} compatible) running, port=${server.port} pid=${process.pid}`,
  );
  log.info('Ready to accept connections tcp');
}

void main();
