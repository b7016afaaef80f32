import type { Language } from '../core/language.ts';
import type { Article } from '../knowledge/article.ts';
import { featureTokens } from '../knowledge/features.ts';
import { stem } from '../language/analyze.ts';
import { isStopword } from '../language/stopwords.ts';

/**
 * When two customers' questions are "the same question" for the inbox.
 *
 * A question becomes its terms as the knowledge engine reads it (`featureTokens`: the fa/ar/en folding of
 * src/language, Persian affixes joined; then stop words dropped, unless nothing else is left, and the
 * language's stemmer), each weighted by its inverse document frequency over the knowledge base's titles
 * and example questions in that language. Two questions are compared by a soft cosine: terms match when
 * equal (1), one typo apart (0.85: one letter added, dropped, changed or two swapped, in words of 3+
 * letters; two in words of 7+: 0.7), or one is the other with at most two letters more at its end (0.8:
 * Persian and Arabic endings the stemmers leave). Why these choices:
 * - the weights come from the knowledge base, so the words every article uses ("order", "pay", "سفارش")
 *   count little and the words an unanswered question brings ("bitcoin", "Shiraz") count most: "can I pay
 *   with bitcoin" and "can I pay with paypal" stay apart (0.28) while "do you accept bitcoin" joins the
 *   first (0.68);
 * - question words are not stop words in src/language (they carry the intent), so "where is my package"
 *   and "how do I return my package" stay apart (0.54);
 * - typo tolerance is on words, not letters, so "wher is my pakage" is "where is my package?" (0.84);
 * - words of one or two letters (clitics such as Persian "ام" written apart) count a third.
 * Questions at or above `SAME_QUESTION` (0.6) are grouped together.
 */
export const SAME_QUESTION = 0.6;

/** A question's terms with their weights, ready to compare. */
export interface QuestionTerms {
  readonly terms: readonly string[];
  readonly weights: readonly number[];
  /** The L2 norm of the weights. */
  readonly norm: number;
}

/** Document frequencies of one language's terms over the knowledge base (titles and example questions). */
export class QuestionVocabulary {
  private readonly df = new Map<string, number>();
  private readonly documents: number;

  constructor(
    readonly language: Language,
    articles: readonly Article[],
  ) {
    let documents = 0;
    for (const article of articles) {
      if (article.language !== language) continue;
      documents += 1;
      const terms = new Set(termsOf([article.title, ...article.questions].join('\n'), language));
      for (const term of terms) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    }
    this.documents = documents;
  }

  /** A term's weight: ln((n + 1) / (df + 1)) + 1, a third for words of one or two letters. */
  weight(term: string): number {
    const idf = Math.log((this.documents + 1) / ((this.df.get(term) ?? 0) + 1)) + 1;
    return [...term].length <= 2 ? idf / 3 : idf;
  }

  /** A question's weighted terms. */
  read(question: string): QuestionTerms {
    const terms = [...new Set(termsOf(question, this.language))];
    const weights = terms.map((term) => this.weight(term));
    const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
    return { terms, weights, norm };
  }
}

/** The knowledge engine's folded tokens, stop words dropped (unless nothing else is left), stemmed. */
export function termsOf(text: string, language: Language): string[] {
  const tokens = featureTokens(text, { language });
  const kept = tokens.filter((token) => !isStopword(token, language));
  return (kept.length > 0 ? kept : tokens).map((token) => stem(token, language));
}

/** How alike two questions are, 0 to 1 (symmetric). */
export function similarity(a: QuestionTerms, b: QuestionTerms): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const one = aligned(a, b);
  const other = aligned(b, a);
  return Math.min(1, (one + other) / 2 / (a.norm * b.norm));
}

/**
 * Each term of `a` with its best match in `b`: the sum of weight × weight × match. A compound written as one
 * word on one side and as two on the other ("بیت‌کوین", "بیت کوین") matches too: a term against two
 * neighbouring terms of the other side joined, and a term joined with its neighbour against a term.
 */
function aligned(a: QuestionTerms, b: QuestionTerms): number {
  let sum = 0;
  a.terms.forEach((term, i) => {
    let best = 0;
    let bestWeight = 0;
    const consider = (match: number, weight: number) => {
      if (match > best) {
        best = match;
        bestWeight = weight;
      }
    };
    b.terms.forEach((other, j) => {
      const weight = b.weights[j] ?? 0;
      consider(termMatch(term, other), weight);
      const next = b.terms[j + 1];
      if (next !== undefined)
        consider(termMatch(term, other + next), Math.max(weight, b.weights[j + 1] ?? 0));
    });
    const joined = [
      i > 0 ? `${a.terms[i - 1] ?? ''}${term}` : undefined,
      i + 1 < a.terms.length ? `${term}${a.terms[i + 1] ?? ''}` : undefined,
    ];
    for (const compound of joined) {
      if (compound === undefined) continue;
      b.terms.forEach((other, j) => consider(termMatch(compound, other), b.weights[j] ?? 0));
    }
    sum += (a.weights[i] ?? 0) * bestWeight * best;
  });
  return sum;
}

/** How well two terms match: equal, a typo apart, or one the other with a short ending. */
export function termMatch(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3) return 0;
  const distance = editDistance(a, b, 2);
  if (distance <= 1) return 0.85;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.startsWith(short) && long.length - short.length <= 2) return 0.8;
  if (distance <= 2 && shorter >= 7) return 0.7;
  return 0;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps), or `limit + 1`
 * as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
