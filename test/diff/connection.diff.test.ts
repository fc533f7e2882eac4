import { it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';

describeDiff('connection commands match redis-server', () => {
  const d = useDiff();
  it('PING and ECHO', async () => {
    await d.same('PING');
    await d.same('PING', 'hello');
    await d.same('ECHO', 'x\r\ny');
    await d.same('ECHO');
    await d.same('PING', 'a', 'b');
  });
  it('unknown commands', async () => {
    await d.same('NOSUCH', 'a', 'b');
    await d.same('nosuch', 'x'.repeat(200), 'y');
    await d.same('nosuch', ...Array.from({ length: 30 }, (_, i) => `arg${i}`));
  });
  it('inline commands', async () => {
    await d.sameRaw('PING\r\n');
    await d.sameRaw('ECHO "a b\\x41\\n"\r\n');
    await d.sameRaw("ECHO 'it\\'s'\n");
  });
});
