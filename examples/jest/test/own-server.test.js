// A server of its own for this file, emptied before each test.
const { createClient } = require('redis');
const { startServer } = require('respite');

let server;
let client;

beforeAll(async () => {
  server = await startServer();
  client = createClient({ url: server.url });
  await client.connect();
});

afterAll(async () => {
  await client.quit();
  await server.close();
});

beforeEach(() => server.flushall());

test('starts empty', async () => {
  expect(await client.dbSize()).toBe(0);
  await client.set('k', 'v');
});

test('is emptied between tests', async () => {
  expect(await client.get('k')).toBeNull();
});
