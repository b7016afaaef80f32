import type { RedisConnection } from '../core/redis-script.ts';
import { addDays, dayIn, nextDay, startOfDay, weekdayOf } from '../core/time-zone.ts';
import { quantile } from './duration-histogram.ts';
import { DURATIONS, type DurationName } from './report-counters.ts';
import { ReportKeys, SLOT_MS, slotOf, type Dimension } from './report-keys.ts';

export type GroupBy = Exclude<Dimension, 'all'> | 'day' | 'week' | 'none';

export interface ReportQuery {
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  readonly groupBy: GroupBy;
  readonly tz: string;
  /** First day of a week (0 Sunday ... 6 Saturday). */
  readonly weekStart: number;
  /** Only one channel, language, team or agent (with groupBy day, week or none). */
  readonly only?: { readonly dimension: Exclude<Dimension, 'all'>; readonly value: string };
}

export interface DurationFigures {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
  readonly meanMs: number | null;
}

/** Every figure of one group (docs/reports.md says what each means). */
export interface ReportFigures {
  readonly key: string;
  readonly volume: {
    readonly conversations: number;
    readonly messages: number;
    readonly questions: number;
    readonly answered: number;
    readonly clarified: number;
    readonly unanswered: number;
    readonly rejected: number;
    readonly personRequested: number;
    readonly escalations: number;
    readonly taken: number;
    readonly transfers: number;
    readonly releases: number;
    readonly resolved: number;
    readonly leftLine: number;
  };
  readonly deflection: {
    readonly ended: number;
    readonly botResolved: number;
    readonly escalated: number;
    readonly unanswered: number;
    readonly noQuestion: number;
    /** botResolved / (ended - noQuestion), or null when none. */
    readonly rate: number | null;
  };
  readonly firstResponse: DurationFigures;
  readonly resolution: DurationFigures;
  readonly wait: DurationFigures;
  readonly handle: DurationFigures;
  readonly csat: {
    readonly ratings: number;
    readonly average: number | null;
    readonly satisfiedShare: number | null;
    readonly comments: number;
  };
  readonly escalationsByReason: Readonly<Record<string, number>>;
  readonly anger: {
    readonly angryConversations: number;
    /** Share of ended conversations in which the customer was angry at least once. */
    readonly rate: number | null;
    readonly angryMessages: number;
    readonly angryEscalations: number;
  };
  readonly sla: { readonly breaches: number; readonly targetMs: number };
}

/** A unit of time to read: a business day's hash or a 30-minute slot's. */
interface Unit {
  readonly kind: 'day' | 'slot';
  readonly id: string | number;
  readonly start: number;
}

