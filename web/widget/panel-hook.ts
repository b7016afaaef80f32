/**
 * How the widget's two scripts meet (docs/architecture.md, "The widget's two scripts"). widget.js, the
 * launcher, draws the button and loads the panel's script (widget-panel.<hash>.js) when it is needed; that
 * script, while it runs, hands the launcher a `PanelFactory` in one event on its own <script> element, so
 * the page gets no new global name. The launcher then builds the chat with what it already has.
 */
import type { SignedUser } from '../../src/adapters/web/protocol.ts';
import type { WidgetConfig } from './config.ts';
import type { KeyValueStore } from './storage.ts';

/**
 * The event the panel's script sends on its <script> element. Its number changes when this interface does,
 * so a launcher cached from an older release never takes a panel it cannot drive (it says the chat could
 * not load, and the next page view gets both scripts new).
 */
export const PANEL_EVENT = 'hamdel-panel-1';

/** What the launcher built and hands over: the panel adds its dialog beside the button. */
export interface LauncherFrame {
  readonly config: WidgetConfig;
  /** This chat server's part of localStorage (storage.ts). */
  readonly store: KeyValueStore;
  readonly shadow: ShadowRoot;
  /** The positioned frame in the shadow root (its dir, lang and `open` class are the panel's from now on). */
  readonly root: HTMLElement;
  /** The launcher's button: the panel owns its label, badge and `aria-expanded` once it is there. */
  readonly bubble: HTMLButtonElement;
  readonly badge: HTMLElement;
}

/** The chat as the launcher drives it (web/widget/chat.ts). */
export interface WidgetPanel {
  open(): void;
  close(): void;
  toggle(): void;
  identify(user: SignedUser | undefined): void;
}

export type PanelFactory = (frame: LauncherFrame) => WidgetPanel;
