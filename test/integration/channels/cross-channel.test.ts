/**
 * One customer across channels, with a real hamdel server, real Redis, the widget's socket, the real grammY
 * stack in webhook mode against the fake Bot API, and the agent console's socket: a web customer continues
 * on Telegram with a code and the agent sees one transcript, channel marked; the bot and the agent answer
 * where the customer wrote last; wrong, used and expired codes are refused; codes are rate limited; the
 * customer unlinks; and the same from Telegram to the web.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../src/adapters/web/protocol.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import type { MessageCatalog, MessageKey } from '../../../src/dialogs/message-catalog.ts';
import type { ConsoleServerFrame } from '../../../src/handoff/console-protocol.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits, toAsciiDigits } from '../../../src/language/digits.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { sampleContent } from '../../helpers/content.ts';
import { FakeTelegram, updates, type TelegramCall } from '../../helpers/fake-telegram.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually, movableClock } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const SECRET = 'test-webhook-secret-0123456789';
const PASSWORD = 'sara-password-123';
const QUESTION = 'هزینه ارسال چقدره؟';

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});
const fa = (key: MessageKey, values: Record<string, string> = {}) =>
  localizeDigits(catalog.text('fa', key, values), 'fa', DEFAULT_DIGIT_POLICY);

const textOf = (call: TelegramCall) => String(call.payload.text ?? '');
const sendsTo = (chatId: number, contains: string) => (call: TelegramCall) =>
  call.method === 'sendMessage' &&
  call.status === 200 &&
  call.payload.chat_id === chatId &&
  textOf(call).includes(contains);

/** The code in a bot's reply: two groups of four, kept left to right, in the reader's digits. */
const codeIn = (text: string) => {
  const shown = /\u2066(\d{4})\s(\d{4})\u2069/.exec(toAsciiDigits(text));
  if (!shown) throw new Error(`no code in: ${text}`);
  return `${shown[1]}${shown[2]}`;
};

