/**
 * The chats in hand as tabs (ARIA tab pattern: arrow keys move, Home/End jump), each with the customer's
 * name, language, an unread dot and, for an upset customer, a red marker.
 */
import { h } from '../../widget/dom.ts';
import type { ChatState } from './chat-state.ts';
import { languageBadge } from './chips.ts';
import { num, t } from './i18n.ts';
import { customerName } from './labels.ts';
import type { ConsoleStore } from './store.ts';

export const CHAT_PANEL_ID = 'chat-panel';

export class ChatTabs {
  readonly element: HTMLElement;
  private readonly tabs = new Map<string, HTMLButtonElement>();

  constructor(private readonly store: ConsoleStore) {
    this.element = h('div', { class: 'chat-tabs', role: 'tablist', 'aria-label': t('tabs.label') });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    store.subscribe((change) => {
      if (change.kind === 'chats' || change.kind === 'selected') this.render();
      else if (change.kind === 'chat' || change.kind === 'typing') this.refresh(change.id);
    });
    this.render();
  }

  /** Selects the chat `step` places away from the selected one (wrapping). */
  move(step: number): void {
    const chats = this.store.chatList();
    if (chats.length === 0) return;
    const index = chats.findIndex((c) => c.view.conversationId === this.store.selected);
    const next = chats[(index + step + chats.length) % chats.length];
    if (next) this.store.select(next.view.conversationId);
  }

  /** Selects the n-th chat (1-based). */
  selectNumber(n: number): void {
    const chat = this.store.chatList()[n - 1];
    if (chat) this.store.select(chat.view.conversationId);
  }

  private render(): void {
    const hadFocus = this.element.contains(document.activeElement);
    this.tabs.clear();
    const chats = this.store.chatList();
    this.element.replaceChildren(
      ...chats.map((chat, index) => {
        const tab = this.tab(chat, index);
        this.tabs.set(chat.view.conversationId, tab);
        return tab;
      }),
    );
    this.element.hidden = chats.length === 0;
    if (hadFocus && this.store.selected) this.tabs.get(this.store.selected)?.focus();
  }

  private refresh(id: string): void {
    const chat = this.store.chats.get(id);
    const old = this.tabs.get(id);
    if (!chat || !old) return;
    const index = this.store.chatList().indexOf(chat);
    const tab = this.tab(chat, index);
    const hadFocus = document.activeElement === old;
    old.replaceWith(tab);
    this.tabs.set(id, tab);
    if (hadFocus) tab.focus();
  }

  private tab(chat: ChatState, index: number): HTMLButtonElement {
    const id = chat.view.conversationId;
    const selected = id === this.store.selected;
    const { packet } = chat.view;
    const angry = packet.anger?.level === 'angry';
    const label = customerName(packet.customer);
    const tab = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: `chat-tab${selected ? ' selected' : ''}${chat.unread > 0 ? ' unread' : ''}`,
        id: `tab-${id}`,
        'aria-selected': selected ? 'true' : 'false',
        'aria-controls': CHAT_PANEL_ID,
        tabindex: selected ? 0 : -1,
        title: index < 9 ? t('tabs.title', { name: label, n: index + 1 }) : label,
      },
      languageBadge(packet.language),
      h('span', { class: 'tab-name', dir: 'auto' }, label),
      angry ? h('span', { class: 'tab-anger', title: t('tabs.upset') }, '!') : undefined,
      chat.customerTyping ? h('span', { class: 'tab-typing', 'aria-hidden': 'true' }, '…') : undefined,
      chat.unread > 0
        ? h(
            'span',
            { class: 'unread-count', 'aria-label': t('tabs.unread', { n: chat.unread }) },
            num(chat.unread),
          )
        : undefined,
    );
    tab.addEventListener('click', () => this.store.select(id));
    return tab;
  }

  private onKey(event: KeyboardEvent): void {
    const chats = this.store.chatList();
    let target: ChatState | undefined;
    const index = chats.findIndex((c) => c.view.conversationId === this.store.selected);
    if (event.key === 'ArrowRight') target = chats[(index + 1) % chats.length];
    else if (event.key === 'ArrowLeft') target = chats[(index - 1 + chats.length) % chats.length];
    else if (event.key === 'Home') target = chats[0];
    else if (event.key === 'End') target = chats[chats.length - 1];
    if (!target) return;
    event.preventDefault();
    this.store.select(target.view.conversationId);
    this.tabs.get(target.view.conversationId)?.focus();
  }
}
