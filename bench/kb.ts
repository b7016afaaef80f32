/**
 * `npm run bench:kb [-- --quick]`: the knowledge engine against nlp.js, in one run.
 *
 * 1. Accuracy and speed on the development splits of issue 3's sets (kb-data.ts): both systems
 *    get the same texts (per label: its train rows and its title) and are asked the same rows.
 *    hamdel: `buildIndex` with the product's defaults and the language lists it ships
 *    (content/dialects, content/off-topic), `search` (3 hits) + `decide`. nlp.js: NlpManager with
 *    its defaults (nlpjs-baseline.ts). Compared on what the customer gets: answered right (the
 *    strict top-1), answered wrong, abstained (hamdel's `decide` returning 'none', nlp.js answering
 *    'None' or scoring below its 0.5 threshold); the ranking alone (top-1 whether or not the
 *    system answers) is shown apart.
 * 2. Scale: English knowledge bases of 1k, 10k and 100k articles (kb-scale.ts says how they are
 *    made): index build time, memory after build, p50/p99 latency of held-out questions, one at
 *    a time after a warm-up; nlp.js at 1k (10k would take hours: it is estimated, not run). Each
 *    size and system runs in a fresh child process (same node flags), so memory is its own and a
 *    size that runs out of memory (100k does, at node's default heap limit) is reported, not fatal.
 *
 * Full run: about 8-9 minutes on 2 shared cores. --quick: three 10-shot sets (en, fa, ar) with
 * 800 questions each, and 1k/10k articles without nlp.js (under a minute). For partial runs: --sets NAME,NAME (substrings), --sizes N,N,
 * --nlpjs-sizes N,N. Run with `node --expose-gc` so that memory is measured after a collection.
 * Prints tables, then one JSON line with every figure.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import type { Language } from '../src/core/language.ts';
import type { KnowledgeIndex } from '../src/knowledge/article.ts';
import { decide } from '../src/knowledge/decision.ts';
import { type EvalRow, type EvalSummary, summarize } from '../src/knowledge/eval-metrics.ts';
import { productLanguageTables } from '../src/knowledge/evaluation.ts';
import { type IndexOptions, buildIndex } from '../src/knowledge/search-index.ts';
import { type IntentSet, type Row, articlesOf, intentSets, labelDocuments } from './kb-data.ts';
import { scaleCorpus } from './kb-scale.ts';
import { NlpjsBaseline } from './nlpjs-baseline.ts';
import { readCommandLine } from '../src/core/command-line.ts';

const WARMUP_QUERIES = 200;
/** Rows held out of the scale knowledge bases (--quick asks the first half of them). */
const SCALE_QUERIES = 3000;

// ---------------------------------------------------------------- measuring

const gc = (globalThis as { gc?: () => void }).gc;

interface Memory {
  /** MB of V8 heap in use. */
  readonly heap: number;
  /** MB of typed-array and other memory outside the V8 heap (process.memoryUsage().external). */
  readonly external: number;
  readonly rss: number;
}

function memory(): Memory {
  if (gc !== undefined) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  const mb = (bytes: number): number => bytes / 1048576;
  return { heap: mb(m.heapUsed), external: mb(m.external), rss: mb(m.rss) };
}

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

interface Latency {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
}

