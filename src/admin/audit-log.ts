import type { Clock } from '../core/clock.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { adminSettingsKeys } from '../handoff/team-settings.ts';

/** What an admin changed. */
export type AuditAction =
  | 'agent-created'
  | 'agent-changed'
  | 'agent-removed'
  | 'agent-password-reset'
  | 'team-saved'
  | 'team-removed'
  | 'routing-changed'
  | 'canned-saved'
  | 'canned-removed'
  | 'slack-linked'
  | 'slack-unlinked';

/** One change, as kept and shown. */
export interface AuditEntry {
  /** The stream id (ordered). */
  readonly id: string;
  readonly at: number;
  /** The admin who made the change. */
  readonly by: string;
  readonly action: AuditAction;
  /** The agent id, team name, language or Slack user changed (empty for routing). */
  readonly target: string;
  /** What changed (field names and new values; never a password). */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditLogOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly clock: Clock;
  /** Entries older than this are trimmed away as new ones come (ADMIN_AUDIT_RETENTION_DAYS). */
  readonly retentionDays: number;
}

/**
 * Who changed what in the admin console or API: a Redis stream under `{admin}` (team-settings.ts), each
 * entry written with the change and trimmed by age (XADD MINID) so it keeps `retentionDays` of history.
 */
export class AuditLog {
  private readonly key: string;

  constructor(private readonly o: AuditLogOptions) {
    this.key = adminSettingsKeys(o.prefix).audit();
  }

  async record(
    by: string,
    action: AuditAction,
    target: string,
    details: Readonly<Record<string, unknown>> = {},
  ): Promise<void> {
    const now = this.o.clock.now();
    const oldest = Math.max(0, now - this.o.retentionDays * 86_400_000);
    const entry = JSON.stringify({ at: now, by, action, target, details });
    await this.o.redis.xadd(this.key, 'MINID', '~', String(oldest), '*', 'e', entry);
  }

  /** The most recent entries first, at most `limit`; `before` (a stream id) pages back. */
  async list(options: { limit?: number; before?: string } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const end = options.before !== undefined ? `(${options.before}` : '+';
    const rows = await this.o.redis.xrevrange(this.key, end, '-', 'COUNT', limit);
    return rows.map(([id, fields]) => {
      const json = fields[fields.indexOf('e') + 1] ?? '{}';
      return { id, ...(JSON.parse(json) as Omit<AuditEntry, 'id'>) };
    });
  }
}
