import { defineConfig } from 'vitest/config';

/**
 * `vitest run` runs every test once. `vitest run --mode ci` (what `npm test` runs) adds a second
 * pass of the socket-level tests with the I/O threads on (RESPITE_TEST_IO_THREADS=2, see
 * test/helpers/start-server.ts), as project "io-threads"; the first pass is project "default".
 */
// The threaded pass: the socket-level tests (every integration test unless listed below) and the
// differential tests of connection-level behaviour. It adds about a minute to `npm test`.
const threadedInclude = [
  'test/integration/**/*.test.ts',
  ...['client', 'connection', 'multi', 'pubsub', 'pubsub-monitor', 'pubsub-tracking', 'stream-blocking', 'scripting', 'info', 'acl', 'notify'].map(
    (n) => `test/diff/${n}.diff.test.ts`,
  ),
];
const threadedExclude = [
  // These start `node dist/cli.js` (or docker/npm pack) as a process, not an in-process server:
  // a second pass would run the same single-threaded processes again.
  'test/integration/cli.test.ts',
  'test/integration/cache-churn.test.ts',
  'test/integration/dockerfile.test.ts',
  'test/integration/durability.test.ts',
  'test/integration/package.test.ts',
  'test/integration/startup-load-errors.test.ts',
  // Chooses io-threads itself for every server.
  'test/integration/io-threads.test.ts',
  // File formats and long dataset comparisons, where the connection path is incidental (the
  // replication stream through the threads is covered by replication*.test.ts).
  'test/integration/aof.test.ts',
  'test/integration/aof-feed.test.ts',
  'test/integration/rdb.test.ts',
  'test/integration/rdb-save-delay.test.ts',
  'test/integration/persistence-interop.test.ts',
  'test/integration/replication-scenarios.test.ts',
  // redis-cli's timing modes (--stat, --latency…): slow, and nothing threaded about them.
  'test/integration/redis-cli-modes.test.ts',
];

export default defineConfig(({ mode }) => {
  const base = {
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks' as const,
    setupFiles: ['test/helpers/io-threads-setup.ts'],
    env: { NODE_ENV: 'test' },
  };
  // Each project spells out its whole config (with `extends: true` a project's include is
  // concatenated with the root's default include).
  if (mode !== 'ci') return { test: { ...base, include: ['test/**/*.test.ts'] } };
  return {
    test: {
      projects: [
        { test: { ...base, name: 'default', include: ['test/**/*.test.ts'] } },
        {
          test: {
            ...base,
            name: 'io-threads',
            include: threadedInclude,
            exclude: threadedExclude,
            env: { NODE_ENV: 'test', RESPITE_TEST_IO_THREADS: '2' },
          },
        },
      ],
    },
  };
});
