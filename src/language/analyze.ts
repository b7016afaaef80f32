import type { Language } from '../core/language.ts';
import { foldForSearch } from './normalize.ts';
import { stemArabic } from './stem-ar.ts';
import { stemEnglish } from './stem-en.ts';
import { type KnownWord, stemPersian } from './stem-fa.ts';
import { isStopword } from './stopwords.ts';
import { tokenize } from './tokenize.ts';

export interface AnalyzeOptions {
  /** Drop the language's stop words (default true). */
  readonly stopwords?: boolean;
  /** Persian only: words known to the caller (e.g. an index's vocabulary), for the one-letter suffixes. */
  readonly isKnown?: KnownWord;
}

/** Stem one folded word with the stemmer of `language`. Latin words are stemmed as English everywhere. */
export function stem(word: string, language: Language, isKnown?: KnownWord): string {
  if (/^[a-z]+$/.test(word)) return stemEnglish(word);
  if (language === 'fa') return stemPersian(word, isKnown);
  if (language === 'ar') return stemArabic(word);
  return word;
}

/** Search terms of a text: folded, tokenized, stop words dropped, stemmed. */
export function analyze(text: string, language: Language, options: AnalyzeOptions = {}): string[] {
  const dropStopwords = options.stopwords ?? true;
  const terms: string[] = [];
  for (const token of tokenize(foldForSearch(text, language))) {
    if (dropStopwords && isStopword(token, language)) continue;
    terms.push(stem(token, language, options.isKnown));
  }
  return terms;
}
