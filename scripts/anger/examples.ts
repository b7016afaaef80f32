/**
 * Training examples for the anger models: a labelled row seen the way the detector sees it (its
 * folded words and pairs, and what the lexicons alone say), with an ordinal label.
 */
import { readFileSync } from 'node:fs';
import type { Language } from '../../src/core/language.ts';
import type { AngerDetector } from '../../src/sentiment/detector.ts';
import { features } from '../../src/sentiment/linear-model.ts';
import { KEPT_SIGNALS, noisyOr } from '../../src/sentiment/message-scorer.ts';
import type { Reason } from '../../src/sentiment/reason.ts';
import { viewText } from '../../src/sentiment/text-view.ts';

/** 0 calm, 1 annoyed, 2 angry. */
export type Grade = 0 | 1 | 2;

export interface Example {
  readonly features: readonly string[];
  readonly grade: Grade;
  /** The lexicon and surface signals' combined score, the model's extra input. */
  readonly lexicon: number;
  /** The combined score of the reasons a model never lowers (KEPT_SIGNALS). */
  readonly kept: number;
  /** De-escalation reasons of the row (negative weights). */
  readonly calming: readonly Reason[];
  /** How much the row counts in training (1 unless the set is weighted). */
  readonly weight: number;
}

/**
 * A row's grade: from `level` ("calm", "annoyed", "angry") when it has one (the sets in data/anger),
 * else from the booleans `angry` and `angry_or_annoyed` (GoEmotions).
 */
export function gradeOf(row: Readonly<Record<string, unknown>>): Grade {
  const level = row['level'];
  if (level === 'angry') return 2;
  if (level === 'annoyed') return 1;
  if (level === 'calm') return 0;
  if (row['angry'] === true) return 2;
  if (row['angry_or_annoyed'] === true) return 1;
  return 0;
}

export function readRows(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Examples of a file's rows; `lexiconOnly` is the detector without models. Rows count `weight`
 * times, calm rows `weight * calmWeight` times.
 */
export function examplesOf(
  rows: readonly Record<string, unknown>[],
  language: Language,
  lexiconOnly: AngerDetector,
  weight = 1,
  calmWeight = 1,
): Example[] {
  return rows.map((row) => {
    const text = String(row['text']);
    const grade = gradeOf(row);
    const assessment = lexiconOnly.scoreMessage(text, language);
    const positive = assessment.reasons.filter((r) => r.weight > 0);
    return {
      features: [...new Set(features(viewText(text, language).tokens))],
      grade,
      lexicon: noisyOr(positive.map((r) => r.weight)),
      kept: noisyOr(positive.filter((r) => KEPT_SIGNALS.has(r.signal)).map((r) => r.weight)),
      calming: assessment.reasons.filter((r) => r.weight < 0),
      weight: grade === 0 ? weight * calmWeight : weight,
    };
  });
}
