/**
 * The middle column: the tabs of the chats in hand, the selected chat's header, its transcript, the
 * "customer is typing…" line, the composer and the canned replies picker. With no chat in hand it says
 * how to get one.
 */
import { h } from '../../widget/dom.ts';
import type { CannedPicker } from './canned-picker.ts';
import { CHAT_PANEL_ID, type ChatTabs } from './chat-tabs.ts';
import { languageBadge } from './chips.ts';
import type { Composer } from './composer.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';
import { t } from './i18n.ts';
import { channelName, customerName, isolate, languageName } from './labels.ts';
import type { ConsoleStore } from './store.ts';
import { sinceText } from './time.ts';
import type { TranscriptView } from './transcript-view.ts';

export interface ChatPaneParts {
  readonly tabs: ChatTabs;
  readonly transcript: TranscriptView;
  readonly composer: Composer;
  readonly picker: CannedPicker;
}

export class ChatPane {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly empty: HTMLElement;
  private shownId: string | undefined;

  constructor(
    private readonly store: ConsoleStore,
    private readonly parts: ChatPaneParts,
  ) {
    this.header = h('header', { class: 'chat-head' });
    this.typing = h('div', { class: 'typing-line', 'aria-live': 'polite' });
    this.panel = h(
      'div',
      { class: 'chat-panel', id: CHAT_PANEL_ID, role: 'tabpanel' },
      this.header,
      parts.transcript.element,
      parts.transcript.announcer,
      this.typing,
      h('div', { class: 'composer-wrap' }, parts.picker.element, parts.composer.element),
    );
    this.empty = h(
      'div',
      { class: 'chat-empty' },
      icon(CONSOLE_ICONS.inbox, 'icon big'),
      h('h2', {}, t('chat.emptyTitle')),
      h('p', {}, t('chat.emptyText')),
    );
    this.element = h('main', { class: 'chat-pane' }, parts.tabs.element, this.panel, this.empty);

    store.subscribe((change) => {
      switch (change.kind) {
        case 'selected':
        case 'chats':
          this.render();
          break;
        case 'entry':
          if (change.id === store.selected) parts.transcript.append(change.entry);
          break;
        case 'note':
          if (change.id === store.selected) parts.transcript.appendNote(change.note);
          break;
        case 'pending':
          if (change.id === store.selected) parts.transcript.renderPending();
          break;
        case 'typing':
          if (change.id === store.selected) this.renderTyping();
          break;
        case 'chat':
          if (change.id === store.selected) {
            this.renderHeader();
            parts.transcript.refresh();
          }
          break;
        case 'connection':
          parts.composer.setConnected(store.connection === 'online');
          break;
      }
    });
    this.render();
  }

  /** Refreshes "with you since"; called every few seconds. */
  tick(): void {
    const since = this.header.querySelector<HTMLElement>('.since');
    const chat = this.store.selectedChat;
    if (since && chat)
      since.textContent = t('chat.withYou', { since: sinceText(chat.view.assignedAt, this.store.now()) });
  }

  private render(): void {
    const chat = this.store.selectedChat;
    this.panel.hidden = !chat;
    this.empty.hidden = chat !== undefined;
    const id = chat?.view.conversationId;
    if (id !== this.shownId) {
      this.shownId = id;
      this.parts.picker.close(false);
      this.parts.transcript.show(chat);
      // Once laid out (fonts, header), start at the newest message.
      requestAnimationFrame(() => this.parts.transcript.scrollToEnd());
      this.parts.composer.setChat(chat);
      if (chat) this.panel.setAttribute('aria-labelledby', `tab-${chat.view.conversationId}`);
    } else this.parts.transcript.refresh();
    this.renderHeader();
    this.renderTyping();
  }

  private renderHeader(): void {
    const chat = this.store.selectedChat;
    if (!chat) return;
    const { packet } = chat.view;
    this.header.replaceChildren(
      h('h2', { class: 'chat-title', dir: 'auto' }, customerName(packet.customer)),
      h(
        'p',
        { class: 'chat-sub' },
        languageBadge(packet.language),
        h('span', {}, languageName(packet.language)),
        h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
        h('span', {}, channelName(packet.channel)),
        h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
        h(
          'span',
          { class: 'since' },
          t('chat.withYou', { since: sinceText(chat.view.assignedAt, this.store.now()) }),
        ),
      ),
    );
  }

  private renderTyping(): void {
    const chat = this.store.selectedChat;
    const on = chat?.customerTyping ?? false;
    this.typing.classList.toggle('on', on);
    this.typing.replaceChildren(
      ...(on && chat
        ? [
            h('span', { class: 'typing-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
            h('span', {}, t('chat.typing', { name: isolate(customerName(chat.view.packet.customer)) })),
          ]
        : []),
    );
  }
}
