/**
 * A support day in virtual time, driven through a `SimulatedQueue`, that records for every customer the
 * wait hamdel predicted at enqueue time, the wait a Dynamics-style static average predicted, and the
 * wait they really had. `bench/queue.ts` prints the comparison; the lead plugs the BullMQ queue in by
 * implementing `SimulatedQueue` over Redis with the same clock.
 *
 * The day (all of it from one seed, mulberry32): arrivals are a Poisson process whose rate follows a
 * morning ramp, a lunch peak and an evening tail (thinning); tickets are fa/ar/en, some need a skill,
 * some have priority; agents join and leave on staggered shifts with one break each, speak one to three
 * languages, hold 1-3 chats at once and work at their own pace; handle times are log-normal; an agent
 * picks a ticket up 5-40 s after a slot frees or a ticket arrives. No customer abandons. Customers come
 * angry (15%), asking for a person (55%) or after repeated failed answers (30%).
 *
 * `MemoryQueue` orders its line by a `LineRule`: the queue's fairness rule (`lineRank`), or the rule it
 * replaced (priority by reason, a ticket moving up one class per 10 minutes waited) for comparison.
 */
import type { Clock } from '../src/core/clock.ts';
import type { Language } from '../src/core/language.ts';
import type { AgentStatus } from '../src/agents/agent.ts';
import { canTake, compareTickets } from '../src/handoff/queue-position.ts';
import type { EscalationReason } from '../src/handoff/handoff-packet.ts';
import { lineRank, priorityFor } from '../src/handoff/priority.ts';
import type { AgentLoad, QueueSnapshot, WaitingTicket } from '../src/handoff/queue-snapshot.ts';
import { RunningAverageWait, type StaticEstimate } from '../src/handoff/static-estimate.ts';
import { estimateWait, type WaitEstimate } from '../src/handoff/wait-estimator.ts';
import { random as mulberry32 } from '../src/core/random.ts';

/** An agent as the simulation drives them. */
export type SimAgent = Omit<AgentLoad, 'status' | 'activeChats'>;

/** A ticket as the simulation hands it to the queue; the queue gives it its rank. */
export type SimTicket = Omit<WaitingTicket, 'rank'>;

/** How a `MemoryQueue` orders its line. */
export type LineRule =
  /** hamdel's rule: rank = arrival minus a head start by reason, at most `maxOvertakeMs` (priority.ts). */
  | { readonly kind: 'fair'; readonly maxOvertakeMs: number }
  /** The rule before it: by reason class, then arrival; one class up (to its front) per 10 minutes waited. */
  | { readonly kind: 'aging' };

const AGING_MS = 10 * 60_000;
const OLD_CLASS = 1e13;

/** A ticket's place key under `rule` at `now` (the old rule's key changes as the ticket waits). */
export function rankUnder(rule: LineRule, ticket: SimTicket, now: number): number {
  if (rule.kind === 'fair') return lineRank(ticket.priority, ticket.enqueuedAt, rule.maxOvertakeMs);
  const aged = Math.max(1, ticket.priority - Math.floor((now - ticket.enqueuedAt) / AGING_MS));
  // As the old queue scored it: a ticket moved up goes before every newcomer of its new class.
  return aged < ticket.priority
    ? aged * OLD_CLASS + ticket.enqueuedAt / 1e4
    : aged * OLD_CLASS + ticket.enqueuedAt;
}

/** The queue under test. Time comes from the clock the implementation was built with. */
export interface SimulatedQueue {
  enqueue(ticket: SimTicket): Promise<void>;
  /** The ticket the agent takes now (routing and capacity are the queue's job), if any. */
  takeNext(agent: SimAgent): Promise<string | undefined>;
  complete(ticketId: string): Promise<void>;
  /** Presence changes: online, away (keeps chats, takes none), offline. */
  setPresence(agent: SimAgent, status: AgentStatus): Promise<void>;
  snapshot(now: number): Promise<QueueSnapshot>;
}

/** The in-memory reference queue (same routing and order as the estimator's position). */
export class MemoryQueue implements SimulatedQueue {
  private readonly waiting = new Map<string, SimTicket>();
  private readonly inHand = new Map<string, { ticket: SimTicket; agentId: string; takenAt: number }>();
  private readonly agents = new Map<string, AgentLoad>();
  private readonly recent: QueueSnapshot['recent'][number][] = [];

  constructor(
    private readonly clock: Clock,
    private readonly keepRecent = 200,
    private readonly rule: LineRule = { kind: 'fair', maxOvertakeMs: 120_000 },
  ) {}

  async enqueue(ticket: SimTicket): Promise<void> {
    const { ticketId, language, skills, team, enqueuedAt, priority } = ticket;
    this.waiting.set(ticketId, { ticketId, language, skills, team, enqueuedAt, priority });
  }

  private line(now: number): WaitingTicket[] {
    return [...this.waiting.values()].map((t) => ({ ...t, rank: rankUnder(this.rule, t, now) }));
  }

