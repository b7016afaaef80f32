import os from 'node:os';
import { systemClock, type Clock } from './clock.ts';
import type { RedisConnection } from './redis-script.ts';

/** What was changed. */
export type AuditAction =
  | 'agent-created'
  | 'agent-changed'
  | 'agent-removed'
  | 'agent-password-reset'
  | 'agent-deactivated'
  | 'agent-reactivated'
  | 'team-saved'
  | 'team-removed'
  | 'routing-changed'
  | 'canned-saved'
  | 'canned-removed'
  | 'slack-linked'
  | 'slack-unlinked'
  /** The HTTP channel: a dead-lettered callback message sent again, or dropped for good. */
  | 'http-callback-replayed'
  | 'http-callback-discarded'
  /** The editor's workspace: an article file saved, created, renamed, removed, or given one more question. */
  | 'article-saved'
  | 'article-created'
  | 'article-renamed'
  | 'article-removed'
  | 'article-question-added'
  /** An editor set a group of the unanswered inbox aside, marked it done, or opened it again. */
  | 'inbox-ignored'
  | 'inbox-done'
  | 'inbox-reopened'
  /** A customer joined a channel to their conversation with a link code, or they or an agent parted it. */
  | 'channel-linked'
  | 'channel-unlinked'
  /** Not a change: a supervisor or admin read a conversation from the reports (who read whose chat). */
  | 'transcript-read';

/** One change, as kept and shown. */
export interface AuditEntry {
  /** The stream id (ordered). */
  readonly id: string;
  readonly at: number;
  /** Who made the change: an admin's or editor's agent id, or `cli:<os user>` for the command line (`cliActor`). */
  readonly by: string;
  readonly action: AuditAction;
  /** The agent id, team name, language, Slack user or content file changed (empty for routing). */
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

/** The stream's key: beside admins' settings, under their hash tag `{admin}`. */
export function auditLogKey(prefix: string): string {
  return `${prefix}{admin}:audit`;
}

/**
 * Who changed what, from the admin console, the admin API or a command line: a Redis stream, each entry
 * written with the change and trimmed by age (XADD MINID) so it keeps `retentionDays` of history. It lives
 * here, below the layers that write to it (accounts, settings, Slack links), so that each of them, and their
 * command lines, write to the one log.
 */
export class AuditLog {
  private readonly key: string;

  constructor(private readonly o: AuditLogOptions) {
    this.key = auditLogKey(o.prefix);
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

/**
 * The audit log's `by` for a change made from a command line: `cli:` and the operating system's user name
 * (the `USER` or `USERNAME` variable when the system has no entry for the process's user).
 */
export function cliActor(
  env: Readonly<Record<string, string | undefined>>,
  userName: () => string = () => os.userInfo().username,
): string {
  let name: string | undefined;
  try {
    name = userName();
  } catch {
    name = undefined;
  }
  name = name || env.USER || env.USERNAME || 'unknown';
  return `cli:${name}`;
}

/** A command line's audit log and who it writes as: the log from the settings, and `cliActor`. */
export function cliAudit(
  redis: RedisConnection,
  config: { readonly KEY_PREFIX: string; readonly ADMIN_AUDIT_RETENTION_DAYS: number },
  env: Readonly<Record<string, string | undefined>>,
): { readonly audit: AuditLog; readonly by: string } {
  const audit = new AuditLog({
    redis,
    prefix: config.KEY_PREFIX,
    clock: systemClock,
    retentionDays: config.ADMIN_AUDIT_RETENTION_DAYS,
  });
  return { audit, by: cliActor(env) };
}
