import type { ChannelAdapter } from '../channel-adapter.ts';
import type { Conversation } from '../../conversations/conversation.ts';
import type { DeliveryContext, OutboundMessage } from '../../core/message.ts';
import type { CallbackDelivery } from './callback-delivery.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import { defaultUrlFor } from './http-integrators.ts';
import { replyView } from './reply-view.ts';

/**
 * The HTTP channel's way back: every message to an HTTP customer that is not the answer to their own
 * request (agent replies, the wait in line, the satisfaction question, notices) joins the conversation's
 * callback outbox, which `CallbackDelivery` sends in order. Without a callback URL (the conversation's
 * own or, for HTTP_CHANNEL_TOKEN's integrator, HTTP_CHANNEL_CALLBACK_URL) nothing is queued: the
 * integrator polls the transcript instead.
 */
export class HttpCallbackAdapter implements ChannelAdapter {
  readonly channel = 'http';

  constructor(
    private readonly o: {
      readonly outbox: CallbackOutbox;
      readonly delivery: CallbackDelivery;
      readonly defaultUrl: string | undefined;
    },
  ) {}

  async deliver(
    conversation: Conversation,
    messages: readonly OutboundMessage[],
    context?: DeliveryContext,
  ): Promise<void> {
    if (context?.answering) return; // in the answer to POST /api/messages already
    for (const message of messages) {
      await this.queue(conversation, {
        type: 'message',
        message: replyView({ ...message, id: message.entryId, at: message.sentAt }),
      });
    }
  }

  async showWait(conversation: Conversation, wait: { position: number; text: string }): Promise<void> {
    await this.queue(conversation, { type: 'wait', wait: { position: wait.position, text: wait.text } });
  }

  private async queue(conversation: Conversation, fields: Record<string, unknown>): Promise<void> {
    const defaultUrl = defaultUrlFor(conversation.id, this.o.defaultUrl);
    if (!defaultUrl && !(await this.o.outbox.urlOf(conversation.id))) return;
    const { sequence, startChain } = await this.o.outbox.append(conversation.id, {
      conversationId: conversation.id,
      customerId: conversation.customerId,
      ...fields,
    });
    if (startChain) await this.o.delivery.schedule(conversation.id, sequence);
    else await this.o.delivery.nudge(conversation.id); // a chain runs, or a crash broke it: see `nudge`
  }
}
