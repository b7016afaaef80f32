/**
 * The message list. Server entries are shown once each (de-duplicated by id) and in id order; the customer's
 * outgoing messages show as pending bubbles until the server's entry with the same clientMessageId replaces
 * them. Consecutive messages by the same author are grouped under one name.
 */
import type { TranscriptEntryView } from '../../src/adapters/web/protocol.ts';
import type { Author, Choice } from '../../src/core/message.ts';
import { h } from './dom.ts';
import { compareEntryIds } from './entry-id.ts';
import { directionOfLanguage } from '../../src/rich-text/bidi-layout.ts';
import { fillRichText } from '../shared/rich-text.ts';
import { displayText, displayTime } from './format.ts';
import type { UiStrings } from './i18n.ts';
import type { Language } from './language.ts';

export interface TranscriptViewOptions {
  /** The customer picked a choice: send its value, show its label. */
  readonly onChoice: (choice: Choice) => void;
  /** The customer asked to send a failed message again. */
  readonly onRetry: (clientMessageId: string) => void;
}

/** `failed` can be sent again; `rejected` was refused for good (too long, malformed). */
type PendingState = 'sending' | 'sent' | 'failed' | 'rejected';

interface Row {
  readonly element: HTMLElement;
  readonly authorKey: string;
  readonly at: number;
  readonly render: () => void;
}

/** A new run of messages starts after this much silence even from the same author. */
const GROUP_GAP_MS = 5 * 60 * 1000;

export class TranscriptView {
  /**
   * The list itself is not a live region (a re-render or a reloaded history would be read out whole); the
   * panel's announcer reads each new message once.
   */
  readonly element: HTMLElement;
  private readonly entriesBox: HTMLElement;
  private readonly pendingBox: HTMLElement;
  private readonly options: TranscriptViewOptions;
  private readonly rows = new Map<string, Row>();
  private readonly pending = new Map<string, Row & { state: PendingState; readonly text: string }>();
  private order: string[] = [];
  private language: Language;
  private strings: UiStrings;

  constructor(language: Language, strings: UiStrings, options: TranscriptViewOptions) {
    this.language = language;
    this.strings = strings;
    this.options = options;
    this.entriesBox = h('div', { class: 'entries' });
    this.pendingBox = h('div', { class: 'entries pending' });
    this.element = h('div', { class: 'log' });
    this.element.append(this.entriesBox, this.pendingBox);
  }

  /** The newest entry id shown in this page, for `hello.lastSeenId` after a reconnect. */
  lastId(): string | undefined {
    return this.order[this.order.length - 1];
  }

  /** The element of a shown server entry. */
  row(id: string): HTMLElement | undefined {
    return this.rows.get(id)?.element;
  }

  /** The newest shown server entry's element. */
  lastRow(): HTMLElement | undefined {
    const id = this.lastId();
    return id === undefined ? undefined : this.row(id);
  }

  /** Moves focus to the first choice offered under the newest message; false when none is offered. */
  focusChoices(): boolean {
    const choice = this.element.querySelector<HTMLButtonElement>('.choices:not([hidden]) .choice');
    choice?.focus();
    return choice !== null;
  }

  /** What a screen reader says for a shown entry: its author, its words and its choices as a list. */
  spoken(id: string): string | undefined {
    const element = this.row(id);
    if (!element) return undefined;
    const name = element.querySelector('.author .name')?.textContent ?? '';
    // innerText: a list's items and paragraphs apart ("cards. Apple Pay"), not run together as in textContent.
    const text = element.querySelector<HTMLElement>('.text')?.innerText ?? '';
    const choices = Array.from(
      element.querySelectorAll('.choices:not([hidden]) .choice'),
      (b) => b.textContent,
    );
    return [name && `${name}:`, text, choices.join(', ')].filter(Boolean).join(' ');
  }

  get size(): number {
    return this.rows.size + this.pending.size;
  }

  /** Show a server entry; returns false if it was already shown. */
  add(entry: TranscriptEntryView): boolean {
    if (this.rows.has(entry.id)) return false;
    if (entry.clientMessageId) this.removePending(entry.clientMessageId);
    const row = this.entryRow(entry);
    const index = this.insertionIndex(entry.id);
    this.order.splice(index, 0, entry.id);
    const next = this.order[index + 1];
    this.entriesBox.insertBefore(row.element, next ? (this.rows.get(next)?.element ?? null) : null);
    this.rows.set(entry.id, row);
    this.regroup();
    return true;
  }

  /** Show an outgoing message before the server has it. */
  addPending(clientMessageId: string, text: string, at: number): void {
    if (this.pending.has(clientMessageId)) return;
    const element = h('div', { class: 'row customer', 'data-client-message-id': clientMessageId });
    const row = {
      element,
      authorKey: 'customer',
      at,
      text,
      state: 'sending' as PendingState,
      render: () => this.fillPending(clientMessageId),
    };
    this.pending.set(clientMessageId, row);
    this.pendingBox.appendChild(element);
    row.render();
    this.regroup();
  }

