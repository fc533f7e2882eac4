// Uses the run-wide server from global-setup.ts. Files run in parallel against it, so each file
// keeps to its own key prefix (or its own database number via SELECT).
import { describe, it, expect, afterAll, inject } from 'vitest';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
afterAll(() => redis.quit());

describe('with the shared server', () => {
  it('is reachable through REDIS_URL and inject()', async () => {
    expect(inject('redisUrl')).toBe(process.env.REDIS_URL);
    await redis.set('shared:greeting', 'hello');
    expect(await redis.get('shared:greeting')).toBe('hello');
  });
});
