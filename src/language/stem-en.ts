import { PorterStemmer } from './natural.ts';

/** English stem of one lower-case word (natural's Porter stemmer; digits and short words unchanged). */
export function stemEnglish(word: string): string {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
  return PorterStemmer.stem(word);
}
