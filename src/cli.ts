#!/usr/bin/env node
/**
 * cli.ts — `respite-server [/path/to/redis.conf] [--name value ...]`, like redis-server.
 */
import { Server, RESPITE_VERSION, REDIS_VERSION } from './server';
import { loadConfigFromArgs } from './config-file';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--version' || args[0] === '-v') {
    process.stdout.write(`respite-server v=${RESPITE_VERSION} redis_version=${REDIS_VERSION} node=${process.version}\n`);
    return;
  }
  if (args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(
      'Usage: respite-server [/path/to/redis.conf] [options]\n' +
        '       respite-server -v or --version\n' +
        '       respite-server -h or --help\n\n' +
        'Examples:\n' +
        '       respite-server (run the server with default config)\n' +
        '       respite-server /etc/redis/6379.conf\n' +
        '       respite-server --port 7777\n' +
        '       respite-server /etc/myredis.conf --loglevel verbose\n',
    );
    return;
  }
  let loaded;
  try {
    loaded = loadConfigFromArgs(args);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  const server = new Server({ configObject: loaded.config, configFile: loaded.file });
  try {
    await server.listen();
  } catch (e) {
    server.log.warn(`Could not create server TCP listening socket: ${(e as Error).message}`);
    process.exit(1);
  }
  server.log.info({ version: RESPITE_VERSION, redis_version: REDIS_VERSION, port: server.port, pid: process.pid }, `respite ${RESPITE_VERSION} ready to accept connections on port ${server.port}`);
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    server.log.warn(`Received ${sig} scheduling shutdown...`);
    void server.shutdown({ save: undefined, now: false, force: false }).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  server.shutdownHooks.push(() => {
    /* the process exits once close() resolves */
  });
}

void main();
