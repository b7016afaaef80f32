import type { Language } from '../core/language.ts';
import { queuePosition, replayLine, type LineReplay, type QueuePosition } from './queue-position.ts';
import type { CompletedTicket, QueueSnapshot } from './queue-snapshot.ts';

/**
 * How long a waiting customer will wait for an agent, from the live queue.
 *
 * Method: a replay of the live queue forward in time, which predicted best in `npm run bench:queue`
 * (10 simulated days; median absolute error for customers who waited 5 minutes or more: 4.5 minutes).
 * `replayLine` (queue-position.ts) plays the line forward from the snapshot, with the queue's own order
 * and routing, until agents have taken every ticket; the time a ticket is taken is its expected wait. No arrivals,
 * no agents joining or leaving: the figure is what the line looks like now, refreshed as it moves.
 *
 * Why a replay and not the pooled formula `(ahead + 1 − free slots) × handle time / concurrent slots`:
 * under language and skill routing the pools overlap (an fa+en agent serves both lines), and the pooled
 * formula counts a long Persian backlog against an English customer whose English-only agents are
 * free. In the bench the pooled formula's median error was about twice the replay's (26 minutes
 * against 0.5 on a day when Persian was short-staffed). Erlang C (the mean wait of a random arrival,
 * from the pool's arrival rate) ignores where the customer stands: 2-8 times the replay's error for
 * customers who waited 5 minutes or more.
 *
 * The handle time is a recency-weighted mean (weights halve every `halfLifeMs`) of the team's recent
 * completions in the ticket's language, falling back to the team's completions in every language below
 * `minSamples`. Without enough data the estimate is 'unknown', except when a free slot takes the
 * ticket at once: that needs no handle time and is 'few-minutes'. Nothing is subtracted for the time
 * already waited: the position already reflects it.
 *
 * The range: the wait is a sum of `n` roughly independent chat ends (n = chat ends the replay needed),
 * so its relative spread shrinks like 1/√n; it widens with the spread of the handle times, and it is
 * symmetric in ratio (see `waitRange`). Both ends are rounded up to whole minutes; under one minute the
 * estimate is 'few-minutes' (no figure).
 */

/** Settings of the estimator; every field is optional. */
export interface WaitEstimatorOptions {
  /** Fewer recent completions than this (for the team) and the estimate is 'unknown'. Default 5. */
  readonly minSamples?: number;
  /** Weight of a completion halves every this many ms since it ended. Default 30 minutes. */
  readonly halfLifeMs?: number;
  /** Completions older than this are ignored. Default 8 hours. */
  readonly maxAgeMs?: number;
  /** Expected waits under this are 'few-minutes'. Default 60 000 (one minute). */
  readonly fewMinutesMs?: number;
  /** Use the team's completions in every language when a language has too few. Default true. */
  readonly fallbackToTeam?: boolean;
}

const DEFAULTS: Required<WaitEstimatorOptions> = {
  minSamples: 5,
  halfLifeMs: 30 * 60_000,
  maxAgeMs: 8 * 60 * 60_000,
  fewMinutesMs: 60_000,
  fallbackToTeam: true,
};

/** Why there is no figure. */
export type UnknownWaitReason =
  | 'not-waiting' // the ticket is not in the snapshot's waiting list
  | 'no-agent-online' // nobody online could take it
  | 'not-enough-data'; // too few recent completions to know a handle time

/** What the estimate was computed from, besides the position (for the agent console and for tests). */
export interface WaitInputs {
  /** Chats that had to end, in the replay, before an agent took this ticket. */
  readonly chatEndsNeeded: number;
  /** Tickets the replay gave to agents before this one. */
  readonly servedFirst: number;
  /**
   * Of those, the tickets taken by agents who could take this one: the people really ahead of this
   * customer (smaller than `ahead` when other agents drain part of the line).
   */
  readonly servedFirstByEligible: number;
  /** Recency-weighted mean handle time of the ticket's language, when there was enough data. */
  readonly handleTimeMs: number | undefined;
  /** Recency-weighted standard deviation of those handle times. */
  readonly handleTimeSpreadMs: number | undefined;
  readonly samples: number;
  readonly sampleScope: 'team-language' | 'team' | 'none';
  /** The point estimate, when there is one. */
  readonly expectedMs: number | undefined;
}

interface EstimateBase {
  readonly position: QueuePosition | undefined;
  readonly inputs: WaitInputs;
}

/** What a customer can be told about their wait. */
export type WaitEstimate =
  | (EstimateBase & { readonly kind: 'minutes'; readonly low: number; readonly high: number })
  | (EstimateBase & { readonly kind: 'few-minutes' })
  | (EstimateBase & { readonly kind: 'unknown'; readonly reason: UnknownWaitReason });

/** Recency-weighted handle-time statistics. */
export interface HandleStats {
  readonly meanMs: number;
  readonly spreadMs: number;
  readonly samples: number;
  readonly scope: 'team-language' | 'team';
}

function weighted(
  completions: readonly CompletedTicket[],
  now: number,
  settings: Required<WaitEstimatorOptions>,
  scope: HandleStats['scope'],
): HandleStats | undefined {
  const used = completions.filter((c) => now - c.endedAt <= settings.maxAgeMs);
  if (used.length === 0 || used.length < settings.minSamples) return undefined;
  let weights = 0;
  let sum = 0;
  let squares = 0;
  for (const c of used) {
    const weight = Math.pow(0.5, Math.max(0, now - c.endedAt) / settings.halfLifeMs);
    weights += weight;
    sum += weight * c.handleMs;
    squares += weight * c.handleMs * c.handleMs;
  }
  const meanMs = sum / weights;
  return {
    meanMs,
    spreadMs: Math.sqrt(Math.max(0, squares / weights - meanMs ** 2)),
    samples: used.length,
    scope,
  };
}

