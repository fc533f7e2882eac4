// Uses the run-wide server from global-setup.js (each file keeps to its own keys).
const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);
afterAll(() => redis.quit());

test('the shared server answers', async () => {
  await redis.set('jest:shared', '1');
  expect(await redis.get('jest:shared')).toBe('1');
});
