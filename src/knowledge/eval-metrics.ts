/**
 * Metrics of the knowledge-base evaluation (see eval-cli.ts).
 */
export interface EvalRow {
  /** Expected article id, or 'oos' when no article fits. */
  readonly label: string;
  /** Article ids ranked best first. */
  readonly ranked: readonly string[];
  /** The decision abstained ("no good answer"). */
  readonly abstained: boolean;
}

export interface EvalSummary {
  readonly n: number;
  readonly top1: number;
  readonly top3: number;
  readonly macroF1: number;
  readonly abstainRate: number;
  readonly oosRecall?: number;
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

export function summarize(rows: readonly EvalRow[]): EvalSummary {
  const inScope = rows.filter((row) => row.label !== OOS);
  const oos = rows.filter((row) => row.label === OOS);
  const count = (list: readonly EvalRow[], test: (row: EvalRow) => boolean): number =>
    list.filter(test).length;
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const labels = perLabel(rows);
  const summary: EvalSummary = {
    n: rows.length,
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
  };
  if (oos.length === 0) return summary;
  return {
    ...summary,
    oosRecall: ratio(
      count(oos, (r) => r.abstained),
      oos.length,
    ),
    inScopeAccuracy: ratio(
      count(inScope, (r) => !r.abstained && r.ranked[0] === r.label),
      inScope.length,
    ),
  };
}
