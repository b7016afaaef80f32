import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/core/audit-log.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { RedisAgentStore } from '../../../src/agents/redis-agent-store.ts';
import { SlackAgentLinks } from '../../../src/adapters/slack/agent-links.ts';
import { runSlackLinkCli } from '../../../src/adapters/slack/slack-link-cli.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

describe('slack-link-cli: Slack users to hamdel agents', () => {
  const redis = connectRedis();
  let prefix: string;
  let lines: string[];
  const run = (...argv: string[]) =>
    runSlackLinkCli(argv, {
      out: (line) => lines.push(line),
      env: { REDIS_URL, KEY_PREFIX: prefix, USER: 'ops' },
    });

  beforeEach(async () => {
    prefix = randomPrefix();
    lines = [];
    const agents = new RedisAgentStore({ redis, prefix, clock: systemClock });
    await agents.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: 'agent password 123' });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
  });
  afterAll(() => redis.disconnect());

  it('links, lists and unlinks; refuses unknown agents and bad arguments', async () => {
    expect(await run('link', 'U0SARA', 'sara')).toBe(0);
    expect(await new SlackAgentLinks(redis, prefix).agentOf('U0SARA')).toBe('sara');
    expect(await run('list')).toBe(0);
    expect(lines).toContain('U0SARA -> sara');
    expect(await run('link', 'U0NOBODY', 'ghost')).toBe(1);
    expect(await run('link', 'not-a-slack-id', 'sara')).toBe(2);
    expect(await run('unlink', 'U0SARA')).toBe(0);
    expect(await new SlackAgentLinks(redis, prefix).agentOf('U0SARA')).toBeUndefined();
    expect(await run('unlink', 'U0SARA')).toBe(0); // was not linked: nothing to audit
    // Both changes are in the admin audit log, made from the command line.
    const audit = new AuditLog({ redis, prefix, clock: systemClock, retentionDays: 30 });
    const entries = (await audit.list()).map((e) => [e.by.startsWith('cli:'), e.action, e.target]);
    expect(entries).toEqual([
      [true, 'slack-unlinked', 'U0SARA'],
      [true, 'slack-linked', 'U0SARA'],
    ]);
  });
});
