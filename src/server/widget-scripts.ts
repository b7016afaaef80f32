/**
 * The widget's two scripts as the server sends them (docs/architecture.md, "The widget's two scripts"):
 * the launcher (widget.js, what every page view loads) and the chat panel it loads when needed, at its
 * content-hashed address. The panel's address is in the launcher's settings, so a new panel makes a new
 * launcher (and a new hash) too.
 */
import { hashedPanelPath } from '../adapters/web/widget-script-routes.ts';
import { serveableScript, type ScriptSource } from '../core/served-script.ts';
import { cachedBundle, loadBrowserBundle, withSettings, type BrowserSettings } from './browser-bundle.ts';

export interface WidgetScripts {
  /** widget.js: the button and what loads the panel. */
  readonly launcher: ScriptSource;
  /** widget-panel.<hash>.js: the chat itself. */
  readonly panel: ScriptSource;
}

/** Both scripts, each built (or read prebuilt) and compressed once; a failed load is tried again. */
export function widgetScripts(settings: BrowserSettings): WidgetScripts {
  const panel = cachedBundle('widget-panel', { minify: true, settings });
  let loaded: ReturnType<ScriptSource> | undefined;
  const launcher: ScriptSource = () =>
    (loaded ??= Promise.all([loadBrowserBundle('widget', { minify: true }), panel()])
      .then(([script, built]) =>
        serveableScript(withSettings(script, { ...settings, panel: hashedPanelPath(built.hash) })),
      )
      .catch((error: unknown) => {
        loaded = undefined;
        throw error;
      }));
  return { launcher, panel };
}