function latency(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / Math.max(1, times.length);
  return { mean, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Wall time since the parent run started (children get its start in BENCH_KB_T0). */
const T0 = Number(process.env.BENCH_KB_T0 ?? Date.now());
process.env.BENCH_KB_T0 = String(T0);

const progress = (text: string): void => {
  process.stderr.write(`[bench:kb ${((Date.now() - T0) / 1000).toFixed(0)}s] ${text}\n`);
};

// ---------------------------------------------------------------- the two systems on a question list

interface Asked {
  readonly rows: EvalRow[];
  readonly latency: Latency;
}

function askHamdel(
  index: KnowledgeIndex,
  language: Language,
  questions: readonly Row[],
  warmup: readonly Row[],
): Asked {
  for (const row of warmup) decide(index.search(row.text, { language, limit: 3 }));
  const rows: EvalRow[] = [];
  const times: number[] = [];
  for (const row of questions) {
    const t0 = performance.now();
    const hits = index.search(row.text, { language, limit: 3 });
    const decision = decide(hits);
    times.push(performance.now() - t0);
    rows.push({
      label: row.label,
      ranked: hits.map((h) => h.article.id),
      abstained: decision.kind === 'none',
    });
  }
  return { rows, latency: latency(times) };
}

async function askNlpjs(
  nlp: NlpjsBaseline,
  questions: readonly Row[],
  warmup: readonly Row[],
): Promise<Asked> {
  for (const row of warmup) await nlp.ask(row.text);
  const rows: EvalRow[] = [];
  const times: number[] = [];
  for (const row of questions) {
    const t0 = performance.now();
    const answer = await nlp.ask(row.text);
    times.push(performance.now() - t0);
    rows.push({ label: row.label, ...answer });
  }
  return { rows, latency: latency(times) };
}

// ---------------------------------------------------------------- part 1: accuracy side by side

interface SystemFigures {
  readonly buildMs: number;
  readonly summary: EvalSummary;
  readonly latency: Latency;
}

interface SetResult {
  readonly name: string;
  readonly language: Language;
  readonly note: string;
  readonly articles: number;
  readonly trainRows: number;
  readonly hamdel: SystemFigures;
  readonly nlpjs: SystemFigures;
}

async function compareSet(set: IntentSet, lists: IndexOptions): Promise<SetResult> {
  const documents = labelDocuments(set.train);
  const articles = articlesOf(documents, set.language);
  const warmup = set.test.slice(0, WARMUP_QUERIES);
  const trainRows = documents.reduce((sum, d) => sum + d.questions.length, 0);

  progress(`${set.name}: hamdel build (${articles.length} articles, ${trainRows} questions)`);
  let t0 = performance.now();
  const index = buildIndex(articles, lists);
  const hamdelBuild = performance.now() - t0;
  progress(`${set.name}: hamdel ask ${set.test.length}`);
  const hamdel = askHamdel(index, set.language, set.test, warmup);

  progress(`${set.name}: nlp.js train`);
  const nlp = new NlpjsBaseline(set.language);
  for (const doc of documents) nlp.add(doc.label, [...doc.questions, doc.title]);
  t0 = performance.now();
  await nlp.train();
  const nlpBuild = performance.now() - t0;
  progress(`${set.name}: nlp.js ask ${set.test.length} (trained in ${(nlpBuild / 1000).toFixed(1)} s)`);
  const nlpjs = await askNlpjs(nlp, set.test, warmup);

  return {
    name: set.name,
    language: set.language,
    note: set.note,
    articles: articles.length,
    trainRows,
    hamdel: { buildMs: hamdelBuild, summary: summarize(hamdel.rows), latency: hamdel.latency },
    nlpjs: { buildMs: nlpBuild, summary: summarize(nlpjs.rows), latency: nlpjs.latency },
  };
}

// ---------------------------------------------------------------- part 2: scale

interface ScaleFigures {
  readonly buildMs: number;
  /** MB after build (after a GC when available), and the growth over the state before build. */
  readonly heapMB: number;
  readonly heapDeltaMB: number;
  readonly externalDeltaMB: number;
  readonly rssMB: number;
  /** Largest resident set of the process so far (the build's peak; the process is fresh). */
  readonly peakRssMB: number;
  readonly latency: Latency;
  /** Share of questions whose first article was built from the question's intent. */
  readonly intentTop1: number;
  readonly abstainRate: number;
}

interface ScaleResult {
  readonly articles: number;
  readonly questions: number;
  readonly hamdel: ScaleFigures | { readonly skipped: string };
  readonly nlpjs: ScaleFigures | { readonly skipped: string };
}

function scaleFigures(
  asked: Asked,
  buildMs: number,
  before: Memory,
  after: Memory,
  labelOf: (id: string) => string | undefined,
): ScaleFigures {
  const right = asked.rows.filter(
    (r) => r.ranked[0] !== undefined && labelOf(r.ranked[0]) === r.label,
  ).length;
  return {
    buildMs,
    heapMB: after.heap,
    heapDeltaMB: after.heap - before.heap,
    externalDeltaMB: after.external - before.external,
    rssMB: after.rss,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    latency: asked.latency,
    intentTop1: right / Math.max(1, asked.rows.length),
    abstainRate: asked.rows.filter((r) => r.abstained).length / Math.max(1, asked.rows.length),
  };
}

/** One knowledge base size measured for one system, in this process (the child side). */
async function measureScale(
  size: number,
  system: 'hamdel' | 'nlpjs',
  queryCount: number,
): Promise<ScaleFigures> {
  const corpus = scaleCorpus(SCALE_QUERIES, WARMUP_QUERIES, queryCount);
  const articles = corpus.articles(size);
  const before = memory();
  if (system === 'hamdel') {
    const lists = await productLanguageTables();
    const t0 = performance.now();
    const index = buildIndex(articles, lists);
    const buildMs = performance.now() - t0;
    const after = memory();
    progress(
      `scale ${size}: hamdel built in ${(buildMs / 1000).toFixed(1)} s; asking ${corpus.queries.length}`,
    );
    const asked = askHamdel(index, 'en', corpus.queries, corpus.warmup);
    return scaleFigures(asked, buildMs, before, after, corpus.labelOf);
  }
  const nlp = new NlpjsBaseline('en');
  for (const a of articles) nlp.add(a.id, [...a.questions, a.title]);
  const t0 = performance.now();
  await nlp.train();
  const trainMs = performance.now() - t0;
  const after = memory();
  progress(
    `scale ${size}: nlp.js trained in ${(trainMs / 1000).toFixed(1)} s; asking ${corpus.queries.length}`,
  );
  return scaleFigures(
    await askNlpjs(nlp, corpus.queries, corpus.warmup),
    trainMs,
    before,
    after,
    corpus.labelOf,
  );
}

type Skipped = { readonly skipped: string };

/**
 * Measure in a fresh child process (same node flags), so that every size starts from an empty
 * heap, memory is its own, and a size that runs out of memory or time is reported, not fatal.
 */
async function measureInChild(
  size: number,
  system: 'hamdel' | 'nlpjs',
  queryCount: number,
  timeoutS: number,
): Promise<ScaleFigures | Skipped> {
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    '--scale-child',
    String(size),
    '--system',
    system,
    '--queries',
    String(queryCount),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let pending = '';
  const tail: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  // Pass the child's progress lines on; keep the rest (a crash report) to tell why it failed.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('[bench:kb')) process.stderr.write(`${line}\n`);
      else if (line.trim().length > 0) tail.push(line);
    }
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutS * 1000);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (timedOut) return { skipped: `stopped after ${timeoutS} s` };
  if (code !== 0) {
    const oom = tail.some((line) => line.includes('heap out of memory'));
    const limit = (getHeapStatistics().heap_size_limit / 1048576).toFixed(0);
    if (!oom) process.stderr.write(`${tail.slice(-20).join('\n')}\n`);
    return {
      skipped: oom ? `out of memory (V8 heap limit ${limit} MB)` : `failed: exit ${code ?? signal ?? '?'}`,
    };
  }
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ScaleFigures;
}

