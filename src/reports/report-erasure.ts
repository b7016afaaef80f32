import type { RedisConnection } from '../core/redis-script.ts';
import { dayIn } from '../core/time-zone.ts';
import { REPORT_EVENT_TYPES } from './report-event.ts';
import { ReportKeys } from './report-keys.ts';

export interface ReportErasureOptions {
  readonly redis: RedisConnection;
  /** KEY_PREFIX. */
  readonly prefix: string;
  /** BUSINESS_TIME_ZONE: the days the unanswered questions are filed under. */
  readonly timeZone: string;
  /** Stream entries read per step (default 1,000). */
  readonly batch?: number;
}

/** One raw report event, as the stream keeps it. */
export type StoredReportEvent = Readonly<Record<string, string>> & { readonly id: string };

/**
 * What the reports keep that names given conversations, found and removed for a customer's export and
 * erasure: their raw events and rating comments (stream entries naming the conversation), their "in
 * progress" record, and their unanswered questions (one count off each question, on the day it was filed).
 * The hourly and daily counters hold no ids and no words, so they stay.
 *
 * The streams have no index by conversation: each call reads them whole (every day's stream of every type,
 * the days from `event-days`), a batch at a time (a few seconds for millions of entries). Every step can be
 * run again, so an erasure cut short is finished by the next.
 */
export class ReportErasure {
  private readonly keys: ReportKeys;
  private readonly batch: number;

  constructor(private readonly o: ReportErasureOptions) {
    this.keys = new ReportKeys(o.prefix);
    this.batch = o.batch ?? 1_000;
  }

  /** Every stream of raw events: one per business day and type, and an earlier version's single one. */
  private async eventStreams(): Promise<string[]> {
    const days = await this.o.redis.zrange(this.keys.eventDays, 0, -1);
    const streams = days.flatMap((day) => REPORT_EVENT_TYPES.map((type) => this.keys.events(day, type)));
    return [this.keys.legacyEvents, ...streams];
  }

  /** The raw events (with rating comments) that name any of these conversations. */
  async eventsOf(conversationIds: ReadonlySet<string>): Promise<StoredReportEvent[]> {
    const found: StoredReportEvent[] = [];
    for (const stream of await this.eventStreams()) {
      await this.scan(stream, conversationIds, async (entries) => {
        found.push(...entries);
      });
    }
    return found;
  }

  /** Removes everything of the reports that names these conversations; returns the entries removed. */
  async forget(conversationIds: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    for (const stream of [this.keys.comments, ...(await this.eventStreams())]) {
      await this.scan(stream, conversationIds, async (entries) => {
        if (stream !== this.keys.comments) await this.uncountQuestions(entries);
        removed += await this.o.redis.xdel(stream, ...entries.map((entry) => entry.id));
      });
    }
    for (const id of conversationIds) {
      await this.o.redis.del(this.keys.live(id));
      await this.o.redis.zrem(this.keys.liveIndex, id);
    }
    return removed;
  }

  /** Reads a stream whole, handing over each batch's entries that name one of the conversations. */
  private async scan(
    stream: string,
    conversationIds: ReadonlySet<string>,
    found: (entries: StoredReportEvent[]) => Promise<void>,
  ): Promise<void> {
    let from = '-';
    for (;;) {
      const rows = await this.o.redis.xrange(stream, from, '+', 'COUNT', this.batch);
      const matching: StoredReportEvent[] = [];
      for (const [id, fields] of rows) {
        const entry: Record<string, string> = { id };
        for (let i = 0; i + 1 < fields.length; i += 2) entry[fields[i] ?? ''] = fields[i + 1] ?? '';
        if (conversationIds.has(entry.conversationId ?? '')) matching.push(entry as StoredReportEvent);
      }
      if (matching.length > 0) await found(matching);
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < this.batch) return;
      from = `(${last[0]}`;
    }
  }

  /** Takes the customer's unanswered questions off the day's list (others who asked the same stay counted). */
  private async uncountQuestions(entries: readonly StoredReportEvent[]): Promise<void> {
    for (const entry of entries) {
      if (entry.type !== 'not-answered' || !entry.question) continue;
      const key = this.keys.unanswered(dayIn(Number(entry.at), this.o.timeZone));
      const member = `${entry.language ?? ''}|${entry.question}`;
      if ((await this.o.redis.zscore(key, member)) === null) continue;
      await this.o.redis.zincrby(key, -1, member);
      await this.o.redis.zremrangebyscore(key, '-inf', 0);
    }
  }
}
