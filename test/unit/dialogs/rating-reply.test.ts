import { beforeAll, describe, expect, it } from 'vitest';
import { DialogTestClient } from '../../../src/dialogs/dialog-test-client.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { parseRatingReply } from '../../../src/dialogs/steps/rating-reply.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { sampleContent } from '../../helpers/content.ts';

let knowledge: KnowledgeSnapshot;
let catalog: MessageCatalog;
beforeAll(async () => {
  ({ knowledge, catalog } = await sampleContent());
});

describe('a reply to the 1-5 question', () => {
  it.each([
    ['#rate:4', 4],
    ['5', 5],
    ['۵', 5],
    ['٤', 4],
    [' 3 ', 3],
    ['5!', 5],
    ['۴.', 4],
    ['5 👍', 5],
    ['4/5', 4],
    ['۴ از ۵', 4],
    ['٣ من ٥', 3],
    ['2 out of 5', 2],
    ['5 stars', 5],
    ['۵ ستاره', 5],
    ['٥ نجوم', 5],
    ['five', 5],
    ['Four', 4],
    ['پنج', 5],
    ['دو', 2],
    ['خمسة', 5],
    ['أربعة', 4],
    ['اربعه', 4],
    ['اثنين', 2],
  ])('"%s" is the rating %i, without a comment', (reply, rating) => {
    expect(parseRatingReply(reply)).toEqual({ rating });
  });

  it.each([
    ['4 - good', 4, 'good'],
    ['4- quick answer', 4, 'quick answer'],
    ['۴، خوب بود', 4, 'خوب بود'],
    ['۲ - دیر جواب دادید', 2, 'دیر جواب دادید'],
    ['٣: الخدمة بطيئة', 3, 'الخدمة بطيئة'],
    ['٥، شكرا جزيلا', 5, 'شكرا جزيلا'],
    ['5\nthe agent was lovely', 5, 'the agent was lovely'],
    ['1 | never again', 1, 'never again'],
    ['five - great', 5, 'great'],
    ['5 stars but slow', 5, 'but slow'],
    ['۳ از ۵ ولی دیر بود', 3, 'ولی دیر بود'],
  ])('"%s" is the rating %i with the comment "%s"', (reply, rating, comment) => {
    expect(parseRatingReply(reply)).toEqual({ rating, comment });
  });

  it.each([
    // A digit that starts a sentence is what the customer says, not a rating.
    '3 items were missing',
    '2 days late and no answer',
    '۲ تا سفارش دارم',
    '۳ روزه منتظرم',
    '٣ أيام وما وصل الطلب',
    '٢ طلبات ناقصة',
    // Number words in a sentence.
    'one of the items was broken',
    'دو تا کالا کم بود',
    'سه روز گذشته',
    'خمسة أيام بدون رد',
    // Ranges, lists, times, decimals, longer numbers, out of range.
    '1-2 days',
    '۱-۲ روز',
    '3, 4 and 5 were missing',
    '۲، ۳ تا کم بود',
    '4:30 pm',
    '3.5',
    '2/3 of the order',
    '10',
    '15 minutes',
    '0',
    '6',
    '۶',
    // Words that begin like a number word.
    'سهم من کجاست',
    'fiver',
    // Anything else.
    'thanks',
    'where is my refund?',
    'ممنون',
    '',
    '#rate:9',
  ])('"%s" is not a rating', (reply) => {
    expect(parseRatingReply(reply)).toBeUndefined();
  });
});

describe('the survey step', () => {
  /** A client whose conversation has just been asked the 1-5 question. */
  async function asked(language: 'fa' | 'ar' | 'en', hello: string): Promise<DialogTestClient> {
    const client = new DialogTestClient({ knowledge, catalog });
    await client.send(hello, { languageHint: language });
    await client.store.update('test-conversation', { surveyFor: 'test-conversation@1' });
    return client;
  }

  it.each([
    ['fa', 'سلام', '۴، خوب بود'],
    ['ar', 'مرحبا', '٥'],
    ['en', 'hello', '4 - quick'],
  ] as const)('thanks a %s customer for "%s"-style ratings', async (language, hello, reply) => {
    const client = await asked(language, hello);
    expect(await client.say(reply)).toEqual([catalog.text(language, 'survey_thanks')]);
    expect((await client.conversation())?.surveyFor).toBeUndefined();
  });

  it.each([
    ['fa', 'سلام', '۲ تا سفارش دارم، هزینه ارسال چقدره؟', 'delivery-cost'],
    ['ar', 'مرحبا', '٣ طلبات، كم تكلفة التوصيل؟', 'delivery-cost'],
    ['en', 'hello', '3 items were missing', 'missing-item'],
  ] as const)(
    'answers a %s customer whose reply only starts with a digit',
    async (language, hello, reply, article) => {
      const client = await asked(language, hello);
      const replies = await client.send(reply);
      expect(replies.map((r) => r.text)).not.toContain(catalog.text(language, 'survey_thanks'));
      expect(replies.at(-1)?.meta).toMatchObject({ kind: 'answer', articleId: article });
      // The question is closed: the next bare digit is an ordinary message too.
      expect((await client.conversation())?.surveyFor).toBeUndefined();
    },
  );
});
