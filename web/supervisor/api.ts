/** The reports API, from the dashboard: JSON with the session cookie; errors as `{code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin' });
  const data = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  if (!response.ok) {
    if (response.status === 401) location.assign('/agent/login?next=/supervisor/');
    throw new ApiError(data.code ?? 'INTERNAL_ERROR', data.message ?? response.statusText);
  }
  return data as T;
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
  readonly volume: { readonly conversations: number; readonly escalations: number };
  readonly deflection: { readonly rate: number | null };
  readonly firstResponse: Duration;
  readonly csat: { readonly ratings: number; readonly average: number | null };
}

export interface Summary {
  readonly groups: readonly Figures[];
  readonly total: Figures;
}
