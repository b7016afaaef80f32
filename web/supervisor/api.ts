/** The reports API, from the dashboard (web/shared/json-api.ts). */
import { jsonApi } from '../shared/json-api.ts';

export { ApiError } from '../shared/json-api.ts';
const api = jsonApi('/supervisor/');

export function getJson<T>(url: string): Promise<T> {
  return api<T>('GET', url);
}

export type Lang = 'fa' | 'ar' | 'en';

/** GET /api/reports/live (src/reports/live-line.ts). */
export interface LiveState {
  readonly at: number;
  readonly waiting: number;
  readonly angryWaiting: number;
  readonly longestWaitMs: number;
  readonly longestWaitingId?: string;
  readonly lines: readonly {
    readonly team: string;
    readonly language: Lang;
    readonly waiting: number;
    readonly angry: number;
    readonly longestWaitMs: number;
  }[];
  /** The customers in line, longest waiting first. */
  readonly waitingNow: readonly {
    readonly conversationId: string;
    readonly team: string;
    readonly language: Lang;
    readonly channel?: string;
    readonly enqueuedAt: number;
    readonly waitMs: number;
    readonly angry: boolean;
  }[];
  readonly agents: { readonly online: number; readonly busy: number; readonly away: number };
  readonly people: readonly {
    readonly id: string;
    readonly name: string;
    readonly team: string;
    readonly status: 'online' | 'busy' | 'away' | 'offline';
    readonly chats: number;
    readonly capacity: number;
  }[];
}

export interface Duration {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
}

/** The figures of one group of GET /api/reports/summary that the dashboard draws. */
export interface Figures {
  readonly key: string;
  readonly volume: {
    readonly conversations: number;
    readonly escalations: number;
    readonly unanswered: number;
    readonly leftLine: number;
  };
  readonly deflection: { readonly rate: number | null; readonly botResolved: number; readonly ended: number };
  readonly firstResponse: Duration;
  readonly wait: Duration;
  readonly handle: Duration;
  readonly resolution: Duration;
  readonly csat: { readonly ratings: number; readonly average: number | null; readonly comments: number };
  readonly escalationsByReason: Readonly<Record<string, number>>;
  readonly anger: { readonly angryConversations: number; readonly rate: number | null };
  readonly sla: { readonly breaches: number };
}

/** What the rows of a list show as their value (src/reports/figure-events.ts). */
export type ValueUnit = 'seconds' | 'rating' | 'reasons' | 'outcome' | 'question' | 'agent' | 'none';

/** GET /api/reports/conversations: the conversations behind one figure, a page of them. */
export interface ConversationPage {
  readonly from: string;
  readonly to: string;
  readonly unit: ValueUnit;
  /** The figure itself. */
  readonly count: number;
  /** Rows reach back to this time (REPORT_EVENTS_RETENTION_DAYS). */
  readonly eventsSince: string;
  readonly items: readonly {
    readonly conversationId: string;
    readonly at: string;
    readonly channel: string;
    readonly language?: string;
    readonly team?: string;
    readonly agentId?: string;
    readonly value?: string | number;
    readonly comment?: string;
  }[];
  readonly next?: string;
}

/** GET /api/reports/conversations/:id: one conversation, read-only. */
export interface ConversationRecord {
  readonly conversationId: string;
  readonly channel?: string;
  readonly language?: Lang;
  readonly transcript: readonly {
    readonly id: string;
    readonly author: { readonly kind: 'customer' | 'bot' | 'agent' | 'system'; readonly name?: string };
    readonly text: string;
    readonly at: number;
    readonly language?: Lang;
  }[];
  readonly notes: readonly { readonly agentName: string; readonly text: string; readonly at: number }[];
  readonly tickets: readonly {
    readonly agentId: string;
    readonly team: string;
    readonly endedAt: number;
    readonly waitMs: number;
    readonly handleMs: number;
    readonly rating?: number;
    readonly comment?: string;
    readonly note?: string;
    readonly tags: readonly string[];
  }[];
}

export interface Summary {
  readonly groups: readonly Figures[];
  readonly total: Figures;
}
