/** What changed in the console's state, as the store tells its views. */
import type { TranscriptEntryView } from '../../../src/adapters/web/protocol.ts';
import type { ConsoleServerFrame, NoteView } from '../../../src/handoff/console-protocol.ts';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting';
export type ClosedReason = Extract<ConsoleServerFrame, { type: 'chat-closed' }>['reason'];

export type Change =
  | { readonly kind: 'connection' }
  | { readonly kind: 'agent' }
  | { readonly kind: 'queue' }
  | { readonly kind: 'chats' }
  /** A chat came into the agent's hands: `taken` when it answers this console's take-next. */
  | { readonly kind: 'assigned'; readonly id: string; readonly taken: boolean }
  | { readonly kind: 'chat'; readonly id: string }
  | { readonly kind: 'entry'; readonly id: string; readonly entry: TranscriptEntryView }
  | { readonly kind: 'typing'; readonly id: string }
  | { readonly kind: 'pending'; readonly id: string }
  | { readonly kind: 'selected' }
  | { readonly kind: 'canned' }
  | { readonly kind: 'note'; readonly id: string; readonly note: NoteView }
  /** A channel was linked to or unlinked from the chat: its list of linked channels is out of date. */
  | { readonly kind: 'links'; readonly id: string }
  /** An answer to a read (customer, past, search-results, colleagues), for the panel that asked. */
  | {
      readonly kind: 'answer';
      readonly frame: Extract<
        ConsoleServerFrame,
        { type: 'customer' | 'past' | 'search-results' | 'colleagues' }
      >;
    }
  | { readonly kind: 'closed'; readonly id: string; readonly reason: ClosedReason; readonly name: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly ref?: string };
