import type { ChainableCommander } from 'ioredis';
import { RedisScript, type RedisConnection } from '../core/redis-script.ts';
import { dayIn } from '../core/time-zone.ts';
import {
  countedAt,
  countersOf,
  dimensionValues,
  isSlaBreach,
  type CounterStep,
  type SlaTarget,
} from './report-counters.ts';
import type { ReportEvent } from './report-event.ts';
import { ReportKeys, slotOf } from './report-keys.ts';
import { dayNumber } from './report-units.ts';
import { APPLY_LUA, ReportWrites } from './report-writes.ts';

const DAY_MS = 86_400_000;

export interface ReportRecorderOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  /** BUSINESS_TIME_ZONE: the days figures are summed by. */
  readonly timeZone: string;
  /** How long raw events (and comments) are kept. */
  readonly eventsRetentionMs: number;
  /** How long the per-slot and per-day figures are kept. */
  readonly aggregateRetentionMs: number;
  /** A longer wait in line is an SLA breach: SLA_WAIT_SECONDS, or the team's `slaWaitSeconds`. */
  readonly slaWaitMs: SlaTarget;
  /**
   * An event counted more than this before it happened (a conversation's end, counted when it began) is late:
   * it also bumps the rollup generation of its 28-day block so that the reader rebuilds that block's rollups.
   * Must be shorter than the reader's seal time (createReports: REPORT_IDLE_HOURS + 24 h vs + 48 h).
   */
  readonly lateMs?: number;
}

/** What an event (or a bare message) adds, as increments by key and field: the same for live writes and seeding. */
export class WritePlan {
  /** key -> field -> amount */
  readonly increments = new Map<string, Map<string, number>>();
  readonly unanswered = new Map<string, Map<string, number>>();
  /** Rollup generation keys to increment (late events). */
  readonly generations = new Set<string>();

  add(key: string, field: string, amount: number): void {
    let fields = this.increments.get(key);
    if (!fields) this.increments.set(key, (fields = new Map()));
    fields.set(field, (fields.get(field) ?? 0) + amount);
  }

  addQuestion(key: string, member: string): void {
    let members = this.unanswered.get(key);
    if (!members) this.unanswered.set(key, (members = new Map()));
    members.set(member, (members.get(member) ?? 0) + 1);
  }
}

/**
 * Writes report events: each event goes to the raw stream of its business day and type, and its counters into
 * the 30-minute slot hash and the business day's hash of every dimension it has a value for; all in one script
 * call (src/reports/report-writes.ts).
 */
export class ReportRecorder {
  readonly keys: ReportKeys;
  private readonly days = new Map<number, string>();

  constructor(private readonly o: ReportRecorderOptions) {
    this.keys = new ReportKeys(o.prefix);
  }

  get redis(): RedisConnection {
    return this.o.redis;
  }

  /** Records events and counts messages (`messages`: counter steps under these dimensions) in one round trip. */
  async record(events: readonly ReportEvent[], messages?: MessageCount): Promise<void> {
    const writes = new ReportWrites();
    this.encode(writes, events, messages);
    if (writes.empty) return;
    await APPLY.run(this.o.redis, writes.keys, writes.args);
  }

  /** Adds what `record` would write to a batch (a script that embeds it may run it with more of its own). */
  encode(writes: ReportWrites, events: readonly ReportEvent[], messages?: MessageCount): void {
    if (events.length === 0 && !messages) return;
    const plan = new WritePlan();
    for (const event of events) this.plan(plan, event);
    if (messages) this.planSteps(plan, messages.event.at, dimensionValues(messages.event), messages.steps);
    const now = events[events.length - 1]?.at ?? messages?.event.at ?? 0;
    for (const event of events) this.addToStream(writes, event, now);
    const ttl = this.ttlSeconds;
    for (const [key, fields] of plan.increments) writes.increment(key, fields, ttl);
    for (const [key, members] of plan.unanswered) writes.incrementMembers(key, members, ttl);
    // After the increments: a rollup built before this point is then seen as stale.
    for (const key of plan.generations) {
      writes.command('INCR', key);
      writes.command('EXPIRE', key, ttl);
    }
  }

  /**
   * Forgets raw-event days past the retention (their streams expire by themselves) and trims an earlier
   * version's single stream of events as its entries pass the retention. Run by the observer's sweep, not by
   * every write.
   */
  async prune(now: number): Promise<void> {
    const oldest = dayNumber(this.dayOf(now - this.o.eventsRetentionMs)) - 2;
    await Promise.all([
      this.o.redis.zremrangebyscore(this.keys.eventDays, '-inf', `(${oldest}`),
      this.o.redis.xtrim(this.keys.legacyEvents, 'MINID', Math.max(0, now - this.o.eventsRetentionMs)),
    ]);
  }