/** Reads report figures from the per-day and per-slot hashes (never the raw events). */
export class ReportReader {
  readonly keys: ReportKeys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    /** BUSINESS_TIME_ZONE: the zone the day hashes are kept in. */
    private readonly businessTimeZone: string,
    private readonly slaWaitMs: number,
  ) {
    this.keys = new ReportKeys(prefix);
  }

  /** The figures by group (sorted by key) and in total. */
  async figures(query: ReportQuery): Promise<{ groups: ReportFigures[]; total: ReportFigures }> {
    const units = this.units(query);
    const overTime = query.groupBy === 'day' || query.groupBy === 'week' || query.groupBy === 'none';
    const only = overTime ? query.only : undefined;
    const dimension: Dimension = only ? only.dimension : overTime ? 'all' : (query.groupBy as Dimension);
    const pipeline = this.redis.pipeline();
    for (const unit of units) {
      pipeline.hgetall(
        unit.kind === 'day'
          ? this.keys.day(unit.id as string, dimension)
          : this.keys.slot(unit.id as number, dimension),
      );
    }
    const results = (await pipeline.exec()) ?? [];
    const groups = new Map<string, Sums>();
    const total = new Sums();
    results.forEach(([error, hash], i) => {
      if (error) throw error;
      const unit = units[i] as Unit;
      const timeKey =
        query.groupBy === 'day' || query.groupBy === 'week' ? this.groupKey(query, '', unit) : undefined;
      for (const [field, raw] of Object.entries(hash as Record<string, string>)) {
        const bar = field.indexOf('|');
        const value = field.slice(0, bar);
        if (only && value !== only.value) continue;
        const metric = field.slice(bar + 1);
        const amount = Number(raw);
        const key = timeKey ?? this.groupKey(query, value, unit);
        let sums = groups.get(key);
        if (!sums) groups.set(key, (sums = new Sums()));
        sums.add(metric, amount);
        if (overTime) total.add(metric, amount);
      }
    });
    const ordered = [...groups.keys()].sort();
    const figures = ordered.map((key) => figuresOf(key, groups.get(key) as Sums, this.slaWaitMs));
    if (!overTime) {
      // Totals over every value would count an event once per value: read them from the `all` hashes.
      const all = await this.figures({ ...query, groupBy: 'none' });
      return { groups: figures, total: all.total };
    }
    return {
      groups: query.groupBy === 'none' ? [] : figures,
      total: figuresOf('total', total, this.slaWaitMs),
    };
  }

  /** The questions the bot had no answer to, most asked first. */
  async unanswered(
    query: ReportQuery,
    limit = 100,
  ): Promise<{ language: string; text: string; count: number }[]> {
    const days: string[] = [];
    for (let day = dayIn(query.from, this.businessTimeZone); ; day = nextDay(day)) {
      if (startOfDay(day, this.businessTimeZone) >= query.to) break;
      days.push(day);
      if (days.length > 3700) break;
    }
    const pipeline = this.redis.pipeline();
    for (const day of days) pipeline.zrange(this.keys.unanswered(day), 0, -1, 'WITHSCORES');
    const counts = new Map<string, number>();
    for (const [error, flat] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      const list = flat as string[];
      for (let i = 0; i + 1 < list.length; i += 2) {
        const member = list[i] as string;
        counts.set(member, (counts.get(member) ?? 0) + Number(list[i + 1]));
      }
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([member, count]) => {
        const bar = member.indexOf('|');
        return { language: member.slice(0, bar), text: member.slice(bar + 1), count };
      });
  }

  /** Ratings that came with a comment, newest first. */
  async comments(query: ReportQuery, limit = 200): Promise<Record<string, string | number>[]> {
    const found: Record<string, string | number>[] = [];
    let end = '+';
    for (let round = 0; round < 50 && found.length < limit; round++) {
      const entries = await this.redis.xrevrange(this.keys.comments, end, '-', 'COUNT', 500);
      for (const [, fields] of entries) {
        const event: Record<string, string> = {};
        for (let i = 0; i + 1 < fields.length; i += 2) event[fields[i] as string] = fields[i + 1] as string;
        const at = Number(event.at);
        if (at >= query.from && at < query.to && found.length < limit) {
          found.push({
            at,
            rating: Number(event.rating),
            comment: event.comment ?? '',
            agentId: event.agentId ?? '',
            team: event.team ?? '',
            channel: event.channel ?? '',
            language: event.language ?? '',
            conversationId: event.conversationId ?? '',
          });
        }
      }
      if (entries.length < 500) break;
      const lastId = (entries[entries.length - 1] as [string, string[]])[0];
      end = `(${lastId}`;
    }
    return found;
  }

  /**
   * Whole business days inside the range are read from the day hashes; the rest (the range's ends, or the
   * whole range when `tz` is not the business zone) from 30-minute slots.
   */
  private units(query: ReportQuery): Unit[] {
    const units: Unit[] = [];
    const from = slotOf(query.from);
    const to = slotOf(query.to + SLOT_MS - 1);
    const slots = (start: number, end: number) => {
      for (let s = start; s < end; s += SLOT_MS) units.push({ kind: 'slot', id: s, start: s });
    };
    if (query.tz !== this.businessTimeZone) {
      slots(from, to);
      return units;
    }
    const tz = this.businessTimeZone;
    for (let day = dayIn(from, tz); ; day = nextDay(day)) {
      const start = startOfDay(day, tz);
      if (start >= to) break;
      const end = startOfDay(nextDay(day), tz);
      if (start >= from && end <= to) units.push({ kind: 'day', id: day, start });
      else slots(Math.max(start, from), Math.min(end, to));
    }
    return units;
  }

  private groupKey(query: ReportQuery, value: string, unit: Unit): string {
    if (query.groupBy === 'day') return dayIn(unit.start, query.tz);
    if (query.groupBy === 'week') {
      const day = dayIn(unit.start, query.tz);
      return addDays(day, -((weekdayOf(day) - query.weekStart + 7) % 7));
    }
    return query.groupBy === 'none' ? 'total' : value;
  }
}

