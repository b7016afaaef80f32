/**
 * Where the customer writes: a growing textarea (dir="auto"), a send button and a length counter that
 * appears near the limit. Enter sends, Shift+Enter starts a new line. While the customer types, `onTyping`
 * fires at most once per `typingIntervalMs`.
 */
import { type TypingNotice, wireComposeKeys } from '../shared/compose-keys.ts';
import { h, icon, ICONS } from './dom.ts';
import { displayText } from './format.ts';
import type { UiStrings } from './i18n.ts';
import type { Language } from './language.ts';

export interface ComposerOptions {
  readonly maxLength: number;
  readonly onSend: (text: string) => void;
  readonly onTyping: () => void;
  /** Tab in an empty message box: move to the choices offered, if any (returns whether focus moved). */
  readonly onTabForward?: () => boolean;
  /** Default 3 000 ms. */
  readonly typingIntervalMs?: number;
  readonly now?: () => number;
}

/** The counter shows once the text is this share of the limit. */
const COUNTER_FROM = 0.8;
const MAX_ROWS_HEIGHT_PX = 120;

export class Composer {
  readonly element: HTMLFormElement;
  /** The composer with its counter, to put in the panel. */
  readonly wrapper: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly counter: HTMLElement;
  private readonly options: ComposerOptions;
  private strings: UiStrings;
  private language: Language;
  private readonly typing: TypingNotice;

  constructor(language: Language, strings: UiStrings, options: ComposerOptions) {
    this.options = options;
    this.strings = strings;
    this.language = language;
    this.input = h('textarea', { class: 'input', dir: 'auto', rows: 1, part: 'input' });
    this.sendButton = h('button', { type: 'submit', class: 'send', part: 'send' }, icon(ICONS.send));
    this.counter = h('div', { class: 'counter', 'aria-live': 'polite', id: 'hamdel-counter' });
    // role="none": screen readers said "form" each time focus came back to the message box.
    this.element = h('form', { class: 'composer', role: 'none' }, this.input, this.sendButton);
    this.wrapper = h('div', { class: 'composer-wrap' }, this.element, this.counter);

    this.typing = wireComposeKeys(this.element, this.input, {
      submit: () => this.submit(),
      onInput: () => this.update(),
      onTyping: () => this.options.onTyping(),
      typingIntervalMs: this.options.typingIntervalMs ?? 3000,
      ...(this.options.now ? { now: this.options.now } : {}),
    });
    // Reply choices sit above the box; Tab from an empty box reaches them first (Shift+Tab does too).
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
      if (this.input.value.trim() !== '') return;
      if (this.options.onTabForward?.()) event.preventDefault();
    });
    this.setLanguage(language, strings);
  }

  focus(): void {
    this.fitHeight();
    this.input.focus({ preventScroll: true });
  }

  setLanguage(language: Language, strings: UiStrings): void {
    this.language = language;
    this.strings = strings;
    this.input.placeholder = strings.placeholder;
    this.input.setAttribute('aria-label', strings.placeholder);
    this.sendButton.setAttribute('aria-label', strings.send);
    this.sendButton.title = strings.send;
    this.update();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (text === '' || this.length() > this.options.maxLength) return;
    this.options.onSend(text);
    this.input.value = '';
    this.typing.reset();
    this.update();
  }

  private length(): number {
    return Array.from(this.input.value).length;
  }

  private update(): void {
    const length = this.length();
    const max = this.options.maxLength;
    const over = length > max;
    this.sendButton.disabled = this.input.value.trim() === '' || over;
    this.input.setAttribute('aria-invalid', String(over));
    if (length >= max * COUNTER_FROM) {
      const count = displayText(`${length} / ${max}`, this.language);
      this.counter.textContent = over ? `${this.strings.tooLong} · ${count}` : count;
      this.counter.classList.toggle('over', over);
      this.counter.hidden = false;
      this.input.setAttribute('aria-describedby', 'hamdel-counter');
    } else {
      this.counter.hidden = true;
      this.input.removeAttribute('aria-describedby');
    }
    this.fitHeight();
  }

  /** Grow with the text up to a few lines; measurable only while the panel is shown. */
  fitHeight(): void {
    this.input.style.height = 'auto';
    const needed = this.input.scrollHeight;
    if (needed > 0) this.input.style.height = `${Math.min(needed, MAX_ROWS_HEIGHT_PX)}px`;
  }
}
