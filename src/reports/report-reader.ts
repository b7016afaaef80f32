import type { RedisConnection } from '../core/redis-script.ts';
import { dayIn, nextDay, startOfDay } from '../core/time-zone.ts';
import { quantile } from './duration-histogram.ts';
import { DURATIONS, type DurationName, type SlaTarget } from './report-counters.ts';
import { ReportKeys, SLOT_MS, slotOf, type Dimension } from './report-keys.ts';
import {
  blocksOf,
  dayOfNumber,
  daysOfBlock,
  signedUnits,
  dayNumber,
  timeGroups,
  type SignedUnit,
  type SlotRun,
} from './report-units.ts';

const DAY_MS = 86_400_000;

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

/** What a reader needs to keep and use rollups of sealed blocks of days (without it: day hashes only). */
export interface RollupOptions {
  readonly now: () => number;
  /** A block is sealed (no more ordinary writes) this long after its last day ends. */
  readonly sealMs: number;
  /** How long aggregates are kept (a rollup expires with its days). */
  readonly retentionMs: number;
}

/** A sum of several hashes that may be kept as one rollup hash (a block of days, or a run of slots of a day). */
interface Cached {
  /** The rollup's key in a dimension. */
  readonly key: (dim: Dimension) => string;
  /** Its 28-day block (whose generation a late write bumps). */
  readonly block28: number;
  /** When the last of its days ends (sealed some time after; expires with its days). */
  readonly end: number;
  readonly parts: SignedUnit[];
  readonly sign: 1 | -1;
  readonly interval: Interval;
  generation?: string;
}

/** A time group (one day or week of `tz`, or the whole range) and the signed hashes that sum to it. */
interface Interval {
  readonly group: string;
  readonly units: { readonly read: number; readonly sign: 1 | -1 }[];
}

