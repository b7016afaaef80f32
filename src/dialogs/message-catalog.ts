import path from 'node:path';
import { readYamlFile } from '../core/yaml-file.ts';
import { z } from 'zod';
import { HamdelError } from '../core/errors.ts';
import { LANGUAGES, type Language } from '../core/language.ts';
import { fillPlaceholders } from '../language/placeholders.ts';

/** The sentences the bot says; each must be written in every language (content/messages/<language>.yaml). */
export const MESSAGE_KEYS = [
  'greeting',
  'greeting_reply',
  'clarify',
  'none_of_these',
  'no_answer',
  'offer_person',
  'person_choice',
  'handoff_recorded',
  'handoff_already',
  'choice_expired',
  'handoff_connecting',
  'apology',
  'acknowledge',
  'wait_cancelled',
  'leave_line_choice',
  'queue_status',
  'wait_minutes',
  'wait_few',
  'wait_unknown',
  'outside_hours',
  'wait_longer',
  'leave_message_offer',
  'agent_joined',
  'agent_released',
  'agent_transferred',
  'closing',
  'survey_question',
  'survey_thanks',
  'attachment_received',
  'attachment_for_agent',
  'message_too_long',
  'helpful_question',
  'helpful_yes_choice',
  'helpful_no_choice',
  'helpful_thanks',
  'helpful_sorry',
  'helpful_others',
  'link_code',
  'link_telegram',
  'link_joined',
  'link_refused',
  'link_rate_limited',
  'link_unlinked',
  'link_none',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

/** Phrase lists in the catalog, matched against normalized customer text. */
export const PHRASE_KEYS = [
  'greetings',
  'person_requests',
  'cancel_requests',
  /** Whole replies to "did this help?" that mean yes, and no. */
  'helpful_yes',
  'helpful_no',
  /** Ways to say an answer did not help, found anywhere in a message. */
  'not_helpful',
  /** Asking to continue the conversation on another channel (a link code is given). */
  'link_requests',
  /** Asking to part a linked channel from the conversation. */
  'unlink_requests',
] as const;
export type PhraseKey = (typeof PHRASE_KEYS)[number];

const catalogSchema = z.object({
  ...Object.fromEntries(MESSAGE_KEYS.map((key) => [key, z.string().trim().min(1, 'is empty')])),
  ...Object.fromEntries(PHRASE_KEYS.map((key) => [key, z.array(z.string().trim().min(1)).min(1)])),
});

type LanguageCatalog = Record<MessageKey, string> & Record<PhraseKey, string[]>;

/** Everything the bot says, per language, never from strings in code. */
export class MessageCatalog {
  private constructor(private readonly catalogs: Readonly<Record<Language, LanguageCatalog>>) {}

  /** Builds a catalog from already-parsed data (one object per language); throws CATALOG_INVALID. */
  static fromData(data: Readonly<Record<Language, unknown>>): MessageCatalog {
    const catalogs = {} as Record<Language, LanguageCatalog>;
    for (const language of LANGUAGES) {
      const parsed = catalogSchema.safeParse(data[language] ?? {});
      if (!parsed.success) {
        const reasons = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new HamdelError('CATALOG_INVALID', `messages/${language}.yaml: ${reasons}`, {
          language,
          reasons,
        });
      }
      catalogs[language] = parsed.data as LanguageCatalog;
    }
    return new MessageCatalog(catalogs);
  }

  /** Reads content/messages/<language>.yaml for every language. */
  static async load(dir: string): Promise<MessageCatalog> {
    const data = {} as Record<Language, unknown>;
    for (const language of LANGUAGES) {
      data[language] = await readYamlFile(path.join(dir, `${language}.yaml`), 'CATALOG_INVALID');
    }
    return MessageCatalog.fromData(data);
  }

  /** The sentence for `key`, with {placeholders} filled from `values`. */
  text(language: Language, key: MessageKey, values: Readonly<Record<string, string | number>> = {}): string {
    return fillPlaceholders(this.catalogs[language][key], values);
  }

  phrases(language: Language, key: PhraseKey): readonly string[] {
    return this.catalogs[language][key];
  }
}
