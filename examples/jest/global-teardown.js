module.exports = async function globalTeardown() {
  await globalThis.__RESPITE__.close();
};
