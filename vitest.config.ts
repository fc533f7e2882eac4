import { defineConfig } from 'vitest/config';

/**
 * `vitest run` runs every test once. `vitest run --mode ci` (what `npm test` runs) adds a second
 * pass of the socket-level tests with the I/O threads on (RESPITE_TEST_IO_THREADS=2, see
 * test/helpers/start-server.ts), as project "io-threads"; the first pass is project "default".
 */
const threadedInclude = ['test/integration/**/*.test.ts', 'test/diff/**/*.test.ts'];
const threadedExclude = [
  // These start `node dist/cli.js` (or docker/npm pack) as a process, not an in-process server:
  // a second pass would run the same single-threaded processes again.
  'test/integration/cli.test.ts',
  'test/integration/dockerfile.test.ts',
  'test/integration/durability.test.ts',
  'test/integration/package.test.ts',
  // Chooses io-threads itself for every server.
  'test/integration/io-threads.test.ts',
  // Long randomized command mixes: they test commands, not the connection path.
  'test/diff/*-random.diff.test.ts',
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
