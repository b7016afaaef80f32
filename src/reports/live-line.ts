import type { Agent, AgentPresence } from '../agents/agent.ts';
import type { Language } from '../core/language.ts';
import type { Ticket } from '../handoff/ticket.ts';

/** The line in one team and language right now. */
export interface LiveLine {
  readonly team: string;
  readonly language: Language;
  readonly waiting: number;
  /** Of those, customers who were angry when put in line (reason class 1, priority.ts). */
  readonly angry: number;
  /** How long the longest of them has waited (ms). */
  readonly longestWaitMs: number;
}

/** One customer waiting in line now. */
export interface LiveWaiting {
  readonly conversationId: string;
  readonly team: string;
  readonly language: Language;
  readonly channel?: string;
  readonly enqueuedAt: number;
  readonly waitMs: number;
  /** Put in line for anger (reason class 1). */
  readonly angry: boolean;
}

/** Customers listed in `waitingNow` at most (the longest waiting). */
export const LIVE_WAITING_LISTED = 200;

/** One agent's state and load. */
export interface LiveAgent {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  /** `busy`: online and holding as many chats as their capacity allows. */
  readonly status: 'online' | 'busy' | 'away' | 'offline';
  readonly chats: number;
  readonly capacity: number;
}

/** What the supervisor's dashboard shows live (`GET /api/reports/live`). */
export interface LiveState {
  readonly at: number;
  readonly waiting: number;
  readonly angryWaiting: number;
  readonly longestWaitMs: number;
  /** The conversation that has waited longest (to open it in the agent console). */
  readonly longestWaitingId?: string;
  readonly lines: readonly LiveLine[];
  /** The customers in line, longest waiting first (at most LIVE_WAITING_LISTED): what the line figures count. */
  readonly waitingNow: readonly LiveWaiting[];
  readonly agents: { readonly online: number; readonly busy: number; readonly away: number };
  /** Every agent who is not offline, or who still holds chats; by team, then id. */
  readonly people: readonly LiveAgent[];
}

export interface LiveSources {
  /** Ids of the tickets in line, and each ticket (the handoff queue). */
  readonly waitingIds: () => Promise<readonly string[]>;
  readonly ticket: (conversationId: string) => Promise<Ticket | undefined>;
  readonly agents: () => Promise<readonly Agent[]>;
  readonly presence: () => Promise<readonly AgentPresence[]>;
  readonly now: () => number;
}

/**
 * Reads the live state from the queue and presence as they are (no counters of its own): one read of the
 * line's ids, one pipelined read per waiting ticket, the accounts and their presence. Cheap enough to poll
 * every few seconds with a line of hundreds.
 */
export async function readLiveState(sources: LiveSources): Promise<LiveState> {
  const now = sources.now();
  const [ids, accounts, presences] = await Promise.all([
    sources.waitingIds(),
    sources.agents(),
    sources.presence(),
  ]);
  const tickets = await Promise.all(ids.map((id) => sources.ticket(id)));
  const lines = new Map<
    string,
    { team: string; language: Language; waiting: number; angry: number; oldest: number }
  >();
  let oldest: Ticket | undefined;
  const waitingNow: LiveWaiting[] = [];
  for (const ticket of tickets) {
    if (!ticket || ticket.status !== 'waiting') continue;
    waitingNow.push({
      conversationId: ticket.conversationId,
      team: ticket.pool.team,
      language: ticket.pool.language,
      ...(ticket.channel ? { channel: ticket.channel } : {}),
      enqueuedAt: ticket.enqueuedAt,
      waitMs: Math.max(0, now - ticket.enqueuedAt),
      angry: ticket.priority <= 1,
    });
    const { team, language } = ticket.pool;
    const name = `${team}\u0000${language}`;
    const line = lines.get(name) ?? { team, language, waiting: 0, angry: 0, oldest: ticket.enqueuedAt };
    line.waiting += 1;
    if (ticket.priority <= 1) line.angry += 1;
    line.oldest = Math.min(line.oldest, ticket.enqueuedAt);
    lines.set(name, line);
    if (!oldest || ticket.enqueuedAt < oldest.enqueuedAt) oldest = ticket;
  }
  const byId = new Map(presences.map((p) => [p.agentId, p]));
  const people: LiveAgent[] = [];
  for (const agent of accounts) {
    const presence = byId.get(agent.id);
    const chats = presence?.activeChats ?? 0;
    const chosen = presence?.status ?? 'offline';
    if (chosen === 'offline' && chats === 0) continue;
    const status = chosen === 'online' && chats >= agent.capacity ? 'busy' : chosen;
    people.push({
      id: agent.id,
      name: agent.name,
      team: agent.team,
      status,
      chats,
      capacity: agent.capacity,
    });
  }
  people.sort((a, b) => a.team.localeCompare(b.team) || a.id.localeCompare(b.id));
  const shown = [...lines.values()]
    .sort((a, b) => a.team.localeCompare(b.team) || a.language.localeCompare(b.language))
    .map(({ team, language, waiting, angry, oldest: first }) => ({
      team,
      language,
      waiting,
      angry,
      longestWaitMs: Math.max(0, now - first),
    }));
  const count = (status: LiveAgent['status']) => people.filter((p) => p.status === status).length;
  return {
    at: now,
    waiting: shown.reduce((n, l) => n + l.waiting, 0),
    angryWaiting: shown.reduce((n, l) => n + l.angry, 0),
    longestWaitMs: oldest ? Math.max(0, now - oldest.enqueuedAt) : 0,
    ...(oldest ? { longestWaitingId: oldest.conversationId } : {}),
    lines: shown,
    waitingNow: waitingNow.sort((a, b) => a.enqueuedAt - b.enqueuedAt).slice(0, LIVE_WAITING_LISTED),
    agents: { online: count('online'), busy: count('busy'), away: count('away') },
    people,
  };
}
