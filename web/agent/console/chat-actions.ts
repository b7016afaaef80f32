/**
 * What the agent can do with the selected chat: release it to the line, transfer it to another agent by id,
 * or resolve it with a note. Each sends its command with a ref; the buttons stay disabled until the server
 * closes the chat or answers with an error for that ref.
 */
import type { ConsoleClientFrame } from '../../../src/handoff/console-protocol.ts';
import { h } from '../../widget/dom.ts';
import type { ChatState } from './chat-state.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';

export interface ChatActionsOptions {
  /** Sends the command; returns its ref, or undefined if it could not go out. */
  readonly send: (frame: ConsoleClientFrame) => string | undefined;
  readonly onSent: (chat: ChatState, ref: string) => void;
}

export class ChatActions {
  readonly element: HTMLElement;
  private readonly release: HTMLButtonElement;
  private readonly transferInput: HTMLInputElement;
  private readonly transfer: HTMLButtonElement;
  private readonly note: HTMLTextAreaElement;
  private readonly resolve: HTMLButtonElement;
  private readonly transferToggle: HTMLButtonElement;
  private readonly transferForm: HTMLFormElement;
  private chat: ChatState | undefined;

  constructor(private readonly options: ChatActionsOptions) {
    this.release = h(
      'button',
      { type: 'button', class: 'action-button' },
      icon(CONSOLE_ICONS.undo),
      h('span', {}, 'Release to queue'),
    );
    this.transferInput = h('input', {
      type: 'text',
      class: 'field',
      id: 'transfer-to',
      placeholder: 'Agent id',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.transfer = h(
      'button',
      { type: 'submit', class: 'action-button' },
      icon(CONSOLE_ICONS.transfer),
      h('span', {}, 'Transfer'),
    );
    this.note = h('textarea', {
      class: 'field',
      id: 'resolve-note',
      dir: 'auto',
      rows: 2,
      placeholder: 'What was done (optional, kept with the ticket)',
    });
    this.resolve = h(
      'button',
      { type: 'submit', class: 'action-button primary' },
      icon(CONSOLE_ICONS.check),
      h('span', {}, 'Resolve'),
    );
    this.transferToggle = h(
      'button',
      { type: 'button', class: 'action-button', 'aria-expanded': 'false', 'aria-controls': 'transfer-form' },
      icon(CONSOLE_ICONS.transfer),
      h('span', {}, 'Transfer…'),
    );
    const transferForm = h(
      'form',
      { class: 'action-form', id: 'transfer-form', hidden: true },
      h('label', { for: 'transfer-to' }, 'Transfer to another agent'),
      h('div', { class: 'inline-field' }, this.transferInput, this.transfer),
    );
    this.transferForm = transferForm;
    const resolveForm = h(
      'form',
      { class: 'action-form' },
      h('label', { for: 'resolve-note' }, 'Resolve with a note'),
      this.note,
      this.resolve,
    );
    this.element = h(
      'section',
      { class: 'chat-actions', 'aria-label': 'Chat actions' },
      resolveForm,
      h('div', { class: 'action-row' }, this.release, this.transferToggle),
      transferForm,
    );
    this.transferToggle.addEventListener('click', () => this.showTransfer(transferForm.hidden));

    this.release.addEventListener('click', () => this.run((id) => ({ type: 'release', conversationId: id })));
    transferForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const toAgentId = this.transferInput.value.trim();
      if (!toAgentId) {
        this.transferInput.focus();
        return;
      }
      this.run((id) => ({ type: 'transfer', conversationId: id, toAgentId }));
    });
    resolveForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const note = this.note.value.trim();
      this.run((id) => ({ type: 'resolve', conversationId: id, ...(note ? { note } : {}) }));
    });
    this.transferInput.addEventListener('input', () => this.update());
  }

  show(chat: ChatState | undefined): void {
    if (chat !== this.chat) {
      this.transferInput.value = '';
      this.note.value = '';
      this.showTransfer(false);
    }
    this.chat = chat;
    this.element.hidden = !chat;
    this.update();
  }

  private showTransfer(open: boolean): void {
    this.transferForm.hidden = !open;
    this.transferToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) this.transferInput.focus();
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
    this.transfer.disabled = busy || this.transferInput.value.trim() === '';
    this.element.setAttribute('aria-busy', busy && this.chat ? 'true' : 'false');
  }
}
