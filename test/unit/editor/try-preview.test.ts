/**
 * "What would the bot answer?" makes the bot's own decision: for Persian, Arabic and English questions
 * (answers, clarifications, no answer; greetings, requests for a person, an upset customer), the
 * preview's decision, language, mood, articles and replies equal what the dialog engine answers a
 * customer asking the same as a first question (DialogTestClient, the whole pipeline and turn runner,
 * with the product's anger detector). A draft with a new example question changes the draft's outcome and
 * not the published one.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import type { Language } from '../../../src/core/language.ts';
import { DialogTestClient } from '../../../src/dialogs/dialog-test-client.ts';
import { DEFAULT_DIGIT_POLICY } from '../../../src/language/digits.ts';
import { buildDraftSnapshot } from '../../../src/knowledge/draft-base.ts';
import { DraftBases } from '../../../src/editor/draft-bases.ts';
import { TryPreview } from '../../../src/editor/try-preview.ts';
import { buildIndex } from '../../../src/knowledge/search-index.ts';
import { sampleContent, sampleDetector } from '../../helpers/content.ts';
import { readFileSync } from 'node:fs';
import { CONTENT_DIR } from '../../helpers/content.ts';

/**
 * Questions whose decisions span answer, clarify and none in each language (checked below), and
 * messages the bot answers before it searches (a greeting, a request for a person).
 */
const QUESTIONS: readonly (readonly [Language | undefined, string])[] = [
  [undefined, 'سلام'],
  [undefined, 'میخوام با اپراتور صحبت کنم'],
  [undefined, 'سفارشم کجاست'],
  [undefined, 'میخوام سفارشمو کنسل کنم'],
  [undefined, 'پولم'],
  [undefined, 'هوای تهران فردا چطوره'],
  ['fa', 'sefaresh kojast'],
  [undefined, 'وين طلبي'],
  [undefined, 'ما وصلتش الطلبية'],
  [undefined, 'خدمة العملاء'],
  [undefined, 'كيف الطقس اليوم'],
  ['ar', 'الضمان'],
  [undefined, 'how do i cancle my order'],
  [undefined, 'cash'],
  [undefined, 'email'],
  [undefined, "what's the weather in Dubai tomorrow"],
  ['en', 'warranty'],
];

const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));

async function preview(): Promise<TryPreview> {
  const { catalog } = await sampleContent();
  const detector = await sampleDetector();
  return new TryPreview({
    catalog: () => catalog,
    clock,
    defaultLanguage: 'en',
    digits: DEFAULT_DIGIT_POLICY,
    anger: () => detector,
  });
}

/** What the bot did for a new customer who asked `question`: its knowledge decision, mood and replies. */
async function botAnswers(question: string, language: Language | undefined) {
  const { knowledge, catalog } = await sampleContent();
  let decision: string | undefined;
  let mood: string | undefined;
  const client = new DialogTestClient({
    knowledge,
    catalog,
    clock,
    engine: {
      handoff: true,
      defaultLanguage: 'en',
      anger: await sampleDetector(),
      observer: {
        stepDone: () => undefined,
        decided: (kind) => {
          decision = kind === 'abstain' ? 'none' : kind;
        },
        moodRead: (level) => {
          mood = level;
        },
      },
    },
  });
  const sent = await client.send(question, language ? { languageHint: language } : {});
  // A new chat is greeted first: the preview is of a chat already greeted.
  const replies = sent.filter((entry, i) => !(i === 0 && entry.meta?.kind === 'greeting' && sent.length > 1));
  const knowledgeReply = replies.find((entry) => ['answer', 'clarify'].includes(entry.meta?.kind ?? ''));
  return {
    decision,
    mood,
    language: (await client.conversation())?.language,
    articles:
      knowledgeReply?.meta?.kind === 'answer'
        ? [knowledgeReply.meta.articleId]
        : (knowledgeReply?.meta?.candidates ?? []).map((c) => c.articleId),
    reply: replies.map((entry) => ({
      text: entry.text,
      ...(entry.choices ? { choices: entry.choices.map((c) => c.label) } : {}),
    })),
  };
}

