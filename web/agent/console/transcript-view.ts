/**
 * The selected chat's whole transcript (role="log"; a new line from someone else is said once through a
 * polite live line, the log itself is not live). Every line says who wrote it:
 * the customer, the bot, an agent by name, or the system (centred). Customer lines sit on the left, the
 * agent's and the bot's on the right; each message and paragraph reads in the direction of its own words
 * (web/shared/rich-text.ts), with phone numbers, addresses and Latin names in Persian and Arabic isolated.
 * Messages the agent sent and the server has not echoed yet show as pending, with a retry when they failed.
 */
import type { TranscriptEntryView } from '../../../src/adapters/web/protocol.ts';
import type { Language } from '../../../src/core/language.ts';
import { directionOfLanguage } from '../../../src/rich-text/bidi-layout.ts';
import { fillBidiText, fillRichText } from '../../shared/rich-text.ts';
import { h } from '../../widget/dom.ts';
import { displayText } from '../../widget/format.ts';
import type { ChatState, PendingSay } from './chat-state.ts';
import { evidenceTerms, highlightTerms } from './highlight.ts';
import type { NoteView } from '../../../src/handoff/console-protocol.ts';
import { clockTime, t, UI } from './i18n.ts';
import { liveLine } from '../../shared/live-line.ts';
import { authorLabel, channelName, customerName } from './labels.ts';
import { revealMessage } from '../../shared/reveal.ts';

/** A new run of messages starts after this much silence even from the same author. */
const GROUP_GAP_MS = 5 * 60 * 1000;
/** Stay pinned to the newest message if the reader is this close to the bottom. */
/** How far below the transcript's top a long line's first line lands when it opens at its start. */
const REVEAL_MARGIN_PX = 8;
const STICKY_PX = 80;

export interface TranscriptViewOptions {
  readonly myAgentId: () => string | undefined;
  readonly onRetry: (pending: PendingSay) => void;
}

export class TranscriptView {
  readonly element: HTMLElement;
  /** Where new lines are said to screen readers; the pane puts it beside the transcript. */
  readonly announcer: HTMLElement;
  private readonly log: HTMLElement;
  private readonly pendingBox: HTMLElement;
  private chat: ChatState | undefined;
  private lastRendered: TranscriptEntryView | undefined;
  private renderedCount = 0;
  /** Says a new line from someone else once (web/shared/live-line.ts). */
  private readonly say: (text: string) => void;

