import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { DialogTestClient } from '../../../src/dialogs/dialog-test-client.ts';
import { sampleContent } from '../../helpers/content.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
const client = () => new DialogTestClient({ knowledge, catalog });

beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

describe('dialog engine turns', () => {
  it('greets a new customer in the first reply, and only once', async () => {
    const c = client();
    const first = await c.send('How long does delivery take?');
    expect(first[0]?.text).toBe(catalog.text('en', 'greeting'));
    expect(first[1]?.meta).toMatchObject({ kind: 'answer', articleId: 'delivery-times' });
    const second = await c.say('How much is delivery?');
    expect(second).not.toContain(catalog.text('en', 'greeting'));
  });

  it('answers a bare hello with a greeting and an invitation, without searching', async () => {
    const replies = await client().send('سلام');
    expect(replies.map((r) => r.meta?.kind)).toEqual(['greeting', 'greeting']);
  });

  it.each([
    ['fa', 'چطوری می‌تونم سفارشم رو مرجوع کنم؟'],
    ['ar', 'ابغى ارجع المنتج اللي اشتريته'],
    ['en', 'can i return something i bought last week?'],
  ] as const)(
    'answers a %s question about returns with the returns article in that language',
    async (lang, q) => {
      const replies = await client().send(q);
      const answer = replies.at(-1);
      expect(answer?.meta).toMatchObject({ kind: 'answer', articleId: 'returns' });
      expect(answer?.language).toBe(lang);
      // Customers read the article in their digits: Persian for Persian, Arabic-Indic for Arabic (the policy's defaults).
      const body = knowledge.article(lang, 'returns')?.body ?? '';
      expect(answer?.text).toBe(localizeDigits(body, lang, DEFAULT_DIGIT_POLICY));
      if (lang === 'ar') expect(answer?.text).toMatch(/١٤/);
    },
  );

  it('says plainly when it has no answer, and offers a person', async () => {
    const c = client();
    const replies = await c.send('Can you recommend a good recipe for lasagna?');
    const kinds = replies.map((r) => r.meta?.kind);
    expect(kinds).toContain('no-answer');
    const offer = replies.at(-1);
    expect(offer?.text).toBe(catalog.text('en', 'offer_person'));
    expect(offer?.choices).toEqual([{ label: catalog.text('en', 'person_choice'), value: '#person' }]);
    expect((await c.conversation())?.failedAnswers).toBe(1);

    // Picking the offered choice records the request, and the transcript shows the label, not the value.
    const handoff = await c.send('#person');
    expect(handoff.map((r) => r.text)).toEqual([catalog.text('en', 'handoff_recorded')]);
    const conversation = await c.conversation();
    expect(conversation?.handoffRequest).toMatchObject({ reason: 'no-answer' });
    const transcript = await c.transcript();
    expect(transcript.at(-2)).toMatchObject({
      author: { kind: 'customer' },
      text: catalog.text('en', 'person_choice'),
    });
  });

  it('honours a request for a person at once, in Persian and Arabic', async () => {
    for (const [lang, text] of [
      ['fa', 'میخوام با یه کارشناس صحبت کنم'],
      ['ar', 'أبي أكلم موظف خدمة العملاء'],
    ] as const) {
      const c = client();
      const replies = await c.send(text);
      expect(replies.at(-1)?.text).toBe(
        localizeDigits(catalog.text(lang, 'handoff_recorded'), lang, DEFAULT_DIGIT_POLICY),
      );
      expect((await c.conversation())?.handoffRequest?.reason).toBe('customer-asked');
      const again = await c.send(text);
      expect(again.at(-1)?.meta?.kind).toBe('handoff');
    }
  });

  it('understands a request for a person written in another language than the conversation', async () => {
    const c = client();
    await c.send('سفارشم کی میرسه؟');
    const replies = await c.send('agent please');
    expect(replies.at(-1)?.meta?.kind).toBe('handoff');
    expect(replies.at(-1)?.language).toBe('fa');
    expect((await client().send('موظف')).at(-1)?.meta?.kind).toBe('handoff');
  });

  it('offers the closest articles as choices when unsure, and answers the one picked', async () => {
    const c = client();
    const replies = await c.send('card');
    const clarify = replies.find((r) => r.meta?.kind === 'clarify');
    if (!clarify) {
      // The engine was confident enough to answer: then it must be an answer, never an invention.
      expect(replies.at(-1)?.meta?.kind).toBe('answer');
      return;
    }
    expect(clarify.choices?.length).toBeGreaterThanOrEqual(2);
    expect(clarify.choices?.at(-1)?.value).toBe('#none');
    const picked = clarify.choices?.[0];
    const answer = await c.send(picked?.value ?? '');
    expect(answer[0]?.meta).toMatchObject({
      kind: 'answer',
      articleId: picked?.value.replace('#article:', ''),
    });
  });

  it('keeps the conversation language when a short message is ambiguous', async () => {
    const c = client();
    await c.send('كيف أتتبع طلبي؟');
    const replies = await c.send('شكرا');
    expect(replies.every((r) => r.language === 'ar')).toBe(true);
  });

  it('moves to another language only when the customer clearly writes in it', async () => {
    const c = client();
    await c.send('سفارشم کی میرسه؟');
    expect((await c.send('ok thanks')).every((r) => r.language === 'fa')).toBe(true);
    const switched = await c.send('Sorry, could you answer in English please? How do I reset my password?');
    expect(switched.at(-1)?.language).toBe('en');
  });

  it('follows the channel when it says the language', async () => {
    const replies = await client().send('سلام', { languageHint: 'ar' });
    expect(replies[0]?.text).toBe(catalog.text('ar', 'greeting'));
  });

  it('stays silent while the customer waits for or talks with a person', async () => {
    const c = client();
    await c.send('hello');
    await c.store.update('test-conversation', { state: 'agent' });
    expect(await c.send('are you there?')).toEqual([]);
    const transcript = await c.transcript();
    expect(transcript.at(-1)).toMatchObject({ author: { kind: 'customer' }, text: 'are you there?' });
  });
});
