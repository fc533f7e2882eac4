// A server of its own for this file: full isolation, flushall() between tests.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { createClient, type RedisClientType } from 'redis';
import { startServer, type RunningServer } from 'respite';

let server: RunningServer;
let client: RedisClientType;

beforeAll(async () => {
  server = await startServer({ 'notify-keyspace-events': 'KEA', maxmemory: '64mb' });
  client = createClient({ url: server.url });
  await client.connect();
});

afterAll(async () => {
  await client.quit();
  await server.close();
});

beforeEach(() => server.flushall());

describe('with a server per file', () => {
  it('starts empty', async () => {
    expect(await client.dbSize()).toBe(0);
    await client.set('counter', '1');
  });

  it('is emptied between tests', async () => {
    expect(await client.get('counter')).toBeNull();
    expect(await client.incr('counter')).toBe(1);
  });
});
