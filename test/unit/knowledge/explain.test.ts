/**
 * The explanation of a question reads it exactly as the search does (the same signals for the same
 * articles), and says which words the lists and the rewriter changed, which words each article shares
 * and its nearest example questions; on the product's content (content/).
 */
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import { explainQuestion } from '../../../src/knowledge/explain.ts';
import { LanguageIndex } from '../../../src/knowledge/language-index.ts';
import { sampleContent } from '../../helpers/content.ts';

/** Loading the sample content builds every index: seconds on a busy machine. */
const LOADING_MS = 30_000;

describe('explaining a question', () => {
  it(
    'reads the question as the search does: the same signals for the same articles',
    async () => {
      const { knowledge } = await sampleContent();
      const cases: [Language, string][] = [
        ['fa', 'میخوام سفارشمو کنسل کنم'],
        ['fa', 'sefaresh kojast'],
        ['ar', 'ما وصلتش الطلبية'],
        ['ar', 'فين الكوموند ديالي'],
        ['en', 'wher is my pakage'],
      ];
      for (const [language, question] of cases) {
        const index = knowledge.index.inspector?.(language);
        expect(index).toBeInstanceOf(LanguageIndex);
        const ranked = (index as LanguageIndex).rank(question, 5);
        const probe = (index as LanguageIndex).probe(
          question,
          ranked.map((r) => r.article.id),
        );
        expect(
          probe.articles.map((a) => [a.id, a.signals]),
          question,
        ).toEqual(ranked.map((r) => [r.article.id, r.signals]));
      }
    },
    LOADING_MS,
  );

  it(
    'says what changed each word: the synonyms, a dialect form, a typo, Latin letters',
    async () => {
      const { knowledge } = await sampleContent();
      const words = (question: string, language: Language) =>
        explainQuestion(knowledge, question, language).words.filter((w) => w.how !== undefined);
      expect(words('میخوام سفارشمو کنسل کنم', 'fa')).toContainEqual(
        expect.objectContaining({ word: 'لغو', typed: 'کنسل', how: 'synonym' }),
      );
      expect(words('ما وصلتش الطلبية', 'ar')).toContainEqual(
        expect.objectContaining({ word: 'وصلت', typed: 'وصلتش', how: 'dialect' }),
      );
      expect(words('can i cancle the delivry', 'en')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ word: 'cancel', typed: 'cancle', how: 'typo' }),
          expect.objectContaining({ word: 'delivery', typed: 'delivry', how: 'typo' }),
        ]),
      );
      const latin = explainQuestion(knowledge, 'sefaresh kojast', 'fa').words;
      expect(latin.every((w) => /^[\u0600-\u06FF]+$/.test(w.word) && /^[a-z]+$/.test(w.typed ?? ''))).toBe(
        true,
      );
      // Unchanged words carry no change, and keep how they were typed (before folding: ة, ي).
      const plain = explainQuestion(knowledge, 'وين طلبي', 'ar').words;
      expect(plain.map((w) => w.typed)).toEqual(['وين', 'طلبي']);
    },
    LOADING_MS,
  );

  it(
    "gives each article's shared words and nearest example questions",
    async () => {
      const { knowledge } = await sampleContent();
      const explanation = explainQuestion(knowledge, 'سفارشم کجاست', 'fa');
      expect(explanation.decision).toBe('answer');
      const [first, ...others] = explanation.top;
      expect(first?.id).toBe('order-tracking');
      expect(first?.why.words).toEqual(expect.arrayContaining(['کجاست']));
      expect(first?.why.questions[0]?.text).toBe('سفارشم کجاست؟');
      const similarities = first?.why.questions.map((q) => q.similarity) ?? [];
      expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
      // Scores as the search gives them, best first, and the first three are the bot's choices.
      const hits = knowledge.index.search('سفارشم کجاست', { language: 'fa', limit: 5 });
      expect(explanation.top.map((t) => t.score)).toEqual(hits.map((h) => h.score));
      expect(others.length).toBe(4);
    },
    LOADING_MS,
  );
});
