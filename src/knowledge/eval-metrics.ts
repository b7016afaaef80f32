/**
 * Metrics of the knowledge-base evaluation (see eval-cli.ts) and of `bench:kb`.
 *
 * A question is *answered* when the bot does not abstain (it answers or offers choices, the first
 * of them the first-ranked article), and *abstained* when it says it has no answer. So every
 * question that has an article ends one of three ways: answered right (the first-ranked article is
 * the expected one), answered wrong, or abstained. `top1` is the ranking alone (the first-ranked
 * article is right, whether or not the bot dared to give it); `strictTop1` is what the customer
 * gets (answered right). An out-of-scope question (label `oos`) is either refused (abstained) or
 * answered, which is always wrong.
 */
export interface EvalRow {
  /** Expected article id, or 'oos' when no article fits. */
  readonly label: string;
  /** Article ids ranked best first. */
  readonly ranked: readonly string[];
  /** The decision abstained ("no good answer"). */
  readonly abstained: boolean;
  /** Confidence of the first-ranked article, when the system gives one (for the threshold curve). */
  readonly score?: number;
  /** A group the row belongs to (e.g. its dialect), for figures per group. */
  readonly group?: string;
}

export interface EvalSummary {
  readonly n: number;
  /** In-scope rows (label not `oos`). */
  readonly inScope: number;
  /** Ranking only, over in-scope rows: the first-ranked article is right (even when abstaining). */
  readonly top1: number;
  readonly top3: number;
  readonly macroF1: number;
  /** Share of all rows where the bot abstained. */
  readonly abstainRate: number;
  /** Over in-scope rows: answered with the right article first (the strict top-1). */
  readonly strictTop1: number;
  /** Over in-scope rows: answered with a wrong article first. */
  readonly answeredWrong: number;
  /** Over in-scope rows: abstained. answered right + answered wrong + abstained = 1. */
  readonly abstainedInScope: number;
  /** Over all rows: answered with a wrong article (an in-scope row's wrong one, or any for an `oos` row). */
  readonly wrongAnswerRate: number;
  /** Over `oos` rows: refused (abstained). */
  readonly oosRecall?: number;
  /** Kept for older readers: the same as `strictTop1` when there are `oos` rows. */
  readonly inScopeAccuracy?: number;
}

export const OOS = 'oos';

export interface LabelStats {
  readonly label: string;
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Precision, recall and F1 of the first-ranked article, per in-scope label. */
export function perLabel(rows: readonly EvalRow[]): LabelStats[] {
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const support = new Map<string, number>();
  for (const row of rows) {
    const first = row.ranked[0];
    if (row.label !== OOS) support.set(row.label, (support.get(row.label) ?? 0) + 1);
    if (first !== undefined) predicted.set(first, (predicted.get(first) ?? 0) + 1);
    if (first !== undefined && first === row.label) tp.set(first, (tp.get(first) ?? 0) + 1);
  }
  return [...support.keys()].sort().map((label) => {
    const hits = tp.get(label) ?? 0;
    const precision = hits / Math.max(1, predicted.get(label) ?? 0);
    const recall = hits / Math.max(1, support.get(label) ?? 0);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support: support.get(label) ?? 0, precision, recall, f1 };
  });
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const count = (list: readonly EvalRow[], test: (row: EvalRow) => boolean): number => {
  let n = 0;
  for (const row of list) if (test(row)) n += 1;
  return n;
};

/** How one row ended: 'right', 'wrong' (answered with a wrong article, or answered at all when `oos`) or 'abstained'. */
export function outcome(row: EvalRow): 'right' | 'wrong' | 'abstained' {
  if (row.abstained) return 'abstained';
  return row.label !== OOS && row.ranked[0] === row.label ? 'right' : 'wrong';
}

export function summarize(rows: readonly EvalRow[]): EvalSummary {
  const inScope = rows.filter((row) => row.label !== OOS);
  const oos = rows.filter((row) => row.label === OOS);
  const labels = perLabel(rows);
  const strictTop1 = ratio(
    count(inScope, (r) => outcome(r) === 'right'),
    inScope.length,
  );
  const summary: EvalSummary = {
    n: rows.length,
    inScope: inScope.length,
    top1: ratio(
      count(inScope, (r) => r.ranked[0] === r.label),
      inScope.length,
    ),
    top3: ratio(
      count(inScope, (r) => r.ranked.slice(0, 3).includes(r.label)),
      inScope.length,
    ),
    macroF1: ratio(
      labels.reduce((sum, l) => sum + l.f1, 0),
      labels.length,
    ),
    abstainRate: ratio(
      count(rows, (r) => r.abstained),
      rows.length,
    ),
    strictTop1,
    answeredWrong: ratio(
      count(inScope, (r) => outcome(r) === 'wrong'),
      inScope.length,
    ),
    abstainedInScope: ratio(
      count(inScope, (r) => r.abstained),
      inScope.length,
    ),
    wrongAnswerRate: ratio(
      count(rows, (r) => outcome(r) === 'wrong'),
      rows.length,
    ),
  };
  if (oos.length === 0) return summary;
  return {
    ...summary,
    oosRecall: ratio(
      count(oos, (r) => r.abstained),
      oos.length,
    ),
    inScopeAccuracy: strictTop1,
  };
}

/** Summaries per `group` of the rows that have one, groups in sorted order. */
export function summarizeGroups(rows: readonly EvalRow[]): { group: string; summary: EvalSummary }[] {
  const groups = new Map<string, EvalRow[]>();
  for (const row of rows) {
    if (row.group === undefined) continue;
    const list = groups.get(row.group) ?? [];
    list.push(row);
    groups.set(row.group, list);
  }
  return [...groups.keys()].sort().map((group) => ({ group, summary: summarize(groups.get(group) ?? []) }));
}

/** One point of the abstain-threshold curve. */
export interface CurvePoint {
  /** The bot answers (or offers choices) when the first article's confidence is at least this. */
  readonly threshold: number;
  /** Over in-scope rows: answered right, answered wrong. */
  readonly answeredRight: number;
  readonly answeredWrong: number;
  /** Over `oos` rows: refused; undefined without `oos` rows. */
  readonly oosRefused: number | undefined;
  /** Over all rows: answered with a wrong article. */
  readonly wrongAnswerRate: number;
}

/**
 * What each abstain threshold would give: a row is answered when its `score` is at least the
 * threshold (as `decide` does). Rows without a score are left out.
 */
export function thresholdCurve(rows: readonly EvalRow[], thresholds: readonly number[]): CurvePoint[] {
  const scored = rows.filter((row) => row.score !== undefined);
  const inScope = scored.filter((row) => row.label !== OOS);
  const oos = scored.filter((row) => row.label === OOS);
  return thresholds.map((threshold) => {
    const answered = (row: EvalRow): boolean => (row.score ?? 0) >= threshold;
    const right = count(inScope, (r) => answered(r) && r.ranked[0] === r.label);
    const wrongInScope = count(inScope, (r) => answered(r) && r.ranked[0] !== r.label);
    const oosAnswered = count(oos, answered);
    return {
      threshold,
      answeredRight: ratio(right, inScope.length),
      answeredWrong: ratio(wrongInScope, inScope.length),
      oosRefused: oos.length === 0 ? undefined : ratio(oos.length - oosAnswered, oos.length),
      wrongAnswerRate: ratio(wrongInScope + oosAnswered, scored.length),
    };
  });
}
