import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { cliActor } from '../../../src/core/audit-log.ts';

describe('the audit log’s actor for a command line', () => {
  it('is cli: and the operating system’s user name', () => {
    expect(cliActor({})).toBe(`cli:${os.userInfo().username}`);
    expect(cliActor({ USER: 'someone-else' }, () => 'maryam')).toBe('cli:maryam');
  });

  it('falls back to USER, USERNAME, then "unknown" when the system has no entry for the user', () => {
    const noEntry = () => {
      throw new Error('ENOENT: no passwd entry');
    };
    expect(cliActor({ USER: 'deploy' }, noEntry)).toBe('cli:deploy');
    expect(cliActor({ USERNAME: 'Admin' }, noEntry)).toBe('cli:Admin');
    expect(cliActor({}, noEntry)).toBe('cli:unknown');
    expect(cliActor({}, () => '')).toBe('cli:unknown');
  });
});
