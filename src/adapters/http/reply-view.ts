import type { Language } from '../../core/language.ts';
import type { Author, Choice, OutboundMeta } from '../../core/message.ts';
import { directionOfLanguage, layOutText } from '../../rich-text/bidi-layout.ts';
import { renderPlainText } from '../../rich-text/plain-text.ts';
import type { Direction } from '../../language/bidi.ts';
import { RecentResults } from '../../core/recent-results.ts';

/** What the HTTP channel says about one message to the customer: in replies, callbacks and polling alike. */
export interface ReplyView {
  /** The transcript entry's id (a Redis stream id): what `?after=` takes. */
  readonly id: string | undefined;
  readonly text: string;
  /** For an app that shows no Markdown: the same message as plain text, other-direction runs isolated. */
  readonly plainText: string;
  readonly language: Language | undefined;
  readonly kind: OutboundMeta['kind'] | undefined;
  /** Who said it: the bot, an agent (with the name the customer sees) or the system. */
  readonly author: { readonly kind: Author['kind']; readonly name?: string };
  readonly at: number;
  readonly articleId?: string;
  readonly score?: number;
  readonly candidates?: OutboundMeta['candidates'];
  readonly choices?: readonly Choice[];
}

/** A stored entry or an outbound message, as the HTTP channel shows it. */
export function replyView(message: {
  readonly id?: string | undefined;
  readonly text: string;
  readonly language?: Language | undefined;
  readonly author: Author;
  readonly at: number;
  readonly meta?: OutboundMeta | undefined;
  readonly choices?: readonly Choice[] | undefined;
}): ReplyView {
  const { meta } = message;
  return {
    id: message.id,
    text: message.text,
    plainText: plainTextOf(message.text, message.language),
    language: message.language,
    kind: meta?.kind,
    author:
      message.author.kind === 'agent'
        ? { kind: 'agent', name: message.author.name }
        : { kind: message.author.kind },
    at: message.at,
    ...(meta?.articleId ? { articleId: meta.articleId, score: meta.score ?? 0 } : {}),
    ...(meta?.candidates ? { candidates: meta.candidates } : {}),
    ...(message.choices ? { choices: message.choices } : {}),
  };
}

/** A reply's Markdown as plain text, laid out like every channel's (src/rich-text/). */
function plainTextOf(text: string, language: Language | undefined): string {
  const fallback = directionOfLanguage(language ?? 'en');
  const layOut = () => renderPlainText(layOutText(text, { fallback }));
  return text.length > MAX_REMEMBERED_CHARS ? layOut() : recentPlainTexts[fallback].get(text, layOut);
}

/**
 * The plain texts made last, by the direction of a message without letters and by text: the same articles
 * and catalog messages answer customer after customer, and laying out a message's directions was a sixth
 * of an HTTP turn's CPU.
 */
const recentPlainTexts: Readonly<Record<Direction, RecentResults<string, string>>> = {
  ltr: new RecentResults(256),
  rtl: new RecentResults(512),
};
const MAX_REMEMBERED_CHARS = 16_384;
