/**
 * The widget's settings, read once from its own <script> tag:
 *   data-server      chat server origin (default: where widget.js was loaded from)
 *   data-lang        fa | ar | en (default: the conversation's, else the page's, else the browser's language)
 *   data-title       panel title (default: a localized "Customer care")
 *   data-position    left | right (default: right on left-to-right pages, left on right-to-left pages)
 *   data-max-length  longest message in characters (default 2000)
 *   data-color       accent color, any CSS color (default #2556d9)
 */
import { asLanguage, pageDirection, type Language } from './language.ts';

export interface WidgetConfig {
  readonly server: URL;
  readonly language?: Language;
  readonly title?: string;
  readonly position: 'left' | 'right';
  readonly maxLength: number;
  readonly accent: string;
}

export const DEFAULT_MAX_LENGTH = 2000;
export const DEFAULT_ACCENT = '#2556d9';

export function readConfig(script: HTMLScriptElement | null): WidgetConfig {
  const data = script?.dataset ?? {};
  const position = data.position === 'left' || data.position === 'right' ? data.position : undefined;
  const maxLength = Number.parseInt(data.maxLength ?? '', 10);
  return {
    server: serverOrigin(data.server, script?.src),
    language: asLanguage(data.lang),
    title: data.title?.trim() || undefined,
    position: position ?? (pageDirection() === 'rtl' ? 'left' : 'right'),
    maxLength: Number.isFinite(maxLength) && maxLength > 0 ? maxLength : DEFAULT_MAX_LENGTH,
    accent: data.color && CSS.supports('color', data.color) ? data.color : DEFAULT_ACCENT,
  };
}

function serverOrigin(explicit: string | undefined, scriptSrc: string | undefined): URL {
  for (const candidate of [explicit, scriptSrc]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate, location.href);
      // data-server may carry a path prefix (https://example.com/chat); widget.js's own path does not count.
      return new URL(candidate === explicit ? url.href.replace(/\/?$/, '/') : url.origin + '/');
    } catch {
      // Not a URL: try the next source.
    }
  }
  return new URL(location.origin + '/');
}

/** ws(s)://<server>/ws?customer=…&conversation=…&lang=… */
export function socketUrl(
  server: URL,
  customer: string,
  conversation: string | undefined,
  language?: Language,
): string {
  const url = new URL('ws', server);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({
    customer,
    conversation: conversation ?? '',
    lang: language ?? '',
  }).toString();
  return url.href;
}
