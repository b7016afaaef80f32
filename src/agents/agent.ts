import type { Language } from '../core/language.ts';

export type AgentRole = 'agent' | 'supervisor' | 'admin' | 'editor';
export type AgentStatus = 'online' | 'away' | 'offline';

/** A person who takes escalated chats. */
export interface Agent {
  readonly id: string;
  /** Shown to customers next to the agent's messages. */
  readonly name: string;
  readonly role: AgentRole;
  /** The languages the agent can serve; a chat in another language is never routed to them. */
  readonly languages: readonly Language[];
  /** Optional skills (e.g. "billing"); a ticket that needs a skill goes only to agents who have it. */
  readonly skills: readonly string[];
  /** How many chats at once (the seed articles' "several chats, within a limit"). */
  readonly capacity: number;
  /** Team whose business hours apply (default "default"). */
  readonly team: string;
  /**
   * Set while the account is deactivated (when, in ms): the record, history and attribution stay, but the
   * agent cannot sign in, take, answer or be given chats until an admin reactivates them (`isActive`).
   */
  readonly deactivatedAt?: number;
}

/** Whether the account may sign in and work (it is not deactivated). */
export function isActive(agent: Pick<Agent, 'deactivatedAt'>): boolean {
  return agent.deactivatedAt === undefined;
}

/** Where an agent stands right now. */
export interface AgentPresence {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** Chats the agent holds now. */
  readonly activeChats: number;
  readonly since: number;
}