describe('one customer across channels (widget, Telegram, console; real Redis)', () => {
  let fake: FakeTelegram;
  let server: TestServer;
  const clock = movableClock(Date.UTC(2026, 10, 23, 8, 0)); // inside the sample team's hours
  const open: { close(): unknown }[] = [];
  let redis: Redis;
  let store: RedisConversationStore;

  beforeEach(async () => {
    fake = await FakeTelegram.start();
    server = await startTestServer({
      clock,
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_BOT_USERNAME: 'TabasomBot',
        HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000',
        LINK_CODE_MINUTES: '15', // not the default, so that what the customer is told can be checked
      },
    });
    redis = connectRedis();
    store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
  });
  afterEach(async () => {
    for (const each of open.splice(0)) await each.close();
    redis.disconnect();
    await server.close();
    await fake.close();
  });

  const post = (update: unknown) =>
    fetch(`${server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
  const start = (chatId: number, payload: string) => post(updates.text(chatId, `/start ${payload}`));

  const widget = async () => {
    const client = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    open.push(client);
    client.send({ type: 'hello' });
    const welcome = await client.welcome();
    if (welcome.type !== 'welcome') throw new Error('no welcome');
    return { client, conversationId: welcome.conversationId };
  };

  it('a web customer continues on Telegram with a code, and the agent sees one transcript', async () => {
    const { client, conversationId: home } = await widget();
    await client.say(QUESTION, 'w1');
    const asked = await client.say('ادامه در تلگرام', 'w2');
    const [reply] = WidgetTestClient.botTexts(asked);
    const code = codeIn(reply ?? '');
    expect(reply).toContain(`https://t.me/TabasomBot?start=${code}`); // the deep link keeps ASCII digits

    // The deep link opens Telegram with /start CODE: the chat joins the web conversation.
    const chat = 8801;
    expect((await start(chat, code)).status).toBe(200);
    await fake.waitForCall(sendsTo(chat, fa('link_joined').slice(0, 20)), 'the link confirmed in Telegram');
    // The widget, still open, sees the Telegram side of the conversation too.
    await client.waitFor((f) => f.type === 'entry' && f.entry.channel === 'telegram');

    // The customer writes in Telegram: the bot answers in Telegram, in the web conversation.
    await post(updates.text(chat, QUESTION));
    await fake.waitForCall(sendsTo(chat, '۱۵'), 'the answer in Telegram');
    const conversation = await store.get(home);
    expect(conversation).toMatchObject({ lastChannel: 'telegram', lastAddress: `tg-${chat}` });
    expect(await store.get(`tg-${chat}`)).toBeUndefined(); // no second conversation

    // Handed to an agent from Telegram; the agent's reply goes to Telegram (the channel used last).
    await server.hamdel.human.agents.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      password: PASSWORD,
    });
    await post(updates.text(chat, 'میخوام با یک اپراتور صحبت کنم'));
    await fake.waitForCall(sendsTo(chat, fa('handoff_connecting').slice(0, 20)), 'handed over');
    const sara = await ConsoleClient.signIn(server.url, 'sara', PASSWORD);
    open.push(sara);
    sara.send({ type: 'take-next', ref: 't1' });
    const taken = (await sara.waitFor((f) => f.type === 'chat' && f.chat.conversationId === home)) as Extract<
      ConsoleServerFrame,
      { type: 'chat' }
    >;
    sara.send({ type: 'say', conversationId: home, text: 'سلام، من سارا هستم.', ref: 's1' });
    await fake.waitForCall(sendsTo(chat, 'من سارا هستم'), "the agent's reply in Telegram");

    // One transcript, every customer line marked with its channel.
    const customerLines = taken.chat.transcript.filter((e) => e.author.kind === 'customer');
    expect(customerLines.map((e) => [e.channel, e.text])).toEqual([
      ['web', QUESTION],
      ['web', 'ادامه در تلگرام'],
      ['telegram', expect.any(String)], // pressing Start
      ['telegram', QUESTION],
      ['telegram', 'میخوام با یک اپراتور صحبت کنم'],
    ]);
    // (The code's notice is left out: its random digits may hold a ۱۵ too.)
    const answers = taken.chat.transcript.filter(
      (e) => e.author.kind === 'bot' && e.text.includes('۱۵') && !e.text.includes('t.me/'),
    );
    expect(answers).toHaveLength(2); // the same question answered once per channel, in one conversation
    // Each reply of the linked conversation says where it went (before the link: its own channel, unsaid).
    expect(answers.map((e) => e.channel)).toEqual([undefined, 'telegram']);

    // Back on the web: the customer writes there, and Sara's next reply is not sent to Telegram.
    await client.say('ممنون، از سایت ادامه می‌دهم', 'w3');
    const before = fake.sent('sendMessage', chat).length;
    sara.send({ type: 'say', conversationId: home, text: 'خواهش می‌کنم', ref: 's2' });
    await client.waitFor((f) => f.type === 'entry' && f.entry.text === 'خواهش می‌کنم');
    expect(fake.sent('sendMessage', chat)).toHaveLength(before);
    const sent = (await store.transcript(home)).filter((e) => e.author.kind === 'agent');
    expect(sent.map((e) => [e.text, e.channel])).toEqual([
      ['سلام، من سارا هستم.', 'telegram'],
      ['خواهش می‌کنم', 'web'],
    ]);
  });

  it('refuses a wrong, a used and an expired code clearly, and limits tries', async () => {
    const { client, conversationId: home } = await widget();
    const code = codeIn(WidgetTestClient.botTexts(await client.say('ادامه در تلگرام', 'w1'))[0] ?? '');
    const refused = fa('link_refused').slice(0, 20);

    const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
    await start(8811, wrong);
    const wrongRefused = await fake.waitForCall(sendsTo(8811, refused), 'a wrong code refused');
    expect(textOf(wrongRefused)).toContain('کدها ۱۵ دقیقه اعتبار دارند'); // LINK_CODE_MINUTES, in Persian digits
    // Typed as shown, in Persian digits with a space: read as the code.
    const persian = localizeDigits(`${code.slice(0, 4)} ${code.slice(4)}`, 'fa', DEFAULT_DIGIT_POLICY);
    await post(updates.text(8812, persian));
    await fake.waitForCall(sendsTo(8812, fa('link_joined').slice(0, 20)), 'the code typed in Persian digits');
    await start(8813, code);
    await fake.waitForCall(sendsTo(8813, refused), 'a used code refused');
    expect(await store.get('tg-8813')).toMatchObject({ channel: 'telegram' });

    const second = codeIn(WidgetTestClient.botTexts(await client.say('ادامه در تلگرام', 'w2'))[0] ?? '');
    clock.advance(15 * 60_000 + 1);
    await start(8814, second);
    await fake.waitForCall(sendsTo(8814, refused), 'an expired code refused');

    // Eight digits in a row that are no code (an order number) are plain text, though the tries count:
    // five per chat in ten minutes; the code used on purpose after them is told to wait.
    for (let i = 0; i < 4; i++) await post(updates.text(8811, `1234567${i}`));
    await start(8811, '11111111');
    await fake.waitForCall(sendsTo(8811, fa('link_rate_limited').slice(0, 20)), 'tries limited');
    expect(fake.sent('sendMessage', 8811).filter((c) => textOf(c).includes(refused))).toHaveLength(1);
    const numbers = (await store.transcript('tg-8811')).filter((e) => /^1234567\d$/.test(e.text));
    expect(numbers).toHaveLength(4); // each handled as a message of its own conversation
    expect(await store.get('tg-8812')).toBeUndefined(); // the chat that used the code writes into `home`
    expect((await store.transcript(home)).some((e) => e.channel === 'telegram')).toBe(true);
  });

  it('the customer unlinks from Telegram; later Telegram messages start afresh', async () => {
    const { client, conversationId: home } = await widget();
    const code = codeIn(WidgetTestClient.botTexts(await client.say('ادامه در تلگرام', 'w1'))[0] ?? '');
    await start(8821, code);
    await fake.waitForCall(sendsTo(8821, fa('link_joined').slice(0, 20)), 'linked');
    await post(updates.text(8821, '/unlink'));
    await fake.waitForCall(sendsTo(8821, fa('link_unlinked').slice(0, 20)), 'unlinked, said in Telegram');
    // Said there; then the home's replies (an agent's, a wait notice) go back to the web, not to Telegram.
    await eventually(
      async () => (await store.get(home))?.lastChannel === 'web',
      "the home's replies to go back to the web",
    );
    expect(await store.get(home)).toMatchObject({ lastChannel: 'web', lastAddress: home });
    await post(updates.text(8821, QUESTION));
    await fake.waitForCall(sendsTo(8821, '۱۵'), 'answered in its own conversation');
    expect(await store.get('tg-8821')).toMatchObject({ channel: 'telegram' });
    const web = await store.transcript(home);
    expect(web.filter((e) => e.author.kind === 'customer').map((e) => e.text)).not.toContain(QUESTION);
    const audit = await server.hamdel.human.audit.list();
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['channel-unlinked', 'tg-8821'],
      ['channel-linked', 'tg-8821'],
    ]);
  });

  it('a Telegram customer continues on the web with a code', async () => {
    // (Typed on the web as eight digits in a row: a live code is used however it is written.)
    const chat = 8831;
    await post(updates.text(chat, QUESTION));
    await fake.waitForCall(sendsTo(chat, '۱۵'), 'answered in Telegram');
    await post(updates.text(chat, 'ادامه در سایت'));
    const asked = await fake.waitForCall(sendsTo(chat, fa('link_code').slice(0, 15)), 'a code');
    const code = codeIn(textOf(asked));

    const { client, conversationId: address } = await widget();
    const frames = await client.say(code, 'w1');
    expect(WidgetTestClient.botTexts(frames).join('\n')).toContain(fa('link_joined').slice(0, 20));
    // A new connection of the same visitor shows the whole Telegram conversation.
    const again = await WidgetTestClient.connect(server.url, { lang: 'fa', visitor: client.visitor });
    open.push(again);
    again.send({ type: 'hello' });
    const welcome = (await again.welcome()) as Extract<ServerFrame, { type: 'welcome' }>;
    expect(welcome.conversationId).toBe(`tg-${chat}`);
    await again.waitFor(
      (f) => f.type === 'entry' && f.entry.text === QUESTION && f.entry.channel === 'telegram',
    );
    const frames2 = await again.say(QUESTION, 'w2');
    expect(WidgetTestClient.botTexts(frames2).join('\n')).toContain('۱۵');
    expect(await store.get(`tg-${chat}`)).toMatchObject({ lastChannel: 'web', lastAddress: address });

    // Unlinked from the web, the open widget goes back to the visitor's own conversation.
    again.send({ type: 'say', text: '/unlink', clientMessageId: 'w3' });
    await again.waitFor((f) => f.type === 'welcome' && f.conversationId === address);
  });
});
