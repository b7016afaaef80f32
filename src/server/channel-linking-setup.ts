import type { AuditLog } from '../core/audit-log.ts';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { RedisRateLimit } from '../core/redis-rate-limit.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import { ChannelLinking } from '../conversations/channel-linking.ts';
import { ConversationLinks } from '../conversations/conversation-links.ts';
import { LinkCodes } from '../conversations/link-codes.ts';

/** One customer across channels (docs/architecture.md): the links, the codes, and the two together. */
export function createChannelLinking(o: {
  readonly config: Config;
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly events: ConversationEvents;
  readonly store: Pick<ConversationStore, 'get' | 'update'>;
}): ChannelLinking {
  const { config, redis, prefix, clock } = o;
  const links = new ConversationLinks({
    redis,
    prefix,
    clock,
    retentionMs: config.TRANSCRIPT_RETENTION_DAYS * 86_400_000,
  });
  const codes = new LinkCodes({
    redis,
    prefix,
    clock,
    limiter: new RedisRateLimit({ redis, prefix }),
    ttlMs: config.LINK_CODE_MINUTES * 60_000,
    failureLimit: config.LINK_CODE_FAILURES_PER_10_MINUTES,
  });
  return new ChannelLinking({ links, codes, audit: o.audit, events: o.events, store: o.store });
}
