/**
 * Differential tests: DEBUG's argument errors (both servers with enable-debug-command yes), for
 * the subcommands whose checks come before any effect.
 */
import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('DEBUG matches redis-server', () => {
  const d = useDiff({ redisArgs: ['--enable-debug-command', 'yes'], config: { 'enable-debug-command': 'yes' } });
  it('RELOAD option errors', async () => {
    await d.same('DEBUG', 'RELOAD', 'FOO');
    await d.same('DEBUG', 'RELOAD', 'NOSAVE', 'MERGE', 'bogus');
  });
  it('unknown subcommands and bad arities', async () => {
    await d.same('DEBUG', 'nosuch');
    await d.same('DEBUG', 'OBJECT');
  });
});
