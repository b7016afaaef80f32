import type { ChannelName, DeliveryContext, OutboundMessage } from '../core/message.ts';
import type { Conversation } from '../conversations/conversation.ts';

/** The few logger methods channels use (pino's and Fastify's loggers fit). */
export interface ChannelLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * What a channel does on the way out. Inbound, an adapter verifies the platform's request, translates it
 * into an `InboundMessage` and hands it to the turn queue (`TurnQueue.submit`); outbound, hamdel calls these.
 * The web widget needs none of them (it follows conversation events over its WebSocket).
 */
export interface ChannelAdapter {
  readonly channel: ChannelName;
  /** Sends what the bot, an agent or the system said to the customer on this channel. */
  deliver(
    conversation: Conversation,
    messages: readonly OutboundMessage[],
    context?: DeliveryContext,
  ): Promise<void>;
  /** A waiting customer's place in line and wait changed: shown in place where the platform can edit. */
  showWait?(
    conversation: Conversation,
    wait: { readonly position: number; readonly text: string },
  ): Promise<void>;
  /** The bot or an agent is writing. */
  showTyping?(conversation: Conversation, on: boolean): Promise<void>;
}

/**
 * The adapters by channel; hamdel's outbound calls go through it. Unknown channels are skipped. Showing a
 * wait or typing is best effort: a failure there is reported to `onError` and does not fail the turn.
 */
export class ChannelRegistry {
  private readonly adapters = new Map<ChannelName, ChannelAdapter>();

  constructor(private readonly onError: (error: unknown, channel: ChannelName) => void = () => undefined) {}

  register(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.channel, adapter);
  }

  get(channel: ChannelName): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  /**
   * Sends on the channel the customer wrote from last (`routeOf`); false when that channel has no adapter
   * (the web widget, which follows the conversation's events).
   */
  readonly deliver = async (
    conversation: Conversation,
    messages: readonly OutboundMessage[],
    context?: DeliveryContext,
  ): Promise<boolean> => {
    const route = routeOf(conversation);
    const adapter = this.adapters.get(route.channel);
    if (!adapter) return false;
    const routed = messages.map((m) => ({ ...m, channel: route.channel, conversationId: route.id }));
    await adapter.deliver(route, routed, context);
    return true;
  };

  async showWait(conversation: Conversation, wait: { position: number; text: string }): Promise<void> {
    const route = routeOf(conversation);
    try {
      await this.adapters.get(route.channel)?.showWait?.(route, wait);
    } catch (error) {
      this.onError(error, route.channel);
    }
  }

  async showTyping(conversation: Conversation, on: boolean): Promise<void> {
    const route = routeOf(conversation);
    try {
      await this.adapters.get(route.channel)?.showTyping?.(route, on);
    } catch (error) {
      this.onError(error, route.channel);
    }
  }
}

/**
 * The conversation as the adapter of the channel the customer wrote from last sees it: with that channel
 * and that channel's own conversation id (a linked address), from which the adapter finds its chat.
 */
export function routeOf(conversation: Conversation): Conversation {
  const { lastChannel, lastAddress } = conversation;
  if (lastChannel === undefined || lastAddress === undefined) return conversation;
  return { ...conversation, id: lastAddress, channel: lastChannel };
}