/** Reads report figures from the per-day, per-slot and rollup hashes (never the raw events). */
export class ReportReader {
  readonly keys: ReportKeys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    /** BUSINESS_TIME_ZONE: the zone the day hashes are kept in. */
    private readonly businessTimeZone: string,
    /** The SLA target by team (SLA_WAIT_SECONDS unless the team sets its own). */
    private readonly slaWaitMs: SlaTarget,
    private readonly rollups?: RollupOptions,
  ) {
    this.keys = new ReportKeys(prefix);
  }

  /** The figures by group (sorted by key) and in total. */
  async figures(query: ReportQuery): Promise<{ groups: ReportFigures[]; total: ReportFigures }> {
    const timeGrouped = query.groupBy === 'day' || query.groupBy === 'week';
    const overTime = timeGrouped || query.groupBy === 'none';
    // One value only (a channel, a language, a team, an agent): its dimension's hashes stand in for `all`.
    const only = overTime ? query.only : undefined;
    const dimension: Dimension = only ? only.dimension : overTime ? 'all' : (query.groupBy as Dimension);
    const dims: Dimension[] = dimension === 'all' || only ? [dimension] : [dimension, 'all'];
    const from = slotOf(query.from);
    const to = slotOf(query.to + SLOT_MS - 1);
    const reads = new Reads(this.keys, dims);
    const intervals: Interval[] = [];
    const cached: Cached[] = [];
    for (const [group, a, b] of timeGrouped ? timeGroups(query, from, to) : [['total', from, to] as const]) {
      const units: SignedUnit[] = [];
      const runs: SlotRun[] = [];
      const whole: string[] = [];
      const rollups = this.rollups !== undefined;
      signedUnits(
        a,
        b,
        this.businessTimeZone,
        units,
        rollups && !timeGrouped ? whole : undefined,
        rollups ? runs : undefined,
      );
      const interval: Interval = { group, units: units.map((u) => ({ read: reads.unit(u), sign: u.sign })) };
      intervals.push(interval);
      const { blocks, loose } = blocksOf(whole);
      for (const day of loose)
        interval.units.push({ read: reads.unit({ kind: 'day', id: day, sign: 1 }), sign: 1 });
      for (const block of blocks) {
        const days = daysOfBlock(block.size, block.index);
        cached.push({
          key: (dim) => this.keys.rollup(block.size, block.index, dim),
          block28: Math.floor((block.index * block.size) / 28),
          end: startOfDay(dayOfNumber((block.index + 1) * block.size), this.businessTimeZone),
          parts: days.map((id) => ({ kind: 'day', id, sign: 1 })),
          sign: 1,
          interval,
        });
      }
      for (const run of runs) {
        const parts: SignedUnit[] = [];
        for (let at = run.start; at < run.end; at += SLOT_MS) parts.push({ kind: 'slot', id: at, sign: 1 });
        cached.push({
          key: (dim) => this.keys.span(run.start, run.end, dim),
          block28: Math.floor(dayNumber(run.day) / 28),
          end: startOfDay(nextDay(run.day), this.businessTimeZone),
          parts,
          sign: run.sign,
          interval,
        });
      }
    }
    const toBuild = cached.length > 0 ? await this.rollupsOf(cached, dims, reads) : [];
    const hashes = await reads.run(this.redis);
    // A rollup is only a cache: failing to keep one (e.g. a read-only replica) does not fail the report.
    if (toBuild.length > 0) await this.writeRollups(toBuild, reads, hashes, dims).catch(() => undefined);

    const groups = new Map<string, Sums>();
    const totals = new Sums();
    for (const interval of intervals) {
      for (const { read, sign } of interval.units) {
        const forDims = hashes[read] as Record<string, string>[];
        forDims.forEach((hash, d) => {
          const all = dims[d] === 'all' || only !== undefined;
          if (!all) {
            for (const field in hash) {
              const [value, metric] = splitField(field);
              if (metric === undefined) continue;
              let sums = groups.get(value);
              if (!sums) groups.set(value, (sums = new Sums()));
              sums.add(metric, sign * Number(hash[field]));
            }
            return;
          }
          let sums: Sums | undefined;
          if (timeGrouped) {
            sums = groups.get(interval.group);
            if (!sums) groups.set(interval.group, (sums = new Sums()));
          }
          for (const field in hash) {
            const [value, metric] = splitField(field);
            if (metric === undefined || (only && value !== only.value)) continue;
            const amount = sign * Number(hash[field]);
            totals.add(metric, amount);
            sums?.add(metric, amount);
          }
        });
      }
    }
    // A group whose counters sum to nothing (e.g. a day's slots subtracted from it) is left out.
    const ordered = [...groups.keys()].filter((key) => groups.get(key)?.any()).sort();
    return {
      groups:
        query.groupBy === 'none'
          ? []
          : ordered.map((key) =>
              figuresOf(
                key,
                groups.get(key) as Sums,
                this.slaWaitMs(query.groupBy === 'team' ? key : undefined),
              ),
            ),
      total: figuresOf('total', totals, this.slaWaitMs(undefined)),
    };
  }

  /**
   * Adds each cached sum to its interval: its rollup when sealed and still valid, else its parts (returning
   * the sealed ones whose rollup is to be built from them).
   */
  private async rollupsOf(cached: Cached[], dims: readonly Dimension[], reads: Reads): Promise<Cached[]> {
    const options = this.rollups as RollupOptions;
    const sealedBefore = options.now() - options.sealMs;
    const sealed = cached.filter((c) => c.end <= sealedBefore);
    // The same rollup may serve twice (a run of slots added to one day and taken off the next): read it once.
    const first = new Map<string, Cached>();
    for (const c of sealed) if (!first.has(c.key('all'))) first.set(c.key('all'), c);
    const pipeline = this.redis.pipeline();
    for (const c of first.values()) {
      pipeline.get(this.keys.rollupGeneration(c.block28));
      for (const dim of dims) pipeline.hgetall(c.key(dim));
    }
    const results = first.size > 0 ? ((await pipeline.exec()) ?? []) : [];
    const toBuild: Cached[] = [];
    const valid = new Set<Cached>();
    const readOf = new Map<string, number>();
    let at = 0;
    for (const c of first.values()) {
      const generation = (results[at]?.[1] as string | null) ?? '0';
      const hashes = dims.map((_, d) => (results[at + 1 + d]?.[1] ?? {}) as Record<string, string>);
      at += 1 + dims.length;
      c.generation = generation;
      if (hashes.every((h) => h._gen === generation)) readOf.set(c.key('all'), reads.fixed(hashes));
      else toBuild.push(c);
    }
    for (const c of sealed) {
      const read = readOf.get(c.key('all'));
      if (read === undefined) continue;
      valid.add(c);
      c.interval.units.push({ read, sign: c.sign });
    }
    for (const c of cached) {
      if (valid.has(c)) continue;
      for (const part of c.parts) c.interval.units.push({ read: reads.unit(part), sign: c.sign });
    }
    return toBuild;
  }

  /** Writes rollups from the hashes of their parts just read. */
  private async writeRollups(
    toBuild: readonly Cached[],
    reads: Reads,
    hashes: Record<string, string>[][],
    dims: readonly Dimension[],
  ): Promise<void> {
    const options = this.rollups as RollupOptions;
    const pipeline = this.redis.pipeline();
    const done = new Set<string>();
    for (const c of toBuild) {
      if (done.has(c.key('all'))) continue;
      done.add(c.key('all'));
      dims.forEach((dim, d) => {
        const sums = new Map<string, number>();
        for (const part of c.parts) {
          const hash = hashes[reads.unit(part)]?.[d] ?? {};
          for (const field in hash) sums.set(field, (sums.get(field) ?? 0) + Number(hash[field]));
        }
        const key = c.key(dim);
        const flat: string[] = ['_gen', c.generation ?? '0'];
        for (const [field, amount] of sums) flat.push(field, String(amount));
        pipeline.del(key);
        pipeline.hset(key, ...flat);
        pipeline.pexpireat(key, c.end + options.retentionMs + 2 * DAY_MS);
      });
    }
    await pipeline.exec();
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
}

