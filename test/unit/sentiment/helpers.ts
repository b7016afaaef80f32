import type { Language } from '../../../src/core/language.ts';
import {
  type AngerDetector,
  type MessageAssessment,
  loadAngerDetector,
} from '../../../src/sentiment/detector.ts';
import type { Signal } from '../../../src/sentiment/reason.ts';

/** The product's detector, from the shipped lexicons and model. */
export async function productDetector(): Promise<AngerDetector> {
  return loadAngerDetector({ lexiconDir: 'content/lexicons' });
}

/** The evidence of every reason with this signal. */
export function evidenceOf(assessment: Pick<MessageAssessment, 'reasons'>, signal: Signal): string[] {
  return assessment.reasons.filter((r) => r.signal === signal).map((r) => r.evidence);
}

export type Case = readonly [text: string, language: Language];
