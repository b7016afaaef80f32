import type { Language } from '../core/language.ts';
import { arabicScriptSkeleton, latinSkeleton } from '../language/latin-skeleton.ts';
import { isStopword } from '../language/stopwords.ts';
import { wordVariants } from '../language/variants.ts';
import type { WordCoverage } from './coverage.ts';
import type { SynonymTable } from './synonyms.ts';

/** Which rule brought a word to a known one: a dialect or spoken form undone, a typo, Latin letters. */
export type RewriteKind = 'dialect' | 'typo' | 'latin';

interface Rewrite {
  readonly to: readonly string[];
  readonly how: RewriteKind;
}

/** A question's token and what the rewriter made of it (`how` absent: left as it was). */
export interface RewrittenToken {
  readonly token: string;
  readonly to: readonly string[];
  readonly how?: RewriteKind;
}

const LATIN_WORD = /^(?=[a-z0-9]*[a-z])[a-z0-9]{2,}$/;
const ARABIC_SCRIPT_WORD = /^[\u0600-\u06FF]+$/;
/** A Persian or Arabic question with at least this share of Latin words is read as Finglish or Arabizi. */
const LATIN_SHARE = 0.6;
/** Skeletons shorter than this (two sounds: s-t is است, ساعت, ست...) say too little. */
const MIN_SKELETON = 2;

const optional = (word: string | undefined): readonly string[] | undefined =>
  word === undefined ? undefined : [word];

/** Whether most words of a text are in Latin letters. */
function mostlyLatin(text: string): boolean {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const latin = words.filter(
    (word) => /^[\p{Script=Latin}\p{N}]+$/u.test(word) && /\p{L}/u.test(word),
  ).length;
  return latin > 0 && latin >= LATIN_SHARE * words.length;
}

/**
 * Brings a question's words to the words of the knowledge base, guided by what the knowledge base
 * knows: a word no article uses becomes the known word it most likely stands for, and otherwise
 * stays as it is. In order:
 * 1. its dialectal or colloquial form undone (language/variants.ts: ماوصلتش -> وصلت, سفارشمو ->
 *    سفارشم), the most used known candidate of the nearest round, or else a candidate that the
 *    dialect list knows (تشتغلون -> تشتغل, which the list reads as يعمل);
 * 2. one typo undone (coverage.ts `correct`: cancle -> cancel, pakage -> package);
 * 3. in a Persian or Arabic index, a question written mostly in Latin letters (Finglish, Arabizi) has
 *    its Latin words read by their consonant skeleton (language/latin-skeleton.ts: sefaresh -> سفارش),
 *    the most used known word of that skeleton.
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
    /** The business's synonyms, read after the dialect list (a candidate شحنه is read as its طرد). */
    private readonly synonyms?: SynonymTable,
  ) {}

  /** What a candidate word is read as through the dialect list, then the synonyms; undefined when neither lists it. */
  private listed(candidate: string): readonly string[] | undefined {
    const dialect = this.dialects?.lookup(candidate);
    if (dialect === undefined) return this.synonyms?.lookup(candidate);
    return dialect.flatMap((token) => this.synonyms?.lookup(token) ?? [token]);
  }

  /** Known words by their consonant skeleton, built at the first Latin question (Persian and Arabic only). */
  private skeletons: Map<string, string> | undefined;

  private bySkeleton(token: string): string | undefined {
    if (this.skeletons === undefined) {
      const best = new Map<string, string>();
      for (const [word, count] of this.words.entries()) {
        if (!ARABIC_SCRIPT_WORD.test(word) || isStopword(word, this.language)) continue;
        const skeleton = arabicScriptSkeleton(word);
        if (skeleton.length < MIN_SKELETON) continue;
        const other = best.get(skeleton);
        if (other === undefined || this.words.count(other) < count) best.set(skeleton, word);
      }
      this.skeletons = best;
    }
    const skeleton = latinSkeleton(token);
    return skeleton.length < MIN_SKELETON ? undefined : this.skeletons.get(skeleton);
  }

  /** The known words `token` stands for and which rule found them, or undefined when it is known or nothing fits. */
  private known(token: string): Rewrite | undefined {
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
        listed ??= this.listed(candidate);
      }
      if (best !== undefined) return { to: [best], how: 'dialect' };
      if (listed !== undefined) return { to: listed, how: 'dialect' };
    }
    const corrected = this.words.correct(token);
    return corrected === undefined ? undefined : { to: [corrected], how: 'typo' };
  }

  /** Known words for a Latin word of a Persian or Arabic question (the dialect list, else its skeleton). */
  private transliterated(token: string): Rewrite | undefined {
    const to = this.dialects?.lookup(token) ?? optional(this.bySkeleton(token));
    return to === undefined ? undefined : { to, how: 'latin' };
  }

  /**
   * `tokens`: the question's folded tokens (after the dialect list and the synonyms); `question`: its
   * text as typed, which says whether it is Persian or Arabic in Latin letters.
   */
  rewrite(tokens: readonly string[], question?: string): string[] {
    return this.rewriteEach(tokens, question).flatMap((word) => word.to);
  }

  /** The same, token by token: what each became (itself when no rule applied) and which rule changed it. */
  rewriteEach(tokens: readonly string[], question?: string): RewrittenToken[] {
    const transliterated = this.language !== 'en' && question !== undefined && mostlyLatin(question);
    return tokens.map((token) => {
      const rewrite =
        transliterated && LATIN_WORD.test(token) && !this.words.has(token) && !this.knownElsewhere(token)
          ? this.transliterated(token)
          : this.known(token);
      return rewrite === undefined ? { token, to: [token] } : { token, ...rewrite };
    });
  }
}
