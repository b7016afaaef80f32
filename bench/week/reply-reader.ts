/**
 * What a simulated customer makes of the bot's replies, from their text alone (as a person reads them): an
 * article's answer, the list of closest articles, "I have no answer", an apology (the bot read anger), the
 * hand-over to a person, thanks for a rating, leaving the line. The texts are the shop's content (articles
 * and content/messages), in the form the channel shows them: plain for the widget and the HTTP channel,
 * Telegram's HTML for Telegram.
 */
import type { Language } from '../../src/core/language.ts';
import { LANGUAGES } from '../../src/core/language.ts';
import type { MessageCatalog, MessageKey } from '../../src/dialogs/message-catalog.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/knowledge-base.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../src/language/digits.ts';
import { renderHtml } from '../../src/adapters/telegram/telegram-render.ts';

export interface BotReply {
  readonly text: string;
  readonly choices: readonly { readonly label: string; readonly value: string }[];
}

/** What the customer saw in the bot's replies to one message. */
export interface Seen {
  /** Articles answered with (their ids). */
  readonly answers: string[];
  /** The bot offered articles to choose from; the first one offered. */
  clarified: boolean;
  firstOffered?: string;
  noAnswer: boolean;
  apology: boolean;
  connecting: boolean;
  surveyThanks: boolean;
  waitCancelled: boolean;
  /** The language of the texts recognized. */
  language?: Language;
}

type Known = Exclude<keyof Seen, 'answers' | 'firstOffered' | 'language'>;

const KEYS: Readonly<Record<Known, MessageKey>> = {
  clarified: 'clarify',
  noAnswer: 'no_answer',
  apology: 'apology',
  connecting: 'handoff_connecting',
  surveyThanks: 'survey_thanks',
  waitCancelled: 'wait_cancelled',
};

export type Rendering = 'plain' | 'telegram';

type Meaning = { readonly language: Language } & (
  { readonly kind: 'answer'; readonly articleId: string } | { readonly kind: Known }
);

export class ReplyReader {
  private readonly meanings: Record<Rendering, Map<string, Meaning>> = {
    plain: new Map(),
    telegram: new Map(),
  };

  constructor(
    readonly knowledge: KnowledgeSnapshot,
    readonly catalog: MessageCatalog,
  ) {
    const add = (language: Language, text: string, meaning: Meaning) => {
      // The service runs with the default digit policy: Persian and Arabic texts in their own digits.
      const shown = localizeDigits(text, language, DEFAULT_DIGIT_POLICY);
      this.meanings.plain.set(shown, meaning);
      const [html] = renderHtml({
        direction: 'out',
        channel: 'telegram',
        conversationId: '',
        author: { kind: 'bot' },
        text: shown,
        language,
        sentAt: 0,
      });
      if (html !== undefined) this.meanings.telegram.set(html, meaning);
    };
    for (const language of LANGUAGES) {
      for (const [kind, key] of Object.entries(KEYS) as [Known, MessageKey][]) {
        add(language, catalog.text(language, key), { language, kind });
      }
    }
    for (const article of knowledge.articles) {
      add(article.language, article.body, {
        language: article.language,
        kind: 'answer',
        articleId: article.id,
      });
    }
  }

  read(replies: readonly BotReply[], rendering: Rendering): Seen {
    const seen: Seen = {
      answers: [],
      clarified: false,
      noAnswer: false,
      apology: false,
      connecting: false,
      surveyThanks: false,
      waitCancelled: false,
    };
    for (const reply of replies) {
      const meaning = this.meanings[rendering].get(reply.text);
      if (!meaning) continue;
      seen.language = meaning.language;
      if (meaning.kind === 'answer') {
        seen.answers.push(meaning.articleId);
      } else {
        seen[meaning.kind] = true;
        if (meaning.kind === 'clarified') {
          seen.firstOffered = reply.choices
            .map((c) => /^#article:(.+)$/.exec(c.value)?.[1])
            .find((id) => id !== undefined);
        }
      }
    }
    return seen;
  }
}
