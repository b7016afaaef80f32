/**
 * Metrics of the anger evaluation (see eval-cli.ts): precision, recall and F1 of a decision level
 * ("annoyed" counts annoyed or angry, "angry" counts angry only) against a boolean gold label, the
 * trivial "everything is angry" baseline, and the same per group (dialect).
 */
import type { AngerLevel } from './message-scorer.ts';

/** A decision level: the detector flags a message when its level is at least this. */
export type DecisionLevel = Exclude<AngerLevel, 'calm'>;
export const DECISION_LEVELS: readonly DecisionLevel[] = ['annoyed', 'angry'];

export function isDecisionLevel(value: unknown): value is DecisionLevel {
  return value === 'annoyed' || value === 'angry';
}

/** Does a message at `level` count as flagged at decision level `at`? */
export function flagged(level: AngerLevel, at: DecisionLevel): boolean {
  return at === 'annoyed' ? level !== 'calm' : level === 'angry';
}

export interface ScoredRow {
  readonly gold: boolean;
  readonly level: AngerLevel;
  /** A group name (the row's dialect), when the set has one. */
  readonly group?: string;
}

export interface LevelMetrics {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function levelMetrics(rows: readonly ScoredRow[], at: DecisionLevel): LevelMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    const predicted = flagged(row.level, at);
    if (predicted && row.gold) tp += 1;
    else if (predicted) fp += 1;
    else if (row.gold) fn += 1;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { tp, fp, fn, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
}

/** F1 of calling every row angry: recall 1, precision = the share of positive rows. */
export function alwaysAngryF1(rows: readonly ScoredRow[]): number {
  const share = ratio(rows.filter((r) => r.gold).length, rows.length);
  return ratio(2 * share, share + 1);
}

/** Rows by group, groups in first-seen order; rows without a group are left out. */
export function byGroup(rows: readonly ScoredRow[]): Map<string, ScoredRow[]> {
  const groups = new Map<string, ScoredRow[]>();
  for (const row of rows) {
    if (row.group === undefined) continue;
    const list = groups.get(row.group) ?? [];
    list.push(row);
    groups.set(row.group, list);
  }
  return groups;
}

/** Share of rows flagged at each level (for sets of ordinary questions, where every row is calm). */
export function flaggedShare(levels: readonly AngerLevel[]): Record<DecisionLevel, number> {
  return {
    annoyed: ratio(levels.filter((l) => flagged(l, 'annoyed')).length, levels.length),
    angry: ratio(levels.filter((l) => flagged(l, 'angry')).length, levels.length),
  };
}
