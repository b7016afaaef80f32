/**
 * Who this visitor is and which conversation they are in, kept across reloads so a returning visitor
 * continues where they left off.
 */
import { randomId, type KeyValueStore } from './storage.ts';

export interface Identity {
  readonly visitorId: string;
  conversationId(): string | undefined;
  rememberConversation(conversationId: string): void;
}

export function loadIdentity(store: KeyValueStore): Identity {
  let visitorId = store.get('visitor');
  if (!visitorId) {
    visitorId = randomId();
    store.set('visitor', visitorId);
  }
  return {
    visitorId,
    conversationId: () => store.get('conversation') || undefined,
    rememberConversation: (conversationId) => store.set('conversation', conversationId),
  };
}
