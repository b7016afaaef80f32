/**
 * hamdel's embeddable chat widget. One tag on any page:
 *
 *   <script src="https://chat.example/widget.js" async></script>
 *
 * Attributes are described in config.ts. The page can also call window.hamdel.open(), .close(), .toggle(),
 * and .identify({ userId, userHash }) when a user signs in after the page loaded (.identify(null) when they
 * sign out): see docs/identity.md.
 */
import { Chat } from './chat.ts';
import { readConfig, signedUser } from './config.ts';

declare global {
  interface Window {
    hamdel?: {
      open(): void;
      close(): void;
      toggle(): void;
      identify(user: { userId: string; userHash: string } | null): void;
    };
  }
}

// currentScript is only set while this file first runs, so read it before anything waits.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="widget.js"], script[src*="/widget."][src$=".js"]');

/**
 * The page's handle, there as soon as this script has run; calls made before the widget is built (it
 * builds once the page has been parsed, so it never holds the page up) are carried out then, in order.
 */
function install(): void {
  if (window.hamdel) return; // the tag is on the page twice
  let chat: Chat | undefined;
  const waiting: ((chat: Chat) => void)[] = [];
  const use = (action: (chat: Chat) => void) => (chat ? action(chat) : waiting.push(action));
  window.hamdel = {
    open: () => use((c) => c.open()),
    close: () => use((c) => c.close()),
    toggle: () => use((c) => c.toggle()),
    identify: (user) => use((c) => c.identify(user ? signedUser(user.userId, user.userHash) : undefined)),
  };
  const boot = () => {
    const built = new Chat(readConfig(script));
    chat = built;
    for (const action of waiting.splice(0)) action(built);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
  else boot();
}

install();
