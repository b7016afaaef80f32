/** Every Redis key hamdel writes for conversations, under one prefix. */
export function conversationKeys(prefix: string) {
  return {
    conversation: (id: string) => `${prefix}conv:${id}`,
    transcript: (id: string) => `${prefix}conv:${id}:log`,
    inbox: (id: string) => `${prefix}conv:${id}:inbox`,
    lock: (id: string) => `${prefix}conv:${id}:lock`,
    events: (id: string) => `${prefix}conv:${id}:events`,
    result: (id: string, messageKey: string) => `${prefix}conv:${id}:done:${messageKey}`,
    seen: (channel: string, platformMessageId: string) => `${prefix}seen:${channel}:${platformMessageId}`,
    customer: (channel: string, id: string) => `${prefix}customer:${channel}:${id}`,
  };
}

export type ConversationKeys = ReturnType<typeof conversationKeys>;