  constructor(private readonly options: TranscriptViewOptions) {
    // Not live itself: opening a chat or laying it out again would read the whole transcript out (Orca did,
    // docs/accessibility.md); a new line from someone else is said once through the live line instead.
    this.log = h('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'off',
      'aria-label': t('transcript.label'),
    });
    this.pendingBox = h('div', { class: 'pending-box' });
    this.announcer = h('div', { class: 'sr-only live-line', role: 'status', 'aria-live': 'polite' });
    this.say = liveLine(this.announcer);
    this.element = h('div', { class: 'transcript', tabindex: 0 }, this.log, this.pendingBox);
  }

  /** Shows a chat from its first line, scrolled to the newest (a long last answer: to its start). */
  show(chat: ChatState | undefined): void {
    this.chat = chat;
    this.lastRendered = undefined;
    this.renderedCount = 0;
    this.log.replaceChildren();
    if (!chat) return;
    for (const item of interleave(chat.entries, chat.notes)) {
      this.log.appendChild('agentId' in item ? noteRow(item) : this.row(item));
    }
    this.renderedCount = chat.entries.length + chat.notes.length;
    this.renderPending();
    // Scrolled to the newest line; when that is a long answer taller than the view, to its start.
    const last = this.log.lastElementChild;
    if (last instanceof HTMLElement && (chat.pending ?? []).length === 0) {
      revealMessage(this.element, last, REVEAL_MARGIN_PX);
    } else this.element.scrollTop = this.element.scrollHeight;
  }

  /** Lines came in without an `entry` frame (a reconnect's `chats`, a `chat` update): lay out again. */
  refresh(): void {
    if (this.chat && this.chat.entries.length + this.chat.notes.length !== this.renderedCount) {
      this.show(this.chat);
    }
    this.renderPending();
  }

  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  /** A note was added to the shown chat. */
  appendNote(note: NoteView): void {
    this.log.appendChild(noteRow(note));
    this.renderedCount += 1;
    this.element.scrollTop = this.element.scrollHeight;
  }

  /** A new line of the shown chat arrived. */
  append(entry: TranscriptEntryView): void {
    const chat = this.chat;
    if (!chat) return;
    const stick = this.nearBottom();
    if (chat.entries[chat.entries.length - 1] !== entry) {
      this.show(chat); // arrived out of order: lay the whole transcript out again
      return;
    }
    const row = this.row(entry);
    this.log.appendChild(row);
    const myAgentId = this.options.myAgentId();
    if (entry.author.kind !== 'agent' || entry.author.id !== myAgentId) {
      const author = authorLabel(entry.author, myAgentId, customerName(chat.view.packet.customer));
      const words = row.querySelector<HTMLElement>('.bubble, .system-line')?.innerText ?? '';
      this.say(`${author}: ${words}`);
    }
    // The agent's own line: the end. Another's (a long bot answer): opens at its start when taller than the view.
    if (entry.author.kind === 'agent') this.element.scrollTop = this.element.scrollHeight;
    else if (stick) revealMessage(this.element, row, REVEAL_MARGIN_PX);
  }

  renderPending(): void {
    const chat = this.chat;
    const stick = this.nearBottom();
    this.pendingBox.replaceChildren(...(chat?.pending ?? []).map((p) => this.pendingRow(p)));
    if (stick) this.element.scrollTop = this.element.scrollHeight;
  }

  private nearBottom(): boolean {
    const el = this.element;
    return el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
  }

  private row(entry: TranscriptEntryView): HTMLElement {
    const chat = this.chat;
    const previous = this.lastRendered;
    this.lastRendered = entry;
    this.renderedCount += 1;
    const language: Language = entry.language ?? chat?.view.packet.language ?? 'en';
    const customer = chat ? customerName(chat.view.packet.customer) : t('customer.generic');
    const author = authorLabel(entry.author, this.options.myAgentId(), customer);
    const time = h('time', { datetime: new Date(entry.at).toISOString() }, clockTime(entry.at));

    if (entry.author.kind === 'system') {
      const line = h('span', { class: 'system-line', lang: language });
      fillBidiText(line, entry.text, {
        fallback: directionOfLanguage(language),
        transform: (text) => displayText(text, language),
      });
      return h(
        'div',
        { class: 'msg from-system', 'data-entry': entry.id },
        h('span', { class: 'sr-only' }, t('transcript.system')),
        line,
        time,
      );
    }

    const mine = entry.author.kind === 'agent' && entry.author.id === this.options.myAgentId();
    const continued =
      previous !== undefined && sameAuthor(previous, entry) && entry.at - previous.at < GROUP_GAP_MS;
    // The customer's own words are shown as written; what they were sent is shown as they saw it.
    const bubble = h('div', { class: 'bubble', lang: language });
    fillRichText(bubble, entry.text, {
      fallback: directionOfLanguage(language),
      ...(entry.author.kind === 'customer'
        ? {}
        : { transform: (text: string) => displayText(text, language) }),
    });
    if (entry.author.kind === 'customer') highlightTerms(bubble, evidenceTerms(chat?.view.packet.anger));

    return h(
      'article',
      {
        class: `msg from-${entry.author.kind}${mine ? ' mine' : ''}${continued ? ' continued' : ''}`,
        'data-entry': entry.id,
        'aria-label': t('transcript.line', { author, time: clockTime(entry.at) }),
      },
      h(
        'div',
        { class: 'msg-meta' },
        h('span', { class: 'msg-author', dir: 'auto' }, author),
        // A linked channel's line (one customer writing from several): where it came from, or went to.
        entry.channel && entry.channel !== chat?.view.packet.channel
          ? h('span', { class: 'msg-channel' }, channelName(entry.channel))
          : false,
        time,
      ),
      bubble,
      entry.choices && entry.choices.length > 0
        ? h(
            'ul',
            { class: 'msg-choices', 'aria-label': t('transcript.choices') },
            ...entry.choices.map((c) =>
              h('li', { dir: 'auto', lang: language }, displayText(c.label, language)),
            ),
          )
        : undefined,
    );
  }

  private pendingRow(pending: PendingSay): HTMLElement {
    const status = pending.failed
      ? h('span', { class: 'pending-state failed' }, t('transcript.notSent'))
      : h('span', { class: 'pending-state' }, t('transcript.sending'));
    let retry: HTMLButtonElement | undefined;
    if (pending.failed) {
      retry = h('button', { type: 'button', class: 'link-button' }, t('transcript.retry'));
      retry.addEventListener('click', () => this.options.onRetry(pending));
    }
    const bubble = h('div', { class: 'bubble' });
    fillRichText(bubble, pending.text, {
      fallback: directionOfLanguage(this.chat?.view.packet.language ?? 'en'),
    });
    return h(
      'article',
      { class: `msg from-agent mine pending${pending.failed ? ' failed' : ''}`, 'data-ref': pending.ref },
      h('div', { class: 'msg-meta' }, h('span', { class: 'msg-author' }, t('author.me')), status, retry),
      bubble,
    );
  }
}

function sameAuthor(a: TranscriptEntryView, b: TranscriptEntryView): boolean {
  if (a.author.kind !== b.author.kind || a.channel !== b.channel) return false;
  return a.author.kind !== 'agent' || (b.author.kind === 'agent' && a.author.id === b.author.id);
}

/** Transcript lines and internal notes, by time (notes after lines of the same moment). */
function interleave(
  entries: readonly TranscriptEntryView[],
  notes: readonly NoteView[],
): (TranscriptEntryView | NoteView)[] {
  const out: (TranscriptEntryView | NoteView)[] = [];
  let n = 0;
  for (const entry of entries) {
    while (n < notes.length && (notes[n]?.at ?? Infinity) < entry.at) out.push(notes[n++] as NoteView);
    out.push(entry);
  }
  return out.concat(notes.slice(n));
}

/** An internal note: marked as such, never confused with a message the customer saw. */
export function noteRow(note: NoteView): HTMLElement {
  const bubble = h('div', { class: 'bubble' });
  fillRichText(bubble, note.text, { fallback: directionOfLanguage(UI) });
  return h(
    'article',
    {
      class: 'msg note',
      'data-note': note.id,
      'aria-label': t('transcript.noteBy', { name: note.agentName }),
    },
    h(
      'div',
      { class: 'msg-meta' },
      h('span', { class: 'note-badge' }, t('transcript.note')),
      h('span', { class: 'msg-author', dir: 'auto' }, note.agentName),
      h('time', { datetime: new Date(note.at).toISOString() }, clockTime(note.at)),
    ),
    bubble,
  );
}
