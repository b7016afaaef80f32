/**
 * The web widget's WebSocket protocol (JSON text frames), shared by the server adapter and web/widget.
 *
 * Connect: ws(s)://HOST/ws?customer=<visitorId>&conversation=<conversationId or empty>&lang=<fa|ar|en or empty>
 *
 * 1. The client sends `hello` with the id of the last transcript entry it has shown (or none).
 * 2. The server answers `welcome` with the conversation id and then replays the transcript entries after
 *    `lastSeenId` as `entry` frames, at most the newest WIDGET_REPLAY_LIMIT of them (`olderHistory` in
 *    `welcome` says that older ones were left out), then goes live: new entries arrive as `entry` frames.
 *    A `hello` that arrives while another waits is folded into it (the newest `lastSeenId` wins); more than
 *    WIDGET_HELLOS_PER_MINUTE per connection are refused with `RATE_LIMITED`. While Redis is away the
 *    server answers `error` REDIS_UNAVAILABLE once and keeps trying; `welcome` follows when Redis is back.
 * 3. The client sends `say` frames. `clientMessageId` is the platform message id: a `say` sent again
 *    after a reconnect with the same id is handled once. The server answers `ack` once it is stored.
 * 4. `typing` frames tell that the other side is writing (the bot while it works, later an agent).
 * 5. `error` frames carry a stable code and a human-readable message; the connection stays open unless
 *    the code says otherwise.
 * 6. The server closes a connection with one of CLOSE_CODES: 1008 (the page is not allowed; do not retry),
 *    4008 (the client did not read: more than SOCKET_SEND_BUFFER_BYTES waited to be sent), 1013 (too many
 *    connections from this address or to this server; retry later).
 *
 * Entry ids are Redis stream ids ("1700000000000-0") and compare in order; the client de-duplicates by id.
 */
import type { Choice, Author } from '../../core/message.ts';
import type { Language } from '../../core/language.ts';

export type ClientFrame =
  | { readonly type: 'hello'; readonly lastSeenId?: string }
  | { readonly type: 'say'; readonly clientMessageId: string; readonly text: string }
  | { readonly type: 'typing' };

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
}

export type ServerFrame =
  | {
      readonly type: 'welcome';
      readonly conversationId: string;
      readonly customerId: string;
      /** The conversation's language once known, for the panel's direction and digits. */
      readonly language?: Language;
      /**
       * More entries came after `lastSeenId` than one replay sends: only the newest were replayed, and
       * older ones exist that this client has not been sent.
       */
      readonly olderHistory?: boolean;
    }
  | { readonly type: 'entry'; readonly entry: TranscriptEntryView }
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
   * such line (the widget shows it in place, above the composer). Any agent or system entry ends it.
   */
  | { readonly type: 'wait'; readonly position: number; readonly text: string }
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
} as const;
