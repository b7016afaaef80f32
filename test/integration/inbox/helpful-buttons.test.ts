/**
 * "Did this help?" on every channel with buttons, through the real channel stacks against real Redis: the
 * widget over its WebSocket, Telegram with real grammY against the fake Bot API (an inline keyboard, one
 * row), Slack with real Bolt against the fake Web API (buttons). The question comes after an answer in the
 * customer's language; a pressed Yes is thanked for and counted; a No is thanked for, offers the next step,
 * lands in the editors' inbox and is counted; the transcript shows the button's label.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language.ts';
import type { MessageCatalog, MessageKey } from '../../../src/dialogs/message-catalog.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';
import { sampleContent } from '../../helpers/content.ts';
import { FakeTelegram, updates, type TelegramCall } from '../../helpers/fake-telegram.ts';
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';
import { directMessage, postEvent, pressButton, startSlackServer } from '../slack/slack-fixture.ts';

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});
const say = (language: Language, key: MessageKey) =>
  localizeDigits(catalog.text(language, key), language, DEFAULT_DIGIT_POLICY);

/** The helpful rates of one article, as the server counts them now. */
async function rateOf(server: TestServer, language: Language, articleId: string) {
  const rates = await server.hamdel.inbox.rates.read({ now: Date.now(), days: 1, language });
  return rates.find((rate) => rate.articleId === articleId);
}

describe('on the widget (WebSocket)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('shows Yes and No after an answer in Arabic; a No is thanked for, offers a person, lands in the inbox', async () => {
    const client = await WidgetTestClient.connect(server.url, { lang: 'ar' });
    client.send({ type: 'hello' });
    await client.welcome();
    const asked = await client.say('كيف أرجع منتج اشتريته؟', randomUUID());
    const bot = asked.flatMap((f) => (f.type === 'entry' && f.entry.author.kind === 'bot' ? [f.entry] : []));
    const question = bot.at(-1);
    expect(question?.text).toBe(say('ar', 'helpful_question'));
    expect(question?.choices).toEqual([
      { label: 'نعم', value: '#helpful:yes' },
      { label: 'لا', value: '#helpful:no' },
    ]);

    // The widget sends a picked choice's value (web/widget/chat.ts): here No.
    const no = await client.say('#helpful:no', randomUUID());
    const after = no.flatMap((f) => (f.type === 'entry' ? [f.entry] : []));
    expect(after[0]).toMatchObject({ author: { kind: 'customer' }, text: 'لا' });
    expect(after[1]?.text).toBe(say('ar', 'helpful_sorry'));
    expect(after.at(-1)?.choices?.at(-1)?.value).toBe('#person');
    await server.hamdel.inbox.recorder.flush();
    expect(await rateOf(server, 'ar', 'returns')).toMatchObject({ yes: 0, no: 1 });
    const { groups } = await server.hamdel.inbox.inbox.list({ languages: ['ar'] });
    expect(groups[0]).toMatchObject({
      question: 'كيف أرجع منتج اشتريته؟',
      kinds: { 'answered-then-unhelpful-vote': 1 },
      articles: [{ id: 'returns', count: 1 }],
    });

    // A later answer in the same minutes is not asked about again.
    const next = await client.say('كم تكلفة التوصيل؟', randomUUID());
    const nextBot = next.flatMap((f) =>
      f.type === 'entry' && f.entry.author.kind === 'bot' ? [f.entry] : [],
    );
    expect(nextBot.map((e) => e.text)).not.toContain(say('ar', 'helpful_question'));
    await client.close();
  });
});

