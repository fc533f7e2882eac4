// One respite server for the whole Jest run. Jest runs globalSetup before starting the test
// workers, so they inherit REDIS_URL; globalTeardown reads the server back from globalThis.
const { startServer } = require('respite');

module.exports = async function globalSetup() {
  const server = await startServer({ port: 0 });
  process.env.REDIS_URL = server.url;
  globalThis.__RESPITE__ = server;
};
