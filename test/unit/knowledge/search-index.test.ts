import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../../src/knowledge/decision.ts';
import { buildIndex } from '../../../src/knowledge/search-index.ts';
import { parseSynonyms } from '../../../src/knowledge/synonyms.ts';
import { SHOP, article } from './fixtures.ts';

const index = buildIndex(SHOP);

function expectBest(language: Language, question: string, id: string): void {
  const hits = index.search(question, { language });
  expect(hits[0]?.article.id, question).toBe(id);
  expect(hits[0]?.article.language).toBe(language);
  expect(hits[0]?.score ?? 0).toBeGreaterThan(hits[1]?.score ?? 0);
}

describe('buildIndex', () => {
  it('indexes every article and searches one language at a time', () => {
    expect(index.size).toBe(SHOP.length);
    for (const hit of index.search('returns', { language: 'en', limit: 10 }))
      expect(hit.article.language).toBe('en');
  });

  it('finds the right English article for paraphrased questions with typos', () => {
    expectBest('en', 'how can i retrun the thing i bougth', 'returns');
    expectBest('en', 'my parcle hasnt arived yet', 'delivery-time');
    expectBest('en', 'do u acept credit cards', 'payment-methods');
    expectBest('en', 'what time do you open on fridays', 'opening-hours');
  });

  it('finds the right Persian article whatever the spelling of ی, ک, ZWNJ and digits', () => {
    expectBest('fa', 'ميخوام سفارشمو پس بدم', 'returns');
    expectBest('fa', 'بسته ام كي ميرسه', 'delivery-time');
    expectBest('fa', 'میشه با کارت پرداخت کرد؟', 'payment-methods');
    expectBest('fa', 'فروشگاه جمعه باز هست؟', 'opening-hours');
  });

  it('finds the right Arabic article, with dialect and without hamza', () => {
    expectBest('ar', 'ابغى ارجع المنتج', 'returns');
    expectBest('ar', 'متى بيوصل الطلب تبعي', 'delivery-time');
    expectBest('ar', 'هل الدفع بالبطاقه ممكن', 'payment-methods');
    expectBest('ar', 'متى يفتح المحل', 'opening-hours');
  });

  it('gives calibrated scores in [0, 1], best first', () => {
    const hits = index.search('how long does delivery take', { language: 'en', limit: 4 });
    expect(hits.length).toBeGreaterThan(1);
    for (const hit of hits) {
      expect(hit.score).toBeGreaterThanOrEqual(0);
      expect(hit.score).toBeLessThanOrEqual(1);
    }
    for (let i = 1; i < hits.length; i++)
      expect(hits[i]?.score ?? 0).toBeLessThanOrEqual(hits[i - 1]?.score ?? 0);
  });

  it('scores unrelated questions below the abstain threshold', () => {
    const unrelated: [Language, string][] = [
      ['en', 'what is the capital of peru'],
      ['en', 'tell me a joke about penguins'],
      ['fa', 'هوای تهران فردا چطور است'],
      ['ar', 'من فاز بكأس العالم'],
    ];
    for (const [language, question] of unrelated) {
      const top = index.search(question, { language })[0]?.score ?? 0;
      expect(top, question).toBeLessThan(DEFAULT_THRESHOLDS.abstain);
      expect(decide(index.search(question, { language })).kind).toBe('none');
    }
  });

  it('answers a clear question', () => {
    const decision = decide(index.search('How do I return an item?', { language: 'en' }));
    expect(decision.kind).toBe('answer');
    if (decision.kind === 'answer') expect(decision.hit.article.id).toBe('returns');
  });

  it('returns nothing for an empty question or a language without articles', () => {
    expect(index.search('   ', { language: 'en' })).toEqual([]);
    expect(buildIndex(SHOP.filter((a) => a.language === 'en')).search('سلام', { language: 'fa' })).toEqual(
      [],
    );
  });

  it('without a learned model (a large knowledge base), ranks candidate texts by exact cosine', () => {
    const large = buildIndex(SHOP, { maxModelWeights: 0 });
    const sparse = buildIndex(SHOP, { maxModelWeights: 0, maxPostings: 2, candidates: 8 });
    const nearestOnly = { maxModelWeights: 0, wholeArticleWeight: 0 };
    const fullNearest = buildIndex(SHOP, nearestOnly);
    const sparseNearest = buildIndex(SHOP, { ...nearestOnly, maxPostings: 2, candidates: 8 });
    const cases: [Language, string, string][] = [
      ['en', 'how can i retrun the thing i bougth', 'returns'],
      ['en', 'my parcle hasnt arived yet', 'delivery-time'],
      ['fa', 'میشه با کارت پرداخت کرد؟', 'payment-methods'],
      ['ar', 'متى يفتح المحل', 'opening-hours'],
    ];
    for (const [language, question, id] of cases) {
      const hits = large.search(question, { language });
      expect(hits[0]?.article.id, question).toBe(id);
      // Candidates found through fewer postings still rank first. Their nearest text's cosine is
      // exact; the article as a whole is summed from the postings kept, so it can only be lower.
      const top = sparse.search(question, { language })[0];
      expect(top?.article.id, question).toBe(id);
      expect(top?.score ?? 0).toBeLessThanOrEqual((hits[0]?.score ?? 0) + 1e-9);
      const nearest = sparseNearest.search(question, { language })[0];
      expect(nearest?.article.id, question).toBe(id);
      expect(nearest?.score).toBeCloseTo(fullNearest.search(question, { language })[0]?.score ?? 0, 6);
    }
    expect(decide(large.search('what is the capital of peru', { language: 'en' })).kind).toBe('none');
  });

  it('uses synonyms that editors add', () => {
    const articles = [
      article('en', 'warranty', 'Warranty', ['Is there a warranty?'], 'Two years of warranty on everything.'),
      article('en', 'delivery', 'Delivery', ['How long does delivery take?'], 'Two to five days.'),
    ];
    const synonyms = parseSynonyms({ language: 'en', groups: [['warranty', 'guarantee']] });
    const withSynonyms = buildIndex(articles, { synonyms: { en: synonyms } });
    const hits = withSynonyms.search('do you give a guarantee', { language: 'en' });
    expect(hits[0]?.article.id).toBe('warranty');
  });
});