  async takeNext(agent: SimAgent): Promise<string | undefined> {
    const load = this.agents.get(agent.agentId);
    if (load === undefined || load.status !== 'online' || load.activeChats >= load.capacity) return undefined;
    const next = this.line(this.clock.now())
      .filter((t) => canTake(load, t))
      .sort(compareTickets)[0];
    if (next === undefined) return undefined;
    this.waiting.delete(next.ticketId);
    this.inHand.set(next.ticketId, { ticket: next, agentId: agent.agentId, takenAt: this.clock.now() });
    this.agents.set(agent.agentId, { ...load, activeChats: load.activeChats + 1 });
    return next.ticketId;
  }

  async complete(ticketId: string): Promise<void> {
    const held = this.inHand.get(ticketId);
    if (held === undefined) throw new Error(`ticket ${ticketId} is not in hand`);
    this.inHand.delete(ticketId);
    const load = this.agents.get(held.agentId);
    if (load !== undefined) this.agents.set(held.agentId, { ...load, activeChats: load.activeChats - 1 });
    const { ticket, takenAt } = held;
    const [waitMs, handleMs, endedAt] = [
      takenAt - ticket.enqueuedAt,
      this.clock.now() - takenAt,
      this.clock.now(),
    ];
    this.recent.unshift({ language: ticket.language, team: ticket.team, waitMs, handleMs, endedAt });
    this.recent.length = Math.min(this.recent.length, this.keepRecent);
  }

  async setPresence(agent: SimAgent, status: AgentStatus): Promise<void> {
    const activeChats = this.agents.get(agent.agentId)?.activeChats ?? 0;
    this.agents.set(agent.agentId, { ...agent, status, activeChats });
  }

  async snapshot(now: number): Promise<QueueSnapshot> {
    return {
      now,
      waiting: this.line(now),
      agents: [...this.agents.values()].filter((a) => a.status !== 'offline'),
      recent: this.recent.filter((c) => now - c.endedAt <= 8 * 3_600_000),
    };
  }
}

/** What happened to one customer. */
export interface CustomerRecord {
  readonly ticketId: string;
  readonly language: Language;
  readonly skills: readonly string[];
  readonly team: string;
  readonly reason: EscalationReason;
  readonly enqueuedAt: number;
  readonly estimate: WaitEstimate;
  readonly staticEstimate: StaticEstimate;
  /** Undefined when no agent took the ticket before the day ended. */
  realWaitMs: number | undefined;
  /** Who took it (undefined with `realWaitMs`). */
  takenBy: SimAgent | undefined;
}