  /** Adds an event's counters to a plan (seeding uses this to write many events at once). */
  plan(plan: WritePlan, event: ReportEvent): void {
    const at = countedAt(event);
    this.planSteps(plan, at, dimensionValues(event), countersOf(event, this.o.slaWaitMs));
    if (this.o.lateMs !== undefined && at < event.at - this.o.lateMs) {
      plan.generations.add(this.keys.rollupGeneration(Math.floor(dayNumber(this.dayOf(at)) / 28)));
    }
    if (event.type === 'not-answered' && event.question) {
      plan.addQuestion(this.keys.unanswered(this.dayOf(at)), `${event.language ?? ''}|${event.question}`);
    }
  }

  /** Writes a plan's increments (with the keys' time to live) on a pipeline. */
  apply(pipeline: ChainableCommander, plan: WritePlan): void {
    const ttl = this.ttlSeconds;
    for (const [key, fields] of plan.increments) {
      for (const [field, amount] of fields) pipeline.hincrby(key, field, amount);
      pipeline.expire(key, ttl);
    }
    for (const [key, members] of plan.unanswered) {
      for (const [member, amount] of members) pipeline.zincrby(key, amount, member);
      pipeline.expire(key, ttl);
    }
    // After the increments: a rollup built before this point is then seen as stale.
    for (const key of plan.generations) {
      pipeline.incr(key);
      pipeline.expire(key, ttl);
    }
  }

  /** How long counters are kept: the retention and two days more, for the reader's rollups of the last days. */
  private get ttlSeconds(): number {
    return Math.ceil(this.o.aggregateRetentionMs / 1000) + 2 * 86_400;
  }

  /**
   * Keeps the raw event in its business day's stream of its type (the day it counts on), with whether a wait
   * breached the SLA target in force now (so that the list behind a figure agrees with it later), unless it
   * counts on a day already past the retention.
   */
  private addToStream(writes: ReportWrites, event: ReportEvent, now: number): void {
    const at = countedAt(event);
    const ttl = at - now + this.o.eventsRetentionMs + DAY_MS;
    const fields = streamFields(event);
    if (isSlaBreach(event, this.o.slaWaitMs)) fields.push('slaBreach', '1');
    if (ttl > 0) {
      const day = this.dayOf(at);
      const key = this.keys.events(day, event.type);
      writes.command('XADD', key, '*', ...fields);
      writes.command('PEXPIRE', key, ttl);
      writes.command('ZADD', this.keys.eventDays, dayNumber(day), day);
    }
    if (event.type === 'rated' && event.comment) {
      const minId = Math.max(0, now - this.o.eventsRetentionMs);
      writes.command('XADD', this.keys.comments, 'MINID', '~', minId, '*', ...fields);
    }
  }

  private planSteps(
    plan: WritePlan,
    at: number,
    dims: readonly (readonly [string, string])[],
    steps: readonly CounterStep[],
  ): void {
    const slot = slotOf(at);
    const day = this.dayOf(at);
    for (const [dimension, value] of dims) {
      const slotKey = this.keys.slot(slot, dimension as never);
      const dayKey = this.keys.day(day, dimension as never);
      for (const step of steps) {
        const field = `${value}|${step.metric}`;
        plan.add(slotKey, field, step.amount);
        plan.add(dayKey, field, step.amount);
      }
    }
  }

  /** The business day of an instant (cached per slot: a slot never spans two days in a supported zone). */
  dayOf(at: number): string {
    const slot = slotOf(at);
    let day = this.days.get(slot);
    if (day === undefined) {
      if (this.days.size > 10_000) this.days.clear();
      day = dayIn(slot, this.o.timeZone);
      this.days.set(slot, day);
    }
    return day;
  }
}

/** A bare message's counters: the steps and the dimensions they count under. */
export interface MessageCount {
  readonly steps: readonly CounterStep[];
  readonly event: Pick<ReportEvent, 'at' | 'channel' | 'language'>;
}

/** An event as stream fields (name, value, …); lists are kept comma-separated. */
function streamFields(event: ReportEvent): string[] {
  const fields: string[] = [];
  for (const [name, value] of Object.entries(event)) {
    if (value === undefined) continue;
    fields.push(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return fields;
}

const APPLY = new RedisScript(`${APPLY_LUA}\napply(1, 1, 1)`);

export { DAY_MS };