interface ScaleRun {
  readonly results: ScaleResult[];
  readonly poolRows: number;
  readonly distinct: number;
  readonly queries: number;
}

async function scale(
  sizes: readonly number[],
  nlpjsSizes: readonly number[],
  queryCount: number,
  quick: boolean,
  timeoutS: number,
): Promise<ScaleRun> {
  const corpus = scaleCorpus(SCALE_QUERIES, WARMUP_QUERIES, queryCount);
  const results: ScaleResult[] = [];
  let nlpReference: { size: number; trainMs: number } | undefined;
  for (const size of sizes) {
    const questions = corpus.articles(size).reduce((sum, a) => sum + a.questions.length, 0);
    progress(`scale ${size}: hamdel build (${questions} questions)`);
    const hamdel = await measureInChild(size, 'hamdel', queryCount, timeoutS);
    let nlpjs: ScaleFigures | Skipped;
    if (nlpjsSizes.includes(size)) {
      progress(`scale ${size}: nlp.js train (${size} intents; takes minutes)`);
      nlpjs = await measureInChild(size, 'nlpjs', queryCount, timeoutS);
      if (!('skipped' in nlpjs)) nlpReference = { size, trainMs: nlpjs.buildMs };
    } else if (nlpReference !== undefined) {
      // One perceptron per intent, each trained over every example: intents x examples.
      const factor = (size / nlpReference.size) ** 2;
      nlpjs = {
        skipped: `not run: training grows with intents x examples; ${nlpReference.size} took ${(nlpReference.trainMs / 1000).toFixed(0)} s, so ~${((factor * nlpReference.trainMs) / 3_600_000).toFixed(0)} h`,
      };
    } else {
      nlpjs = {
        skipped: quick
          ? 'not run in --quick (1k alone trains for minutes)'
          : 'not run (training takes too long)',
      };
    }
    results.push({ articles: size, questions, hamdel, nlpjs });
  }
  return {
    results,
    poolRows: corpus.poolRows,
    distinct: corpus.distinctArticles,
    queries: corpus.queries.length,
  };
}

