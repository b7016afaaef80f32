import type { Clock } from '../core/clock.ts';
import type { CommittedTurn, TurnObserver } from '../dialogs/dialog-observer.ts';
import type { HandoffFact, HandoffObserver } from '../handoff/handoff-observer.ts';
import type { ConversationSessions } from './conversation-sessions.ts';
import { messageCounters } from './report-counters.ts';
import type { ReportEvent } from './report-event.ts';
import type { ReportRecorder } from './report-recorder.ts';
import { ReportWrites } from './report-writes.ts';

/** Longest question kept in the unanswered list (characters). */
const QUESTION_MAX = 200;

export interface ReportObserverOptions {
  readonly recorder: ReportRecorder;
  readonly sessions: ConversationSessions;
  readonly clock: Clock;
  /** A write that failed (reports are lost, the conversation is not). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Turns what the dialog engine's turns and the handoff service tell into report events, and writes them in
 * the background (a turn never waits for reports). `flush` waits for the writes under way; `sweep` ends
 * conversations idle for the window (every process may run it: each conversation is ended once).
 */
export class ReportObserver implements TurnObserver, HandoffObserver {
  private readonly pending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: ReportObserverOptions) {}

  turnCommitted(turn: CommittedTurn): void {
    this.track(this.recordTurn(turn));
  }

  escalated(): void {
    // Told again, with the conversation, in `happened`.
  }

  happened(fact: HandoffFact): void {
    this.track(this.o.recorder.record([eventOf(fact)]));
  }

  /** Ends idle conversations now, and prunes what passed the retention; returns how many ended. */
  async sweep(): Promise<number> {
    await this.o.recorder.prune(this.o.clock.now());
    let total = 0;
    for (;;) {
      const ended = await this.o.sessions.sweep(this.o.clock.now());
      if (ended.length > 0) await this.o.recorder.record(ended);
      total += ended.length;
      if (ended.length < 500) return total;
    }
  }

  /** Sweeps every `intervalMs` until `stop`. */
  start(intervalMs = 60_000): void {
    this.timer ??= setInterval(() => this.track(this.sweep().then(() => undefined)), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Waits for every write under way. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private track(work: Promise<unknown>): void {
    const done: Promise<void> = work
      .then(() => undefined)
      .catch((error: unknown) => this.o.onError?.(error))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  private async recordTurn({ conversation, result, at }: CommittedTurn): Promise<void> {
    const base = {
      at,
      conversationId: conversation.id,
      channel: conversation.channel,
      language: result.language,
      ...(result.mood ? { anger: result.mood } : {}),
    };
    const events: ReportEvent[] = [];
    const withBot = conversation.state === 'bot' || conversation.state === 'closed';
    let question: 'answered' | 'clarified' | 'unanswered' | '' = '';
    let personAsked = false;
    if (withBot) {
      if (result.input === 'none-of-these') events.push({ ...base, type: 'choices-rejected' });
      for (const reply of result.replies) {
        const meta = reply.meta;
        if (meta.kind === 'answer') {
          events.push({
            ...base,
            type: 'bot-answered',
            ...(meta.articleId ? { articleId: meta.articleId } : {}),
          });
          question = 'answered';
        } else if (meta.kind === 'clarify') {
          events.push({ ...base, type: 'clarified' });
          question = 'clarified';
        } else if (meta.kind === 'no-answer') {
          const text = result.input === 'text' ? result.customerText.trim().slice(0, QUESTION_MAX) : '';
          events.push({ ...base, type: 'not-answered', ...(text ? { question: text } : {}) });
          question = 'unanswered';
        }
      }
      const reasons = result.effects.escalate?.reasons ?? [];
      personAsked = reasons.includes('customer-asked') || result.patch.handoffRequest !== undefined;
      if (personAsked) events.push({ ...base, type: 'person-requested' });
    }
    // One call: the turn's events and counters, and the conversation's start if this turn began one.
    const writes = new ReportWrites();
    this.o.recorder.encode(writes, events, { steps: messageCounters(result.mood === 'angry'), event: base });
    writes.onlyIfStarted();
    this.o.recorder.encode(writes, [{ ...base, type: 'conversation-started' }]);
    const session = await this.o.sessions.touch(
      {
        conversationId: conversation.id,
        at,
        channel: conversation.channel,
        language: result.language,
        question,
        escalated: personAsked || result.effects.escalate !== undefined,
        angry: result.mood === 'angry',
      },
      writes,
    );
    // A conversation that ended unseen (no sweep since its idle window passed) is counted now: rare.
    if (session.ended) await this.o.recorder.record([session.ended]);
  }
}

/** The report event of a fact of the human side. */
export function eventOf(fact: HandoffFact): ReportEvent {
  const base = {
    at: fact.at,
    conversationId: fact.conversationId,
    channel: fact.channel,
    language: fact.language,
    team: fact.team,
  };
  switch (fact.kind) {
    case 'escalated':
      return {
        ...base,
        type: 'escalated',
        reasons: fact.reasons,
        ...(fact.anger ? { anger: fact.anger } : {}),
      };
    case 'taken':
      return { ...base, type: 'taken', agentId: fact.agentId, durationMs: fact.waitMs };
    case 'first-reply':
      return {
        ...base,
        type: 'first-reply',
        agentId: fact.agentId,
        durationMs: fact.sinceQueuedMs,
        ...(fact.sinceTakenMs !== undefined ? { sinceTakenMs: fact.sinceTakenMs } : {}),
      };
    case 'transferred':
      return { ...base, type: 'transferred', agentId: fact.agentId, toAgentId: fact.toAgentId };
    case 'released':
      return { ...base, type: 'released', ...(fact.agentId ? { agentId: fact.agentId } : {}) };
    case 'resolved':
      return {
        ...base,
        type: 'resolved',
        agentId: fact.closed.agentId,
        durationMs: fact.closed.handleMs,
        ...(fact.closed.enqueuedAt !== undefined
          ? { resolutionMs: fact.closed.endedAt - fact.closed.enqueuedAt }
          : {}),
      };
    case 'rated':
      return {
        ...base,
        type: 'rated',
        agentId: fact.closed.agentId,
        rating: fact.rating,
        ...(fact.comment ? { comment: fact.comment } : {}),
      };
    case 'left-line':
      return { ...base, type: 'left-line', durationMs: fact.waitMs };
  }
}