/** The hashes to read (each once, for every dimension asked), by index. */
class Reads {
  private readonly index = new Map<string, number>();
  private readonly units: (SignedUnit | Record<string, string>[])[] = [];

  constructor(
    private readonly keys: ReportKeys,
    private readonly dims: readonly Dimension[],
  ) {}

  unit(unit: SignedUnit): number {
    const id = `${unit.kind}:${unit.id}`;
    let at = this.index.get(id);
    if (at === undefined) {
      at = this.units.push(unit) - 1;
      this.index.set(id, at);
    }
    return at;
  }

  /** Hashes already read (rollups). */
  fixed(hashes: Record<string, string>[]): number {
    return this.units.push(hashes) - 1;
  }

  async run(redis: RedisConnection): Promise<Record<string, string>[][]> {
    const pipeline = redis.pipeline();
    for (const unit of this.units) {
      if (Array.isArray(unit)) continue;
      for (const dim of this.dims) {
        pipeline.hgetall(
          unit.kind === 'day'
            ? this.keys.day(unit.id as string, dim)
            : this.keys.slot(unit.id as number, dim),
        );
      }
    }
    const results = (await pipeline.exec()) ?? [];
    let at = 0;
    return this.units.map((unit) => {
      if (Array.isArray(unit)) return unit;
      return this.dims.map(() => {
        const [error, hash] = results[at++] ?? [null, {}];
        if (error) throw error;
        return hash as Record<string, string>;
      });
    });
  }
}

const fieldParts = new Map<string, [string, string | undefined]>();

/** A field `<value>|<metric>` split (cached: the same few thousand names repeat); `_gen` has no metric. */
function splitField(field: string): [string, string | undefined] {
  let parts = fieldParts.get(field);
  if (!parts) {
    const bar = field.indexOf('|');
    parts = bar < 0 ? [field, undefined] : [field.slice(0, bar), field.slice(bar + 1)];
    if (fieldParts.size > 100_000) fieldParts.clear();
    fieldParts.set(field, parts);
  }
  return parts;
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
  any(): boolean {
    for (const n of this.values.values()) if (n !== 0) return true;
    return false;
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
  // A reason summed to nothing (counted only in slots a partial day subtracts) is not one of the group's.
  for (const [metric, n] of s.values)
    if (metric.startsWith('reason.') && n !== 0) reasons[metric.slice(7)] = n;
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