// ---------------------------------------------------------------- printing

const pct = (x: number | undefined): string => (x === undefined ? '-' : (100 * x).toFixed(1));
const ms = (x: number): string => (x < 10 ? x.toFixed(3) : x.toFixed(1));
const sec = (x: number): string => (x / 1000).toFixed(1);

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [0],
): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (left.includes(c) ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
}

function printSets(results: readonly SetResult[]): void {
  console.log('\n== Accuracy on the development splits (same texts, same questions, same run) ==\n');
  for (const r of results) console.log(`  ${r.name}: ${r.note}`);
  console.log('');
  console.log(
    'What the customer gets, over questions that have an article: answered right (the strict top-1),\n' +
      'answered wrong, abstained (hamdel: decide() = none; nlp.js: intent None or score < 0.5); and wrong\n' +
      'answers over all questions (out-of-scope ones answered count), in %:\n',
  );
  table(
    [
      'set',
      'lang',
      'articles',
      'asked',
      'right hamdel',
      'right nlp.js',
      'diff',
      'wrong hamdel',
      'wrong nlp.js',
      'abstain hamdel',
      'abstain nlp.js',
      'wrong/all hamdel',
      'wrong/all nlp.js',
    ],
    results.map((r) => [
      r.name,
      r.language,
      String(r.articles),
      String(r.hamdel.summary.n),
      pct(r.hamdel.summary.strictTop1),
      pct(r.nlpjs.summary.strictTop1),
      `${r.hamdel.summary.strictTop1 >= r.nlpjs.summary.strictTop1 ? '+' : ''}${pct(r.hamdel.summary.strictTop1 - r.nlpjs.summary.strictTop1)}`,
      pct(r.hamdel.summary.answeredWrong),
      pct(r.nlpjs.summary.answeredWrong),
      pct(r.hamdel.summary.abstainedInScope),
      pct(r.nlpjs.summary.abstainedInScope),
      pct(r.hamdel.summary.wrongAnswerRate),
      pct(r.nlpjs.summary.wrongAnswerRate),
    ]),
  );
  console.log(
    'The ranking alone (the first-ranked intent, whether or not the system dared to give it), in %:\n',
  );
  table(
    ['set', 'train', 'top1 hamdel', 'top1 nlp.js', 'top3 hamdel', 'top3 nlp.js', 'F1 hamdel', 'F1 nlp.js'],
    results.map((r) => [
      r.name,
      String(r.trainRows),
      pct(r.hamdel.summary.top1),
      pct(r.nlpjs.summary.top1),
      pct(r.hamdel.summary.top3),
      pct(r.nlpjs.summary.top3),
      pct(r.hamdel.summary.macroF1),
      pct(r.nlpjs.summary.macroF1),
    ]),
  );
  console.log('Abstaining (hamdel: decide() = none; nlp.js: intent None or score < 0.5), in %:\n');
  table(
    [
      'set',
      'abstain hamdel',
      'abstain nlp.js',
      'in-scope acc hamdel',
      'in-scope acc nlp.js',
      'oos recall hamdel',
      'oos recall nlp.js',
    ],
    results.map((r) => [
      r.name,
      pct(r.hamdel.summary.abstainRate),
      pct(r.nlpjs.summary.abstainRate),
      pct(r.hamdel.summary.inScopeAccuracy),
      pct(r.nlpjs.summary.inScopeAccuracy),
      pct(r.hamdel.summary.oosRecall),
      pct(r.nlpjs.summary.oosRecall),
    ]),
  );
  console.log(
    'Speed (ms per question, one at a time after a warm-up; build = hamdel index / nlp.js train):\n',
  );
  table(
    [
      'set',
      'build s hamdel',
      'train s nlp.js',
      'ms/q hamdel',
      'ms/q nlp.js',
      'nlp.js/hamdel',
      'p99 hamdel',
      'p99 nlp.js',
    ],
    results.map((r) => [
      r.name,
      sec(r.hamdel.buildMs),
      sec(r.nlpjs.buildMs),
      ms(r.hamdel.latency.mean),
      ms(r.nlpjs.latency.mean),
      `${(r.nlpjs.latency.mean / r.hamdel.latency.mean).toFixed(2)}x`,
      ms(r.hamdel.latency.p99),
      ms(r.nlpjs.latency.p99),
    ]),
  );
}

