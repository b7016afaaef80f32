/**
 * The inbox's "same question" measure over the sample knowledge base's vocabulary: typos and spelling
 * variants join, different questions that share the knowledge base's common words stay apart, in all
 * three languages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { termKeys } from '../../../src/inbox/group-index.ts';
import {
  editDistance,
  QuestionVocabulary,
  SAME_QUESTION,
  similarity,
  termMatch,
} from '../../../src/inbox/question-similarity.ts';
import { sampleContent } from '../../helpers/content.ts';

const vocabularies = new Map<Language, QuestionVocabulary>();
beforeAll(async () => {
  const { knowledge } = await sampleContent();
  for (const language of ['fa', 'ar', 'en'] as const) {
    vocabularies.set(language, new QuestionVocabulary(language, knowledge.articles));
  }
});

const alike = (language: Language, a: string, b: string) => {
  const vocabulary = vocabularies.get(language);
  if (!vocabulary) throw new Error(language);
  return similarity(vocabulary.read(a), vocabulary.read(b));
};

describe('same question', () => {
  it.each([
    ['en', 'wher is my pakage', 'where is my package?'],
    ['en', 'Can I pay with bitcoin?', 'do you accept bitcoin'],
    ['en', 'Can you recommend a good recipe for lasagna?', 'what is a good recipe for lasagna'],
    ['en', 'how long is the warranty on laptops', 'laptop warranty how long'],
    ['fa', 'بسته‌ام کجاست', 'بسته ام كجاست؟'],
    ['fa', 'با بیت کوین میشه پرداخت کرد؟', 'میشه با بیت‌کوین پرداخت کنم'],
    ['ar', 'أين طردي', 'وين طردي؟'],
  ] as const)('%s: "%s" is "%s"', (language, a, b) => {
    expect(alike(language, a, b)).toBeGreaterThanOrEqual(SAME_QUESTION);
    expect(alike(language, b, a)).toBeCloseTo(alike(language, a, b), 10);
  });

  it.each([
    ['en', 'where is my package', 'how do I return my package'],
    ['en', 'can I pay with bitcoin', 'can I pay with paypal'],
    ['en', 'do you have a store in Shiraz', 'do you have a store in Tabriz'],
    ['en', 'do you sell gift cards', 'can I pay with bitcoin'],
    ['fa', 'با بیت کوین میشه پرداخت کرد؟', 'با پی پال میشه پرداخت کرد؟'],
    ['fa', 'کارت هدیه دارید؟', 'میشه با بیت کوین پرداخت کنم'],
    ['ar', 'هل يمكن الدفع بالبيتكوين', 'هل يمكن الدفع بباي بال'],
    ['ar', 'أين طردي', 'هل تبيعون بطاقات هدايا'],
  ] as const)('%s: "%s" is not "%s"', (language, a, b) => {
    expect(alike(language, a, b)).toBeLessThan(SAME_QUESTION);
  });

  it('matches terms equal, one typo apart, or with a short ending; nothing shorter than three letters', () => {
    expect(termMatch('packag', 'packag')).toBe(1);
    expect(termMatch('pakag', 'packag')).toBe(0.85);
    expect(termMatch('bitcion', 'bitcoin')).toBe(0.85); // two letters swapped
    expect(termMatch('بسته', 'بستهام')).toBe(0.8);
    expect(termMatch('ab', 'ac')).toBe(0);
    expect(termMatch('order', 'refund')).toBe(0);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2); // stops past the limit
  });

  it('files terms so that every pair termMatch counts shares a key', () => {
    const shares = (a: string, b: string) => termKeys(a).some((key) => termKeys(b).includes(key));
    for (const [a, b] of [
      ['pakag', 'packag'],
      ['bitcion', 'bitcoin'],
      ['wher', 'where'],
      ['بسته', 'بستهام'],
      ['order', 'ordr'],
    ]) {
      expect(termMatch(a ?? '', b ?? ''), `${a} ${b}`).toBeGreaterThan(0);
      expect(shares(a ?? '', b ?? ''), `${a} ${b}`).toBe(true);
    }
  });
});
