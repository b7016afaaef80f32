import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { decide } from '../../../src/knowledge/decision.ts';
import { sampleContent } from '../../helpers/content.ts';

/** The product's own content (content/): articles, synonyms, dialect lists and off-topic questions. */
describe('the sample shop answers', () => {
  const ask = async (language: Language, question: string) => {
    const { knowledge } = await sampleContent();
    return decide(knowledge.index.search(question, { language }));
  };
  const expectAnswer = async (language: Language, question: string, id: string): Promise<void> => {
    const decision = await ask(language, question);
    expect(decision.kind, question).toBe('answer');
    if (decision.kind === 'answer') expect(decision.hit.article.id, question).toBe(id);
  };

  it("every article's own example questions with that article", async () => {
    const { knowledge } = await sampleContent();
    const misses: string[] = [];
    for (const article of knowledge.articles) {
      for (const question of article.questions) {
        const decision = decide(knowledge.index.search(question, { language: article.language }));
        if (decision.kind !== 'answer' || decision.hit.article.id !== article.id) {
          misses.push(`${article.language}/${article.id}: ${question}`);
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('questions with typos', async () => {
    await expectAnswer('en', 'can i cancle my ordr', 'order-cancel');
    await expectAnswer('en', 'wher is my pakage', 'order-tracking');
    await expectAnswer('en', 'i forgot my pasword', 'password-reset');
  });

  it('dialects, spoken Persian and English words in Persian', async () => {
    await expectAnswer('ar', 'فين الكوموند ديالي', 'order-tracking');
    await expectAnswer('ar', 'بغيت نلغي الطلب', 'order-cancel');
    await expectAnswer('ar', 'عايز ألغي الأوردر بتاعي', 'order-cancel');
    await expectAnswer('ar', 'وين الطلب تبعي', 'order-tracking');
    await expectAnswer('fa', 'سفارشم کجاس', 'order-tracking');
    await expectAnswer('fa', 'میخوام سفارشمو کنسل کنم', 'order-cancel');
    await expectAnswer('fa', 'سفارشم رو track کردم', 'order-tracking');
  });

  it('with no answer to off-topic questions', async () => {
    for (const [language, question] of [
      ['en', "what's the weather in Dubai tomorrow"],
      ['en', 'who won the football game yesterday'],
      ['fa', 'هوای دبی فردا چطوره'],
      ['ar', 'كيف الطقس بكرة في دبي'],
    ] as const) {
      expect((await ask(language, question)).kind, question).toBe('none');
    }
  });
});