/** Sums of every metric, by name. */
class Sums {
  readonly values = new Map<string, number>();
  add(metric: string, amount: number): void {
    this.values.set(metric, (this.values.get(metric) ?? 0) + amount);
  }
  get(metric: string): number {
    return this.values.get(metric) ?? 0;
  }
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function durationFigures(sums: Sums, name: DurationName): DurationFigures {
  const buckets = new Map<number, number>();
  const prefix = `h.${name}.`;
  for (const [metric, n] of sums.values) {
    if (metric.startsWith(prefix)) buckets.set(Number(metric.slice(prefix.length)), n);
  }
  const count = sums.get(`n.${name}`);
  return {
    count,
    medianMs: quantile(buckets, 0.5) ?? null,
    p90Ms: quantile(buckets, 0.9) ?? null,
    meanMs: count > 0 ? Math.round(sums.get(`sum.${name}`) / count) : null,
  };
}

function figuresOf(key: string, s: Sums, slaWaitMs: number): ReportFigures {
  const reasons: Record<string, number> = {};
  for (const [metric, n] of s.values) if (metric.startsWith('reason.')) reasons[metric.slice(7)] = n;
  const ended = s.get('ended');
  const noQuestion = s.get('ended.no-question');
  const ratings = s.get('ratings');
  const [wait, firstResponse, handle, resolution] = DURATIONS.map((name) => durationFigures(s, name)) as [
    DurationFigures,
    DurationFigures,
    DurationFigures,
    DurationFigures,
  ];
  return {
    key,
    volume: {
      conversations: s.get('conversations'),
      messages: s.get('messages'),
      questions: s.get('questions'),
      answered: s.get('answered'),
      clarified: s.get('clarified'),
      unanswered: s.get('unanswered'),
      rejected: s.get('rejected'),
      personRequested: s.get('personRequested'),
      escalations: s.get('escalations'),
      taken: s.get('taken'),
      transfers: s.get('transfers'),
      releases: s.get('releases'),
      resolved: s.get('resolved'),
      leftLine: s.get('leftLine'),
    },
    deflection: {
      ended,
      botResolved: s.get('ended.bot-resolved'),
      escalated: s.get('ended.escalated'),
      unanswered: s.get('ended.unanswered'),
      noQuestion,
      rate: share(s.get('ended.bot-resolved'), ended - noQuestion),
    },
    firstResponse,
    resolution,
    wait,
    handle,
    csat: {
      ratings,
      average: ratings > 0 ? s.get('ratingSum') / ratings : null,
      satisfiedShare: share(s.get('ratingsGood'), ratings),
      comments: s.get('comments'),
    },
    escalationsByReason: reasons,
    anger: {
      angryConversations: s.get('endedAngry'),
      rate: share(s.get('endedAngry'), ended),
      angryMessages: s.get('messagesAngry'),
      angryEscalations: s.get('escalationsAngry'),
    },
    sla: { breaches: s.get('slaBreaches'), targetMs: slaWaitMs },
  };
}
