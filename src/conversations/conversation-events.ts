import type { TranscriptEntry } from './conversation.ts';
import type { Language } from '../core/language.ts';

/** What happens in a conversation, told to every process that serves it (over Redis pub/sub). */
export type ConversationEvent =
  | { readonly type: 'entry'; readonly entry: TranscriptEntry }
  | { readonly type: 'typing'; readonly who: 'bot' | 'agent' | 'customer'; readonly on: boolean }
  | { readonly type: 'language'; readonly language: Language }
  | { readonly type: 'turn-done'; readonly messageKey: string };

export type ConversationEventHandler = (event: ConversationEvent) => void;

/** Publishes and subscribes to conversation events across processes. */
export interface ConversationEvents {
  publish(conversationId: string, event: ConversationEvent): Promise<void>;
  /** Returns a function that ends the subscription; resolves once the subscription is active. */
  subscribe(conversationId: string, handler: ConversationEventHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
