/** Short notes in a corner (role="status"): errors from the server and chats that left the agent's hands. */
import { t } from './i18n.ts';
import { h } from '../../widget/dom.ts';
import { CONSOLE_ICONS, icon } from './icons.ts';

export type ToastKind = 'info' | 'error' | 'success';

export class Toasts {
  readonly element: HTMLElement;

  constructor(private readonly lifetimeMs = 6000) {
    this.element = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
  }

  show(kind: ToastKind, text: string): void {
    const close = h(
      'button',
      { type: 'button', class: 'toast-close', 'aria-label': t('toast.dismiss') },
      icon(CONSOLE_ICONS.close),
    );
    const toast = h('div', { class: `toast ${kind}` }, h('span', { dir: 'auto' }, text), close);
    const remove = (): void => toast.remove();
    close.addEventListener('click', remove);
    this.element.appendChild(toast);
    setTimeout(remove, kind === 'error' ? this.lifetimeMs * 2 : this.lifetimeMs);
    while (this.element.children.length > 4) this.element.firstElementChild?.remove();
  }
}
