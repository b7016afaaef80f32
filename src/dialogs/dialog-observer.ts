import type { Language } from '../core/language.ts';
import type { Conversation } from '../conversations/conversation.ts';
import type { AngerLevel } from '../sentiment/detector.ts';
import type { TurnResult } from './dialog-engine.ts';

/** What the knowledge step decided for a customer's question. */
export type AnswerDecision = 'answer' | 'clarify' | 'abstain';

/** Told how long each step of a turn took. */
export interface StepObserver {
  /**
   * A step finished (or threw) after `seconds` of its own work: the time the steps after it took (inside its
   * `next()`) is not counted. `name` is the step function's name.
   */
  stepDone(name: string, seconds: number): void;
}

/**
 * Told what happens in turns, for metrics (src/observability implements it). Calls are made after the fact
 * and must not throw; a throwing observer is ignored so that it never breaks a turn.
 */
export interface DialogObserver extends StepObserver {
  /** The knowledge step answered, asked which article was meant, or had no answer. */
  decided(decision: AnswerDecision, language: Language): void;
  /** The mood step read the customer's message at this level. */
  moodRead(level: AngerLevel, language: Language): void;
}

/** Calls an observer, ignoring what it throws (metrics must never break a turn). */
export function tell(call: () => void): void {
  try {
    call();
  } catch {
    // An observer's failure is not the customer's problem.
  }
}

/** What one stored turn was, for reports: the conversation as it was before, and what the turn decided. */
export interface CommittedTurn {
  /** The turn's id (one per customer message: src/conversations/turn-id.ts). */
  readonly turnId: string;
  /** The conversation before this turn (state, channel, language so far). */
  readonly conversation: Conversation;
  readonly result: TurnResult;
  /** When the turn was stored. */
  readonly at: number;
}

/**
 * Told of every turn once it is stored (never twice for one customer message, even when a turn is finished
 * again after a crash). src/reports implements it; calls are made after the fact and must not throw.
 */
export interface TurnObserver {
  turnCommitted(turn: CommittedTurn): void;
}

/** One observer that tells each of `observers` in turn (one failing does not keep the others from hearing). */
export function composeTurnObservers(...observers: readonly TurnObserver[]): TurnObserver {
  return {
    turnCommitted(turn) {
      for (const observer of observers) tell(() => observer.turnCommitted(turn));
    },
  };
}
