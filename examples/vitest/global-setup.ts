// One respite server for the whole test run: started before any test file, closed at the end.
// Tests read its address from process.env.REDIS_URL (or inject('redisUrl')).
import { startServer } from 'respite';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const server = await startServer({ port: 0 });
  process.env.REDIS_URL = server.url;
  project.provide('redisUrl', server.url);
  return async () => {
    await server.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
