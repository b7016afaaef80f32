/**
 * The widget's settings, read once from its own <script> tag:
 *   data-server      chat server origin (default: where widget.js was loaded from)
 *   data-lang        fa | ar | en (default: the conversation's, else the page's, else the browser's language)
 *   data-title       panel title (default: a localized "Customer care")
 *   data-position    left | right (default: right on left-to-right pages, left on right-to-left pages)
 *   data-max-length  longest message in characters (default 2000)
 *   data-color       accent color, any CSS color (default #2556d9)
 *   data-user-id     a signed-in site user's id, with
 *   data-user-hash   hex HMAC-SHA256 of that id with the server's IDENTITY_SECRET (docs/identity.md)
 */
import type { SignedUser } from '../../src/adapters/web/protocol.ts';
import { asLanguage, pageDirection, type Language } from './language.ts';

export interface WidgetConfig {
  readonly server: URL;
  readonly language?: Language;
  readonly title?: string;
  readonly position: 'left' | 'right';
  readonly maxLength: number;
  readonly accent: string;
  /** A signed-in site user the page vouches for (the server checks the hash). */
  readonly user?: SignedUser;
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
    user: signedUser(data.userId, data.userHash),
  };
}

/** The user the page signed, if it gave both an id and a hash (the server judges them). */
export function signedUser(id: unknown, hash: unknown): SignedUser | undefined {
  if (typeof id !== 'string' || !id.trim()) return undefined;
  if (typeof hash !== 'string' || !hash.trim()) {
    console.warn('hamdel: a user id without its user hash is ignored; see docs/identity.md');
    return undefined;
  }
  return { id: id.trim(), hash: hash.trim() };
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

/** ws(s)://<server>/ws?lang=… (who the visitor is goes in the `hello` frame, never in the URL). */
export function socketUrl(server: URL, language?: Language): string {
  const url = new URL('ws', server);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({ lang: language ?? '' }).toString();
  return url.href;
}
