/**
 * The right column: the handoff packet of the selected chat. Why it came, the anger assessment with its
 * signals and evidence words, the articles the bot tried, the customer (name, id, language, channel), the
 * failed answers and the summary. The chat actions sit underneath.
 */
import type { HandoffPacket } from '../../../src/handoff/handoff-packet.ts';
import { directionOfLanguage } from '../../../src/rich-text/bidi-layout.ts';
import { bidiElement } from '../../shared/rich-text.ts';
import { h } from '../../widget/dom.ts';
import type { ChatState } from './chat-state.ts';
import { languageBadge, reasonChips } from './chips.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';
import { clockTime, num, t } from './i18n.ts';
import { angerLabel, channelName, customerName, languageName, signalLabel } from './labels.ts';

export class PacketPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(history: HTMLElement, actions: HTMLElement) {
    this.body = h('div', { class: 'packet-body' });
    this.element = h(
      'aside',
      { class: 'packet-pane', 'aria-labelledby': 'packet-title' },
      h('header', { class: 'pane-head' }, h('h2', { id: 'packet-title' }, t('packet.title'))),
      // The packet and the customer's history scroll together; the chat actions stay in view.
      h('div', { class: 'packet-scroll' }, this.body, history),
      actions,
    );
  }

  show(chat: ChatState | undefined): void {
    if (!chat) {
      this.body.replaceChildren(h('p', { class: 'empty-note' }, t('packet.select')));
      return;
    }
    const { packet } = chat.view;
    this.body.replaceChildren(
      this.customer(packet, chat.view.assignedAt),
      this.why(packet),
      ...(packet.anger ? [this.anger(packet)] : []),
      this.summary(packet),
      this.articles(packet),
    );
  }

  private customer(packet: HandoffPacket, assignedAt: number): HTMLElement {
    const { customer } = packet;
    return section(
      t('packet.customer'),
      h(
        'div',
        { class: 'customer-card' },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, icon(CONSOLE_ICONS.person)),
        h(
          'div',
          {},
          h('p', { class: 'customer-name', dir: 'auto' }, customerName(customer)),
          h('p', { class: 'customer-id' }, h('code', { dir: 'ltr' }, customer.id)),
        ),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('packet.language')),
        h('dd', {}, languageBadge(packet.language), ` ${languageName(packet.language)}`),
        h('dt', {}, t('packet.channel')),
        h('dd', {}, channelName(packet.channel)),
        h('dt', {}, t('packet.askedAt')),
        h('dd', {}, clockTime(packet.requestedAt)),
        h('dt', {}, t('packet.since')),
        h('dd', {}, clockTime(assignedAt)),
        packet.team !== 'default' ? h('dt', {}, t('packet.team')) : undefined,
        packet.team !== 'default' ? h('dd', {}, packet.team) : undefined,
        packet.skills.length > 0 ? h('dt', {}, t('packet.skills')) : undefined,
        packet.skills.length > 0 ? h('dd', {}, packet.skills.join(', ')) : undefined,
      ),
    );
  }

  private why(packet: HandoffPacket): HTMLElement {
    const failed = packet.failedAnswers;
    return section(
      t('packet.why'),
      reasonChips(packet.reasons, packet.anger),
      h(
        'p',
        { class: `failed-answers${failed >= 2 ? ' warn' : ''}` },
        failed === 0
          ? t('packet.allAnswered')
          : failed === 1
            ? t('packet.failedOnce')
            : t('packet.failedMany', { n: failed }),
      ),
    );
  }

  private anger(packet: HandoffPacket): HTMLElement {
    const anger = packet.anger;
    if (!anger) return h('div');
    const meter = h('meter', {
      class: `anger-meter ${anger.level}`,
      min: 0,
      max: 1,
      low: 0.34,
      high: 0.67,
      optimum: 0,
      value: Math.max(0, Math.min(1, anger.score)),
      'aria-label': t('anger.scoreLabel'),
    });
    return section(
      t('packet.mood'),
      h(
        'div',
        { class: 'anger-head' },
        h('span', { class: `anger-level ${anger.level}` }, angerLabel(anger.level)),
        meter,
        h(
          'span',
          { class: 'anger-score' },
          num(anger.score, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
        ),
      ),
      anger.reasons.length > 0
        ? h(
            'ul',
            { class: 'anger-reasons' },
            ...anger.reasons.map((reason) =>
              h(
                'li',
                {},
                h('span', { class: 'signal' }, signalLabel(reason.signal)),
                h(
                  'span',
                  { class: 'evidence-list' },
                  ...reason.evidence.map((word) =>
                    h('mark', { class: 'evidence', dir: 'auto', lang: packet.language }, word),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('packet.noSignals')),
    );
  }

  private summary(packet: HandoffPacket): HTMLElement {
    return section(
      t('packet.summary'),
      packet.summary.trim()
        ? bidiElement(
            'blockquote',
            packet.summary,
            { fallback: directionOfLanguage(packet.language) },
            { class: 'summary', attrs: { lang: packet.language } },
          )
        : h('p', { class: 'muted' }, t('packet.noSummary')),
    );
  }

  private articles(packet: HandoffPacket): HTMLElement {
    if (packet.articlesOffered.length === 0) {
      return section(t('packet.articles'), h('p', { class: 'muted' }, t('packet.noArticles')));
    }
    return section(
      t('packet.articles'),
      h(
        'ol',
        { class: 'articles' },
        ...packet.articlesOffered.map((article) =>
          h(
            'li',
            { title: article.articleId },
            icon(CONSOLE_ICONS.article),
            bidiElement(
              'span',
              article.title,
              { fallback: directionOfLanguage(packet.language) },
              { class: 'article-title', attrs: { lang: packet.language } },
            ),
            article.score === undefined
              ? undefined
              : h(
                  'span',
                  { class: 'article-score', title: t('packet.matchScore') },
                  num(article.score, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
                ),
          ),
        ),
      ),
    );
  }
}

function section(title: string, ...children: (HTMLElement | undefined)[]): HTMLElement {
  return h('section', { class: 'packet-section' }, h('h3', {}, title), ...children);
}
