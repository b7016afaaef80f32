import type { Language } from '../core/language.ts';

export type AgentRole = 'agent' | 'supervisor' | 'admin';
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
}

/** Where an agent stands right now. */
export interface AgentPresence {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** Chats the agent holds now. */
  readonly activeChats: number;
  readonly since: number;
}
