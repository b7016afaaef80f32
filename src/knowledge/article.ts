import type { Language } from '../core/language.ts';
import type { IndexInspector } from './index-probe.ts';

/**
 * One knowledge-base article: a Markdown file in content/articles/<language>/ with front matter.
 * The same topic keeps the same `id` in every language it is written in.
 */
export interface Article {
  /** Unique within its language; kebab-case. */
  readonly id: string;
  readonly language: Language;
  readonly title: string;
  /** How customers ask for it; the retrieval engine matches against these and the text. */
  readonly questions: readonly string[];
  readonly tags: readonly string[];
  /** The answer, as Markdown. */
  readonly body: string;
  /** The topic needs a person: after answering, the bot hands the conversation to the human queue. */
  readonly needsPerson?: boolean;
  /** Skills an agent needs for this topic (routing), e.g. "billing". */
  readonly skills?: readonly string[];
  /** Path of the file it came from, relative to the content root (empty for articles built in memory). */
  readonly file: string;
}

/** A ranked match: `score` is a calibrated confidence in [0, 1] that this article answers the question. */
export interface SearchHit {
  readonly article: Article;
  readonly score: number;
}

export interface SearchOptions {
  readonly language: Language;
  /** How many hits to return at most (default 3). */
  readonly limit?: number;
}

/** A built, immutable index over a set of articles. */
export interface KnowledgeIndex {
  readonly size: number;
  search(query: string, options: SearchOptions): SearchHit[];
  /**
   * Read-only views of one language's index (explanations, the health report); absent for an index
   * that has none (e.g. an integrator's own), undefined for a language without articles.
   */
  inspector?(language: Language): IndexInspector | undefined;
}
