import type { TranscriptEntry } from './conversation.ts';
import type { Language } from '../core/language.ts';

/** What happens in a conversation, told to every process that serves it (over Redis pub/sub). */
export type ConversationEvent =
  | { readonly type: 'entry'; readonly entry: TranscriptEntry }
  | { readonly type: 'typing'; readonly who: 'bot' | 'agent' | 'customer'; readonly on: boolean }
  | { readonly type: 'language'; readonly language: Language }
  | { readonly type: 'turn-done'; readonly messageKey: string }
  /** A waiting customer's place and wait changed: shown in place of the last notice where the channel can. */
  | { readonly type: 'wait'; readonly position: number; readonly text: string }
  /** On a channel address: it was linked to the customer's home conversation `to` (widgets follow it there). */
  | { readonly type: 'moved'; readonly to: string }
  /** On a home conversation: the channel address `address` was joined to it (agents' lists of links refresh). */
  | { readonly type: 'linked'; readonly address: string }
  /** On a home conversation: the channel address `address` was parted from it (its widget goes back to its own). */
  | { readonly type: 'unlinked'; readonly address: string }
  /** On QUEUE_CHANNEL: the human queue changed (a ticket came, was taken, left); consoles refresh. */
  | { readonly type: 'queue-changed' }
  /** On a conversation: the chat changed hands or state (agents' consoles refresh it). */
  | {
      readonly type: 'handoff';
      readonly change: 'queued' | 'taken' | 'released' | 'transferred' | 'resolved' | 'cancelled';
      readonly agentId?: string;
    }
  /** On AGENTS_CHANNEL: an agent's access was taken back; every process closes that agent's consoles. */
  | {
      readonly type: 'agent-revoked';
      readonly agentId: string;
      readonly reason: 'removed' | 'deactivated' | 'role-changed' | 'password-changed';
    }
  /** On SETTINGS_CHANNEL: an admin changed teams, hours or routing rules; every process reads them again. */
  | { readonly type: 'settings-changed' }
  /** On CONTENT_CHANNEL: an editor saved a content file (seq: its place in the editors' saves, content-sync.ts). */
  | { readonly type: 'content-changed'; readonly path: string; readonly seq: number };

/** The pseudo conversation on which human-queue events are published. */
export const QUEUE_CHANNEL = '_handoff-queue';

/** The pseudo conversation on which agents' account changes are published (`agent-revoked`). */
export const AGENTS_CHANNEL = '_agents';

/** The pseudo conversation on which admins' changes to teams and routing are published. */
export const SETTINGS_CHANNEL = '_settings';

/** The pseudo conversation on which editors' saves of content files are announced (src/editor/content-sync.ts). */
export const CONTENT_CHANNEL = '_content';

export type ConversationEventHandler = (event: ConversationEvent) => void;

/** Publishes and subscribes to conversation events across processes. */
export interface ConversationEvents {
  publish(conversationId: string, event: ConversationEvent): Promise<void>;
  /** Returns a function that ends the subscription; resolves once the subscription is active. */
  subscribe(conversationId: string, handler: ConversationEventHandler): Promise<() => Promise<void>>;
  /**
   * Calls `listener` whenever delivery resumes after an interruption (the Redis connection was lost and is
   * subscribed again): events published in between were lost, so a subscriber that must not miss any
   * reads what it missed. Returns a function that removes the listener. Optional: in-process events are
   * never interrupted.
   */
  onResume?(listener: () => void): () => void;
  close(): Promise<void>;
}
