import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { systemClock, type Clock } from '../core/clock.ts';
import { LANGUAGES, type Language } from '../core/language.ts';
import type { AnswerDecision, DialogObserver } from '../dialogs/dialog-observer.ts';
import type { EscalationReason } from '../handoff/handoff-packet.ts';
import type { HandoffObserver } from '../handoff/handoff-observer.ts';
import type { AngerLevel } from '../sentiment/detector.ts';
import { LiveGauges, type LiveSources } from './live-gauges.ts';

/** How a turn ended. */
export type TurnOutcome = 'ok' | 'failed';

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event-loop lag, GC, handles) under their usual names (default true). */
  readonly processMetrics?: boolean;
  /** Time of the figures that are ages (oldest wait); the handoff queue's clock. */
  readonly clock?: Clock;
  /** How long a scrape waits for a figure read from Redis before leaving it out (default 2000 ms). */
  readonly readTimeoutMs?: number;
}

/** Something that emits `error` events (an ioredis connection). */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const DECISIONS: readonly AnswerDecision[] = ['answer', 'clarify', 'abstain'];
const LEVELS: readonly AngerLevel[] = ['calm', 'annoyed', 'angry'];
const REASONS: readonly EscalationReason[] = ['customer-asked', 'anger', 'repeated-failure', 'needs-person'];
const OUTCOMES: readonly TurnOutcome[] = ['ok', 'failed'];

/**
 * hamdel's Prometheus metrics, in a registry of their own (never prom-client's global one, so several
 * instances and tests do not clash). It is the dialog engine's and the handoff service's observer; the turn
 * queue reports whole turns with `observeTurn`; figures kept elsewhere (the line, agents, sockets) are read
 * when Prometheus scrapes. docs/metrics.md lists every metric.
 */
export class Metrics implements DialogObserver, HandoffObserver {
  readonly registry = new Registry();
  private readonly turns: Counter<'outcome'>;
  private readonly turnSeconds: Histogram<'outcome'>;
  private readonly stepSeconds: Histogram<'step'>;
  private readonly decisions: Counter<'decision' | 'language'>;
  private readonly moods: Counter<'level' | 'language'>;
  private readonly escalations: Counter<'reason'>;
  private readonly redisErrors: Counter<'connection'>;
  private readonly live: LiveGauges;
  /** Each step's histogram child, so that a turn's ten observations skip prom-client's label hashing. */
  private readonly stepChildren = new Map<string, { observe(seconds: number): void }>();

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.turns = new Counter({
      name: 'hamdel_turns_total',
      help: 'Customer messages handled (turns), by outcome (ok, failed).',
      labelNames: ['outcome'],
      registers,
    });
    this.turnSeconds = new Histogram({
      name: 'hamdel_turn_duration_seconds',
      help: 'Time to handle one turn: store the message, run the dialog steps, store and send the replies.',
      labelNames: ['outcome'],
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.stepSeconds = new Histogram({
      name: 'hamdel_dialog_step_duration_seconds',
      help: "Time of one dialog step's own work in a turn (not counting the steps after it), by step.",
      labelNames: ['step'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.decisions = new Counter({
      name: 'hamdel_decisions_total',
      help: 'What the bot did with a typed question: answer, clarify (offer articles) or abstain, by language.',
      labelNames: ['decision', 'language'],
      registers,
    });
    this.moods = new Counter({
      name: 'hamdel_anger_levels_total',
      help: "Customer messages by the anger detector's level (calm, annoyed, angry) and language.",
      labelNames: ['level', 'language'],
      registers,
    });
    this.escalations = new Counter({
      name: 'hamdel_escalations_total',
      help: 'Conversations put in line for a person, by reason (one escalation may have several).',
      labelNames: ['reason'],
      registers,
    });
    this.redisErrors = new Counter({
      name: 'hamdel_redis_errors_total',
      help: 'Error events of the Redis connections (failed connects, lost connections), by connection.',
      labelNames: ['connection'],
      registers,
    });
    for (const outcome of OUTCOMES) {
      this.turns.inc({ outcome }, 0);
      this.turnSeconds.zero({ outcome });
    }
    for (const language of LANGUAGES) {
      for (const decision of DECISIONS) this.decisions.inc({ decision, language }, 0);
      for (const level of LEVELS) this.moods.inc({ level, language }, 0);
    }
    for (const reason of REASONS) this.escalations.inc({ reason }, 0);
    this.live = new LiveGauges(this.registry, options.clock ?? systemClock, options.readTimeoutMs ?? 2000);
  }

  /** Where the scrape-time gauges read from; call once the parts exist. */
  watch(sources: LiveSources): void {
    Object.assign(this.live.sources, sources);
  }

  /** Counts the connection's `error` events (and, as any listener does, keeps ioredis from printing them). */
  watchRedis(connection: ErrorEmitter, name: string): void {
    this.redisErrors.inc({ connection: name }, 0);
    connection.on('error', () => this.redisErrors.inc({ connection: name }));
  }

  /** One whole turn took `seconds`. */
  observeTurn(seconds: number, outcome: TurnOutcome): void {
    this.turns.inc({ outcome });
    this.turnSeconds.observe({ outcome }, seconds);
  }

  /** Wraps a turn handler so that each call is reported with `observeTurn` (a throw counts as failed). */
  timeTurns<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      const started = performance.now();
      let outcome: TurnOutcome = 'failed';
      try {
        const result = await handler(...args);
        outcome = 'ok';
        return result;
      } finally {
        this.observeTurn((performance.now() - started) / 1000, outcome);
      }
    };
  }

  stepDone(name: string, seconds: number): void {
    let child = this.stepChildren.get(name);
    if (child === undefined) {
      child = this.stepSeconds.labels({ step: name });
      this.stepChildren.set(name, child);
    }
    child.observe(seconds);
  }

  decided(decision: AnswerDecision, language: Language): void {
    this.decisions.inc({ decision, language });
  }

  moodRead(level: AngerLevel, language: Language): void {
    this.moods.inc({ level, language });
  }

  escalated(reasons: readonly EscalationReason[]): void {
    for (const reason of new Set(reasons)) this.escalations.inc({ reason });
  }

  /** The Content-Type of `text()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus' text format (scrape-time figures are read now). */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
