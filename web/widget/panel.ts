/**
 * The chat panel (header, message list, typing line, notices, composer), added to the launcher's frame
 * (panel-hook.ts) beside its button. From then on it owns opening, closing, focus, direction, the button's
 * label and the unread badge; what goes inside the list is the transcript view's business.
 */
import { fillBidiText } from '../shared/rich-text.ts';
import { h, icon, ICONS } from './dom.ts';
import { displayText } from './format.ts';
import { fill, type UiStrings } from './i18n.ts';
import { directionOf, type Direction, type Language } from './language.ts';
import { adoptStyles } from './launcher-styles.ts';
import type { LauncherFrame } from './panel-hook.ts';
import { panelStyles } from './panel-styles.ts';
import { followVisualViewport } from './visual-viewport.ts';
import { liveLine } from '../shared/live-line.ts';
import { revealMessage } from '../shared/reveal.ts';

export interface PanelOptions {
  /** The title the site owner set (data-title); the localized default otherwise. */
  readonly title?: string;
  readonly onOpen: () => void;
}

export type PanelStatus = 'online' | 'connecting' | 'reconnecting' | 'unavailable';

const NOTICE_MS = 8000;
/** Room left above a message revealed at its start (the author's name shows). */
const REVEAL_MARGIN_PX = 8;

export class Panel {
  private readonly root: HTMLElement;
  private readonly bubble: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly dialog: HTMLElement;
  private readonly titleElement: HTMLElement;
  private readonly statusElement: HTMLElement;
  private readonly statusText: HTMLElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly scroller: HTMLElement;
  private readonly typingElement: HTMLElement;
  private readonly typingText: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly waitLine: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly intro: HTMLElement;
  private readonly introTitle: HTMLElement;
  private readonly introText: HTMLElement;
  private readonly options: PanelOptions;
  private strings: UiStrings;
  private language: Language;
  private status: PanelStatus = 'connecting';
  private unread = 0;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where `reveal` last put the view (scrollTop), until the list is scrolled to its end. */
  private placedAt: number | undefined;