function printScale(s: ScaleRun): void {
  console.log('== Scale: English knowledge bases (all articles in one language index) ==\n');
  console.log(
    `  Built from ${s.poolRows} English rows of banking77, clinc150 and MASSIVE en: ${s.distinct} distinct articles`,
  );
  console.log(
    '  (3-8 rows of one intent each); larger sizes add copies with a qualifier and lightly varied questions.',
  );
  console.log(
    `  Asked: ${s.queries} held-out rows (in no article), after ${WARMUP_QUERIES} warm-up questions.`,
  );
  console.log(
    `  Memory after build${gc === undefined ? ' (no --expose-gc: without a GC first)' : ', after a GC'}: heap used, growth of heap / external (typed arrays),\n  and the peak resident set of the process that built it (a fresh one per size).`,
  );
  console.log("  intent top1: the first article was built from the question's intent.\n");
  const rows: string[][] = [];
  for (const r of s.results) {
    for (const [name, f] of [
      ['hamdel', r.hamdel],
      ['nlp.js', r.nlpjs],
    ] as const) {
      if ('skipped' in f) {
        rows.push([String(r.articles), String(r.questions), name, ...Array<string>(10).fill('-'), f.skipped]);
        continue;
      }
      rows.push([
        String(r.articles),
        String(r.questions),
        name,
        sec(f.buildMs),
        f.heapMB.toFixed(0),
        `+${f.heapDeltaMB.toFixed(0)}`,
        `+${f.externalDeltaMB.toFixed(0)}`,
        f.peakRssMB.toFixed(0),
        ms(f.latency.p50),
        ms(f.latency.p99),
        ms(f.latency.mean),
        pct(f.intentTop1),
        pct(f.abstainRate),
        '',
      ]);
    }
  }
  table(
    [
      'articles',
      'questions',
      'system',
      'build s',
      'heap MB',
      'heap +MB',
      'ext +MB',
      'peak RSS MB',
      'p50 ms',
      'p99 ms',
      'mean ms',
      'intent top1 %',
      'abstain %',
      'note',
    ],
    rows,
    [0, 2, 13],
  );
}

// ---------------------------------------------------------------- main

function numbers(list: string | undefined, fallback: readonly number[]): number[] {
  if (list === undefined) return [...fallback];
  return list
    .split(',')
    .filter((s) => s.trim().length > 0)
    .map(Number);
}

const USAGE =
  'usage: bench:kb -- [--quick] [--sets NAME,NAME] [--sizes N,N] [--nlpjs-sizes N,N] [--queries N]';

