import { bucketOf } from './duration-histogram.ts';
import type { Dimension } from './report-keys.ts';
import type { ReportEvent } from './report-event.ts';

/** A counter to add to: its metric name and amount. */
export interface CounterStep {
  readonly metric: string;
  readonly amount: number;
}

/** The durations reports keep histograms of (ReportReader reads them in this order). */
export const DURATIONS = ['wait', 'firstResponse', 'handle', 'resolution'] as const;
export type DurationName = (typeof DURATIONS)[number];

function duration(name: DurationName, ms: number): CounterStep[] {
  const value = Math.max(0, Math.round(ms));
  return [
    { metric: `h.${name}.${bucketOf(value)}`, amount: 1 },
    { metric: `sum.${name}`, amount: value },
    { metric: `n.${name}`, amount: 1 },
  ];
}

/** A customer message (any turn), counted without an event of its own. */
export function messageCounters(angry: boolean): CounterStep[] {
  return [{ metric: 'messages', amount: 1 }, ...(angry ? [{ metric: 'messagesAngry', amount: 1 }] : [])];
}

/** The SLA target for a wait in a team's line (ms). */
export type SlaTarget = (team: string | undefined) => number;

/** Whether an event is a wait in line longer than its team's SLA target (a take, or leaving the line). */
export function isSlaBreach(event: ReportEvent, slaTarget: SlaTarget): boolean {
  if (event.type !== 'taken' && event.type !== 'left-line') return false;
  return (event.durationMs ?? 0) > slaTarget(event.team);
}

/** The counters an event adds to (in every dimension it has a value for). */
export function countersOf(event: ReportEvent, slaTarget: SlaTarget): CounterStep[] {
  const one = (metric: string): CounterStep => ({ metric, amount: 1 });
  switch (event.type) {
    case 'conversation-started':
      return [one('conversations')];
    case 'bot-answered':
      return [one('questions'), one('answered')];
    case 'clarified':
      return [one('questions'), one('clarified')];
    case 'not-answered':
      return [one('questions'), one('unanswered')];
    case 'choices-rejected':
      return [one('rejected')];
    case 'person-requested':
      return [one('personRequested')];
    case 'escalated':
      return [
        one('escalations'),
        ...(event.anger === 'angry' ? [one('escalationsAngry')] : []),
        ...[...new Set(event.reasons ?? [])].map((reason) => one(`reason.${reason}`)),
      ];
    case 'taken': {
      const breach = isSlaBreach(event, slaTarget);
      return [
        one('taken'),
        ...duration('wait', event.durationMs ?? 0),
        ...(breach ? [one('slaBreaches')] : []),
      ];
    }
    case 'left-line':
      return [one('leftLine'), ...(isSlaBreach(event, slaTarget) ? [one('slaBreaches')] : [])];
    case 'first-reply':
      return duration('firstResponse', event.durationMs ?? 0);
    case 'transferred':
      return [one('transfers')];
    case 'released':
      return [one('releases')];
    case 'resolved':
      return [
        one('resolved'),
        ...duration('handle', event.durationMs ?? 0),
        ...(event.resolutionMs !== undefined ? duration('resolution', event.resolutionMs) : []),
      ];
    case 'rated': {
      const rating = event.rating ?? 0;
      return [
        one('ratings'),
        { metric: 'ratingSum', amount: rating },
        ...(rating >= 4 ? [one('ratingsGood')] : []),
        ...(event.comment ? [one('comments')] : []),
      ];
    }
    case 'conversation-ended':
      return [
        one('ended'),
        one(`ended.${event.outcome ?? 'no-question'}`),
        ...(event.angry ? [one('endedAngry')] : []),
      ];
  }
}

/** The value of each dimension an event is counted under (`*` for all; a missing one is skipped). */
export function dimensionValues(event: Pick<ReportEvent, 'channel' | 'language' | 'team' | 'agentId'>) {
  const values: [Dimension, string][] = [['all', '*']];
  if (event.channel) values.push(['channel', event.channel]);
  if (event.language) values.push(['language', event.language]);
  if (event.team) values.push(['team', event.team]);
  if (event.agentId) values.push(['agent', event.agentId]);
  return values;
}

/** When an event counts: a conversation's end counts on the day it began (so volume and outcome line up). */
export function countedAt(event: ReportEvent): number {
  return event.type === 'conversation-ended' ? (event.startedAt ?? event.at) : event.at;
}
