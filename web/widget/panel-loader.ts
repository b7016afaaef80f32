/**
 * Loads the panel's script (panel-hook.ts): a classic <script> added to the page's head, so the host's
 * Content-Security-Policy allows it exactly as it allows widget.js (script-src with hamdel's origin); no
 * eval, no inline code, no module. It resolves with the factory the script hands over while it runs, and
 * rejects when the script fails to load (offline) or hands nothing over (a panel of another release).
 */
import { PANEL_EVENT, type PanelFactory } from './panel-hook.ts';

export function loadPanel(src: string): Promise<PanelFactory> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.addEventListener(PANEL_EVENT, (event) => resolve((event as CustomEvent<PanelFactory>).detail));
    // After the script ran (or failed) its element has done its part: the page's head is left as it was.
    const done = () => {
      script.remove();
      reject(new Error(`hamdel: the chat panel did not load from ${src}`));
    };
    script.onload = done;
    script.onerror = done;
    document.head.appendChild(script);
  });
}
