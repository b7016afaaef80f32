/** The admin API, from the page (web/shared/json-api.ts). */
import type { Agent, AgentPresence, AgentRole } from '../../src/agents/agent.ts';
import type { Language } from '../../src/core/language.ts';
import { jsonApi } from '../shared/json-api.ts';

export { ApiError } from '../shared/json-api.ts';
export const api = jsonApi('/admin/');

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
