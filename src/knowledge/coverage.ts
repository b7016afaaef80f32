import type { Language } from '../core/language.ts';
import { isStopword } from '../language/stopwords.ts';

/**
 * The words of a knowledge base's texts (folded tokens) and how many texts use each, for two uses:
 *
 * - Coverage: how much of a question the knowledge base knows about, the share of its content
 *   words (stop words left out), weighted by rarity, that occur in any article's texts, allowing one
 *   typo (edit distance 1 by the symmetric-delete method) in words of 4 letters or more. A question
 *   full of words no article uses ("can I speak to a human" in a shop's base) gets a low coverage
 *   even when one common word matches an article well; that is what the confidence needs to abstain.
 * - Spelling: the known word a misspelt one was meant to be (`correct`), by the same index of
 *   deletions: a letter left out, one too many, one replaced or two swapped.
 */
export class WordCoverage {
  private readonly frequency = new Map<string, number>();
  /** Each word with one letter deleted, and the most used word it comes from. */
  private readonly deletions = new Map<string, string>();
  private documents = 0;

  /** Knows `texts` (folded tokens); more can be added with `add`, then `seal`. */
  constructor(
    texts: readonly (readonly string[])[],
    private readonly language: Language,
  ) {
    for (const tokens of texts) this.add(tokens);
    this.seal();
  }

  /** Know one more text. */
  add(tokens: readonly string[]): void {
    this.documents += 1;
    for (const token of new Set(tokens)) this.frequency.set(token, (this.frequency.get(token) ?? 0) + 1);
  }

  /** Index the typo variants of every known word; call after the last `add`. */
  seal(): void {
    for (const [word, count] of this.frequency) {
      if (word.length < MIN_LETTERS) continue;
      for (const variant of deletes(word)) {
        const other = this.deletions.get(variant);
        if (other === undefined || (this.frequency.get(other) ?? 0) < count)
          this.deletions.set(variant, word);
      }
    }
  }

  /** Texts that use `token` (0 when none does). */
  count(token: string): number {
    return this.frequency.get(token) ?? 0;
  }

  has(token: string): boolean {
    return this.frequency.has(token);
  }

  /** Every known word and how many texts use it. */
  entries(): IterableIterator<[string, number]> {
    return this.frequency.entries();
  }

  private weight(count: number): number {
    return Math.log((this.documents + 1) / (count + 1)) + 1;
  }

  /** Rarity-weighted share of the content words of `tokens` (folded) that the index knows, in [0, 1]. */
  coverage(tokens: readonly string[]): number {
    const unknownWeight = this.weight(0);
    let known = 0;
    let total = 0;
    for (const token of tokens) {
      if (isStopword(token, this.language)) continue;
      const count = this.frequency.get(token);
      if (count !== undefined) {
        const w = this.weight(count);
        known += w;
        total += w;
      } else if (
        token.length >= MIN_LETTERS &&
        (this.deletions.has(token) || deletes(token).some((d) => this.isNear(d)))
      ) {
        known += unknownWeight;
        total += unknownWeight;
      } else {
        total += unknownWeight;
      }
    }
    return total === 0 ? 0 : known / total;
  }

  private isNear(variant: string): boolean {
    return this.frequency.has(variant) || this.deletions.has(variant);
  }

  /**
   * The known word one typo away from `token`, the most used one when there are several; undefined
   * when `token` is known, shorter than 4 letters, or has no such neighbour. A replaced or swapped
   * letter is only corrected in longer words: among shorter ones too many real words are one letter
   * apart ("glue", "blue"), in Persian and Arabic script (written without short vowels) up to six
   * letters ("الكون", "الكود"; "فرودگاه", "فروشگاه" is seven and still the same distance).
   */
  correct(token: string): string | undefined {
    if (token.length < MIN_LETTERS || this.frequency.has(token)) return undefined;
    const minReplaced = /^[a-z0-9]+$/.test(token) ? MIN_REPLACED_LETTERS : MIN_REPLACED_LETTERS_ARABIC_SCRIPT;
    let best: string | undefined;
    let bestCount = 0;
    const consider = (word: string | undefined): void => {
      // A stop word is never what a misspelt word meant to say (خبرای is not برای).
      if (word === undefined || word === token || isStopword(word, this.language)) return;
      const count = this.frequency.get(word) ?? 0;
      if (count > bestCount) {
        best = word;
        bestCount = count;
      }
    };
    // A letter left out: the token is a deletion of a known word.
    consider(this.deletions.get(token));
    for (const variant of deletes(token)) {
      // One letter too many: a deletion of the token is a known word.
      if (this.frequency.has(variant)) consider(variant);
      // A letter replaced or two swapped: both share a deletion.
      else if (token.length >= minReplaced) consider(this.deletions.get(variant));
    }
    return best;
  }
}

/** Words shorter than this are neither forgiven a typo nor corrected. */
const MIN_LETTERS = 4;
/** Words shorter than this are not corrected for a replaced or swapped letter (Latin script). */
const MIN_REPLACED_LETTERS = 5;
/** The same for Persian and Arabic script, where words written without short vowels are closer. */
const MIN_REPLACED_LETTERS_ARABIC_SCRIPT = 6;

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