  constructor(
    frame: LauncherFrame,
    language: Language,
    direction: Direction,
    strings: UiStrings,
    options: PanelOptions,
  ) {
    this.options = options;
    this.strings = strings;
    this.language = language;
    this.root = frame.root;
    this.bubble = frame.bubble;
    this.badge = frame.badge;
    this.bubble.setAttribute('aria-controls', 'hamdel-panel');
    this.titleElement = h('h2', { class: 'title', id: 'hamdel-title', dir: 'auto' });
    this.statusText = h('span');
    this.statusElement = h(
      'div',
      { class: 'status', role: 'status' },
      h('span', { class: 'dot' }),
      this.statusText,
    );
    this.closeButton = h('button', { type: 'button', class: 'close' }, icon(ICONS.close));
    this.typingText = h('span');
    this.typingElement = h(
      'div',
      { class: 'typing', role: 'status', hidden: true },
      h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
      this.typingText,
    );
    // Focusable, so the message list scrolls from the keyboard (arrow keys, Page Up/Down) once it overflows.
    this.scroller = h('div', { class: 'scroll', role: 'region', tabindex: 0 });
    this.introTitle = h('p', { class: 'intro-title' });
    this.introText = h('p', { class: 'intro-text' });
    this.intro = h('div', { class: 'intro' }, this.introTitle, this.introText);
    this.notice = h('div', { class: 'notice', role: 'alert', hidden: true });
    this.waitLine = h('div', { class: 'wait-line', role: 'status', hidden: true });
    // Read aloud by screen readers, politely (role="status" is polite): each new message once, never the
    // whole transcript.
    const announcer = h('div', { class: 'sr-only', role: 'status' });
    this.announce = liveLine(announcer);
    this.footer = h('div', { class: 'footer', 'aria-hidden': 'true' });
    this.dialog = h(
      'section',
      {
        class: 'panel',
        id: 'hamdel-panel',
        role: 'dialog',
        'aria-labelledby': 'hamdel-title',
        hidden: true,
        part: 'panel',
      },
      // A div, not <header>: the widget must add no second banner landmark to the host page.
      h(
        'div',
        { class: 'header' },
        h('div', { class: 'header-avatar', 'aria-hidden': 'true' }, icon(ICONS.chat)),
        h('div', { class: 'header-text' }, this.titleElement, this.statusElement),
        this.closeButton,
      ),
      this.scroller,
      this.waitLine,
      this.notice,
      announcer,
    );
    adoptStyles(frame.shadow, panelStyles());
    this.root.prepend(this.dialog);

    this.closeButton.addEventListener('click', () => this.close());
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.stopPropagation();
        this.close();
      }
    });
    this.setLanguage(language, direction, strings);
  }

  /** Put the message list and composer in place (they are built by their own classes). */
  mount(log: HTMLElement, composer: HTMLElement, focusTarget: () => void): void {
    this.scroller.replaceChildren(this.intro, log, this.typingElement);
    this.dialog.append(composer, this.footer);
    this.focusComposer = focusTarget;
  }

  private focusComposer: () => void = () => undefined;
  private stopFollowing: () => void = () => undefined;

  get isOpen(): boolean {
    return !this.dialog.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.stopFollowing = followVisualViewport(this.root);
    this.dialog.hidden = false;
    this.root.classList.add('open');
    this.bubble.setAttribute('aria-expanded', 'true');
    this.setUnread(0);
    this.scrollToEnd();
    this.focusComposer();
    this.options.onOpen();
  }

  close(): void {
    if (!this.isOpen) return;
    this.stopFollowing();
    this.dialog.hidden = true;
    this.root.classList.remove('open');
    this.bubble.setAttribute('aria-expanded', 'false');
    this.bubble.focus();
  }

  setLanguage(language: Language, direction: Direction, strings: UiStrings): void {
    this.language = language;
    this.strings = strings;
    this.root.setAttribute('dir', direction);
    this.root.setAttribute('lang', language);
    this.root.classList.remove('lang-fa', 'lang-ar', 'lang-en');
    this.root.classList.add(`lang-${language}`);
    this.titleElement.textContent = this.options.title || strings.title;
    this.dialog.setAttribute('aria-label', this.options.title || strings.title);
    this.closeButton.setAttribute('aria-label', strings.closeChat);
    this.scroller.setAttribute('aria-label', strings.messages);
    this.closeButton.title = strings.closeChat;
    this.footer.textContent = strings.poweredBy;
    this.introTitle.textContent = strings.introTitle;
    this.introText.textContent = strings.introText;
    this.setStatus(this.status);
    this.setUnread(this.unread);
  }

  setStatus(status: PanelStatus): void {
    this.status = status;
    const words: Record<PanelStatus, string> = {
      online: this.strings.online,
      connecting: this.strings.connecting,
      reconnecting: this.strings.reconnecting,
      unavailable: this.strings.errors.ORIGIN_FORBIDDEN ?? this.strings.errors.fallback,
    };
    this.statusText.textContent = words[status];
    this.statusElement.classList.toggle('busy', status !== 'online');
  }

  /** The customer's live place in line and wait, or undefined once a person has joined. */
  setWaitLine(text: string | undefined): void {
    this.waitLine.hidden = text === undefined;
    this.fillLine(this.waitLine, text ?? '');
  }

  /** Says a new message to screen readers (who and what), once (web/shared/live-line.ts). */
  readonly announce: (text: string) => void;

  /** Who is typing, or undefined when nobody is. */
  setTyping(name: string | undefined): void {
    const wasNearEnd = this.nearEnd();
    this.typingElement.hidden = name === undefined;
    this.fillLine(this.typingText, name === undefined ? '' : fill(this.strings.typing, { name }));
    if (wasNearEnd) this.scrollToEnd();
  }

  setUnread(count: number): void {
    this.unread = count;
    this.badge.hidden = count === 0;
    this.badge.textContent = displayText(String(count > 9 ? '9+' : count), this.language);
    const unread = fill(this.strings.unread, { count: displayText(String(count), this.language) });
    const label = count > 0 ? `${this.strings.openChat} (${unread})` : this.strings.openChat;
    this.bubble.setAttribute('aria-label', label);
  }

  /** The greeting card shows only while the conversation is empty. */
  setEmpty(empty: boolean): void {
    this.intro.hidden = !empty;
  }

  showNotice(text: string): void {
    const wasNearEnd = this.nearEnd();
    clearTimeout(this.noticeTimer);
    this.notice.textContent = text;
    this.notice.setAttribute('dir', 'auto');
    this.notice.hidden = false;
    if (wasNearEnd) this.scrollToEnd();
    this.noticeTimer = setTimeout(() => this.hideNotice(), NOTICE_MS);
  }

  hideNotice(): void {
    clearTimeout(this.noticeTimer);
    this.notice.hidden = true;
  }

  nearEnd(): boolean {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    return scrollHeight - scrollTop - clientHeight < 80;
  }

  scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.placedAt = undefined;
  }

  /** The view is where `reveal` last put it: the customer has not scrolled away since. */
  wherePlaced(): boolean {
    return this.placedAt !== undefined && Math.abs(this.scroller.scrollTop - this.placedAt) <= 1;
  }

  /**
   * Brings a new message into view: a message taller than the list opens at its start (its top just
   * below the header), a shorter one with the list scrolled to the end.
   */
  reveal(message: HTMLElement): void {
    revealMessage(this.scroller, message, REVEAL_MARGIN_PX);
    this.placedAt = this.scroller.scrollTop;
  }

  /** A line of the panel (wait, typing): its own direction, other-direction runs isolated, the reader's digits. */
  private fillLine(element: HTMLElement, text: string): void {
    fillBidiText(element, text, {
      fallback: directionOf(this.language),
      transform: (part) => displayText(part, this.language),
    });
  }
}
