/**
 * The left column: the waiting line and the "Take next" button. Each ticket shows its language, channel,
 * wait (ticking live on the server's clock), reasons, place in line and a one-line summary; tickets this agent
 * cannot take are dimmed. The button is disabled at capacity and shows "chats / capacity".
 */
import type { QueueItemView } from '../../../src/handoff/console-protocol.ts';
import { h } from '../../widget/dom.ts';
import { languageBadge, reasonChips } from './chips.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';
import { channelName } from './labels.ts';
import type { ConsoleStore } from './store.ts';
import { formatWait, waitUrgency } from './time.ts';

export interface QueueViewOptions {
  readonly onTakeNext: () => void;
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
    options: QueueViewOptions,
  ) {
    this.takeCount = h('span', { class: 'take-count' });
    this.takeButton = h(
      'button',
      { type: 'button', class: 'take-next', 'aria-keyshortcuts': 'Alt+N' },
      icon(CONSOLE_ICONS.bolt),
      h('span', { class: 'take-label' }, 'Take next'),
      this.takeCount,
    );
    this.takeButton.addEventListener('click', () => options.onTakeNext());
    this.takeHint = h('p', { class: 'take-hint', id: 'take-hint', 'aria-live': 'polite' });
    this.takeButton.setAttribute('aria-describedby', 'take-hint');
    this.summary = h('span', { class: 'queue-summary' });
    this.list = h('ol', { class: 'queue-list', 'aria-label': 'Customers waiting' });
    this.empty = h('p', { class: 'empty-note' }, 'Nobody is waiting. New customers appear here as they ask.');
    this.element = h(
      'section',
      { class: 'queue-pane', 'aria-labelledby': 'queue-title' },
      h('div', { class: 'take-box' }, this.takeButton, this.takeHint),
      h('header', { class: 'pane-head' }, h('h2', { id: 'queue-title' }, 'Waiting line'), this.summary),
      this.list,
      this.empty,
    );
    store.subscribe((change) => {
      if (change.kind === 'queue') this.renderList();
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
    this.takeCount.textContent = `${held} / ${store.capacity}`;
    this.takeCount.setAttribute('aria-label', `${held} of ${store.capacity} chats in hand`);
    let hint = '';
    if (store.connection !== 'online') hint = 'Reconnecting…';
    else if (store.atCapacity) hint = 'You are at capacity. Resolve or release a chat to take another.';
    else if (store.status !== 'online') hint = 'You are away. Go online to take chats.';
    else if (takeable === 0) hint = 'Nobody in line that you can take.';
    else if (store.takeNextRef) hint = 'Taking the next customer…';
    else hint = `${takeable} waiting for you`;
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
    this.summary.textContent = `${queue.length} waiting · ${agentsOnline} agent${agentsOnline === 1 ? '' : 's'} online`;
    this.empty.hidden = queue.length > 0;
    this.waits.clear();
    this.list.replaceChildren(...queue.map((item) => this.itemRow(item)));
    this.tick();
  }

  private itemRow(item: QueueItemView): HTMLElement {
    const waited = h('span', { class: 'waited', 'aria-label': 'Waited' });
    this.waits.set(item.conversationId, { element: waited, enqueuedAt: item.enqueuedAt });
    const name = item.customerName?.trim();
    return h(
      'li',
      {
        class: `queue-item${item.canTake ? '' : ' cannot-take'}`,
        'data-conversation': item.conversationId,
        title: item.canTake ? undefined : 'Another agent serves this one (language or skills).',
      },
      h(
        'div',
        { class: 'qi-top' },
        h('span', { class: 'position', 'aria-label': `Position ${item.position}` }, `#${item.position}`),
        languageBadge(item.language),
        h('span', { class: 'qi-name', dir: 'auto' }, name || 'Customer'),
        h('span', { class: 'channel' }, channelName(item.channel)),
        waited,
      ),
      reasonChips(item.reasons, item.anger),
      h('p', { class: 'qi-summary', dir: 'auto', lang: item.language }, item.summary),
      item.canTake ? undefined : h('span', { class: 'sr-only' }, 'You cannot take this one.'),
    );
  }
}
