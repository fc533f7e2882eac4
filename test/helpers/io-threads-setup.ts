/**
 * test/helpers/io-threads-setup.ts — vitest setup file of every test file: under
 * RESPITE_TEST_IO_THREADS=N (the threaded pass of `npm test`) every in-process server listens
 * with io-threads N (start-server.ts). Without the variable it loads nothing.
 */
if (Number(process.env.RESPITE_TEST_IO_THREADS ?? '1') > 1) {
  const { installTestIoThreads } = await import('./start-server');
  installTestIoThreads();
}
