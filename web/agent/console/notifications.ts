/**
 * Tells the agent something needs them, without sound: the document title carries a badge with the unread
 * count (and who is waiting when the agent has room), it blinks while the tab is in the background, and the
 * page flashes a short visual cue when a chat arrives or a customer writes.
 */
import { customerName, isolate } from './labels.ts';
import type { ConsoleStore } from './store.ts';

const BASE_TITLE = 'Agent console · hamdel';
const BLINK_MS = 1200;

export class Notifications {
  private blinkTimer: ReturnType<typeof setInterval> | undefined;
  private blinkText = '';
  private blinkOn = false;

  constructor(
    private readonly store: ConsoleStore,
    private readonly cueTarget: HTMLElement,
  ) {
    store.subscribe((change) => {
      if (change.kind === 'assigned') this.alert(change.taken ? '' : 'New chat assigned');
      else if (change.kind === 'entry' && change.entry.author.kind === 'customer') {
        const chat = store.chats.get(change.id);
        const name = chat ? customerName(chat.view.packet.customer) : 'Customer';
        if (document.hidden || store.selected !== change.id) this.alert(`${isolate(name)} wrote`);
      }
      if (['chat', 'chats', 'queue', 'agent', 'selected', 'entry'].includes(change.kind)) this.updateTitle();
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.stopBlink();
    });
    this.updateTitle();
  }

  /** "(3) 2 waiting · Agent console · hamdel" */
  title(): string {
    const unread = this.store.totalUnread();
    const { store } = this;
    const waiting =
      store.status === 'online' && !store.atCapacity ? store.queue.filter((item) => item.canTake).length : 0;
    return `${unread > 0 ? `(${unread}) ` : ''}${waiting > 0 ? `${waiting} waiting · ` : ''}${BASE_TITLE}`;
  }

  private updateTitle(): void {
    if (!this.blinkOn) document.title = this.title();
  }

  private alert(text: string): void {
    this.cueTarget.classList.remove('cue');
    void this.cueTarget.offsetWidth; // restart the animation
    this.cueTarget.classList.add('cue');
    if (!text || !document.hidden) return;
    this.blinkText = text;
    if (this.blinkTimer !== undefined) return;
    this.blinkTimer = setInterval(() => {
      this.blinkOn = !this.blinkOn;
      document.title = this.blinkOn ? `● ${this.blinkText}` : this.title();
    }, BLINK_MS);
  }

  private stopBlink(): void {
    clearInterval(this.blinkTimer);
    this.blinkTimer = undefined;
    this.blinkOn = false;
    this.updateTitle();
  }
}
