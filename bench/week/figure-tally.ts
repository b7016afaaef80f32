/**
 * The sums of one group of a report while the simulation counts it, and the figures they make, shaped as
 * the summary API shows them (docs/reports.md): shares are null without a whole, an average null without
 * ratings, durations summed up by duration-summary.ts.
 */
import { summarize, type DurationSummary } from './duration-summary.ts';

/** The figures of one group, shaped as the summary API shows them (without `key` and `label`). */
export interface Figures {
  readonly volume: Record<
    | 'conversations'
    | 'messages'
    | 'questions'
    | 'answered'
    | 'clarified'
    | 'unanswered'
    | 'rejected'
    | 'personRequested'
    | 'escalations'
    | 'taken'
    | 'transfers'
    | 'releases'
    | 'resolved'
    | 'leftLine',
    number
  >;
  readonly deflection: {
    readonly ended: number;
    readonly botResolved: number;
    readonly escalated: number;
    readonly unanswered: number;
    readonly noQuestion: number;
    readonly rate: number | null;
  };
  readonly firstResponse: DurationSummary;
  readonly resolution: DurationSummary;
  readonly wait: DurationSummary;
  readonly handle: DurationSummary;
  readonly csat: {
    readonly ratings: number;
    readonly average: number | null;
    readonly satisfiedShare: number | null;
    readonly comments: number;
  };
  readonly escalationsByReason: Readonly<Record<string, number>>;
  readonly anger: {
    readonly angryConversations: number;
    readonly rate: number | null;
    readonly angryMessages: number;
    readonly angryEscalations: number;
  };
  readonly sla: { readonly breaches: number; readonly targetMs: number };
}

type Volume = Figures['volume'];
export type Outcome = 'bot-resolved' | 'escalated' | 'unanswered' | 'no-question';
export type DurationName = 'wait' | 'firstResponse' | 'handle' | 'resolution';

/** Sums of one group while it is being counted. */
export class Tally {
  readonly volume: { -readonly [K in keyof Volume]: number } = {
    conversations: 0,
    messages: 0,
    questions: 0,
    answered: 0,
    clarified: 0,
    unanswered: 0,
    rejected: 0,
    personRequested: 0,
    escalations: 0,
    taken: 0,
    transfers: 0,
    releases: 0,
    resolved: 0,
    leftLine: 0,
  };
  readonly outcomes: Record<Outcome, number> = {
    'bot-resolved': 0,
    escalated: 0,
    unanswered: 0,
    'no-question': 0,
  };
  readonly durations: Record<DurationName, number[]> = {
    wait: [],
    firstResponse: [],
    handle: [],
    resolution: [],
  };
  readonly ratings: number[] = [];
  comments = 0;
  readonly reasons: Record<string, number> = {};
  angryConversations = 0;
  angryMessages = 0;
  angryEscalations = 0;
  slaBreaches = 0;

  figures(slaTargetMs: number): Figures {
    const ended = Object.values(this.outcomes).reduce((a, b) => a + b, 0);
    const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
    const ratingSum = this.ratings.reduce((a, b) => a + b, 0);
    return {
      volume: { ...this.volume },
      deflection: {
        ended,
        botResolved: this.outcomes['bot-resolved'],
        escalated: this.outcomes.escalated,
        unanswered: this.outcomes.unanswered,
        noQuestion: this.outcomes['no-question'],
        rate: share(this.outcomes['bot-resolved'], ended - this.outcomes['no-question']),
      },
      firstResponse: summarize(this.durations.firstResponse),
      resolution: summarize(this.durations.resolution),
      wait: summarize(this.durations.wait),
      handle: summarize(this.durations.handle),
      csat: {
        ratings: this.ratings.length,
        average: this.ratings.length > 0 ? ratingSum / this.ratings.length : null,
        satisfiedShare: share(this.ratings.filter((r) => r >= 4).length, this.ratings.length),
        comments: this.comments,
      },
      escalationsByReason: { ...this.reasons },
      anger: {
        angryConversations: this.angryConversations,
        rate: share(this.angryConversations, ended),
        angryMessages: this.angryMessages,
        angryEscalations: this.angryEscalations,
      },
      sla: { breaches: this.slaBreaches, targetMs: slaTargetMs },
    };
  }
}
