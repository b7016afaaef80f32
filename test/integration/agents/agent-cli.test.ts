import { runAgentCli as runCli } from '../../helpers/agent-cli.ts';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { RedisAgentStore } from '../../../src/agents/redis-agent-store.ts';
import { RedisSessions } from '../../../src/agents/sessions.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

const CLI = fileURLToPath(new URL('../../../src/agents/agent-cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PASSWORD = 'پرنده-آبی-۱۴۰۵ blue bird';

describe('agent CLI end to end', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisAgentStore;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    store = new RedisAgentStore({ redis, prefix, clock: systemClock });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('adds an agent from piped passwords without ever printing them', async () => {
    const run = await runCli(
      [
        'add',
        '--id',
        'Sara',
        '--name',
        'سارا احمدی',
        '--languages',
        'fa,en',
        '--role',
        'admin',
        '--skills',
        'billing',
      ],
      `${PASSWORD}\n${PASSWORD}\n`,
      prefix,
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Created admin sara ("سارا احمدی"): languages fa,en, capacity 3, team default',
    );
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout + run.stderr).not.toContain('پرنده');
    expect((await store.verifyPassword('sara', PASSWORD))?.role).toBe('admin');
  });

  it('refuses differing passwords, a short one, a duplicate id and bad arguments', async () => {
    const differ = await runCli(
      ['add', '--id', 'ali', '--name', 'Ali', '--languages', 'ar'],
      `${PASSWORD}\nsomething else\n`,
      prefix,
    );
    expect(differ.code).toBe(1);
    expect(differ.stderr).toContain('PASSWORD_INVALID');
    const short = await runCli(
      ['add', '--id', 'ali', '--name', 'Ali', '--languages', 'ar'],
      'short\nshort\n',
      prefix,
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 10');
    const ended = await runCli(
      ['add', '--id', 'ali', '--name', 'Ali', '--languages', 'ar'],
      `${PASSWORD}\n`,
      prefix,
    );
    expect(ended.code).toBe(1);
    expect(await store.get('ali')).toBeUndefined();

    await store.create({ id: 'ali', name: 'Ali', languages: ['ar'], password: PASSWORD });
    const duplicate = await runCli(['add', '--id', 'ALI', '--name', 'Ali', '--languages', 'ar'], '', prefix);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('AGENT_EXISTS');

    const usage = await runCli(['add', '--id', 'x', '--languages', 'de'], '', prefix);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
  });

  it('lists agents as a table or JSON', async () => {
    await store.create({ id: 'sara', name: 'Sara', languages: ['fa'], capacity: 4, password: PASSWORD });
    await store.create({ id: 'ali', name: 'Ali', languages: ['ar', 'en'], password: PASSWORD });
    const table = await runCli(['list'], '', prefix);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 3)).toEqual([
      'id    name  role   languages  capacity  team     account  skills',
      'ali   Ali   agent  ar,en      3         default  active',
      'sara  Sara  agent  fa         4         default  active',
    ]);
    const json = await runCli(['list', '--json'], '', prefix);
    expect(JSON.parse(json.stdout)).toEqual(await store.list());
    expect(json.stdout).not.toContain('argon2');
  });

  it('changes a password and ends the agent’s sessions', async () => {
    await store.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    const sessions = new RedisSessions({ redis, prefix, clock: systemClock });
    const { token } = await sessions.create('sara');
    const run = await runCli(['passwd', '--id', 'sara'], 'a whole new secret\na whole new secret\n', prefix);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Password changed for sara; 1 signed-in session(s) ended, open consoles closed.',
    );
    expect(run.stdout + run.stderr).not.toContain('a whole new secret');
    expect(await sessions.resolve(token)).toBeUndefined();
    expect(await store.verifyPassword('sara', PASSWORD)).toBeUndefined();
    expect(await store.verifyPassword('sara', 'a whole new secret')).toBeDefined();
    const missing = await runCli(['passwd', '--id', 'nobody'], '', prefix);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('AGENT_NOT_FOUND');
  });

  it.skipIf(!existsSync('/usr/bin/script'))('does not echo the password on a terminal', async () => {
    // `script` gives the CLI a pseudo-terminal; we type only after each prompt, when raw mode is on.
    const command = [
      process.execPath,
      '--import',
      'tsx',
      CLI,
      'add',
      '--id',
      'tty',
      '--name',
      'Tty',
      '--languages',
      'en',
    ]
      .map((part) => `'${part}'`)
      .join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL, KEY_PREFIX: prefix },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let typed = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      const prompts = (screen.match(/Password \(at least 10 characters\): |Repeat it: /g) ?? []).length;
      if (prompts > typed) {
        typed += 1;
        setTimeout(() => child.stdin.write('typed on a tty\r'), 100);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(screen).toContain('Created agent tty');
    expect(screen).not.toContain('typed on a tty');
    expect(code).toBe(0);
    expect(await store.verifyPassword('tty', 'typed on a tty')).toBeDefined();
  });
});
