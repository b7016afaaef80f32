import type { FastifyInstance } from 'fastify';
import { IMMUTABLE, REVALIDATE, sendScript, type ScriptSource } from '../../core/served-script.ts';

/**
 * The stable address sites embed: kept 5 minutes, then asked again with If-None-Match (304 when unchanged),
 * so a new release reaches every site within minutes while a repeat page view downloads nothing.
 */
export const STABLE_WIDGET_CACHE = 'public, max-age=300';

/** The content-hashed address of a script's current version, e.g. /widget.0123456789abcdef.js. */
export function hashedWidgetPath(hash: string): string {
  return `/widget.${hash}.js`;
}

/** The content-hashed address of the widget's panel script, e.g. /widget-panel.0123456789abcdef.js. */
export function hashedPanelPath(hash: string): string {
  return `/widget-panel.${hash}.js`;
}

/** The widget's two scripts (src/server/widget-scripts.ts). */
export interface WidgetScriptSources {
  /** widget.js, the launcher every page view loads. */
  readonly launcher: ScriptSource;
  /** The chat panel, which the launcher loads when it is needed. */
  readonly panel: ScriptSource;
}

/**
 * The widget's scripts, readable by other sites (Cross-Origin-Resource-Policy: cross-origin):
 * - `/widget.js`, the one-tag embed's address: a short cache, ETag revalidation;
 * - `/widget.<hash>.js`, this version under its content hash: cached for a year, immutable. A hash this
 *   process does not serve (an older or newer release) is sent to `/widget.js` (302, not cached), so a
 *   page that kept an old address still gets a working widget.
 * - `/widget-panel.<hash>.js`, the chat panel the launcher loads (the hash is in the launcher's settings):
 *   cached for a year, immutable; an unknown hash is sent to the current one (302, not cached), and
 *   `/widget-panel.js` is the current panel, always revalidated (for a look by hand).
 * All answer in brotli or gzip when the browser accepts it (core/served-script.ts).
 */
export function registerWidgetScriptRoutes(app: FastifyInstance, scripts: WidgetScriptSources): void {
  const script = scripts.launcher;
  const embeddable = {
    config: { securityHeaders: { crossOriginResourcePolicy: { policy: 'cross-origin' as const } } },
  };
  app.get('/widget.js', embeddable, async (request, reply) =>
    sendScript(request, reply, await script(), STABLE_WIDGET_CACHE),
  );
  app.get<{ Params: { hash: string } }>(
    '/widget.:hash(^[0-9a-f]{16}$).js',
    embeddable,
    async (request, reply) => {
      const current = await script();
      if (request.params.hash === current.hash) return sendScript(request, reply, current, IMMUTABLE);
      reply.header('cache-control', 'no-cache');
      return reply.redirect('widget.js', 302);
    },
  );
  app.get('/widget-panel.js', embeddable, async (request, reply) =>
    sendScript(request, reply, await scripts.panel(), REVALIDATE),
  );
  app.get<{ Params: { hash: string } }>(
    '/widget-panel.:hash(^[0-9a-f]{16}$).js',
    embeddable,
    async (request, reply) => {
      const current = await scripts.panel();
      if (request.params.hash === current.hash) return sendScript(request, reply, current, IMMUTABLE);
      reply.header('cache-control', 'no-cache');
      return reply.redirect(hashedPanelPath(current.hash).slice(1), 302);
    },
  );
}
