import { canServe } from './routing.ts';
import type { Language } from '../core/language.ts';
import type { AgentLoad, QueueSnapshot, WaitingTicket } from './queue-snapshot.ts';

/**
 * A customer's place in line, counted the way the customer experiences it: only the waiting tickets that
 * the same agents could take are "ahead". A Persian billing ticket does not wait behind English technical
 * tickets that no Persian billing agent could take, and vice versa (Dynamics 365 counts the whole queue,
 * which is why its figure is wrong under skill routing).
 *
 * `replayLine` plays the line forward to find when it reaches each ticket (the wait estimator's method).
 *
 * An agent can take a ticket when they are in the ticket's team, online or away (away agents come back,
 * so they still define who shares a line), speak its language and have every skill it needs. The line is
 * ordered by rank (the fairness rule: arrival minus a head start by reason, docs/queue-fairness.md), then by
 * ticket id so that the order is total and stable, as the queue's sorted set orders it.
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

/** Line order: rank (lower first), then id, as Redis orders the line's sorted set. */
export function compareTickets(a: WaitingTicket, b: WaitingTicket): number {
  return a.rank - b.rank || (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0);
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

/** What a replay of the line found for one ticket. */
export interface LineReplay {
  /** When the ticket is taken, from now (0: a free slot takes it at once). */
  readonly takenAfterMs: number;
  /** Chats that ended before an agent took the ticket. */
  readonly chatEnds: number;
  /** Tickets given to agents before it. */
  readonly servedFirst: number;
  /** Of those, the ones taken by agents who could take this ticket: the people really ahead. */
  readonly servedFirstByEligible: number;
}

/**
 * Replays the line forward in time until every waiting ticket is taken, with no arrivals and no agents
 * joining or leaving. Every online agent fills free slots with the first waiting tickets they can take
 * (the queue's order and routing); an agent's `b` chats in hand end at 0.5/b, 1.5/b, ... of the team's
 * handle time (their start times are not in the snapshot, so they are taken as evenly spread); a chat
 * taken in the replay lasts `handleMs` of its language. A ticket that no online agent can take is
 * missing from the result. The wait estimator turns this into minutes.
 */
export function replayLine(
  snapshot: QueueSnapshot,
  handleMs: (language: Language | undefined, team: string) => number,
): ReadonlyMap<string, LineReplay> {
  const waiting = [...snapshot.waiting].sort(compareTickets);
  const agents = snapshot.agents
    .filter((a) => a.status === 'online')
    .map((agent) => ({ agent, inHand: agent.activeChats }));
  const ends: { at: number; index: number }[] = [];
  agents.forEach(({ agent }, index) => {
    const residual = handleMs(undefined, agent.team);
    for (let i = 0; i < agent.activeChats; i += 1) {
      ends.push({ at: (residual * (i + 0.5)) / agent.activeChats, index });
    }
  });
  const takes: { ticket: WaitingTicket; agent: AgentLoad; at: number; chatEnds: number }[] = [];
  let chatEnds = 0;
  const fill = (index: number, at: number): void => {
    const slot = agents[index];
    while (slot !== undefined && slot.inHand < slot.agent.capacity) {
      const next = waiting.findIndex((ticket) => canTake(slot.agent, ticket));
      const ticket = waiting[next];
      if (ticket === undefined) return;
      waiting.splice(next, 1);
      takes.push({ ticket, agent: slot.agent, at, chatEnds });
      slot.inHand += 1;
      ends.push({ at: at + handleMs(ticket.language, ticket.team), index });
    }
  };
  agents.forEach((_, index) => fill(index, 0));
  while (ends.length > 0 && waiting.length > 0) {
    ends.sort((a, b) => b.at - a.at);
    const end = ends.pop() as { at: number; index: number };
    chatEnds += 1;
    const slot = agents[end.index];
    if (slot !== undefined) slot.inHand -= 1;
    fill(end.index, end.at);
  }
  const result = new Map<string, LineReplay>();
  takes.forEach(({ ticket, at, chatEnds: ends }, order) => {
    const servedFirstByEligible = takes.slice(0, order).filter((take) => canTake(take.agent, ticket)).length;
    result.set(ticket.ticketId, {
      takenAfterMs: at,
      chatEnds: ends,
      servedFirst: order,
      servedFirstByEligible,
    });
  });
  return result;
}
