import type { Language } from '../core/language.ts';
import { arabicVariants } from './variants-ar.ts';
import { persianVariants } from './variants-fa.ts';

/**
 * Standard forms a folded dialectal or colloquial word may stand for, in rounds (nearest first):
 * Arabic dialects (variants-ar.ts) and spoken Persian (variants-fa.ts); none for English, whose
 * variants are spelling (coverage.ts) and the dialect lists of content/dialects.
 */
export function wordVariants(word: string, language: Language): readonly (readonly string[])[] {
  if (!/^[\u0600-\u06FF]+$/.test(word)) return [];
  if (language === 'ar') return arabicVariants(word);
  if (language === 'fa') return persianVariants(word);
  return [];
}
