import type {
  AgentLoad,
  CompletedTicket,
  QueueSnapshot,
  WaitingTicket,
} from '../../../src/handoff/queue-snapshot.ts';
import { DEFAULT_MAX_OVERTAKE_MS, lineRank } from '../../../src/handoff/priority.ts';

export const NOW = Date.UTC(2026, 10, 23, 8, 0);
export const MIN = 60_000;

/** A waiting ticket; its rank follows the queue's rule with the default bound unless given. */
export function ticket(id: string, overrides: Partial<WaitingTicket> = {}): WaitingTicket {
  const { priority = 2, enqueuedAt = NOW - MIN } = overrides;
  return {
    ticketId: id,
    language: 'fa',
    skills: [],
    team: 'support',
    enqueuedAt,
    priority,
    rank: lineRank(priority, enqueuedAt, DEFAULT_MAX_OVERTAKE_MS),
    ...overrides,
  };
}

export function agent(id: string, overrides: Partial<AgentLoad> = {}): AgentLoad {
  return {
    agentId: id,
    languages: ['fa'],
    skills: [],
    team: 'support',
    status: 'online',
    capacity: 1,
    activeChats: 1,
    ...overrides,
  };
}

/** `count` completions of `handleMin` minutes each, one a minute, newest first. */
export function completions(
  count: number,
  handleMin: number,
  overrides: Partial<CompletedTicket> = {},
): CompletedTicket[] {
  return Array.from({ length: count }, (_, i) => ({
    language: 'fa' as const,
    team: 'support',
    waitMs: 2 * MIN,
    handleMs: handleMin * MIN,
    endedAt: NOW - (i + 1) * MIN,
    ...overrides,
  }));
}

export function snapshot(parts: Partial<QueueSnapshot>): QueueSnapshot {
  return { now: NOW, waiting: [], agents: [], recent: [], ...parts };
}
