import type { Language } from '../core/language.ts';
import { runNow, type SlicedWork } from '../core/sliced-work.ts';
import type { Article, SearchHit } from './article.ts';
import { type CalibrationOptions, DEFAULT_CALIBRATION, type Signals, calibrate } from './calibration.ts';
import { type ClassifierOptions, SoftmaxClassifier } from './classifier.ts';
import { WordCoverage } from './coverage.ts';
import {
  CHAR_GROUP,
  DEFAULT_FEATURE_OPTIONS,
  type FeatureContext,
  type FeatureOptions,
  FeatureSpace,
  type ListTrace,
  WORD_GROUP,
  featureTokens,
} from './features.ts';
import {
  type ArticleProbe,
  type ArticleVectors,
  type IndexInspector,
  type IndexProbe,
  questionWords,
} from './index-probe.ts';
import { ForwardIndex } from './forward-index.ts';
import { PostingsBuilder } from './neighbors.ts';
import { QueryRewriter, type RewrittenToken } from './query-rewriter.ts';
import { ArticleNorms, Retrieval } from './retrieval.ts';
import type { SynonymTable } from './synonyms.ts';
import { type SparseVector, TfIdf } from './tfidf.ts';

/** Settings of one language's index; see IndexOptions for the documented defaults. */
export interface LanguageIndexSettings {
  readonly features: Required<FeatureOptions>;
  readonly classifier: ClassifierOptions;
  readonly calibration: Required<CalibrationOptions>;
  /** Train the learned model only when features x articles stays under this many weights. */
  readonly maxModelWeights: number;
  /** Words of the body that join the title and tags as the article's own text. */
  readonly bodyWords: number;
  /** Without a model: postings kept per feature to find candidates (neighbors.ts). */
  readonly maxPostings: number;
  /** Without a model: candidate texts whose exact cosine is computed. */
  readonly candidates: number;
  /**
   * Without a model: weight of the article as a whole (the cosine with its texts' vectors added
   * up) in its similarity, against its nearest text.
   */
  readonly wholeArticleWeight: number;
  readonly synonyms?: SynonymTable;
  /** The language's dialect and colloquial list (content/dialects). */
  readonly dialects?: SynonymTable;
  /**
   * Questions no article should answer (content/off-topic): with a learned model they are one more
   * class, "none of the articles", which takes probability from the articles when a question looks
   * like them. One that is near an article's text (cosine at least `offTopicOverlap`) is left out.
   */
  readonly offTopic?: readonly string[];
  /** See `offTopic` (default 0.5). */
  readonly offTopicOverlap?: number;
}

/** Off-topic questions at least this near (cosine) to an article's text are left out. */
const DEFAULT_OFF_TOPIC_OVERLAP = 0.5;

export const DEFAULT_LANGUAGE_INDEX_SETTINGS: LanguageIndexSettings = {
  features: DEFAULT_FEATURE_OPTIONS,
  classifier: {},
  calibration: DEFAULT_CALIBRATION,
  maxModelWeights: 20_000_000,
  bodyWords: 120,
  maxPostings: 200,
  candidates: 64,
  wholeArticleWeight: 0.4,
};

/** An article and its raw signals for one question. */
export interface RankedArticle {
  readonly article: Article;
  readonly signals: Signals;
}

function articleText(article: Article, bodyWords: number): string {
  const body = article.body.split(/\s+/).slice(0, bodyWords).join(' ');
  return [article.title, article.tags.join(' '), body].filter((part) => part.length > 0).join('\n');
}

/** Each text of the articles with its article's number: the questions, the title, the own text. */
function* textsOf(
  articles: readonly Article[],
  bodyWords: number,
): Generator<{ readonly text: string; readonly label: number }> {
  for (let label = 0; label < articles.length; label++) {
    const article = articles[label] as Article;
    for (const question of article.questions) yield { text: question, label };
    yield { text: article.title, label };
    const own = articleText(article, bodyWords);
    if (own !== article.title) yield { text: own, label };
  }
}

/** The token ids of all texts, end to end, and where each text starts. */
class TokenStore {
  ids = new Int32Array(4096);
  length = 0;
  starts: number[] = [0];

  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }

  endText(): void {
    this.starts.push(this.length);
  }
}

