/**
 * What the simulation knows while the week runs: its clock and schedule, its log, and its own account of
 * every customer, ticket and agent (built from what it did and saw, never read from the service).
 */
import type { ManualClock } from '../../src/core/clock.ts';
import type { Language } from '../../src/core/language.ts';
import type { CustomerLine } from './channels/customer-line.ts';
import type { AgentDesk } from './agent-desk.ts';
import type { EventQueue } from './event-queue.ts';
import type { ReplyReader } from './reply-reader.ts';
import type { SimLog, TicketSubject } from './sim-log.ts';
import type { PlannedAgent, PlannedCustomer, WeekPlan } from './week-plan.ts';

/** A routing rule as the simulation set it in the admin API (first match wins; else `default`). */
export interface Route {
  readonly when: 'topic' | 'channel';
  readonly value: string;
  readonly team: string;
}

export interface Customer {
  readonly plan: PlannedCustomer;
  readonly line: CustomerLine;
  state: 'bot' | 'waiting' | 'agent';
  /** The conversation's language as the customer saw it. */
  language: Language;
  /** After a person resolved the chat: the 1-5 question is open, about this ticket. */
  survey?: { readonly agentId: string; readonly subject: TicketSubject };
  /** The last mood the bot read was anger (it apologised). */
  lastMoodAngry: boolean;
  /** The article the bot last answered with or offered first (the topic routing reads). */
  lastArticle?: string;
  lastMessageAt?: number;
}

export interface Ticket {
  readonly customer: Customer;
  readonly subject: TicketSubject;
  readonly reasons: readonly string[];
  readonly enqueuedAt: number;
  holder?: string;
}

export interface Chat {
  readonly ticket: Ticket;
  /** Replies sent, and how many the agent means to send before closing. */
  replies: number;
  readonly exchanges: number;
}

export interface Agent {
  readonly plan: PlannedAgent;
  /** The agent's own stream of choices. */
  readonly rand: () => number;
  desk?: AgentDesk;
  status: 'offline' | 'online' | 'away';
  /** The shift is over: no new chats; away once the last one is done. */
  ending: boolean;
  readonly chats: Map<string, Chat>;
}

export class World {
  readonly customers: Customer[] = [];
  /** Open tickets, by conversation. */
  readonly tickets = new Map<string, Ticket>();
  readonly agents = new Map<string, Agent>();

  constructor(
    readonly plan: WeekPlan,
    readonly clock: ManualClock,
    readonly queue: EventQueue,
    readonly log: SimLog,
    readonly reader: ReplyReader,
    readonly routes: readonly Route[],
    /** The last moment the simulation acts (events after it are dropped). */
    readonly stopAt: number,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** Schedules `run` `delayMs` from now (rounded to whole ms). */
  later(delayMs: number, run: () => Promise<void>): void {
    const at = this.now() + Math.max(1, Math.round(delayMs));
    if (at <= this.stopAt) this.queue.at(at, run);
  }

  /** The team an escalation goes to, by the simulation's own routing rules. */
  teamFor(customer: Customer, language: Language): string {
    const article = customer.lastArticle
      ? this.reader.knowledge.article(language, customer.lastArticle)
      : undefined;
    const topics = new Set(
      customer.lastArticle
        ? [customer.lastArticle, ...(article?.tags ?? [])].map((t) => t.toLowerCase())
        : [],
    );
    for (const route of this.routes) {
      if (route.when === 'topic' && topics.has(route.value)) return route.team;
      if (route.when === 'channel' && customer.line.channel === route.value) return route.team;
    }
    return 'default';
  }

  /** Tickets in line that `agent` could take (team and language), by the simulation's account. */
  servable(agent: Agent): Ticket[] {
    return [...this.tickets.values()].filter(
      (t) =>
        t.holder === undefined &&
        t.subject.team === agent.plan.team &&
        agent.plan.languages.includes(t.subject.language),
    );
  }
}
