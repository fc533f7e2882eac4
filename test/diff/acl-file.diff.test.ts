/**
 * Differential tests: ACL SAVE / ACL LOAD with an aclfile, against redis-server 7.0.15. Each
 * server has its own file; the saved files and the LOAD error texts are compared (with the file
 * names normalised).
 */
import { it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeDiff, useDiff } from '../helpers/diff';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-aclfile-'));
const ours = path.join(dir, 'ours.acl');
const theirs = path.join(dir, 'theirs.acl');
const initial = 'user default on nopass ~* &* +@all\nuser ann on #' + 'b'.repeat(64) + ' ~k:* resetchannels &c -@all +get\n';
fs.writeFileSync(ours, initial);
fs.writeFileSync(theirs, initial);

describeDiff('ACL SAVE / LOAD (differential)', () => {
  const d = useDiff({ config: { aclfile: ours }, redisArgs: ['--aclfile', theirs] });

  const both = (text: string) => {
    fs.writeFileSync(ours, text);
    fs.writeFileSync(theirs, text);
  };
  const norm = (s: string) => s.split(ours).join('F').split(theirs).join('F');

  it('loads the same users and saves the same file', async () => {
    await d.same('ACL', 'USERS');
    await d.same('ACL', 'GETUSER', 'ann');
    await d.same('ACL', 'SETUSER', 'zed', 'on', '>pw', '%R~r:*', '(+ping ~x)', '+@hyperloglog');
    await d.same('ACL', 'SAVE');
    const a = fs.readFileSync(ours, 'latin1').split('\n').map((l) => l.split(' ').sort().join(' '));
    const b = fs.readFileSync(theirs, 'latin1').split('\n').map((l) => l.split(' ').sort().join(' '));
    expect(a).toEqual(b);
    await d.same('ACL', 'LOAD');
    await d.same('ACL', 'USERS');
  });

  it('reports the same errors for broken files and keeps the old users', async () => {
    const cases = [
      'user a on +nosuch\nuser b on ~x allkeys ~y\n',
      'nouser here\n\n   \nuser\n',
      'user dup on\nuser dup off\n',
      'user x (+get\n',
      'user x on #abc &a &b\n',
    ];
    for (const text of cases) {
      both(text);
      const [x, y] = await d.both('ACL', 'LOAD');
      expect(y.startsWith('-'), `redis accepted ${JSON.stringify(text)}: ${y}`).toBe(true);
      expect(norm(x), `ACL LOAD of ${JSON.stringify(text)}`).toBe(norm(y));
    }
    await d.same('ACL', 'USERS');
    both('user default on nopass ~* &* +@all\n');
    await d.same('ACL', 'LOAD');
    await d.same('ACL', 'LIST');
    fs.rmSync(ours, { force: true });
    fs.rmSync(theirs, { force: true });
    const [x, y] = await d.both('ACL', 'LOAD');
    expect(norm(x)).toBe(norm(y));
    await d.same('ACL', 'LIST');
  });
});
