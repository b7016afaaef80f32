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
  document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');

function boot(): void {
  if (window.hamdel) return;
  const chat = new Chat(readConfig(script));
  window.hamdel = {
    open: () => chat.open(),
    close: () => chat.close(),
    toggle: () => chat.toggle(),
    identify: (user) => chat.identify(user ? signedUser(user.userId, user.userHash) : undefined),
  };
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot, { once: true });
