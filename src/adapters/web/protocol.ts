/**
 * The web widget's WebSocket protocol (JSON text frames), shared by the server adapter and web/widget.
 *
 * Connect: ws(s)://HOST/ws?lang=<fa|ar|en or empty>. The URL carries no credential (URLs end up in logs
 * and proxies); older widgets' `customer` and `conversation` parameters are ignored.
 *
 * 1. The client sends `hello` with the id of the last transcript entry it has shown (or none) and who it is
 *    (docs/identity.md), checked once per connection at the first `hello`:
 *    - `user: {id, hash}`: a signed-in site user, `hash` = hex HMAC-SHA256(id, IDENTITY_SECRET) made by the
 *      site's server; the conversation is the user's on every device (customer id `user:<id>`). A refused
 *      signature (or IDENTITY_SECRET unset) is answered `error` IDENTITY_INVALID and closed with 4422.
 *    - else `visitor: {id, secret}`: the anonymous visitor this browser was given. Unknown, wrong or
 *      replaced credentials are answered `error` VISITOR_SECRET_INVALID and closed with 4403: nothing is
 *      opened, and the browser should forget them and connect as a new visitor.
 *    - else (neither): a new anonymous visitor; `welcome` carries its `visitor: {id, secret}` once, for the
 *      browser to keep (only there) and present in later `hello`s.
 *    Later `hello`s on the same connection only ask for a replay; who they say they are is ignored.
 * 2. The server answers `welcome` with the conversation id and then replays the transcript entries after
 *    `lastSeenId` as `entry` frames, at most the newest WIDGET_REPLAY_LIMIT of them (`olderHistory` in
 *    `welcome` says that older ones were left out), then goes live: new entries arrive as `entry` frames.
 *    A `hello` that arrives while another waits is folded into it (the newest `lastSeenId` wins); more than
 *    WIDGET_HELLOS_PER_MINUTE per connection are refused with `RATE_LIMITED`. While Redis is away the
 *    server answers `error` REDIS_UNAVAILABLE once and keeps trying; `welcome` follows when Redis is back.
 * 3. The client sends `say` frames. `clientMessageId` is the platform message id: a `say` sent again
 *    after a reconnect with the same id is handled once. The server answers `ack` once it is stored.
 *    `say`, `typing` and `rotate` before the connection is welcomed are refused with HELLO_REQUIRED.
 * 4. `typing` frames tell that the other side is writing (the bot while it works, later an agent).
 * 5. An anonymous visitor may send `rotate`: the server gives it a new secret (the old one stops working at
 *    once) and answers `visitor` with the new credentials, which replace the stored ones. Rotations count
 *    against WIDGET_HELLOS_PER_MINUTE.
 * 6. `error` frames carry a stable code and a human-readable message; the connection stays open unless
 *    the code says otherwise.
 * 7. The server closes a connection with one of CLOSE_CODES: 1008 (the page is not allowed; do not retry),
 *    4008 (the client did not read: more than SOCKET_SEND_BUFFER_BYTES waited to be sent), 1013 (too many
 *    connections from this address or to this server; retry later), 4403 (visitor credentials refused:
 *    forget them, then connect as a new visitor), 4422 (signed user refused: connect anonymously).
 *
 * Entry ids are Redis stream ids ("1700000000000-0") and compare in order; the client de-duplicates by id.
 */
import type { Choice, Author } from '../../core/message.ts';
import type { Language } from '../../core/language.ts';

/** An anonymous visitor's credentials: issued by the server, kept by one browser, needed to reconnect. */
export interface VisitorCredentials {
  /** 22 characters of base64url (16 random bytes); never shown to agents or logged. */
  readonly id: string;
  /** 43 characters of base64url (32 random bytes); the server keeps only its SHA-256. */
  readonly secret: string;
}

/** A signed-in site user, signed by the site's server (docs/identity.md). */
export interface SignedUser {
  /** The site's user id: 1 to 120 of letters, digits and `_ . @ + - :`. */
  readonly id: string;
  /** Hex HMAC-SHA256 of `id` with IDENTITY_SECRET (64 hex digits). */
  readonly hash: string;
}

export type ClientFrame =
  | {
      readonly type: 'hello';
      readonly lastSeenId?: string;
      readonly visitor?: VisitorCredentials;
      readonly user?: SignedUser;
    }
  | { readonly type: 'say'; readonly clientMessageId: string; readonly text: string }
  | { readonly type: 'typing' }
  | { readonly type: 'rotate' };

export interface TranscriptEntryView {
  /** Stream id, ordered. */
  readonly id: string;
  readonly author: Author;
  readonly text: string;
  readonly language?: Language;
  readonly choices?: readonly Choice[];
  /** ms since epoch. */
  readonly at: number;
  /** For customer entries: the client's id of the message, so the widget can match its pending bubble. */
  readonly clientMessageId?: string;
  /**
   * The channel a customer entry came from (a customer may write from several linked ones), or the one a
   * reply of a linked conversation went out on.
   */
  readonly channel?: string;
}

export type ServerFrame =
  | {
      readonly type: 'welcome';
      readonly conversationId: string;
      /** Who the customer is to agents: a display handle (`visitor-…`) or `user:<id>`; it opens nothing. */
      readonly customerId: string;
      /** A new anonymous visitor's credentials (only in the `welcome` that created it): keep them. */
      readonly visitor?: VisitorCredentials;
      /** The conversation's language once known, for the panel's direction and digits. */
      readonly language?: Language;
      /**
       * More entries came after `lastSeenId` than one replay sends: only the newest were replayed, and
       * older ones exist that this client has not been sent.
       */
      readonly olderHistory?: boolean;
    }
  | { readonly type: 'entry'; readonly entry: TranscriptEntryView }
  /** The answer to `rotate`: the visitor's new credentials (the old secret no longer works). */
  | { readonly type: 'visitor'; readonly visitor: VisitorCredentials }
  | {
      readonly type: 'ack';
      readonly clientMessageId: string;
      /** The message had been received before (a resend after a reconnect): it is not handled again. */
      readonly duplicate?: boolean;
    }
  | { readonly type: 'typing'; readonly who: 'bot' | 'agent'; readonly on: boolean }
  | { readonly type: 'language'; readonly language: Language }
  /**
   * While the customer waits for a person: their place in line and the expected wait, replacing the last
   * such line (the widget shows it in place, above the composer), sent when it changes and after each
   * `welcome`'s replay. Without `text` the customer no longer waits (left the line, taken): the line goes.
   * Any agent or system entry ends it too.
   */
  | { readonly type: 'wait'; readonly position?: number; readonly text?: string }
  | {
      readonly type: 'error';
      readonly code: string;
      readonly message: string;
      readonly clientMessageId?: string;
    };

/** Close codes of the widget's (and the console's) WebSocket. */
export const CLOSE_CODES = {
  /** The page's origin is not on the allow-list: retrying cannot help. */
  ORIGIN_FORBIDDEN: 1008,
  /** Too many connections from this address, or to this server: try again later. */
  TRY_AGAIN_LATER: 1013,
  /** The client did not read what it was sent (its send buffer passed the limit): reconnect. */
  SLOW_READER: 4008,
  /** VISITOR_SECRET_INVALID: the visitor credentials were refused; forget them and connect as a new visitor. */
  VISITOR_REFUSED: 4403,
  /** IDENTITY_INVALID: the signed site user was refused; connect as an anonymous visitor (or fix the site). */
  IDENTITY_REFUSED: 4422,
} as const;