/** The handle time of `team` in `language` from recent completions, or undefined without enough data. */
export function handleTimeStats(
  recent: readonly CompletedTicket[],
  team: string,
  language: Language | undefined,
  now: number,
  options: WaitEstimatorOptions = {},
): HandleStats | undefined {
  const settings = { ...DEFAULTS, ...options };
  const ofTeam = recent.filter((c) => c.team === team);
  const own = language === undefined ? undefined : ofTeam.filter((c) => c.language === language);
  const stats = own === undefined ? undefined : weighted(own, now, settings, 'team-language');
  if (stats !== undefined || (own !== undefined && !settings.fallbackToTeam)) return stats;
  return weighted(ofTeam, now, settings, 'team');
}

const MINUTE = 60_000;

/** The wait of `ticketId` from the live queue `snapshot`. */
export function estimateWait(
  snapshot: QueueSnapshot,
  ticketId: string,
  options: WaitEstimatorOptions = {},
): WaitEstimate {
  return new LineEstimator(snapshot, options).estimate(ticketId);
}

/**
 * The waits of every waiting ticket at once (one replay for the whole line), for the agent console and
 * for refreshing every customer's figure as the line moves.
 */
export function estimateWaits(
  snapshot: QueueSnapshot,
  options: WaitEstimatorOptions = {},
): ReadonlyMap<string, WaitEstimate> {
  const estimator = new LineEstimator(snapshot, options);
  return new Map(snapshot.waiting.map((t) => [t.ticketId, estimator.estimate(t.ticketId)]));
}

/** One snapshot's handle times and replay, shared by the estimates of all its tickets. */
class LineEstimator {
  private readonly settings: Required<WaitEstimatorOptions>;
  private readonly stats = new Map<string, HandleStats | undefined>();
  private readonly replay: ReadonlyMap<string, LineReplay>;

  constructor(
    private readonly snapshot: QueueSnapshot,
    options: WaitEstimatorOptions,
  ) {
    this.settings = { ...DEFAULTS, ...options };
    const teamMs = (team: string): number => this.statsOf(undefined, team)?.meanMs ?? MINUTE;
    this.replay = replayLine(
      snapshot,
      (language, team) => this.statsOf(language, team)?.meanMs ?? teamMs(team),
    );
  }

  private statsOf(language: Language | undefined, team: string): HandleStats | undefined {
    const key = `${team}\u0000${language ?? ''}`;
    if (!this.stats.has(key)) {
      const { recent, now } = this.snapshot;
      this.stats.set(key, handleTimeStats(recent, team, language, now, this.settings));
    }
    return this.stats.get(key);
  }

  estimate(ticketId: string): WaitEstimate {
    const position = queuePosition(this.snapshot, ticketId);
    const ticket = this.snapshot.waiting.find((t) => t.ticketId === ticketId);
    const base: WaitInputs = {
      chatEndsNeeded: 0,
      servedFirst: 0,
      servedFirstByEligible: 0,
      handleTimeMs: undefined,
      handleTimeSpreadMs: undefined,
      samples: 0,
      sampleScope: 'none',
      expectedMs: undefined,
    };
    if (position === undefined || ticket === undefined) {
      return { kind: 'unknown', reason: 'not-waiting', position, inputs: base };
    }
    const run = this.replay.get(ticketId);
    if (position.concurrentSlots === 0 || run === undefined) {
      return { kind: 'unknown', reason: 'no-agent-online', position, inputs: base };
    }
    const { chatEnds: chatEndsNeeded, servedFirst, servedFirstByEligible, takenAfterMs } = run;
    const inputs: WaitInputs = { ...base, chatEndsNeeded, servedFirst, servedFirstByEligible };
    if (takenAfterMs === 0) return { kind: 'few-minutes', position, inputs: { ...inputs, expectedMs: 0 } };

    const own = this.statsOf(ticket.language, ticket.team);
    if (own === undefined) return { kind: 'unknown', reason: 'not-enough-data', position, inputs };
    const measured: WaitInputs = {
      ...inputs,
      handleTimeMs: own.meanMs,
      handleTimeSpreadMs: own.spreadMs,
      samples: own.samples,
      sampleScope: own.scope,
      expectedMs: takenAfterMs,
    };
    if (takenAfterMs < this.settings.fewMinutesMs) return { kind: 'few-minutes', position, inputs: measured };
    const [low, high] = waitRange(takenAfterMs, chatEndsNeeded, own);
    return { kind: 'minutes', low, high, position, inputs: measured };
  }
}

/**
 * The range told to the customer, in whole minutes rounded up: from expected / f to expected × f, with
 * f = e^s and s = (0.8 + 0.6 × handle-time CV) / √n, between 0.25 and 0.7 (a factor of 1.3 to 2). The
 * bench's real/expected ratios are spread evenly in log scale, hence a range symmetric in ratio; it
 * holds about 60% of the real waits of customers who waited 5 minutes or more, 85% of all.
 */
function waitRange(expectedMs: number, chatEnds: number, stats: HandleStats): [number, number] {
  const variation = stats.meanMs > 0 ? stats.spreadMs / stats.meanMs : 0;
  const spread = Math.min(0.7, Math.max(0.25, (0.8 + 0.6 * variation) / Math.sqrt(Math.max(1, chatEnds))));
  const low = Math.max(1, Math.ceil(expectedMs / Math.exp(spread) / MINUTE));
  const high = Math.max(low, Math.ceil((expectedMs * Math.exp(spread)) / MINUTE));
  return [low, high];
}