describe('on Telegram (real grammY, fake Bot API)', () => {
  let fake: FakeTelegram;
  let server: TestServer;
  const SECRET = 'helpful-webhook-secret-0123456789';
  beforeEach(async () => {
    fake = await FakeTelegram.start();
    server = await startTestServer({
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: fake.apiRoot,
      },
    });
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
  });
  const post = (update: unknown) =>
    fetch(`${server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
  const sendsTo = (chatId: number, text: string) => (call: TelegramCall) =>
    call.method === 'sendMessage' &&
    call.status === 200 &&
    call.payload.chat_id === chatId &&
    String(call.payload.text ?? '').includes(text);

  it('asks with an inline keyboard in Persian, one row; a tap on Yes is thanked for and counted', async () => {
    const chat = 7701;
    expect((await post(updates.text(chat, 'هزینه ارسال چقدره؟'))).status).toBe(200);
    const question = await fake.waitForCall(sendsTo(chat, say('fa', 'helpful_question')), 'the question');
    expect(question.payload.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'بله', callback_data: '#helpful:yes' },
          { text: 'نه', callback_data: '#helpful:no' },
        ],
      ],
    });
    const messageId = (question.result as { message_id: number }).message_id;
    expect((await post(updates.tap(chat, '#helpful:yes', messageId))).status).toBe(200);
    await fake.waitForCall(sendsTo(chat, say('fa', 'helpful_thanks')), 'the thanks');
    await fake.waitForCall((c) => c.method === 'answerCallbackQuery', 'the tap acknowledged');
    await server.hamdel.inbox.recorder.flush();
    expect(await rateOf(server, 'fa', 'delivery-cost')).toMatchObject({ yes: 1, no: 0, rate: 1 });
    const redis = connectRedis();
    const store = new RedisConversationStore({
      redis,
      prefix: server.prefix,
      clock: { now: () => Date.now() },
    });
    const transcript = await store.transcript(`tg-${chat}`);
    redis.disconnect();
    expect(transcript.filter((e) => e.author.kind === 'customer').map((e) => e.text)).toEqual([
      'هزینه ارسال چقدره؟',
      'بله',
    ]);
    // Nothing failed: nothing in the inbox.
    expect((await server.hamdel.inbox.inbox.list({ status: 'all' })).total).toBe(0);
  });
});

describe('on Slack (real Bolt, fake Web API)', () => {
  let slack: FakeSlack;
  let server: TestServer;
  beforeEach(async () => {
    ({ slack, server } = await startSlackServer());
  });
  afterEach(async () => {
    await server.close();
    await slack.close();
  });

  it('asks with buttons in English; a pressed No offers the next step and lands in the inbox', async () => {
    const user = 'U0HELP';
    expect((await postEvent(server, directMessage(user, 'How long does delivery take?'))).status).toBe(200);
    const asked = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === `D${user}` &&
        JSON.stringify(c.args.blocks ?? []).includes('#helpful:no'),
      'the question with buttons',
    );
    const actions = (
      asked.args.blocks as {
        type: string;
        elements?: { action_id: string; value: string; text: { text: string } }[];
      }[]
    ).find((block) => block.type === 'actions');
    expect(actions?.elements?.map((e) => [e.text.text, e.value])).toEqual([
      ['Yes', '#helpful:yes'],
      ['No', '#helpful:no'],
    ]);
    const no = actions?.elements?.[1];
    const posted = slack.callsOf('chat.postMessage').length;
    const press = await pressButton(server, {
      user,
      channel: `D${user}`,
      messageTs: '1700001234.000100',
      actionId: no?.action_id ?? '',
      value: no?.value ?? '',
      label: no?.text.text ?? '',
    });
    expect(press.status).toBe(200);
    await eventually(
      () =>
        slack
          .callsOf('chat.postMessage')
          .slice(posted)
          .some((c) => String(c.args.text ?? '').includes(catalog.text('en', 'helpful_sorry'))),
      'the thanks for the No',
    );
    await eventually(async () => {
      await server.hamdel.inbox.recorder.flush();
      return (await rateOf(server, 'en', 'delivery-times'))?.no === 1;
    }, 'the No counted');
    const { groups } = await server.hamdel.inbox.inbox.list({ languages: ['en'] });
    expect(groups[0]).toMatchObject({
      question: 'How long does delivery take?',
      kinds: { 'answered-then-unhelpful-vote': 1 },
    });
  });
});
