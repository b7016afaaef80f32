/**
 * Large English knowledge bases for `npm run bench:kb`, built from the English rows of
 * ../shared/data (banking77 train, clinc150 train + val without `oos`, MASSIVE en train +
 * validation: about 41,500 real customer/assistant questions in 287 intents).
 *
 * - Some rows (seeded) are held out as the questions asked; they are in no article.
 * - Every other row of an intent is shuffled and cut into groups of 3 to 8: one group is one
 *   article, its rows the article's example questions. Its title is the intent's name and the start
 *   of another row of the intent; its body is three other rows of the intent and a fixed answer
 *   sentence. That gives about 7,000 distinct articles, in an order that cycles through the intents.
 * - Larger sizes reuse them: the k-th copy of an article gets a qualifier in its title and body
 *   ("(business accounts)", ...) and each question a light, seeded variation (a greeting or a
 *   closing word, a dropped word or a typo of two swapped letters).
 *
 * All articles are English, so all N of them are in one language index: the worst case (a
 * knowledge base in three languages is three smaller indexes).
 */
import type { Article } from '../src/knowledge/article.ts';
import { OOS } from '../src/knowledge/eval-metrics.ts';
import { random } from '../src/core/random.ts';
import { type Row, readRows, shuffled } from './kb-data.ts';

const SEED = 7;

const QUALIFIERS = [
  'business accounts',
  'personal accounts',
  'mobile app',
  'website',
  'premium plan',
  'students',
  'travel',
  'new customers',
  'joint accounts',
  'EU customers',
  'US customers',
  'UK customers',
  'kids accounts',
  'partners',
  'gift cards',
  'corporate cards',
];

const GREETINGS = ['hi, ', 'hello, ', 'hey, ', 'please, ', 'quick question: ', 'excuse me, '];
const CLOSINGS = [' please', ' thanks', ' thank you', '?', ' asap', ' now'];

function swapLetters(word: string, next: () => number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(next() * (word.length - 3));
  return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
}

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** A light variation of a question: one of greeting, closing, dropped word, typo. */
function vary(text: string, next: () => number): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const kind = Math.floor(next() * 4);
  if (kind === 0) return pick(GREETINGS, next) + text;
  if (kind === 1) return text + pick(CLOSINGS, next);
  if (kind === 2 && words.length >= 5) {
    const drop = 1 + Math.floor(next() * (words.length - 1));
    return words.filter((_, i) => i !== drop).join(' ');
  }
  const at = Math.floor(next() * words.length);
  return words.map((w, i) => (i === at ? swapLetters(w, next) : w)).join(' ');
}

function titleCase(label: string): string {
  const words = label.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface BaseArticle {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly questions: readonly string[];
  readonly body: string;
  readonly tag: string;
}

export interface ScaleCorpus {
  /** Rows of the English pool (after held-out ones are removed) and distinct articles. */
  readonly poolRows: number;
  readonly distinctArticles: number;
  /** Held-out questions (label = "set/intent"), and separate ones to warm up with. */
  readonly queries: readonly Row[];
  readonly warmup: readonly Row[];
  /** The first `n` articles (distinct ones first, then varied copies). */
  articles(n: number): Article[];
  /** The intent ("set/intent") an article was built from. */
  labelOf(articleId: string): string | undefined;
}

function englishPool(): Row[] {
  const tagged = (set: string, rows: readonly Row[]): Row[] =>
    rows.filter((row) => row.label !== OOS).map((row) => ({ text: row.text, label: `${set}/${row.label}` }));
  return [
    ...tagged('banking77', readRows('banking77/train.jsonl')),
    ...tagged('clinc150', readRows('clinc150/train.jsonl')),
    ...tagged('clinc150', readRows('clinc150/val.jsonl')),
    ...tagged('massive', readRows('massive/en.train.jsonl')),
    ...tagged('massive', readRows('massive/en.validation.jsonl')),
  ];
}

/** Holds out `heldOut` questions and `warmupCount` warm-up ones; asks the first `ask` (default all). */
export function scaleCorpus(heldOut: number, warmupCount: number, ask = heldOut): ScaleCorpus {
  const next = random(SEED);
  const pool = shuffled(englishPool(), next);
  const warmup = pool.slice(0, warmupCount);
  const queries = pool.slice(warmupCount, warmupCount + Math.min(ask, heldOut));
  const rest = pool.slice(warmupCount + heldOut);

  const byLabel = new Map<string, string[]>();
  for (const row of rest) {
    const list = byLabel.get(row.label) ?? [];
    list.push(row.text);
    byLabel.set(row.label, list);
  }
  const perLabel: BaseArticle[][] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const texts = byLabel.get(label) ?? [];
    const [set = '', intent = label] = label.split('/');
    const articles: BaseArticle[] = [];
    for (let start = 0; start + 3 <= texts.length;) {
      const size = Math.min(3 + Math.floor(next() * 6), texts.length - start);
      const questions = texts.slice(start, start + size);
      start += size;
      // Body and title from other rows of the same intent.
      const others = [0, 1, 2, 3].map(() => pick(texts, next));
      const lead = (others[3] ?? '')
        .split(/\s+/)
        .slice(0, 6)
        .join(' ')
        .replace(/[?.!,]+$/, '');
      articles.push({
        id: `${set}-${intent.replace(/_/g, '-')}-${articles.length + 1}`,
        label,
        title: `${titleCase(intent)}: ${lead}`,
        questions,
        body:
          others
            .slice(0, 3)
            .map((t) => t.replace(/[?.!]*$/, '.'))
            .join(' ') + ' You can do this in the app under Help, or ask us here and a person will help.',
        tag: set,
      });
    }
    perLabel.push(articles);
  }
  // Cycle through the intents so that any prefix of the list covers all of them.
  const base: BaseArticle[] = [];
  const longest = Math.max(...perLabel.map((list) => list.length));
  for (let i = 0; i < longest; i++) {
    for (const list of perLabel) {
      const article = list[i];
      if (article !== undefined) base.push(article);
    }
  }

  const labels = new Map<string, string>();
  const materialize = (k: number): Article => {
    const round = Math.floor(k / base.length);
    const source = base[k % base.length] as BaseArticle;
    if (round === 0) {
      labels.set(source.id, source.label);
      return {
        id: source.id,
        language: 'en',
        title: source.title,
        questions: source.questions,
        tags: [source.tag],
        body: source.body,
        file: '',
      };
    }
    const qualifier =
      round <= QUALIFIERS.length
        ? (QUALIFIERS[round - 1] as string)
        : `${QUALIFIERS[(round - 1) % QUALIFIERS.length]}, ${QUALIFIERS[Math.floor((round - 1) / QUALIFIERS.length) % QUALIFIERS.length]}`;
    const local = random(SEED * 1_000_003 + k);
    const id = `${source.id}-v${round}`;
    labels.set(id, source.label);
    return {
      id,
      language: 'en',
      title: `${source.title} (${qualifier})`,
      questions: source.questions.map((q) => vary(q, local)),
      tags: [source.tag],
      body: `For ${qualifier}: ${source.body}`,
      file: '',
    };
  };

  return {
    poolRows: rest.length,
    distinctArticles: base.length,
    queries,
    warmup,
    articles: (n: number) => Array.from({ length: n }, (_, k) => materialize(k)),
    labelOf: (id: string) => labels.get(id),
  };
}
