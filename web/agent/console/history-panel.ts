/**
 * The customer behind the selected chat: their record, their conversations (the current one marked; the
 * earlier ones open read-only, with their notes), and a search over transcripts through the server's index:
 * in this customer's conversations, or in the closed chats the agent may read (src/handoff/customer-history.ts),
 * the words found marked. Asked of the server with `customer`, `past` and `search`; answers come back as
 * store `answer` changes.
 */
import type {
  ConsoleClientFrame,
  ConsoleServerFrame,
  PastConversationView,
  SearchHitView,
} from '../../../src/handoff/console-protocol.ts';
import { directionOfLanguage } from '../../../src/rich-text/bidi-layout.ts';
import { bidiElement, fillRichText } from '../../shared/rich-text.ts';
import { h } from '../../widget/dom.ts';
import { clockTime, dateTime, t, UI } from './i18n.ts';
import { authorLabel, channelName, customerName } from './labels.ts';
import type { ConsoleStore } from './store.ts';
import { noteRow } from './transcript-view.ts';

type Answer<T extends ConsoleServerFrame['type']> = Extract<ConsoleServerFrame, { type: T }>;

export class HistoryPanel {
  readonly element: HTMLElement;
  private readonly profile: HTMLElement;
  private readonly list: HTMLElement;
  private readonly reader: HTMLElement;
  private readonly hits: HTMLElement;
  private readonly query: HTMLInputElement;
  private readonly scope: HTMLSelectElement;
  private shownFor: string | undefined;

  constructor(
    private readonly store: ConsoleStore,
    private readonly send: (frame: ConsoleClientFrame) => string | undefined,
  ) {
    this.profile = h('dl', { class: 'facts history-profile' });
    this.list = h('ol', { class: 'history-list' });
    this.reader = h('div', { class: 'history-reader', hidden: true });
    this.hits = h('ol', { class: 'history-hits', 'aria-live': 'polite' });
    this.query = h('input', {
      type: 'search',
      class: 'field',
      id: 'history-search',
      dir: 'auto',
      maxlength: 200,
      placeholder: t('history.search'),
    });
    this.scope = h(
      'select',
      { class: 'field', id: 'history-scope' },
      h('option', { value: 'customer' }, t('history.scopeCustomer')),
      h('option', { value: 'closed' }, t('history.scopeClosed')),
    );
    const search = h(
      'form',
      { class: 'history-search', role: 'search' },
      h('label', { for: 'history-scope' }, t('history.scope')),
      this.scope,
      h('label', { class: 'sr-only', for: 'history-search' }, t('history.search')),
      h(
        'div',
        { class: 'inline-field' },
        this.query,
        h('button', { type: 'submit', class: 'action-button' }, t('history.searchButton')),
      ),
      h('p', { class: 'muted small' }, t('history.searchNote')),
    );
    search.addEventListener('submit', (event) => {
      event.preventDefault();
      const query = this.query.value.trim();
      const id = store.selected;
      const scope = this.scope.value === 'closed' ? 'closed' : 'customer';
      if (id && query) this.send({ type: 'search', conversationId: id, query, scope });
    });
    this.element = h(
      'section',
      { class: 'packet-section history', 'aria-labelledby': 'history-title' },
      h('h3', { id: 'history-title' }, t('history.title')),
      this.profile,
      h('h4', {}, t('history.conversations')),
      this.list,
      search,
      this.hits,
      this.reader,
    );
    store.subscribe((change) => {
      if (change.kind === 'selected') this.load();
      if (change.kind !== 'answer' || change.frame.conversationId !== store.selected) return;
      const { frame } = change;
      if (frame.type === 'customer') this.renderProfile(frame);
      else if (frame.type === 'past') this.renderPast(frame);
      else if (frame.type === 'search-results') this.renderHits(frame.hits);
    });
  }

  /** Asks for the selected chat's customer (once per selection). */
  load(): void {
    const id = this.store.selected;
    this.element.hidden = !id;
    if (!id || id === this.shownFor) return;
    this.shownFor = id;
    this.profile.replaceChildren();
    this.list.replaceChildren(h('li', { class: 'muted' }, t('history.loading')));
    this.hits.replaceChildren();
    this.reader.hidden = true;
    this.query.value = '';
    this.send({ type: 'customer', conversationId: id });
  }

  private renderProfile(frame: Answer<'customer'>): void {
    const { customer, conversations } = frame;
    this.profile.replaceChildren(
      ...(customer
        ? [
            h('dt', {}, t('packet.channel')),
            h('dd', {}, channelName(customer.channel), ' ', h('code', { dir: 'ltr' }, customer.id)),
            h('dt', {}, t('history.firstSeen')),
            h('dd', {}, dateTime(customer.firstSeen)),
            h('dt', {}, t('history.lastSeen')),
            h('dd', {}, dateTime(customer.lastSeen)),
          ]
        : []),
    );
    const earlier = conversations.filter((c) => !c.current);
    this.list.replaceChildren(
      ...conversations.map((c) => this.conversationRow(c)),
      ...(earlier.length === 0 ? [h('li', { class: 'muted' }, t('history.none'))] : []),
    );
  }

