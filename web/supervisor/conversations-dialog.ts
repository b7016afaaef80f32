/**
 * The conversations behind a figure (GET /api/reports/conversations), in a modal dialog: how many the figure
 * counts, a page of rows (when, which conversation, channel, language, team, agent, and what the figure
 * measured of it), more on demand; each row opens the conversation read-only
 * (GET /api/reports/conversations/:id) in the same dialog, with a way back to the list. Escape or Close
 * returns to the figure that opened it. Dates and digits as the reader writes them; customers' and the
 * bot's words laid out in their own direction (web/shared/rich-text.ts).
 */
import { directionOfLanguage } from '../../src/rich-text/bidi-layout.ts';
import { h } from '../shared/dom-builder.ts';
import { bidiElement, fillRichText } from '../shared/rich-text.ts';
import { formatDateTime, formatNumber, isolate } from '../shared/locale.ts';
import { ApiError, getJson, type ConversationPage, type ConversationRecord, type ValueUnit } from './api.ts';
import { joined, type DashboardContext } from './context.ts';
import { duration } from './live-view.ts';
import { channelWord, type WordKey } from './words.ts';

/** One figure to list: its path in the summary, a title, the period, and its cell's day and line. */
export interface FigureRequest {
  readonly metric: string;
  readonly title: string;
  readonly range: { readonly from: string; readonly to: string };
  /** The day of a cell of a report by day (YYYY-MM-DD). */
  readonly bucket?: string;
  /** The line's or the filter bar's one filter. */
  readonly filter?: { readonly name: string; readonly value: string };
}

const PAGE = 50;

const REASONS: Readonly<Record<string, WordKey>> = {
  'customer-asked': 'reason_customer_asked',
  anger: 'reason_anger',
  'repeated-failure': 'reason_repeated_failure',
  'needs-person': 'reason_needs_person',
};
const OUTCOMES: Readonly<Record<string, WordKey>> = {
  'bot-resolved': 'outcome_bot_resolved',
  escalated: 'outcome_escalated',
  unanswered: 'outcome_unanswered',
  'no-question': 'outcome_no_question',
};

function query(values: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) search.set(name, value);
  return search.toString();
}

export class ConversationsDialog {
  readonly element: HTMLDialogElement;
  private readonly title = h('h2', { attrs: { id: 'conversations-title' } });
  private readonly body = h('div', { class: 'dialog-body' });
  private list: HTMLElement | undefined;
  private opener: HTMLElement | undefined;
  /** Answers that come after another figure was opened are dropped. */
  private generation = 0;

