/**
 * `npm run eval:dev [-- --sets NAME,NAME] [--save FILE] [--compare FILE] [--lists none]`: the knowledge engine on
 * every development set at once, the way `eval:kb` measures one (src/knowledge/evaluation.ts), in
 * one table: answered right, answered wrong, abstained, out-of-scope refused and the wrong-answer
 * rate, per set and per variant:
 *
 * - as asked, and with seeded typos in a third of the words of 4 letters or more (`typos`);
 * - `holdout`: a fifth of the intents left out of the knowledge base, their questions out of scope
 *   (near-domain refusals, every language);
 * - `off-topic`: questions from another domain asked as out of scope (banking77 with MASSIVE en's
 *   assistant questions, MASSIVE with the scenarios its knowledge base leaves out, ArBanking77 and
 *   the shop with the hand-written off-topic questions of bench/questions);
 * - the hand-written dialect and colloquial questions of bench/questions, per dialect;
 * - the product's sample content (content/articles) with the hand-written shop questions.
 *
 * Data: ../shared/data ($HAMDEL_DATA_DIR) and bench/questions (see its README). `--save FILE` writes
 * the figures as JSON; `--compare FILE` prints each figure's change against a saved run. The last
 * line is one JSON line with every figure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../src/core/language.ts';
import { type EvalSummary, summarizeGroups } from '../src/knowledge/eval-metrics.ts';
import {
  type Evaluation,
  type EvaluationOptions,
  evaluate,
  evaluateArticles,
  productLanguageTables,
} from '../src/knowledge/evaluation.ts';
import type { IndexOptions } from '../src/knowledge/search-index.ts';
import { type Row, readRows as readRowsFile, splitByLabel } from '../src/knowledge/intent-data.ts';
import { sampleArticles } from './kb-sample-content.ts';
import { assistantQuestions, massiveByScenario, readRows } from './kb-data.ts';
import { readCommandLine } from '../src/core/command-line.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const own = (file: string): Row[] => readRowsFile(path.join(HERE, 'questions', file));

const TYPOS = 0.33;
const HOLDOUT = 0.2;
const SEED = 1;

interface Case {
  readonly set: string;
  readonly variant: string;
  readonly run: () => Evaluation | Promise<Evaluation>;
}

function cases(index: IndexOptions): Case[] {
  const banking = splitByLabel(readRows('banking77/train.jsonl'), 0.2, SEED);
  const massive = (lang: 'en' | 'fa') => ({
    train: readRows(`massive/${lang}.train.jsonl`),
    test: readRows(`massive/${lang}.validation.jsonl`),
  });
  const arabic = {
    train: readRows('arbanking77/train.msa_pal.jsonl'),
    test: readRows('arbanking77/validation.msa_pal.jsonl'),
  };
  const clinc = readRows('clinc150/train.jsonl');
  const clincOos = clinc.filter((row) => row.label === 'oos');
  const assistant = assistantQuestions();
  const rows =
    (set: { train: Row[]; test: Row[] }, language: Language, options: Partial<EvaluationOptions> = {}) =>
    () =>
      evaluate(set.train, set.test, { language, seed: SEED, index, ...options });
  const list: Case[] = [
    {
      set: 'banking77',
      variant: 'as asked + typos',
      run: rows({ train: banking.train, test: banking.dev }, 'en', { typos: TYPOS }),
    },
    {
      set: 'banking77',
      variant: 'holdout',
      run: rows({ train: banking.train, test: banking.dev }, 'en', { holdout: HOLDOUT }),
    },
    {
      set: 'banking77',
      variant: 'off-topic',
      run: rows({ train: banking.train, test: banking.dev }, 'en', { oos: assistant }),
    },
    {
      set: 'banking77 10-shot',
      variant: 'as asked + typos',
      run: rows({ train: banking.train, test: banking.dev }, 'en', { shots: 10, typos: TYPOS }),
    },
    { set: 'MASSIVE en', variant: 'as asked + typos', run: rows(massive('en'), 'en', { typos: TYPOS }) },
    { set: 'MASSIVE en', variant: 'holdout', run: rows(massive('en'), 'en', { holdout: HOLDOUT }) },
    { set: 'MASSIVE en', variant: 'off-topic', run: rows(massiveByScenario('en', SEED), 'en') },
    { set: 'MASSIVE fa', variant: 'as asked + typos', run: rows(massive('fa'), 'fa', { typos: TYPOS }) },
    { set: 'MASSIVE fa', variant: 'holdout', run: rows(massive('fa'), 'fa', { holdout: HOLDOUT }) },
    { set: 'MASSIVE fa', variant: 'off-topic', run: rows(massiveByScenario('fa', SEED), 'fa') },
    {
      set: 'MASSIVE fa',
      variant: 'colloquial (dev)',
      run: rows({ train: massive('fa').train, test: own('massive-fa-colloquial.dev.jsonl') }, 'fa'),
    },
    {
      set: 'MASSIVE fa',
      variant: 'colloquial (check)',
      run: rows({ train: massive('fa').train, test: own('massive-fa-colloquial.check.jsonl') }, 'fa'),
    },
    { set: 'ArBanking77', variant: 'as asked + typos', run: rows(arabic, 'ar', { typos: TYPOS }) },
    { set: 'ArBanking77', variant: 'holdout', run: rows(arabic, 'ar', { holdout: HOLDOUT }) },
    { set: 'ArBanking77', variant: 'off-topic', run: rows(arabic, 'ar', { oos: own('off-topic.ar.jsonl') }) },
    {
      set: 'ArBanking77',
      variant: 'dialects (dev)',
      run: rows({ train: arabic.train, test: own('arbanking77-dialects.dev.jsonl') }, 'ar'),
    },
    {
      set: 'ArBanking77',
      variant: 'dialects (check)',
      run: rows({ train: arabic.train, test: own('arbanking77-dialects.check.jsonl') }, 'ar'),
    },
    {
      set: 'clinc150',
      variant: '+oos + typos',
      run: rows({ train: clinc, test: [...readRows('clinc150/val.jsonl'), ...clincOos] }, 'en', {
        typos: TYPOS,
      }),
    },
  ];
  for (const language of ['en', 'fa', 'ar'] as const) {
    list.push({
      set: `shop ${language}`,
      variant: 'as asked + typos + off-topic',
      run: async () => {
        const { articles, options } = await sampleArticles();
        return evaluateArticles(articles, own(`shop.${language}.jsonl`), {
          language,
          index: options,
          seed: SEED,
          typos: TYPOS,
          oos: own(`off-topic.${language}.jsonl`),
        });
      },
    });
  }
  return list;
}

const pct = (x: number | undefined): string => (x === undefined ? '-' : (100 * x).toFixed(1));
const r4 = (x: number | undefined): number | undefined =>
  x === undefined ? undefined : Math.round(x * 10000) / 10000;

interface Line {
  readonly set: string;
  readonly variant: string;
  readonly n: number;
  readonly top1: number;
  readonly strictTop1: number;
  readonly answeredWrong: number;
  readonly abstained: number;
  readonly oosRefused?: number;
  readonly wrongAnswerRate: number;
  readonly msPerQuery: number;
}

function line(set: string, variant: string, s: EvalSummary, msPerQuery: number): Line {
  return {
    set,
    variant,
    n: s.n,
    top1: r4(s.top1) ?? 0,
    strictTop1: r4(s.strictTop1) ?? 0,
    answeredWrong: r4(s.answeredWrong) ?? 0,
    abstained: r4(s.abstainedInScope) ?? 0,
    ...(s.oosRecall === undefined ? {} : { oosRefused: r4(s.oosRecall) }),
    wrongAnswerRate: r4(s.wrongAnswerRate) ?? 0,
    msPerQuery: r4(msPerQuery) ?? 0,
  };
}

function linesOf(c: Case, result: Evaluation): Line[] {
  const variant = c.variant.replace(/ \+ typos/, '');
  const out = [line(c.set, variant, result.clean.summary, result.clean.msPerQuery)];
  for (const { group, summary } of summarizeGroups(result.clean.rows)) {
    out.push(line(c.set, `${variant}: ${group}`, summary, result.clean.msPerQuery));
  }
  if (result.typos !== undefined) {
    out.push(line(c.set, `${variant} with typos`, result.typos.summary, result.typos.msPerQuery));
  }
  return out;
}

function print(lines: readonly Line[], before: readonly Line[] | undefined): void {
  const old = new Map((before ?? []).map((l) => [`${l.set}|${l.variant}`, l]));
  const cell = (l: Line, key: keyof Line): string => {
    const value = l[key] as number | undefined;
    if (key === 'msPerQuery') return value === undefined ? '-' : value.toFixed(3);
    const was = old.get(`${l.set}|${l.variant}`)?.[key] as number | undefined;
    if (value === undefined || was === undefined) return pct(value);
    const delta = 100 * (value - was);
    return `${pct(value)} (${delta >= 0 ? '+' : ''}${delta.toFixed(1)})`;
  };
  const header = [
    'set',
    'variant',
    'rows',
    'top1%',
    'right%',
    'wrong%',
    'abstained%',
    'oos refused%',
    'wrong answers% (all)',
    'ms/q',
  ];
  const keys: (keyof Line)[] = [
    'top1',
    'strictTop1',
    'answeredWrong',
    'abstained',
    'oosRefused',
    'wrongAnswerRate',
    'msPerQuery',
  ];
  const rows = lines.map((l) => [l.set, l.variant, String(l.n), ...keys.map((k) => cell(l, k))]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    cells.map((text, c) => (c < 2 ? text.padEnd(widths[c] ?? 0) : text.padStart(widths[c] ?? 0))).join('  ');
  console.log(format(header));
  for (const row of rows) console.log(format(row));
  console.log(
    '\nright/wrong/abstained: over questions that have an article; oos refused: over out-of-scope questions;\n' +
      'wrong answers: over all questions (a wrong article, or any answer to an out-of-scope question).' +
      (before === undefined ? '' : '\n(in brackets: change in points against the saved run)'),
  );
}

const USAGE = 'usage: eval:dev -- [--sets NAME,NAME] [--save FILE] [--compare FILE] [--lists none]';

async function main(): Promise<void> {
  const values = readCommandLine(
    {
      sets: { type: 'string' },
      save: { type: 'string' },
      compare: { type: 'string' },
      lists: { type: 'string' },
    },
    USAGE,
  );
  const filters = values.sets?.split(',').map((s) => s.trim().toLowerCase());
  const index = values.lists === 'none' ? {} : await productLanguageTables();
  const selected = cases(index).filter(
    (c) => filters === undefined || filters.some((f) => `${c.set} ${c.variant}`.toLowerCase().includes(f)),
  );
  const lines: Line[] = [];
  for (const c of selected) {
    process.stderr.write(`[eval:dev] ${c.set}: ${c.variant}\n`);
    lines.push(...linesOf(c, await c.run()));
  }
  const before =
    values.compare === undefined
      ? undefined
      : (JSON.parse(readFileSync(values.compare, 'utf8')) as { lines: Line[] }).lines;
  print(lines, before);
  if (values.save !== undefined) writeFileSync(values.save, `${JSON.stringify({ lines }, null, 1)}\n`);
  console.log(JSON.stringify({ lines }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
