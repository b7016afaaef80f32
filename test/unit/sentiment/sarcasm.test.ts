/**
 * Praise in a complaining message is sarcasm; praise alone calms; negated praise does neither.
 * First on a small lexicon written here (the rule), then on the shipped lexicons (the product).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AngerDetector, createAngerDetector, isAngry } from '../../../src/sentiment/detector.ts';
import { checkLexiconText } from '../../../src/sentiment/lexicon.ts';
import { evidenceOf, productDetector } from './helpers.ts';

describe('the irony rule', () => {
  const lexicon = checkLexiconText(
    [
      'language: en',
      'anger:',
      '  just great: 0.45',
      'frustration:',
      '  third time: 0.4',
      '  broke: 0.2',
      'irony:',
      '  great: 0.3',
      '  amazing service: 0.4',
      'negator:',
      '  not: 0.2',
    ].join('\n'),
    'en.yaml',
  ).lexicon;
  const detector = createAngerDetector({ lexicons: { en: lexicon } });

  it('turns praise into sarcasm when the message complains', () => {
    const result = detector.scoreMessage('great, just great, third time it broke', 'en');
    expect(evidenceOf(result, 'sarcasm')).toEqual(['great']);
    expect(evidenceOf(result, 'anger')).toEqual(['just great']);
    expect(isAngry(result)).toBe(true);
    const alone = detector.scoreMessage('it broke. amazing service', 'en');
    expect(evidenceOf(alone, 'sarcasm')).toEqual(['amazing service']);
    expect(alone.score).toBeGreaterThan(detector.scoreMessage('it broke', 'en').score);
  });

  it('lets praise calm a message without a complaint, and negated praise do neither', () => {
    const calm = detector.scoreMessage('great, thanks', 'en');
    expect(calm.level).toBe('calm');
    expect(calm.reasons).toEqual([{ signal: 'deescalation', evidence: 'great', weight: -0.3 }]);
    const negated = detector.scoreMessage('not great, it broke', 'en');
    expect(negated.reasons.map((r) => r.signal)).toEqual(['frustration']);
  });
});

let product: AngerDetector;
beforeAll(async () => {
  product = await productDetector();
});

describe('sarcasm in the shipped lexicons', () => {
  it.each([
    ['great, just great, third time it broke', 'en'],
    ['wow, amazing service, only took 3 weeks to lose my order', 'en'],
    ['دستتون درد نکنه واقعا، بعد از یه ماه یه جنس شکسته فرستادید', 'fa'],
    ['برافو عليكو، الشحنة ضاعت تاني', 'ar'],
    ['يعطيكم العافية على التأخير الحلو', 'ar'],
  ] as const)('%s', (text, language) => {
    const result = product.scoreMessage(text, language);
    expect(isAngry(result), JSON.stringify(result.reasons)).toBe(true);
    expect(evidenceOf(result, 'sarcasm').length).toBeGreaterThan(0);
  });

  it.each([
    ['Wow, that was fast, thank you!', 'en'],
    ['Amazing service, the package came a day early', 'en'],
    ['دمتون گرم، خیلی سریع رسید', 'fa'],
    ['ما قصرتوا والله، شكراً على السرعة', 'ar'],
  ] as const)('sincere praise stays calm: %s', (text, language) => {
    const result = product.scoreMessage(text, language);
    expect(result.level, JSON.stringify(result.reasons)).toBe('calm');
    expect(evidenceOf(result, 'sarcasm')).toEqual([]);
  });
});
