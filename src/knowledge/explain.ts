import type { Language } from '../core/language.ts';
import type { Signals } from './calibration.ts';
import { decide } from './decision.ts';
import type { QuestionWord } from './index-probe.ts';
import type { KnowledgeSnapshot } from './knowledge-base.ts';

/** Articles shown by default: the bot's three choices and two more, to see what came close. */
export const EXPLAINED_ARTICLES = 5;
/** Example questions shown per article (the nearest ones with any similarity). */
const NEAREST_QUESTIONS = 3;

/** One article of the ranking and why it is there. */
export interface ArticleExplanation {
  readonly id: string;
  readonly title: string;
  /** The confidence the bot decides with (calibrated, as `KnowledgeIndex.search` gives it). */
  readonly score: number;
  /** The raw signals behind the confidence (absent for an index without inspector). */
  readonly signals?: Signals;
  readonly why: {
    /** The question's words (as the index reads them) that the article's texts have. */
    readonly words: readonly string[];
    /** Words the article's texts have only in part (most of their letter groups: a near spelling). */
    readonly partly: readonly string[];
    /** Its example questions nearest to the question, with their similarity (cosine). */
    readonly questions: readonly { readonly text: string; readonly similarity: number }[];
  };
}

/** What the knowledge engine makes of a question in one language. */
export interface Explanation {
  readonly language: Language;
  /** The decision `decide` takes on this ranking, with the product's thresholds. */
  readonly decision: 'answer' | 'clarify' | 'none';
  /** The question's words as the index reads them, and what changed each (lists, rewriter). */
  readonly words: readonly QuestionWord[];
  /** The best articles, best first. */
  readonly top: readonly ArticleExplanation[];
}

/**
 * Explains a question against a snapshot: the ranking and scores come from the index's own `search`
 * (the first three are the bot's choices: a longer list only adds to their end), the decision from
 * `decide` with the product's thresholds, and the why from the index's inspector (the same reading of
 * the question and the same vectors as the search).
 */
export function explainQuestion(
  snapshot: KnowledgeSnapshot,
  question: string,
  language: Language,
  limit = EXPLAINED_ARTICLES,
): Explanation {
  const hits = snapshot.index.search(question, { language, limit });
  const decision = decide(hits);
  const inspector = snapshot.index.inspector?.(language);
  const probe =
    inspector === undefined || question.trim().length === 0
      ? undefined
      : inspector.probe(
          question,
          hits.map((hit) => hit.article.id),
        );
  const top = hits.map((hit): ArticleExplanation => {
    const why = probe?.articles.find((article) => article.id === hit.article.id);
    return {
      id: hit.article.id,
      title: hit.article.title,
      score: hit.score,
      ...(why === undefined ? {} : { signals: why.signals }),
      why: {
        words: why?.words ?? [],
        partly: why?.partly ?? [],
        questions: (why?.questions ?? []).filter((q) => q.similarity > 0).slice(0, NEAREST_QUESTIONS),
      },
    };
  });
  return { language, decision: decision.kind, words: probe?.words ?? [], top };
}
