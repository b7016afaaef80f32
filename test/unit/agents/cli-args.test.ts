import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../../../src/agents/cli-args.ts';
import { formatTable } from '../../../src/agents/agent-cli.ts';

describe('agent CLI arguments', () => {
  it('parses add with every option', () => {
    const command = parseCliArgs([
      'add',
      '--id',
      'Sara',
      '--name',
      'Sara Ahmadi',
      '--languages',
      'fa, en',
      '--role',
      'admin',
      '--capacity',
      '5',
      '--skills',
      'billing,Refunds',
      '--team',
      'night',
    ]);
    expect(command).toEqual({
      kind: 'add',
      agent: {
        id: 'sara',
        name: 'Sara Ahmadi',
        languages: ['fa', 'en'],
        role: 'admin',
        capacity: 5,
        skills: ['billing', 'refunds'],
        team: 'night',
      },
    });
  });

  it('applies the defaults', () => {
    expect(parseCliArgs(['add', '--id', 'ali', '--name', 'Ali', '--languages', 'ar'])).toEqual({
      kind: 'add',
      agent: {
        id: 'ali',
        name: 'Ali',
        languages: ['ar'],
        role: 'agent',
        capacity: 3,
        skills: [],
        team: 'default',
      },
    });
  });

  it.each([
    [['add', '--id', 'ali'], /Missing --name, --languages/],
    [['add', '--id', 'ali', '--name', 'Ali', '--languages', 'de'], /languages/],
    [['add', '--id', 'ali', '--name', 'Ali', '--languages', 'en', '--capacity', 'many'], /capacity/],
    [['add', '--id', 'ali', '--name', 'Ali', '--languages', 'en', '--capacity', '30'], /capacity/],
    [['add', '--id', 'ali', '--password', 'secret'], /password/],
    [['passwd'], /--id/],
    [['delete', '--id', 'ali'], /Unknown command "delete"/],
    [['role', '--id', 'ali'], /--role/],
    [['role', '--id', 'ali', '--role', 'owner'], /--role/],
    [['remove'], /--id/],
    [['deactivate'], /--id/],
    [['activate', '--id', 'a b'], /--id/],
    [['list', 'extra'], /extra/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('parses list, passwd, role, remove, deactivate, activate and help', () => {
    expect(parseCliArgs(['list'])).toEqual({ kind: 'list', json: false });
    expect(parseCliArgs(['list', '--json'])).toEqual({ kind: 'list', json: true });
    expect(parseCliArgs(['passwd', '--id', 'Sara'])).toEqual({ kind: 'passwd', id: 'sara' });
    expect(parseCliArgs(['role', '--id', 'Sara', '--role', 'agent'])).toEqual({
      kind: 'role',
      id: 'sara',
      role: 'agent',
    });
    expect(parseCliArgs(['remove', '--id', 'sara'])).toEqual({ kind: 'remove', id: 'sara' });
    expect(parseCliArgs(['deactivate', '--id', 'Sara'])).toEqual({ kind: 'deactivate', id: 'sara' });
    expect(parseCliArgs(['activate', '--id', 'sara'])).toEqual({ kind: 'activate', id: 'sara' });
    expect(parseCliArgs([])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['add', '--help'])).toEqual({ kind: 'help' });
  });

  it('formats a table aligned by characters', () => {
    const table = formatTable([
      {
        id: 'sara',
        name: 'سارا',
        role: 'admin',
        languages: ['fa'],
        skills: [],
        capacity: 3,
        team: 'default',
      },
    ]);
    expect(table.split('\n')[0]).toBe('id    name  role   languages  capacity  team     account  skills');
    expect(table.split('\n')[1]).toBe('sara  سارا  admin  fa         3         default  active');
    const deactivated = formatTable([
      {
        id: 'ali',
        name: 'Ali',
        role: 'agent',
        languages: ['ar'],
        skills: ['billing'],
        capacity: 2,
        team: 'default',
        deactivatedAt: 1,
      },
    ]);
    expect(deactivated.split('\n')[1]).toBe(
      'ali  Ali   agent  ar         2         default  deactivated  billing',
    );
  });
});
