import type { Language } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import { isStopword } from '../language/stopwords.ts';
import { tokenize } from '../language/tokenize.ts';
import type { Signals } from './calibration.ts';
import type { ListTrace } from './features.ts';
import type { RewriteKind, RewrittenToken } from './query-rewriter.ts';
import type { SparseVector } from './tfidf.ts';

/**
 * What changed a question's word before the index read it: the language's dialect list
 * (content/dialects), the business's synonyms (content/synonyms), or the query rewriter (a dialect or
 * spoken form undone, a typo corrected, Latin letters read as Persian or Arabic).
 */
export type WordChange = 'list' | 'synonym' | RewriteKind;

/** One word of a question as the index reads it (folded), and what it was typed as when it changed. */
export interface QuestionWord {
  readonly word: string;
  /** The word or words of the question as typed that it comes from. */
  readonly typed?: string;
  /** The folded word or phrase it came from, when a list or the rewriter changed it. */
  readonly from?: string;
  readonly how?: WordChange;
  /** A stop word: it counts half and never explains a match by itself. */
  readonly stop: boolean;
}

/** Why one article came up for a question, from the index's own vectors. */
export interface ArticleProbe {
  readonly id: string;
  /** The raw signals the confidence is computed from (calibration.ts). */
  readonly signals: Signals;
  /** The question's content words (`QuestionWord.word`) that the article's texts have, by stem. */
  readonly words: readonly string[];
  /** Content words the article's texts have only in part: at least half of their 4-letter groups. */
  readonly partly: readonly string[];
  /** Its example questions with their cosine to the question, nearest first. */
  readonly questions: readonly { readonly text: string; readonly similarity: number }[];
}

export interface IndexProbe {
  readonly words: readonly QuestionWord[];
  readonly articles: readonly ArticleProbe[];
}

/**
 * Read-only views of one language's index, for explanations and the health report: the same
 * features, vectors and rewriting that `search` uses.
 */
export interface IndexInspector {
  readonly language: Language;
  /** How the index reads `query`, and why each article of `ids` (of this language) matches it. */
  probe(query: string, ids: readonly string[]): IndexProbe;
  /** Each article's vectors, in the index's order (the health report's near duplicates). */
  articleVectors(): ArticleVectors[];
}

/** An article's texts as vectors of the index's own TF-IDF space. */
export interface ArticleVectors {
  readonly id: string;
  /** All its texts (example questions, title, own text): the sum of their vectors, normalized. */
  readonly whole: SparseVector;
  /** Its own text alone: the title, tags and the start of the body (the answer). */
  readonly text: SparseVector;
}

/**
 * The words of a question step by step: its folded tokens, through the dialect list's and the
 * synonyms' phrases (`trace`, from `featureTokens`), then the rewriter (`rewritten`, whose tokens are
 * the lists' output in order). Each word keeps the earliest form it came from, and the words of
 * `question` as typed that it comes from (when the folded tokens can be traced back to them).
 */
export function questionWords(
  question: string,
  trace: ListTrace,
  rewritten: readonly RewrittenToken[],
  language: Language,
): QuestionWord[] {
  interface Step {
    readonly word: string;
    /** Indexes of the folded tokens it comes from. */
    readonly at: readonly number[];
    readonly from?: string;
    readonly how?: WordChange;
  }
  const folded = trace.folded ?? [];
  const typed = typedForms(question, folded, language);
  let steps: Step[] = folded.map((word, i) => ({ word, at: [i] }));
  for (const [spans, how] of [
    [trace.dialects, 'list'],
    [trace.synonyms, 'synonym'],
  ] as const) {
    if (spans === undefined) continue;
    const next: Step[] = [];
    let position = 0;
    for (const span of spans) {
      const read = steps.slice(position, position + span.from.length);
      position += span.from.length;
      const from = read.map((step) => step.from ?? step.word).join(' ');
      if (!span.rewritten || span.to.join(' ') === from) {
        next.push(...read);
        continue;
      }
      const at = read.flatMap((step) => step.at);
      for (const word of span.to) next.push({ word, at, from, how });
    }
    steps = next;
  }
  const words: QuestionWord[] = [];
  rewritten.forEach((token, i) => {
    const step = steps[i] ?? { word: token.token, at: [] };
    const forms = [...new Set(step.at.map((at) => typed[at]))];
    const as = forms.every((form) => form !== undefined) ? forms.join(' ') : undefined;
    for (const word of token.to) {
      const how = token.how ?? step.how;
      const from = token.how === undefined ? step.from : (step.from ?? token.token);
      words.push({
        word,
        ...(as === undefined || as.length === 0 ? {} : { typed: as }),
        ...(from === undefined ? {} : { from }),
        ...(how === undefined ? {} : { how }),
        stop: isStopword(word, language),
      });
    }
  });
  return words;
}

/**
 * The word of `question` as typed that each folded token comes from: the question's words (runs of
 * letters, marks, digits and format characters such as ZWNJ) folded one by one give the same tokens,
 * a Persian verb prefix joined to its verb (`joinPersianAffixes`) gives both words. Undefined where the
 * folded tokens cannot be traced back.
 */
function typedForms(question: string, folded: readonly string[], language: Language): (string | undefined)[] {
  const pieces: { readonly token: string; readonly typed: string }[] = [];
  for (const word of question.match(/[\p{L}\p{M}\p{N}\p{Cf}]+/gu) ?? []) {
    for (const token of tokenize(foldForSearch(word, language))) pieces.push({ token, typed: word });
  }
  const out: (string | undefined)[] = [];
  let p = 0;
  for (const token of folded) {
    let joined = '';
    const forms: string[] = [];
    while (p < pieces.length && joined.length < token.length) {
      const piece = pieces[p] as { token: string; typed: string };
      joined += piece.token;
      if (!forms.includes(piece.typed)) forms.push(piece.typed);
      p += 1;
    }
    if (joined !== token) return folded.map(() => undefined);
    out.push(forms.join(' '));
  }
  return out;
}
