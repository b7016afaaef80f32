/**
 * Online / Away: a two-button switch that sends `status`. The server's `hello` and `status` frames are the
 * truth; the switch shows what the server says, with the requested state pending until it answers.
 */
import { t } from './i18n.ts';
import type { AgentStatus } from '../../../src/agents/agent.ts';
import { h } from '../../widget/dom.ts';

export class StatusToggle {
  readonly element: HTMLElement;
  private readonly buttons: Record<'online' | 'away', HTMLButtonElement>;
  private requested: 'online' | 'away' | undefined;

  constructor(private readonly onChange: (status: 'online' | 'away') => boolean) {
    this.buttons = {
      online: h(
        'button',
        { type: 'button', class: 'status-option online' },
        h('span', { class: 'dot' }),
        t('status.online'),
      ),
      away: h(
        'button',
        { type: 'button', class: 'status-option away' },
        h('span', { class: 'dot' }),
        t('status.away'),
      ),
    };
    this.element = h(
      'div',
      { class: 'status-toggle', role: 'group', 'aria-label': t('status.group') },
      this.buttons.online,
      this.buttons.away,
    );
    for (const status of ['online', 'away'] as const) {
      this.buttons[status].addEventListener('click', () => {
        if (this.buttons[status].getAttribute('aria-pressed') === 'true') return;
        if (this.onChange(status)) {
          this.requested = status;
          this.buttons[status].classList.add('pending');
        }
      });
    }
    this.show('offline');
  }

  show(status: AgentStatus): void {
    if (status === this.requested || status === 'offline') this.requested = undefined;
    for (const option of ['online', 'away'] as const) {
      this.buttons[option].setAttribute('aria-pressed', option === status ? 'true' : 'false');
      this.buttons[option].classList.toggle('pending', option === this.requested);
    }
    this.element.dataset.status = status;
  }

  setEnabled(enabled: boolean): void {
    this.buttons.online.disabled = !enabled;
    this.buttons.away.disabled = !enabled;
  }
}
