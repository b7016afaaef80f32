import { cssText } from '../shared/css-text.ts';

/**
 * Adds a stylesheet to the shadow root: a constructed one, which a host page's Content-Security-Policy
 * `style-src` does not govern (no 'unsafe-inline' needed); where a browser has none (before Safari 16.4),
 * a <style> element at the root's start instead. The launcher adds its own, the panel adds its own after it.
 */
export function adoptStyles(shadow: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in shadow && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  shadow.insertBefore(style, shadow.querySelector('.root'));
}

/**
 * The launcher's stylesheet (the widget's frame, its colours and fonts, the button and its badge), scoped to
 * the shadow root so neither the page nor the widget leaks into the other; the panel's is in panel-styles.ts.
 */
export function launcherStyles(accent: string): string {
  // (The build minifies the CSS: comments inside it cost nothing.) Focus shows as a 3 px ring everywhere;
  // reduced motion stops every animation and transition (the panel's too).
  return cssText`
:host { all: initial; }
.root {
  --accent: ${accent};
  --accent-strong: color-mix(in srgb, var(--accent) 78%, #000);
  --ink: #1d2130;
  --muted: #5d6474;
  --line: #e5e7ee;
  --canvas: #f5f6fa;
  --font-latin: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Vazirmatn", "Noto Sans Arabic", Tahoma, sans-serif;
  --font-arabic: "Vazirmatn", "Noto Naskh Arabic", "Noto Sans Arabic", system-ui, Tahoma, sans-serif;
  position: fixed;
  bottom: 20px;
  z-index: 2147483000;
  font: 15px/1.55 var(--font-latin);
  color: var(--ink);
  -webkit-font-smoothing: antialiased;
  text-align: start;
}
.root.right { right: 20px; }
.root.left { left: 20px; }
.root[dir="rtl"], [lang="fa"], [lang="ar"] { font-family: var(--font-arabic); }
.root *, .root *::before, .root *::after { box-sizing: border-box; }

button { font: inherit; color: inherit; }
:focus { outline: none; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.icon { width: 22px; height: 22px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }

/* The launcher. */
.bubble {
  position: relative; width: 60px; height: 60px; border: 0; border-radius: 50%;
  background: var(--accent); color: #fff; cursor: pointer; display: grid; place-items: center;
  box-shadow: 0 8px 24px rgba(17, 24, 39, .22), 0 2px 6px rgba(17, 24, 39, .12);
  transition: transform .18s ease, box-shadow .18s ease;
}
.bubble:hover { transform: translateY(-2px) scale(1.04); box-shadow: 0 12px 28px rgba(17, 24, 39, .26); }
.bubble:focus-visible { outline-offset: 4px; }
.bubble .icon { width: 28px; height: 28px; }
.bubble .when-open { display: none; }
.root.open .bubble .when-open { display: block; }
.root.open .bubble .when-closed { display: none; }
.badge {
  position: absolute; top: -3px; inset-inline-end: -3px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; border: 2px solid #fff; background: #d92d4b; color: #fff;
  font-size: 12px; font-weight: 700; line-height: 18px; text-align: center;
}
.badge[hidden] { display: none; }

/* Loading the panel: a ring turns round the icon, shown only if loading takes a moment. */
.bubble[aria-busy="true"]::after {
  content: ""; position: absolute; inset: 5px; border-radius: 50%;
  border: 3px solid rgba(255, 255, 255, .3); border-top-color: #fff; opacity: 0;
  animation: hamdel-spin .8s linear infinite, hamdel-show 0s .15s forwards;
}
@keyframes hamdel-spin { to { transform: rotate(1turn); } }
@keyframes hamdel-show { to { opacity: 1; } }
@media (max-width: 480px) {
  .root { bottom: calc(16px + env(safe-area-inset-bottom, 0px)); }
  .root.right { right: calc(16px + env(safe-area-inset-right, 0px)); }
  .root.left { left: calc(16px + env(safe-area-inset-left, 0px)); }
}
@media (prefers-reduced-motion: reduce) {
  .root, .root * { animation: none !important; transition: none !important; }
  .bubble:hover { transform: none; }
  .bubble[aria-busy="true"]::after { animation: none; opacity: 1; }
}
`;
}
