import type { Language } from '../core/language.ts';
import { isStopword } from '../language/stopwords.ts';

/**
 * How much of a question the knowledge base knows about: the share of its content words (stop
 * words left out), weighted by rarity, that occur in any article's texts, allowing one typo
 * (edit distance 1 by the symmetric-delete method) in words of 4 letters or more. A question full
 * of words no article uses ("can I speak to a human" in a shop's base) gets a low coverage even
 * when one common word matches an article well; that is what the confidence needs to abstain.
 */
export class WordCoverage {
  private readonly frequency = new Map<string, number>();
  private readonly deletions = new Set<string>();
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
    for (const word of this.frequency.keys()) {
      if (word.length < 4) continue;
      for (const variant of deletes(word)) this.deletions.add(variant);
    }
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
        token.length >= 4 &&
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
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
