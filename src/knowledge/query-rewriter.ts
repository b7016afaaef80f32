import type { Language } from '../core/language.ts';
import { isStopword } from '../language/stopwords.ts';
import { wordVariants } from '../language/variants.ts';
import type { WordCoverage } from './coverage.ts';
import type { SynonymTable } from './synonyms.ts';

/**
 * Brings a question's words to the words of the knowledge base, guided by what the knowledge base
 * knows: a word no article uses becomes the known word it most likely stands for, and otherwise
 * stays as it is. In order:
 * 1. its dialectal or colloquial form undone (language/variants.ts: ماوصلتش -> وصلت, سفارشمو ->
 *    سفارشم), the most used known candidate of the nearest round, or else a candidate that the
 *    dialect list knows (تشتغلون -> تشتغل, which the list reads as يعمل);
 * 2. one typo undone (coverage.ts `correct`: cancle -> cancel, pakage -> package).
 * Only question words change (the articles' own words are what is known), and only into known
 * words, so a rule can never make up a word; what a rule cannot reach is left to the character
 * n-grams.
 */
export class QueryRewriter {
  constructor(
    private readonly language: Language,
    private readonly words: WordCoverage,
    /** The dialect list the knowledge base's texts were read with (their words are its canonical ones). */
    private readonly dialects?: SynonymTable,
    /** Words known otherwise (e.g. from the off-topic questions): left as they are. */
    private readonly knownElsewhere: (token: string) => boolean = () => false,
  ) {}

  /** The known words `token` stands for, or undefined when it is known or nothing fits. */
  private known(token: string): readonly string[] | undefined {
    if (token.length < 3 || this.words.has(token) || isStopword(token, this.language)) return undefined;
    if (this.knownElsewhere(token)) return undefined;
    for (const round of wordVariants(token, this.language)) {
      let best: string | undefined;
      let bestCount = 0;
      let listed: readonly string[] | undefined;
      for (const candidate of round) {
        const count = this.words.count(candidate);
        if (count > bestCount) {
          best = candidate;
          bestCount = count;
        }
        listed ??= this.dialects?.lookup(candidate);
      }
      if (best !== undefined) return [best];
      if (listed !== undefined) return listed;
    }
    const corrected = this.words.correct(token);
    return corrected === undefined ? undefined : [corrected];
  }

  rewrite(tokens: readonly string[]): string[] {
    const out: string[] = [];
    for (const token of tokens) {
      const known = this.known(token);
      if (known === undefined) out.push(token);
      else out.push(...known);
    }
    return out;
  }
}
