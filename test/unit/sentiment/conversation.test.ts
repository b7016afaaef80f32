import { beforeAll, describe, expect, it } from 'vitest';
import type { AngerDetector } from '../../../src/sentiment/detector.ts';
import { createAngerDetector } from '../../../src/sentiment/detector.ts';
import { loadLexiconsStrict } from '../../../src/sentiment/lexicon.ts';
import { similarity } from '../../../src/sentiment/conversation-tracker.ts';
import { evidenceOf, productDetector } from './helpers.ts';

let detector: AngerDetector;
beforeAll(async () => {
  detector = await productDetector();
});

describe('earlier anger carries over', () => {
  it.each([
    [['This is ridiculous, I have been waiting for weeks'], 'and where is it now?', 'en'],
    [['خیلی افتضاحه، اعصابم خورد شد'], 'خب الان کجاست؟', 'fa'],
    [['طفشت منكم، كل مرة نفس الشي'], 'طيب وين الطلب؟', 'ar'],
  ] as const)('%s -> %s', (history, text, language) => {
    const alone = detector.assessTurn([], text, language);
    const turn = detector.assessTurn(history, text, language);
    expect(alone.level).toBe('calm');
    expect(turn.score).toBeGreaterThan(alone.score);
    expect(turn.level).not.toBe('calm');
    expect(turn.reasons.map((r) => r.signal)).toContain('earlier-anger');
  });

  it('fades with distance', () => {
    const near = detector.assessTurn(['this is ridiculous'], 'ok', 'en');
    const far = detector.assessTurn(
      ['this is ridiculous', 'hello', 'my order number is 55', 'the address'],
      'ok',
      'en',
    );
    expect(far.score).toBeLessThan(near.score);
  });

  it('is calmed by de-escalation in the current message', () => {
    const turn = detector.assessTurn(['خیلی افتضاحه، اعصابم خورد شد'], 'حل شد، مرسی', 'fa');
    expect(turn.level).toBe('calm');
    expect(evidenceOf(turn, 'deescalation')).toEqual(['حل شد', 'مرسی']);
  });
});

describe('rising anger', () => {
  it('notices messages getting angrier', () => {
    const turn = detector.assessTurn(['سلام', 'سفارشم کجاست؟'], 'هنوز نرسیده! چرا جواب نمیدید؟', 'fa');
    expect(evidenceOf(turn, 'rising')).toEqual(['چرا جواب نمیدید']);
    expect(turn.level).toBe('angry');
  });

  it('is silent when the messages stay calm', () => {
    const turn = detector.assessTurn(['hi', 'where is my order'], 'it is order 5531', 'en');
    expect(turn.reasons.map((r) => r.signal)).not.toContain('rising');
    expect(turn.level).toBe('calm');
  });
});

describe('repeating the same question', () => {
  it.each([
    [['Where is my refund?'], 'where is my refund', 'en'],
    [['پولم کی برمیگرده؟'], 'پولم کی برمی‌گرده', 'fa'],
    [['متى يرجع المبلغ؟'], 'متى يرجع المبلغ', 'ar'],
  ] as const)('%s again', (history, text, language) => {
    const turn = detector.assessTurn(history, text, language);
    expect(evidenceOf(turn, 'repetition')).toEqual([history[0]]);
    expect(turn.level).not.toBe('calm');
    expect(turn.shouldOfferPerson).toBe(false);
  });

  it('offers a person when the same question comes a third time', () => {
    const turn = detector.assessTurn(
      ['where is my refund?', 'where is my refund'],
      'Where is my refund??',
      'en',
    );
    expect(turn.reasons.find((r) => r.signal === 'repetition')?.weight).toBe(0.5);
    expect(turn.shouldOfferPerson).toBe(true);
  });

  it('does not count different questions', () => {
    const turn = detector.assessTurn(['where is my refund?'], 'how do I change my address?', 'en');
    expect(evidenceOf(turn, 'repetition')).toEqual([]);
  });

  it('measures word-set similarity', () => {
    expect(similarity(new Set(['a', 'b']), new Set(['a', 'b']))).toBe(1);
    expect(similarity(new Set(['a', 'b']), new Set(['a', 'c']))).toBeCloseTo(1 / 3);
    expect(similarity(new Set(), new Set(['a']))).toBe(0);
  });
});