describe('the try preview', () => {
  it('decides what the dialog engine answers, in Persian, Arabic and English', async () => {
    const tryer = await preview();
    const { knowledge, catalog } = await sampleContent();
    const seen = new Map<Language, Set<string>>();
    const handled = new Set<string>();
    const moods = new Set<string>();
    for (const [language, question] of QUESTIONS) {
      const outcome = await tryer.outcome(knowledge, question, language);
      const bot = await botAnswers(question, language);
      expect(outcome.reply, question).toEqual(bot.reply);
      if (bot.decision === undefined) {
        // The bot did not search: the preview says why, and what the search would have decided.
        expect(outcome.handled, question).toBe(
          bot.reply.some((r) => r.text === catalog.text(outcome.language, 'greeting_reply'))
            ? 'greeting'
            : 'person',
        );
        handled.add(outcome.handled ?? '');
        continue;
      }
      expect(outcome.handled, question).toBeUndefined();
      expect(outcome.decision, question).toBe(bot.decision);
      expect(outcome.language, question).toBe(bot.language);
      expect(outcome.mood ?? 'calm', question).toBe(bot.mood);
      if (outcome.mood !== undefined) moods.add(question);
      if (outcome.decision === 'answer') expect([outcome.top[0]?.id], question).toEqual(bot.articles);
      if (outcome.decision === 'clarify' && outcome.mood === undefined) {
        expect(
          outcome.top.slice(0, bot.articles.length).map((t) => t.id),
          question,
        ).toEqual(bot.articles);
      }
      const kinds = seen.get(outcome.language) ?? new Set<string>();
      kinds.add(outcome.decision);
      seen.set(outcome.language, kinds);
    }
    // The set is worth something only if it covers every decision in every language.
    expect([...handled].sort()).toEqual(['greeting', 'person']);
    // An upset customer is offered a person, not choices: the preview shows it.
    expect([...moods]).toContain('ما وصلتش الطلبية');
    for (const language of ['fa', 'ar', 'en'] as const) {
      expect([...(seen.get(language) ?? [])].sort(), language).toEqual(['answer', 'clarify', 'none']);
    }
  }, 30_000);

  it('shows the scores the bot decides with, and why each article came up', async () => {
    const tryer = await preview();
    const { knowledge } = await sampleContent();
    const outcome = await tryer.outcome(knowledge, 'how do i cancle my order');
    const hits = knowledge.index.search('how do i cancle my order', { language: 'en', limit: 5 });
    expect(outcome.top.map((t) => [t.id, t.score])).toEqual(hits.map((h) => [h.article.id, h.score]));
    expect(outcome.words).toContainEqual({
      word: 'cancel',
      typed: 'cancle',
      from: 'cancle',
      how: 'typo',
      stop: false,
    });
    const first = outcome.top[0];
    expect(first?.id).toBe('order-cancel');
    expect(first?.why.words).toEqual(expect.arrayContaining(['cancel', 'order']));
    expect(first?.why.questions[0]?.text).toBe('How do I cancel my order?');
  });

  it("a draft's new example question changes the draft's answer and not the published one", async () => {
    const tryer = await preview();
    const { knowledge } = await sampleContent();
    const question = 'پول برگشت';
    const before = await tryer.outcome(knowledge, question, 'fa');
    expect(before.decision).toBe('none');
    const file = readFileSync(`${CONTENT_DIR}articles/fa/refunds.md`, 'utf8');
    const text = file.replace('questions:\n', `questions:\n  - ${question}\n`);
    const draft = await buildDraftSnapshot(knowledge, { language: 'fa', id: 'refunds', text });
    const drafted = await tryer.outcome(draft, question, 'fa');
    expect(drafted.decision).toBe('answer');
    expect(drafted.top[0]?.id).toBe('refunds');
    expect(drafted.top[0]?.why.questions[0]).toMatchObject({ text: question });
    // The published knowledge base is untouched.
    expect(await tryer.outcome(knowledge, question, 'fa')).toEqual(before);
    // Other languages of the draft base are the published ones.
    expect(draft.index.search('refund', { language: 'en' })).toEqual(
      knowledge.index.search('refund', { language: 'en' }),
    );
  }, 30_000);

  it('refuses a draft that cannot be read, with the reason, and one that takes an id in use', async () => {
    const { knowledge } = await sampleContent();
    const bases = new DraftBases({ published: () => knowledge });
    const broken = { language: 'fa' as const, id: 'returns', text: 'no front matter here' };
    expect(() => bases.snapshot(broken)).toThrowError(
      expect.objectContaining({
        code: 'DRAFT_INVALID',
        context: { reason: expect.stringMatching(/front matter/) },
      }),
    );
    const file = readFileSync(`${CONTENT_DIR}articles/fa/returns.md`, 'utf8');
    const renamed = file.replace('id: returns', 'id: refunds');
    expect(() => bases.snapshot({ language: 'fa', id: 'returns', text: renamed })).toThrowError(
      expect.objectContaining({
        code: 'DRAFT_INVALID',
        context: { reason: expect.stringMatching(/already used/) },
      }),
    );
    const wrongLanguage = file.replace('language: fa', 'language: ar');
    expect(() => bases.snapshot({ language: 'fa', id: 'returns', text: wrongLanguage })).toThrowError(
      expect.objectContaining({ code: 'DRAFT_INVALID' }),
    );
  });

  it('builds a draft once per text, one build at a time, and refuses more than it may queue', async () => {
    const { knowledge } = await sampleContent();
    let running = 0;
    let most = 0;
    let builds = 0;
    const bases = new DraftBases({
      published: () => knowledge,
      pending: 2,
      build: async (published, draft) => {
        builds += 1;
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        return buildDraftSnapshot(published, draft, async (articles, options) =>
          buildIndex(articles, options),
        );
      },
    });
    const file = readFileSync(`${CONTENT_DIR}articles/en/returns.md`, 'utf8');
    const draft = (n: number) => ({ language: 'en' as const, id: 'returns', text: `${file}\nVersion ${n}.` });
    const first = bases.snapshot(draft(1));
    const again = bases.snapshot(draft(1));
    expect(again).toBe(first);
    const second = bases.snapshot(draft(2));
    expect(() => bases.snapshot(draft(3))).toThrowError(expect.objectContaining({ code: 'DRAFT_BUSY' }));
    await Promise.all([first, second]);
    expect(builds).toBe(2);
    expect(most).toBe(1);
    // Built and kept: asking again costs nothing.
    await bases.snapshot(draft(1));
    expect(builds).toBe(2);
  });
});
