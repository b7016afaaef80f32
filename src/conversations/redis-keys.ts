/**
 * Every Redis key hamdel writes for conversations, under one prefix. A conversation's keys carry its id as a
 * hash tag (`{id}`), so that on a Redis Cluster they live in one slot and one script can touch them together.
 */
export function conversationKeys(prefix: string) {
  const conv = (id: string) => `${prefix}conv:{${id}}`;
  return {
    conversation: conv,
    transcript: (id: string) => `${conv(id)}:log`,
    /** Hash: entry id → the search terms of that customer's or agent's line (indexed-terms.ts), space-separated. */
    terms: (id: string) => `${conv(id)}:terms`,
    inbox: (id: string) => `${conv(id)}:inbox`,
    lock: (id: string) => `${conv(id)}:lock`,
    events: (id: string) => `${conv(id)}:events`,
    /** List (JSON): agents' internal notes on the conversation, never shown to the customer. */
    notes: (id: string) => `${conv(id)}:notes`,
    result: (id: string, messageKey: string) => `${conv(id)}:done:${messageKey}`,
    /** A platform message id already queued in this conversation (dedupe is per conversation). */
    seen: (id: string, messageKey: string) => `${conv(id)}:seen:${messageKey}`,
    customer: (channel: string, id: string) => `${prefix}customer:{${channel}:${id}}`,
    /** Set: the ids of the customer's conversations (found without a SCAN when their data is exported or erased). */
    customerConversations: (channel: string, id: string) =>
      `${prefix}customer:{${channel}:${id}}:conversations`,
  };
}

export type ConversationKeys = ReturnType<typeof conversationKeys>;
