/**
 * The left column: the waiting line and the "Take next" button. Each ticket shows its language, channel,
 * wait (ticking live on the server's clock), reasons, place in line and a one-line summary; tickets this agent
 * cannot take are dimmed. The button is disabled at capacity and shows "chats / capacity".
 */
import type { QueueItemView } from '../../../src/handoff/console-protocol.ts';
import { directionOfLanguage } from '../../../src/rich-text/bidi-layout.ts';
import { bidiElement } from '../../shared/rich-text.ts';
import { h } from '../../widget/dom.ts';
import { languageBadge, reasonChips } from './chips.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';
import { t } from './i18n.ts';
import { channelName } from './labels.ts';
import type { ConsoleStore } from './store.ts';
import { formatWait, waitUrgency } from './time.ts';

export interface QueueViewOptions {
  readonly onTakeNext: () => void;
  /** "Take" on one chat in line. */
  readonly onTake: (conversationId: string) => void;
}

export class QueueView {
  readonly element: HTMLElement;
  private readonly takeButton: HTMLButtonElement;
  private readonly takeCount: HTMLElement;
  private readonly takeHint: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly waits = new Map<string, { element: HTMLElement; enqueuedAt: number }>();

  constructor(
    private readonly store: ConsoleStore,
    private readonly options: QueueViewOptions,
  ) {
    this.takeCount = h('span', { class: 'take-count' });
    this.takeButton = h(
      'button',
      { type: 'button', class: 'take-next', 'aria-keyshortcuts': 'Alt+N' },
      icon(CONSOLE_ICONS.bolt),
      h('span', { class: 'take-label' }, t('queue.takeNext')),
      this.takeCount,
    );
    this.takeButton.addEventListener('click', () => options.onTakeNext());
    this.takeHint = h('p', { class: 'take-hint', id: 'take-hint', 'aria-live': 'polite' });
    this.takeButton.setAttribute('aria-describedby', 'take-hint');
    this.summary = h('span', { class: 'queue-summary' });
    this.list = h('ol', { class: 'queue-list', 'aria-label': t('queue.listLabel') });
    this.empty = h('p', { class: 'empty-note' }, t('queue.empty'));
    this.element = h(
      'section',
      { class: 'queue-pane', 'aria-labelledby': 'queue-title' },
      h('div', { class: 'take-box' }, this.takeButton, this.takeHint),
      h('header', { class: 'pane-head' }, h('h2', { id: 'queue-title' }, t('queue.title')), this.summary),
      this.list,
      this.empty,
    );
    store.subscribe((change) => {
      if (['queue', 'chats', 'agent', 'connection'].includes(change.kind)) this.renderList();
      if (['queue', 'chats', 'agent', 'connection', 'closed', 'error'].includes(change.kind))
        this.renderTake();
    });
    this.renderList();
    this.renderTake();
  }

  /** Moves every wait on by the clock; called each second. */
  tick(): void {
    const now = this.store.now();
    for (const { element, enqueuedAt } of this.waits.values()) {
      const waited = now - enqueuedAt;
      element.textContent = formatWait(waited);
      element.dataset.urgency = waitUrgency(waited);
    }
  }

  private renderTake(): void {
    const { store } = this;
    const held = store.chats.size;
    const takeable = store.queue.filter((item) => item.canTake).length;
    this.takeCount.textContent = t('queue.count', { held, capacity: store.capacity });
    this.takeCount.setAttribute('aria-label', t('queue.countLabel', { held, capacity: store.capacity }));
    let hint = '';
    if (store.connection !== 'online') hint = t('queue.hintReconnecting');
    else if (store.atCapacity) hint = t('queue.hintFull');
    else if (store.status !== 'online') hint = t('queue.hintAway');
    else if (takeable === 0) hint = t('queue.hintNone');
    else if (store.takeNextRef) hint = t('queue.hintTaking');
    else hint = t('queue.hintWaiting', { count: takeable });
    this.takeHint.textContent = hint;
    this.takeButton.disabled =
      store.connection !== 'online' ||
      store.atCapacity ||
      store.status !== 'online' ||
      takeable === 0 ||
      store.takeNextRef !== undefined;
    this.takeButton.classList.toggle('busy', store.takeNextRef !== undefined);
  }

  private renderList(): void {
    const { queue, agentsOnline } = this.store;
    this.summary.textContent = t('queue.summary', { waiting: queue.length, online: agentsOnline });
    this.empty.hidden = queue.length > 0;
    this.waits.clear();
    this.list.replaceChildren(...queue.map((item) => this.itemRow(item)));
    this.tick();
  }

  private itemRow(item: QueueItemView): HTMLElement {
    const waited = h('span', { class: 'waited', 'aria-label': t('queue.waited') });
    this.waits.set(item.conversationId, { element: waited, enqueuedAt: item.enqueuedAt });
    const name = item.customerName?.trim();
    const { store } = this;
    let take: HTMLButtonElement | undefined;
    if (item.canTake) {
      take = h(
        'button',
        {
          type: 'button',
          class: 'take-one',
          'aria-label': t('queue.takeThis', { name: name || t('customer.generic') }),
        },
        t('queue.take'),
      );
      take.disabled =
        store.connection !== 'online' ||
        store.atCapacity ||
        store.status !== 'online' ||
        store.takeNextRef !== undefined;
      take.addEventListener('click', () => this.options.onTake(item.conversationId));
    }
    return h(
      'li',
      {
        class: `queue-item${item.canTake ? '' : ' cannot-take'}`,
        'data-conversation': item.conversationId,
        title: item.canTake ? undefined : t('queue.notYours'),
      },
      h(
        'div',
        { class: 'qi-top' },
        h(
          'span',
          { class: 'position', 'aria-label': t('queue.position', { n: item.position }) },
          t('queue.positionShort', { n: item.position }),
        ),
        languageBadge(item.language),
        h('span', { class: 'qi-name', dir: 'auto' }, name || t('customer.generic')),
        h('span', { class: 'channel' }, channelName(item.channel)),
        waited,
      ),
      reasonChips(item.reasons, item.anger),
      bidiElement(
        'p',
        item.summary,
        { fallback: directionOfLanguage(item.language) },
        { class: 'qi-summary', attrs: { lang: item.language } },
      ),
      take,
      item.canTake ? undefined : h('span', { class: 'sr-only' }, t('queue.cannotTake')),
    );
  }
}
