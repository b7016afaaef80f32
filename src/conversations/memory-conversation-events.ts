import type {
  ConversationEvent,
  ConversationEventHandler,
  ConversationEvents,
} from './conversation-events.ts';

/** Conversation events within one process: for tests and single-process use. */
export class MemoryConversationEvents implements ConversationEvents {
  private readonly handlers = new Map<string, Set<ConversationEventHandler>>();

  async publish(conversationId: string, event: ConversationEvent): Promise<void> {
    for (const handler of [...(this.handlers.get(conversationId) ?? [])]) handler(event);
  }

  async subscribe(conversationId: string, handler: ConversationEventHandler): Promise<() => Promise<void>> {
    const set = this.handlers.get(conversationId) ?? new Set();
    set.add(handler);
    this.handlers.set(conversationId, set);
    return async () => {
      set.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
