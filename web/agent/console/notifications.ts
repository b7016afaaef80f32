/**
 * Tells the agent something needs them: the document title carries a badge with the unread count (and who
 * is waiting when the agent has room), it blinks while the tab is in the background, the page flashes a
 * short visual cue, and, unless the agent muted them, a short tone plays and (with the browser's
 * permission, while the console is hidden) a desktop notification shows when a chat arrives or a customer
 * writes.
 */
import { directionOfLanguage, layOutText } from '../../../src/rich-text/bidi-layout.ts';
import { renderPlainText } from '../../../src/rich-text/plain-text.ts';
import { t } from './i18n.ts';
import { customerName, isolate } from './labels.ts';
import type { ConsoleStore } from './store.ts';

const BLINK_MS = 1200;
const MUTE_KEY = 'hamdel.console.muted';

/** Whether the agent muted sounds and desktop notifications (remembered in this browser). */
export function isMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export function setMuted(muted: boolean): void {
  try {
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  } catch {
    // not remembered past this page
  }
  if (!muted && typeof Notification !== 'undefined' && Notification.permission === 'default') {
    void Notification.requestPermission().catch(() => undefined);
  }
}

export class Notifications {
  private blinkTimer: ReturnType<typeof setInterval> | undefined;
  private blinkText = '';
  private blinkOn = false;
  private audio: AudioContext | undefined;

  constructor(
    private readonly store: ConsoleStore,
    private readonly cueTarget: HTMLElement,
  ) {
    store.subscribe((change) => {
      if (change.kind === 'assigned') this.alert(change.taken ? '' : t('notify.newChat'));
      else if (change.kind === 'entry' && change.entry.author.kind === 'customer') {
        const chat = store.chats.get(change.id);
        const name = chat ? customerName(chat.view.packet.customer) : t('customer.generic');
        if (document.hidden || store.selected !== change.id) {
          // A desktop notification is plain text: the message laid out with isolates and marks.
          const fallback = directionOfLanguage(change.entry.language ?? chat?.view.packet.language ?? 'en');
          const body = renderPlainText(layOutText(change.entry.text, { fallback }));
          this.alert(t('notify.wrote', { name: isolate(name) }), body);
        }
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
    return `${unread > 0 ? `(${unread}) ` : ''}${waiting > 0 ? t('notify.titleWaiting', { n: waiting }) : ''}${t('notify.baseTitle')}`;
  }

  private updateTitle(): void {
    if (!this.blinkOn) document.title = this.title();
  }

  private alert(text: string, body = ''): void {
    this.cueTarget.classList.remove('cue');
    void this.cueTarget.offsetWidth; // restart the animation
    this.cueTarget.classList.add('cue');
    if (text) this.ring(text, body);
    if (!text || !document.hidden) return;
    this.blinkText = text;
    if (this.blinkTimer !== undefined) return;
    this.blinkTimer = setInterval(() => {
      this.blinkOn = !this.blinkOn;
      document.title = this.blinkOn ? `● ${this.blinkText}` : this.title();
    }, BLINK_MS);
  }

  /** A short tone, and a desktop notification while the console is hidden; nothing when muted. */
  private ring(title: string, body: string): void {
    if (isMuted()) return;
    try {
      this.audio ??= new AudioContext();
      const tone = this.audio.createOscillator();
      const gain = this.audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, this.audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, this.audio.currentTime + 0.25);
      tone.connect(gain).connect(this.audio.destination);
      tone.start();
      tone.stop(this.audio.currentTime + 0.25);
    } catch {
      // no audio (autoplay rules): the title and the cue still tell
    }
    if (document.hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(title, { body: body.slice(0, 140), tag: 'hamdel-console' });
    }
  }

  private stopBlink(): void {
    clearInterval(this.blinkTimer);
    this.blinkTimer = undefined;
    this.blinkOn = false;
    this.updateTitle();
  }
}
