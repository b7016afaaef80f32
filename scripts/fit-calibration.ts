/**
 * `npm run fit:calibration`: fits the default weights of calibration.ts, for indexes with a
 * learned model and for indexes without one (large knowledge bases, forced here with
 * maxModelWeights 0), from the development sets in ../shared/data (bench/kb-data.ts).
 *
 * Each group of questions counts the same: every development set of issue 3, and per set a small
 * knowledge base drawn from it (25 intents, 8 questions each) asked the questions of its intents
 * and as many questions of other intents, which no article answers. The target is "the
 * first-ranked article is right"; the fit is a logistic regression (Newton's method, a small L2
 * penalty). Prints the weights to copy into DEFAULT_CALIBRATION and what the product's thresholds
 * then do on each group.
 */
import type { Language } from '../src/core/language.ts';
import { random } from '../src/core/random.ts';
import {
  type CalibrationOptions,
  type Signals,
  calibrate,
  calibrationTerms,
} from '../src/knowledge/calibration.ts';
import { DEFAULT_THRESHOLDS } from '../src/knowledge/decision.ts';
import { groupByLabel } from '../src/knowledge/intent-data.ts';
import { productLanguageTables } from '../src/knowledge/evaluation.ts';
import { DEFAULT_LANGUAGE_INDEX_SETTINGS, LanguageIndex } from '../src/knowledge/language-index.ts';
import type { IndexOptions } from '../src/knowledge/search-index.ts';
import {
  type IntentSet,
  type Row,
  articlesOf,
  assistantQuestions,
  intentSets,
  massiveByScenario,
  labelDocuments,
  shuffled,
} from '../bench/kb-data.ts';

const SMALL_INTENTS = 25;
const SMALL_SHOTS = 8;
const SEED = 5;

interface Sample {
  readonly signals: Signals;
  /** Articles in the knowledge base that ranked it. */
  readonly articles: number;
  readonly right: boolean;
  readonly weight: number;
}

interface Group {
  readonly name: string;
  readonly samples: Sample[];
}

/** The set's own knowledge base, and a small one drawn from it. */
function groupsOf(set: IntentSet): { name: string; train: readonly Row[]; test: readonly Row[] }[] {
  const next = random(SEED);
  const byLabel = groupByLabel(set.train);
  const intents = new Set(shuffled([...byLabel.keys()].sort(), next).slice(0, SMALL_INTENTS));
  const train = [...intents].flatMap((label) =>
    shuffled(byLabel.get(label) ?? [], next).slice(0, SMALL_SHOTS),
  );
  const inside = set.test.filter((row) => intents.has(row.label));
  const outside = shuffled(
    set.test.filter((row) => !intents.has(row.label)),
    next,
  ).slice(0, inside.length);
  return [
    { name: set.name, train: set.train, test: set.test },
    { name: `${set.name} small`, train, test: [...inside, ...outside] },
  ];
}

/**
 * Knowledge bases asked questions of another domain as well: a bank asked an assistant's questions,
 * and MASSIVE's knowledge base of half its scenarios asked the others' (another seed than eval:dev's).
 */
function offDomainGroups(): {
  name: string;
  language: Language;
  train: readonly Row[];
  test: readonly Row[];
}[] {
  const banking = intentSets(false).find((set) => set.name === 'banking77');
  return [
    ...(banking === undefined
      ? []
      : [
          {
            name: 'banking77 + assistant',
            language: banking.language,
            train: banking.train,
            test: [...banking.test, ...assistantQuestions().map((row) => ({ ...row, label: 'oos' }))],
          },
        ]),
    ...(['en', 'fa'] as const).map((lang) => ({
      name: `MASSIVE ${lang} by scenario`,
      language: lang,
      ...massiveByScenario(lang, SEED),
    })),
  ];
}

function collect(withModel: boolean, lists: IndexOptions): Group[] {
  const groups: Group[] = [];
  const all = [
    ...intentSets(false).flatMap((set) =>
      groupsOf(set).map((group) => ({ ...group, language: set.language })),
    ),
    ...offDomainGroups(),
  ];
  for (const group of all) {
    const set = group;
    {
      const articles = articlesOf(labelDocuments(group.train), set.language);
      const dialects = lists.dialects?.[set.language];
      const offTopic = lists.offTopic?.[set.language];
      const index = LanguageIndex.build(set.language, articles, {
        ...DEFAULT_LANGUAGE_INDEX_SETTINGS,
        ...(dialects === undefined ? {} : { dialects }),
        ...(offTopic === undefined ? {} : { offTopic }),
        maxModelWeights: withModel ? DEFAULT_LANGUAGE_INDEX_SETTINGS.maxModelWeights : 0,
      });
      const samples: Sample[] = [];
      for (const row of group.test) {
        const top = index.rank(row.text, 1)[0];
        if (top === undefined) continue;
        samples.push({
          signals: top.signals,
          articles: articles.length,
          right: top.article.id === row.label,
          weight: 1 / group.test.length,
        });
      }
      groups.push({ name: group.name, samples });
      process.stderr.write(`  ${withModel ? 'model' : 'retrieval'}: ${group.name} (${samples.length})\n`);
    }
  }
  return groups;
}