describe('bot failures in a row', () => {
  it.each([
    ['it still does not work', 'en'],
    ['هنوز کار نمیکنه', 'fa'],
    ['لسه مش شغال', 'ar'],
  ] as const)('%s after failed answers', (text, language) => {
    const once = detector.assessTurn([], text, language, { failedAnswers: 1 });
    const twice = detector.assessTurn([], text, language, { failedAnswers: 2 });
    const often = detector.assessTurn([], text, language, { failedAnswers: 4 });
    expect(once.reasons.map((r) => r.signal)).not.toContain('bot-failures');
    expect(once.shouldOfferPerson).toBe(false);
    expect(twice.reasons.find((r) => r.signal === 'bot-failures')?.evidence).toBe(
      '2 answers in a row did not help',
    );
    expect(twice.shouldOfferPerson).toBe(true);
    expect(often.score).toBeGreaterThan(twice.score);
  });
});

describe('offering a person', () => {
  it('honours an explicit request at once, even when calm', () => {
    const turn = detector.assessTurn([], 'میخوام با اپراتور صحبت کنم', 'fa');
    expect(turn.wantsPerson).toBe(true);
    expect(turn.personEvidence).toEqual(['اپراتور']);
    expect(turn.level).toBe('calm');
    expect(turn.shouldOfferPerson).toBe(true);
  });

  it('offers one to an angry customer, not to an annoyed one (by default)', () => {
    expect(detector.assessTurn([], 'خدمة زفت، سأشتكي', 'ar').shouldOfferPerson).toBe(true);
    const annoyed = detector.assessTurn([], 'still waiting', 'en');
    expect(annoyed.level).toBe('annoyed');
    expect(annoyed.shouldOfferPerson).toBe(false);
  });

  it('follows the configuration', async () => {
    const lexicons = await loadLexiconsStrict('content/lexicons');
    const eager = createAngerDetector({
      lexicons,
      conversation: { offerPersonAt: 'annoyed', offerPersonAfterFailures: 1 },
    });
    const never = createAngerDetector({
      lexicons,
      conversation: { offerPersonAt: 'never', offerPersonAfterFailures: 99 },
    });
    expect(eager.assessTurn([], 'still waiting', 'en').shouldOfferPerson).toBe(true);
    expect(eager.assessTurn([], 'ok', 'en', { failedAnswers: 1 }).shouldOfferPerson).toBe(true);
    expect(never.assessTurn([], 'خدمة زفت، سأشتكي', 'ar').shouldOfferPerson).toBe(false);
    expect(never.assessTurn([], 'ابي اكلم احد', 'ar').shouldOfferPerson).toBe(true);
  });

  it('keeps the message assessment alongside the conversation one', () => {
    const turn = detector.assessTurn(['this is ridiculous'], 'hello?', 'en');
    expect(turn.message.level).toBe('calm');
    expect(turn.score).toBeGreaterThan(turn.message.score);
  });
});

describe('earlier messages scored at their own turn', () => {
  it('give a turn the same assessment as scoring them afresh', async () => {
    const conversation = [
      'سفارشم کجاست؟',
      'خیلی افتضاحه، اعصابم خورد شد',
      'سفارشم کجاست؟',
      'هنوز نرسیده، دیگه واقعا خسته شدم',
      'سفارشم کجاست؟',
    ];
    // One detector meets the messages turn by turn (each is read again as history later); the other
    // sees each turn with no message scored before.
    const live = await productDetector();
    const turns = conversation.map((text, i) => live.assessTurn(conversation.slice(0, i), text, 'fa'));
    for (const [i, text] of conversation.entries()) {
      const fresh = (await productDetector()).assessTurn(conversation.slice(0, i), text, 'fa');
      expect(turns[i]).toEqual(fresh);
    }
    expect(turns[4]?.reasons.map((r) => r.signal)).toEqual(expect.arrayContaining(['repetition']));
  });
});