export interface SimOptions {
  readonly seed: number;
  /** Multiplies the arrival rate. Default 1. */
  readonly load?: number;
  /** Agents on the roster. Default 16. */
  readonly agents?: number;
  /** Builds the queue under test from the simulation's clock. Default: `MemoryQueue`. */
  readonly queue?: (clock: Clock) => SimulatedQueue;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 08:00 in Dubai on a Monday; the day's arrivals run until 20:00. */
export const DAY_START = Date.UTC(2026, 10, 23, 4, 0);
const DAY_HOURS = 12;
const TEAM = 'support';

/** Arrivals per minute at `hour` hours after opening: morning ramp, lunch peak, evening tail. */
export function arrivalRate(hour: number): number {
  const ramp = Math.min(1, hour / 2) * 1.5;
  const lunch = 1.1 * Math.exp(-((hour - 4.75) ** 2) / (2 * 0.7 ** 2));
  const evening = hour > 8 ? -0.12 * (hour - 8) : 0;
  return Math.max(0.2, 0.3 + ramp + lunch + evening);
}

/** Languages agents speak, and how many agents speak them. */
const PROFILES = ['fa', 'fa+en', 'ar', 'ar+en', 'en', 'fa+ar+en'].map((p) => p.split('+') as Language[]);
const PROFILE_WEIGHTS = [0.25, 0.2, 0.15, 0.15, 0.12, 0.13];
const MEDIAN_HANDLE_MIN: Readonly<Record<Language, number>> = { fa: 7, ar: 6, en: 5 };

type Event =
  | { at: number; type: 'arrival' }
  | { at: number; type: 'poll'; agent: SimAgent }
  | { at: number; type: 'done'; record: CustomerRecord }
  | { at: number; type: 'presence'; agent: SimAgent; status: AgentStatus };

/** Runs one day and returns every customer's record. */
export async function simulateDay(options: SimOptions): Promise<CustomerRecord[]> {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    let r = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i += 1) if ((r -= weights[i] ?? 0) <= 0) return items[i] as T;
    return items[items.length - 1] as T;
  };
  const normalOf = (r: () => number) => (): number =>
    Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const normal = normalOf(random);
  // What the queue's decisions could change draws from streams of their own, so that the same seed gives the
  // same customers, with the same handle times, under every line rule (bench:queue compares two rules).
  const pollRandom = mulberry32(options.seed + 0x5f3759df);
  const handleNormal = normalOf(mulberry32(options.seed + 0x2545f491));
  const handleNoise = new Map<string, number>();

  let now = DAY_START;
  const clock: Clock = { now: () => now };
  const queue = options.queue?.(clock) ?? new MemoryQueue(clock);
  const events: Event[] = [];
  const schedule = (event: Event): number => events.push(event);

  const roster: SimAgent[] = [];
  const pace = new Map<string, number>();
  const status = new Map<string, AgentStatus>();
  for (let i = 0; i < (options.agents ?? 16); i += 1) {
    const agent: SimAgent = {
      agentId: `agent-${i}`,
      languages: i < 2 ? ['fa', 'ar', 'en'] : pick(PROFILES, PROFILE_WEIGHTS),
      skills: i < 2 ? ['billing', 'tech'] : ['billing', 'tech'].filter(() => random() < 0.4),
      team: TEAM,
      capacity: 1 + Math.floor(random() * 3),
    };
    roster.push(agent);
    pace.set(agent.agentId, Math.exp(0.2 * normal()));
    const start = i === 0 ? 0 : i === 1 ? 5.5 : (i % 2) * 3 + random() * 3;
    const end = i === 1 ? DAY_HOURS + 0.5 : Math.min(DAY_HOURS + 0.5, start + 6.5 + random() * 2);
    const pause = start + (end - start) * (0.4 + random() * 0.2);
    const back = pause * HOUR + (15 + random() * 15) * MIN;
    schedule({ at: DAY_START + start * HOUR, type: 'presence', agent, status: 'online' });
    schedule({ at: DAY_START + pause * HOUR, type: 'presence', agent, status: 'away' });
    schedule({ at: DAY_START + back, type: 'presence', agent, status: 'online' });
    schedule({ at: DAY_START + end * HOUR, type: 'presence', agent, status: 'offline' });
  }

  const load = options.load ?? 1;
  const maxRate = 3.2 * load;
  const scheduleArrival = (from: number): void => {
    for (let t = from; ;) {
      t += (-Math.log(1 - random()) / maxRate) * MIN;
      if (t >= DAY_START + DAY_HOURS * HOUR) return;
      if (random() * maxRate <= arrivalRate((t - DAY_START) / HOUR) * load)
        return void schedule({ at: t, type: 'arrival' });
    }
  };
  scheduleArrival(now);

  const records = new Map<string, CustomerRecord>();
  const staticAverage = new RunningAverageWait();
  const pollPending = new Set<string>();
  const pollAll = (): void => {
    for (const agent of roster) {
      if (status.get(agent.agentId) !== 'online' || pollPending.has(agent.agentId)) continue;
      pollPending.add(agent.agentId);
      schedule({ at: now + (5 + pollRandom() * 35) * 1000, type: 'poll', agent });
    }
  };

  while (events.length > 0) {
    events.sort((a, b) => a.at - b.at); // stable: simultaneous events keep their order
    const event = events.shift() as Event;
    now = event.at;
    if (event.type === 'arrival') {
      const ticketId = `t-${records.size + 1}`;
      const language = pick(['fa', 'ar', 'en'] as const, [0.45, 0.3, 0.25]);
      const skills = pick([['billing'], ['tech'], []], [0.2, 0.1, 0.7]);
      handleNoise.set(ticketId, Math.exp(0.5 * handleNormal()));
      const draw = random();
      const reason: EscalationReason =
        draw < 0.15 ? 'anger' : draw < 0.7 ? 'customer-asked' : 'repeated-failure';
      const priority = priorityFor([reason]);
      await queue.enqueue({ ticketId, language, skills, team: TEAM, enqueuedAt: now, priority });
      const estimate = estimateWait(await queue.snapshot(now), ticketId);
      const fixed = { staticEstimate: staticAverage.estimate(), realWaitMs: undefined, takenBy: undefined };
      const base = { ticketId, language, skills, team: TEAM, reason, enqueuedAt: now };
      records.set(ticketId, { ...base, estimate, ...fixed });
      scheduleArrival(now);
    } else if (event.type === 'poll') {
      pollPending.delete(event.agent.agentId);
      const ticketId = await queue.takeNext(event.agent);
      const record = ticketId === undefined ? undefined : records.get(ticketId);
      if (record === undefined) continue;
      record.realWaitMs = now - record.enqueuedAt;
      record.takenBy = event.agent;
      const handle =
        MEDIAN_HANDLE_MIN[record.language] *
        (pace.get(event.agent.agentId) ?? 1) *
        (handleNoise.get(record.ticketId) ?? 1);
      schedule({ at: now + handle * MIN, type: 'done', record });
    } else if (event.type === 'done') {
      await queue.complete(event.record.ticketId);
      staticAverage.add({ waitMs: event.record.realWaitMs ?? 0 });
    } else {
      status.set(event.agent.agentId, event.status);
      await queue.setPresence(event.agent, event.status);
    }
    pollAll();
  }
  return [...records.values()];
}
