import type { RedisConnection } from '../../core/redis-script.ts';

/**
 * Which hamdel agent each Slack user is (a Redis hash Slack user id -> agent id under `<prefix>slack:agents`).
 * Managed with `src/adapters/slack/slack-link-cli.ts`; a Slack user without a link cannot take chats.
 */
export class SlackAgentLinks {
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.key = `${prefix}slack:agents`;
  }

  async link(slackUserId: string, agentId: string): Promise<void> {
    await this.redis.hset(this.key, slackUserId, agentId);
  }

  /** Whether there was a link. */
  async unlink(slackUserId: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, slackUserId)) === 1;
  }

  async agentOf(slackUserId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.key, slackUserId)) ?? undefined;
  }

  /** Every link, Slack user id -> agent id. */
  async list(): Promise<Record<string, string>> {
    return this.redis.hgetall(this.key);
  }
}