  private conversationRow(c: PastConversationView): HTMLElement {
    let open: HTMLButtonElement | undefined;
    if (!c.current) {
      open = h('button', { type: 'button', class: 'link-button' }, t('history.open'));
      open.addEventListener('click', () => this.open(c.conversationId));
    }
    return h(
      'li',
      { class: `history-item${c.current ? ' current' : ''}`, 'data-conversation': c.conversationId },
      h(
        'p',
        { class: 'history-meta' },
        h('time', {}, dateTime(c.startedAt)),
        ' · ',
        channelName(c.channel),
        c.current ? h('span', { class: 'chip' }, t('history.current')) : undefined,
        c.tickets > 0 ? ` · ${t('history.tickets', { n: c.tickets })}` : '',
        c.rating !== undefined ? ` · ${t('history.rating', { n: c.rating })}` : '',
      ),
      bidiElement(
        'p',
        c.preview,
        { fallback: directionOfLanguage(c.language ?? UI) },
        { class: 'history-preview', attrs: c.language ? { lang: c.language } : {} },
      ),
      c.tags.length > 0
        ? h(
            'ul',
            { class: 'tag-list' },
            ...c.tags.map((tag) => h('li', { class: 'tag-chip', dir: 'auto' }, tag)),
          )
        : undefined,
      c.note ? h('p', { class: 'muted', dir: 'auto' }, c.note) : undefined,
      open,
    );
  }

  private open(pastId: string): void {
    const id = this.store.selected;
    if (id) this.send({ type: 'past', conversationId: id, pastId });
  }

  private renderPast(frame: Answer<'past'>): void {
    const back = h('button', { type: 'button', class: 'link-button' }, t('history.back'));
    back.addEventListener('click', () => {
      this.reader.hidden = true;
    });
    const customer = this.store.selectedChat
      ? customerName(this.store.selectedChat.view.packet.customer)
      : t('customer.generic');
    const lines = frame.transcript.map((entry) => {
      const bubble = h('div', { class: 'bubble', lang: entry.language ?? '' });
      fillRichText(bubble, entry.text, { fallback: directionOfLanguage(entry.language ?? UI) });
      return h(
        'article',
        { class: `msg from-${entry.author.kind}`, 'data-entry': entry.id },
        h(
          'div',
          { class: 'msg-meta' },
          h(
            'span',
            { class: 'msg-author', dir: 'auto' },
            authorLabel(entry.author, this.store.agent?.id, customer),
          ),
          h('time', {}, clockTime(entry.at)),
        ),
        bubble,
      );
    });
    this.reader.replaceChildren(
      h('p', { class: 'history-reader-head' }, h('strong', {}, t('history.readOnly')), ' ', back),
      h(
        'div',
        { class: 'log past-log', role: 'log', 'data-past': frame.pastId },
        ...lines,
        ...frame.notes.map(noteRow),
      ),
    );
    this.reader.hidden = false;
    this.reader.scrollIntoView({ block: 'nearest' });
  }

  private renderHits(hits: readonly SearchHitView[]): void {
    if (hits.length === 0) {
      this.hits.replaceChildren(h('li', { class: 'muted' }, t('history.noHits')));
      return;
    }
    this.hits.replaceChildren(
      ...hits.map((hit) => {
        const open = h('button', { type: 'button', class: 'link-button' }, t('history.open'));
        open.addEventListener('click', () => this.open(hit.conversationId));
        return h(
          'li',
          { class: 'history-hit' },
          h(
            'p',
            { class: 'history-meta' },
            h('time', {}, dateTime(hit.at)),
            ' · ',
            hit.own ? t('history.thisCustomer') : t('history.otherCustomer'),
          ),
          marked(
            bidiElement('p', hit.text, { fallback: directionOfLanguage(UI) }, { class: 'history-preview' }),
            hit.marks,
          ),
          open,
        );
      }),
    );
  }
}

/** A hit's text with its matching words in <mark> (the server says where they are). */
function marked(element: HTMLElement, marks: SearchHitView['marks']): HTMLElement {
  // The laid-out line holds the hit's text unchanged (runs in <bdi>), so the marks' offsets still apply.
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  let offset = 0;
  const spans = nodes.map((node) => {
    const span = { node, start: offset, end: offset + node.data.length };
    offset = span.end;
    return span;
  });
  // From the end backwards: wrapping a later part leaves the earlier text in its node at the same offsets.
  for (const [start, end] of [...marks].sort((x, y) => y[0] - x[0])) {
    if (start >= end || end > offset) continue;
    for (const span of [...spans].reverse()) {
      const from = Math.max(start, span.start);
      const to = Math.min(end, span.end);
      if (from >= to) continue;
      const range = document.createRange();
      range.setStart(span.node, from - span.start);
      range.setEnd(span.node, to - span.start);
      range.surroundContents(h('mark', { class: 'search-match' }));
    }
  }
  return element;
}