/** What a built index is made of (see `LanguageIndex.building`). */
interface IndexParts {
  readonly context: FeatureContext;
  readonly space: FeatureSpace;
  readonly tfidf: TfIdf;
  readonly forward: ForwardIndex;
  readonly articleStarts: Int32Array;
  readonly labels: Int32Array;
  readonly model: SoftmaxClassifier | undefined;
  readonly retrieval: Retrieval | undefined;
  readonly words: WordCoverage;
  /** Off-topic questions kept in the model as its last class (0: none). */
  readonly offTopicTexts: number;
}

/** Texts between pauses while indexing (sliced-work.ts). */
const TEXTS_PER_SLICE = 64;

/**
 * The index of the articles of one language. Built in passes over the texts so that no text's
 * features are kept twice: (1) tokenize and intern every text; (2) number the features and count
 * their frequencies; (3) encode each text again (cheap: each distinct token was stemmed and cut
 * into n-grams once) into its TF-IDF vector, stored end to end (forward-index.ts), and, for large
 * knowledge bases, into an inverted index (neighbors.ts). Vectors are kept as objects only to
 * train the learned model when there is one.
 */
export class LanguageIndex implements IndexInspector {
  private readonly context: FeatureContext;
  private readonly space: FeatureSpace;
  private readonly tfidf: TfIdf;
  private readonly forward: ForwardIndex;
  /** Texts of article a: `articleStarts[a]` to `articleStarts[a + 1]` (texts are in article order). */
  private readonly articleStarts: Int32Array;
  private readonly labels: Int32Array;
  private readonly model: SoftmaxClassifier | undefined;
  /** Only when there is no model: the ranking by similarity alone. */
  private readonly retrieval: Retrieval | undefined;
  private readonly words: WordCoverage;
  private readonly rewriter: QueryRewriter;
  /** Off-topic questions the model learned as its last class (0: none). */
  readonly offTopicTexts: number;
  private readonly everyArticle: Int32Array;
  /** Best cosine per article of the question being answered (reset after each question). */
  private readonly similarity: Float64Array;

  private constructor(
    readonly language: Language,
    private readonly articles: readonly Article[],
    private readonly settings: LanguageIndexSettings,
    parts: IndexParts,
  ) {
    this.context = parts.context;
    this.space = parts.space;
    this.tfidf = parts.tfidf;
    this.forward = parts.forward;
    this.articleStarts = parts.articleStarts;
    this.labels = parts.labels;
    this.model = parts.model;
    this.retrieval = parts.retrieval;
    this.words = parts.words;
    this.rewriter = new QueryRewriter(
      language,
      parts.words,
      settings.dialects,
      (token) => parts.space.knows(token),
      settings.synonyms,
    );
    this.offTopicTexts = parts.offTopicTexts;
    const trained = parts.model !== undefined;
    this.everyArticle = trained ? Int32Array.from(articles, (_, i) => i) : new Int32Array(0);
    this.similarity = new Float64Array(articles.length);
  }

  /** Builds the index at once. */
  static build(
    language: Language,
    articles: readonly Article[],
    settings: LanguageIndexSettings = DEFAULT_LANGUAGE_INDEX_SETTINGS,
  ): LanguageIndex {
    return runNow(LanguageIndex.building(language, articles, settings));
  }

