import type { InboundMessage } from '../core/message.ts';
import type { Conversation } from './conversation.ts';
import type { ConversationStore } from './conversation-store.ts';

/** The conversation a customer's message belongs to (created on the first one), with the customer seen now. */
export async function openConversation(
  store: ConversationStore,
  message: InboundMessage,
): Promise<Conversation> {
  const conversation = await store.ensure({
    id: message.conversationId,
    channel: message.channel,
    customerId: message.customer.id,
  });
  await store.touchCustomer({
    channel: message.channel,
    id: message.customer.id,
    conversationId: message.conversationId,
    ...(message.customer.displayName ? { displayName: message.customer.displayName } : {}),
  });
  return conversation;
}
