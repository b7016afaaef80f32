import type { Clock } from '../core/clock.ts';
import type { InboundMessage, OutboundMessage } from '../core/message.ts';
import type { TranscriptEntry } from '../conversations/conversation.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { TurnHandler } from '../conversations/turn-queue.ts';
import type { DialogEngine } from './dialog-engine.ts';

export interface TurnRunnerOptions {
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly engine: DialogEngine;
  readonly clock: Clock;
  /** Sends the bot's replies out on channels that are not fed by conversation events (Telegram, Slack...). */
  readonly deliver?: (replies: readonly OutboundMessage[], inReplyTo: InboundMessage) => Promise<void>;
}

/**
 * One turn, with its storage: records the customer's message, runs the dialog engine, saves the
 * conversation's changes and the bot's replies, and tells every process serving the conversation.
 */
export function createTurnRunner(options: TurnRunnerOptions): TurnHandler {
  const { store, events, engine, clock } = options;
  return async (message) => {
    const conversation = await store.ensure({
      id: message.conversationId,
      channel: message.channel,
      customerId: message.customer.id,
    });
    await store.touchCustomer({
      channel: message.channel,
      id: message.customer.id,
      ...(message.customer.displayName ? { displayName: message.customer.displayName } : {}),
    });
    await events.publish(conversation.id, { type: 'typing', who: 'bot', on: true });
    try {
      const result = await engine.run(message, conversation);
      const customerEntry = await store.append(conversation.id, {
        author: { kind: 'customer' },
        text: result.customerText,
        at: message.sentAt,
        language: result.language,
        platformMessageId: message.platformMessageId,
        raw: keepRaw(message.raw),
      });
      await events.publish(conversation.id, { type: 'entry', entry: customerEntry });
      if (Object.keys(result.patch).length > 0) await store.update(conversation.id, result.patch);
      if (result.patch.language) {
        await events.publish(conversation.id, { type: 'language', language: result.patch.language });
      }
      const replies: TranscriptEntry[] = [];
      for (const reply of result.replies) {
        const entry = await store.append(conversation.id, {
          author: { kind: 'bot' },
          text: reply.text,
          at: clock.now(),
          language: result.language,
          meta: reply.meta,
          ...(reply.choices ? { choices: reply.choices } : {}),
        });
        replies.push(entry);
        await events.publish(conversation.id, { type: 'entry', entry });
      }
      if (options.deliver && replies.length > 0) {
        await options.deliver(
          replies.map((entry) => toOutbound(message, entry)),
          message,
        );
      }
      return replies;
    } finally {
      await events.publish(conversation.id, { type: 'typing', who: 'bot', on: false });
    }
  };
}

/** Raw payloads larger than this are replaced by a note of their size. */
const MAX_RAW_BYTES = 16 * 1024;

function keepRaw(raw: unknown): unknown {
  const json = JSON.stringify(raw ?? null);
  return json.length <= MAX_RAW_BYTES ? raw : { truncated: true, bytes: json.length };
}

/** A stored reply as the message a channel adapter sends. */
export function toOutbound(inbound: InboundMessage, entry: TranscriptEntry): OutboundMessage {
  return {
    direction: 'out',
    channel: inbound.channel,
    conversationId: inbound.conversationId,
    author: entry.author,
    text: entry.text,
    language: entry.language ?? 'en',
    sentAt: entry.at,
    ...(entry.choices ? { choices: entry.choices } : {}),
    ...(entry.meta ? { meta: entry.meta } : {}),
  };
}
