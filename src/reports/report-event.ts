import type { Language } from '../core/language.ts';
import type { AngerLevel } from '../sentiment/detector.ts';

/** Every fact reports record, one event each (docs/reports.md says what each means). */
export const REPORT_EVENT_TYPES = [
  'conversation-started',
  'bot-answered',
  'clarified',
  'not-answered',
  'choices-rejected',
  'person-requested',
  'escalated',
  'taken',
  'first-reply',
  'transferred',
  'released',
  'resolved',
  'rated',
  'left-line',
  'conversation-ended',
] as const;

export type ReportEventType = (typeof REPORT_EVENT_TYPES)[number];

/** How a conversation ended (docs/reports.md: "resolved by the bot"). */
export type ConversationOutcome = 'bot-resolved' | 'escalated' | 'unanswered' | 'no-question';

/** One recorded fact. Fields that do not apply to a type are left out. */
export interface ReportEvent {
  readonly type: ReportEventType;
  /** When it happened (ms since the epoch). */
  readonly at: number;
  readonly conversationId: string;
  readonly channel: string;
  readonly language?: Language;
  readonly team?: string;
  readonly agentId?: string;
  /** The customer's mood at this point, when read. */
  readonly anger?: AngerLevel;
  /** bot-answered: the article given. */
  readonly articleId?: string;
  /** escalated: why. */
  readonly reasons?: readonly string[];
  /** not-answered: the customer's question. */
  readonly question?: string;
  /** taken, left-line: time in line; first-reply: since put in line; resolved: since taken (handle time). */
  readonly durationMs?: number;
  /** resolved: since put in line (resolution time). */
  readonly resolutionMs?: number;
  /** first-reply: since this agent took the chat. */
  readonly sinceTakenMs?: number;
  /** transferred: to whom. */
  readonly toAgentId?: string;
  /** rated: 1-5, and what the customer wrote with it. */
  readonly rating?: number;
  readonly comment?: string;
  /** conversation-ended: how, when it began, and whether the customer was ever angry in it. */
  readonly outcome?: ConversationOutcome;
  readonly startedAt?: number;
  readonly angry?: boolean;
}
