/**
 * Where the panel's script is: the server puts its content-hashed path in the launcher's settings when it
 * serves widget.js (src/server/widget-scripts.ts), and the launcher loads it from its own origin.
 */
declare const hamdelSettings: { readonly panel?: unknown } | undefined;

/** The panel's address beside the launcher's own (`scriptSrc`), or the page's origin without one. */
export function panelAddress(scriptSrc: string | undefined): string {
  const path =
    typeof hamdelSettings === 'object' && typeof hamdelSettings?.panel === 'string'
      ? hamdelSettings.panel
      : '/widget-panel.js';
  return new URL(path, scriptSrc || location.href).href;
}
