import { HamdelError } from '../core/errors.ts';
import { type Language, isLanguage } from '../core/language.ts';

/**
 * Questions the bot should not answer, per language, that editors extend in
 * content/off-topic/<language>.yaml:
 *
 * ```yaml
 * language: en
 * questions:
 *   - what will the weather be like this weekend
 *   - tell me a funny joke
 * ```
 *
 * The index learns them as "none of the articles" (language-index.ts). This file takes the parsed
 * data (the caller reads the YAML, and may watch the file).
 */
export interface OffTopicList {
  readonly language: Language;
  readonly questions: readonly string[];
}

function invalid(source: string, reason: string, context: Record<string, unknown> = {}): HamdelError {
  return new HamdelError('ARTICLE_INVALID', `Off-topic questions in ${source}: ${reason}`, {
    file: source,
    ...context,
  });
}

/**
 * An off-topic list from parsed YAML (`{ language, questions: string[] }`). Throws a HamdelError
 * (code ARTICLE_INVALID) naming `source` when the language is missing or unknown, or a question is
 * not a non-empty string.
 */
export function parseOffTopic(data: unknown, source = 'off-topic'): OffTopicList {
  if (typeof data !== 'object' || data === null)
    throw invalid(source, 'expected a mapping with language and questions');
  const record = data as Record<string, unknown>;
  const language = record['language'];
  if (!isLanguage(language))
    throw invalid(source, `language must be fa, ar or en, not ${JSON.stringify(language)}`);
  const questions = record['questions'] ?? [];
  if (!Array.isArray(questions)) throw invalid(source, 'questions must be a list of questions');
  return {
    language,
    questions: questions.map((question: unknown, index: number) => {
      if (typeof question !== 'string' || question.trim().length === 0) {
        throw invalid(source, `question ${index + 1} is not a non-empty text`, { question });
      }
      return question;
    }),
  };
}
