import { it, expect } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { RawClient, parseReply } from '../helpers/raw-client';

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
  it('SELECT', async () => {
    await d.same('SELECT', 'abc');
    await d.same('SELECT', '99999999999');
    await d.same('SELECT', '-1');
    await d.same('SELECT', '16');
    await d.same('SELECT', '1');
    await d.same('SELECT', '0');
  });
  it('AUTH without a password configured', async () => {
    await d.same('AUTH', 'x');
    await d.same('AUTH', 'a', 'b');
    await d.same('AUTH', 'default', 'whatever');
    await d.same('AUTH', 'a', 'b', 'c');
    await d.same('AUTH');
  });
  it('HELLO errors', async () => {
    await d.same('HELLO', '4');
    await d.same('HELLO', '1');
    await d.same('HELLO', 'abc');
    await d.same('HELLO', '3', 'foo');
    await d.same('HELLO', '2', 'auth', 'default');
    await d.same('HELLO', '2', 'SETNAME', 'a b');
    await d.same('HELLO', '2', 'AUTH', 'nobody', 'x');
  });
  it('HELLO replies (id differs, the rest is the same)', async () => {
    const [x, y] = await d.both('HELLO', '2', 'SETNAME', 'abc');
    const px = parseReply(x) as unknown[];
    const py = parseReply(y) as unknown[];
    px[7] = py[7] = 0;
    expect(px).toEqual(py);
    const [x3, y3] = await d.both('HELLO', '3');
    expect(x3.replace(/:\d+\r\n\$4\r\nmode/, ':N\r\n$4\r\nmode').replace(/id\r\n:\d+/, 'id\r\n:N')).toBe(y3.replace(/id\r\n:\d+/, 'id\r\n:N'));
    await d.same('PING');
    await d.same('ECHO', 'resp3');
    await d.same('RESET');
    await d.same('PING');
  });
  it('QUIT replies OK and closes', async () => {
    const ours = await RawClient.connect(d.oursServer().port);
    ours.write('QUIT\r\nPING\r\n');
    expect(await ours.read()).toBe('+OK\r\n');
    expect(await ours.waitClosed()).toBe('');
  });
  it('RESET', async () => {
    await d.same('SELECT', '3');
    await d.same('CLIENT', 'SETNAME', 'x');
    await d.same('RESET');
    await d.same('CLIENT', 'GETNAME');
    await d.same('RESET', 'x');
  });
});
