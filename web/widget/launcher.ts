/**
 * The widget's launcher: what every page view downloads (widget.js). It draws the button in its shadow
 * root and loads the chat panel's script (panel-loader.ts) only when it is needed:
 * - when the visitor points at the button or focuses it (so the panel is usually there by the click),
 *   clicks it, or the page calls window.hamdel.open() or .toggle();
 * - at once, when the browser is idle after the page's load, for a visitor with a conversation going on
 *   (stored in this browser), so replies that arrive while the chat is closed show on the badge.
 * While the panel loads the button is busy; if it fails (offline) the button says so, and the next click
 * tries again. A visitor who never chats downloads nothing more.
 */
import type { WidgetConfig } from './config.ts';
import { h, icon, ICONS } from './dom.ts';
import { asLanguage, widgetDirection, widgetLanguage, type Language } from './language.ts';
import { launcherStrings } from './launcher-strings.ts';
import { adoptStyles, launcherStyles } from './launcher-styles.ts';
import type { SignedUser } from '../../src/adapters/web/protocol.ts';
import type { LauncherFrame, WidgetPanel } from './panel-hook.ts';
import { loadPanel } from './panel-loader.ts';
import { browserStore } from './storage.ts';

export class Launcher {
  private readonly frame: LauncherFrame;
  private readonly panelSrc: string;
  private panel: WidgetPanel | undefined;
  private loading: Promise<void> | undefined;
  /** What the page or the visitor asked for before the panel was there: carried out when it comes. */
  private wanted: 'open' | 'closed' | undefined;
  private user: SignedUser | undefined;
  private readonly language: Language;

  constructor(config: WidgetConfig, panelSrc: string) {
    this.panelSrc = panelSrc;
    this.user = config.user;
    const store = browserStore(config.server.host);
    const conversation = asLanguage(store.get('language'));
    const language = widgetLanguage(conversation, config.language);
    this.language = language;
    const host =
      document.querySelector<HTMLElement>('hamdel-chat, #hamdel-chat') ??
      document.createElement('hamdel-chat');
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    const bubble = h(
      'button',
      { type: 'button', class: 'bubble', 'aria-expanded': 'false', part: 'bubble' },
      icon(ICONS.chat, 'icon when-closed'),
      icon(ICONS.chevronDown, 'icon when-open'),
      badge,
    );
    const root = h(
      'div',
      {
        class: `root ${config.position} lang-${language}`,
        dir: widgetDirection(conversation, config.language),
        lang: language,
      },
      bubble,
    );
    shadow.replaceChildren(root);
    adoptStyles(shadow, launcherStyles(config.accent));
    this.frame = { config, store, shadow, root, bubble, badge };
    this.label(launcherStrings(language).openChat);

    // A click while the panel loads changes nothing: it opens when it comes.
    bubble.addEventListener('click', () =>
      this.wanted === 'open' && !this.panel ? undefined : this.toggle(),
    );
    // Pointing at the button or tabbing to it starts the download: the click finds the panel ready.
    for (const type of ['pointerenter', 'focus', 'touchstart'])
      bubble.addEventListener(type, () => void this.load(), { passive: true });
    if (!host.isConnected) document.body.appendChild(host);
    if (store.get('conversation') || (store.get('outbox') ?? '[]') !== '[]') this.whenIdle();
  }

  open(): void {
    this.wanted = 'open';
    if (this.panel) return this.panel.open();
    this.frame.bubble.setAttribute('aria-busy', 'true');
    void this.load();
  }

  close(): void {
    this.wanted = 'closed';
    this.panel?.close();
  }

  toggle(): void {
    if (this.panel) this.panel.toggle();
    else if (this.wanted === 'open') this.close();
    else this.open();
  }

  /** The page signed a user in (or out): the panel reconnects as them, or is built as them when it comes. */
  identify(user: SignedUser | undefined): void {
    this.user = user;
    this.panel?.identify(user);
  }

  /** Loads the panel once; a failed load is tried again on the next request. */
  private load(): Promise<void> {
    if (this.panel) return Promise.resolve();
    const { bubble, badge, config } = this.frame;
    this.loading ??= loadPanel(this.panelSrc).then(
      (factory) => {
        bubble.removeAttribute('aria-busy');
        bubble.removeAttribute('title');
        badge.hidden = true;
        const panel = factory({ ...this.frame, config: { ...config, user: this.user } });
        this.panel = panel;
        if (this.wanted === 'open') panel.open();
      },
      () => {
        this.loading = undefined;
        bubble.removeAttribute('aria-busy');
        if (this.wanted !== 'open') return; // only a preload failed: nobody is waiting for it
        this.wanted = undefined;
        const failed = launcherStrings(this.language).loadFailed;
        this.label(failed);
        bubble.title = failed;
        badge.textContent = '!';
        badge.hidden = false;
      },
    );
    return this.loading;
  }

  private label(text: string): void {
    this.frame.bubble.setAttribute('aria-label', text);
  }

  /** Loads the panel when the browser is idle after the page's load (it never competes with the page). */
  private whenIdle(): void {
    const idle = () =>
      'requestIdleCallback' in window
        ? requestIdleCallback(() => void this.load(), { timeout: 3000 })
        : setTimeout(() => void this.load(), 200);
    if (document.readyState === 'complete') idle();
    else window.addEventListener('load', idle, { once: true });
  }
}
