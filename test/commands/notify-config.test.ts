import { describe, expect, it } from 'vitest';
import { InProcess } from '../helpers/run';
import { NotifyFlags } from '../../src/db/notify';

describe('notify-keyspace-events', () => {
  it("keeps the 'n' class under 'A' although CONFIG GET prints it without 'n' (as Redis)", () => {
    const t = new InProcess();
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEAn');
    expect(t.run('CONFIG', 'GET', 'notify-keyspace-events')).toEqual({ type: 'map', value: ['notify-keyspace-events', 'AKE'] });
    expect(t.server.notifyFlags & NotifyFlags.New).toBe(NotifyFlags.New);
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    expect(t.server.notifyFlags & NotifyFlags.New).toBe(0);
  });
});
