/**
 * The selected chat's linked channels ("one customer across channels"): a button lists the channels the
 * customer joined to this chat with a code, each with "unlink", which parts it (its later messages start
 * a conversation of their own). An open list follows links made and undone meanwhile (`links-changed`),
 * and says in its status line (heard by a screen reader) which channel came or went.
 * Asked of GET and DELETE /api/agent/chats/:id/links (the holder or an admin:
 * src/handoff/channel-link-routes.ts); a refusal shows its message.
 */
import { ApiError, jsonApi } from '../../shared/json-api.ts';
import { h } from '../../widget/dom.ts';
import { clockTime, t } from './i18n.ts';
import { channelName } from './labels.ts';
import type { ConsoleStore } from './store.ts';

interface LinkView {
  readonly address: string;
  readonly channel: string;
  readonly at: number;
}

const api = jsonApi('/agent/');

export class LinksPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly note: HTMLElement;
  private shownFor: string | undefined;
  /** The links last listed, to tell what a change told by the server added or removed. */
  private listed: readonly LinkView[] = [];

  constructor(private readonly store: ConsoleStore) {
    this.list = h('ul', { class: 'link-list', hidden: true });
    this.note = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
    this.toggle = h(
      'button',
      { type: 'button', class: 'link-button', 'aria-expanded': 'false', 'aria-controls': 'linked-channels' },
      t('links.show'),
    );
    this.list.id = 'linked-channels';
    this.toggle.addEventListener('click', () => {
      if (this.list.hidden) void this.load();
      else this.close();
    });
    this.element = h(
      'section',
      { class: 'packet-section links', 'aria-labelledby': 'links-title' },
      h('h3', { id: 'links-title' }, t('links.title')),
      this.toggle,
      this.list,
      this.note,
    );
    store.subscribe((change) => {
      if (change.kind === 'selected' && store.selected !== this.shownFor) this.close();
      // Linked or unlinked meanwhile (by the customer, or by another console): the open list is read again.
      if (change.kind === 'links' && change.id === this.shownFor && !this.list.hidden) void this.load(true);
    });
    this.close();
  }

  private close(): void {
    this.shownFor = this.store.selected;
    this.element.hidden = !this.store.selected;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.listed = [];
    this.note.textContent = '';
    this.toggle.textContent = t('links.show');
    this.toggle.setAttribute('aria-expanded', 'false');
  }

  /** Reads the list; `quietly` (a change told by the server) keeps the note unless a channel came or went. */
  private async load(quietly = false): Promise<void> {
    const id = this.store.selected;
    if (!id) return;
    this.shownFor = id;
    if (!quietly) this.note.textContent = t('history.loading');
    try {
      const { links } = await api<{ links: LinkView[] }>('GET', `/api/agent/chats/${enc(id)}/links`);
      if (this.store.selected !== id) return;
      if (!quietly) this.note.textContent = '';
      else {
        const change = changeNote(this.listed, links);
        if (change) this.note.textContent = change;
      }
      this.render(id, links);
    } catch (error) {
      this.note.textContent = messageOf(error);
    }
  }

  private render(id: string, links: readonly LinkView[]): void {
    this.listed = links;
    this.list.hidden = false;
    this.toggle.textContent = t('links.hide');
    this.toggle.setAttribute('aria-expanded', 'true');
    this.list.replaceChildren(
      ...(links.length === 0 ? [h('li', { class: 'muted' }, t('links.none'))] : []),
      ...links.map((link) => {
        const unlink = h('button', { type: 'button', class: 'action-button unlink' }, t('links.unlink'));
        unlink.setAttribute('aria-label', t('links.unlinkOne', { channel: channelName(link.channel) }));
        unlink.addEventListener('click', () => void this.unlink(id, link, unlink));
        return h(
          'li',
          { 'data-address': link.address },
          h('span', { class: 'msg-channel' }, channelName(link.channel)),
          ' ',
          h('code', { dir: 'ltr' }, link.address),
          ' ',
          h('span', { class: 'muted small' }, t('links.since', { time: clockTime(link.at) })),
          ' ',
          unlink,
        );
      }),
    );
  }

  private async unlink(id: string, link: LinkView, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await api('DELETE', `/api/agent/chats/${enc(id)}/links/${enc(link.address)}`);
      if (this.store.selected !== id) return;
      await this.load();
      this.note.textContent = t('links.unlinked', { channel: channelName(link.channel) });
    } catch (error) {
      button.disabled = false;
      this.note.textContent = messageOf(error);
    }
  }
}

const enc = encodeURIComponent;

/** "Telegram is now linked…" / "… is no longer linked" for what differs between two lists, or nothing. */
function changeNote(before: readonly LinkView[], after: readonly LinkView[]): string {
  const had = new Set(before.map((link) => link.address));
  const has = new Set(after.map((link) => link.address));
  return [
    ...after
      .filter((link) => !had.has(link.address))
      .map((link) => t('links.linked', { channel: channelName(link.channel) })),
    ...before
      .filter((link) => !has.has(link.address))
      .map((link) => t('links.unlinked', { channel: channelName(link.channel) })),
  ].join(' ');
}

/** A refusal in the console's words where it has them, else the server's message. */
function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.code === 'NOT_CHAT_HOLDER') return t('links.notHolder');
  return error instanceof Error ? error.message : String(error);
}
