import type { Clock } from '../core/clock.ts';
import type { Conversation, TranscriptEntry } from '../conversations/conversation.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { ConversationWriter } from '../conversations/conversation-writer.ts';
import type { TurnHandler } from '../conversations/turn-queue.ts';
import type { ChannelRegistry } from '../adapters/channel-adapter.ts';
import type { DialogEngine, TurnResult } from './dialog-engine.ts';
import { openConversation } from '../conversations/open-conversation.ts';

/** What the human queue does for a turn's effects (src/handoff implements it). */
export interface HandoffHooks {
  escalate(conversation: Conversation, turn: TurnResult): Promise<void>;
  cancel(conversation: Conversation): Promise<void>;
  rate(conversation: Conversation, ticketRef: string, rating: number): Promise<void>;
}

export interface TurnRunnerOptions {
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly writer: ConversationWriter;
  readonly engine: DialogEngine;
  readonly clock: Clock;
  readonly handoff?: HandoffHooks;
  /** Channels told that the bot is typing (Telegram's "typing…"). */
  readonly channels?: ChannelRegistry;
}

/**
 * One turn, with its storage: records the customer's message, runs the dialog engine, saves the
 * conversation's changes and the bot's replies (announced to every process and sent out on the channel),
 * then carries out the turn's effects on the human queue.
 */
export function createTurnRunner(options: TurnRunnerOptions): TurnHandler {
  const { store, events, engine, clock, writer } = options;
  return async (message) => {
    const conversation = await openConversation(store, message);
    const silent = conversation.state === 'waiting' || conversation.state === 'agent';
    if (!silent) {
      await events.publish(conversation.id, { type: 'typing', who: 'bot', on: true });
      await options.channels?.showTyping(conversation, true);
    }
    try {
      const recent = await store.transcript(conversation.id, { last: RECENT });
      const result = await engine.run(message, conversation, recent);
      await writer.post(conversation, [
        {
          author: { kind: 'customer' },
          text: result.customerText,
          at: message.sentAt,
          language: result.language,
          platformMessageId: message.platformMessageId,
          raw: keepRaw(message.raw),
          ...(result.patch.mood ? { mood: result.patch.mood } : {}),
        },
      ]);
      const updated =
        Object.keys(result.patch).length > 0
          ? await store.update(conversation.id, result.patch)
          : conversation;
      if (result.patch.language) {
        await events.publish(conversation.id, { type: 'language', language: result.patch.language });
      }
      const replies: TranscriptEntry[] = await writer.post(
        updated,
        result.replies.map((reply) => ({
          author: { kind: 'bot' },
          text: reply.text,
          at: clock.now(),
          language: result.language,
          meta: reply.meta,
          ...(reply.choices ? { choices: reply.choices } : {}),
        })),
      );
      await applyEffects(options.handoff, updated, conversation, result);
      return replies;
    } finally {
      if (!silent) await events.publish(conversation.id, { type: 'typing', who: 'bot', on: false });
    }
  };
}

async function applyEffects(
  hooks: HandoffHooks | undefined,
  conversation: Conversation,
  before: Conversation,
  result: TurnResult,
): Promise<void> {
  if (!hooks) return;
  const { effects } = result;
  if (effects.escalate) await hooks.escalate(conversation, result);
  if (effects.cancelWait) await hooks.cancel(conversation);
  if (effects.rating !== undefined && before.surveyFor) {
    await hooks.rate(conversation, before.surveyFor, effects.rating);
  }
}

/** Transcript entries the engine sees of the conversation so far (mood trend, repetition). */
const RECENT = 12;

/** Raw payloads larger than this are replaced by a note of their size. */
const MAX_RAW_BYTES = 16 * 1024;

function keepRaw(raw: unknown): unknown {
  const json = JSON.stringify(raw ?? null);
  return json.length <= MAX_RAW_BYTES ? raw : { truncated: true, bytes: json.length };
}
