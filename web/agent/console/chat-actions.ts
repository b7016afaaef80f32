/**
 * What the agent can do with the selected chat: tag it, resolve it with a note, release it to the line, or
 * transfer it to a colleague chosen from a list that shows who is online and has room (asked of the server
 * with `colleagues` each time the list opens). Each command goes with a ref; the buttons stay disabled until
 * the server closes the chat or answers with an error for that ref.
 */
import type { ColleagueView, ConsoleClientFrame } from '../../../src/handoff/console-protocol.ts';
import { h } from '../../widget/dom.ts';
import type { ChatState } from './chat-state.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';
import { t } from './i18n.ts';
import { isolate } from './labels.ts';
import type { ConsoleStore } from './store.ts';

export interface ChatActionsOptions {
  /** Sends the command; returns its ref, or undefined if it could not go out. */
  readonly send: (frame: ConsoleClientFrame) => string | undefined;
  readonly onSent: (chat: ChatState, ref: string) => void;
}

export class ChatActions {
  readonly element: HTMLElement;
  private readonly release: HTMLButtonElement;
  private readonly transferList: HTMLElement;
  private readonly note: HTMLTextAreaElement;
  private readonly resolve: HTMLButtonElement;
  private readonly transferToggle: HTMLButtonElement;
  private readonly transferBox: HTMLElement;
  private readonly tagList: HTMLElement;
  private readonly tagInput: HTMLInputElement;
  private chat: ChatState | undefined;

