import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { DialogTestClient } from '../../../src/dialogs/dialog-test-client.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';
import type { AngerDetector } from '../../../src/sentiment/detector.ts';
import { sampleContent, sampleDetector } from '../../helpers/content.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
let anger: AngerDetector;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
  anger = await sampleDetector();
});

const client = (options: { handoff?: boolean; angerAction?: 'handoff' | 'offer' } = {}) =>
  new DialogTestClient({
    knowledge,
    catalog,
    engine: { anger, handoff: options.handoff ?? false, ...options },
  });
const text = (language: 'fa' | 'ar' | 'en', key: Parameters<MessageCatalog['text']>[1]) =>
  localizeDigits(catalog.text(language, key), language, DEFAULT_DIGIT_POLICY);

describe('the bot reads the customer’s mood', () => {
  it.each([
    ['fa', 'سه هفته‌ست سفارشم نرسیده، واقعاً افتضاحه!!! دیگه هیچوقت از شما خرید نمیکنم'],
    ['ar', 'والله خدمة زفت، صار لي ثلاث أسابيع أنتظر الطلب وما حد يرد!!! بشتكي عليكم'],
    ['en', 'This is ridiculous!!! Three weeks and my order STILL has not arrived. Worst service ever.'],
  ] as const)(
    'apologises first to an angry %s customer and brings in a person, without a cheerful greeting',
    async (lang, message) => {
      const c = client({ handoff: true });
      const replies = await c.send(message);
      expect(replies[0]?.text).toBe(text(lang, 'apology'));
      expect(replies.map((r) => r.text)).not.toContain(text(lang, 'greeting'));
      expect(replies.at(-1)?.text).toBe(text(lang, 'handoff_connecting'));
      expect(replies.some((r) => r.meta?.kind === 'clarify')).toBe(false);
      const conversation = await c.conversation();
      expect(conversation?.mood?.level).toBe('angry');
      expect(conversation?.mood?.reasons.length).toBeGreaterThan(0);
      const [customerEntry] = await c.transcript();
      expect(customerEntry?.mood?.level).toBe('angry');
    },
  );

  it('offers a person instead of handing over when so configured', async () => {
    const replies = await client({ handoff: true, angerAction: 'offer' }).send(
      'This is ridiculous!!! Worst service ever, my refund is STILL missing!!!',
    );
    expect(replies[0]?.text).toBe(text('en', 'apology'));
    expect(replies.at(-1)?.choices).toEqual([
      { label: catalog.text('en', 'person_choice'), value: '#person' },
    ]);
  });

  it('acknowledges a frustrated customer and asks no clarifying quiz', async () => {
    const c = client();
    const replies = await c.send('still waiting for my refund, a bit annoying');
    expect(replies[0]?.text).toBe(text('en', 'acknowledge'));
    expect(replies.some((r) => r.meta?.kind === 'clarify')).toBe(false);
  });

  it('stays calm with a calm customer, and a “no problem” calms things down', async () => {
    const c = client();
    const replies = await c.send('مشکلی نیست، فقط می‌خواستم بدونم هزینه ارسال چقدره');
    expect(replies.map((r) => r.text)).not.toContain(text('fa', 'apology'));
    expect((await c.conversation())?.mood?.level).toBe('calm');
  });

  it('honours the ways people really ask for a person, at once', async () => {
    for (const [message, lang] of [
      ['بدي احكي مع حدا من خدمة العملاء', 'ar'],
      ['can I speak to a real person please', 'en'],
      ['لطفا وصلم کنید به اپراتور', 'fa'],
    ] as const) {
      const replies = await client({ handoff: true }).send(message);
      expect(replies.at(-1)?.text).toBe(text(lang, 'handoff_connecting'));
    }
  });

  it('offers a person after repeated failed answers', async () => {
    const c = client();
    await c.send('Can you recommend a good lasagna recipe?');
    const second = await c.send('What is the capital of Mongolia?');
    expect(second.at(-1)?.choices?.[0]?.value).toBe('#person');
    expect((await c.conversation())?.failedAnswers).toBe(2);
  });
});

describe('topics that need a person', () => {
  it('answers what the article says, then hands the conversation to a person', async () => {
    const c = new DialogTestClient({ knowledge, catalog, engine: { anger, handoff: true } });
    const replies = await c.send('I want to delete my account and all my data');
    const kinds = replies.map((r) => r.meta?.kind);
    expect(replies.find((r) => r.meta?.kind === 'answer')?.meta?.articleId).toBe('account-delete');
    expect(kinds.at(-1)).toBe('handoff');
    expect(knowledge.article('en', 'account-delete')?.needsPerson).toBe(true);
  });
});
