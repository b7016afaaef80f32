/**
 * The Telegram channel in webhook mode with the real grammY stack (Bot, webhookCallback, auto-retry), a fake
 * Bot API, a real hamdel server and real Redis: secret token, repeated deliveries, a Persian customer's
 * whole journey through the human queue, files, 429 answers, refused HTML and a blocked bot.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../../src/agents/agent.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import type { MessageCatalog, MessageKey } from '../../../src/dialogs/message-catalog.ts';
import { LRI, PDI, RLM } from '../../../src/language/bidi.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';
import { readUpdate, toInboundMessage } from '../../../src/adapters/telegram/telegram-translate.ts';
import { sampleContent } from '../../helpers/content.ts';
import { FakeTelegram, updates, type TelegramCall } from '../../helpers/fake-telegram.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually, movableClock } from '../../helpers/time.ts';

const SECRET = 'test-webhook-secret-0123456789';
const ANGRY = 'سه هفته‌ست سفارشم نرسیده، واقعاً افتضاحه!!! دیگه هیچوقت از شما خرید نمیکنم';
const QUESTION = 'هزینه ارسال چقدره؟';

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});
const fa = (key: MessageKey, values: Record<string, string> = {}) =>
  localizeDigits(catalog.text('fa', key, values), 'fa', DEFAULT_DIGIT_POLICY);

const textOf = (call: TelegramCall) => String(call.payload.text ?? '');
const messageIdOf = (call: TelegramCall) => (call.result as { message_id: number }).message_id;
const sendsTo = (chatId: number, contains: string) => (call: TelegramCall) =>
  call.method === 'sendMessage' &&
  call.status === 200 &&
  call.payload.chat_id === chatId &&
  textOf(call).includes(contains);

describe('Telegram in webhook mode (real grammY, fake Bot API, real Redis)', () => {
  let fake: FakeTelegram;
  let server: TestServer;
  let redis: Redis;
  let store: RedisConversationStore;
  const clock = movableClock(Date.UTC(2026, 10, 23, 8, 0));

  beforeEach(async () => {
    fake = await FakeTelegram.start();
    server = await startTestServer({
      clock,
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: fake.apiRoot,
        // The test moves waits on itself (service.updateWait), exactly as the supervisor would.
        HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000',
      },
    });
    redis = connectRedis();
    store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    redis.disconnect();
    await server.close();
    await fake.close();
  });

  /** Posts an update as Telegram does; `secret: null` sends no secret header. */
  const post = (update: unknown, secret: string | null = SECRET) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
    return fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers, body: JSON.stringify(update) });
  };

  it('refuses and logs a request without the right secret token', async () => {
    const warn = vi.spyOn(server.hamdel.app.log, 'warn');
    const update = updates.text(7001, 'سلام');
    expect((await post(update, 'wrong-secret-000000000000000')).status).toBe(401);
    expect((await post(update, null)).status).toBe(401);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith(expect.anything(), expect.stringContaining('wrong secret token'));
    expect(fake.calls).toEqual([]); // nothing was handled, not even getMe
    expect(await store.get('tg-7001')).toBeUndefined();
  });

  it('acknowledges an update it cannot read (logged), so Telegram stops delivering it', async () => {
    const warn = vi.spyOn(server.hamdel.app.log, 'warn');
    const message = updates.text(7010, 'سلام').message;
    if (!message) throw new Error('expected a message');
    const { chat: _chat, ...withoutChat } = message;
    const malformed = { update_id: 990_001, message: withoutChat };
    expect((await post(malformed)).status).toBe(200);
    expect((await post(malformed)).status).toBe(200); // delivered again: still acknowledged, and dropped
    expect((await post({ hello: 'world' })).status).toBe(200); // the right secret, but not an update at all
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ updateId: 990_001, problem: expect.stringContaining('message.chat') }),
      expect.stringContaining('malformed'),
    );
    expect(warn).toHaveBeenCalledWith(expect.anything(), expect.stringContaining('not an update'));
    expect(fake.calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
    // The channel goes on serving everyone else.
    await post(updates.text(7011, QUESTION));
    await fake.waitForCall(sendsTo(7011, '۱۵'), 'the next customer answered');
  });

  it("asks for a shorter message, in the customer's language, instead of passing a long one on", async () => {
    const persian = 'سلام، سفارشم هنوز نرسیده و می‌خواهم بدانم کی می‌رسد. '.repeat(60);
    expect([...persian].length).toBeGreaterThan(2_000);
    await post(updates.text(7020, persian, 'en'));
    await fake.waitForCall(sendsTo(7020, fa('message_too_long', { max: '2000' })), 'the Persian request');
    const arabic = 'مرحبا، لم يصل طلبي حتى الآن وأريد أن أعرف متى سيصل. '.repeat(60);
    await post(updates.text(7021, arabic, 'fa'));
    const ar = localizeDigits(
      catalog.text('ar', 'message_too_long', { max: 2000 }),
      'ar',
      DEFAULT_DIGIT_POLICY,
    );
    await fake.waitForCall(sendsTo(7021, ar), 'the Arabic request');
    // Nothing reached the engine: no conversation, no transcript, no answer.
    expect(await store.get('tg-7020')).toBeUndefined();
    expect(await store.get('tg-7021')).toBeUndefined();
    expect(fake.sent('sendMessage', 7020)).toHaveLength(1);
    // A text of exactly the limit is a message like any other.
    await post(updates.text(7022, `${QUESTION}${' '.repeat(2_000 - QUESTION.length)}`));
    await fake.waitForCall(sendsTo(7022, '۱۵'), 'the answer to a text at the limit');
  });

  it('sends again when the connection to Telegram drops, and gives up within seconds', async () => {
    fake.dropNext('sendMessage');
    await post(updates.text(7030, QUESTION));
    const answer = await fake.waitForCall(sendsTo(7030, '۱۵'), 'the answer after a dropped connection');
    const tries = fake.requests.filter((r) => r.method === 'sendMessage' && r.payload.chat_id === 7030);
    expect(tries.length).toBe(fake.sent('sendMessage', 7030).length + 1); // one try was dropped, then sent
    expect(answer.status).toBe(200);

    // Telegram out of reach: each message is tried a few times, then the turn goes on without it.
    const error = vi.spyOn(server.hamdel.app.log, 'error');
    fake.dropNext('sendMessage', 1_000);
    await post(updates.text(7031, QUESTION));
    await eventually(
      () => error.mock.calls.some((call) => String(call[1]).includes('Telegram message not sent')),
      'the first message given up',
      20_000,
    );
    // The tries of the message given up (the turn's next message may already be on its way).
    const sends = fake.requests.filter((r) => r.method === 'sendMessage' && r.payload.chat_id === 7031);
    const attempts = sends.filter((r) => r.payload.text === sends[0]?.payload.text);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(5);
  });

  it('handles an update delivered several times once', async () => {
    const update = updates.text(7002, QUESTION);
    const responses = await Promise.all([post(update), post(update), post(update)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await fake.waitForCall(sendsTo(7002, '۱۵'), 'the answer');
    // A later message is handled after everything before it in the chat: a second run would show by then.
    await post(updates.text(7002, 'مرسی'));
    await eventually(
      async () =>
        (await store.transcript('tg-7002')).filter((e) => e.author.kind === 'customer').length === 2,
      'the second message in the transcript',
    );
    expect((await post(update)).status).toBe(200);
    const transcript = await store.transcript('tg-7002');
    expect(transcript.filter((e) => e.text === QUESTION)).toHaveLength(1);
    expect(fake.calls.filter(sendsTo(7002, '۱۵'))).toHaveLength(1);
  });

  it('asks Telegram to deliver again an update another process claimed and never finished', async () => {
    const update = updates.text(7003, QUESTION);
    // A process took the update in and died before handling it: its claim is left in Redis.
    const claim = `${server.prefix}telegram:update:${update.update_id}`;
    await redis.set(claim, 'claimed', 'PX', 60_000);
    const busy = await post(update);
    expect(busy.status).toBe(500); // not 200: that would make Telegram drop it for good
    expect(await busy.json()).toMatchObject({ code: 'DELIVERY_BUSY' });
    expect(await store.get('tg-7003')).toBeUndefined();

    await redis.pexpire(claim, 100); // the dead process's claim runs out
    await eventually(async () => (await redis.exists(claim)) === 0, 'the claim gone');
    expect((await post(update)).status).toBe(200);
    await fake.waitForCall(sendsTo(7003, '۱۵'), 'the answer');
    expect(await redis.get(claim)).toBe('done');
  });

  it('takes a Persian customer from a question to an agent and a rating, all in Telegram', async () => {
    const { service, agents, queue, presence } = server.hamdel.human;
    const sara: Agent = await agents.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      capacity: 3,
      password: 'sara-password-123',
    });
    await presence.setStatus('sara', 'online'); // her console is open: she defines who shares the line
    // Someone else is already in line.
    await post(updates.text(7100, ANGRY));
    await fake.waitForCall(sendsTo(7100, 'نفر ۱'), 'the first customer in line');

    // The customer asks: the article as HTML with Persian digits. The answer comes in milliseconds, so
    // no "typing…" is sent for it (that is shown only for turns that take noticeable time).
    const B = 7101;
    await post(updates.text(B, QUESTION));
    const answer = await fake.waitForCall(sendsTo(B, '۱۵'), 'the answer');
    expect(answer.payload.parse_mode).toBe('HTML');
    expect(textOf(answer)).toContain('<b>');
    expect(textOf(answer)).not.toContain('**');
    expect(textOf(answer)).toContain('• ');

    // The customer gets angry: an apology, and the place in line with a "leave the line" button.
    await post(updates.text(B, ANGRY));
    await fake.waitForCall(sendsTo(B, fa('apology')), 'the apology');
    const wait = await fake.waitForCall(sendsTo(B, 'نفر ۲'), 'the place in line');
    expect(wait.payload.reply_markup).toEqual({
      inline_keyboard: [[{ text: fa('leave_line_choice'), callback_data: '#cancel-wait' }]],
    });
    const waitId = messageIdOf(wait);

    // Sara takes the first customer; a little later the line moves and the same message is edited.
    expect(await service.take(sara)).toMatchObject({ kind: 'taken', ticket: { conversationId: 'tg-7100' } });
    await server.hamdel.turns.settled(); // the wait's message id is remembered once Telegram has answered
    clock.advance(25_000);
    const waiting = await store.get(`tg-${B}`);
    if (!waiting) throw new Error('no conversation');
    await service.updateWait(waiting);
    const edit = await fake.waitForCall(
      (c) => c.method === 'editMessageText' && c.payload.chat_id === B && c.status === 200,
      'the wait edited in place',
    );
    expect(edit.payload.message_id).toBe(waitId);
    expect(fake.messageText(B, waitId)).toContain('نفر ۱');
    expect(edit.payload.reply_markup).toEqual(wait.payload.reply_markup); // the button stays

    // Sara takes this chat and answers; the customer sees her name.
    expect(await service.take(sara)).toMatchObject({ kind: 'taken', ticket: { conversationId: `tg-${B}` } });
    const joined = await fake.waitForCall(sendsTo(B, fa('agent_joined', { agent: 'سارا' })), 'agent joined');
    expect(textOf(joined)).toMatch(/^<i>.*<\/i>$/);
    // Whatever the agent types (here <, >, & and quotes) arrives intact: the fake checks HTML like Telegram.
    await service.say(sara, `tg-${B}`, 'سلام، من سارا هستم. کد پیگیری: <A&B "12">');
    const agentMessage = await fake.waitForCall(sendsTo(B, 'من سارا هستم'), "the agent's reply");
    expect(textOf(agentMessage)).toBe(
      `<b>سارا</b>\nسلام، من سارا هستم. کد پیگیری: &lt;${LRI}A&amp;B${PDI} &quot;12&quot;&gt;`,
    );

    // Sara resolves: the closing words and the 1-5 question as a keyboard; the customer taps 5.
    await service.resolve(sara, `tg-${B}`, 'tracking sent');
    const question = await fake.waitForCall(sendsTo(B, fa('survey_question')), 'the survey');
    expect(question.payload.reply_markup).toEqual({
      inline_keyboard: [
        ['۱', '۲', '۳', '۴', '۵'].map((label, i) => ({ text: label, callback_data: `#rate:${i + 1}` })),
      ],
    });
    const tap = updates.tap(B, '#rate:5', messageIdOf(question));
    expect((await post(tap)).status).toBe(200);
    await fake.waitForCall((c) => c.method === 'answerCallbackQuery', 'the tap acknowledged');
    await fake.waitForCall(sendsTo(B, fa('survey_thanks')), 'thanks');
    const removed = fake.sent('editMessageReplyMarkup', B).at(-1);
    expect(removed?.payload.message_id).toBe(messageIdOf(question)); // no second tap on the same question
    const [closed] = await eventually(async () => {
      const tickets = await queue.closedTickets();
      return tickets[0]?.rating === 5 && tickets;
    }, 'the rating stored');
    expect(closed).toMatchObject({ agentId: 'sara', rating: 5, language: 'fa' });
    const transcript = await store.transcript(`tg-${B}`);
    expect(transcript.at(-2)).toMatchObject({ author: { kind: 'customer' }, text: '۵' });
  });

  it('lays out mixed directions: phone, e-mail, 3-D Secure and a Latin agent name isolated in Persian and Arabic', async () => {
    const { service, agents, presence } = server.hamdel.human;
    const admin = await agents.create({
      id: 'admin',
      name: 'Admin',
      languages: ['fa', 'ar'],
      capacity: 3,
      password: 'admin-password-123',
    });
    await presence.setStatus('admin', 'online');
    const isolated = (text: string) => `${LRI}${text}${PDI}`;

    await post(updates.text(7400, 'شماره تماس پشتیبانی چیه؟'));
    const contact = textOf(await fake.waitForCall(sendsTo(7400, '+971'), 'the Persian contact answer'));
    expect(contact).toContain(`<b>تلفن:</b> ${isolated('+971 4 555 0100')}`);
    expect(contact).toContain(`<b>ایمیل:</b> ${isolated('support@tabasom.example')}`);
    expect(contact).toContain('۹:۰۰'); // running text in Persian digits, the phone number as written

    await post(updates.text(7400, 'پرداختم انجام نشد'));
    const payment = textOf(await fake.waitForCall(sendsTo(7400, 'Secure'), 'the Persian payment answer'));
    expect(payment).toContain(`(${isolated('3-D Secure')})`);
    expect(payment).toContain(isolated('Apple Pay'));

    await post(updates.text(7401, 'كيف اتواصل معكم؟', 'ar'));
    const arabic = textOf(await fake.waitForCall(sendsTo(7401, '+971'), 'the Arabic contact answer'));
    expect(arabic).toContain(`<b>الهاتف:</b> ${isolated('+971 4 555 0100')}`);
    expect(arabic).toContain('٩:٠٠'); // the article's 9:00 in the Arabic digits the notices use
    expect(arabic).not.toMatch(/(?<![+\d ])\b(?:9|14|21):00/);

    // A Latin agent name at the start of a Persian notice: isolated, and the line marked right to left.
    await post(updates.text(7400, 'کارشناس'));
    await fake.waitForCall(sendsTo(7400, 'نفر ۱'), 'the place in line');
    expect(await service.take(admin)).toMatchObject({ kind: 'taken' });
    const joined = await fake.waitForCall(sendsTo(7400, 'پیوست'), 'the agent joined');
    expect(textOf(joined)).toBe(`<i>${RLM}${isolated('Admin')} از تیم پشتیبانی به گفت‌وگو پیوست.</i>`);
  });

  it('records a photo for agents and tells the customer plainly what the bot does with it', async () => {
    await post(updates.photo(7150, 'جعبه شکسته رسید'));
    await fake.waitForCall(sendsTo(7150, fa('attachment_received')), 'the note about files');
    const [entry] = await store.transcript('tg-7150');
    expect(entry).toMatchObject({ author: { kind: 'customer' }, text: '[photo] جعبه شکسته رسید' });
    expect(entry?.raw).toMatchObject({ message: { photo: [{ file_id: expect.stringMatching(/^photo-/) }] } });
  });

  it('waits out a 429 and sends again', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    await post(updates.text(7201, QUESTION));
    await fake.waitForCall(sendsTo(7201, '۱۵'), 'the answer');
    const sends = fake.calls.filter((c) => c.method === 'sendMessage');
    expect(sends[0]?.status).toBe(429);
    expect(sends[1]).toMatchObject({ status: 200, payload: sends[0]?.payload });
  });

  it('sends a message as plain text when Telegram refuses its HTML', async () => {
    fake.failNext('sendMessage', { status: 400, description: "Bad Request: can't parse entities: test" });
    await post(updates.text(7250, QUESTION));
    const greeting = await fake.waitForCall(sendsTo(7250, fa('greeting')), 'the greeting');
    expect(greeting.payload.parse_mode).toBeUndefined();
    await fake.waitForCall(sendsTo(7250, '۱۵'), 'the answer, as HTML again');
  });

  it('survives a customer who blocked the bot, and keeps serving others', async () => {
    fake.block(7301);
    const update = updates.text(7301, QUESTION);
    expect((await post(update)).status).toBe(200);
    const blocked = async () => (await redis.exists(`${server.prefix}telegram:blocked:7301`)) === 1;
    await eventually(blocked, 'the chat marked as blocked');
    // The turn finished normally (its replies are in the transcript, for an agent to see).
    const input = readUpdate(update);
    if (input.kind !== 'text') throw new Error('expected a text update');
    const outcome = await server.hamdel.turns.submit(toInboundMessage(update, input, input.text, Date.now()));
    expect(outcome.duplicate).toBe(true);
    expect(outcome.replies.length).toBeGreaterThan(0);
    expect(fake.calls.some((c) => c.payload.chat_id === 7301 && c.status === 403)).toBe(true);

    await post(updates.text(7302, QUESTION));
    await fake.waitForCall(sendsTo(7302, '۱۵'), 'another customer answered');
  });
});
