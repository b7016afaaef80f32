/**
 * hamdel's embeddable chat widget. One tag on any page:
 *
 *   <script src="https://chat.example/widget.js" async></script>
 *
 * This script is the launcher (launcher.ts): the button, which loads the chat panel's script from the same
 * origin when it is needed. Attributes are described in config.ts. The page can also call window.hamdel.open(), .close(), .toggle(),
 * and .identify({ userId, userHash }) when a user signs in after the page loaded (.identify(null) when they
 * sign out): see docs/identity.md.
 */
import { readConfig, signedUser } from './config.ts';
import { Launcher } from './launcher.ts';
import { panelAddress } from './panel-address.ts';

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
  let launcher: Launcher | undefined;
  const waiting: ((launcher: Launcher) => void)[] = [];
  const use = (action: (launcher: Launcher) => void) => (launcher ? action(launcher) : waiting.push(action));
  window.hamdel = {
    open: () => use((c) => c.open()),
    close: () => use((c) => c.close()),
    toggle: () => use((c) => c.toggle()),
    identify: (user) => use((c) => c.identify(user ? signedUser(user.userId, user.userHash) : undefined)),
  };
  const boot = () => {
    const built = new Launcher(readConfig(script), panelAddress(script?.src));
    launcher = built;
    for (const action of waiting.splice(0)) action(built);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
  else boot();
}

install();
