import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { HelpfulRates } from './helpful-rates.ts';
import { InboxErasure } from './inbox-erasure.ts';
import { InboxRecorder } from './inbox-recorder.ts';
import { UnansweredInbox } from './unanswered-inbox.ts';

/** The unanswered inbox as the server uses it: the recorder of turns, the inbox editors read, the rates. */
export interface Inbox {
  /** The turn runner's observer: failed questions and answers to "did this help?". */
  readonly recorder: InboxRecorder;
  readonly inbox: UnansweredInbox;
  readonly rates: HelpfulRates;
  /** A customer's failed questions, for their export and erasure. */
  readonly erasure: InboxErasure;
}

/**
 * Builds the inbox's parts from the settings: failed questions and groups are kept as long as raw report
 * events (REPORT_EVENTS_RETENTION_DAYS), the per-day helpful counts as long as report figures
 * (REPORT_AGGREGATE_RETENTION_DAYS), days in BUSINESS_TIME_ZONE.
 */
export function createInbox(
  config: Pick<
    Config,
    'KEY_PREFIX' | 'BUSINESS_TIME_ZONE' | 'REPORT_EVENTS_RETENTION_DAYS' | 'REPORT_AGGREGATE_RETENTION_DAYS'
  >,
  redis: RedisConnection,
  clock: Clock,
  knowledge: () => KnowledgeSnapshot,
  onError?: (error: unknown) => void,
): Inbox {
  const prefix = config.KEY_PREFIX;
  const rates = new HelpfulRates({ redis, prefix, timeZone: config.BUSINESS_TIME_ZONE });
  const recorder = new InboxRecorder({
    redis,
    prefix,
    clock,
    rates,
    retentionDays: config.REPORT_EVENTS_RETENTION_DAYS,
    ratesRetentionDays: config.REPORT_AGGREGATE_RETENTION_DAYS,
    ...(onError ? { onError } : {}),
  });
  const inbox = new UnansweredInbox({
    redis,
    prefix,
    clock,
    retentionDays: config.REPORT_EVENTS_RETENTION_DAYS,
    knowledge,
  });
  const erasure = new InboxErasure({ redis, prefix, vocabulary: (language) => inbox.vocabulary(language) });
  return { recorder, inbox, rates, erasure };
}