  /** The same build, pausable between slices of texts and of training steps (sliced-work.ts). */
  static *building(
    language: Language,
    articles: readonly Article[],
    settings: LanguageIndexSettings = DEFAULT_LANGUAGE_INDEX_SETTINGS,
  ): SlicedWork<LanguageIndex> {
    const context: FeatureContext = {
      language,
      ...(settings.synonyms === undefined ? {} : { synonyms: settings.synonyms }),
      ...(settings.dialects === undefined ? {} : { dialects: settings.dialects }),
    };
    const space = new FeatureSpace(context, settings.features);
    const words = new WordCoverage([], language);
    const store = new TokenStore();
    const textLabels: number[] = [];
    for (const { text, label } of textsOf(articles, settings.bodyWords)) {
      const tokens = featureTokens(text, context);
      words.add(tokens);
      for (const token of tokens) store.push(space.intern(token));
      store.endText();
      textLabels.push(label);
      if (textLabels.length % TEXTS_PER_SLICE === 0) yield;
    }
    words.seal();
    const articleTexts = textLabels.length;
    const articleStarts = new Int32Array(articles.length + 1);
    for (const label of textLabels) articleStarts[label + 1] = (articleStarts[label + 1] ?? 0) + 1;
    for (let a = 0; a < articles.length; a++) {
      articleStarts[a + 1] = (articleStarts[a + 1] ?? 0) + (articleStarts[a] ?? 0);
    }
    const tfidf = new TfIdf(settings.features);
    const textOf = (d: number) => space.encodeIds(store.ids, store.starts[d] ?? 0, store.starts[d + 1] ?? 0);
    // Document frequency counted per article: a word that all questions of one article share is
    // what tells that article apart, not a common word (measured better on the development sets).
    for (let d = 0; d < articleTexts; d++) {
      tfidf.observe(textOf(d), textLabels[d]);
      if ((d + 1) % TEXTS_PER_SLICE === 0) yield;
    }
    const offTopic = settings.offTopic ?? [];
    const classes = articles.length + (offTopic.length > 0 ? 1 : 0);
    const trainable = articles.length >= 2 && space.size * classes <= settings.maxModelWeights;
    // The off-topic questions are one more group of texts, after the articles' (a model only).
    if (trainable && offTopic.length > 0) {
      for (const text of offTopic) {
        for (const token of featureTokens(text, context)) store.push(space.intern(token));
        store.endText();
        textLabels.push(articles.length);
        tfidf.observe(textOf(textLabels.length - 1), articles.length);
      }
    }
    const labels = Int32Array.from(textLabels);
    space.freeze();
    tfidf.finish(space.size, (id) => space.groupOf(id));
    const vectors: SparseVector[] = [];
    let entries = 0;
    for (const count of tfidf.textCounts) entries += count;
    const forward = new ForwardIndex(labels.length, entries, space.size);
    const postings = trainable ? undefined : new PostingsBuilder(tfidf.textCounts);
    const whole = trainable ? undefined : new ArticleNorms(articles.length, space.size);
    const add = (id: number, value: number): void => {
      forward.add(id, value);
      postings?.add(id, value);
      whole?.add(id, value);
    };
    for (let d = 0; d < labels.length; d++) {
      const encoded = textOf(d);
      postings?.next();
      whole?.startText(labels[d] as number);
      tfidf.each(encoded, add);
      forward.endText();
      if (trainable) vectors.push(tfidf.transform(encoded));
      if ((d + 1) % TEXTS_PER_SLICE === 0) yield;
    }
    const retrieval =
      postings === undefined || whole === undefined
        ? undefined
        : new Retrieval(
            yield* postings.building(articleStarts, settings.maxPostings),
            whole.finish(),
            labels,
            settings,
          );
    // An off-topic question near one of the articles' texts is what this knowledge base answers.
    const overlap = settings.offTopicOverlap ?? DEFAULT_OFF_TOPIC_OVERLAP;
    const near = vectors.length > articleTexts ? new NearTexts(vectors, articleTexts, space) : undefined;
    const trainVectors: SparseVector[] = [];
    const trainLabels: number[] = [];
    let offTopicTexts = 0;
    for (let d = 0; d < vectors.length; d++) {
      const vector = vectors[d] as SparseVector;
      if (d >= articleTexts && near !== undefined) {
        if (near.bestCosine(vector, forward) >= overlap) continue;
        offTopicTexts += 1;
        yield;
      }
      trainVectors.push(vector);
      trainLabels.push(textLabels[d] as number);
    }
    const model = trainable
      ? yield* SoftmaxClassifier.training(
          trainVectors,
          trainLabels,
          offTopicTexts > 0 ? articles.length + 1 : articles.length,
          space.size,
          settings.classifier,
        )
      : undefined;
    const parts = {
      context,
      space,
      tfidf,
      forward,
      articleStarts,
      labels,
      model,
      retrieval,
      words,
      offTopicTexts,
    };
    return new LanguageIndex(language, articles, settings, parts);
  }

  get size(): number {
    return this.articles.length;
  }

  /**
   * The best `limit` articles for `query`, calibrated: the confidence combines the signals
   * (calibration.ts) and is capped so that it never rises down the list.
   */
  search(query: string, limit: number): SearchHit[] {
    const hits: SearchHit[] = [];
    let ceiling = 1;
    for (const { article, signals } of this.rank(query, limit)) {
      const score = Math.min(ceiling, calibrate(signals, this.articles.length, this.settings.calibration));
      ceiling = score;
      hits.push({ article, score });
    }
    return hits;
  }