/** Weighted logistic regression by Newton's method; returns the weights (bias last, as the inputs). */
function fit(samples: readonly Sample[], l2 = 1e-3): number[] {
  const rows = samples.map(({ signals, articles, right, weight }) => ({
    inputs: calibrationTerms(signals, articles).inputs,
    right,
    weight,
  }));
  const dims = rows[0]?.inputs.length ?? 0;
  const w = new Array<number>(dims).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(dims).fill(0);
    const hessian = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
    for (const { inputs, right, weight } of rows) {
      const z = inputs.reduce((sum, x, i) => sum + x * (w[i] ?? 0), 0);
      const p = 1 / (1 + Math.exp(-z));
      for (let i = 0; i < dims; i++) {
        gradient[i] = (gradient[i] ?? 0) + weight * ((right ? 1 : 0) - p) * (inputs[i] ?? 0);
        const row = hessian[i] ?? [];
        for (let j = 0; j < dims; j++)
          row[j] = (row[j] ?? 0) + weight * p * (1 - p) * (inputs[i] ?? 0) * (inputs[j] ?? 0);
      }
    }
    for (let i = 0; i < dims; i++) {
      gradient[i] = (gradient[i] ?? 0) - l2 * (w[i] ?? 0);
      const row = hessian[i] ?? [];
      row[i] = (row[i] ?? 0) + l2;
    }
    const step = solve(hessian, gradient);
    let size = 0;
    for (let i = 0; i < dims; i++) {
      w[i] = (w[i] ?? 0) + (step[i] ?? 0);
      size += Math.abs(step[i] ?? 0);
    }
    if (size < 1e-9) break;
  }
  return w;
}

/** Solves a x = b by Gaussian elimination with partial pivoting (a is small and symmetric positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] ?? [], m[col] ?? []];
    const top = m[col] ?? [];
    for (let r = col + 1; r < n; r++) {
      const row = m[r] ?? [];
      const factor = (row[col] ?? 0) / (top[col] ?? 1);
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - factor * (top[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] ?? [];
    let sum = row[n] ?? 0;
    for (let c = r + 1; c < n; c++) sum -= (row[c] ?? 0) * (x[c] ?? 0);
    x[r] = sum / (row[r] ?? 1);
  }
  return x;
}

const round = (x: number): number => Math.round(x * 100) / 100;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(7);

/** What the product's thresholds do with `options` on each group. */
function report(groups: readonly Group[], options: Required<CalibrationOptions>): void {
  console.log(`${'group'.padEnd(28)}  answered  right when answered  abstained  right when abstained`);
  for (const { name, samples } of groups) {
    let answered = 0;
    let answeredRight = 0;
    let abstained = 0;
    let abstainedRight = 0;
    for (const { signals, articles, right } of samples) {
      const score = calibrate(signals, articles, options);
      if (score >= DEFAULT_THRESHOLDS.answer) {
        answered += 1;
        if (right) answeredRight += 1;
      } else if (score < DEFAULT_THRESHOLDS.abstain) {
        abstained += 1;
        if (right) abstainedRight += 1;
      }
    }
    const n = Math.max(1, samples.length);
    console.log(
      [
        name.padEnd(28),
        pct(answered / n).padStart(8),
        pct(answeredRight / Math.max(1, answered)).padStart(18),
        pct(abstained / n).padStart(9),
        pct(abstainedRight / Math.max(1, abstained)).padStart(20),
      ].join('  '),
    );
  }
}

async function main(): Promise<void> {
  const lists = await productLanguageTables();
  const modelGroups = collect(true, lists);
  const [p, s, c, b] = fit(modelGroups.flatMap((g) => g.samples)).map(round);
  const retrievalGroups = collect(false, lists);
  const [rs, rc, rb] = fit(retrievalGroups.flatMap((g) => g.samples)).map(round);
  const options: Required<CalibrationOptions> = {
    probabilityWeight: p ?? 0,
    similarityWeight: s ?? 0,
    coverageWeight: c ?? 0,
    bias: b ?? 0,
    retrievalSimilarityWeight: rs ?? 0,
    retrievalCoverageWeight: rc ?? 0,
    retrievalBias: rb ?? 0,
  };
  console.log('\nWith a learned model:');
  report(modelGroups, options);
  console.log('\nWithout one (large knowledge bases):');
  report(retrievalGroups, options);
  console.log('\nDEFAULT_CALIBRATION (src/knowledge/calibration.ts):');
  console.log(JSON.stringify(options, null, 2));
}

await main();
