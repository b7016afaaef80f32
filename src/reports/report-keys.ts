/** What report figures can be grouped by besides time ('all': no grouping). */
export const DIMENSIONS = ['all', 'channel', 'language', 'team', 'agent'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Report figures are kept per 30 minutes (every whole-hour and half-hour time zone lines up with them). */
export const SLOT_MS = 30 * 60_000;

/** The start of the slot that `at` falls in. */
export function slotOf(at: number): number {
  return at - (((at % SLOT_MS) + SLOT_MS) % SLOT_MS);
}

/**
 * Every reports key, under one hash tag (`{reports}`) so that a script or transaction over several of them
 * works on a Redis Cluster (docs/reports.md lists them):
 * - `events:<YYYY-MM-DD>:<type>`: stream of the report events of one type counted on one business day (so the
 *   conversations behind a figure are read from the days and types it sums), kept REPORT_EVENTS_RETENTION_DAYS
 *   after that day; `event-days`: sorted set of the days that have such streams (the erasure reads it)
 * - `comments`: stream of ratings that came with a comment (same retention)
 * - `slot:<start ms>:<dimension>`, `day:<YYYY-MM-DD>:<dimension>`: hashes of counters, sums and duration
 *   buckets, fields `<value>|<metric>` (value `*` for `all`), days in BUSINESS_TIME_ZONE
 * - `roll<7|28>:<block>:<dimension>`: the same summed over an aligned block of 7 or 28 business days (a cache the
 *   reader builds once the block is sealed; field `_gen` must equal `rollgen:<28-day block>`, which a late
 *   write to one of its days increments); `span:<start ms>:<end ms>:<dimension>` likewise for a run of slots
 *   of one day (the edges of days in another time zone)
 * - `unanswered:<YYYY-MM-DD>`: sorted set of questions the bot had no answer to (`<language>|<text>`)
 * - `live`: sorted set of conversations in progress by their last customer message; `live:<id>`: a hash of
 *   what reports need to know when it ends
 */
export class ReportKeys {
  readonly base: string;

  constructor(prefix: string) {
    this.base = `${prefix}{reports}:`;
  }

  /** The raw events of one type counted on one business day. */
  events(day: string, type: string): string {
    return `${this.base}events:${day}:${type}`;
  }

  /** The one stream of every event that versions before the day streams wrote (trimmed, and read by erasure). */
  get legacyEvents(): string {
    return `${this.base}events`;
  }

  /** The business days that have raw events (member the day, score its number). */
  get eventDays(): string {
    return `${this.base}event-days`;
  }

  get comments(): string {
    return `${this.base}comments`;
  }

  get liveIndex(): string {
    return `${this.base}live`;
  }

  live(conversationId: string): string {
    return `${this.base}live:${conversationId}`;
  }

  slot(start: number, dimension: Dimension): string {
    return `${this.base}slot:${start}:${dimension}`;
  }

  day(day: string, dimension: Dimension): string {
    return `${this.base}day:${day}:${dimension}`;
  }

  rollup(size: number, block: number, dimension: Dimension): string {
    return `${this.base}roll${size}:${block}:${dimension}`;
  }

  span(start: number, end: number, dimension: Dimension): string {
    return `${this.base}span:${start}:${end}:${dimension}`;
  }

  rollupGeneration(block28: number): string {
    return `${this.base}rollgen:${block28}`;
  }

  unanswered(day: string): string {
    return `${this.base}unanswered:${day}`;
  }
}
