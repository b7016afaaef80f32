import type { Agent, AgentPresence, AgentRole } from '../../src/agents/agent.ts';
import type { Language } from '../../src/core/language.ts';
/** The admin API, from the page: JSON in and out, the session cookie, errors as `{code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  const data = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  if (!response.ok) {
    if (response.status === 401) location.assign('/agent/login?next=/admin/');
    throw new ApiError(data.code ?? 'INTERNAL_ERROR', data.message ?? response.statusText, response.status);
  }
  return data as T;
}

export type Role = AgentRole;
export type Lang = Language;

/** An agent as the admin API lists it: the account, and where they stand now. */
export interface AgentRow extends Agent {
  readonly presence: Pick<AgentPresence, 'status' | 'activeChats'>;
}

export interface TeamRow {
  readonly name: string;
  readonly source: 'file' | 'admin';
  readonly hours: {
    readonly timezone: string;
    readonly weekly: Readonly<Record<string, readonly (readonly [string, string])[]>>;
    readonly closedDates?: readonly string[];
  };
}

export interface RuleRow {
  readonly when: 'topic' | 'channel' | 'site';
  readonly value: string;
  readonly team: string;
}

export interface AuditRow {
  readonly id: string;
  readonly at: number;
  readonly by: string;
  readonly action: string;
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
}
