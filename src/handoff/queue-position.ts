import { canServe } from './routing.ts';
import type { AgentLoad, QueueSnapshot, WaitingTicket } from './queue-snapshot.ts';

/**
 * A customer's place in line, counted the way the customer experiences it: only the waiting tickets that
 * the same agents could take are "ahead". A Persian billing ticket does not wait behind English technical
 * tickets that no Persian billing agent could take, and vice versa (Dynamics 365 counts the whole queue,
 * which is why its figure is wrong under skill routing).
 *
 * An agent can take a ticket when they are in the ticket's team, online or away (away agents come back,
 * so they still define who shares a line), speak its language and have every skill it needs. The line is
 * ordered by priority (lower first, BullMQ's convention), then by `enqueuedAt`, then by ticket id so that
 * the order is total and stable.
 */

/** Where a ticket stands in the line of the agents who could take it. */
export interface QueuePosition {
  readonly ticketId: string;
  /** 1-based rank among the waiting tickets that share at least one eligible agent with this one. */
  readonly position: number;
  /** Tickets ahead of this one in that line (`position - 1`). */
  readonly ahead: number;
  /** Waiting tickets in this ticket's line, including it. */
  readonly lineLength: number;
  /** Agents online (not away, not offline) who could take this ticket. */
  readonly eligibleOnline: number;
  /** Agents away who could take it when they come back. */
  readonly eligibleAway: number;
  /** Chats those online agents can take right now (capacity minus chats in hand, never below 0). */
  readonly freeSlots: number;
  /** Chats those online agents can hold at once (the sum of their capacities). */
  readonly concurrentSlots: number;
  /** The ids of the eligible online agents. */
  readonly eligibleAgentIds: readonly string[];
}

type Routable = Pick<WaitingTicket, 'team' | 'language' | 'skills'>;

/** Whether `agent` could take `ticket` when present (the queue's routing: team, language, all skills). */
export function canTake(agent: AgentLoad, ticket: Routable): boolean {
  return canServe(agent, ticket);
}

function present(agent: AgentLoad): boolean {
  return agent.status === 'online' || agent.status === 'away';
}

/** Line order: priority (lower first), then the time the ticket entered the queue, then id. */
export function compareTickets(a: WaitingTicket, b: WaitingTicket): number {
  return a.priority - b.priority || a.enqueuedAt - b.enqueuedAt || (a.ticketId < b.ticketId ? -1 : 1);
}

function freeSlotsOf(agent: AgentLoad): number {
  return Math.max(0, agent.capacity - agent.activeChats);
}

/**
 * The place of `ticketId` in the line of the agents who could take it, and the capacity of that line
 * right now. Undefined when the ticket is not waiting in `snapshot`.
 */
export function queuePosition(snapshot: QueueSnapshot, ticketId: string): QueuePosition | undefined {
  const ticket = snapshot.waiting.find((t) => t.ticketId === ticketId);
  if (ticket === undefined) return undefined;

  const eligible = snapshot.agents.filter((agent) => present(agent) && canTake(agent, ticket));
  const online = eligible.filter((agent) => agent.status === 'online');
  const mine = new Set(eligible.map((agent) => agent.agentId));

  const line = snapshot.waiting
    .filter(
      (other) =>
        other.ticketId === ticketId ||
        snapshot.agents.some((agent) => mine.has(agent.agentId) && canTake(agent, other)),
    )
    .sort(compareTickets);
  const index = line.findIndex((t) => t.ticketId === ticketId);

  return {
    ticketId,
    position: index + 1,
    ahead: index,
    lineLength: line.length,
    eligibleOnline: online.length,
    eligibleAway: eligible.length - online.length,
    freeSlots: online.reduce((sum, agent) => sum + freeSlotsOf(agent), 0),
    concurrentSlots: online.reduce((sum, agent) => sum + agent.capacity, 0),
    eligibleAgentIds: online.map((agent) => agent.agentId),
  };
}
