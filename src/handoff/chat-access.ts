import { HamdelError } from '../core/errors.ts';
import { isActive, type Agent } from '../agents/agent.ts';
import type { Ticket } from './ticket.ts';

type Actor = Pick<Agent, 'id' | 'role' | 'deactivatedAt'>;

/**
 * Who may act on a chat (reply, type, release, transfer, resolve): the agent who holds it, or an admin,
 * while their account is active; nobody acts on a chat nobody holds. HandoffService asks this before every
 * such change, so the console and Slack (and whatever comes next) follow one rule.
 */
export function mayActOn(agent: Actor, ticket: Ticket | undefined): boolean {
  if (!isActive(agent)) return false;
  if (ticket?.status !== 'assigned' || ticket.agentId === undefined) return false;
  return ticket.agentId === agent.id || agent.role === 'admin';
}

/** Throws AGENT_DEACTIVATED when the agent's account is deactivated (no chat may be taken or acted on). */
export function checkActive(agent: Pick<Agent, 'id' | 'deactivatedAt'>): void {
  if (isActive(agent)) return;
  throw new HamdelError('AGENT_DEACTIVATED', 'This agent account is deactivated.', { agentId: agent.id });
}

/** Throws AGENT_DEACTIVATED for a deactivated agent, NOT_CHAT_HOLDER unless `agent` may act on the chat. */
export function checkChatAccess(agent: Actor, conversationId: string, ticket: Ticket | undefined): void {
  checkActive(agent);
  if (mayActOn(agent, ticket)) return;
  const heldByOther = ticket?.status === 'assigned' && ticket.agentId !== undefined;
  throw new HamdelError(
    'NOT_CHAT_HOLDER',
    heldByOther
      ? 'Another agent has this chat: only they (or an admin) can act on it.'
      : 'Nobody has this chat now (it went back to the line, was resolved, or was never taken).',
    { agentId: agent.id, conversationId },
  );
}

/** Who may read a closed conversation besides supervisors and admins: its teams' agents and those who served it. */
export interface ClosedReach {
  /** The teams of its closed tickets. */
  readonly teams: readonly string[];
  /** The agents who resolved it or wrote in it. */
  readonly agents: readonly string[];
}

/** What a search among closed conversations may reach: all of them, or a team's and an agent's own. */
export type ClosedSearch =
  { readonly all: true } | { readonly all: false; readonly team: string; readonly agentId: string };

/**
 * What an agent may find and read among closed conversations: every one for supervisors and admins; for
 * an agent, those of their team and those they served (resolved, or wrote in). The customer's own earlier
 * conversations are readable to whoever holds their chat, whatever this says (customer-history.ts).
 */
export function closedSearch(agent: Pick<Agent, 'id' | 'role' | 'team'>): ClosedSearch {
  if (agent.role === 'supervisor' || agent.role === 'admin') return { all: true };
  return { all: false, team: agent.team, agentId: agent.id };
}

/** Whether an agent may read a closed conversation (the same rule as `closedSearch`). */
export function mayReadClosed(agent: Pick<Agent, 'id' | 'role' | 'team'>, reach: ClosedReach): boolean {
  const search = closedSearch(agent);
  return search.all || reach.teams.includes(search.team) || reach.agents.includes(search.agentId);
}
