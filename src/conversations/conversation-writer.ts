import type { DeliveryContext, OutboundMessage } from '../core/message.ts';
import type { Conversation, NewTranscriptEntry, TranscriptEntry } from './conversation.ts';
import type { ConversationEvents } from './conversation-events.ts';
import type { ConversationStore } from './conversation-store.ts';

/**
 * Sends messages out through the conversation's channel (Telegram, Slack...); the web widget needs none.
 * Resolves false when nothing was sent because the channel has no outbound side.
 */
export type Deliver = (
  conversation: Conversation,
  messages: readonly OutboundMessage[],
  context?: DeliveryContext,
) => Promise<unknown>;

/**
 * The one way anything is said in a conversation: the entry is appended to the transcript, announced to
 * every process serving the conversation, and (unless the customer wrote it) sent out on the channel.
 */
export class ConversationWriter {
  constructor(
    private readonly o: { store: ConversationStore; events: ConversationEvents; deliver?: Deliver },
  ) {}

  async post(conversation: Conversation, entries: readonly NewTranscriptEntry[]): Promise<TranscriptEntry[]> {
    const written: TranscriptEntry[] = [];
    for (const entry of entries) {
      const stored = await this.o.store.append(conversation.id, routed(conversation, entry));
      written.push(stored);
      await this.o.events.publish(conversation.id, { type: 'entry', entry: stored });
    }
    await this.deliver(conversation, written);
    return written;
  }

  /** Tells every process serving the conversation about entries already stored (sent at once, in order). */
  async announce(conversationId: string, entries: readonly TranscriptEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) => this.o.events.publish(conversationId, { type: 'entry', entry })),
    );
  }

  /** Sends stored entries not written by the customer out on the conversation's channel; false if none. */
  async deliver(
    conversation: Conversation,
    entries: readonly TranscriptEntry[],
    context?: DeliveryContext,
  ): Promise<boolean> {
    const outgoing = entries.filter((e) => e.author.kind !== 'customer');
    if (!this.o.deliver || outgoing.length === 0) return false;
    const sent = await this.o.deliver(
      conversation,
      outgoing.map((entry) => toOutbound(conversation, entry)),
      context,
    );
    return sent !== false;
  }
}

/**
 * An outbound entry of a linked conversation records the channel it goes out on (the one the customer
 * wrote from last: ChannelRegistry's `routeOf`), so the agent sees where each reply went.
 */
export function routed(conversation: Conversation, entry: NewTranscriptEntry): NewTranscriptEntry {
  const channel = conversation.lastChannel;
  if (channel === undefined || entry.author.kind === 'customer' || entry.channel !== undefined) return entry;
  return { ...entry, channel };
}

/** A stored entry as the message a channel adapter sends. */
export function toOutbound(conversation: Conversation, entry: TranscriptEntry): OutboundMessage {
  return {
    direction: 'out',
    channel: conversation.channel,
    conversationId: conversation.id,
    author: entry.author,
    text: entry.text,
    language: entry.language ?? conversation.language ?? 'en',
    sentAt: entry.at,
    entryId: entry.id,
    ...(entry.choices ? { choices: entry.choices } : {}),
    ...(entry.meta ? { meta: entry.meta } : {}),
  };
}
