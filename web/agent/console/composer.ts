/**
 * Where the agent writes: a growing textarea (dir="auto", in the chat's language), the canned replies button,
 * the shortcuts help and Send. Enter sends, Shift+Enter starts a new line. Each chat keeps its own draft.
 * While the agent types, `onTyping` fires at most once per `typingIntervalMs`.
 */
import { type TypingNotice, wireComposeKeys } from '../../shared/compose-keys.ts';
import { h } from '../../widget/dom.ts';
import type { ChatState } from './chat-state.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';
import { t } from './i18n.ts';
import { customerName, isolate } from './labels.ts';
import { shortcutHelp } from './shortcuts.ts';

export interface ComposerOptions {
  readonly onSend: (text: string) => void;
  /** An internal note (the composer in note mode). */
  readonly onNote: (text: string) => void;
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
  private noteMode = false;
  private readonly modeButtons: Record<'reply' | 'note', HTMLButtonElement>;
  private readonly sendLabel: HTMLElement;

  constructor(private readonly options: ComposerOptions) {
    this.input = h('textarea', {
      class: 'composer-input',
      dir: 'auto',
      rows: 2,
      maxlength: options.maxLength ?? 4000,
      'aria-label': t('composer.reply'),
      'aria-keyshortcuts': 'Alt+C',
    });
    this.cannedButton = h(
      'button',
      {
        type: 'button',
        class: 'tool-button',
        'aria-keyshortcuts': 'Alt+R',
        title: t('composer.cannedTitle'),
      },
      icon(CONSOLE_ICONS.reply),
      h('span', {}, t('composer.canned')),
    );
    this.sendLabel = h('span', {}, t('composer.send'));
    this.sendButton = h(
      'button',
      { type: 'submit', class: 'send-button', title: t('composer.sendTitle') },
      this.sendLabel,
      icon(CONSOLE_ICONS.send),
    );
    this.modeButtons = {
      reply: h(
        'button',
        { type: 'button', class: 'mode-option', 'aria-pressed': 'true' },
        t('composer.modeReply'),
      ),
      note: h(
        'button',
        { type: 'button', class: 'mode-option note', 'aria-pressed': 'false' },
        t('composer.modeNote'),
      ),
    };
    this.modeButtons.reply.addEventListener('click', () => this.setNoteMode(false));
    this.modeButtons.note.addEventListener('click', () => this.setNoteMode(true));
    this.note = h('span', { class: 'composer-note', 'aria-live': 'polite' });
    this.element = h(
      'form',
      { class: 'composer', 'aria-label': t('composer.replyForm') },
      h(
        'div',
        { class: 'composer-mode', role: 'group', 'aria-label': t('composer.mode') },
        this.modeButtons.reply,
        this.modeButtons.note,
      ),
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
      onTyping: () => {
        if (!this.noteMode) options.onTyping();
      },
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
    this.setNoteMode(false);
  }

  /** Switches between a reply to the customer and an internal note (which the customer never sees). */
  setNoteMode(on: boolean): void {
    this.noteMode = on;
    const chat = this.chat;
    this.element.classList.toggle('note-mode', on);
    this.modeButtons.reply.setAttribute('aria-pressed', on ? 'false' : 'true');
    this.modeButtons.note.setAttribute('aria-pressed', on ? 'true' : 'false');
    this.sendLabel.textContent = on ? t('composer.saveNote') : t('composer.send');
    this.input.placeholder = !chat
      ? ''
      : on
        ? t('composer.notePlaceholder')
        : t('composer.placeholder', { name: isolate(customerName(chat.view.packet.customer)) });
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
    if (this.noteMode) this.options.onNote(text);
    else this.options.onSend(text);
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
    this.note.textContent = !this.connected
      ? t('composer.offline')
      : this.noteMode
        ? t('composer.noteHint')
        : '';
  }
}