async function main(): Promise<void> {
  const values = readCommandLine(
    {
      quick: { type: 'boolean', default: false },
      sets: { type: 'string' },
      sizes: { type: 'string' },
      'nlpjs-sizes': { type: 'string' },
      'scale-child': { type: 'string' },
      system: { type: 'string', default: 'hamdel' },
      queries: { type: 'string', default: '3000' },
    },
    USAGE,
  );
  if (values['scale-child'] !== undefined) {
    const figures = await measureScale(
      Number(values['scale-child']),
      values.system === 'nlpjs' ? 'nlpjs' : 'hamdel',
      Number(values.queries),
    );
    console.log(JSON.stringify(figures));
    return;
  }
  const quick = values.quick === true;
  const sizes = numbers(values.sizes, quick ? [1000, 10_000] : [1000, 10_000, 100_000]);
  const nlpjsSizes = numbers(values['nlpjs-sizes'], quick ? [] : [1000]);
  const filters = values.sets?.split(',').map((s) => s.trim().toLowerCase());
  const started = performance.now();
  const loadStart = loadavg()[0] ?? 0;
  console.log(
    `bench:kb${quick ? ' --quick' : ''}   node ${process.version}   GC ${gc === undefined ? 'not exposed' : 'exposed'}`,
  );

  const sets = intentSets(quick).filter(
    (set) => filters === undefined || filters.some((f) => set.name.toLowerCase().includes(f)),
  );
  const setResults: SetResult[] = [];
  const lists = await productLanguageTables();
  for (const set of sets) setResults.push(await compareSet(set, lists));
  if (setResults.length > 0) printSets(setResults);

  const scaled = await scale(
    sizes,
    nlpjsSizes,
    quick ? SCALE_QUERIES / 2 : SCALE_QUERIES,
    quick,
    quick ? 120 : 300,
  );
  if (scaled.results.length > 0) printScale(scaled);

  const totalS = (performance.now() - started) / 1000;
  const loadEnd = loadavg()[0] ?? 0;
  console.log(
    `total ${totalS.toFixed(0)} s   load average (1 min) at start ${loadStart.toFixed(2)}, at end ${loadEnd.toFixed(2)} on ${cpus().length} cores`,
  );
  const r4 = (x: number | undefined): number | undefined =>
    x === undefined ? undefined : Math.round(x * 10000) / 10000;
  const system = (f: SystemFigures): Record<string, number | undefined> => ({
    top1: r4(f.summary.top1),
    top3: r4(f.summary.top3),
    macroF1: r4(f.summary.macroF1),
    abstainRate: r4(f.summary.abstainRate),
    strictTop1: r4(f.summary.strictTop1),
    answeredWrong: r4(f.summary.answeredWrong),
    abstainedInScope: r4(f.summary.abstainedInScope),
    wrongAnswerRate: r4(f.summary.wrongAnswerRate),
    inScopeAccuracy: r4(f.summary.inScopeAccuracy),
    oosRecall: r4(f.summary.oosRecall),
    buildMs: Math.round(f.buildMs),
    msPerQuery: r4(f.latency.mean),
    p50Ms: r4(f.latency.p50),
    p99Ms: r4(f.latency.p99),
  });
  const scaleSystem = (f: ScaleFigures | { skipped: string }): Record<string, number | string | undefined> =>
    'skipped' in f
      ? { skipped: f.skipped }
      : {
          buildMs: Math.round(f.buildMs),
          heapMB: Math.round(f.heapMB),
          heapDeltaMB: Math.round(f.heapDeltaMB),
          externalDeltaMB: Math.round(f.externalDeltaMB),
          rssMB: Math.round(f.rssMB),
          peakRssMB: Math.round(f.peakRssMB),
          p50Ms: r4(f.latency.p50),
          p99Ms: r4(f.latency.p99),
          meanMs: r4(f.latency.mean),
          intentTop1: r4(f.intentTop1),
          abstainRate: r4(f.abstainRate),
        };
  console.log(
    JSON.stringify({
      bench: 'kb',
      quick,
      node: process.version,
      gc: gc !== undefined,
      totalSeconds: Math.round(totalS),
      loadAverage: { start: r4(loadStart), end: r4(loadEnd), cores: cpus().length },
      sets: setResults.map((r) => ({
        name: r.name,
        language: r.language,
        split: r.note,
        articles: r.articles,
        trainRows: r.trainRows,
        n: r.hamdel.summary.n,
        hamdel: system(r.hamdel),
        nlpjs: system(r.nlpjs),
        top1Diff: r4(r.hamdel.summary.top1 - r.nlpjs.summary.top1),
        strictTop1Diff: r4(r.hamdel.summary.strictTop1 - r.nlpjs.summary.strictTop1),
        latencyRatio: r4(r.nlpjs.latency.mean / r.hamdel.latency.mean),
      })),
      scale: {
        poolRows: scaled.poolRows,
        distinctArticles: scaled.distinct,
        queries: scaled.queries,
        sizes: scaled.results.map((r) => ({
          articles: r.articles,
          questions: r.questions,
          hamdel: scaleSystem(r.hamdel),
          nlpjs: scaleSystem(r.nlpjs),
        })),
      },
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
