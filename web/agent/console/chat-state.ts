/** One chat in the agent's hands as the console keeps it: its packet, its ordered transcript, drafts and sends. */
import type { TranscriptEntryView } from '../../../src/adapters/web/protocol.ts';
import type { ChatView, NoteView } from '../../../src/handoff/console-protocol.ts';
import { compareEntryIds } from '../../widget/entry-id.ts';

/** A message the agent sent that the server has not echoed back yet. */
export interface PendingSay {
  readonly ref: string;
  readonly text: string;
  readonly at: number;
  failed: boolean;
}

export interface ChatState {
  view: ChatView;
  /** De-duplicated, in id order. */
  readonly entries: TranscriptEntryView[];
  readonly ids: Set<string>;
  unread: number;
  customerTyping: boolean;
  /** What the agent has typed and not sent, kept while they look at another chat. */
  draft: string;
  pending: PendingSay[];
  /** Internal notes, oldest first. */
  notes: NoteView[];
  /** A release, transfer or resolve is on its way: its ref. */
  action?: string;
}

export function createChat(view: ChatView): ChatState {
  return {
    view,
    entries: [],
    ids: new Set(),
    unread: 0,
    customerTyping: false,
    draft: '',
    pending: [],
    notes: [...view.notes],
  };
}

/** Adds an entry in id order; returns false if it was already there. */
export function insertEntry(chat: ChatState, entry: TranscriptEntryView): boolean {
  if (chat.ids.has(entry.id)) return false;
  chat.ids.add(entry.id);
  const last = chat.entries[chat.entries.length - 1];
  chat.entries.push(entry);
  if (last && compareEntryIds(last.id, entry.id) > 0)
    chat.entries.sort((a, b) => compareEntryIds(a.id, b.id));
  return true;
}

/**
 * The server's echo of the agent's own message replaces its pending bubble: matched by ref (when the server
 * puts the `say` ref in `clientMessageId`), else by the oldest pending with the same text.
 */
export function settlePending(chat: ChatState, entry: TranscriptEntryView): boolean {
  let index = entry.clientMessageId ? chat.pending.findIndex((p) => p.ref === entry.clientMessageId) : -1;
  if (index < 0) index = chat.pending.findIndex((p) => p.text.trim() === entry.text.trim());
  if (index < 0) return false;
  chat.pending.splice(index, 1);
  return true;
}

/** A command with this ref failed: its action frees the buttons, its message shows "Not sent". */
export function failCommand(chat: ChatState, ref: string): { action: boolean; pending: boolean } {
  const action = chat.action === ref;
  if (action) chat.action = undefined;
  const pending = chat.pending.find((p) => p.ref === ref);
  if (pending) pending.failed = true;
  return { action, pending: pending !== undefined };
}

/** Every send on its way failed (the connection dropped); returns whether any pending message changed. */
export function failEverything(chat: ChatState): boolean {
  chat.action = undefined;
  const changed = chat.pending.some((p) => !p.failed);
  for (const p of chat.pending) p.failed = true;
  return changed;
}