  /**
   * The best `limit` articles with their raw signals, before calibration. With a learned model
   * they are ranked by its probability (it ranks better than similarity, measured on the
   * development sets), and the similarity of each is the best exact cosine of its texts. Without
   * one (large knowledge bases), the inverted index picks candidate texts and the articles are
   * ranked by the best exact cosine of their candidates. Ties go to the earlier article.
   */
  rank(query: string, limit: number): RankedArticle[] {
    if (this.articles.length === 0 || limit <= 0) return [];
    const { tokens, x } = this.read(query);
    const coverage = this.words.coverage(tokens);
    this.forward.setQuestion(x);
    const { similarity, articleStarts } = this;
    let top: number[];
    let touched: readonly number[];
    let probability: Float64Array | undefined;
    if (this.model !== undefined) {
      probability = new Float64Array(this.model.classes);
      this.model.probabilities(x, probability);
      top = bestOf(this.everyArticle, this.everyArticle.length, probability, limit);
      for (const a of top) {
        similarity[a] = this.forward.bestCosine(articleStarts[a] ?? 0, articleStarts[a + 1] ?? 0);
      }
      touched = top;
    } else {
      const articles = this.retrieval?.score(x, this.forward, similarity) ?? [];
      top = bestOf(articles, articles.length, similarity, limit);
      touched = articles;
    }
    const ranked: RankedArticle[] = [];
    for (const a of top) {
      const article = this.articles[a];
      if (article === undefined) continue;
      ranked.push({
        article,
        signals: { probability: probability?.[a], similarity: similarity[a] ?? 0, coverage },
      });
    }
    for (const a of touched) similarity[a] = 0;
    return ranked;
  }

  /**
   * A question as the index reads it: its folded tokens through the lists (`featureTokens`) and the
   * rewriter, and their TF-IDF vector. With `trace`, each step is recorded for explanations.
   */
  private read(
    query: string,
    trace?: ListTrace,
  ): { tokens: string[]; x: SparseVector; rewritten?: RewrittenToken[] } {
    const listed = featureTokens(query, this.context, trace);
    let tokens: string[];
    let rewritten: RewrittenToken[] | undefined;
    if (trace === undefined) {
      tokens = this.rewriter.rewrite(listed, query);
    } else {
      rewritten = this.rewriter.rewriteEach(listed, query);
      tokens = rewritten.flatMap((token) => token.to);
    }
    const x = this.tfidf.transform(this.space.encodeTokens(tokens));
    return { tokens, x, ...(rewritten === undefined ? {} : { rewritten }) };
  }

  private numbers: Map<string, number> | undefined;

  /** The article's number in this index (its texts' label). */
  private numberOf(id: string): number | undefined {
    this.numbers ??= new Map(this.articles.map((article, a) => [article.id, a]));
    return this.numbers.get(id);
  }

  /** See IndexInspector.probe: the same reading, vectors and signals as `rank`, for the articles asked. */
  probe(query: string, ids: readonly string[]): IndexProbe {
    const trace: ListTrace = {};
    const { tokens, x, rewritten = [] } = this.read(query, trace);
    const words = questionWords(query, trace, rewritten, this.language);
    const coverage = this.words.coverage(tokens);
    const probability = this.model === undefined ? undefined : new Float64Array(this.model.classes);
    if (this.model !== undefined && probability !== undefined) this.model.probabilities(x, probability);
    // Each content word's own features: its stem's word feature and its letter groups.
    const content = [...new Set(words.filter((w) => !w.stop).map((w) => w.word))].map((word) => {
      const encoded = this.space.encodeTokens([word]);
      const ids = Array.from(encoded.ids.subarray(0, encoded.length));
      const marked = `<${word}>`;
      const grams = new Set<string>();
      for (const size of this.settings.features.charSizes) {
        for (let i = 0; i + size <= marked.length; i++) grams.add(marked.slice(i, i + size));
      }
      return {
        word,
        stem: ids.filter((id) => this.space.groupOf(id) === WORD_GROUP),
        grams: ids.filter((id) => this.space.groupOf(id) === CHAR_GROUP),
        gramCount: grams.size,
      };
    });
    this.forward.setQuestion(x);
    const articles: ArticleProbe[] = [];
    for (const id of ids) {
      const a = this.numberOf(id);
      const article = a === undefined ? undefined : this.articles[a];
      if (a === undefined || article === undefined) continue;
      const from = this.articleStarts[a] ?? 0;
      const to = this.articleStarts[a + 1] ?? 0;
      const features = new Set<number>();
      for (let text = from; text < to; text++) this.forward.each(text, (feature) => features.add(feature));
      const matched: string[] = [];
      const partly: string[] = [];
      for (const word of content) {
        if (word.stem.some((feature) => features.has(feature))) matched.push(word.word);
        else if (
          word.gramCount > 0 &&
          word.grams.filter((feature) => features.has(feature)).length * 2 >= word.gramCount
        ) {
          partly.push(word.word);
        }
      }
      const questions = article.questions
        .map((text, q) => ({ text, similarity: this.forward.cosine(from + q) }))
        .sort((p, q) => q.similarity - p.similarity);
      articles.push({
        id,
        signals: {
          probability: probability?.[a],
          similarity: this.forward.bestCosine(from, to),
          coverage,
        },
        words: matched,
        partly,
        questions,
      });
    }
    return { words, articles };
  }

