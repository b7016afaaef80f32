import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { ConversationList } from './conversation-list.ts';
import { ConversationSessions } from './conversation-sessions.ts';
import { ReportObserver } from './report-observer.ts';
import { ReportReader } from './report-reader.ts';
import { ReportRecorder } from './report-recorder.ts';

const DAY_MS = 86_400_000;

/** Reports as the server uses them: the observer that records, the reader and the lists the API uses. */
export interface Reports {
  readonly recorder: ReportRecorder;
  readonly observer: ReportObserver;
  readonly reader: ReportReader;
  /** The conversations behind a figure, from the raw events. */
  readonly list: ConversationList;
  readonly timeZone: string;
  /** REPORT_EVENTS_RETENTION_DAYS in ms: how far back lists reach. */
  readonly eventsRetentionMs: number;
}

/** Builds the reports parts from the settings (REPORT_*, BUSINESS_TIME_ZONE, SLA_WAIT_SECONDS). */
export function createReports(
  config: Pick<
    Config,
    | 'KEY_PREFIX'
    | 'BUSINESS_TIME_ZONE'
    | 'REPORT_EVENTS_RETENTION_DAYS'
    | 'REPORT_AGGREGATE_RETENTION_DAYS'
    | 'REPORT_IDLE_HOURS'
    | 'SLA_WAIT_SECONDS'
  >,
  redis: RedisConnection,
  clock: Clock,
  onError?: (error: unknown) => void,
  /** The teams of content/teams.yaml, as currently loaded (a team's `slaWaitSeconds` overrides SLA_WAIT_SECONDS). */
  teams?: () => ReadonlyMap<string, { readonly slaWaitSeconds?: number }>,
): Reports {
  const slaWaitMs = (team: string | undefined): number =>
    ((team !== undefined ? teams?.().get(team)?.slaWaitSeconds : undefined) ?? config.SLA_WAIT_SECONDS) *
    1000;
  const idleMs = config.REPORT_IDLE_HOURS * 3_600_000;
  const aggregateRetentionMs = config.REPORT_AGGREGATE_RETENTION_DAYS * DAY_MS;
  const recorder = new ReportRecorder({
    redis,
    prefix: config.KEY_PREFIX,
    timeZone: config.BUSINESS_TIME_ZONE,
    eventsRetentionMs: config.REPORT_EVENTS_RETENTION_DAYS * DAY_MS,
    aggregateRetentionMs,
    slaWaitMs,
    lateMs: idleMs + DAY_MS,
  });
  const sessions = new ConversationSessions(redis, recorder.keys, idleMs);
  const observer = new ReportObserver({ recorder, sessions, clock, ...(onError ? { onError } : {}) });
  // Rollups of 7 and 28 days are built once no ordinary write can reach them (idle window + 2 days).
  const reader = new ReportReader(redis, config.KEY_PREFIX, config.BUSINESS_TIME_ZONE, slaWaitMs, {
    now: () => clock.now(),
    sealMs: idleMs + 2 * DAY_MS,
    retentionMs: aggregateRetentionMs,
  });
  const list = new ConversationList(redis, config.KEY_PREFIX, config.BUSINESS_TIME_ZONE);
  return {
    recorder,
    observer,
    reader,
    list,
    timeZone: config.BUSINESS_TIME_ZONE,
    eventsRetentionMs: config.REPORT_EVENTS_RETENTION_DAYS * DAY_MS,
  };
}
