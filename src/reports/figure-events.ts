import type { ReportEventType } from './report-event.ts';

/** A raw event as its day's stream keeps it (every value a string). */
export type StoredFields = Readonly<Record<string, string | undefined>>;

/** What the rows of a list behind a figure show as their value. */
export type ValueUnit = 'seconds' | 'rating' | 'reasons' | 'outcome' | 'question' | 'agent' | 'none';

/** How to find the events behind one figure: their types, which of them count, and what each row shows. */
export interface FigureEvents {
  readonly types: readonly ReportEventType[];
  readonly counts?: (event: StoredFields) => boolean;
  readonly unit: ValueUnit;
}

const seconds = { unit: 'seconds' } as const;
const plain = { unit: 'none' } as const;
const ended = (outcome: string): FigureEvents => ({
  types: ['conversation-ended'],
  counts: (e) => (e.outcome ?? 'no-question') === outcome,
  unit: 'outcome',
});

/**
 * Every figure of the summary that counts events, by its path in the summary's JSON (`volume.escalations`,
 * `escalationsByReason.<reason>`, `wait.count`...): the list behind it holds exactly the events that made
 * its count (report-counters.ts counts the same events under the same conditions). `volume.messages` and
 * `anger.angryMessages` count every customer message without an event of its own, so they have no list.
 */
const FIGURES: Readonly<Record<string, FigureEvents>> = {
  'volume.conversations': { types: ['conversation-started'], ...plain },
  'volume.questions': { types: ['bot-answered', 'clarified', 'not-answered'], unit: 'question' },
  'volume.answered': { types: ['bot-answered'], ...plain },
  'volume.clarified': { types: ['clarified'], ...plain },
  'volume.unanswered': { types: ['not-answered'], unit: 'question' },
  'volume.rejected': { types: ['choices-rejected'], ...plain },
  'volume.personRequested': { types: ['person-requested'], ...plain },
  'volume.escalations': { types: ['escalated'], unit: 'reasons' },
  'volume.taken': { types: ['taken'], ...seconds },
  'volume.transfers': { types: ['transferred'], unit: 'agent' },
  'volume.releases': { types: ['released'], ...plain },
  'volume.resolved': { types: ['resolved'], ...seconds },
  'volume.leftLine': { types: ['left-line'], ...seconds },
  'deflection.ended': { types: ['conversation-ended'], unit: 'outcome' },
  'deflection.botResolved': ended('bot-resolved'),
  'deflection.escalated': ended('escalated'),
  'deflection.unanswered': ended('unanswered'),
  'deflection.noQuestion': ended('no-question'),
  'wait.count': { types: ['taken'], ...seconds },
  'firstResponse.count': { types: ['first-reply'], ...seconds },
  'handle.count': { types: ['resolved'], ...seconds },
  'resolution.count': { types: ['resolved'], counts: (e) => e.resolutionMs !== undefined, ...seconds },
  'csat.ratings': { types: ['rated'], unit: 'rating' },
  'csat.comments': { types: ['rated'], counts: (e) => Boolean(e.comment), unit: 'rating' },
  'anger.angryConversations': {
    types: ['conversation-ended'],
    counts: (e) => e.angry === 'true',
    unit: 'outcome',
  },
  'anger.angryEscalations': { types: ['escalated'], counts: (e) => e.anger === 'angry', unit: 'reasons' },
  'sla.breaches': { types: ['taken', 'left-line'], counts: (e) => e.slaBreach === '1', ...seconds },
};

/** The figures that a list can be asked for (escalationsByReason.<reason> besides these). */
export const LISTED_FIGURES: readonly string[] = [...Object.keys(FIGURES), 'escalationsByReason.<reason>'];

/** The events behind a figure's path, or undefined when it has no list. */
export function figureEvents(metric: string): FigureEvents | undefined {
  const known = FIGURES[metric];
  if (known) return known;
  const reason = /^escalationsByReason\.([a-z0-9-]{1,40})$/.exec(metric)?.[1];
  if (reason === undefined) return undefined;
  return {
    types: ['escalated'],
    counts: (e) => (e.reasons ?? '').split(',').includes(reason),
    unit: 'reasons',
  };
}

/** The figure at a path of one group of the summary (0 when absent, e.g. a reason nobody had). */
export function figureAt(figures: object, metric: string): number {
  let value: unknown = figures;
  for (const part of metric.split('.')) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return typeof value === 'number' ? value : 0;
}

/** What a row shows of its event: seconds of a duration, the rating, the reasons, the outcome... */
export function valueOf(event: StoredFields, unit: ValueUnit, metric: string): string | number | undefined {
  switch (unit) {
    case 'seconds': {
      const ms = metric === 'resolution.count' ? event.resolutionMs : event.durationMs;
      return ms === undefined ? undefined : Math.round(Number(ms) / 100) / 10;
    }
    case 'rating':
      return event.rating === undefined ? undefined : Number(event.rating);
    case 'reasons':
      return event.reasons;
    case 'outcome':
      return event.outcome ?? 'no-question';
    case 'question':
      return event.question;
    case 'agent':
      return event.toAgentId;
    case 'none':
      return undefined;
  }
}
