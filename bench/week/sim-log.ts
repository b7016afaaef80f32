/**
 * The simulated week's own log: what the simulation did and what its customers and agents saw, one entry
 * per fact, with the simulation's clock. expected-figures.ts computes every report figure from this log
 * alone (never from src/reports), so that the two can be compared.
 */
import type { Language } from '../../src/core/language.ts';

/** A ticket as the simulation knows it: whose line it is in. */
export interface TicketSubject {
  readonly channel: string;
  readonly language: Language;
  readonly team: string;
}

/** What a customer's message was: typed text, or a tapped choice (its value sent as the text). */
export type InputKind = 'text' | 'choice';

/** One customer message and what came of it. */
export interface MessageEntry {
  readonly kind: 'message';
  readonly at: number;
  /** The service's conversation id (one per customer and channel). */
  readonly conversation: string;
  readonly channel: string;
  /** The conversation's language, as the customer saw it. */
  readonly language: Language;
  /** Whether the bot had the conversation (not a customer waiting for or talking to a person). */
  readonly withBot: boolean;
  readonly input: InputKind;
  /** The text as sent (a choice's value for a tapped choice). */
  readonly text: string;
  /** The bot read the customer's mood (typed text to the bot), and saw anger (it apologised). */
  readonly moodRead: boolean;
  readonly angry: boolean;
  /** What the bot did with the question, in its replies: answered, offered choices, or had no answer. */
  readonly answered: number;
  readonly clarified: number;
  readonly unanswered: number;
  /** The customer refused the offered choices ("none of these"). */
  readonly rejected: boolean;
  /** The customer asked for a person and the bot passed them on. */
  readonly personRequested: boolean;
  /** The message put the conversation in line: why, in whose line, and whether the last mood read was angry. */
  readonly escalation?: TicketSubject & {
    readonly reasons: readonly string[];
    readonly angry: boolean;
  };
  /** A rating the bot thanked for, of the ticket closed by `agentId`. */
  readonly rating?: TicketSubject & {
    readonly rating: number;
    readonly comment?: string;
    readonly agentId: string;
  };
  /** The customer left the line (the bot said so). */
  readonly leftLine?: boolean;
}

/** An agent's action on a chat, done by the simulation at `at`. */
export interface AgentEntry {
  readonly kind: 'taken' | 'reply' | 'released' | 'resolved';
  readonly at: number;
  readonly conversation: string;
  readonly agentId: string;
}

export interface TransferEntry {
  readonly kind: 'transferred';
  readonly at: number;
  readonly conversation: string;
  readonly agentId: string;
  readonly toAgentId: string;
}

export type LogEntry = MessageEntry | AgentEntry | TransferEntry;

/** Entries in the order they happened (the simulation's clock never goes back). */
export class SimLog {
  readonly entries: LogEntry[] = [];
  /** Things the simulation noticed that it did not expect (a service behaviour its model does not cover). */
  readonly surprises: string[] = [];

  add(entry: LogEntry): void {
    const last = this.entries[this.entries.length - 1];
    if (last && entry.at < last.at) throw new Error(`log entry at ${entry.at} before ${last.at}`);
    this.entries.push(entry);
  }

  surprise(what: string): void {
    this.surprises.push(what);
  }

  /** Things worth knowing that the simulation follows (a customer who switched language). */
  readonly notes: string[] = [];

  note(what: string): void {
    this.notes.push(what);
  }
}
