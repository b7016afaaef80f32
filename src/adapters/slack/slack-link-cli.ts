/**
 * Links Slack users to hamdel agents (a Slack user must be linked to take and answer chats in Slack):
 *   npx tsx src/adapters/slack/slack-link-cli.ts link <Slack user id, e.g. U0123ABCD> <agent id>
 *   npx tsx src/adapters/slack/slack-link-cli.ts unlink <Slack user id>
 *   npx tsx src/adapters/slack/slack-link-cli.ts list
 * Redis from the REDIS_* settings and KEY_PREFIX, as for the server. Every change is written to the admin
 * audit log, made by `cli:<os user>` (as the admin console's are by the admin).
 */
import { pathToFileURL } from 'node:url';
import { AuditLog, cliActor } from '../../core/audit-log.ts';
import { systemClock } from '../../core/clock.ts';
import { loadConfig } from '../../core/config.ts';
import { createRedis } from '../../core/redis.ts';
import { RedisAgentStore } from '../../agents/redis-agent-store.ts';
import { SlackAgentLinks } from './agent-links.ts';

const USAGE = 'usage: slack-link-cli.ts link <slack-user-id> <agent-id> | unlink <slack-user-id> | list';

/** Runs one command; returns the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runSlackLinkCli(
  argv: readonly string[],
  io: { out: (line: string) => void; env: Readonly<Record<string, string | undefined>> },
): Promise<number> {
  const [command, user, agentId] = argv;
  const userOk = user !== undefined && /^[UW][A-Z0-9]+$/.test(user);
  if (!(
    command === 'list' ||
    (command === 'unlink' && userOk) ||
    (command === 'link' && userOk && agentId)
  )) {
    io.out(USAGE);
    return 2;
  }
  const config = loadConfig(io.env);
  const redis = createRedis(config, 'slack-link-cli');
  try {
    await redis.connect();
    const links = new SlackAgentLinks(redis, config.KEY_PREFIX);
    const audit = new AuditLog({
      redis,
      prefix: config.KEY_PREFIX,
      clock: systemClock,
      retentionDays: config.ADMIN_AUDIT_RETENTION_DAYS,
    });
    const by = cliActor(io.env);
    if (command === 'list') {
      for (const [slackUser, agent] of Object.entries(await links.list())) io.out(`${slackUser} -> ${agent}`);
      return 0;
    }
    if (command === 'unlink') {
      const unlinked = await links.unlink(user ?? '');
      if (unlinked) await audit.record(by, 'slack-unlinked', user ?? '');
      io.out(unlinked ? `Unlinked ${user}.` : `${user} was not linked.`);
      return 0;
    }
    const agents = new RedisAgentStore({ redis, prefix: config.KEY_PREFIX, clock: systemClock });
    const agent = await agents.get(agentId ?? '');
    if (!agent) {
      io.out(`No agent "${agentId}" (create it with npm run agent:add).`);
      return 1;
    }
    await links.link(user ?? '', agent.id);
    await audit.record(by, 'slack-linked', user ?? '', { agentId: agent.id });
    io.out(`Linked Slack user ${user} to ${agent.name} (${agent.id}).`);
    return 0;
  } finally {
    redis.disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await runSlackLinkCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    env: process.env,
  });
  process.exit(code);
}
