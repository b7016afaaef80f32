/**
 * Intent data sets as knowledge bases, for the evaluation CLI and the benchmark: JSON-lines rows
 * {"text","label"}, one article per label (title: the label with "_" as spaces; example questions: the
 * rows, or N per label sampled with a seed), rows labelled `oos` left out.
 */
import { readFileSync } from 'node:fs';
import type { Language } from '../core/language.ts';
import { random } from '../core/random.ts';
import type { Article } from './article.ts';
import { OOS } from './eval-metrics.ts';

export interface Row {
  readonly text: string;
  readonly label: string;
  /** A group the row belongs to, from its `dialect` or `group` field (figures per group). */
  readonly group?: string;
}

export function readRows(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<Row> & { readonly dialect?: unknown };
      if (typeof row.text !== 'string' || typeof row.label !== 'string') {
        throw new Error(`${file}:${i + 1}: expected {"text": string, "label": string}`);
      }
      const group = typeof row.dialect === 'string' ? row.dialect : row.group;
      return typeof group === 'string'
        ? { text: row.text, label: row.label, group }
        : { text: row.text, label: row.label };
    });
}

/** A shuffled copy (Fisher-Yates driven by `next`). */
export function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const swap = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = swap;
  }
  return copy;
}

export function groupByLabel(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const list = groups.get(row.label) ?? [];
    list.push(row);
    groups.set(row.label, list);
  }
  return groups;
}

/** A seeded split stratified by label: `share` of each label's rows (rounded) go to `dev`. */
export function splitByLabel(
  rows: readonly Row[],
  share: number,
  seed: number,
): { train: Row[]; dev: Row[] } {
  const next = random(seed);
  const train: Row[] = [];
  const dev: Row[] = [];
  const groups = groupByLabel(rows);
  for (const label of [...groups.keys()].sort()) {
    const list = shuffled(groups.get(label) ?? [], next);
    const cut = Math.round(list.length * share);
    dev.push(...list.slice(0, cut));
    train.push(...list.slice(cut));
  }
  return { train, dev };
}

/**
 * Out of scope by holding intents out: a seeded `share` of the labels of `train` leave the
 * knowledge base, and the test rows of those labels become out-of-scope rows (label `oos`), so a
 * set without out-of-scope rows can measure refusals too (near-domain ones: the hardest kind).
 */
export function holdOutLabels(
  train: readonly Row[],
  test: readonly Row[],
  share: number,
  seed: number,
): { train: Row[]; test: Row[]; heldOut: string[] } {
  const labels = [...groupByLabel(train.filter((row) => row.label !== OOS)).keys()].sort();
  const count = Math.round(labels.length * share);
  const heldOut = new Set(shuffled(labels, random(seed)).slice(0, count));
  return {
    train: train.filter((row) => !heldOut.has(row.label)),
    test: test.map((row) => (heldOut.has(row.label) ? { ...row, label: OOS } : row)),
    heldOut: [...heldOut].sort(),
  };
}

/** `shots` rows per label (labels in sorted order, one generator), the sampling of `eval:kb --shots N --seed S`. */
export function sampleShots(rows: readonly Row[], shots: number, seed: number): Row[] {
  const next = random(seed);
  const groups = groupByLabel(rows.filter((row) => row.label !== OOS));
  return [...groups.keys()]
    .sort()
    .flatMap((label) => shuffled(groups.get(label) ?? [], next).slice(0, shots));
}

/** The training texts both systems get: per label, its example questions and its title. */
export interface LabelDocuments {
  readonly label: string;
  readonly title: string;
  readonly questions: readonly string[];
}

export function labelDocuments(rows: readonly Row[]): LabelDocuments[] {
  const groups = groupByLabel(rows.filter((row) => row.label !== OOS));
  return [...groups.keys()].sort().map((label) => ({
    label,
    title: label.replace(/_/g, ' '),
    questions: (groups.get(label) ?? []).map((row) => row.text),
  }));
}

/** One article per label, with no body (the evaluation asks only which article ranks first). */
export function articlesOf(documents: readonly LabelDocuments[], language: Language): Article[] {
  return documents.map((doc) => ({
    id: doc.label,
    language,
    title: doc.title,
    questions: doc.questions,
    tags: [],
    body: '',
    file: '',
  }));
}
