import type { Language } from '../core/language.ts';
import type { AgentStatus } from '../agents/agent.ts';

/** A waiting ticket as the wait estimator sees it. */
export interface WaitingTicket {
  readonly ticketId: string;
  readonly language: Language;
  readonly skills: readonly string[];
  readonly team: string;
  /** When it entered the queue (ms). */
  readonly enqueuedAt: number;
  /** Its reason class: 1 angry, 2 asked for a person, 3 repeated failures (priority.ts). */
  readonly priority: number;
  /** Its place key in line, lower first: `enqueuedAt` minus its class's head start (`lineRank`, priority.ts). */
  readonly rank: number;
}

/** An agent as the wait estimator sees it. */
export interface AgentLoad {
  readonly agentId: string;
  readonly languages: readonly Language[];
  readonly skills: readonly string[];
  readonly team: string;
  readonly status: AgentStatus;
  readonly capacity: number;
  readonly activeChats: number;
}

/** A finished piece of work, for handle-time and wait statistics. */
export interface CompletedTicket {
  readonly language: Language;
  readonly team: string;
  /** From entering the queue to an agent taking it. */
  readonly waitMs: number;
  /** From an agent taking it to resolving it. */
  readonly handleMs: number;
  readonly endedAt: number;
}

/** The live state of the human queue, read from Redis, from which waits are estimated. */
export interface QueueSnapshot {
  readonly now: number;
  readonly waiting: readonly WaitingTicket[];
  readonly agents: readonly AgentLoad[];
  /** Recent completions, newest first (bounded, e.g. the last 200 or the last 8 hours). */
  readonly recent: readonly CompletedTicket[];
}