  setPendingState(clientMessageId: string, state: PendingState): void {
    const row = this.pending.get(clientMessageId);
    if (!row || row.state === state) return;
    row.state = state;
    row.render();
  }

  removePending(clientMessageId: string): void {
    const row = this.pending.get(clientMessageId);
    if (!row) return;
    row.element.remove();
    this.pending.delete(clientMessageId);
    this.regroup();
  }

  /** Forget everything shown (the server moved this visitor to a new conversation). */
  clear(): void {
    this.rows.clear();
    this.order = [];
    this.entriesBox.replaceChildren();
  }

  /** Re-render in another language: names, digits, times. */
  setLanguage(language: Language, strings: UiStrings): void {
    if (language === this.language) return;
    this.language = language;
    this.strings = strings;
    for (const row of this.rows.values()) row.render();
    for (const row of this.pending.values()) row.render();
  }

  private entryRow(entry: TranscriptEntryView): Row {
    const element = h('div', {
      class: `row ${entry.author.kind}`,
      'data-id': entry.id,
      'data-author': entry.author.kind,
    });
    const render = (): void => {
      const children: Node[] = [this.authorLabel(entry.author)];
      const bubble = h('div', { class: 'text', lang: entry.language, part: 'message' });
      this.fillText(bubble, entry.text, entry.language ?? this.language);
      children.push(bubble);
      if (entry.choices?.length && entry.author.kind !== 'customer')
        children.push(this.choices(entry.choices));
      children.push(h('div', { class: 'meta' }, this.time(entry.at)));
      element.replaceChildren(...children);
    };
    render();
    return { element, authorKey: authorKey(entry.author), at: entry.at, render };
  }

  private fillPending(clientMessageId: string): void {
    const row = this.pending.get(clientMessageId);
    if (!row) return;
    const bubble = h('div', { class: 'text', part: 'message' });
    this.fillText(bubble, row.text, this.language);
    const meta = h('div', { class: 'meta' });
    if (row.state === 'failed' || row.state === 'rejected') {
      meta.classList.add('failed');
      meta.append(this.strings.notSent);
      if (row.state === 'failed') {
        const retry = h('button', { type: 'button', class: 'link' }, this.strings.retry);
        retry.addEventListener('click', () => this.options.onRetry(clientMessageId));
        meta.append(' · ', retry);
      }
    } else {
      meta.append(row.state === 'sending' ? this.strings.sending : this.time(row.at));
    }
    row.element.classList.toggle('sending', row.state === 'sending');
    row.element.replaceChildren(this.authorLabel({ kind: 'customer' }), bubble, meta);
  }

  /** A message's text: its own direction (the language's when it has no letters), the reader's digits. */
  private fillText(bubble: HTMLElement, text: string, language: Language): void {
    fillRichText(bubble, text, {
      fallback: directionOfLanguage(language),
      transform: (part) => displayText(part, this.language),
    });
  }

  private authorLabel(author: Author): HTMLElement {
    const name =
      author.kind === 'customer'
        ? this.strings.you
        : author.kind === 'bot'
          ? this.strings.assistant
          : author.kind === 'agent'
            ? author.name || this.strings.agent
            : '';
    const label = h('div', { class: 'author' });
    if (author.kind === 'bot' || author.kind === 'agent') {
      label.appendChild(h('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(name)));
    }
    label.append(h('span', { class: 'name', dir: 'auto' }, name));
    return label;
  }

  private choices(choices: readonly Choice[]): HTMLElement {
    const group = h('div', { class: 'choices', role: 'group' });
    for (const choice of choices) {
      const button = h(
        'button',
        { type: 'button', class: 'choice', dir: 'auto', part: 'choice' },
        displayText(choice.label, this.language),
      );
      button.addEventListener('click', () => this.options.onChoice(choice));
      group.appendChild(button);
    }
    return group;
  }

  private time(at: number): HTMLTimeElement {
    return h('time', { datetime: new Date(at).toISOString() }, displayTime(at, this.language));
  }

  private insertionIndex(id: string): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareEntryIds(this.order[middle] ?? '', id) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Name only on the first message of a run; choices only on the very last message. */
  private regroup(): void {
    const all: Row[] = [
      ...this.order.map((id) => this.rows.get(id)).filter((row): row is Row => row !== undefined),
      ...this.pending.values(),
    ];
    all.forEach((row, index) => {
      const previous = all[index - 1];
      const continues =
        previous !== undefined && previous.authorKey === row.authorKey && row.at - previous.at < GROUP_GAP_MS;
      row.element.classList.toggle('continued', continues);
      const next = all[index + 1];
      row.element.classList.toggle(
        'last-of-run',
        next === undefined || next.authorKey !== row.authorKey || next.at - row.at >= GROUP_GAP_MS,
      );
      const choices = row.element.querySelector<HTMLElement>('.choices');
      if (choices) choices.hidden = index !== all.length - 1;
    });
  }
}

function authorKey(author: Author): string {
  return author.kind === 'agent' ? `agent:${author.id}` : author.kind;
}

function initial(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? '•';
}