  constructor(
    store: ConsoleStore,
    private readonly options: ChatActionsOptions,
  ) {
    this.release = h(
      'button',
      { type: 'button', class: 'action-button' },
      icon(CONSOLE_ICONS.undo),
      h('span', {}, t('actions.release')),
    );
    this.note = h('textarea', {
      class: 'field',
      id: 'resolve-note',
      dir: 'auto',
      rows: 2,
      placeholder: t('actions.resolveNote'),
    });
    this.resolve = h(
      'button',
      { type: 'submit', class: 'action-button primary' },
      icon(CONSOLE_ICONS.check),
      h('span', {}, t('actions.resolve')),
    );
    this.transferToggle = h(
      'button',
      { type: 'button', class: 'action-button', 'aria-expanded': 'false', 'aria-controls': 'transfer-box' },
      icon(CONSOLE_ICONS.transfer),
      h('span', {}, t('actions.transferOpen')),
    );
    this.transferList = h('ul', { class: 'colleague-list', 'aria-labelledby': 'transfer-title' });
    this.transferBox = h(
      'div',
      { class: 'action-form', id: 'transfer-box', hidden: true },
      h('p', { class: 'field-label', id: 'transfer-title' }, t('actions.transferTo')),
      this.transferList,
    );
    this.tagList = h('ul', { class: 'tag-list', 'aria-label': t('tags.title') });
    this.tagInput = h('input', {
      type: 'text',
      class: 'field tag-input',
      id: 'tag-input',
      dir: 'auto',
      maxlength: 40,
      placeholder: t('tags.add'),
      autocomplete: 'off',
    });
    const tagForm = h(
      'form',
      { class: 'action-form tags-form' },
      h('label', { for: 'tag-input' }, t('tags.title')),
      this.tagList,
      this.tagInput,
    );
    const resolveForm = h(
      'form',
      { class: 'action-form' },
      h('label', { for: 'resolve-note' }, t('actions.resolveWith')),
      this.note,
      this.resolve,
    );
    this.element = h(
      'section',
      { class: 'chat-actions', 'aria-label': t('actions.label') },
      tagForm,
      resolveForm,
      h('div', { class: 'action-row' }, this.release, this.transferToggle),
      this.transferBox,
    );
    this.transferToggle.addEventListener('click', () => this.showTransfer(this.transferBox.hidden));
    this.release.addEventListener('click', () => this.run((id) => ({ type: 'release', conversationId: id })));
    resolveForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const note = this.note.value.trim();
      this.run((id) => ({ type: 'resolve', conversationId: id, ...(note ? { note } : {}) }));
    });
    tagForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const tag = this.tagInput.value.trim();
      const chat = this.chat;
      if (!tag || !chat) return;
      if (!chat.view.tags.includes(tag)) this.sendTags([...chat.view.tags, tag]);
      this.tagInput.value = '';
    });
    store.subscribe((change) => {
      if (change.kind !== 'answer' || change.frame.type !== 'colleagues') return;
      if (change.frame.conversationId === this.chat?.view.conversationId)
        this.renderColleagues(change.frame.agents);
    });
  }

  show(chat: ChatState | undefined): void {
    if (chat !== this.chat) {
      this.note.value = '';
      this.tagInput.value = '';
      this.showTransfer(false);
    }
    this.chat = chat;
    this.element.hidden = !chat;
    this.renderTags();
    this.update();
  }

  private sendTags(tags: readonly string[]): void {
    const chat = this.chat;
    if (chat) this.options.send({ type: 'tags', conversationId: chat.view.conversationId, tags });
  }

  private renderTags(): void {
    const tags = this.chat?.view.tags ?? [];
    this.tagList.replaceChildren(
      ...tags.map((tag) => {
        const remove = h(
          'button',
          { type: 'button', class: 'tag-remove', 'aria-label': t('tags.remove', { tag }) },
          '×',
        );
        remove.addEventListener('click', () => this.sendTags(tags.filter((x) => x !== tag)));
        return h('li', { class: 'tag-chip' }, h('span', { dir: 'auto' }, tag), remove);
      }),
    );
  }

  private showTransfer(open: boolean): void {
    this.transferBox.hidden = !open;
    this.transferToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open || !this.chat) return;
    this.transferList.replaceChildren(h('li', { class: 'muted' }, t('actions.loading')));
    this.options.send({ type: 'colleagues', conversationId: this.chat.view.conversationId });
  }

  private renderColleagues(agents: readonly ColleagueView[]): void {
    if (!agents.some((a) => a.canTake)) {
      this.transferList.replaceChildren(h('li', { class: 'muted' }, t('actions.noColleague')));
    } else this.transferList.replaceChildren();
    for (const agent of agents) {
      const button = h(
        'button',
        {
          type: 'button',
          class: `colleague${agent.canTake ? ' can-take' : ''}`,
          'data-agent': agent.id,
          disabled: !agent.canTake || this.chat?.action !== undefined,
        },
        h('span', { class: `dot ${agent.status}`, 'aria-hidden': 'true' }),
        h(
          'span',
          { class: 'colleague-name' },
          t('actions.colleague', {
            name: isolate(agent.name),
            team: isolate(agent.team),
            chats: agent.chats,
            capacity: agent.capacity,
          }),
        ),
        h(
          'span',
          { class: 'colleague-state' },
          agent.canTake ? t('actions.colleagueOnline') : t('actions.colleagueBusy'),
        ),
      );
      button.addEventListener('click', () =>
        this.run((id) => ({ type: 'transfer', conversationId: id, toAgentId: agent.id })),
      );
      this.transferList.appendChild(h('li', {}, button));
    }
  }

  private run(command: (conversationId: string) => ConsoleClientFrame): void {
    const chat = this.chat;
    if (!chat || chat.action) return;
    const ref = this.options.send(command(chat.view.conversationId));
    if (!ref) return;
    this.options.onSent(chat, ref);
    this.update();
  }

  private update(): void {
    const busy = !this.chat || this.chat.action !== undefined;
    this.release.disabled = busy;
    this.transferToggle.disabled = busy;
    this.resolve.disabled = busy;
    for (const button of this.transferList.querySelectorAll<HTMLButtonElement>('button.colleague')) {
      button.disabled = busy || !button.classList.contains('can-take');
    }
    this.element.setAttribute('aria-busy', busy && this.chat ? 'true' : 'false');
  }
}