  /** See IndexInspector.articleVectors. */
  articleVectors(): ArticleVectors[] {
    return this.articles.map((article, a) => {
      const from = this.articleStarts[a] ?? 0;
      const to = this.articleStarts[a + 1] ?? 0;
      return {
        id: article.id,
        // Texts in article order: its questions, its title, then its own text when that differs.
        whole: this.sumOf(from, to),
        text: this.sumOf(Math.max(from, to - 1), to),
      };
    });
  }

  /** The normalized sum of the vectors of texts `from` to `to` (exclusive). */
  private sumOf(from: number, to: number): SparseVector {
    const sum = new Map<number, number>();
    for (let text = from; text < to; text++) {
      this.forward.each(text, (id, value) => sum.set(id, (sum.get(id) ?? 0) + value));
    }
    const ids = Int32Array.from(sum.keys()).sort();
    let norm = 0;
    for (const value of sum.values()) norm += value * value;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { ids, values: Float32Array.from(ids, (id) => (sum.get(id) ?? 0) * scale) };
  }
}

/**
 * The articles' texts that share a word with a text, to find an off-topic question's nearest text
 * without comparing it with every one: texts sharing only common words (in more than a tenth of the
 * texts) are not near; a question with no uncommon word is compared with every text.
 */
class NearTexts {
  private readonly byWord = new Map<number, number[]>();
  private readonly stamp: Int32Array;
  private round = 0;

  constructor(
    vectors: readonly SparseVector[],
    private readonly texts: number,
    space: FeatureSpace,
  ) {
    for (let d = 0; d < texts; d++) {
      for (const id of (vectors[d] as SparseVector).ids) {
        if (space.groupOf(id) !== WORD_GROUP) continue;
        const list = this.byWord.get(id);
        if (list === undefined) this.byWord.set(id, [d]);
        else list.push(d);
      }
    }
    this.stamp = new Int32Array(texts);
  }

  /** The best cosine of `x` with the articles' texts (the forward index is set to `x` here). */
  bestCosine(x: SparseVector, forward: ForwardIndex): number {
    forward.setQuestion(x);
    const common = this.texts / 10;
    this.round += 1;
    let best = 0;
    let uncommon = false;
    for (const id of x.ids) {
      const list = this.byWord.get(id);
      if (list === undefined || list.length > common) continue;
      uncommon = true;
      for (const text of list) {
        if (this.stamp[text] === this.round) continue;
        this.stamp[text] = this.round;
        const cosine = forward.cosine(text);
        if (cosine > best) best = cosine;
      }
    }
    return uncommon ? best : forward.bestCosine(0, this.texts);
  }
}

/** The `limit` candidates of `candidates[0..count)` with the highest positive `rank`, ties to the lower index. */
function bestOf(candidates: ArrayLike<number>, count: number, rank: Float64Array, limit: number): number[] {
  const top: number[] = [];
  // The last (worst) kept candidate, to reject most candidates with one comparison.
  let lastRank = 0;
  let lastIndex = -1;
  for (let c = 0; c < count; c++) {
    const i = candidates[c] ?? 0;
    const r = rank[i] ?? 0;
    if (r <= 0) continue;
    if (top.length >= limit && (r < lastRank || (r === lastRank && i > lastIndex))) continue;
    let at = top.length;
    while (at > 0) {
      const other = top[at - 1] ?? 0;
      const ro = rank[other] ?? 0;
      if (r > ro || (r === ro && i < other)) at -= 1;
      else break;
    }
    top.splice(at, 0, i);
    if (top.length > limit) top.pop();
    lastIndex = top[top.length - 1] ?? -1;
    lastRank = rank[lastIndex] ?? 0;
  }
  return top;
}
