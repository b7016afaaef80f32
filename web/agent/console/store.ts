/**
 * The console's state, fed by server frames and the agent's own actions. Views subscribe and get told what
 * changed, so each redraws only its part. Transcripts are kept per chat, de-duplicated and ordered by entry id.
 */
import type { TranscriptEntryView } from '../../../src/adapters/web/protocol.ts';
import type { AgentStatus } from '../../../src/agents/agent.ts';
import type { Language } from '../../../src/core/language.ts';
import type {
  CannedReply,
  ChatView,
  ConsoleAgent,
  ConsoleServerFrame,
  QueueItemView,
} from '../../../src/handoff/console-protocol.ts';
import type { Change, ClosedReason, ConnectionState } from './changes.ts';
import type { ChatState, PendingSay } from './chat-state.ts';
import { createChat, failCommand, failEverything, insertEntry, settlePending } from './chat-state.ts';

type Listener = (change: Change) => void;

const TYPING_TIMEOUT_MS = 8000;
const EMPTY_CANNED: Readonly<Record<Language, readonly CannedReply[]>> = { fa: [], ar: [], en: [] };

export class ConsoleStore {
  connection: ConnectionState = 'connecting';
  agent: ConsoleAgent | undefined;
  status: AgentStatus = 'offline';
  /** Server clock minus this page's clock, in ms. */
  clockOffset = 0;
  queue: readonly QueueItemView[] = [];
  agentsOnline = 0;
  readonly chats = new Map<string, ChatState>();
  selected: string | undefined;
  canned: Readonly<Record<Language, readonly CannedReply[]>> = EMPTY_CANNED;
  /** The ref of a take-next (or a take) on its way. */
  takeNextRef: string | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  subscribe(listener: Listener): void {
    this.listeners.add(listener);
  }

  emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }

  /** Now on the server's clock. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  get capacity(): number {
    return this.agent?.capacity ?? 0;
  }

  get atCapacity(): boolean {
    return this.chats.size >= this.capacity;
  }

  get selectedChat(): ChatState | undefined {
    return this.selected ? this.chats.get(this.selected) : undefined;
  }

  /** Chats in the order they came into the agent's hands. */
  chatList(): ChatState[] {
    return [...this.chats.values()].sort((a, b) => a.view.assignedAt - b.view.assignedAt);
  }

  totalUnread(): number {
    return [...this.chats.values()].reduce((total, chat) => total + chat.unread, 0);
  }

  setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    if (state !== 'online') this.failAllPending();
    this.emit({ kind: 'connection' });
  }

  select(id: string | undefined): void {
    const chat = id ? this.chats.get(id) : undefined;
    this.selected = chat ? id : undefined;
    if (chat && chat.unread > 0) {
      chat.unread = 0;
      this.emit({ kind: 'chat', id: chat.view.conversationId });
    }
    this.emit({ kind: 'selected' });
  }

  /** Applies one server frame. */
  apply(frame: ConsoleServerFrame): void {
    switch (frame.type) {
      case 'hello':
        this.agent = frame.agent;
        this.status = frame.agent.status;
        this.clockOffset = frame.serverTime - Date.now();
        this.emit({ kind: 'agent' });
        return;
      case 'status':
        this.status = frame.status;
        this.emit({ kind: 'agent' });
        return;
      case 'queue':
        this.queue = [...frame.waiting].sort((a, b) => a.position - b.position);
        this.agentsOnline = frame.agentsOnline;
        this.clockOffset = frame.serverTime - Date.now();
        this.emit({ kind: 'queue' });
        return;
      case 'chats':
        this.replaceChats(frame.chats);
        return;
      case 'chat':
        this.upsertChat(frame.chat);
        return;
      case 'entry':
        this.addEntry(frame.conversationId, frame.entry);
        return;
      case 'typing':
        this.setTyping(frame.conversationId, frame.on);
        return;
      case 'chat-closed':
        this.removeChat(frame.conversationId, frame.reason);
        return;
      case 'links-changed':
        this.emit({ kind: 'links', id: frame.conversationId });
        return;
      case 'canned':
        this.canned = frame.replies;
        this.emit({ kind: 'canned' });
        return;
      case 'note': {
        const chat = this.chats.get(frame.conversationId);
        if (!chat || chat.notes.some((n) => n.id === frame.note.id)) return;
        chat.notes.push(frame.note);
        this.emit({ kind: 'note', id: frame.conversationId, note: frame.note });
        return;
      }
      case 'tags': {
        const chat = this.chats.get(frame.conversationId);
        if (!chat) return;
        chat.view = { ...chat.view, tags: frame.tags };
        this.emit({ kind: 'chat', id: frame.conversationId });
        return;
      }
      case 'customer':
      case 'past':
      case 'search-results':
      case 'colleagues':
        this.emit({ kind: 'answer', frame });
        return;
      case 'error':
        this.failRef(frame.ref);
        this.emit({ kind: 'error', code: frame.code, message: frame.message, ref: frame.ref });
        return;
    }
  }

  /** The customer typing indicator; a forgotten "on" goes off by itself after `TYPING_TIMEOUT_MS`. */
  setTyping(id: string, on: boolean): void {
    const chat = this.chats.get(id);
    if (!chat) return;
    clearTimeout(this.typingTimers.get(id));
    this.typingTimers.delete(id);
    if (on)
      this.typingTimers.set(
        id,
        setTimeout(() => this.setTyping(id, false), TYPING_TIMEOUT_MS),
      );
    if (chat.customerTyping === on) return;
    chat.customerTyping = on;
    this.emit({ kind: 'typing', id });
  }

  addPending(id: string, pending: PendingSay): void {
    const chat = this.chats.get(id);
    if (!chat) return;
    chat.pending.push(pending);
    this.emit({ kind: 'pending', id });
  }

  removePending(id: string, ref: string): void {
    const chat = this.chats.get(id);
    if (!chat) return;
    chat.pending = chat.pending.filter((p) => p.ref !== ref);
    this.emit({ kind: 'pending', id });
  }

  private replaceChats(chats: readonly ChatView[]): void {
    const fresh = new Set(chats.map((c) => c.conversationId));
    for (const id of [...this.chats.keys()]) if (!fresh.has(id)) this.chats.delete(id);
    for (const view of chats) this.upsertChat(view, false);
    if (!this.selected || !this.chats.has(this.selected))
      this.selected = this.chatList()[0]?.view.conversationId;
    this.emit({ kind: 'chats' });
    this.emit({ kind: 'selected' });
  }

  private upsertChat(view: ChatView, announce = true): void {
    const id = view.conversationId;
    let chat = this.chats.get(id);
    const isNew = !chat;
    if (!chat) {
      chat = createChat(view);
      this.chats.set(id, chat);
    }
    chat.view = view;
    chat.notes = [...view.notes];
    for (const entry of view.transcript) {
      if (insertEntry(chat, entry) && this.isMine(entry)) settlePending(chat, entry);
    }
    chat.action = undefined;
    if (!announce) return;
    if (!isNew) {
      this.emit({ kind: 'chat', id });
      return;
    }
    const taken = this.takeNextRef !== undefined;
    this.takeNextRef = undefined;
    if (!taken && this.selected !== undefined) chat.unread = Math.max(chat.unread, 1);
    this.emit({ kind: 'chats' });
    this.emit({ kind: 'assigned', id, taken });
    if (taken || !this.selected) this.select(id);
  }

  private addEntry(id: string, entry: TranscriptEntryView): void {
    const chat = this.chats.get(id);
    if (!chat || !insertEntry(chat, entry)) return;
    if (entry.author.kind === 'customer') {
      this.setTyping(id, false);
      if (this.selected !== id || document.hidden) chat.unread += 1;
    }
    if (this.isMine(entry) && settlePending(chat, entry)) this.emit({ kind: 'pending', id });
    this.emit({ kind: 'entry', id, entry });
    this.emit({ kind: 'chat', id });
  }

  private isMine(entry: TranscriptEntryView): boolean {
    return entry.author.kind === 'agent' && entry.author.id === this.agent?.id;
  }

  private removeChat(id: string, reason: ClosedReason): void {
    const chat = this.chats.get(id);
    if (!chat) return;
    this.chats.delete(id);
    if (this.selected === id) this.selected = this.chatList()[0]?.view.conversationId;
    const name = chat.view.packet.customer.displayName ?? '';
    this.emit({ kind: 'chats' });
    this.emit({ kind: 'selected' });
    this.emit({ kind: 'closed', id, reason, name });
  }

  private failRef(ref: string | undefined): void {
    if (!ref) return;
    if (ref === this.takeNextRef) this.takeNextRef = undefined;
    for (const chat of this.chats.values()) {
      const changed = failCommand(chat, ref);
      if (changed.action) this.emit({ kind: 'chat', id: chat.view.conversationId });
      if (changed.pending) this.emit({ kind: 'pending', id: chat.view.conversationId });
    }
  }

  /** The connection dropped: nothing on its way can be trusted to arrive. */
  private failAllPending(): void {
    this.takeNextRef = undefined;
    for (const chat of this.chats.values()) {
      if (failEverything(chat)) this.emit({ kind: 'pending', id: chat.view.conversationId });
    }
  }
}
