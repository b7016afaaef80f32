import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isHamdelError } from '../../../src/core/errors.ts';
import { decide } from '../../../src/knowledge/decision.ts';
import { DEFAULT_LANGUAGE_INDEX_SETTINGS, LanguageIndex } from '../../../src/knowledge/language-index.ts';
import { parseOffTopic } from '../../../src/knowledge/off-topic.ts';
import { buildIndex } from '../../../src/knowledge/search-index.ts';
import { SHOP, article } from './fixtures.ts';

const OFF_TOPIC = [
  'what will the weather be like tomorrow',
  'is it going to rain this weekend',
  'how hot will it be tomorrow in dubai',
  'who won the football match',
  'tell me a joke',
  'what is the capital of france',
  'how do i cook rice',
  'when does the sun set',
];

describe('parseOffTopic', () => {
  it('reads the questions and reports malformed files with the file and the reason', () => {
    expect(parseOffTopic({ language: 'en', questions: ['tell me a joke'] }).questions).toEqual([
      'tell me a joke',
    ]);
    const check = (data: unknown, reason: RegExp): void => {
      try {
        parseOffTopic(data, 'off-topic/en.yaml');
        expect.unreachable();
      } catch (error) {
        expect(isHamdelError(error, 'ARTICLE_INVALID')).toBe(true);
        expect((error as Error).message).toMatch(/off-topic\/en\.yaml/);
        expect((error as Error).message).toMatch(reason);
      }
    };
    check('x', /mapping/);
    check({ language: 'xx', questions: [] }, /language/);
    check({ language: 'en', questions: 'joke' }, /list/);
    check({ language: 'en', questions: ['ok', ''] }, /question 2/);
  });

  it('loads the shipped lists', () => {
    for (const language of ['fa', 'ar', 'en']) {
      const file = `content/off-topic/${language}.yaml`;
      expect(parseOffTopic(parse(readFileSync(file, 'utf8')), file).questions.length).toBeGreaterThan(200);
    }
  });
});

describe('the off-topic class', () => {
  const shop = SHOP.filter((a) => a.language === 'en');
  const question = 'will it rain in dubai tomorrow';

  it('takes confidence from the articles for a question like the off-topic ones', () => {
    const plain = buildIndex(shop);
    const withOffTopic = buildIndex(shop, { offTopic: { en: OFF_TOPIC } });
    const before = plain.search(question, { language: 'en' })[0]?.score ?? 0;
    const after = withOffTopic.search(question, { language: 'en' })[0]?.score ?? 0;
    expect(after).toBeLessThan(before);
    expect(decide(withOffTopic.search(question, { language: 'en' })).kind).toBe('none');
  });

  it('keeps answering the articles', () => {
    const index = buildIndex(shop, { offTopic: { en: OFF_TOPIC } });
    for (const [q, id] of [
      ['When will my order arrive?', 'delivery-time'],
      ['How do I return an item?', 'returns'],
      ['can i pay with my credit card', 'payment-methods'],
    ] as const) {
      const decision = decide(index.search(q, { language: 'en' }));
      expect(decision.kind, q).toBe('answer');
      if (decision.kind === 'answer') expect(decision.hit.article.id).toBe(id);
    }
  });

  it('leaves out an off-topic question near an article: a weather service keeps its weather article', () => {
    const weather = [
      ...shop,
      article(
        'en',
        'forecast',
        'Weather forecast',
        ['what will the weather be like tomorrow', 'is it going to rain'],
        'See the forecast page.',
      ),
    ];
    const index = LanguageIndex.build('en', weather, {
      ...DEFAULT_LANGUAGE_INDEX_SETTINGS,
      offTopic: OFF_TOPIC,
    });
    expect(index.offTopicTexts).toBeLessThan(OFF_TOPIC.length);
    expect(index.offTopicTexts).toBeGreaterThan(0);
    const hits = index.search('what will the weather be like tomorrow', 3);
    expect(hits[0]?.article.id).toBe('forecast');
    expect(decide(hits).kind).toBe('answer');
  });

  it('is not used without a learned model (very large knowledge bases)', () => {
    const index = LanguageIndex.build('en', shop, {
      ...DEFAULT_LANGUAGE_INDEX_SETTINGS,
      offTopic: OFF_TOPIC,
      maxModelWeights: 0,
    });
    expect(index.offTopicTexts).toBe(0);
    expect(index.search('How do I return an item?', 3)[0]?.article.id).toBe('returns');
  });
});