  constructor(private readonly ctx: DashboardContext) {
    const close = h('button', {
      class: 'close',
      text: '×',
      attrs: { type: 'button', 'aria-label': ctx.t('close'), title: ctx.t('close') },
      on: { click: () => this.element.close() },
    });
    this.element = h(
      'dialog',
      { class: 'conversations', attrs: { 'aria-labelledby': 'conversations-title' } },
      h('div', { class: 'dialog-head' }, this.title, close),
      this.body,
    );
    this.element.addEventListener('close', () => {
      this.generation += 1;
      // The live tiles are drawn again every few seconds: their new button has the old one's key.
      const key = this.opener?.getAttribute('data-focus-key');
      const opener =
        this.opener?.isConnected === false && key
          ? document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)
          : this.opener;
      opener?.focus();
    });
  }

  /** Opens the list behind a figure (`opener` gets the focus back when the dialog closes). */
  open(request: FigureRequest, opener?: HTMLElement): void {
    this.generation += 1;
    this.opener = opener;
    this.title.textContent = request.title;
    this.body.replaceChildren(h('p', { class: 'muted', text: this.ctx.t('loading') }));
    if (!this.element.open) this.element.showModal();
    void this.showList(request, this.generation);
  }

  /** Opens a list the page already has (the customers waiting now, from the live state). */
  openRows(title: string, rows: ConversationPage['items'], unit: ValueUnit, opener?: HTMLElement): void {
    this.generation += 1;
    this.opener = opener;
    this.title.textContent = title;
    if (!this.element.open) this.element.showModal();
    this.render({ count: rows.length, unit, items: rows }, undefined, this.generation);
  }

  private async showList(request: FigureRequest, generation: number): Promise<void> {
    const base = {
      ...request.range,
      lang: this.ctx.language,
      metric: request.metric,
      bucket: request.bucket,
      limit: String(PAGE),
      ...(request.filter ? { [request.filter.name]: request.filter.value } : {}),
    };
    try {
      const page = await getJson<ConversationPage>(`/api/reports/conversations?${query(base)}`);
      if (generation !== this.generation) return;
      this.render(page, page.next === undefined ? undefined : { base, next: page.next }, generation);
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    }
  }

  /** Lays out a list: its count, a note when older rows are no longer kept, the rows, and "more" pages. */
  private render(
    page: Pick<ConversationPage, 'count' | 'unit' | 'items'> &
      Partial<Pick<ConversationPage, 'from' | 'eventsSince'>>,
    paging: { readonly base: Record<string, string | undefined>; readonly next: string } | undefined,
    generation: number,
  ): void {
    const { ctx } = this;
    const rows = h('tbody');
    const more = h('button', { class: 'more', text: ctx.t('list_more'), attrs: { type: 'button' } });
    let next = paging?.next;
    const add = (items: ConversationPage['items']) => {
      for (const item of items) rows.append(this.row(item, page.unit, generation));
      more.hidden = next === undefined;
    };
    more.addEventListener('click', () => {
      if (!next || !paging) return;
      more.disabled = true;
      void getJson<ConversationPage>(`/api/reports/conversations?${query({ ...paging.base, cursor: next })}`)
        .then((following) => {
          next = following.next;
          add(following.items);
        })
        .catch((error: unknown) => this.failed(error))
        .finally(() => {
          more.disabled = false;
        });
    });
    const older =
      page.eventsSince !== undefined &&
      page.from !== undefined &&
      Date.parse(page.eventsSince) > Date.parse(page.from);
    const headers: string[] = [
      ctx.t('col_time'),
      ctx.t('col_conversation'),
      ctx.t('col_channel'),
      ctx.t('col_language'),
      ctx.t('col_team'),
      ctx.t('col_agent'),
      ...(page.unit === 'none' ? [] : [ctx.t(`unit_${page.unit}`)]),
    ];
    this.list = h(
      'div',
      { class: 'conversation-list' },
      h('p', { class: 'count', text: ctx.t('list_count', { n: page.count }) }),
      older
        ? h('p', {
            class: 'muted older',
            text: ctx.t('list_older', {
              date: formatDateTime(Date.parse(page.eventsSince ?? ''), ctx.language, { dateStyle: 'medium' }),
            }),
          })
        : null,
      page.items.length === 0 && !paging
        ? h('p', { class: 'muted', text: ctx.t('list_none') })
        : h(
            'table',
            {},
            h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { text, attrs: { scope: 'col' } })))),
            rows,
          ),
      more,
    );
    add(page.items);
    this.body.replaceChildren(this.list);
    rows.querySelector('button')?.focus();
  }

  /** Says in the dialog what went wrong (the page's own notice is behind it). */
  private failed(error: unknown): void {
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
    this.body.replaceChildren(
      h('p', { class: 'notice error', text: this.ctx.t('error', { message }), attrs: { role: 'alert' } }),
    );
  }

  private row(item: ConversationPage['items'][number], unit: ValueUnit, generation: number): HTMLElement {
    const { ctx } = this;
    const open = h('button', {
      class: 'open-conversation',
      text: isolate(item.conversationId),
      attrs: {
        type: 'button',
        dir: 'ltr',
        'data-conversation': item.conversationId,
        'aria-label': ctx.t('open_conversation', { id: item.conversationId }),
      },
      on: { click: () => void this.showConversation(item.conversationId, open, generation) },
    });
    return h(
      'tr',
      { attrs: { 'data-conversation': item.conversationId } },
      h('td', { text: formatDateTime(Date.parse(item.at), ctx.language) }),
      h('td', {}, open),
      h('td', { text: this.channel(item.channel) }),
      h('td', { text: this.language(item.language) }),
      h('td', { text: item.team ? isolate(item.team) : '–' }),
      h('td', { text: item.agentId ? isolate(item.agentId) : '–' }),
      unit === 'none' ? null : h('td', { class: 'value', attrs: { dir: 'auto' } }, ...this.value(item, unit)),
    );
  }

  /** What the figure measured of the row's event, in the reader's words and digits. */
  private value(item: ConversationPage['items'][number], unit: ValueUnit): (string | HTMLElement)[] {
    const { ctx } = this;
    const { value } = item;
    if (value === undefined) return ['–'];
    switch (unit) {
      case 'seconds':
        return [duration(Number(value) * 1000, ctx)];
      case 'rating':
        return [
          formatNumber(Number(value), ctx.language),
          ...(item.comment ? [bidiElement('q', item.comment, this.layout())] : []),
        ];
      case 'reasons':
        return [
          String(value)
            .split(',')
            .map((reason) => (REASONS[reason] ? ctx.t(REASONS[reason]) : reason))
            .join(ctx.language === 'en' ? ', ' : '، '),
        ];
      case 'outcome': {
        const key = OUTCOMES[String(value)];
        return [key ? ctx.t(key) : String(value)];
      }
      case 'question':
        return [bidiElement('span', String(value), this.layout(item.language))];
      default:
        return [isolate(String(value))];
    }
  }

  private async showConversation(id: string, from: HTMLElement, generation: number): Promise<void> {
    const { ctx } = this;
    try {
      const record = await getJson<ConversationRecord>(
        `/api/reports/conversations/${encodeURIComponent(id)}`,
      );
      if (generation !== this.generation) return;
      const back = h('button', {
        class: 'back',
        text: ctx.t('back_to_list'),
        attrs: { type: 'button' },
        on: {
          click: () => {
            if (this.list) this.body.replaceChildren(this.list);
            from.focus();
          },
        },
      });
      const lines = record.transcript.map((entry) => {
        const text = h('div', { class: 'text', attrs: { lang: entry.language ?? '' } });
        fillRichText(text, entry.text, this.layout(entry.language));
        return h(
          'li',
          { class: `line from-${entry.author.kind}`, attrs: { 'data-entry': entry.id } },
          h(
            'p',
            { class: 'meta' },
            h('span', { class: 'author', text: this.author(entry.author) }),
            h('time', { text: formatDateTime(entry.at, ctx.language) }),
          ),
          text,
        );
      });
      const heading = h('h3', {
        text: ctx.t('transcript_title', { id: isolate(id) }),
        attrs: { tabindex: '-1' },
      });
      this.body.replaceChildren(
        h(
          'div',
          { class: 'conversation-record', attrs: { 'data-conversation': id } },
          back,
          heading,
          record.channel ? h('p', { class: 'muted', text: this.channel(record.channel) }) : null,
          lines.length > 0
            ? h('ol', { class: 'transcript', attrs: { role: 'log' } }, ...lines)
            : h('p', { class: 'muted', text: ctx.t('no_transcript') }),
          record.notes.length > 0
            ? h(
                'section',
                { class: 'notes' },
                h('h4', { text: ctx.t('notes_title') }),
                ...record.notes.map((note) =>
                  h(
                    'p',
                    {},
                    h('strong', { text: `${note.agentName}: ` }),
                    bidiElement('span', note.text, this.layout()),
                  ),
                ),
              )
            : null,
          record.tickets.length > 0
            ? h(
                'section',
                { class: 'tickets' },
                h('h4', { text: ctx.t('tickets_title') }),
                ...record.tickets.map((ticket) =>
                  h(
                    'p',
                    {},
                    joined(
                      [
                        ctx.t('ticket_line', {
                          agent: isolate(ticket.agentId),
                          team: isolate(ticket.team),
                          wait: duration(ticket.waitMs, ctx),
                          handle: duration(ticket.handleMs, ctx),
                        }),
                        ...(ticket.rating !== undefined ? [ctx.t('rated', { n: ticket.rating })] : []),
                      ],
                      ctx,
                    ),
                    ticket.comment ? bidiElement('q', ticket.comment, this.layout()) : null,
                  ),
                ),
              )
            : null,
        ),
      );
      heading.focus();
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    }
  }

  /** How a customer's or the bot's words are laid out: their own direction, else their language's, else the reader's. */
  private layout(language?: string): { fallback: 'ltr' | 'rtl' } {
    const known = language === 'fa' || language === 'ar' || language === 'en' ? language : this.ctx.language;
    return { fallback: directionOfLanguage(known) };
  }

  private author(author: ConversationRecord['transcript'][number]['author']): string {
    if (author.kind === 'agent') return author.name ?? this.ctx.t('col_agent');
    return this.ctx.t(`author_${author.kind}`);
  }

  private channel(channel: string): string {
    const word = channelWord(channel);
    return word ? this.ctx.t(word) : isolate(channel);
  }

  private language(language: string | undefined): string {
    if (language === 'fa' || language === 'ar' || language === 'en') return this.ctx.t(`lang_${language}`);
    return '–';
  }
}
