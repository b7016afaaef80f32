/**
 * Where the agent writes: a growing textarea (dir="auto", in the chat's language), the canned replies button,
 * the shortcuts help and Send. Enter sends, Shift+Enter starts a new line. Each chat keeps its own draft.
 * While the agent types, `onTyping` fires at most once per `typingIntervalMs`.
 */
import { type TypingNotice, wireComposeKeys } from '../../shared/compose-keys.ts';
import { h } from '../../widget/dom.ts';
import type { ChatState } from './chat-state.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';
import { customerName, isolate } from './labels.ts';
import { shortcutHelp } from './shortcuts.ts';

export interface ComposerOptions {
  readonly onSend: (text: string) => void;
  readonly onTyping: () => void;
  readonly onCanned: () => void;
  /** Default 2 500 ms. */
  readonly typingIntervalMs?: number;
  /** Longest message the server takes. Default 4 000 characters. */
  readonly maxLength?: number;
}

const MAX_HEIGHT_PX = 180;

export class Composer {
  readonly element: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly cannedButton: HTMLButtonElement;
  private readonly note: HTMLElement;
  private chat: ChatState | undefined;
  private readonly typing: TypingNotice;
  private connected = true;

  constructor(private readonly options: ComposerOptions) {
    this.input = h('textarea', {
      class: 'composer-input',
      dir: 'auto',
      rows: 2,
      maxlength: options.maxLength ?? 4000,
      'aria-label': 'Reply',
      'aria-keyshortcuts': 'Alt+C',
    });
    this.cannedButton = h(
      'button',
      { type: 'button', class: 'tool-button', 'aria-keyshortcuts': 'Alt+R', title: 'Canned replies (Alt+R)' },
      icon(CONSOLE_ICONS.reply),
      h('span', {}, 'Canned replies'),
    );
    this.sendButton = h(
      'button',
      { type: 'submit', class: 'send-button', title: 'Send (Enter)' },
      h('span', {}, 'Send'),
      icon(CONSOLE_ICONS.send),
    );
    this.note = h('span', { class: 'composer-note', 'aria-live': 'polite' });
    this.element = h(
      'form',
      { class: 'composer', 'aria-label': 'Reply to the customer' },
      this.input,
      h(
        'div',
        { class: 'composer-bar' },
        this.cannedButton,
        shortcutHelp(),
        this.note,
        h('span', { class: 'composer-spacer' }),
        this.sendButton,
      ),
    );
    this.cannedButton.addEventListener('click', () => options.onCanned());
    this.typing = wireComposeKeys(this.element, this.input, {
      submit: () => this.submit(),
      onInput: () => {
        if (this.chat) this.chat.draft = this.input.value;
        this.update();
      },
      onTyping: () => options.onTyping(),
      typingIntervalMs: options.typingIntervalMs ?? 2500,
    });
  }

  /** Shows the composer for a chat, with that chat's draft. */
  setChat(chat: ChatState | undefined): void {
    if (this.chat === chat) return;
    this.chat = chat;
    this.typing.reset();
    this.input.value = chat?.draft ?? '';
    this.input.lang = chat?.view.packet.language ?? '';
    this.input.placeholder = chat
      ? `Reply to ${isolate(customerName(chat.view.packet.customer))}… (Enter to send, Shift+Enter for a new line)`
      : '';
    this.update();
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    this.update();
  }

  focus(): void {
    this.input.focus();
  }

  /** Puts text where the cursor is (replacing a selection), ready to edit; never sends. */
  insert(text: string): void {
    const { selectionStart, selectionEnd, value } = this.input;
    const before = value.slice(0, selectionStart);
    const after = value.slice(selectionEnd);
    const gapBefore = before && !/\s$/.test(before) ? ' ' : '';
    const gapAfter = after && !/^\s/.test(after) ? ' ' : '';
    this.input.value = before + gapBefore + text + gapAfter + after;
    const cursor = (before + gapBefore + text).length;
    this.input.focus();
    this.input.setSelectionRange(cursor, cursor);
    if (this.chat) this.chat.draft = this.input.value;
    this.update();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || !this.chat || !this.connected) return;
    this.options.onSend(text);
    this.input.value = '';
    this.chat.draft = '';
    this.typing.reset();
    this.update();
  }

  private update(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_HEIGHT_PX)}px`;
    this.sendButton.disabled = !this.chat || !this.connected || this.input.value.trim() === '';
    this.input.disabled = !this.chat;
    this.cannedButton.disabled = !this.chat;
    this.note.textContent = this.connected ? '' : 'Offline: your draft is kept; send it once reconnected.';
  }
}
