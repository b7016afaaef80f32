import { HamdelError } from '../core/errors.ts';
import type { Agent } from '../agents/agent.ts';
import type { Ticket } from './ticket.ts';

/**
 * Who may act on a chat (reply, type, release, transfer, resolve): the agent who holds it, or an admin;
 * nobody acts on a chat nobody holds. HandoffService asks this before every such change, so the console
 * and Slack (and whatever comes next) follow one rule.
 */
export function mayActOn(agent: Pick<Agent, 'id' | 'role'>, ticket: Ticket | undefined): boolean {
  if (ticket?.status !== 'assigned' || ticket.agentId === undefined) return false;
  return ticket.agentId === agent.id || agent.role === 'admin';
}

/** Throws NOT_CHAT_HOLDER unless `agent` may act on the chat of `ticket`. */
export function checkChatAccess(
  agent: Pick<Agent, 'id' | 'role'>,
  conversationId: string,
  ticket: Ticket | undefined,
): void {
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

/**
 * What an agent may find and read among closed conversations (the transcript index's scopes): everything
 * for supervisors and admins; for an agent, the conversations they served (resolved, or wrote in) and those
 * of their team. The customer's own earlier conversations are readable to whoever holds their chat, whatever
 * these say (customer-history.ts).
 */
export function closedScopes(agent: Pick<Agent, 'id' | 'role' | 'team'>): string[] {
  if (agent.role === 'supervisor' || agent.role === 'admin') return ['all'];
  return [`agent:${agent.id}`, `team:${agent.team}`];
}

/** Whether an agent may read a closed conversation that is findable in `scopes`. */
export function mayReadClosed(
  agent: Pick<Agent, 'id' | 'role' | 'team'>,
  scopes: readonly string[],
): boolean {
  return closedScopes(agent).some((scope) => scopes.includes(scope));
}
